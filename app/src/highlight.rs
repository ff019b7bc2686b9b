//! The highlighted layer of the playground editors, as lines of classed pieces: `rnix`'s tokens
//! with wavy markers under the ranges of findings. The prerenderer writes the lines as HTML;
//! in the browser, the editor compares each line's [`line_key`] with the one drawn and redraws
//! only the lines that changed.

use std::ops::Range;

use rnix::SyntaxKind;

use crate::markup::{Element, Node, el};

/// Texts longer than this, in bytes, are shown without highlighting or markers, so that a huge
/// paste stays responsive (it is still checked).
pub const HIGHLIGHT_LIMIT_BYTES: usize = 200 * 1024;

/// A range of the text to underline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// The byte range.
    pub range: Range<usize>,
    /// Errors win over warnings where markers overlap.
    pub level: MarkerLevel,
}

/// How a [`Marker`] is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MarkerLevel {
    /// A wavy underline in the warning color.
    Warning = 1,
    /// A wavy underline in the error color.
    Error = 2,
}

impl MarkerLevel {
    /// The level with number `n` (as [`MarkerLevel`] casts to), if there is one.
    #[must_use]
    pub fn from_number(n: u32) -> Option<MarkerLevel> {
        match n {
            1 => Some(MarkerLevel::Warning),
            2 => Some(MarkerLevel::Error),
            _ => None,
        }
    }
}

/// Markers as numbers, `[start, end, level, ...]`: how the prerendered editor
/// (`data-markers`) and the workers hand them to the page.
#[must_use]
pub fn markers_to_numbers(markers: &[Marker]) -> Vec<u32> {
    markers
        .iter()
        .flat_map(|it| [it.range.start as u32, it.range.end as u32, it.level as u32])
        .collect()
}

/// The markers of [`markers_to_numbers`]'s numbers; a triple with an unknown level is skipped.
#[must_use]
pub fn markers_from_numbers(numbers: &[u32]) -> Vec<Marker> {
    numbers
        .chunks_exact(3)
        .filter_map(|it| {
            let level = MarkerLevel::from_number(it[2])?;
            Some(Marker { range: it[0] as usize..it[1] as usize, level })
        })
        .collect()
}

/// One run of a line: a byte range of the text and its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    pub start: usize,
    pub end: usize,
    /// An index into the table of CSS classes; see [`Piece::class`].
    pub style: u8,
}

impl Piece {
    /// The `hl-*` token class and `mark mark-<level>`, space-separated; may be empty.
    #[must_use]
    pub fn class(self) -> &'static str {
        CLASSES[usize::from(self.style / 3)][usize::from(self.style % 3)]
    }
}

/// A line of the text as the lexer saw it: where it starts, its runs of one token class
/// (`(length, class)`; whitespace joins the run before it on the line, and a line's `\n` is in
/// its last run), and whether lexing can start afresh at its start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub start: usize,
    pub runs: Vec<(u32, u8)>,
    /// The lexer is outside every string and interpolation here, in whitespace: lexing the
    /// text from this line on gives the same tokens as lexing it from the start.
    pub is_clean: bool,
}

/// The lines of `text` (one more than it has `\n`), lexed by `rnix`.
#[must_use]
pub fn lex(text: &str) -> Vec<Line> {
    let mut res = Vec::new();
    lex_from(text, 0, |line| {
        res.push(line);
        true
    });
    res
}

/// Lexes `text` from `from`, the start of a clean [`Line`] (or 0), and gives each line to
/// `emit` as soon as it is complete, until `emit` returns `false` or the text ends.
pub fn lex_from(text: &str, from: usize, mut emit: impl FnMut(Line) -> bool) {
    let mut lexer = LineLexer {
        line: Line { start: from, runs: Vec::new(), is_clean: true },
        offset: from,
        depth: 0,
    };
    for (kind, token) in rnix::tokenize(&text[from..]) {
        if !lexer.feed(Some(kind), token, &mut emit) {
            return;
        }
    }
    // rnix covers the whole text with tokens; a tail it left would be plain text.
    if lexer.offset < text.len() && !lexer.feed(None, &text[lexer.offset..], &mut emit) {
        return;
    }
    emit(lexer.line);
}

struct LineLexer {
    /// The line being lexed.
    line: Line,
    offset: usize,
    /// How many strings and interpolations are open.
    depth: i32,
}

impl LineLexer {
    /// Adds a token (`kind` `None`: plain text); `false` when `emit` asked to stop.
    fn feed(
        &mut self,
        kind: Option<SyntaxKind>,
        token: &str,
        emit: &mut impl FnMut(Line) -> bool,
    ) -> bool {
        let class = kind.map_or(Some(0), |kind| token_class(kind, token));
        let mut rest = token;
        while !rest.is_empty() {
            let len = rest.find('\n').map_or(rest.len(), |idx| idx + 1);
            let (segment, after) = rest.split_at(len);
            push_run(&mut self.line.runs, segment.len() as u32, class);
            self.offset += segment.len();
            rest = after;
            if segment.ends_with('\n') {
                let is_clean = self.depth == 0
                    && match kind {
                        Some(SyntaxKind::TOKEN_WHITESPACE) => true,
                        Some(SyntaxKind::TOKEN_COMMENT) => rest.is_empty(),
                        _ => false,
                    };
                let next = Line { start: self.offset, runs: Vec::new(), is_clean };
                if !emit(std::mem::replace(&mut self.line, next)) {
                    return false;
                }
            }
        }
        self.depth += match kind {
            Some(SyntaxKind::TOKEN_STRING_START | SyntaxKind::TOKEN_INTERPOL_START) => 1,
            Some(SyntaxKind::TOKEN_STRING_END | SyntaxKind::TOKEN_INTERPOL_END) => -1,
            _ => 0,
        };
        true
    }
}

fn push_run(runs: &mut Vec<(u32, u8)>, len: u32, class: Option<u8>) {
    match (runs.last_mut(), class) {
        (Some(last), None) => last.0 += len,
        (Some(last), Some(class)) if last.1 == class => last.0 += len,
        (_, class) => runs.push((len, class.unwrap_or(0))),
    }
}

/// `lines` after an edit of their text that replaced bytes `edit` with `new_len` bytes, and
/// `new_text` the text now: lexes again from the last clean line before the edit until the
/// lexer is back in step with the old lines, which it reuses. Returns the range of `lines`
/// replaced and how many lines replaced them.
pub fn relex(
    lines: &mut Vec<Line>,
    new_text: &str,
    edit: Range<usize>,
    new_len: usize,
) -> (Range<usize>, usize) {
    let edited = lines.partition_point(|it| it.start <= edit.start).saturating_sub(1);
    let first = (0..=edited).rev().find(|&idx| lines[idx].is_clean).unwrap_or(0);
    let shift = |start: usize| start + new_len - (edit.end - edit.start);
    let mut fresh = Vec::new();
    let mut resumed = lines.len();
    lex_from(new_text, lines[first].start, |line| {
        if edit.start + new_len <= line.start && line.is_clean {
            // An old line that starts here, clean too: from here on, nothing changed.
            let old_start = line.start + (edit.end - edit.start) - new_len;
            let idx = lines.partition_point(|it| it.start < old_start);
            if edited < idx && lines.get(idx).is_some_and(|it| it.start == old_start && it.is_clean)
            {
                resumed = idx;
                return false;
            }
        }
        fresh.push(line);
        true
    });
    let n_fresh = fresh.len();
    lines.splice(first..resumed, fresh);
    for line in &mut lines[first + n_fresh..] {
        line.start = shift(line.start);
    }
    (first..resumed, n_fresh)
}

/// The markers visible in `text`, sorted by start: clamped to it and to its characters, an
/// empty range widened to the character after it (or before it, at the end).
#[must_use]
pub fn visible_marks(text: &str, markers: &[Marker]) -> Vec<(Range<usize>, MarkerLevel)> {
    let mut res: Vec<(Range<usize>, MarkerLevel)> = markers
        .iter()
        .filter_map(|it| visible_range(text, &it.range).map(|range| (range, it.level)))
        .collect();
    res.sort_by_key(|it| (it.0.start, it.0.end));
    res
}

/// The pieces of `line` (ending at `end`), its runs cut where `marks` (sorted, see
/// [`visible_marks`]) start and end; errors win over warnings.
#[must_use]
pub fn pieces(line: &Line, end: usize, marks: &[(Range<usize>, MarkerLevel)]) -> Vec<Piece> {
    let n_before = marks.partition_point(|it| it.0.start < end);
    let active: Vec<&(Range<usize>, MarkerLevel)> =
        marks[..n_before].iter().filter(|it| line.start < it.0.end).collect();
    let mut res: Vec<Piece> = Vec::with_capacity(line.runs.len());
    let mut run_start = line.start;
    for &(len, class) in &line.runs {
        let run_end = run_start + len as usize;
        let mut start = run_start;
        while start < run_end {
            // The next place where a marker starts or ends, within the run.
            let cut = active
                .iter()
                .flat_map(|it| [it.0.start, it.0.end])
                .filter(|&it| start < it && it < run_end)
                .min()
                .unwrap_or(run_end);
            let level = active
                .iter()
                .filter(|it| it.0.start <= start && start < it.0.end)
                .map(|it| it.1 as u8)
                .max()
                .unwrap_or(0);
            let style = class * 3 + level;
            match res.last_mut() {
                Some(last) if last.style == style => last.end = cut,
                _ => res.push(Piece { start, end: cut, style }),
            }
            start = cut;
        }
        run_start = run_end;
    }
    res
}

/// The pieces of every line of `text`, marked: what the layer shows.
#[must_use]
pub fn lines(text: &str, markers: &[Marker]) -> Vec<Vec<Piece>> {
    let lines = lex(text);
    let marks = visible_marks(text, markers);
    lines
        .iter()
        .enumerate()
        .map(|(idx, line)| {
            let end = lines.get(idx + 1).map_or(text.len(), |it| it.start);
            pieces(line, end, &marks)
        })
        .collect()
}

/// What identifies a drawn line: its text and the styles of its pieces.
#[must_use]
pub fn line_key(text: &str, pieces: &[Piece]) -> String {
    let mut res = String::with_capacity(pieces.iter().map(|it| it.end - it.start + 1).sum());
    for piece in pieces {
        res.push(char::from(b'A' + piece.style));
        res.push_str(&text[piece.start..piece.end]);
    }
    res
}

/// A line as markup: a `<span>` holding its pieces, each a `<span class>` (or plain text when
/// it has no class).
#[must_use]
pub fn line_markup(text: &str, pieces: &[Piece]) -> Element {
    let mut res = el("span");
    for piece in pieces {
        let slice = &text[piece.start..piece.end];
        res = match piece.class() {
            "" => res.child(Node::from(slice)),
            class => res.child(el("span").attr("class", class).child(slice)),
        };
    }
    res
}

/// Lines per group of the layer: the layer holds groups of lines, so that an edit lays out
/// again one group and the list of groups, never every line (a block of 5,000 lines takes
/// Chromium 4–8 ms to lay out again, whichever line changed).
pub const CHUNK_LINES: usize = 64;

/// The layer's markup for `text`: its lines (see [`lines`]) in groups of [`CHUNK_LINES`].
#[must_use]
pub fn layer_markup(text: &str, markers: &[Marker]) -> String {
    let mut res = String::new();
    for group in lines(text, markers).chunks(CHUNK_LINES) {
        let chunk =
            group.iter().fold(el("span"), |chunk, line| chunk.child(line_markup(text, line)));
        res.push_str(&chunk.to_html());
    }
    res
}

/// The gutter's text for `n_lines` lines: their numbers, one a line, then a space (the extent
/// of the layer).
#[must_use]
pub fn gutter_text(n_lines: usize) -> String {
    let mut res = String::with_capacity(n_lines * 6 + 1);
    for line in 1..=n_lines {
        res.push_str(&line.to_string());
        res.push('\n');
    }
    res.push(' ');
    res
}

/// `CLASSES[token class][marker level]`.
const CLASSES: [[&str; 3]; 7] = [
    ["", "mark mark-warning", "mark mark-error"],
    ["hl-comment", "hl-comment mark mark-warning", "hl-comment mark mark-error"],
    ["hl-string", "hl-string mark mark-warning", "hl-string mark mark-error"],
    ["hl-keyword", "hl-keyword mark mark-warning", "hl-keyword mark mark-error"],
    ["hl-constant", "hl-constant mark mark-warning", "hl-constant mark mark-error"],
    ["hl-variable", "hl-variable mark mark-warning", "hl-variable mark mark-error"],
    ["hl-punctuation", "hl-punctuation mark mark-warning", "hl-punctuation mark mark-error"],
];

/// The index into [`CLASSES`] of a token, or `None` for whitespace (which takes its
/// neighbor's class).
fn token_class(kind: SyntaxKind, token: &str) -> Option<u8> {
    let class = match kind {
        SyntaxKind::TOKEN_WHITESPACE => return None,
        SyntaxKind::TOKEN_ERROR => 0,
        SyntaxKind::TOKEN_COMMENT => 1,
        SyntaxKind::TOKEN_STRING_START
        | SyntaxKind::TOKEN_STRING_CONTENT
        | SyntaxKind::TOKEN_STRING_END
        | SyntaxKind::TOKEN_PATH_ABS
        | SyntaxKind::TOKEN_PATH_HOME
        | SyntaxKind::TOKEN_PATH_REL
        | SyntaxKind::TOKEN_PATH_SEARCH
        | SyntaxKind::TOKEN_URI => 2,
        SyntaxKind::TOKEN_ASSERT
        | SyntaxKind::TOKEN_ELSE
        | SyntaxKind::TOKEN_IF
        | SyntaxKind::TOKEN_IN
        | SyntaxKind::TOKEN_INHERIT
        | SyntaxKind::TOKEN_LET
        | SyntaxKind::TOKEN_OR
        | SyntaxKind::TOKEN_REC
        | SyntaxKind::TOKEN_THEN
        | SyntaxKind::TOKEN_WITH => 3,
        SyntaxKind::TOKEN_INTEGER | SyntaxKind::TOKEN_FLOAT => 4,
        SyntaxKind::TOKEN_IDENT => match token {
            "true" | "false" | "null" => 4,
            _ => 5,
        },
        _ => 6,
    };
    Some(class)
}

/// `range` clamped to `text` and its character boundaries; an empty range is widened to the
/// character after it (or before it, at the end), so that it can be seen.
fn visible_range(text: &str, range: &Range<usize>) -> Option<Range<usize>> {
    let mut start = range.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = range.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    if start < end {
        return Some(start..end);
    }
    match (text[start..].chars().next(), text[..start].chars().next_back()) {
        (Some(next), _) => Some(start..start + next.len_utf8()),
        (None, Some(previous)) => Some(start - previous.len_utf8()..start),
        (None, None) => None,
    }
}

/// `markers` moved through an edit that replaced bytes `start..old_end` with `new_len` bytes:
/// markers before the edit stay, markers after it shift, markers it touched are dropped (the
/// next check redraws them). Keeps the underlines in place while the check runs.
#[must_use]
pub fn shift_markers(
    markers: &[Marker],
    start: usize,
    old_end: usize,
    new_len: usize,
) -> Vec<Marker> {
    markers
        .iter()
        .filter_map(|it| {
            if it.range.end <= start {
                return Some(it.clone());
            }
            if old_end <= it.range.start && start < it.range.start {
                let range = it.range.start - old_end + start + new_len
                    ..it.range.end - old_end + start + new_len;
                return Some(Marker { range, level: it.level });
            }
            None
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(text: &str, markers: &[Marker]) -> String {
        lines(text, markers)
            .iter()
            .map(|line| {
                let pieces: String = line
                    .iter()
                    .map(|it| format!("[{}|{}]", it.class(), &text[it.start..it.end]))
                    .collect();
                format!("{pieces}¶")
            })
            .collect()
    }

    #[test]
    fn tokens_become_classed_runs_line_by_line() {
        let text = "{ env.NIX_X = \"a${b}\"; # c\n  y = true; }";
        assert_eq!(
            render(text, &[]),
            "[hl-punctuation|{ ][hl-variable|env][hl-punctuation|.][hl-variable|NIX_X ][hl-punctuation|= ]\
             [hl-string|\"a][hl-punctuation|${][hl-variable|b][hl-punctuation|}][hl-string|\"][hl-punctuation|; ]\
             [hl-comment|# c\n]¶[|  ][hl-variable|y ][hl-punctuation|= ][hl-constant|true][hl-punctuation|; }]¶"
        );
        // A text ending in a newline ends with an empty line, as a text area shows it.
        assert_eq!(render("x\n", &[]), "[hl-variable|x\n]¶¶");
        assert_eq!(lines("", &[]).len(), 1);
    }

    #[test]
    fn markers_split_runs_and_errors_win() {
        let text = "abc def";
        let markers = [
            Marker { range: 1..5, level: MarkerLevel::Warning },
            Marker { range: 4..6, level: MarkerLevel::Error },
            Marker { range: 7..7, level: MarkerLevel::Error },
        ];
        assert_eq!(
            render(text, &markers),
            "[hl-variable|a][hl-variable mark mark-warning|bc ][hl-variable mark mark-error|def]¶"
        );
        // A marker across lines is cut at the line end.
        let text = "''\n a\n''";
        let markers = [Marker { range: 0..8, level: MarkerLevel::Warning }];
        assert_eq!(
            render(text, &markers),
            "[hl-string mark mark-warning|''\n]¶[hl-string mark mark-warning| a\n]¶[hl-string mark mark-warning|'']¶"
        );
    }

    #[test]
    fn markup_and_odd_input_stay_text() {
        for text in [
            "",
            "<img src=x onerror=alert(1)>",
            "</textarea><script>x</script>\n\n",
            "é😀\"${\r\n",
            "\u{0}",
        ] {
            let markers = [Marker { range: 1..2, level: MarkerLevel::Error }];
            let lines = lines(text, &markers);
            assert_eq!(lines.len(), text.matches('\n').count() + 1, "{text:?}");
            let covered: String =
                lines.iter().flatten().map(|it| &text[it.start..it.end]).collect();
            assert_eq!(covered, text);
            let html: String = lines.iter().map(|line| line_markup(text, line).to_html()).collect();
            assert!(!html.contains("<img") && !html.contains("<script"), "{html}");
        }
    }

    #[test]
    fn keys_differ_when_text_or_style_differ() {
        let text = "a = 1;\na = 1;\na = 2;";
        let lines_now = lines(text, &[]);
        let keys: Vec<String> = lines_now.iter().map(|it| line_key(text, it)).collect();
        assert_eq!(keys[0], keys[1]);
        assert_ne!(keys[1], keys[2]);
        let marked = lines(text, &[Marker { range: 0..1, level: MarkerLevel::Error }]);
        assert_ne!(line_key(text, &marked[0]), keys[0]);
        assert_eq!(line_key(text, &marked[1]), keys[1]);
    }

    /// Lexing again after an edit gives the lines lexing the new text from scratch gives.
    #[test]
    fn relexing_after_edits_matches_lexing_from_scratch() {
        let texts = [
            crate::tools::EXAMPLES[2].1.to_owned(),
            "{\n  a = ''\n    x ${y} \"\n  '';\n  /* b\n  c */ d = \"e\n${f}\n\";\n  g = ./p/${h}/q;\n}\n"
                .repeat(3),
        ];
        let inserts = ["\"", "''", "${", "}", "\n", "/*", "*/", "#", " x ", "\n  y = 1;\n", ""];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for text in texts {
            let mut text = text;
            let mut lines = lex(&text);
            for _ in 0..300 {
                let mut start = next(text.len() + 1);
                while !text.is_char_boundary(start) {
                    start -= 1;
                }
                let mut end = (start + next(6)).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                let insert = inserts[next(inserts.len())];
                let new_text = format!("{}{insert}{}", &text[..start], &text[end..]);
                let (replaced, n_fresh) = relex(&mut lines, &new_text, start..end, insert.len());
                assert_eq!(lines, lex(&new_text), "{new_text:?}");
                assert!(replaced.start + n_fresh <= lines.len());
                text = new_text;
            }
        }
    }

    #[test]
    fn relexing_stops_where_the_lexer_is_back_in_step() {
        let text: String = (0..100).map(|idx| format!("  a{idx} = {idx};\n")).collect();
        let mut lines = lex(&text);
        let new_text = text.replacen("a50 =", "a50x =", 1);
        let at = text.find("a50").unwrap() + 3;
        let (replaced, n_fresh) = relex(&mut lines, &new_text, at..at, 1);
        assert_eq!((replaced, n_fresh), (50..51, 1));
        // An open string changes every line after it.
        let new_text = text.replacen("a50 =", "a50 = \"", 1);
        let mut lines = lex(&text);
        let (replaced, n_fresh) = relex(&mut lines, &new_text, at + 2..at + 2, 2);
        assert_eq!((replaced, n_fresh), (50..101, 51));
        assert_eq!(lines, lex(&new_text));
    }

    #[test]
    fn markers_travel_as_numbers() {
        let markers = vec![
            Marker { range: 3..9, level: MarkerLevel::Error },
            Marker { range: 12..12, level: MarkerLevel::Warning },
        ];
        let numbers = markers_to_numbers(&markers);
        assert_eq!(numbers, [3, 9, 2, 12, 12, 1]);
        assert_eq!(markers_from_numbers(&numbers), markers);
        // An unknown level and a cut triple are skipped.
        assert_eq!(markers_from_numbers(&[1, 2, 7, 3, 9, 2, 5]), markers[..1]);
    }

    #[test]
    fn markers_follow_an_edit() {
        let markers = [
            Marker { range: 0..2, level: MarkerLevel::Error },
            Marker { range: 3..5, level: MarkerLevel::Warning },
            Marker { range: 8..9, level: MarkerLevel::Error },
        ];
        let shifted = shift_markers(&markers, 4, 6, 5);
        assert_eq!(shifted.len(), 2);
        assert_eq!(shifted[0], markers[0]);
        assert_eq!(shifted[1].range, 11..12);
    }
}

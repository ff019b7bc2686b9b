//! The code editor of the playgrounds: a plain `<textarea>` with a line-number gutter and a
//! syntax-highlighted layer drawn behind it.
//!
//! The text area keeps all editing behavior (undo, selection, IME, accessibility); its glyphs are
//! transparent, so the reader sees the layer behind it, built from `rnix`'s tokens as `<span>`s
//! of text. The layer also underlines the ranges of diagnostics. Both share font, line height
//! and padding, and the layer copies the text area's scroll position. Text is only ever put in
//! text nodes, never parsed as HTML.

use std::ops::Range;

use leptos::prelude::*;
use rnix::SyntaxKind;

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

/// One run of the highlighted layer: a byte range of the text and its CSS classes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The byte range.
    pub range: Range<usize>,
    /// `hl-*` token class and `mark mark-<level>`, space-separated; may be empty.
    pub class: &'static str,
}

/// The runs of `text`: consecutive tokens of one class are joined (whitespace joins the run
/// before it), and runs are split where markers start and end.
pub fn pieces(text: &str, markers: &[Marker]) -> Vec<Piece> {
    let mut runs: Vec<(Range<usize>, usize)> = Vec::new();
    let mut offset = 0;
    for (kind, token) in rnix::tokenize(text) {
        let end = offset + token.len();
        match (runs.last_mut(), token_class(kind, token)) {
            (Some(last), None) => last.0.end = end,
            (Some(last), Some(class)) if last.1 == class => last.0.end = end,
            (_, class) => runs.push((offset..end, class.unwrap_or(0))),
        }
        offset = end;
    }
    if offset < text.len() {
        runs.push((offset..text.len(), 0));
    }

    let mut marks: Vec<(Range<usize>, MarkerLevel)> = markers
        .iter()
        .filter_map(|it| visible_range(text, &it.range).map(|range| (range, it.level)))
        .collect();
    marks.sort_by_key(|it| it.0.start);
    let mut cuts: Vec<usize> = marks.iter().flat_map(|it| [it.0.start, it.0.end]).collect();
    cuts.sort_unstable();
    cuts.dedup();

    let mut res = Vec::with_capacity(runs.len() + cuts.len());
    let (mut cut_idx, mut mark_idx) = (0, 0);
    let mut active: Vec<(usize, MarkerLevel)> = Vec::new();
    for (run, class) in runs {
        let mut start = run.start;
        while start < run.end {
            while cut_idx < cuts.len() && cuts[cut_idx] <= start {
                cut_idx += 1;
            }
            let end = cuts.get(cut_idx).map_or(run.end, |&cut| cut.min(run.end));
            while mark_idx < marks.len() && marks[mark_idx].0.start <= start {
                active.push((marks[mark_idx].0.end, marks[mark_idx].1));
                mark_idx += 1;
            }
            active.retain(|it| start < it.0);
            let level = active.iter().map(|it| it.1 as usize).max().unwrap_or(0);
            let class = CLASSES[class][level];
            match res.last_mut() {
                Some(Piece { range, class: last }) if *last == class => range.end = end,
                _ => res.push(Piece { range: start..end, class }),
            }
            start = end;
        }
    }
    res
}

/// The text area with its gutter and highlighted layer.
///
/// `id` names the text area (label it with `<label for=id>`); the layer and gutter are
/// `<id>-highlight` and `<id>-gutter`. `on_input` receives the whole text after each edit.
#[component]
pub fn Editor(
    /// The text area's id.
    id: &'static str,
    /// The text shown.
    #[prop(into)]
    text: Signal<String>,
    /// The ranges to underline.
    #[prop(into)]
    markers: Signal<Vec<Marker>>,
    /// Called with the new text on every edit.
    on_input: Callback<String>,
    /// Visible lines before the text area scrolls.
    #[prop(default = 20)]
    rows: u32,
) -> impl IntoView {
    let n_lines =
        Memo::new(move |_| text.with(|text| text.bytes().filter(|&it| it == b'\n').count() + 1));
    let is_plain = Memo::new(move |_| text.with(|text| HIGHLIGHT_LIMIT_BYTES < text.len()));
    let gutter = move || {
        let n_lines = n_lines.get();
        let mut res = String::with_capacity(n_lines * 5);
        for line in 1..=n_lines {
            res.push_str(&line.to_string());
            res.push('\n');
        }
        res
    };
    let layer = move || {
        if is_plain.get() {
            return None;
        }
        let spans = text.with(|text| {
            markers.with(|markers| {
                pieces(text, markers)
                    .into_iter()
                    .map(|piece| view! { <span class=piece.class>{text[piece.range].to_owned()}</span> })
                    .collect::<Vec<_>>()
            })
        });
        Some(spans)
    };
    // Re-align after the layer was rebuilt (it may have been empty, or shorter, meanwhile).
    Effect::new(move |_| {
        text.track();
        request_animation_frame(move || crate::browser::sync_scroll(id));
    });
    view! {
        <div
            // The gutter's width follows the number of digits (a class: the CSP allows no
            // inline style).
            class=move || {
                let digits = n_lines.get().to_string().len().clamp(2, 8);
                let plain = if is_plain.get() { " plain" } else { "" };
                format!("code-editor digits-{digits}{plain}")
            }
        >
            <div class="code-gutter" id=format!("{id}-gutter") aria-hidden="true">{gutter}" "</div>
            <div class="code-area">
                // The trailing newline and space give the layer the text area's scroll extent.
                <pre class="code-highlight" id=format!("{id}-highlight") aria-hidden="true">{layer}"\n "</pre>
                <textarea
                    id=id
                    class="code-input"
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    wrap="off"
                    rows=rows.to_string()
                    prop:value=move || text.get()
                    on:input=move |event| on_input.run(event_target_value(&event))
                    on:scroll=move |_| crate::browser::sync_scroll(id)
                ></textarea>
            </div>
        </div>
    }
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
fn token_class(kind: SyntaxKind, token: &str) -> Option<usize> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn render(text: &str, markers: &[Marker]) -> String {
        pieces(text, markers)
            .iter()
            .map(|it| format!("[{}|{}]", it.class, &text[it.range.clone()]))
            .collect()
    }

    #[test]
    fn tokens_become_classed_runs_covering_the_text() {
        let text = "{ env.NIX_X = \"a${b}\"; # c\n  y = true; }";
        let out = render(text, &[]);
        assert_eq!(
            out,
            "[hl-punctuation|{ ][hl-variable|env][hl-punctuation|.][hl-variable|NIX_X ][hl-punctuation|= ]\
             [hl-string|\"a][hl-punctuation|${][hl-variable|b][hl-punctuation|}][hl-string|\"][hl-punctuation|; ]\
             [hl-comment|# c\n  ][hl-variable|y ][hl-punctuation|= ][hl-constant|true][hl-punctuation|; }]"
        );
        let covered: String = pieces(text, &[]).iter().map(|it| &text[it.range.clone()]).collect();
        assert_eq!(covered, text);
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
            "[hl-variable|a][hl-variable mark mark-warning|bc ][hl-variable mark mark-error|def]"
        );
    }

    #[test]
    fn markup_and_odd_input_stay_text() {
        for text in [
            "",
            "<img src=x onerror=alert(1)>",
            "</textarea><script>x</script>",
            "é😀\"${",
            "\u{0}",
        ] {
            let markers = [Marker { range: 1..2, level: MarkerLevel::Error }];
            let covered: String =
                pieces(text, &markers).iter().map(|it| &text[it.range.clone()]).collect();
            assert_eq!(covered, text);
        }
    }
}

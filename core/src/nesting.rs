//! A cheap upper bound on how deeply a text's syntax tree nests, computed from tokens alone.
//!
//! rnix parses recursively (it stops nested expressions at 512 levels, but unary operators and
//! right-associative chains such as `a ++ b ++ ...` recurse without a limit) and rowan frees
//! trees recursively, so very deep input could overflow the stack, which is about 1 MiB in
//! browsers. The linter and the profile evaluator ask this module first and refuse input that
//! could nest too deeply.

use std::ops::Range;

use rnix::SyntaxKind;

use crate::syntax::lexer::{is_path_char, is_uri_char};

/// The first token at which the estimated depth of `text`'s syntax tree exceeds `limit`.
///
/// Each bracket opens a level. Inside a level, every token may nest the tree once more (think
/// of `1 + 1 + 1`), except that a `;` or `,` ends a binding and starts over, and that some
/// constructs hold their items side by side: lists, strings, the names of an `inherit` (up to
/// its `;`) and the parts of an attribute path (`a.b.c`, one level however long).
///
/// The estimate is first made from a byte scan ([`scan`]) that finds the same brackets,
/// strings, comments and separators as rnix's tokenizer and at least as many other tokens, so
/// its estimate is never lower; it gives up on anything it can't be sure of (URIs, a `/*`
/// right after a path, a keyword or a quote inside a path, a `~` without `/`, bytes beyond
/// ASCII outside strings and comments). Only when it gives up or finds the text too deep are
/// rnix's tokens counted, which costs about a third of a parse.
pub(crate) fn too_deep(text: &str, limit: u32) -> Option<Range<usize>> {
    let mut depth = Depth::new(limit);
    match scan(text, |class| depth.token(class)) {
        Scan::Within => None,
        Scan::TooDeep | Scan::Unsure => exact(text, limit),
    }
}

/// [`too_deep`] from rnix's own tokens.
fn exact(text: &str, limit: u32) -> Option<Range<usize>> {
    let mut depth = Depth::new(limit);
    let mut offset = 0usize;
    for (kind, token_text) in rnix::tokenize(text) {
        let start = offset;
        offset += token_text.len();
        if !depth.token(Class::of(kind)) {
            return Some(start..offset);
        }
    }
    None
}

/// What a token means to the estimate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Trivia,
    Ident,
    Dot,
    /// `(`, `{`, `${`, `let`; `flat` for `[` and a string's start, whose items sit side by side.
    Open {
        flat: bool,
    },
    Inherit,
    /// `)`, `}`, `]`, the end of an interpolation or a string, `in`.
    Close,
    Semicolon,
    Comma,
    /// `with` and `assert`, which hold one more expression after their `;`.
    WithAssert,
    Other,
}

impl Class {
    fn of(kind: SyntaxKind) -> Class {
        use SyntaxKind::*;
        match kind {
            _ if kind.is_trivia() => Class::Trivia,
            TOKEN_IDENT => Class::Ident,
            TOKEN_DOT => Class::Dot,
            TOKEN_L_PAREN | TOKEN_L_BRACE | TOKEN_INTERPOL_START | TOKEN_LET => {
                Class::Open { flat: false }
            }
            TOKEN_L_BRACK | TOKEN_STRING_START => Class::Open { flat: true },
            TOKEN_INHERIT => Class::Inherit,
            TOKEN_R_PAREN | TOKEN_R_BRACE | TOKEN_R_BRACK | TOKEN_INTERPOL_END
            | TOKEN_STRING_END | TOKEN_IN => Class::Close,
            TOKEN_SEMICOLON => Class::Semicolon,
            TOKEN_COMMA => Class::Comma,
            TOKEN_WITH | TOKEN_ASSERT => Class::WithAssert,
            _ => Class::Other,
        }
    }
}

#[derive(Clone, Copy)]
struct Level {
    chain: u32,
    flat: bool,
    open_with: u32,
    /// An `inherit` level, closed by its `;`.
    inherit: bool,
}

impl Level {
    fn new(flat: bool, inherit: bool) -> Level {
        Level { chain: 0, flat, open_with: 0, inherit }
    }
}

/// The estimate, token by token.
struct Depth {
    levels: Vec<Level>,
    total: u32,
    limit: u32,
    /// After a `.`: the next name belongs to the same attribute path.
    after_dot: bool,
    /// Inside an attribute path, whose first `.` has been counted.
    in_path: bool,
}

impl Depth {
    fn new(limit: u32) -> Depth {
        Depth {
            levels: vec![Level::new(false, false)],
            total: 1,
            limit,
            after_dot: false,
            in_path: false,
        }
    }

    /// Counts one token; `false` once the estimate exceeds the limit.
    fn token(&mut self, class: Class) -> bool {
        if class == Class::Trivia {
            return true;
        }
        let continues_path = self.after_dot && class == Class::Ident;
        self.after_dot = class == Class::Dot;
        if continues_path || (self.after_dot && self.in_path) {
            return true;
        }
        self.in_path = self.after_dot;
        match class {
            Class::Open { flat } => {
                self.bump();
                self.levels.push(Level::new(flat, false));
                self.total += 1;
            }
            Class::Inherit => {
                self.bump();
                self.levels.push(Level::new(true, true));
                self.total += 1;
            }
            Class::Close => {
                if self.levels.len() > 1
                    && let Some(level) = self.levels.pop()
                {
                    self.total -= level.chain + 1;
                }
                self.bump();
            }
            Class::Semicolon | Class::Comma => {
                if class == Class::Semicolon
                    && self.levels.len() > 1
                    && let Some(level) = self.levels.pop_if(|it| it.inherit)
                {
                    self.total -= level.chain + 1;
                }
                if let Some(top) = self.levels.last_mut() {
                    if 0 < top.open_with {
                        top.open_with -= 1;
                        top.chain += 1;
                        self.total += 1;
                    } else {
                        self.total -= top.chain;
                        top.chain = 0;
                    }
                }
            }
            Class::WithAssert => {
                if let Some(top) = self.levels.last_mut() {
                    top.open_with += 1;
                }
                self.bump();
            }
            Class::Trivia | Class::Ident | Class::Dot | Class::Other => self.bump(),
        }
        self.total <= self.limit
    }

    fn bump(&mut self) {
        let Some(top) = self.levels.last_mut() else { return };
        if top.flat && top.chain >= 4 {
            return;
        }
        top.chain += 1;
        self.total += 1;
    }
}

/// How a [`scan`] ended.
#[derive(Debug, PartialEq, Eq)]
enum Scan {
    /// Every token was counted and the estimate stayed within the limit.
    Within,
    /// The estimate exceeded the limit.
    TooDeep,
    /// The text holds something the scan can't tokenize as surely as rnix does.
    Unsure,
}

/// Where the byte scan is.
#[derive(Clone, Copy)]
enum Mode {
    Code,
    /// Inside `${ .. }`, with the number of `{` opened inside it.
    Interpolation {
        braces: u32,
    },
    String {
        multiline: bool,
    },
}

/// A byte of a path: rnix's path characters are Nix's, with `/`.
fn is_path_byte(byte: u8) -> bool {
    byte == b'/' || is_path_char(byte)
}

/// Tokenizes `text` by bytes the way rnix does where it matters to the estimate: brackets,
/// interpolations, strings, comments, `;`, `,`, `.`, names and keywords fall exactly where
/// rnix puts them, and every other token of rnix's is at least one token here (a path, an
/// operator or a number may be several). `token` answers `false` to stop.
fn scan(text: &str, mut token: impl FnMut(Class) -> bool) -> Scan {
    let bytes = text.as_bytes();
    let at = |idx: usize| bytes.get(idx).copied();
    let mut modes = vec![Mode::Code];
    let mut idx = 0;
    macro_rules! emit {
        ($class:expr) => {
            if !token($class) {
                return Scan::TooDeep;
            }
        };
    }
    while idx < bytes.len() {
        let mode = *modes.last().unwrap_or(&Mode::Code);
        if let Mode::String { multiline } = mode {
            // One content token up to the string's end or an interpolation.
            let start = idx;
            loop {
                let Some(byte) = at(idx) else {
                    // An unterminated string: rnix ends it with up to two error tokens.
                    for _ in 0..3 {
                        emit!(Class::Other);
                    }
                    return Scan::Within;
                };
                match byte {
                    b'"' if !multiline => break,
                    b'\\' if !multiline => idx += 2,
                    b'\'' if multiline && at(idx + 1) == Some(b'\'') => match at(idx + 2) {
                        Some(b'\'' | b'$') => idx += 3,
                        Some(b'\\') => idx += 4,
                        _ => break,
                    },
                    b'$' if at(idx + 1) == Some(b'$') => idx += 2,
                    b'$' if at(idx + 1) == Some(b'{') => break,
                    _ => idx += 1,
                }
            }
            if start < idx {
                emit!(Class::Other);
            }
            if at(idx) == Some(b'$') {
                idx += 2;
                modes.push(Mode::Interpolation { braces: 0 });
                emit!(Class::Open { flat: false });
            } else {
                idx += if multiline { 2 } else { 1 };
                modes.pop();
                emit!(Class::Close);
            }
            continue;
        }
        let byte = bytes[idx];
        let start = idx;
        idx += 1;
        let class = match byte {
            // Trivia, which the estimate passes over.
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => continue,
            b'#' => {
                idx =
                    bytes[idx..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |n| idx + n);
                continue;
            }
            b'/' if at(idx) == Some(b'*') => {
                // After a path (or an interpolation in one), rnix may read `/*` as the path's
                // end and a `*`.
                if start > 0
                    && (is_path_byte(bytes[start - 1]) || b"~}".contains(&bytes[start - 1]))
                {
                    return Scan::Unsure;
                }
                let Some(end) = text[idx + 1..].find("*/") else {
                    // rnix makes an unterminated comment an error token.
                    emit!(Class::Other);
                    return Scan::Within;
                };
                idx += 1 + end + 2;
                continue;
            }
            b'/' if at(idx) == Some(b'/') => {
                idx += 1;
                Class::Other
            }
            b'.' if bytes[idx..].starts_with(b"..") => {
                idx += 2;
                Class::Other
            }
            b'.' if at(idx).is_some_and(|b| b.is_ascii_digit()) => {
                idx = number_end(bytes, idx);
                Class::Other
            }
            b'.' => Class::Dot,
            b'0'..=b'9' => {
                // rnix reads `0` followed by anything but `.` as an integer (`01.5` is two).
                let integer = byte == b'0' && at(idx) != Some(b'.');
                idx += bytes[idx..].iter().take_while(|b| b.is_ascii_digit()).count();
                if !integer && at(idx) == Some(b'.') {
                    idx = number_end(bytes, idx + 1);
                }
                Class::Other
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let mut quote = false;
                while let Some(byte) = at(idx) {
                    match byte {
                        b'\'' => quote = true,
                        b'_' | b'-' => {}
                        _ if byte.is_ascii_alphanumeric() => {}
                        _ => break,
                    }
                    idx += 1;
                }
                // rnix reads `scheme:rest` as one URI token, the scheme being path bytes (a `'`
                // ends them); leave those to it.
                let mut run_end = match quote {
                    true => start + bytes[start..idx].iter().take_while(|&&b| b != b'\'').count(),
                    false => idx,
                };
                run_end += bytes[run_end..].iter().take_while(|&&b| is_path_char(b)).count();
                if at(run_end) == Some(b':') && at(run_end + 1).is_some_and(is_uri_char) {
                    return Scan::Unsure;
                }
                let word = &bytes[start..idx];
                // After a path rnix ends the name before `''`, a string's start.
                if quote && word.windows(2).any(|it| it == b"''") {
                    return Scan::Unsure;
                }
                let keyword = matches!(word, b"let" | b"in" | b"inherit" | b"with" | b"assert");
                // A path ends at a `'`, which a name holds.
                if (keyword || quote) && in_path(bytes, start, idx) {
                    return Scan::Unsure;
                }
                match word {
                    b"let" => Class::Open { flat: false },
                    b"in" => Class::Close,
                    b"inherit" => Class::Inherit,
                    b"with" | b"assert" => Class::WithAssert,
                    b"or" | b"rec" | b"if" | b"then" | b"else" => Class::Other,
                    _ => Class::Ident,
                }
            }
            b'"' => {
                modes.push(Mode::String { multiline: false });
                Class::Open { flat: true }
            }
            b'\'' if at(idx) == Some(b'\'') => {
                idx += 1;
                modes.push(Mode::String { multiline: true });
                Class::Open { flat: true }
            }
            b'$' if at(idx) == Some(b'{') => {
                idx += 1;
                modes.push(Mode::Interpolation { braces: 0 });
                Class::Open { flat: false }
            }
            b'{' => {
                if let Some(Mode::Interpolation { braces }) = modes.last_mut() {
                    *braces += 1;
                }
                Class::Open { flat: false }
            }
            b'}' => {
                if let Some(Mode::Interpolation { braces }) = modes.last_mut() {
                    match braces.checked_sub(1) {
                        Some(fewer) => *braces = fewer,
                        None => {
                            modes.pop();
                        }
                    }
                }
                Class::Close
            }
            // rnix's error token for a `~` not followed by `/` swallows the next character.
            b'~' if at(idx) != Some(b'/') => return Scan::Unsure,
            b'(' => Class::Open { flat: false },
            b'[' => Class::Open { flat: true },
            b')' | b']' => Class::Close,
            b';' => Class::Semicolon,
            b',' => Class::Comma,
            0x80.. => return Scan::Unsure,
            _ => Class::Other,
        };
        emit!(class);
    }
    Scan::Within
}

/// Whether the word at `start..end` could be part of a path, where rnix reads no keyword: the
/// path bytes around it hold a `/`, or follow a `~`, a `<` or an interpolation's `}`.
fn in_path(bytes: &[u8], start: usize, end: usize) -> bool {
    let before = bytes[..start].iter().rev().take_while(|&&b| is_path_byte(b)).count();
    let after = bytes[end..].iter().take_while(|&&b| is_path_byte(b)).count();
    let run = &bytes[start - before..end + after];
    run.contains(&b'/')
        || matches!(start.checked_sub(before + 1).map(|it| bytes[it]), Some(b'~' | b'}' | b'<'))
}

/// The end of a number's digits after its `.`, with an exponent.
fn number_end(bytes: &[u8], mut idx: usize) -> usize {
    idx += bytes[idx..].iter().take_while(|b| b.is_ascii_digit()).count();
    if matches!(bytes.get(idx), Some(b'e' | b'E')) {
        idx += 1;
        if matches!(bytes.get(idx), Some(b'-' | b'+')) {
            idx += 1;
        }
        idx += bytes[idx..].iter().take_while(|b| b.is_ascii_digit()).count();
    }
    idx
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{LintConfig, MAX_NESTING, Rule, RuleSet, lint};

    #[test]
    fn flat_code_is_not_deep() {
        let names: String = (0..990).map(|i| format!(" a{i}")).collect();
        let inherit = format!("{{ a, ... }}: {{ inherit{names}; env.NIX_LDFLAGS = \"\"; }}");
        assert_eq!(too_deep(&inherit, MAX_NESTING), None);
        let inherit_from = format!("let x = {{ }}; in {{ inherit (x){names}; }}");
        assert_eq!(too_deep(&inherit_from, MAX_NESTING), None);
        let path: String = (0..990).map(|i| format!(".a{i}")).collect();
        assert_eq!(too_deep(&format!("{{ a{path} = 1; b = x{path} or 2; }}"), MAX_NESTING), None);
        let config = LintConfig { rules: RuleSet::all(), extra_variables: vec![], deny: vec![] };
        assert!(lint(&inherit, &config).iter().all(|it| it.rule != Rule::SyntaxError));
    }

    #[test]
    fn real_nesting_still_counts() {
        let parens = format!("{}1{}", "(".repeat(600), ")".repeat(600));
        assert!(too_deep(&parens, MAX_NESTING).is_some());
        let chain = format!("1{}", " + 1".repeat(600));
        assert!(too_deep(&chain, MAX_NESTING).is_some());
        // Flat parts inside nested ones still add up.
        let nested_inherits = "{ inherit a b c; x = ".repeat(400) + "1" + &"; }".repeat(400);
        assert!(too_deep(&nested_inherits, MAX_NESTING).is_some());
        let nested_paths = "(a.b.c ".repeat(600) + &")".repeat(600);
        assert!(too_deep(&nested_paths, MAX_NESTING).is_some());
    }

    #[test]
    fn the_names_of_an_inherit_sit_side_by_side() {
        let names: String = (0..5000).map(|i| format!(" a{i}")).collect();
        assert_eq!(too_deep(&format!("{{ inherit{names}; b = 1; }}"), 20), None);
        assert_eq!(too_deep(&format!("{{ inherit (x){names}; }}"), 20), None);
        // Application chains nest, inside an inherit's source too.
        assert!(too_deep(&format!("{{ inherit (f{names}) a; }}"), 20).is_some());
        assert!(too_deep(&format!("{{ a = f{names}; }}"), 20).is_some());
    }
}

#[cfg(test)]
mod scan_tests {
    //! The byte scan must never estimate lower than rnix's tokens do: on every text it doesn't
    //! give up on, its largest estimate is at least the exact one.
    use super::*;
    use proptest::prelude::*;

    /// The largest estimate of the scan (`None` when it gives up) and of rnix's tokens.
    fn estimates(text: &str) -> (Option<u32>, u32) {
        // The largest estimate of a run of tokens.
        fn largest(depth: &mut Depth, max: &mut u32, class: Class) -> bool {
            let within = depth.token(class);
            *max = (*max).max(depth.total);
            within
        }
        let (mut fast, mut fast_max) = (Depth::new(u32::MAX), 1);
        let fast = match scan(text, |class| largest(&mut fast, &mut fast_max, class)) {
            Scan::Within => Some(fast_max),
            Scan::TooDeep | Scan::Unsure => None,
        };
        let (mut exact, mut exact_max) = (Depth::new(u32::MAX), 1);
        for (kind, _) in rnix::tokenize(text) {
            largest(&mut exact, &mut exact_max, Class::of(kind));
        }
        (fast, exact_max)
    }

    fn assert_never_lower(text: &str) {
        if let (Some(fast), exact) = estimates(text) {
            assert!(fast >= exact, "scan {fast} < rnix {exact} on {text:?}");
        }
    }

    #[test]
    fn the_scan_reads_strings_comments_and_paths_as_rnix_does() {
        for text in [
            "{ a = \"}}}}; ((((\"; b = 1; }",
            "{ a = '' }}; ''${x} ''' ''$ ''\\n ${ \"}\" } ''; }",
            "# ) ; }\n(((1)))",
            "/* ; } */ (((1)))",
            "x // y // (((1)))",
            "\"$${x}\" + \"${ { a = \"${b}\"; }.a }\"",
            "{ a.b.c.d = ./a/b.nix; e = ../x; f = <nixpkgs/lib>; g = ~/h; }",
            "[ 1.5 .5 01.5 1.e5 1e-3 0.0 ... ]",
            "a.or.b or c.rec",
            "let x = 1; in with y; assert z; inherit (a) b c; x",
            "./a${b}/c${ \"d\" }",
            "\"unterminated ${ (",
            "/* unterminated",
            "'' unterminated ''\\",
            "a'' b' c-'d",
        ] {
            assert_never_lower(text);
        }
    }

    #[test]
    fn the_scan_gives_up_where_rnix_could_read_differently() {
        // A URI, a `/*` right after a path, a name with `''` (a path may end before it), a
        // keyword inside a path, a `~` without `/`, bytes beyond ASCII in code.
        for text in ["x:y", "https://a/b,c", "./a/* ( */", "a''b", "./let", "~x", "{ } é"] {
            assert_eq!(estimates(text).0, None, "{text:?}");
        }
        // Beyond ASCII inside strings and comments is fine.
        assert!(estimates("{ a = \"é\"; /* é */ } # é").0.is_some());
    }

    #[test]
    fn too_deep_answers_the_same_either_way() {
        for text in ["(".repeat(600) + "1" + &")".repeat(600), "1 + 1".repeat(300)] {
            assert_eq!(too_deep(&text, 1000), exact(&text, 1000));
            assert!(too_deep(&text, 100).is_some());
        }
    }

    const PIECES: &[&str] = &[
        " ", "\n", "\r", "\t", "a", "b1", "_x", "x-y", "f'", "'", "''", "'''", "''$", "''\\", "\"",
        "\\", "\\\"", "$", "$$", "${", "{", "}", "(", ")", "[", "]", ";", ",", ".", "..", "...",
        "/", "//", "/*", "*/", "*", "#", "0", "01", "1.5", ".5", "e5", "1e", "+", "-", "->", "++",
        "?", "@", ":", "=", "==", "<", ">", "<a>", "|>", "<|", "!", "~", "~/", "./", "../", "a/b",
        "/abs", "let", "in", "inherit", "with", "assert", "rec", "or", "if", "then", "else", "x:",
        ":y", "é", "\u{a0}", "\u{0}", "%", "&",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn the_scan_never_estimates_lower_than_rnix(
            pieces in prop::collection::vec(prop::sample::select(PIECES), 0..40)
        ) {
            assert_never_lower(&pieces.concat());
        }
    }
}

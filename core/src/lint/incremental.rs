//! Linting one text after another, as an editor's buffer changes: [`Incremental`] keeps the last
//! syntax tree, and when an edit only changes the text inside tokens, each keeping its kind, it
//! puts the new tokens' texts into that tree instead of parsing again.
//!
//! Why this is the parse of the new text: rnix's tokenizer runs first, and its parser reads
//! only the kinds of the tokens (their positions go into its errors), but for one name's text
//! (`__curPos`). Two texts whose tokens have the same kinds in the same order, and which differ
//! in no `__curPos`, therefore parse to trees of the same shape, holding each text's tokens.
//! The tree's kinds are the tokenizer's but where the parser changed them (an `or` that is a
//! name; `__curPos`), which the comparison undoes.
//!
//! The check tokenizes the new text around the edit only ([`Window`]) and compares it with the
//! tree's tokens. It is tried only when the edit falls within one token whose kind holds free
//! text (a name, a number, a string's content, a comment, a path, spacing), and when Nix and
//! rnix read the new text's bytes alike (see [`super::lint`]). Anything else is parsed again,
//! as [`super::lint`] does. The same kinds also give the same syntax errors at the same tokens:
//! the last parse's errors are kept, and their ranges, which start and end at tokens' bounds,
//! move with those tokens ([`Moved`]). The nesting guard is not asked again either: its verdict
//! comes from rnix's token kinds (its byte scan only ever estimates higher, and then counts
//! those kinds), which the new text shares.
//!
//! The model the rules read is kept as well, one piece per binding of the file's main attribute
//! set ([`super::model::Model::build_keeping`]): a keystroke walks the binding it changed.

use std::ops::Range;

use rnix::{NixLanguage, ParseError, SyntaxKind, SyntaxNode};
use rowan::{
    GreenNode, GreenNodeData, GreenToken, GreenTokenData, Language, NodeOrToken, TextRange,
    TextSize,
};

use super::model::{Model, Pieces};
use super::{Diagnostic, LintConfig};

/// A linter for successive versions of one text (an editor's buffer); it gives the same
/// diagnostics as [`super::lint`] for each.
#[derive(Debug, Default)]
pub struct Incremental {
    last: Option<Last>,
    /// How many texts were linted on a reused tree (for tests).
    #[cfg(test)]
    n_reused: usize,
}

/// The last text linted, its tree, its syntax errors and its model's pieces.
struct Last {
    text: String,
    green: GreenNode,
    errors: Vec<ParseError>,
    pieces: Option<Pieces>,
}

impl std::fmt::Debug for Last {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Last").field("text", &self.text).field("errors", &self.errors).finish()
    }
}

impl Incremental {
    /// The diagnostics of `source`, as [`super::lint`] gives them.
    pub fn lint(&mut self, source: &str, config: &LintConfig) -> Vec<Diagnostic> {
        if !super::mentions_nix_variable(source) {
            return Vec::new();
        }
        if let Some(last) = &self.last
            && let Some((green, errors, edit)) = reuse(last, source)
            && super::rnix_reads_as_nix(source)
        {
            let root = SyntaxNode::new_root(green.clone());
            // The model slices `source` with the tree's ranges.
            debug_assert_eq!(root.text(), source);
            let old_pieces = self.last.take().and_then(|it| it.pieces).map(|it| (it, edit));
            let (model, pieces) = Model::build_keeping(source, &root, old_pieces);
            let res = super::lint_model(&model, &root, &errors, config);
            self.last = Some(Last { text: source.to_owned(), green, errors, pieces });
            #[cfg(test)]
            {
                self.n_reused += 1;
            }
            return res;
        }
        let (res, parse) = super::lint_keeping(source, config, true);
        self.last = parse.map(|(green, errors)| Last {
            text: source.to_owned(),
            green,
            errors,
            pieces: None,
        });
        res
    }

    /// Whether the last text's tree was kept (for tests).
    #[cfg(test)]
    fn has_tree(&self) -> bool {
        self.last.is_some()
    }
}

/// The tree of `source` from `last`'s, its syntax errors, and the bytes of the last text that
/// the edit replaced, when the two texts' tokens have the same kinds.
fn reuse(last: &Last, source: &str) -> Option<(GreenNode, Vec<ParseError>, Range<usize>)> {
    let (edit, new_len) = crate::text::edit_between(&last.text, source);
    let kind = token_around(&last.green, edit.start, edit.end)?;
    if !could_keep_kind(kind, &source[edit.start..edit.start + new_len]) {
        return None;
    }
    let mut window = Window {
        source,
        may_pass_over: true,
        passed_over: false,
        edit: edit.clone(),
        new_len,
        old_offset: 0,
        restart: 0,
        pending: Vec::new(),
        lexer: None,
        new_offset: 0,
        depth: 0,
        changed: Vec::new(),
        bounds: Vec::new(),
        outcome: None,
    };
    walk_tokens(&last.green, false, &mut window);
    if window.passed_over && window.lexer.is_none() {
        // No window start after the nodes passed over: walk them all.
        window = window.restarted();
        walk_tokens(&last.green, false, &mut window);
    }
    let (changed, moved) = window.finish()?;
    let errors = last.errors.iter().map(|it| moved.error(it)).collect::<Option<Vec<_>>>()?;
    let mut green = last.green.clone();
    for (offset, kind, text) in changed {
        green =
            replace_token(&green, offset, GreenToken::new(NixLanguage::kind_to_raw(kind), text))?;
    }
    Some((green, errors, edit))
}

/// Where the bounds of the old text's tokens are in the new text, once [`Window`] found the
/// same kinds: the same before the window, shifted by the edit's change of length after it, and
/// in it, where the window's comparison put them.
struct Moved {
    restart: usize,
    /// The ends of the tokens compared, in the old text and in the new.
    bounds: Vec<(usize, usize)>,
    delta: isize,
}

impl Moved {
    /// The new offset of `at`, a token's bound in the old text; none if it is not one.
    fn offset(&self, at: usize) -> Option<usize> {
        let window_end = self.bounds.last().map_or(self.restart, |it| it.0);
        if at <= self.restart {
            Some(at)
        } else if window_end <= at {
            at.checked_add_signed(self.delta)
        } else {
            let idx = self.bounds.binary_search_by_key(&at, |it| it.0).ok()?;
            Some(self.bounds[idx].1)
        }
    }

    fn range(&self, range: TextRange) -> Option<TextRange> {
        let at =
            |it: TextSize| self.offset(usize::from(it)).and_then(|it| TextSize::try_from(it).ok());
        Some(TextRange::new(at(range.start())?, at(range.end())?))
    }

    /// `error` of the old parse, as the new parse gives it; none for an error that holds a
    /// name's text (which rnix does not report).
    fn error(&self, error: &ParseError) -> Option<ParseError> {
        Some(match error {
            ParseError::Unexpected(range) => ParseError::Unexpected(self.range(*range)?),
            ParseError::UnexpectedExtra(range) => ParseError::UnexpectedExtra(self.range(*range)?),
            ParseError::UnexpectedWanted(kind, range, wanted) => {
                ParseError::UnexpectedWanted(*kind, self.range(*range)?, wanted.clone())
            }
            ParseError::UnexpectedDoubleBind(range) => {
                ParseError::UnexpectedDoubleBind(self.range(*range)?)
            }
            ParseError::UnexpectedEOF => ParseError::UnexpectedEOF,
            ParseError::UnexpectedEOFWanted(wanted) => {
                ParseError::UnexpectedEOFWanted(wanted.clone())
            }
            ParseError::RecursionLimitExceeded => ParseError::RecursionLimitExceeded,
            _ => return None,
        })
    }
}

/// A new token whose text differs from the old one's: its offset, kind and text.
type Changed<'s> = (usize, SyntaxKind, &'s str);

/// Bytes before the edit where the window may start: rnix's tokenizer reads at most two
/// characters (eight bytes) past the whitespace that ends a token's lookahead; this is twice that.
const LOOKAHEAD: usize = 16;

/// Bytes between a node passed over and the earliest start of the window, for a whitespace
/// token to start it in: with none, the walk starts again and looks at every token.
const PASS_OVER_MARGIN: usize = 256;

/// The comparison of the old text's tokens with the new text's, over a window around the edit.
///
/// rnix's tokenizer reads forward only, from a state of nested contexts (strings, `${`, paths).
/// The window starts at a whitespace token outside strings, paths and interpolations in the
/// tree, far enough before the edit that no earlier token looked into it ([`LOOKAHEAD`]: every
/// lookahead stops at whitespace, then reads two characters at most); else at the start. There
/// the whole text's tokenizer is at the top level, or (rnix closes a `(` at any token, so
/// `((x ${ y }` puts spaces read inside `${ }` outside any interpolation node) inside an open
/// `${`, or in a path it leaves before reading spaces. A fresh tokenizer reads the same tokens
/// as the whole text's, but at a `}` that closes such an open `${`: there it gives another kind,
/// which the comparison refuses. The window ends after a whitespace token past the edit where
/// both texts' tokens have closed every string and interpolation they opened in it: from there,
/// both tokenizers are in the same state over the same bytes, and go on alike.
struct Window<'s, 'g> {
    source: &'s str,
    /// Whether nodes that end before the window may start are passed over without a look at
    /// their tokens (a later whitespace token starts the window then), and whether one was since
    /// the last whitespace token that can start it.
    may_pass_over: bool,
    passed_over: bool,
    edit: Range<usize>,
    new_len: usize,
    /// The old text's offset of the next old token.
    old_offset: usize,
    /// Where the window starts (the same offset in both texts, before the edit).
    restart: usize,
    /// The old tokens from `restart` on (kind, text, end), until the new text is tokenized.
    pending: Vec<(rowan::SyntaxKind, &'g str, usize)>,
    lexer: Option<Box<dyn Iterator<Item = rnix::Token<'s>> + 's>>,
    new_offset: usize,
    /// Strings and interpolations opened in the window and not yet closed.
    depth: i32,
    /// The new tokens whose text differs.
    changed: Vec<Changed<'s>>,
    /// The ends of the tokens compared, in the old text and in the new.
    bounds: Vec<(usize, usize)>,
    /// Whether the texts' tokens were found to have the same kinds, once known.
    outcome: Option<bool>,
}

impl<'s, 'g> Window<'s, 'g> {
    /// Whether to pass over a node of `len` bytes that comes next: one that ends before the
    /// window may start, since the window starts at a later token anyway.
    fn pass_over(&mut self, len: usize) -> bool {
        let pass = self.may_pass_over
            && self.lexer.is_none()
            && self.old_offset + len + LOOKAHEAD + PASS_OVER_MARGIN <= self.edit.start;
        if pass {
            self.old_offset += len;
            self.pending.clear();
            self.passed_over = true;
        }
        pass
    }

    /// The same window, from the start again, looking at every token.
    fn restarted(self) -> Window<'s, 'g> {
        Window {
            may_pass_over: false,
            passed_over: false,
            old_offset: 0,
            restart: 0,
            pending: Vec::new(),
            ..self
        }
    }

    /// Takes the next old token (`shielded` when inside a string, path or interpolation);
    /// `false` once the outcome is known.
    fn old_token(&mut self, old: &'g GreenTokenData, shielded: bool) -> bool {
        let (kind, text) = (old.kind(), old.text());
        let start = self.old_offset;
        self.old_offset += text.len();
        if self.lexer.is_none() {
            if start + LOOKAHEAD <= self.edit.start {
                if kind == NixLanguage::kind_to_raw(SyntaxKind::TOKEN_WHITESPACE) && !shielded {
                    self.restart = start;
                    self.pending.clear();
                    self.passed_over = false;
                }
                self.pending.push((kind, text, self.old_offset));
                return true;
            }
            if self.passed_over {
                // No token can start the window since a node passed over: see `reuse`.
                return false;
            }
            self.start_lexing();
            if self.outcome.is_some() {
                return false;
            }
        }
        self.compare(kind, text, self.old_offset);
        self.outcome.is_none()
    }

    /// Starts tokenizing the new text at `restart`, and compares the pending old tokens.
    fn start_lexing(&mut self) {
        self.lexer = Some(Box::new(rnix::tokenize(&self.source[self.restart..])));
        self.new_offset = self.restart;
        for (kind, text, end) in std::mem::take(&mut self.pending) {
            self.compare(kind, text, end);
            if self.outcome.is_some() {
                return;
            }
        }
    }

    /// Compares the old token of `kind` (in the tree) and `text` that ends at `old_end` with
    /// the next new one.
    fn compare(&mut self, kind: rowan::SyntaxKind, text: &str, old_end: usize) {
        let Some((new_kind, new_text)) = self.lexer.as_mut().and_then(Iterator::next) else {
            self.outcome = Some(false);
            return;
        };
        let tree_kind = NixLanguage::kind_from_raw(kind);
        if new_kind != lexed_kind(tree_kind, text) {
            self.outcome = Some(false);
            return;
        }
        if new_text != text {
            // The parser reads one name's text: `__curPos` is a node of its own.
            if [text, new_text].contains(&"__curPos") {
                self.outcome = Some(false);
                return;
            }
            self.changed.push((self.new_offset, tree_kind, new_text));
        }
        self.new_offset += new_text.len();
        self.bounds.push((old_end, self.new_offset));
        self.depth += match new_kind {
            SyntaxKind::TOKEN_STRING_START | SyntaxKind::TOKEN_INTERPOL_START => 1,
            SyntaxKind::TOKEN_STRING_END | SyntaxKind::TOKEN_INTERPOL_END => -1,
            _ => 0,
        };
        let past_edit =
            self.edit.start + self.new_len <= self.new_offset && self.edit.end <= old_end;
        if new_kind == SyntaxKind::TOKEN_WHITESPACE
            && self.depth == 0
            && past_edit
            && self.new_offset + self.edit.len() == old_end + self.new_len
        {
            self.outcome = Some(true);
        }
    }

    /// The changed tokens and where the old tokens' bounds went, when the texts' tokens have
    /// the same kinds.
    fn finish(mut self) -> Option<(Vec<Changed<'s>>, Moved)> {
        if self.outcome.is_none() {
            // Every old token was compared (or is pending): the new text must end there too.
            if self.lexer.is_none() {
                self.start_lexing();
            }
            if self.outcome.is_none() {
                let done = self.lexer.as_mut().and_then(Iterator::next).is_none();
                self.outcome = Some(done);
            }
        }
        let delta = self.new_len as isize - self.edit.len() as isize;
        let moved = Moved { restart: self.restart, bounds: self.bounds, delta };
        self.outcome.unwrap_or(false).then_some((self.changed, moved))
    }
}

/// The kind rnix's tokenizer gave a token that the tree holds as `kind` with `text`: the parser
/// makes an `or` that is not an operator a name, and a name `__curPos` a token of its own.
fn lexed_kind(kind: SyntaxKind, text: &str) -> SyntaxKind {
    match kind {
        SyntaxKind::TOKEN_IDENT if text == "or" => SyntaxKind::TOKEN_OR,
        SyntaxKind::TOKEN_CUR_POS => SyntaxKind::TOKEN_IDENT,
        _ => kind,
    }
}

/// Whether a token of `kind` could take `inserted` in and keep its kind: a kind that holds free
/// text, and bytes it holds (a first check; [`reuse`] tokenizes to be sure).
fn could_keep_kind(kind: SyntaxKind, inserted: &str) -> bool {
    use SyntaxKind::*;
    let all = |is: fn(u8) -> bool| inserted.bytes().all(is);
    match kind {
        TOKEN_IDENT => all(|b| b.is_ascii_alphanumeric() || b"_'-".contains(&b)),
        TOKEN_WHITESPACE => all(|b| b" \t\n\r".contains(&b)),
        TOKEN_INTEGER | TOKEN_FLOAT => all(|b| b.is_ascii_digit() || b".eE+-".contains(&b)),
        TOKEN_COMMENT => all(|b| !b"\n*/".contains(&b)),
        TOKEN_STRING_CONTENT => all(|b| !b"\"\\$'{}\n".contains(&b)),
        TOKEN_PATH_ABS | TOKEN_PATH_REL | TOKEN_PATH_HOME | TOKEN_URI => {
            all(|b| b.is_ascii_alphanumeric() || b"._-+/~:?=&%#@!*,".contains(&b))
        }
        _ => false,
    }
}

/// The kind of the token of `green` that holds `start..end` (an insertion at a token's end
/// belongs to that token).
fn token_around(green: &GreenNodeData, start: usize, end: usize) -> Option<SyntaxKind> {
    let mut node = green;
    let mut offset = 0;
    'descend: loop {
        for child in node.children() {
            let len = usize::from(child.text_len());
            if start < offset + len || (start == offset + len && start == end) && 0 < len {
                if offset + len < end {
                    return None;
                }
                match child {
                    NodeOrToken::Token(token) => {
                        return Some(NixLanguage::kind_from_raw(token.kind()));
                    }
                    NodeOrToken::Node(inner) => {
                        node = inner;
                        continue 'descend;
                    }
                }
            }
            offset += len;
        }
        return None;
    }
}

/// Gives `window` every token of `green` in order, and whether it lies inside a string, a path
/// or an interpolation (`shielded`, for `green` itself), until it answers `false`, but for the
/// nodes it passes over ([`Window::pass_over`]); whether it never did.
fn walk_tokens<'g>(green: &'g GreenNodeData, shielded: bool, window: &mut Window<'_, 'g>) -> bool {
    green.children().all(|child| match child {
        NodeOrToken::Token(token) => window.old_token(token, shielded),
        NodeOrToken::Node(node) => {
            if window.pass_over(usize::from(node.text_len())) {
                return true;
            }
            let kind = NixLanguage::kind_from_raw(node.kind());
            let inside = matches!(
                kind,
                SyntaxKind::NODE_STRING
                    | SyntaxKind::NODE_PATH_ABS
                    | SyntaxKind::NODE_PATH_HOME
                    | SyntaxKind::NODE_PATH_REL
                    | SyntaxKind::NODE_PATH_SEARCH
                    | SyntaxKind::NODE_INTERPOL
                    | SyntaxKind::NODE_DYNAMIC
            );
            walk_tokens(node, shielded || inside, window)
        }
    })
}

/// `green` with its token at `offset` replaced by `token`.
fn replace_token(green: &GreenNodeData, offset: usize, token: GreenToken) -> Option<GreenNode> {
    let mut start = 0;
    for (idx, child) in green.children().enumerate() {
        let end = start + usize::from(child.text_len());
        if offset < end {
            let new_child = match child {
                NodeOrToken::Token(_) if start == offset => NodeOrToken::Token(token),
                NodeOrToken::Token(_) => return None,
                NodeOrToken::Node(node) => {
                    NodeOrToken::Node(replace_token(node, offset - start, token)?)
                }
            };
            return Some(green.replace_child(idx, new_child));
        }
        start = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::lint::{RuleSet, lint};

    fn config() -> LintConfig {
        LintConfig { rules: RuleSet::all(), extra_variables: Vec::new(), deny: Vec::new() }
    }

    /// The tree and syntax errors `reuse` makes of `new` after `old`, when it makes them, as a
    /// debug dump.
    fn reused(old: &str, new: &str) -> Option<String> {
        let parse = rnix::Root::parse(old);
        let (green, errors) = (parse.syntax().green().to_owned(), parse.errors().to_vec());
        let last = Last { text: old.to_owned(), green, errors, pieces: None };
        reuse(&last, new)
            .map(|(green, errors, _)| format!("{:#?}\n{errors:?}", SyntaxNode::new_root(green)))
    }

    fn parsed(text: &str) -> String {
        let parse = rnix::Root::parse(text);
        format!("{:#?}\n{:?}", parse.syntax(), parse.errors())
    }

    const OVERLAY: &str = "final: prev: {\n  # flags\n  p = prev.p.overrideAttrs (o: {\n    env.NIX_CFLAGS_COMPILEE = \"-O2 ${o.x}\";\n    src = ./a/b;\n    n = 12;\n  });\n}\n";

    #[test]
    fn typing_inside_a_token_reuses_the_tree() {
        // A name, a string's content, a comment, a number, a path, spacing.
        for (from, to) in [
            ("prev.p.", "prev.pq."),
            ("-O2 ", "-O3 -g "),
            ("# flags", "# the flags"),
            ("n = 12", "n = 125"),
            ("./a/b", "./a/bc"),
            ("  src", "    src"),
            ("COMPILEE", "COMPILE"),
        ] {
            let new = OVERLAY.replacen(from, to, 1);
            assert_eq!(reused(OVERLAY, &new), Some(parsed(&new)), "{from} → {to}");
        }
    }

    #[test]
    fn nodes_far_before_the_edit_are_passed_over() {
        // Bindings far before the edit are passed over; with spacing after them, a whitespace
        // token starts the window; without any, the walk starts again and looks at every token.
        for spacing in [" ", ""] {
            let bindings: String = (0..40)
                .map(|idx| format!("p{idx}{spacing}={spacing}{{NIX_A=\"-O2\";}};{spacing}"))
                .collect();
            let old = format!("{{{bindings}q=1;}}\n");
            let new = old.replacen("q=1", "qx=1", 1);
            assert_eq!(reused(&old, &new), Some(parsed(&new)), "{spacing:?}");
        }
    }

    #[test]
    fn edits_that_change_a_kind_parse_again() {
        for (from, to) in [
            // A name becomes a keyword; a string ends early; a comment ends; a token splits.
            ("n = 12", "in = 12"),
            ("-O2 ", "-O2\" "),
            ("# flags", "# fl\nags"),
            ("prev.p.", "prev.p ."),
            ("n = 12;", "n = 12;;"),
            ("}\n", "};\n"),
        ] {
            let new = OVERLAY.replacen(from, to, 1);
            assert_eq!(reused(OVERLAY, &new), None, "{from} → {to}");
        }
    }

    #[test]
    fn names_the_parser_reads_are_parsed_again() {
        // `or` is a name after an application's argument and an operator elsewhere; the parser
        // makes `__curPos` a node of its own.
        let text = "{ x = f a or b; y = __curPo; }";
        for (from, to) in [("a or", "a oar"), ("__curPo;", "__curPos;")] {
            let new = text.replacen(from, to, 1);
            assert_eq!(reused(text, &new), None, "{from} → {to}");
        }
        // A name that stays `or` keeps the tree.
        let new = text.replacen("f a", "fg a", 1);
        assert_eq!(reused(text, &new), Some(parsed(&new)));
    }

    #[test]
    fn text_with_bytes_nix_reads_alike_reuses_the_tree() {
        // An em dash shares its first byte with spaces that Nix rejects; a lone CR is read
        // differently (Nix ends a comment there, rnix does not).
        for (text, reuses) in [
            (OVERLAY.replacen("# flags", "# flags — tuned", 1), true),
            (OVERLAY.replacen("# flags", "# flags\r ", 1), false),
        ] {
            let mut linter = Incremental::default();
            linter.lint(&text, &config());
            let typed = text.replacen("prev.p.", "prev.pq.", 1);
            assert_eq!(linter.lint(&typed, &config()), lint(&typed, &config()), "{typed:?}");
            assert_eq!(linter.n_reused, usize::from(reuses), "{typed:?}");
        }
    }

    #[test]
    fn syntax_errors_move_with_the_tokens() {
        // Errors before, inside and after the edit: an unclosed set, a `;` too many, a stray
        // `)` in the name's binding, a missing value at the end.
        let text = "{ a = 1;; NIX_CFLAGS_COMPILEE = ) \"-O2\"; b = f x; c = ";
        for (from, to) in [("COMPILEE", "COMPILE"), ("f x", "fgh x"), ("a = 1", "a = 12")] {
            let typed = text.replacen(from, to, 1);
            assert_eq!(reused(text, &typed), Some(parsed(&typed)), "{from} → {to}");
            let mut linter = Incremental::default();
            linter.lint(text, &config());
            let found = linter.lint(&typed, &config());
            assert_eq!(found, lint(&typed, &config()), "{typed}");
            assert!(found.iter().any(|it| it.rule == crate::lint::Rule::SyntaxError));
            assert_eq!(linter.n_reused, 1, "{typed}");
        }
    }

    #[test]
    fn typing_a_name_letter_by_letter_gives_what_lint_gives() {
        let mut linter = Incremental::default();
        let name = "NIX_CFLAGS_COMPILE";
        for len in 0..=name.len() {
            let text = OVERLAY.replacen("COMPILEE", &format!("COMPILEE{}", &name[..len]), 1);
            assert_eq!(linter.lint(&text, &config()), lint(&text, &config()), "{text}");
            assert!(linter.has_tree());
        }
    }

    /// A main set whose bindings hold every kind of thing the model keeps: derivations with
    /// `env`, linker flags through a `let` above the set, shell code, a wrapper, structured
    /// attributes, a program's environment, a selection through the previous attributes.
    const BINDINGS: &str = "{ lib }:\nlet flags = [ \"-O3\" \"-L/opt\" ];\nin final: prev: {\n  a = prev.a.overrideAttrs (old: {\n    NIX_LDFLAGS = toString flags;\n    env = { NIX_CFLAGS_COMPILE = [ \"-O2\" ]; NIX_LDFLAGS = \"-flto\"; };\n    postInstall = ''\n      export NIX_LDFLAGS=\"$NIX_LDFLAGS -march=x\"\n      wrapProgram $out/bin/a --set NIX_REDIRECTS /a=/b\n    '';\n  });\n  b = prev.stdenv.mkDerivation { env.NIX_CFLAGS_LINK = \"x\"; NIX_CFLAGS_LINK = \"y\"; __structuredAttrs = true; NIX_CFLAGS_COMPILEE = 1; };\n  c = prev.llvmPackages.bintools.override { extraBuildCommands = \"echo -O2 >> $out/nix-support/cc-cflags\"; };\n  d = prev.d.overrideAttrs (o: { env = { NIX_CFLAGS_COMPILE = o.env.NIX_CFLAGS_COMPILE + \" -g\"; }; });\n  home.sessionVariables.NIX_CFLAGZ = \"1\";\n  inherit (prev) NIX_PATH;\n}\n";

    #[test]
    fn typing_in_one_binding_walks_that_binding_only() {
        let mut linter = Incremental::default();
        linter.lint(BINDINGS, &config());
        // A letter in a name of `b` (the first keystroke on a parsed tree walks every child
        // and keeps their pieces), then in a string of `a`, then both back.
        let in_b = BINDINGS.replacen("LINK = \"y", "LINKS = \"y", 1);
        let in_a = in_b.replacen("-march=x", "-march=xy", 1);
        let texts = [in_b.clone(), in_a, in_b, BINDINGS.to_owned()];
        for (idx, text) in texts.into_iter().enumerate() {
            assert_eq!(linter.lint(&text, &config()), lint(&text, &config()), "{text}");
            let pieces = linter.last.as_ref().and_then(|it| it.pieces.as_ref());
            let n_walked = if idx == 0 { 6 } else { 1 };
            assert_eq!(pieces.map(|it| it.n_walked), Some(n_walked), "{text}");
        }
    }

    const PIECES: &[&str] = &[
        "a", "b", "x", "N", "_", "-", "'", "1", "0", ".", " ", "  ", "\n", "\t", "\"", "''", "$",
        "${", "{", "}", "(", ")", "[", "]", ";", "=", "#", "/", "*", "/*", "*/", "~", "<", ">",
        ":", "@", "?", ",", "in", "let", "or", "NIX_", "\\", "é", "\r", "__curPos", "s", "\u{a0}",
        "—",
    ];

    const TEXTS: &[&str] = &[
        OVERLAY,
        BINDINGS,
        include_str!("../../tests/fixtures/env-drops-upstream/drops.nix"),
        include_str!("../../tests/fixtures/compiler-flag-in-ldflags/flags.nix"),
        include_str!("../../tests/fixtures/cc-flags-in-bintools-wrapper/wrappers.nix"),
        // rnix closes a `(` at any token: the spaces inside `${ }` are outside its node.
        "{ NIX_A = 1; b = ((x ${ y } ; c = ./a/${ d }/e ; }\n",
        "{ x = f a or b; y = __curPo; z = a.b or c; w = { or = 1; }; v = [ or ]; NIX_X = 1; }\n",
        "{ a = ''\n  export NIX_LDFLAGS=\"$NIX_LDFLAGS -L${x}/lib\"\n  ''$ ''' ''\\n\n''; b = <nixpkgs/x>; c = https://e.org/a?b=1; d = ~/a/${b}; e = 1.5e3; }\n",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]
        /// Whatever the edits, the linter gives what `lint` gives, and a reused tree is the
        /// parse of the new text.
        #[test]
        fn incremental_equals_lint(
            text_idx in 0..TEXTS.len(),
            edits in prop::collection::vec(
                (any::<prop::sample::Index>(), 0..4usize, prop::sample::select(PIECES)), 1..8),
        ) {
            let mut text = TEXTS[text_idx].to_owned();
            let mut linter = Incremental::default();
            linter.lint(&text, &config());
            for (at, n_deleted, inserted) in edits {
                let mut start = at.index(text.len() + 1);
                while !text.is_char_boundary(start) {
                    start -= 1;
                }
                let mut end = (start + n_deleted).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                let old = text.clone();
                text.replace_range(start..end, inserted);
                if let Some(tree) = reused(&old, &text) {
                    prop_assert_eq!(tree, parsed(&text), "{:?} → {:?}", old, text);
                }
                prop_assert_eq!(linter.lint(&text, &config()), lint(&text, &config()), "{:?} → {:?}", old, text);
            }
        }
    }
}

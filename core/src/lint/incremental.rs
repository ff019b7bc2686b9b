//! Linting one text after another, as an editor's buffer changes: [`Incremental`] keeps the last
//! syntax tree, and when an edit only changes the text inside tokens, each keeping its kind, it
//! puts the new tokens' texts into that tree instead of parsing again.
//!
//! Why this is the parse of the new text: rnix's tokenizer runs first, and its parser reads
//! only the kinds of the tokens (their positions go into its errors). Two texts whose tokens
//! have the same kinds in the same order therefore parse to trees of the same shape, holding
//! each text's tokens. The check tokenizes the new text (about a third of a parse) and compares
//! it with the tree's tokens. It is tried only when the edit falls within one token whose kind
//! holds free text (a name, a number, a string's content, a comment, a path, spacing), when the
//! last tree had no syntax error (errors hold positions), and when Nix and rnix read the new
//! text's bytes alike (see [`super::lint`]). Anything else is parsed again, as [`super::lint`]
//! does.

use rnix::{NixLanguage, SyntaxKind, SyntaxNode};
use rowan::{GreenNode, GreenNodeData, GreenToken, GreenTokenData, Language, NodeOrToken};

use super::{Diagnostic, LintConfig};

/// A linter for successive versions of one text (an editor's buffer); it gives the same
/// diagnostics as [`super::lint`] for each.
#[derive(Debug, Default)]
pub struct Incremental {
    last: Option<Last>,
}

/// The last text linted, and its tree when it had no syntax error.
#[derive(Debug)]
pub(super) struct Last {
    pub(super) text: String,
    pub(super) green: GreenNode,
}

impl Incremental {
    /// The diagnostics of `source`, as [`super::lint`] gives them.
    pub fn lint(&mut self, source: &str, config: &LintConfig) -> Vec<Diagnostic> {
        if !super::mentions_nix_variable(source) {
            return Vec::new();
        }
        if let Some(last) = &self.last
            && !super::needs_nix_lexing(source)
            && let Some(green) = reuse(last, source)
        {
            let root = SyntaxNode::new_root(green.clone());
            let res = super::lint_tree(source, &root, &[], config);
            self.last = Some(Last { text: source.to_owned(), green });
            return res;
        }
        self.last = None;
        super::lint_keeping(source, config, Some(&mut self.last))
    }

    /// Whether the last text's tree was kept (for tests).
    #[cfg(test)]
    fn has_tree(&self) -> bool {
        self.last.is_some()
    }
}

/// The tree of `source` from `last`'s, when the two texts' tokens have the same kinds.
fn reuse(last: &Last, source: &str) -> Option<GreenNode> {
    let (edit, new_len) = crate::text::edit_between(&last.text, source);
    let kind = token_around(&last.green, edit.start, edit.end)?;
    if !could_keep_kind(kind, &source[edit.start..edit.start + new_len]) {
        return None;
    }
    let mut new_tokens = rnix::tokenize(source);
    let mut changed: Vec<(usize, SyntaxKind, &str)> = Vec::new();
    let mut offset = 0;
    let same = walk_tokens(&last.green, &mut |old| {
        let Some((kind, text)) = new_tokens.next() else { return false };
        if old.kind() != NixLanguage::kind_to_raw(kind) {
            return false;
        }
        if old.text() != text {
            changed.push((offset, kind, text));
        }
        offset += text.len();
        true
    });
    if !same || new_tokens.next().is_some() {
        return None;
    }
    let mut green = last.green.clone();
    for (offset, kind, text) in changed {
        green =
            replace_token(&green, offset, GreenToken::new(NixLanguage::kind_to_raw(kind), text))?;
    }
    Some(green)
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

/// Calls `visit` with every token of `green` in order, until it answers `false`; whether it
/// never did.
fn walk_tokens(green: &GreenNodeData, visit: &mut impl FnMut(&GreenTokenData) -> bool) -> bool {
    green.children().all(|child| match child {
        NodeOrToken::Token(token) => visit(token),
        NodeOrToken::Node(node) => walk_tokens(node, visit),
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

    /// The tree `reuse` makes of `new` after `old`, when it makes one, as a debug dump.
    fn reused(old: &str, new: &str) -> Option<String> {
        let green = rnix::Root::parse(old).syntax().green().to_owned();
        let last = Last { text: old.to_owned(), green };
        reuse(&last, new).map(|it| format!("{:#?}", SyntaxNode::new_root(it)))
    }

    fn parsed(text: &str) -> String {
        format!("{:#?}", rnix::Root::parse(text).syntax())
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
    fn a_tree_with_syntax_errors_is_not_kept() {
        let mut linter = Incremental::default();
        linter.lint("{ env.NIX_CFLAGS_COMPILEE = 1; ", &config());
        assert!(!linter.has_tree());
        linter.lint("{ env.NIX_CFLAGS_COMPILEE = 1; }", &config());
        assert!(linter.has_tree());
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

    const PIECES: &[&str] = &[
        "a", "b", "x", "N", "_", "-", "'", "1", "0", ".", " ", "  ", "\n", "\t", "\"", "''", "$",
        "${", "{", "}", "(", ")", "[", "]", ";", "=", "#", "/", "*", "/*", "*/", "~", "<", ">",
        ":", "@", "?", ",", "in", "let", "or", "NIX_", "\\", "é", "\r",
    ];

    const TEXTS: &[&str] = &[
        OVERLAY,
        include_str!("../../tests/fixtures/env-drops-upstream/drops.nix"),
        include_str!("../../tests/fixtures/compiler-flag-in-ldflags/flags.nix"),
        include_str!("../../tests/fixtures/cc-flags-in-bintools-wrapper/wrappers.nix"),
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
                    prop_assert_eq!(tree, parsed(&text));
                }
                prop_assert_eq!(linter.lint(&text, &config()), lint(&text, &config()));
            }
        }
    }
}

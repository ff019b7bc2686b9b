//! The Nix syntax layer: Nix 2.8's lexical rules where rnix differs (`lexer`), the values of
//! string literals (`strings`), and syntax errors in one wording for `hmopt check` and
//! `hmopt memory` alike.
//!
//! rnix reports what went wrong as [`rnix::ParseError`]s with byte ranges and token kinds.
//! [`parse_errors`] turns them into [`SyntaxError`]s that read the same everywhere:
//! "unexpected `=`, expected `;`", the found token quoted as it is written, what was
//! expected named by [`describe_kind`]. Positions stay byte ranges here; callers turn them into
//! line:column with [`crate::text::LineIndex`].

pub(crate) mod lexer;
pub(crate) mod strings;

use std::ops::Range;

use rnix::{ParseError, SyntaxKind, SyntaxNode, TextSize, TokenAtOffset};

/// A Nix syntax error, worded for users.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    /// What is wrong, lowercase and without a trailing period.
    pub(crate) message: String,
    /// The offending text; empty at the end of the file.
    pub(crate) range: Range<usize>,
    /// Whether the text is invalid or only too deep for the parser.
    pub(crate) kind: SyntaxErrorKind,
}

/// The kinds of [`SyntaxError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SyntaxErrorKind {
    /// Nix rejects the text too.
    Invalid,
    /// The text nests deeper than rnix parses (512 levels).
    TooDeep,
    /// Nix accepts the text, but reads it in a way hmopt does not follow (a NUL byte).
    Unsupported,
}

/// The errors of one rnix parse, worded, in rnix's order; `root` is the tree of that parse.
/// rnix often reports one problem several times at the same place: only the first is kept.
pub(crate) fn parse_errors(root: &SyntaxNode, errors: &[ParseError]) -> Vec<SyntaxError> {
    let mut starts = std::collections::HashSet::new();
    errors
        .iter()
        .map(|error| parse_error(root, error))
        .filter(|error| starts.insert(error.range.start))
        .collect()
}

/// One rnix error of the parse whose tree is `root`, worded.
pub(crate) fn parse_error(root: &SyntaxNode, error: &ParseError) -> SyntaxError {
    let len = usize::from(root.text_range().end());
    let eof = len..len;
    let invalid = |message: String, range: Range<usize>| SyntaxError {
        message,
        range,
        kind: SyntaxErrorKind::Invalid,
    };
    match error {
        ParseError::Unexpected(range) => {
            let (found, range) = first_token(root, to_range(*range), None);
            invalid(format!("unexpected {found}"), range)
        }
        ParseError::UnexpectedExtra(range) => {
            let (found, range) = first_token(root, to_range(*range), None);
            invalid(format!("unexpected {found} after the end of the expression"), range)
        }
        ParseError::UnexpectedWanted(got, range, wanted) => {
            let (found, range) = first_token(root, to_range(*range), Some(*got));
            invalid(format!("unexpected {found}, expected {}", describe_kinds(wanted)), range)
        }
        ParseError::UnexpectedDoubleBind(range) => {
            invalid("the function argument is bound twice with `@`".to_owned(), to_range(*range))
        }
        ParseError::UnexpectedEOF => invalid("unexpected end of file".to_owned(), eof),
        ParseError::UnexpectedEOFWanted(wanted) => {
            invalid(format!("unexpected end of file, expected {}", describe_kinds(wanted)), eof)
        }
        ParseError::DuplicatedArgs(range, name) => {
            invalid(format!("duplicate function argument `{name}`"), to_range(*range))
        }
        ParseError::RecursionLimitExceeded => SyntaxError {
            message: "expression nested too deeply to parse (more than 512 levels)".to_owned(),
            range: eof,
            kind: SyntaxErrorKind::TooDeep,
        },
        _ => invalid(error.to_string(), eof),
    }
}

/// What users call a token or node of `kind`: "`;`", "an identifier", "a string".
pub(crate) fn describe_kind(kind: SyntaxKind) -> &'static str {
    use SyntaxKind::*;
    match kind {
        TOKEN_ADD => "`+`",
        TOKEN_AND_AND => "`&&`",
        TOKEN_ASSIGN => "`=`",
        TOKEN_ASSERT => "`assert`",
        TOKEN_AT => "`@`",
        TOKEN_COLON => "`:`",
        TOKEN_COMMA => "`,`",
        TOKEN_COMMENT => "a comment",
        TOKEN_CONCAT => "`++`",
        TOKEN_CUR_POS | NODE_CUR_POS => "`__curPos`",
        TOKEN_DIV => "`/`",
        TOKEN_DOT => "`.`",
        TOKEN_ELLIPSIS => "`...`",
        TOKEN_ELSE => "`else`",
        TOKEN_EQUAL => "`==`",
        TOKEN_ERROR => "an invalid token",
        TOKEN_FLOAT | TOKEN_INTEGER | NODE_LITERAL => "a number",
        TOKEN_IDENT | NODE_IDENT => "an identifier",
        TOKEN_IF => "`if`",
        TOKEN_IMPLICATION => "`->`",
        TOKEN_IN => "`in`",
        TOKEN_INHERIT | NODE_INHERIT => "`inherit`",
        TOKEN_INTERPOL_END => "`}`",
        TOKEN_INTERPOL_START | NODE_INTERPOL | NODE_DYNAMIC => "`${`",
        TOKEN_INVERT => "`!`",
        TOKEN_L_BRACE => "`{`",
        TOKEN_L_BRACK => "`[`",
        TOKEN_L_PAREN => "`(`",
        TOKEN_LESS => "`<`",
        TOKEN_LESS_OR_EQ => "`<=`",
        TOKEN_LET => "`let`",
        TOKEN_MORE => "`>`",
        TOKEN_MORE_OR_EQ => "`>=`",
        TOKEN_MUL => "`*`",
        TOKEN_NOT_EQUAL => "`!=`",
        TOKEN_OR => "`or`",
        TOKEN_OR_OR => "`||`",
        TOKEN_PATH_ABS | TOKEN_PATH_HOME | TOKEN_PATH_REL | TOKEN_PATH_SEARCH => "a path",
        NODE_PATH_ABS | NODE_PATH_HOME | NODE_PATH_REL | NODE_PATH_SEARCH => "a path",
        TOKEN_PIPE_LEFT => "`<|`",
        TOKEN_PIPE_RIGHT => "`|>`",
        TOKEN_QUESTION => "`?`",
        TOKEN_R_BRACE => "`}`",
        TOKEN_R_BRACK => "`]`",
        TOKEN_R_PAREN => "`)`",
        TOKEN_REC => "`rec`",
        TOKEN_SEMICOLON => "`;`",
        TOKEN_STRING_CONTENT => "string content",
        TOKEN_STRING_END => "the end of the string",
        TOKEN_STRING_START | NODE_STRING => "a string",
        TOKEN_SUB => "`-`",
        TOKEN_THEN => "`then`",
        TOKEN_UPDATE => "`//`",
        TOKEN_URI => "a URI",
        TOKEN_WHITESPACE => "whitespace",
        TOKEN_WITH => "`with`",
        NODE_ATTRPATH | NODE_ATTRPATH_VALUE => "an attribute",
        NODE_PAT_ENTRY => "a function argument",
        _ => "an expression",
    }
}

/// `kinds` as a list: "`;`", "`,` or `}`", "`(`, `{` or an identifier".
fn describe_kinds(kinds: &[SyntaxKind]) -> String {
    let mut names: Vec<&str> = Vec::new();
    for &kind in kinds {
        let name = describe_kind(kind);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    match names.as_slice() {
        [] => "something else".to_owned(),
        [only] => (*only).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The first token of `range` quoted as written (or described by `kind` when it is long), and
/// its range: rnix's error ranges run on to the next token it could continue with.
fn first_token(
    root: &SyntaxNode,
    range: Range<usize>,
    kind: Option<SyntaxKind>,
) -> (String, Range<usize>) {
    let offset = TextSize::try_from(range.start).unwrap_or_default();
    let mut token = match root.token_at_offset(offset) {
        TokenAtOffset::None => None,
        TokenAtOffset::Single(token) => Some(token),
        TokenAtOffset::Between(_, right) => Some(right),
    };
    while let Some(it) = &token
        && it.kind().is_trivia()
    {
        token = it.next_token();
    }
    let Some(token) = token.filter(|it| usize::from(it.text_range().start()) < range.end) else {
        return (kind.map_or("input", describe_kind).to_owned(), range);
    };
    let text = token.text();
    let is_short = text.chars().count() <= 24 && !text.contains(['\n', '\r']);
    let found = match is_short {
        true => format!("`{text}`"),
        false => {
            let described = describe_kind(kind.unwrap_or(token.kind()));
            let article = ["a ", "an ", "the "].iter().find_map(|it| described.strip_prefix(it));
            article.unwrap_or(described).to_owned()
        }
    };
    (found, to_range(token.text_range()))
}

/// A text range of rnix's as byte offsets.
pub(crate) fn to_range(range: rnix::TextRange) -> Range<usize> {
    usize::from(range.start())..usize::from(range.end())
}

/// The bytes of `node`.
pub(crate) fn node_range(node: &SyntaxNode) -> Range<usize> {
    to_range(node.text_range())
}

/// The bytes of `token`.
pub(crate) fn token_range(token: &rnix::SyntaxToken) -> Range<usize> {
    to_range(token.text_range())
}

/// The expression inside any number of parentheses.
pub(crate) fn strip_parens(mut expr: rnix::ast::Expr) -> rnix::ast::Expr {
    while let rnix::ast::Expr::Paren(paren) = &expr {
        match paren.expr() {
            Some(inner) => expr = inner,
            None => break,
        }
    }
    expr
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(source: &str) -> Vec<String> {
        let parse = rnix::Root::parse(source);
        parse_errors(&parse.syntax(), parse.errors())
            .into_iter()
            .map(|it| format!("{}..{}: {}", it.range.start, it.range.end, it.message))
            .collect()
    }

    #[test]
    fn one_wording_for_each_rnix_error() {
        assert_eq!(check("{\n  a = 16\n  b = 8;\n}"), ["15..16: unexpected `=`, expected `;`"]);
        assert_eq!(check("{ a = 1;"), ["8..8: unexpected end of file"]);
        assert_eq!(
            check("{ a = 1 }"),
            ["8..9: unexpected `}`, expected `;`", "9..9: unexpected end of file, expected `;`"]
        );
        assert_eq!(check("1 2 )"), ["4..5: unexpected `)` after the end of the expression"]);
        assert_eq!(
            check("[ 1 % ]"),
            ["4..5: unexpected `%`, expected `(`, `rec`, `{`, `[`, a string or an identifier"]
        );
    }

    #[test]
    fn long_tokens_are_described_not_quoted() {
        let name = "x".repeat(40);
        let errors = check(&format!("{{ a {name} = 1; }}"));
        assert_eq!(errors[0], "4..44: unexpected identifier, expected `=`");
        let errors = check(&format!("{{ a \"{name}\" = 1; }}"));
        assert_eq!(errors[0], "4..5: unexpected `\"`, expected `=`");
    }

    #[test]
    fn kinds_are_listed_once() {
        use SyntaxKind::*;
        assert_eq!(describe_kinds(&[TOKEN_SEMICOLON]), "`;`");
        assert_eq!(describe_kinds(&[TOKEN_COMMA, TOKEN_R_BRACE]), "`,` or `}`");
        assert_eq!(
            describe_kinds(&[TOKEN_L_PAREN, TOKEN_IDENT, NODE_IDENT, TOKEN_L_BRACE]),
            "`(`, an identifier or `{`"
        );
    }
}

#![doc = include_str!("../../../docs/rules/syntax-error.md")]

use rnix::ParseError;

use crate::lint::model::describe_kind;
use crate::lint::{Diagnostic, Rule};

pub(crate) fn check(source: &str, errors: &[ParseError], out: &mut Vec<Diagnostic>) {
    let eof = source.len()..source.len();
    for error in errors {
        let (message, range) = match error {
            ParseError::Unexpected(range) => ("unexpected input".to_owned(), to_range(*range)),
            ParseError::UnexpectedExtra(range) => {
                ("unexpected input after the end of the expression".to_owned(), to_range(*range))
            }
            ParseError::UnexpectedWanted(got, range, wanted) => (
                format!("unexpected {}, expected {}", describe_kind(*got), expected(wanted)),
                to_range(*range),
            ),
            ParseError::UnexpectedDoubleBind(range) => {
                ("a function argument is bound twice".to_owned(), to_range(*range))
            }
            ParseError::UnexpectedEOF => ("unexpected end of file".to_owned(), eof.clone()),
            ParseError::UnexpectedEOFWanted(wanted) => {
                (format!("unexpected end of file, expected {}", expected(wanted)), eof.clone())
            }
            ParseError::DuplicatedArgs(range, name) => {
                (format!("argument `{name}` is declared twice"), to_range(*range))
            }
            ParseError::RecursionLimitExceeded => {
                ("nesting is too deep to parse (more than 512 levels)".to_owned(), eof.clone())
            }
            _ => (error.to_string(), eof.clone()),
        };
        // rnix often reports one problem several times at the same place: keep the first.
        let is_repeat =
            out.iter().any(|it| it.rule == Rule::SyntaxError && it.range.start == range.start);
        if is_repeat {
            continue;
        }
        out.push(diagnostic(message, range));
    }
}

/// A `syntax-error` diagnostic.
pub(crate) fn diagnostic(message: String, range: std::ops::Range<usize>) -> Diagnostic {
    Diagnostic {
        rule: Rule::SyntaxError,
        severity: Rule::SyntaxError.severity(),
        related: None,
        message,
        range,
        variable: None,
        suggestion: None,
        help: None,
        fix: None,
    }
}

fn to_range(range: rnix::TextRange) -> std::ops::Range<usize> {
    usize::from(range.start())..usize::from(range.end())
}

fn expected(wanted: &[rnix::SyntaxKind]) -> String {
    let mut names: Vec<&str> = wanted.iter().map(|kind| describe_kind(*kind)).collect();
    names.dedup();
    match names.as_slice() {
        [] => "something else".to_owned(),
        [only] => (*only).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

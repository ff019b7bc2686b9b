#![doc = include_str!("../../../docs/rules/syntax-error.md")]

use rnix::{ParseError, SyntaxNode};

use crate::lint::{Diagnostic, Rule};

pub(crate) fn check(root: &SyntaxNode, errors: &[ParseError], out: &mut Vec<Diagnostic>) {
    for error in crate::syntax::parse_errors(root, errors) {
        out.push(diagnostic(error.message, error.range));
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

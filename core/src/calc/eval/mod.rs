//! A lazy evaluator for the subset of Nix that hardware profiles use.
//!
//! Evaluation happens in two stages. [`parse`] checks the text with rnix, rejects what Nix
//! itself would reject before evaluating (syntax errors, undefined variables, attributes defined
//! twice) and lowers the tree into a small expression arena with resolved variables.
//! [`machine::Machine`] then evaluates only what a caller asks for, memoizing every thunk.
//!
//! Nothing here recurses without a bound: the nesting of the source is checked on the token
//! stream before rnix builds a tree (a deep rowan tree overflows the stack when it is dropped),
//! and every nested evaluation counts against [`MAX_EVAL_DEPTH`]. Thunks and environments live
//! in arenas owned by the machine, so recursive `let` and `rec` bindings form no `Rc` cycles.
//!
//! Modules, in the order data flows through them:
//! - `lower`: rnix's tree to [`ir::Program`], with the checks Nix makes before evaluating;
//! - `globals`: the names of Nix's global scope;
//! - `ir`: the lowered expressions;
//! - `value`: values, thunks and environments;
//! - `machine`: the lazy evaluator and attribute-path lookups;
//! - `ops`: the operators.

mod globals;
pub(crate) mod ir;
mod lower;
pub(crate) mod machine;
mod ops;
#[cfg(test)]
mod tests;
mod value;

use std::ops::Range;

use crate::{
    calc::{ProfileError, ProfileErrorKind},
    syntax,
};

/// The deepest nesting of the source accepted, as estimated from the tokens.
pub(crate) const MAX_SOURCE_NESTING: u32 = 200;

/// The deepest chain of nested evaluations (sub-expressions and forced thunks) accepted.
pub(crate) const MAX_EVAL_DEPTH: u32 = 200;

/// What looking up an attribute path found.
#[derive(Debug)]
pub(crate) enum Lookup {
    Found(Found),
    /// Attribute `path[depth]` is absent.
    Missing {
        depth: usize,
    },
    /// `path[..depth]` holds a value that is not an attribute set, defined at `definition`.
    NotASet {
        depth: usize,
        type_name: &'static str,
        definition: Option<Range<usize>>,
    },
}

/// Something evaluation went through, with where (`took the then branch`, `unwrapped lib.mkDefault`).
pub(crate) type Note = (String, Option<Range<usize>>);

/// A value found at an attribute path, with where it came from.
#[derive(Debug)]
pub(crate) struct Found {
    pub(crate) value: Scalar,
    /// The attribute name of the definition.
    pub(crate) definition: Option<Range<usize>>,
    /// The expression that produced the value.
    pub(crate) expression: Option<Range<usize>>,
    /// What evaluating it went through, in order.
    pub(crate) notes: Vec<Note>,
}

/// A value as the rules see it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar {
    Int(i64),
    Float(f64),
    Str(String),
    /// Anything else, by its type name ("a Boolean", "a list", ...).
    Other(&'static str),
}

/// Checks and lowers `text`, a Nix expression.
pub(crate) fn parse(text: &str) -> Result<ir::Program, ProfileError> {
    check_nesting(text)?;
    let prepared = syntax::lexer::prepare(text).map_err(ProfileError::from_syntax)?;
    let parse = rnix::Root::parse(&prepared.text);
    let res = match (parse.errors().first(), parse.tree().expr()) {
        (Some(err), _) => Err(ProfileError::from_syntax(syntax::parse_error(&parse.syntax(), err))),
        (None, None) => {
            let message = "unexpected end of file, expected an expression";
            Err(ProfileError::new(ProfileErrorKind::Syntax, message, Some(0..0)))
        }
        (None, Some(root)) => lower::lower(&root),
    };
    // rnix's ranges are ranges of the prepared text.
    match res {
        Ok(mut program) => {
            program.map_ranges(|range| prepared.original_range(range));
            Ok(program)
        }
        Err(mut err) => {
            err.map_ranges(|range| prepared.original_range(range));
            Err(err)
        }
    }
}

/// Whether `text` is Nix as far as syntax goes (lexing and parsing; variables are not checked).
pub(crate) fn is_nix_syntax(text: &str) -> bool {
    if check_nesting(text).is_err() {
        return false;
    }
    match syntax::lexer::prepare(text) {
        Ok(prepared) => rnix::Root::parse(&prepared.text).errors().is_empty(),
        Err(_) => false,
    }
}

/// Rejects text whose syntax tree could nest deeper than the evaluator follows.
fn check_nesting(text: &str) -> Result<(), ProfileError> {
    match crate::nesting::too_deep(text, MAX_SOURCE_NESTING) {
        None => Ok(()),
        Some(range) => Err(ProfileError::new(
            ProfileErrorKind::Limit,
            format!(
                "expression nested too deeply (hmopt evaluates at most {MAX_SOURCE_NESTING} levels)"
            ),
            Some(range),
        )),
    }
}

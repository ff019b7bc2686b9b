//! One module per rule. Each holds the rule's documentation (from `core/docs/rules/<name>.md`)
//! and a `check` function that reads the [`crate::lint::model::Model`] and pushes diagnostics,
//! or, for the rules that look at one attribute set alone, a `check_set` function ([`check_set`]).

use crate::lint::model::AttrSetInfo;
use crate::lint::{Diagnostic, Rule, RuleSet};

pub(crate) mod cc_flags_in_bintools_wrapper;
pub(crate) mod compiler_flag_in_ldflags;
pub(crate) mod denied_variable;
pub(crate) mod env_drops_upstream;
pub(crate) mod env_non_string;
pub(crate) mod env_overlap;
pub(crate) mod internal_variable;
pub(crate) mod structured_attrs_toplevel;
pub(crate) mod syntax_error;
pub(crate) mod unknown_variable;

/// The findings of the `rules` that look at one attribute set alone (the `env` rules), in `set`
/// of `source`. What they find in a set depends on nothing outside it, which lets a model piece
/// keep them.
pub(crate) fn check_set(
    source: &str,
    set: &AttrSetInfo<'_>,
    rules: RuleSet,
    out: &mut Vec<Diagnostic>,
) {
    if rules.contains(Rule::EnvNonString) {
        env_non_string::check_set(set, out);
    }
    if rules.contains(Rule::EnvOverlap) {
        env_overlap::check_set(set, out);
    }
    if rules.contains(Rule::EnvDropsUpstream) {
        env_drops_upstream::check_set(source, set, out);
    }
    if rules.contains(Rule::StructuredAttrsToplevel) {
        structured_attrs_toplevel::check_set(set, out);
    }
}

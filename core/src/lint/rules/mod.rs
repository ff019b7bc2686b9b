//! One module per rule. Each holds the rule's documentation (from `core/docs/rules/<name>.md`)
//! and a `check` function that reads the [`crate::lint::model::Model`] and pushes diagnostics.

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

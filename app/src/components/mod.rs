//! Reusable widgets.

pub mod search;
pub mod shell;

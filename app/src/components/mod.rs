//! Reusable widgets.

pub mod editor;
pub mod search;
pub mod shell;

//! One routed page per module.

pub mod decisions;
pub mod doc;
pub mod memory;
pub mod not_found;
pub mod validate;

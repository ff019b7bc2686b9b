//! # hmopt-core
//!
//! The library behind the `hmopt` command and the hmopt site. It does no I/O: text goes in,
//! data comes out, and it builds for `wasm32-unknown-unknown`.
#![deny(missing_docs)]

pub mod calc;
pub mod knowledge;
pub mod lint;
mod nesting;
mod syntax;
pub mod text;

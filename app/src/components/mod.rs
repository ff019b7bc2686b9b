//! The frame and the editor, as the prerenderer writes them.

pub mod editor;
pub mod shell;

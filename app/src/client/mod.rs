//! The page's WebAssembly. It never redraws what the prerenderer wrote: it attaches the islands
//! (the theme toggle, the search box, the decision filters, the playgrounds) to the existing
//! DOM, and navigates by fetching the next page's HTML and swapping everything but the header.

mod decisions;
mod editor;
mod memory;
mod nav;
mod playground;
mod search;
mod validate;
mod workers;

use std::any::Any;
use std::cell::RefCell;

use crate::browser::{self, Listener};

std::thread_local! {
    /// The islands of the page's content, detached when the next page replaces it.
    static PAGE: RefCell<Option<Box<dyn Any>>> = const { RefCell::new(None) };
}

/// Brings the prerendered page to life.
pub fn start() {
    browser::install_panic_hook();
    let document = browser::document();
    if let Some(toggle) = browser::query(&document, ".theme-toggle") {
        Listener::new(&toggle, "click", |_| browser::toggle_theme()).forever();
    }
    search::mount(&document);
    nav::install();
    mount_page();
    // Tests (and curious readers) can tell the live page from the prerendered one.
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("data-app", "ready");
    }
}

/// Attaches the islands of the page's content (after a load, or after navigating).
fn mount_page() {
    drop(PAGE.take());
    let document = browser::document();
    let island: Option<Box<dyn Any>> = if let Some(it) = decisions::mount(&document) {
        Some(Box::new(it))
    } else if let Some(it) = validate::mount(&document) {
        Some(Box::new(it))
    } else if let Some(it) = memory::mount(&document) {
        Some(Box::new(it))
    } else {
        None
    };
    PAGE.set(island);
}

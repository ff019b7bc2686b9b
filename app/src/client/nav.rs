//! Navigation without reloading: a click on a link to another page of the site fetches that
//! page's prerendered HTML and swaps everything below `#app` except the header (which keeps
//! the search box), then attaches the new page's islands. Files (`feed.xml`), other sites,
//! fragments of the page shown and modified clicks are the browser's.

use std::cell::{Cell, RefCell};

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DomParser, Element, HtmlAnchorElement, MouseEvent, SupportedType, Url};

use crate::browser::{self, Listener, document, window};

std::thread_local! {
    /// The path and query of the page shown.
    static SHOWN: RefCell<String> = const { RefCell::new(String::new()) };
    /// Counts navigations, so that only the last one started swaps the page.
    static GENERATION: Cell<u32> = const { Cell::new(0) };
}

/// Listens for clicks on links and for the history's back and forward.
pub(crate) fn install() {
    SHOWN.set(shown_key(&window().location().href().unwrap_or_default()));
    Listener::new(&document(), "click", |event| {
        let event: MouseEvent = event.unchecked_into();
        if let Some(href) = internal_target(&event) {
            event.prevent_default();
            if shown_key(&href) != SHOWN.with_borrow(Clone::clone) {
                wasm_bindgen_futures::spawn_local(go(href, true));
            }
        }
    })
    .forever();
    Listener::new(&window(), "popstate", |_| {
        let href = window().location().href().unwrap_or_default();
        if shown_key(&href) != SHOWN.with_borrow(Clone::clone) {
            wasm_bindgen_futures::spawn_local(go(href, false));
        }
    })
    .forever();
    // Back and forward return to where the reader was, once the page is swapped in (the
    // browser would scroll before it is there).
    if let Ok(history) = window().history() {
        let _ = js_sys::Reflect::set(&history, &"scrollRestoration".into(), &"manual".into());
    }
}

/// The scroll position kept in the history entry shown, if any.
fn saved_scroll() -> Option<f64> {
    let state = window().history().ok()?.state().ok()?;
    js_sys::Reflect::get(&state, &"scrollY".into()).ok()?.as_f64()
}

/// Keeps the scroll position in the history entry shown.
fn save_scroll() {
    let Ok(history) = window().history() else { return };
    let state = js_sys::Object::new();
    let _ =
        js_sys::Reflect::set(&state, &"scrollY".into(), &window().scroll_y().unwrap_or(0.0).into());
    let _ = history.replace_state(&state, "");
}

/// The URL a click should navigate to without reloading, if it should.
fn internal_target(event: &MouseEvent) -> Option<String> {
    let modified = event.meta_key() || event.ctrl_key() || event.shift_key() || event.alt_key();
    if event.default_prevented() || event.button() != 0 || modified {
        return None;
    }
    let anchor = browser::event_element(event)?.closest("a[href]").ok()??;
    if anchor.has_attribute("target") || anchor.has_attribute("download") {
        return None;
    }
    let href = anchor.dyn_ref::<HtmlAnchorElement>()?.href();
    let url = Url::new(&href).ok()?;
    let base = Url::new(&document().base_uri().ok()??).ok()?;
    if url.origin() != base.origin() {
        return None;
    }
    let path = url.pathname();
    let page = path.strip_prefix(&base.pathname())?;
    // A file (`feed.xml`, `search.json`) is not a page.
    if page.rsplit('/').next().is_some_and(|it| it.contains('.')) {
        return None;
    }
    // A fragment of the page shown: the browser scrolls (and keeps the history).
    if shown_key(&href) == SHOWN.with_borrow(Clone::clone) && !url.hash().is_empty() {
        return None;
    }
    Some(href)
}

/// Path and query of `href`: what tells pages apart.
fn shown_key(href: &str) -> String {
    match Url::new(href) {
        Ok(url) => format!("{}{}", url.pathname(), url.search()),
        Err(_) => href.to_owned(),
    }
}

/// Shows the page at `href`; `push` adds it to the history (a click) rather than following it
/// (back and forward). Falls back to loading the page when it cannot be fetched.
async fn go(href: String, push: bool) {
    let generation = GENERATION.get() + 1;
    GENERATION.set(generation);
    let fetched = browser::fetch(&href).await;
    if GENERATION.get() != generation {
        return;
    }
    // The 404 page is a page too.
    let Ok((200 | 404, html)) = fetched else { return load(&href) };
    let Some(next) = DomParser::new()
        .ok()
        .and_then(|it| it.parse_from_string(&html, SupportedType::TextHtml).ok())
    else {
        return load(&href);
    };
    let document = document();
    let (Some(app), Some(next_app)) =
        (document.get_element_by_id("app"), next.get_element_by_id("app"))
    else {
        return load(&href);
    };
    swap(&app, &next_app);
    document.set_title(&next.title());
    let description = |it: &web_sys::Document| browser::query(it, "meta[name=description]");
    if let (Some(meta), Some(next_meta)) = (description(&document), description(&next)) {
        let _ =
            meta.set_attribute("content", &next_meta.get_attribute("content").unwrap_or_default());
    }
    if push && let Ok(history) = window().history() {
        save_scroll();
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&href));
    }
    SHOWN.set(shown_key(&href));
    super::mount_page();
    match (push, saved_scroll()) {
        (false, Some(top)) => window().scroll_to_with_x_and_y(0.0, top),
        _ if browser::scroll_to_fragment() => {}
        _ => window().scroll_to_with_x_and_y(0.0, 0.0),
    }
}

/// Replaces the children of `app` but its header with those of `next` (a parsed page).
fn swap(app: &Element, next: &Element) {
    let header = browser::query(app, "header.site-header");
    let old: Vec<Element> = children(app);
    for child in old {
        if Some(&child) != header.as_ref() {
            child.remove();
        }
    }
    let document = document();
    let mut before_header = header.is_some();
    for child in children(next) {
        if child.matches("header.site-header").unwrap_or(false) {
            before_header = false;
            continue;
        }
        let Ok(node) = document.adopt_node(&child) else { continue };
        let _ = match (&header, before_header) {
            (Some(header), true) => app.insert_before(&node, Some(header)),
            _ => app.append_child(&node),
        };
    }
}

fn children(element: &Element) -> Vec<Element> {
    let list = element.children();
    (0..list.length()).filter_map(|idx| list.item(idx)).collect()
}

fn load(href: &str) {
    let _ = window().location().assign(href);
}

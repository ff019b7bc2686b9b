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
    /// Whether a scroll position waits to be saved.
    static SAVE_PENDING: Cell<bool> = const { Cell::new(false) };
    /// Whether a page is being fetched: the history may already show its address while the
    /// page left is still on screen, so scrolling is not saved.
    static LOADING: Cell<bool> = const { Cell::new(false) };
}

/// Listens for clicks on links and for the history's back and forward.
pub(crate) fn install() {
    SHOWN.set(shown_key(&window().location().href().unwrap_or_default()));
    Listener::new(&document(), "click", |event| {
        let event: MouseEvent = event.unchecked_into();
        let Some(href) = internal_target(&event) else { return };
        event.prevent_default();
        // Where the reader was, before anything of the next page is shown.
        save_scroll();
        if shown_key(&href) == SHOWN.with_borrow(Clone::clone) {
            // A link to the page shown (without a fragment) shows its top and, as a load of the
            // same address would, replaces its history entry.
            cancel_navigation();
            if let Ok(history) = window().history() {
                let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&href));
            }
            window().scroll_to_with_x_and_y(0.0, 0.0);
        } else {
            wasm_bindgen_futures::spawn_local(go(href, true));
        }
    })
    .forever();
    Listener::new(&window(), "popstate", |_| {
        // A save still pending was for the entry left; this one keeps its own.
        SAVE_PENDING.set(false);
        let href = window().location().href().unwrap_or_default();
        if shown_key(&href) == SHOWN.with_borrow(Clone::clone) {
            // Another entry of the page shown (a fragment): no page to fetch, and one still
            // being fetched is no longer wanted.
            cancel_navigation();
            restore_scroll();
        } else {
            wasm_bindgen_futures::spawn_local(go(href, false));
        }
    })
    .forever();
    // Back and forward return to where the reader was, once the page is swapped in (the
    // browser would scroll before it is there). The position is kept in each history entry as
    // the reader scrolls, and when the page is left or reloaded.
    if let Ok(history) = window().history() {
        let _ = js_sys::Reflect::set(&history, &"scrollRestoration".into(), &"manual".into());
    }
    Listener::new(&window(), "scroll", |_| save_scroll_soon()).forever();
    Listener::new(&window(), "pagehide", |_| save_scroll()).forever();
    // A reload, or a return from another site, to an entry that kept its position.
    if let Some(top) = saved_scroll() {
        window().scroll_to_with_x_and_y(0.0, top);
    }
}

/// Makes a navigation still fetching its page give up.
fn cancel_navigation() {
    GENERATION.set(GENERATION.get() + 1);
    LOADING.set(false);
}

/// Scrolls to where the history entry shown was left, else to its fragment, else to the top.
fn restore_scroll() {
    match saved_scroll() {
        Some(top) => window().scroll_to_with_x_and_y(0.0, top),
        None if browser::scroll_to_fragment() => {}
        None => window().scroll_to_with_x_and_y(0.0, 0.0),
    }
}

/// The scroll position kept in the history entry shown, if any.
fn saved_scroll() -> Option<f64> {
    let state = window().history().ok()?.state().ok()?;
    js_sys::Reflect::get(&state, &"scrollY".into()).ok()?.as_f64()
}

/// Keeps the scroll position in the history entry shown.
fn save_scroll() {
    SAVE_PENDING.set(false);
    let Ok(history) = window().history() else { return };
    let state = js_sys::Object::new();
    let _ =
        js_sys::Reflect::set(&state, &"scrollY".into(), &window().scroll_y().unwrap_or(0.0).into());
    let _ = history.replace_state(&state, "");
}

/// [`save_scroll`] once scrolling has paused for a moment (`replaceState` on every scroll event
/// would be throttled by the browser).
fn save_scroll_soon() {
    if LOADING.get() || SAVE_PENDING.replace(true) {
        return;
    }
    let save = Closure::once_into_js(|| {
        if SAVE_PENDING.get() && !LOADING.get() {
            save_scroll();
        }
    });
    let _ =
        window().set_timeout_with_callback_and_timeout_and_arguments_0(save.unchecked_ref(), 150);
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
    LOADING.set(true);
    let fetched = browser::fetch(&href).await;
    if GENERATION.get() != generation {
        return;
    }
    LOADING.set(false);
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
        // A pending save belongs to the entry left (saved at the click), not to this one.
        SAVE_PENDING.set(false);
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&href));
    }
    SHOWN.set(shown_key(&href));
    super::mount_page();
    // Keyboard and screen-reader users continue in the new page, as after a load (focus would
    // otherwise fall back to the body); the scroll position is restore_scroll's.
    if let Some(main) = document.get_element_by_id("main").as_ref().and_then(browser::html_element)
    {
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = main.focus_with_options(&options);
    }
    restore_scroll();
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

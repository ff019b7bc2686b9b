//! The few browser APIs the page uses, in one place.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Document, Element, EventTarget, HtmlElement, Window};

use crate::share;

/// The key under which the chosen theme is kept (read by `public/theme.js` before the first
/// paint).
pub const THEME_KEY: &str = "hmopt-theme";

pub fn window() -> Window {
    web_sys::window().expect("the page has a window")
}

pub fn document() -> Document {
    window().document().expect("the page has a document")
}

/// The first element matching `selector` under `root`.
pub fn query(root: &impl AsRef<web_sys::Node>, selector: &str) -> Option<Element> {
    let node = root.as_ref();
    let res = match node.dyn_ref::<Document>() {
        Some(document) => document.query_selector(selector),
        None => node.unchecked_ref::<Element>().query_selector(selector),
    };
    res.ok().flatten()
}

/// Every element matching `selector` under `root`.
pub fn query_all(root: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(selector) else { return Vec::new() };
    (0..list.length()).filter_map(|idx| list.item(idx)?.dyn_into().ok()).collect()
}

/// The text area's text, both as the JavaScript string it holds (to post to a worker: making
/// it again from the Rust string would cost about a millisecond a megabyte) and as a Rust string.
pub fn textarea_text(textarea: &web_sys::HtmlTextAreaElement) -> (JsValue, String) {
    let js = js_sys::Reflect::get(textarea, &"value".into()).unwrap_or(JsValue::UNDEFINED);
    let text = js.as_string().unwrap_or_default();
    (js, text)
}

/// Puts `text` in `textarea`; the same text as a JavaScript string (see [`textarea_text`]).
pub fn set_textarea_text(textarea: &web_sys::HtmlTextAreaElement, text: &str) -> JsValue {
    let js = JsValue::from_str(text);
    let _ = js_sys::Reflect::set(textarea, &"value".into(), &js);
    js
}

/// An event listener, removed when dropped.
pub struct Listener {
    target: EventTarget,
    kind: &'static str,
    closure: Closure<dyn FnMut(web_sys::Event)>,
}

impl Listener {
    /// Calls `handler` on every `kind` event of `target`.
    pub fn new(
        target: &EventTarget,
        kind: &'static str,
        handler: impl FnMut(web_sys::Event) + 'static,
    ) -> Listener {
        let closure = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
        let _ = target.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref());
        Listener { target: target.clone(), kind, closure }
    }

    /// Keeps listening for the rest of the page's life.
    pub fn forever(self) {
        std::mem::forget(self);
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback(self.kind, self.closure.as_ref().unchecked_ref());
    }
}

/// Flips the colour theme and remembers the choice.
pub fn toggle_theme() {
    let Some(root) = document().document_element() else { return };
    let current = root.get_attribute("data-theme").unwrap_or_else(|| {
        let dark = window()
            .match_media("(prefers-color-scheme: dark)")
            .ok()
            .flatten()
            .is_some_and(|it| it.matches());
        if dark { "dark" } else { "light" }.to_owned()
    });
    let next = if current == "dark" { "light" } else { "dark" };
    let _ = root.set_attribute("data-theme", next);
    save(THEME_KEY, next);
}

/// Reads a text saved with [`save`] (or with [`save_soon`], even if not saved yet: a page
/// that is shown again reads what it had).
pub fn load(key: &str) -> Option<String> {
    flush_unsaved();
    let stored = window().local_storage().ok()??.get_item(key).ok()??;
    js_sys::JSON::parse(&stored).ok()?.as_string()
}

/// Saves a text in localStorage, JSON-encoded (silently does nothing when storage is
/// unavailable or full).
pub fn save(key: &str, value: &str) {
    save_js(key, &JsValue::from_str(value));
}

#[wasm_bindgen]
extern "C" {
    /// `Storage`, bound here for a `setItem` that takes a JavaScript string (web-sys's takes a
    /// Rust one, which a megabyte of text would be converted to and back from).
    #[wasm_bindgen(js_name = Storage)]
    type JsStorage;
    #[wasm_bindgen(method, catch, js_class = Storage, js_name = setItem)]
    fn set_item(this: &JsStorage, key: &str, value: &JsValue) -> Result<(), JsValue>;
}

/// [`save`] for `value`, a JavaScript string.
fn save_js(key: &str, value: &JsValue) {
    let Ok(Some(storage)) = window().local_storage() else { return };
    let saved = js_sys::JSON::stringify(value)
        .is_ok_and(|encoded| storage.unchecked_ref::<JsStorage>().set_item(key, &encoded).is_ok());
    // A full storage throws: then an older text must not come back instead.
    if !saved {
        let _ = storage.remove_item(key);
    }
}

/// How long after the last [`save_soon`] its texts are saved, in milliseconds.
const SAVE_AFTER_MS: i32 = 1000;

std::thread_local! {
    /// The texts [`save_soon`] has yet to save, by key.
    static UNSAVED: std::cell::RefCell<Vec<(&'static str, JsValue)>> = const { std::cell::RefCell::new(Vec::new()) };
    /// The timer that will save them, if any.
    static SAVE_TIMER: std::cell::Cell<Option<i32>> = const { std::cell::Cell::new(None) };
    /// What the timer calls: one closure for the page's life (a closure a cleared timer never
    /// called would leak).
    static FLUSH: Closure<dyn FnMut()> = Closure::new(flush_unsaved);
    /// Whether leaving the page saves them.
    static SAVES_ON_PAGEHIDE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Saves a text (a JavaScript string) like [`save`], once the reader has paused for a second,
/// or when they leave the page. Saving a megabyte takes tens of milliseconds (encoding 3-10,
/// localStorage 7-16), which must not fall between two keystrokes.
pub fn save_soon(key: &'static str, value: &JsValue) {
    UNSAVED.with_borrow_mut(|unsaved| {
        unsaved.retain(|it| it.0 != key);
        unsaved.push((key, value.clone()));
    });
    if let Some(timer) = SAVE_TIMER.take() {
        window().clear_timeout_with_handle(timer);
    }
    let timer = FLUSH.with(|flush| {
        window().set_timeout_with_callback_and_timeout_and_arguments_0(
            flush.as_ref().unchecked_ref(),
            SAVE_AFTER_MS,
        )
    });
    SAVE_TIMER.set(timer.ok());
    if !SAVES_ON_PAGEHIDE.replace(true) {
        Listener::new(&window(), "pagehide", |_| flush_unsaved()).forever();
    }
}

fn flush_unsaved() {
    if let Some(timer) = SAVE_TIMER.take() {
        window().clear_timeout_with_handle(timer);
    }
    for (key, value) in UNSAVED.take() {
        save_js(key, &value);
    }
}

/// Shows a message instead of a dead page when the WebAssembly panics, and logs the panic.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let document = document();
        if let Ok(banner) = document.create_element("div") {
            banner.set_class_name("panic-banner");
            let _ = banner.set_attribute("role", "alert");
            banner.set_text_content(Some(
                "Something went wrong in this page's WebAssembly. Reload the page; if it happens again, please report it.",
            ));
            if let Some(body) = document.body() {
                let _ = body.prepend_with_node_1(&banner);
            }
        }
    }));
}

/// The response to a GET of `url` (relative to `<base href>`), with its status and text, or
/// why it could not be had.
pub async fn fetch(url: &str) -> Result<(u16, String), String> {
    let failed = |_| format!("cannot fetch {url}");
    let response = JsFuture::from(window().fetch_with_str(url)).await.map_err(failed)?;
    let response: web_sys::Response = response.unchecked_into();
    let text = JsFuture::from(response.text().map_err(failed)?).await.map_err(failed)?;
    Ok((response.status(), text.as_string().ok_or_else(|| format!("{url} is not text"))?))
}

/// The text of the file at `url`, or why it cannot be had.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    match fetch(url).await? {
        (200, text) => Ok(text),
        (status, _) => Err(format!("{url}: HTTP {status}")),
    }
}

/// Scrolls to the element the URL fragment names, if there is one (not a `#code=` share);
/// whether it did.
pub fn scroll_to_fragment() -> bool {
    let Ok(hash) = window().location().hash() else { return false };
    let Some(id) = hash.strip_prefix('#').filter(|it| !it.is_empty() && !it.contains('=')) else {
        return false;
    };
    let id = js_sys::decode_uri_component(id).ok().and_then(|it| it.as_string());
    match id.and_then(|id| document().get_element_by_id(&id)) {
        Some(element) => {
            element.scroll_into_view();
            true
        }
        None => false,
    }
}

/// `text` compressed (raw deflate, by the browser's `CompressionStream`, so that no deflate
/// code ships in the WebAssembly) and encoded as base64url without padding.
pub async fn encode_share(text: &str) -> Result<String, String> {
    match deflate_raw(text.as_bytes(), true).await {
        Some(bytes) => Ok(share::base64url_encode(&bytes)),
        None => Err("this browser cannot compress (no CompressionStream)".to_owned()),
    }
}

/// The text of an [`encode_share`] payload, or why it cannot be read.
pub async fn decode_share(payload: &str) -> Result<String, String> {
    let compressed = share::payload_bytes(payload)?;
    let Some(bytes) = deflate_raw(&compressed, false).await else {
        return Err("this share link is damaged (cannot be decompressed)".to_owned());
    };
    share::expanded_text(bytes)
}

/// Compresses (or decompresses) `bytes` as raw deflate with the browser's
/// `CompressionStream("deflate-raw")` (or `DecompressionStream`); `None` when the browser
/// lacks it or the data is not valid deflate.
async fn deflate_raw(bytes: &[u8], compress: bool) -> Option<Vec<u8>> {
    let pair: JsValue = match compress {
        true => streams::CompressionStream::new("deflate-raw").ok()?.into(),
        false => streams::DecompressionStream::new("deflate-raw").ok()?.into(),
    };
    let mut copy = bytes.to_vec();
    let source = web_sys::Response::new_with_opt_u8_array(Some(&mut copy)).ok()?.body()?;
    let piped = source.pipe_through(pair.unchecked_ref::<web_sys::ReadableWritablePair>());
    let response = web_sys::Response::new_with_opt_readable_stream(Some(&piped)).ok()?;
    let buffer = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The compression streams, which web-sys only offers behind `web_sys_unstable_apis`.
mod streams {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        pub type CompressionStream;
        #[wasm_bindgen(constructor, catch)]
        pub fn new(format: &str) -> Result<CompressionStream, JsValue>;

        pub type DecompressionStream;
        #[wasm_bindgen(constructor, catch)]
        pub fn new(format: &str) -> Result<DecompressionStream, JsValue>;
    }
}

/// The payload of a `#code=` fragment in the address bar, if there is one.
pub fn share_fragment() -> Option<String> {
    let hash = window().location().hash().ok()?;
    hash.strip_prefix(share::SHARE_PREFIX).map(str::to_owned)
}

/// Puts `#<fragment>` in the address bar without navigating or adding a history entry, or
/// removes the fragment when `fragment` is empty. Returns the full URL.
pub fn replace_fragment(fragment: &str) -> String {
    let location = window().location();
    let base = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    let url = if fragment.is_empty() { base } else { format!("{base}#{fragment}") };
    if let Ok(history) = window().history() {
        let state = history.state().unwrap_or(JsValue::NULL);
        let _ = history.replace_state_with_url(&state, "", Some(&url));
    }
    location.href().unwrap_or(url)
}

/// Removes a `#code=` fragment from the address bar once the shared text has been edited, so
/// that a reload shows the latest text rather than the shared one.
pub fn clear_share_fragment() {
    if share_fragment().is_some() {
        replace_fragment("");
    }
}

/// Copies `text` to the clipboard when the browser allows it; failures are silent (the link is
/// in the address bar anyway).
pub fn copy_to_clipboard(text: &str) {
    let clipboard = window().navigator().clipboard();
    // `navigator.clipboard` is missing outside secure contexts.
    if clipboard.is_undefined() {
        return;
    }
    let promise = clipboard.write_text(text);
    // Await the promise so that a refusal is not reported as an unhandled rejection.
    wasm_bindgen_futures::spawn_local(async move {
        let _ = JsFuture::from(promise).await;
    });
}

/// Focuses `textarea`, selects UTF-16 offsets `start..end` and scrolls 1-based `line` into
/// view.
pub fn select_range(textarea: &web_sys::HtmlTextAreaElement, start: u32, end: u32, line: u32) {
    let _ = textarea.focus();
    let _ = textarea.set_selection_range(start, end);
    let line_height = window()
        .get_computed_style(textarea)
        .ok()
        .flatten()
        .and_then(|style| style.get_property_value("line-height").ok())
        .and_then(|it| it.trim_end_matches("px").parse::<f64>().ok())
        .unwrap_or(20.0);
    let top = f64::from(line.saturating_sub(1)) * line_height;
    let visible = f64::from(textarea.client_height());
    let current = f64::from(textarea.scroll_top());
    if top < current || current + visible - 2.0 * line_height < top {
        textarea.set_scroll_top((top - visible / 3.0).max(0.0) as i32);
    }
}

/// Whether the reader has selected text on the page (say, to copy a message).
pub fn has_text_selection() -> bool {
    window().get_selection().ok().flatten().is_some_and(|it| !it.is_collapsed())
}

/// The element an event started on, if it is one.
pub fn event_element(event: &web_sys::Event) -> Option<Element> {
    event.target()?.dyn_into().ok()
}

/// Calls `callback` in a task of its own, as soon as the browser gets to it.
pub fn soon(callback: impl FnOnce() + 'static) {
    let closure = Closure::once_into_js(callback);
    let _ =
        window().set_timeout_with_callback_and_timeout_and_arguments_0(closure.unchecked_ref(), 0);
}

/// Calls `callback` before the next repaint.
pub fn on_next_frame(callback: impl FnOnce() + 'static) {
    let closure = Closure::once_into_js(callback);
    let _ = window().request_animation_frame(closure.unchecked_ref());
}

/// `element` as an `HtmlElement`, to focus it.
pub fn html_element(element: &Element) -> Option<&HtmlElement> {
    element.dyn_ref()
}

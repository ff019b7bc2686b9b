//! The few browser APIs the site uses, in one place. Natively (in the prerenderer) they do
//! nothing: event handlers never run there.

/// The key under which the chosen theme is kept.
pub const THEME_KEY: &str = "hmopt-theme";

/// Flips the colour theme and remembers the choice.
pub fn toggle_theme() {
    #[cfg(target_arch = "wasm32")]
    {
        use gloo_storage::Storage;
        let Some(root) = leptos::prelude::document().document_element() else { return };
        let current = root.get_attribute("data-theme").unwrap_or_else(|| {
            let dark = leptos::prelude::window()
                .match_media("(prefers-color-scheme: dark)")
                .ok()
                .flatten()
                .is_some_and(|it| it.matches());
            if dark { "dark" } else { "light" }.to_owned()
        });
        let next = if current == "dark" { "light" } else { "dark" };
        let _ = root.set_attribute("data-theme", next);
        let _ = gloo_storage::LocalStorage::set(THEME_KEY, next);
    }
}

/// Milliseconds since the page started, for timing checks.
pub fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        leptos::prelude::window().performance().map_or(0.0, |it| it.now())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

/// Reads a value saved in localStorage.
pub fn load(key: &str) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        use gloo_storage::Storage;
        gloo_storage::LocalStorage::get::<String>(key).ok()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = key;
        None
    }
}

/// Saves a value in localStorage (silently does nothing when storage is unavailable).
pub fn save(key: &str, value: &str) {
    #[cfg(target_arch = "wasm32")]
    {
        use gloo_storage::Storage;
        let _ = gloo_storage::LocalStorage::set(key, value);
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (key, value);
    }
}

/// Shows a message instead of a dead page when the WebAssembly panics, and logs the panic.
pub fn install_panic_hook() {
    #[cfg(target_arch = "wasm32")]
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let document = leptos::prelude::document();
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

/// The text of the file at `url` (relative to `<base href>`), or why it cannot be had.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        use wasm_bindgen_futures::JsFuture;
        let failed = |_| format!("cannot fetch {url}");
        let response =
            JsFuture::from(leptos::prelude::window().fetch_with_str(url)).await.map_err(failed)?;
        let response: web_sys::Response = response.unchecked_into();
        if !response.ok() {
            return Err(format!("{url}: HTTP {}", response.status()));
        }
        let text = JsFuture::from(response.text().map_err(failed)?).await.map_err(failed)?;
        text.as_string().ok_or_else(|| format!("{url} is not text"))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        Err(format!("cannot fetch {url} outside a browser"))
    }
}

std::thread_local! {
    /// Page bodies already in hand, by route: the prerendered one and those fetched since.
    static BODIES: std::cell::RefCell<std::collections::HashMap<String, String>> =
        std::cell::RefCell::default();
}

/// Keeps the body of the page at `route` for later visits.
pub fn remember_body(route: &str, html: &str) {
    BODIES.with_borrow_mut(|it| it.insert(route.to_owned(), html.to_owned()));
}

/// The body of the page at `route`, if it was seen before.
pub fn cached_body(route: &str) -> Option<String> {
    BODIES.with_borrow(|it| it.get(route).cloned())
}

/// Scrolls to the element the URL fragment names, if there is one (not a `#code=` share).
pub fn scroll_to_fragment() {
    #[cfg(target_arch = "wasm32")]
    {
        let Ok(hash) = gloo_utils::window().location().hash() else { return };
        let Some(id) = hash.strip_prefix('#').filter(|it| !it.is_empty() && !it.contains('='))
        else {
            return;
        };
        if let Some(element) = gloo_utils::document().get_element_by_id(id) {
            element.scroll_into_view();
        }
    }
}

/// The URL fragment prefix of a shared text: `#code=<base64url of raw deflate>`.
pub const SHARE_PREFIX: &str = "#code=";

/// The largest compressed text a share link may carry, in bytes (the fragment is a third
/// larger once encoded).
pub const SHARE_LIMIT_BYTES: usize = 32 * 1024;

/// The largest text a share link may expand to.
const SHARE_MAX_TEXT_BYTES: usize = 4 * 1024 * 1024;

/// `text` compressed (raw deflate, by the browser's `CompressionStream`, so that no deflate
/// code ships in the WebAssembly) and encoded as base64url without padding.
pub async fn encode_share(text: &str) -> Result<String, String> {
    match deflate_raw(text.as_bytes(), true).await {
        Some(bytes) => Ok(base64url_encode(&bytes)),
        None => Err("this browser cannot compress (no CompressionStream)".to_owned()),
    }
}

/// The text of an [`encode_share`] payload, or why it cannot be read.
pub async fn decode_share(payload: &str) -> Result<String, String> {
    if SHARE_LIMIT_BYTES * 4 / 3 + 4 < payload.len() {
        return Err(format!(
            "this share link carries {} KB, more than the {} KB limit",
            payload.len() * 3 / 4 / 1024,
            SHARE_LIMIT_BYTES / 1024
        ));
    }
    let Some(compressed) = base64url_decode(payload) else {
        return Err("this share link is damaged (not base64url)".to_owned());
    };
    let Some(bytes) = deflate_raw(&compressed, false).await else {
        return Err("this share link is damaged (cannot be decompressed)".to_owned());
    };
    if SHARE_MAX_TEXT_BYTES < bytes.len() {
        return Err(format!(
            "this share link expands to more than {} MB",
            SHARE_MAX_TEXT_BYTES >> 20
        ));
    }
    String::from_utf8(bytes).map_err(|_| "this share link is damaged (not UTF-8 text)".to_owned())
}

/// Compresses (or decompresses) `bytes` as raw deflate with the browser's
/// `CompressionStream("deflate-raw")` (or `DecompressionStream`); `None` when the browser
/// lacks it or the data is not valid deflate.
async fn deflate_raw(bytes: &[u8], compress: bool) -> Option<Vec<u8>> {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        let pair: wasm_bindgen::JsValue = match compress {
            true => streams::CompressionStream::new("deflate-raw").ok()?.into(),
            false => streams::DecompressionStream::new("deflate-raw").ok()?.into(),
        };
        let mut copy = bytes.to_vec();
        let source = web_sys::Response::new_with_opt_u8_array(Some(&mut copy)).ok()?.body()?;
        let piped = source.pipe_through(pair.unchecked_ref::<web_sys::ReadableWritablePair>());
        let response = web_sys::Response::new_with_opt_readable_stream(Some(&piped)).ok()?;
        let buffer =
            wasm_bindgen_futures::JsFuture::from(response.array_buffer().ok()?).await.ok()?;
        Some(js_sys::Uint8Array::new(&buffer).to_vec())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (bytes, compress);
        None
    }
}

/// The compression streams, which web-sys only offers behind `web_sys_unstable_apis`.
#[cfg(target_arch = "wasm32")]
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

const BASE64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// RFC 4648 base64url without padding.
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut res = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(chunk.get(1).copied().unwrap_or(0)) << 8)
            | u32::from(chunk.get(2).copied().unwrap_or(0));
        let n_chars = chunk.len() + 1;
        for idx in 0..n_chars {
            res.push(BASE64URL[(n >> (18 - 6 * idx) & 63) as usize] as char);
        }
    }
    res
}

/// Decodes [`base64url_encode`]'s output; `None` on any other character or a dangling length.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    if text.len() % 4 == 1 {
        return None;
    }
    let mut res = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (idx, &byte) in chunk.iter().enumerate() {
            let value = match byte {
                b'A'..=b'Z' => byte - b'A',
                b'a'..=b'z' => byte - b'a' + 26,
                b'0'..=b'9' => byte - b'0' + 52,
                b'-' => 62,
                b'_' => 63,
                _ => return None,
            };
            n |= u32::from(value) << (18 - 6 * idx);
        }
        for idx in 0..chunk.len() - 1 {
            res.push((n >> (16 - 8 * idx)) as u8);
        }
    }
    Some(res)
}

/// The payload of a `#code=` fragment in the address bar, if there is one.
pub fn share_fragment() -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        let hash = gloo_utils::window().location().hash().ok()?;
        hash.strip_prefix(SHARE_PREFIX).map(str::to_owned)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}

/// Puts `#<fragment>` in the address bar without navigating or adding a history entry, or
/// removes the fragment when `fragment` is empty. Returns the full URL.
pub fn replace_fragment(fragment: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let location = gloo_utils::window().location();
        let base = format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        );
        let url = if fragment.is_empty() { base } else { format!("{base}#{fragment}") };
        let _ = gloo_utils::history().replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&url),
        );
        location.href().unwrap_or(url)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        fragment.to_owned()
    }
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
    #[cfg(target_arch = "wasm32")]
    {
        let clipboard = gloo_utils::window().navigator().clipboard();
        // `navigator.clipboard` is missing outside secure contexts.
        if clipboard.is_undefined() {
            return;
        }
        let promise = clipboard.write_text(text);
        // Await the promise so that a refusal is not reported as an unhandled rejection.
        leptos::task::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        });
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = text;
    }
}

/// Focuses text area `id`, selects UTF-16 offsets `start..end` and scrolls 1-based `line` into
/// view.
pub fn select_range(id: &str, start: u32, end: u32, line: u32) {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        let Some(textarea) = gloo_utils::document()
            .get_element_by_id(id)
            .and_then(|it| it.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        else {
            return;
        };
        let _ = textarea.focus();
        let _ = textarea.set_selection_range(start, end);
        let line_height = gloo_utils::window()
            .get_computed_style(&textarea)
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
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (id, start, end, line);
    }
}

/// Copies the scroll position of text area `id` to the layers drawn behind and beside it
/// (`<id>-highlight`, `<id>-gutter`).
pub fn sync_scroll(id: &str) {
    #[cfg(target_arch = "wasm32")]
    {
        let document = gloo_utils::document();
        let Some(textarea) = document.get_element_by_id(id) else { return };
        let (top, left) = (textarea.scroll_top(), textarea.scroll_left());
        if let Some(layer) = document.get_element_by_id(&format!("{id}-highlight")) {
            layer.set_scroll_top(top);
            layer.set_scroll_left(left);
        }
        if let Some(gutter) = document.get_element_by_id(&format!("{id}-gutter")) {
            gutter.set_scroll_top(top);
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = id;
    }
}

/// Whether the reader has selected text on the page (say, to copy a message).
pub fn has_text_selection() -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        gloo_utils::window().get_selection().ok().flatten().is_some_and(|it| !it.is_collapsed())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        false
    }
}

/// Whether `event` started inside an element matching `selector` (a link or button inside a
/// clickable row, say).
pub fn event_inside(event: &leptos::ev::MouseEvent, selector: &str) -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        event
            .target()
            .and_then(|it| it.dyn_into::<web_sys::Element>().ok())
            .and_then(|it| it.closest(selector).ok().flatten())
            .is_some()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (event, selector);
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips_every_length() {
        for len in 0..=10 {
            let bytes: Vec<u8> = (0..len).map(|it| (it * 97 + 251) as u8).collect();
            let encoded = base64url_encode(&bytes);
            assert!(
                encoded.bytes().all(|it| it.is_ascii_alphanumeric() || it == b'-' || it == b'_')
            );
            assert_eq!(base64url_decode(&encoded).unwrap(), bytes, "{encoded}");
        }
        assert_eq!(base64url_encode(b"\xfb\xff"), "-_8");
        assert_eq!(base64url_decode("a"), None);
        assert_eq!(base64url_decode("ab+c"), None);
    }

    #[test]
    fn share_payloads_are_checked_before_decompressing() {
        let poll = |payload: &str| {
            let future = std::pin::pin!(decode_share(payload));
            let mut context = std::task::Context::from_waker(std::task::Waker::noop());
            match future.poll(&mut context) {
                std::task::Poll::Ready(res) => res.unwrap_err(),
                std::task::Poll::Pending => panic!("{payload} needed the browser"),
            }
        };
        assert!(poll("%%%").contains("not base64url"));
        assert!(poll(&"A".repeat(SHARE_LIMIT_BYTES * 2)).contains("limit"));
        // Natively there is no CompressionStream: valid base64url reads as damaged.
        assert!(poll("AAAA").contains("cannot be decompressed"));
    }
}

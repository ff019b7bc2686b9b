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

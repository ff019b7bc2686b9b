//! The WebAssembly entry point: replaces the prerendered page with the live app.

#[cfg(target_arch = "wasm32")]
fn main() {
    use leptos::mount::mount_to;
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;

    hmopt_app::browser::install_panic_hook();
    let document = document();
    // The router works below the `<base href>` the build wrote (`/hmopt/` on GitHub Pages).
    let base = document
        .query_selector("base")
        .ok()
        .flatten()
        .and_then(|it| it.get_attribute("href"))
        .unwrap_or_default()
        .trim_end_matches('/')
        .to_owned();
    let Some(root) = document.get_element_by_id("app") else { return };
    // The app carries no page bodies: keep the prerendered one for the page it replaces.
    if let Some(body) = document.query_selector("#app .doc-body").ok().flatten() {
        let path = window().location().pathname().unwrap_or_default();
        let route = path.strip_prefix(&base).unwrap_or(&path).trim_matches('/').to_owned();
        hmopt_app::browser::remember_body(&route, &body.inner_html());
    }
    // Swap the prerendered HTML for the live app in one task, so nothing flashes.
    root.set_inner_html("");
    let root: web_sys::HtmlElement = root.unchecked_into();
    mount_to(root, move || view! { <hmopt_app::App base=base/> }).forget();
    // Tests (and curious readers) can tell the live app from the prerendered page.
    if let Some(html) = document.document_element() {
        let _ = html.set_attribute("data-app", "ready");
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "hmopt-app runs in the browser: build it with `cargo xtask dist` or `cargo xtask serve`"
    );
}

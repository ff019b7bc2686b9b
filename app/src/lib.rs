//! The hmopt site: the runtime-optimization decision record, plus the overlay validator and
//! memory calculator running on `hmopt-core` in the browser.
//!
//! Every route is prerendered to complete HTML at build time: `src/bin/prerender.rs` renders
//! [`RoutePage`] natively with Leptos for each entry of the one route table,
//! [`content::ROUTES`]. In the browser, the WebAssembly of `src/main.rs` keeps that DOM: it
//! attaches the interactive islands ([`client`]: search, theme, decision filters, the
//! playground editors) and navigates by fetching the next page's HTML. The playgrounds' work
//! runs in web workers (`src/bin/lint_worker.rs`, `src/bin/memory_worker.rs`) on [`tools`].
//!
//! Modules by where they run: [`markup`], [`highlight`], [`search`], [`share`], [`filters`] and
//! [`tools`] everywhere (natively tested); `content`, `pages`, `components`, `feed` and
//! `prerender` natively; [`browser`], [`client`] and [`worker`] in the browser.

#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod client;
#[cfg(not(target_arch = "wasm32"))]
pub mod components;
#[cfg(not(target_arch = "wasm32"))]
pub mod content;
#[cfg(not(target_arch = "wasm32"))]
pub mod feed;
pub mod filters;
pub mod highlight;
pub mod markup;
#[cfg(not(target_arch = "wasm32"))]
pub mod pages;
#[cfg(not(target_arch = "wasm32"))]
pub mod prerender;
#[cfg(not(target_arch = "wasm32"))]
pub mod routes;
pub mod search;
pub mod share;
pub mod tools;
#[cfg(target_arch = "wasm32")]
pub mod worker;

#[cfg(not(target_arch = "wasm32"))]
pub use page::{RoutePage, head};

#[cfg(not(target_arch = "wasm32"))]
mod page {
    use leptos::prelude::*;

    use crate::components::shell::Shell;
    use crate::content::{self, View};
    use crate::pages;

    /// The page for `route` inside the site's frame, as the prerenderer writes it.
    #[component]
    pub fn RoutePage(route: String) -> impl IntoView {
        let entry = content::route(&route);
        let body = match entry.map(|it| &it.view) {
            Some(View::Decisions) => pages::decisions::DecisionsPage().into_any(),
            Some(View::Validate) => pages::validate::ValidatePage().into_any(),
            Some(View::Memory) => pages::memory::MemoryPage().into_any(),
            Some(View::Doc(page)) => view! { <pages::doc::DocPage page=*page/> }.into_any(),
            None => pages::not_found::NotFoundPage().into_any(),
        };
        view! { <Shell route=entry>{body}</Shell> }
    }

    /// The `<title>` and description of a route, for the prerendered `<head>`.
    pub fn head(route: &str) -> (&'static str, &'static str) {
        match content::route(route) {
            Some(it) => (it.head_title, it.description),
            None => ("Page not found · hmopt", "This page does not exist."),
        }
    }
}

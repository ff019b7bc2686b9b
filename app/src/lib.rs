//! The hmopt site: the runtime-optimization decision record, plus the overlay validator and
//! memory calculator running on `hmopt-core` in the browser.
//!
//! Every route is prerendered to real HTML at build time (`src/bin/prerender.rs` renders the
//! same components natively); in the browser, `src/main.rs` mounts [`App`] in place of it and
//! the router takes over navigation. One table, [`content::ROUTES`], lists the routes for the
//! router, the prerenderer, the sitemap, the feed and the tests.

pub mod browser;
pub mod components;
pub mod content;
#[cfg(not(target_arch = "wasm32"))]
pub mod feed;
pub mod pages;
#[cfg(not(target_arch = "wasm32"))]
pub mod prerender;
pub mod routes;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_params_map;
use leptos_router::path;

use crate::components::shell::Shell;
use crate::content::View;

/// The whole site under the router. `base` is the deployment sub-path (`/hmopt`, or empty).
#[component]
pub fn App(base: String) -> impl IntoView {
    view! {
        <Router base=base>
            <Routes fallback=|| view! { <RoutePage route="404".to_owned()/> }>
                // Every path goes to the route table; unknown paths get the 404 page.
                <Route path=path!("/*path") view=AnyRoute/>
            </Routes>
        </Router>
    }
}

#[component]
fn AnyRoute() -> impl IntoView {
    let params = use_params_map();
    move || {
        let path = params.read().get("path").unwrap_or_default();
        view! { <RoutePage route=path/> }
    }
}

/// The page for `route` inside the site's frame. The prerenderer calls this directly, without
/// a router, so nothing below it may use router hooks.
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
    #[cfg(target_arch = "wasm32")]
    {
        let (title, _) = head(&route);
        document().set_title(title);
    }
    view! { <Shell route=entry>{body}</Shell> }
}

/// The `<title>` and description of a route, for the prerendered `<head>` and the browser tab.
pub fn head(route: &str) -> (&'static str, &'static str) {
    match content::route(route) {
        Some(it) => (it.head_title, it.description),
        None => ("Page not found · hmopt", "This page does not exist."),
    }
}

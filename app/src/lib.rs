//! The hmopt site: the runtime-optimization decision record, plus the overlay validator and
//! memory calculator running on `hmopt-core` in the browser.
//!
//! Every route is prerendered to real HTML at build time (`src/bin/prerender.rs` renders the
//! same components natively); in the browser, `src/main.rs` mounts [`App`] in place of it and
//! the router takes over navigation.

pub mod browser;
pub mod components;
pub mod content;
pub mod pages;
#[cfg(not(target_arch = "wasm32"))]
pub mod prerender;
pub mod routes;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_params_map;
use leptos_router::path;

use crate::components::shell::Shell;

/// The whole site under the router. `base` is the deployment sub-path (`/hmopt`, or empty).
#[component]
pub fn App(base: String) -> impl IntoView {
    view! {
        <Router base=base>
            <Routes fallback=|| view! { <RoutePage route="404".to_owned()/> }>
                <Route path=path!("") view=|| view! { <RoutePage route=String::new()/> }/>
                <Route path=path!("plan") view=|| view! { <RoutePage route="plan".to_owned()/> }/>
                <Route path=path!("adr/:number") view=AdrRoute/>
                <Route path=path!("decisions") view=|| view! { <RoutePage route="decisions".to_owned()/> }/>
                <Route path=path!("archive") view=|| view! { <RoutePage route="archive".to_owned()/> }/>
                <Route path=path!("standards") view=|| view! { <RoutePage route="standards".to_owned()/> }/>
                <Route path=path!("validate") view=|| view! { <RoutePage route="validate".to_owned()/> }/>
                <Route path=path!("memory") view=|| view! { <RoutePage route="memory".to_owned()/> }/>
                <Route path=path!("rules/:name") view=RuleRoute/>
            </Routes>
        </Router>
    }
}

#[component]
fn AdrRoute() -> impl IntoView {
    let params = use_params_map();
    move || {
        let number = params.read().get("number").unwrap_or_default();
        view! { <RoutePage route=format!("adr/{number}")/> }
    }
}

#[component]
fn RuleRoute() -> impl IntoView {
    let params = use_params_map();
    move || {
        let name = params.read().get("name").unwrap_or_default();
        view! { <RoutePage route=format!("rules/{name}")/> }
    }
}

/// The page for `route` inside the site's frame. The prerenderer calls this directly, without
/// a router, so nothing below it may use router hooks.
#[component]
pub fn RoutePage(route: String) -> impl IntoView {
    let body = match route.as_str() {
        "decisions" => pages::decisions::DecisionsPage().into_any(),
        "validate" => pages::validate::ValidatePage().into_any(),
        "memory" => pages::memory::MemoryPage().into_any(),
        other => match content::page(other) {
            Some(page) => view! { <pages::doc::DocPage page=page/> }.into_any(),
            None => pages::not_found::NotFoundPage().into_any(),
        },
    };
    #[cfg(target_arch = "wasm32")]
    {
        let (title, _) = head(&route);
        document().set_title(&title);
    }
    view! { <Shell route=route>{body}</Shell> }
}

/// The `<title>` and description of a route, for the prerendered `<head>` and the browser tab.
pub fn head(route: &str) -> (String, String) {
    let site = "hmopt";
    match route {
        "decisions" => (format!("QnA decision log · {site}"), "All 20 questions and decisions of the runtime optimization refactor, by round.".to_owned()),
        "validate" => (format!("Overlay validator · {site}"), "Paste a Nix overlay and see which NIX_* variables nixpkgs ignores, with fixes.".to_owned()),
        "memory" => (format!("Memory calculator · {site}"), "Paste a hardware profile and see the Codex memory mode and which heavy builds fit in RAM.".to_owned()),
        other => match content::page(other) {
            Some(page) if page.route.is_empty() => (format!("{site}: NIX_* overlay validator and runtime optimization record"), page.description.to_owned()),
            Some(page) => (format!("{} · {site}", page.title), page.description.to_owned()),
            None => (format!("Page not found · {site}"), "This page does not exist.".to_owned()),
        },
    }
}

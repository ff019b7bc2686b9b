//! The frame of every page: skip link, header with search and theme toggle, sidebar, footer.

use leptos::prelude::*;

use crate::components::search::Search;
use crate::routes::{DOCS, TOOLS, href};

/// The site frame around one page's content.
#[component]
pub fn Shell(
    /// The current route, for the active sidebar entry.
    route: String,
    children: Children,
) -> impl IntoView {
    let link = |target: &'static str, label: &'static str, route: &str| {
        let current = (target == route).then_some("page");
        view! { <li><a href=href(target) aria-current=current>{label}</a></li> }
    };
    let docs: Vec<_> = DOCS.iter().map(|(target, label)| link(target, label, &route)).collect();
    let tools: Vec<_> = TOOLS.iter().map(|(target, label)| link(target, label, &route)).collect();
    let skip = format!("{}#main", href(&route));
    view! {
        <a class="skip-link" href=skip>"Skip to content"</a>
        <header class="site-header">
            <a class="brand" href="./">
                <span class="brand-mark" aria-hidden="true">"◆"</span>
                "hmopt"
            </a>
            <Search/>
            <button
                type="button"
                class="theme-toggle"
                aria-label="Toggle dark mode"
                title="Toggle dark mode"
                on:click=|_| crate::browser::toggle_theme()
            >
                <span class="theme-icon" aria-hidden="true"></span>
            </button>
        </header>
        <div class="layout">
            <nav class="sidebar" aria-label="Site">
                <p class="nav-heading">"Decision record"</p>
                <ul>{docs}</ul>
                <p class="nav-heading">"Tools"</p>
                <ul>{tools}</ul>
            </nav>
            <main id="main" tabindex="-1">{children()}</main>
        </div>
        <footer class="site-footer">
            <p>
                "hmopt checks Nix overlays against what nixpkgs reads. Content from the home-manager runtime optimization plan (2025-12-30), corrected where nixpkgs disagrees."
            </p>
        </footer>
    }
}

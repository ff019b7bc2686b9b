//! The frame of every page: skip link, header with search and theme toggle, the sidebar (a
//! `<details>` menu on narrow screens, always open on wide ones, without JavaScript), and the
//! footer with the page's last-updated date and edit link. The header stays in place when the
//! app navigates; the rest is replaced by the next page's.

use leptos::prelude::*;

use crate::content::{NavSection, Route};
use crate::routes::{edit_url, href, label, nav};

/// The site frame around one page's content.
#[component]
pub fn Shell(
    /// The current route, for the active sidebar entry and the footer; `None` on the 404 page.
    route: Option<&'static Route>,
    children: Children,
) -> impl IntoView {
    let current = route.map_or("404", |it| it.path);
    let links = move |section: NavSection| {
        nav(section)
            .map(|target| {
                let is_current = (target.path == current).then_some("page");
                view! { <li><a href=href(target.path) aria-current=is_current>{label(target)}</a></li> }
            })
            .collect::<Vec<_>>()
    };
    // The 404 page is served at any unknown path, which a link cannot name: it has no skip link
    // (there is little to skip).
    let skip = route.map(|route| {
        view! { <a class="skip-link" href=format!("{}#main", href(route.path))>"Skip to content"</a> }
    });
    view! {
        {skip}
        <header class="site-header">
            <a class="brand" href="./">
                <span class="brand-mark" aria-hidden="true">"◆"</span>
                "hmopt"
            </a>
            // `client::search` draws the results under the box; `/` focuses it.
            <div class="search" role="search">
                <label class="visually-hidden" for="search-input">"Search the site"</label>
                <input id="search-input" type="search" placeholder="Search  /" autocomplete="off"/>
            </div>
            <button type="button" class="theme-toggle" aria-label="Toggle dark mode" title="Toggle dark mode">
                <span class="theme-icon" aria-hidden="true"></span>
            </button>
        </header>
        <div class="layout">
            <nav class="site-nav" aria-label="Site">
                <details class="nav-menu">
                    <summary>"Menu"</summary>
                    <div class="sidebar">
                        <p class="nav-heading">"Decision record"</p>
                        <ul>{links(NavSection::Record)}</ul>
                        <p class="nav-heading">"Tools"</p>
                        <ul>{links(NavSection::Tools)}</ul>
                    </div>
                </details>
            </nav>
            <main id="main" tabindex="-1">{children()}</main>
        </div>
        <footer class="site-footer">
            {route.map(|route| view! {
                <p class="page-footer">
                    "Last updated "<time datetime=route.updated>{route.updated}</time>" · "
                    <a class="edit-link" href=edit_url(route)>"Edit this page on GitHub"</a>
                </p>
            })}
            <p>
                "hmopt checks Nix overlays against what nixpkgs reads. Content from the home-manager runtime optimization plan (2025-12-30), corrected where nixpkgs disagrees. "
                <a href="feed.xml">"Decision records and errata feed (Atom)"</a>
            </p>
        </footer>
    }
}

//! A rendered page: title, facts, provenance, decision-record links, body, table of contents,
//! prev/next. In the browser the body comes from the prerendered page or from its
//! `content.html` (see [`Page::html`]).

use leptos::prelude::*;

use crate::browser;
use crate::content::{Adr, Page, body_file};
use crate::routes::{href, label, neighbors};

/// One rendered page.
#[component]
pub fn DocPage(page: &'static Page) -> impl IntoView {
    let facts: Vec<_> = page
        .facts
        .iter()
        .map(|(key, value)| {
            let class = match *key {
                "status" | "severity" | "fix" => format!("chip chip-{key}-{value} chip-{value}"),
                _ => "fact".to_owned(),
            };
            view! { <li class=class><span class="fact-key">{format!("{key}: ")}</span>{*value}</li> }
        })
        .collect();
    let toc: Vec<_> = page
        .toc
        .iter()
        .map(|it| {
            view! { <li class=format!("toc-{}", it.level)><a href=format!("{}#{}", href(page.route), it.id)>{it.text}</a></li> }
        })
        .collect();
    let (prev, next) = neighbors(page.route);
    view! {
        <div class="page">
            <article class="content">
                <div class="doc-title" inner_html=page.title_html></div>
                {(!facts.is_empty()).then(|| view! { <ul class="page-meta" aria-label="Document facts">{facts}</ul> })}
                {(!page.reconstructed.is_empty()).then(|| view! {
                    <p class="provenance">{format!("Reconstructed {}.", page.reconstructed)}</p>
                })}
                {page.adr.map(relations)}
                {body(page)}
                <nav class="prev-next" aria-label="Reading order">
                    {prev.map(|route| view! { <a class="prev" rel="prev" href=href(route.path)><span>"Previous"</span>{label(route)}</a> })}
                    {next.map(|route| view! { <a class="next" rel="next" href=href(route.path)><span>"Next"</span>{label(route)}</a> })}
                </nav>
            </article>
            {(!toc.is_empty()).then(|| view! {
                <aside class="toc" aria-label="On this page">
                    <p class="nav-heading">"On this page"</p>
                    <ul>{toc}</ul>
                </aside>
            })}
        </div>
    }
}

/// The page's body: its HTML when this build carries it (natively), else the prerendered body
/// the app replaced or a fetched `content.html`.
fn body(page: &'static Page) -> impl IntoView {
    let known = match page.html.is_empty() {
        false => Some(page.html.to_owned()),
        true => browser::cached_body(page.route),
    };
    let (html, set_html) = signal(known.clone().map(Ok::<String, String>));
    if known.is_none() {
        leptos::task::spawn_local(async move {
            let fetched = browser::fetch_text(&body_file(page.route)).await;
            if let Ok(text) = &fetched {
                browser::remember_body(page.route, text);
            }
            set_html.set(Some(fetched));
            // The fragment's element exists once the body is drawn: then scroll to it, as a
            // full load would.
            request_animation_frame(browser::scroll_to_fragment);
        });
    }
    move || {
        match html.get() {
        Some(Ok(html)) => view! { <div class="doc-body" inner_html=html></div> }.into_any(),
        Some(Err(message)) => view! {
            <p class="doc-body load-error" role="alert">{format!("This page could not be loaded ({message}). Reload to try again.")}</p>
        }
        .into_any(),
        None => view! { <div class="doc-body" aria-busy="true"></div> }.into_any(),
    }
    }
}

/// A decision record's links to others and its errata, under the title.
fn relations(adr: &'static Adr) -> impl IntoView {
    let links = |numbers: &'static [u16]| {
        numbers
            .iter()
            .map(|number| {
                let title = crate::content::adr(*number).map_or("", |it| it.title);
                view! { <a href=format!("adr/{number:03}")>{format!("ADR-{number:03}: {title}")}</a>" " }
            })
            .collect::<Vec<_>>()
    };
    let rows: Vec<_> = [
        ("Supersedes", adr.supersedes),
        ("Superseded by", adr.superseded_by),
        ("Amends", adr.amends),
        ("Amended by", adr.amended_by),
    ]
    .into_iter()
    .filter(|(_, numbers)| !numbers.is_empty())
    .map(|(name, numbers)| view! { <dt>{name}</dt><dd>{links(numbers)}</dd> })
    .collect();
    let errata: Vec<_> = adr
        .errata
        .iter()
        .map(|it| view! { <li><a href=it.href>{it.title}</a>" ("<time datetime=it.date>{it.date}</time>")"</li> })
        .collect();
    view! {
        {(!rows.is_empty()).then(|| view! { <dl class="adr-relations">{rows}</dl> })}
        {(!errata.is_empty()).then(|| view! {
            <div class="callout callout-note errata-summary" role="note" aria-label="Errata">
                <p class="callout-title">{format!("Amended {}: {} errata", adr.amended, adr.errata.len())}</p>
                <ul>{errata}</ul>
            </div>
        })}
    }
}

//! A rendered page: title, facts, provenance, decision-record links, body, table of contents,
//! prev/next.

use leptos::prelude::*;

use crate::content::{Adr, Page};
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
                <div class="doc-body" inner_html=page.html></div>
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

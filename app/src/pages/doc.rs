//! A Markdown page: title, front-matter facts, content, table of contents, prev/next.

use leptos::prelude::*;

use crate::content::Page;
use crate::routes::{href, neighbors};

/// One rendered Markdown page.
#[component]
pub fn DocPage(page: &'static Page) -> impl IntoView {
    let meta: Vec<_> = page
        .meta
        .iter()
        .map(|(key, value)| {
            let class = if *key == "status" || *key == "severity" { format!("chip chip-{value}") } else { "fact".to_owned() };
            view! { <li class=class><span class="fact-key">{format!("{key}: ")}</span>{*value}</li> }
        })
        .collect();
    let toc: Vec<_> = page
        .toc
        .iter()
        .map(|(level, id, text)| {
            view! { <li class=format!("toc-{level}")><a href=format!("{}#{id}", href(page.route))>{*text}</a></li> }
        })
        .collect();
    let (prev, next) = neighbors(page.route);
    view! {
        <div class="page">
            <article class="content">
                {(!meta.is_empty()).then(|| view! { <ul class="page-meta" aria-label="Document facts">{meta}</ul> })}
                <div inner_html=page.html></div>
                <nav class="prev-next" aria-label="Reading order">
                    {prev.map(|(route, label)| view! { <a class="prev" rel="prev" href=href(route)><span>"Previous"</span>{label}</a> })}
                    {next.map(|(route, label)| view! { <a class="next" rel="next" href=href(route)><span>"Next"</span>{label}</a> })}
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

//! Site search over an index built at build time; `/` focuses it.

use leptos::prelude::*;

use crate::content::SEARCH;
use crate::routes::href;

/// The most results shown at once.
const MAX_RESULTS: usize = 8;

/// Entries of the search index matching every word of `query`, best first: title and heading
/// matches before text matches.
pub fn search(query: &str) -> Vec<(String, &'static str, &'static str)> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    if words.is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<(u8, usize, String, &'static str, &'static str)> = Vec::new();
    for (idx, (route, page, id, heading, text)) in SEARCH.iter().enumerate() {
        let heading_lower = format!("{page} {heading}").to_lowercase();
        let text_lower = text.to_lowercase();
        let matches =
            words.iter().all(|word| heading_lower.contains(word) || text_lower.contains(word));
        if !matches {
            continue;
        }
        let score = if words.iter().all(|word| heading_lower.contains(word)) { 0 } else { 1 };
        let target = if id.is_empty() { href(route) } else { format!("{}#{id}", href(route)) };
        let label = if heading.is_empty() || heading == page { page } else { heading };
        hits.push((score, idx, target, page, label));
    }
    hits.sort_by_key(|it| (it.0, it.1));
    hits.into_iter()
        .take(MAX_RESULTS)
        .map(|(_, _, target, page, label)| (target, page, label))
        .collect()
}

/// The search box with its results.
#[component]
pub fn Search() -> impl IntoView {
    let (query, set_query) = signal(String::new());
    let input = NodeRef::<leptos::html::Input>::new();
    #[cfg(target_arch = "wasm32")]
    {
        let handle = window_event_listener(leptos::ev::keydown, move |event| {
            let typing = document().active_element().is_some_and(|it| {
                matches!(it.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
            });
            if event.key() == "/" && !typing && !event.ctrl_key() && !event.meta_key() {
                event.prevent_default();
                if let Some(input) = input.get_untracked() {
                    let _ = input.focus();
                }
            }
        });
        on_cleanup(move || handle.remove());
    }
    let results = move || {
        let hits = search(&query.read());
        if query.read().trim().is_empty() {
            return None;
        }
        let n_hits = hits.len();
        let items: Vec<_> = hits
            .into_iter()
            .map(|(target, page, label)| {
                view! {
                    <li>
                        <a href=target on:click=move |_| set_query.set(String::new())>
                            <span class="hit-label">{label}</span>
                            <span class="hit-page">{page}</span>
                        </a>
                    </li>
                }
            })
            .collect();
        Some(view! {
            <div class="search-results">
                <p class="visually-hidden" aria-live="polite">{format!("{n_hits} results")}</p>
                <ul>{items}</ul>
                {(n_hits == 0).then(|| view! { <p class="no-hits">"No match"</p> })}
            </div>
        })
    };
    view! {
        <div class="search" role="search">
            <label class="visually-hidden" for="search-input">"Search the site"</label>
            <input
                id="search-input"
                type="search"
                placeholder="Search  /"
                autocomplete="off"
                node_ref=input
                prop:value=move || query.get()
                on:input=move |event| set_query.set(event_target_value(&event))
                on:keydown=move |event| {
                    if event.key() == "Escape" {
                        set_query.set(String::new());
                    }
                }
            />
            {results}
        </div>
    }
}

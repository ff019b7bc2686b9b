//! Site search; `/` focuses it. The index is not part of the WebAssembly: the prerenderer writes
//! [`crate::content::SEARCH`] to `search.json`, which the box fetches the first time it is
//! focused, so readers who never search never download it.

use std::sync::Arc;

use leptos::prelude::*;

use crate::routes::href;

/// The most results shown at once.
const MAX_RESULTS: usize = 8;

/// The index file, next to the pages (resolved against `<base href>`).
pub const INDEX_FILE: &str = "search.json";

/// One entry of the search index: a heading of a page and the text under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    pub route: String,
    pub page: String,
    /// The heading's id; empty for the top of the page.
    pub id: String,
    pub heading: String,
    pub text: String,
}

/// A search result: where it goes, the page title and the label to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub target: String,
    pub page: String,
    pub label: String,
}

/// The search index as `search.json`: an array of `[route, page, id, heading, text]`.
#[cfg(not(target_arch = "wasm32"))]
pub fn index_json(entries: &[crate::content::SearchEntry]) -> String {
    let rows: Vec<serde_json::Value> = entries
        .iter()
        .map(|it| serde_json::json!([it.route, it.page, it.id, it.heading, it.text]))
        .collect();
    serde_json::Value::Array(rows).to_string()
}

/// Reads `search.json`; `None` when it is not the index.
pub fn parse_index(json: &str) -> Option<Vec<IndexEntry>> {
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    value
        .as_array()?
        .iter()
        .map(|row| {
            let field = |idx: usize| row.get(idx)?.as_str().map(str::to_owned);
            Some(IndexEntry {
                route: field(0)?,
                page: field(1)?,
                id: field(2)?,
                heading: field(3)?,
                text: field(4)?,
            })
        })
        .collect()
}

/// Entries of `index` matching every word of `query`, best first: title and heading matches
/// before text matches.
pub fn search(index: &[IndexEntry], query: &str) -> Vec<Hit> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    if words.is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<(u8, usize, &IndexEntry)> = Vec::new();
    for (idx, entry) in index.iter().enumerate() {
        let heading_lower = format!("{} {}", entry.page, entry.heading).to_lowercase();
        let text_lower = entry.text.to_lowercase();
        let matches =
            words.iter().all(|word| heading_lower.contains(word) || text_lower.contains(word));
        if !matches {
            continue;
        }
        let score = if words.iter().all(|word| heading_lower.contains(word)) { 0 } else { 1 };
        hits.push((score, idx, entry));
    }
    hits.sort_by_key(|it| (it.0, it.1));
    hits.into_iter()
        .take(MAX_RESULTS)
        .map(|(_, _, entry)| {
            let target = match entry.id.is_empty() {
                true => href(&entry.route),
                false => format!("{}#{}", href(&entry.route), entry.id),
            };
            let label = match entry.heading.is_empty() || entry.heading == entry.page {
                true => entry.page.clone(),
                false => entry.heading.clone(),
            };
            Hit { target, page: entry.page.clone(), label }
        })
        .collect()
}

/// Where the index is.
#[derive(Debug, Clone)]
enum Index {
    NotLoaded,
    Loading,
    Ready(Arc<Vec<IndexEntry>>),
    Failed(String),
}

/// The search box with its results.
#[component]
pub fn Search() -> impl IntoView {
    let (query, set_query) = signal(String::new());
    let (index, set_index) = signal(Index::NotLoaded);
    let input = NodeRef::<leptos::html::Input>::new();
    let load = move || {
        if !matches!(index.get_untracked(), Index::NotLoaded) {
            return;
        }
        set_index.set(Index::Loading);
        leptos::task::spawn_local(async move {
            let loaded = match crate::browser::fetch_text(INDEX_FILE).await {
                Ok(json) => match parse_index(&json) {
                    Some(entries) => Index::Ready(Arc::new(entries)),
                    None => Index::Failed(format!("{INDEX_FILE} is not a search index")),
                },
                Err(message) => Index::Failed(message),
            };
            set_index.set(loaded);
        });
    };
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
        let query = query.read();
        if query.trim().is_empty() {
            return None;
        }
        let body = match &*index.read() {
            Index::Ready(entries) => {
                let hits = search(entries, &query);
                let n_hits = hits.len();
                let items: Vec<_> = hits
                    .into_iter()
                    .map(|hit| {
                        view! {
                            <li>
                                <a href=hit.target on:click=move |_| set_query.set(String::new())>
                                    <span class="hit-label">{hit.label}</span>
                                    <span class="hit-page">{hit.page}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect();
                view! {
                    <p class="visually-hidden" aria-live="polite">{format!("{n_hits} results")}</p>
                    <ul>{items}</ul>
                    {(n_hits == 0).then(|| view! { <p class="no-hits">"No match"</p> })}
                }
                .into_any()
            }
            Index::Failed(message) => {
                view! { <p class="no-hits">{format!("Search is unavailable: {message}.")}</p> }
                    .into_any()
            }
            Index::NotLoaded | Index::Loading => {
                view! { <p class="no-hits" aria-live="polite">"Loading the search index…"</p> }
                    .into_any()
            }
        };
        Some(view! { <div class="search-results">{body}</div> })
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
                on:focus=move |_| load()
                on:input=move |event| {
                    load();
                    set_query.set(event_target_value(&event));
                }
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

//! Site search; `/` focuses it. The index is not part of the WebAssembly: the prerenderer writes
//! the route table's search entries to `search.json`, which the box fetches the first time it
//! is focused, so readers who never search never download it. The box is the prerendered
//! `#search-input`; `client::search` draws [`results`] under it.

use crate::markup::{Element, el};

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
    /// The page title and heading, lowercased once for matching.
    heading_lower: String,
    /// The text, lowercased once for matching.
    text_lower: String,
}

/// A search result: where it goes, the page title and the label to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub target: String,
    pub page: String,
    pub label: String,
}

/// Where the index is.
#[derive(Debug, Clone)]
pub enum Index {
    NotLoaded,
    Loading,
    Ready(std::rc::Rc<Vec<IndexEntry>>),
    Failed(String),
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

/// Reads `search.json`; `None` when it is not the index. (The browser reads it with
/// `JSON.parse`: see `client::search`.)
#[cfg(not(target_arch = "wasm32"))]
pub fn parse_index(json: &str) -> Option<Vec<IndexEntry>> {
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    value
        .as_array()?
        .iter()
        .map(|row| {
            let field = |idx: usize| row.get(idx)?.as_str().map(str::to_owned);
            Some(entry([field(0)?, field(1)?, field(2)?, field(3)?, field(4)?]))
        })
        .collect()
}

/// The entry of a `search.json` row.
pub fn entry(fields: [String; 5]) -> IndexEntry {
    let [route, page, id, heading, text] = fields;
    let heading_lower = format!("{page} {heading}").to_lowercase();
    let text_lower = text.to_lowercase();
    IndexEntry { route, page, id, heading, text, heading_lower, text_lower }
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
        let (heading_lower, text_lower) = (&entry.heading_lower, &entry.text_lower);
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
            // Links are relative to `<base href>`; the home page is `./`.
            let route = if entry.route.is_empty() { "./" } else { entry.route.as_str() };
            let target = match entry.id.is_empty() {
                true => route.to_owned(),
                false => format!("{route}#{}", entry.id),
            };
            let label = match entry.heading.is_empty() || entry.heading == entry.page {
                true => entry.page.clone(),
                false => entry.heading.clone(),
            };
            Hit { target, page: entry.page.clone(), label }
        })
        .collect()
}

/// The results box for `query`, or `None` when the query is empty.
pub fn results(index: &Index, query: &str) -> Option<Element> {
    if query.trim().is_empty() {
        return None;
    }
    let res = el("div").attr("class", "search-results");
    let res = match index {
        Index::Ready(entries) => {
            let hits = search(entries, query);
            let n_hits = hits.len();
            let mut list = el("ul");
            for hit in hits {
                list = list.child(
                    el("li").child(
                        el("a")
                            .attr("href", hit.target)
                            .child(el("span").attr("class", "hit-label").child(hit.label))
                            .child(el("span").attr("class", "hit-page").child(hit.page)),
                    ),
                );
            }
            res.child(
                el("p")
                    .attr("class", "visually-hidden")
                    .attr("aria-live", "polite")
                    .child(format!("{n_hits} results")),
            )
            .child(list)
            .child_opt((n_hits == 0).then(|| el("p").attr("class", "no-hits").child("No match")))
        }
        Index::Failed(message) => res.child(
            el("p").attr("class", "no-hits").child(format!("Search is unavailable: {message}.")),
        ),
        Index::NotLoaded | Index::Loading => res.child(
            el("p")
                .attr("class", "no-hits")
                .attr("aria-live", "polite")
                .child("Loading the search index…"),
        ),
    };
    Some(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(route: &str, page: &str, id: &str, heading: &str, text: &str) -> IndexEntry {
        super::entry([route, page, id, heading, text].map(str::to_owned))
    }

    #[test]
    fn headings_rank_first_and_links_keep_the_base() {
        let index = vec![
            entry("", "Overview", "", "", "mentions cachix once"),
            entry("plan", "The plan", "cachix", "Cachix", "binary cache"),
        ];
        let hits = search(&index, "cachix");
        assert_eq!(hits[0].target, "plan#cachix");
        assert_eq!(hits[1].target, "./");
        let html = results(&Index::Ready(std::rc::Rc::new(index)), "nothing").unwrap().to_html();
        assert!(html.contains("0 results") && html.contains("No match"), "{html}");
        assert_eq!(results(&Index::Loading, "  "), None);
    }
}

//! The site map: every route, its title and the order of the reading path.

/// The documentation pages in reading order (sidebar, prev/next).
pub const DOCS: &[(&str, &str)] = &[
    ("", "Overview"),
    ("plan", "The plan"),
    ("adr/024", "ADR-024: Runtime optimizations"),
    ("adr/026", "ADR-026: Repository structure"),
    ("decisions", "QnA decision log"),
    ("archive", "configs-archive"),
    ("standards", "Overlay variable standards"),
];

/// The tools, listed after the documents.
pub const TOOLS: &[(&str, &str)] =
    &[("validate", "Overlay validator"), ("memory", "Memory calculator")];

/// Every route the production build prerenders to `<route>/index.html`.
pub fn all() -> Vec<String> {
    let mut res: Vec<String> = DOCS.iter().map(|(route, _)| (*route).to_owned()).collect();
    res.extend(TOOLS.iter().map(|(route, _)| (*route).to_owned()));
    res.extend(hmopt_core::lint::Rule::ALL.iter().map(|rule| format!("rules/{}", rule.name())));
    res
}

/// A route and its label.
pub type Entry = (&'static str, &'static str);

/// The previous and next pages of the reading path.
pub fn neighbors(route: &str) -> (Option<Entry>, Option<Entry>) {
    let Some(idx) = DOCS.iter().position(|(it, _)| *it == route) else { return (None, None) };
    let prev = idx.checked_sub(1).map(|it| DOCS[it]);
    (prev, DOCS.get(idx + 1).copied())
}

/// An `href` for a route: relative to the document's `<base href>`, so it works under any
/// sub-path (`/hmopt/`) without knowing it.
pub fn href(route: &str) -> String {
    if route.is_empty() { "./".to_owned() } else { route.to_owned() }
}

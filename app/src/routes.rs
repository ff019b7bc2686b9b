//! Navigation over the one route table, [`crate::content::ROUTES`]: sidebar entries, the reading
//! order and hrefs.

use crate::content::{NavSection, ROUTES, Route};

/// The routes listed in `section` of the sidebar, in order.
pub fn nav(section: NavSection) -> impl Iterator<Item = &'static Route> {
    ROUTES.iter().filter(move |it| it.nav.as_ref().is_some_and(|nav| nav.section == section))
}

/// The previous and next pages of the reading path (the decision record, in sidebar order).
pub fn neighbors(path: &str) -> (Option<&'static Route>, Option<&'static Route>) {
    let record: Vec<&'static Route> = nav(NavSection::Record).collect();
    let Some(idx) = record.iter().position(|it| it.path == path) else { return (None, None) };
    let prev = idx.checked_sub(1).map(|it| record[it]);
    (prev, record.get(idx + 1).copied())
}

/// An `href` for a route: relative to the document's `<base href>`, so it works under any
/// sub-path (`/hmopt/`) without knowing it.
pub fn href(path: &str) -> String {
    if path.is_empty() { "./".to_owned() } else { path.to_owned() }
}

/// The label of a route in the sidebar and in prev/next links.
pub fn label(route: &Route) -> &'static str {
    route.nav.as_ref().map_or(route.title, |it| it.label)
}

/// The "Edit this page" URL of a route's source file.
pub fn edit_url(route: &Route) -> String {
    format!("{}/edit/main/{}", crate::content::REPOSITORY, route.source)
}

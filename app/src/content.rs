//! The site's pages, rendered from Markdown at build time by `build.rs`.

/// One rendered Markdown page.
#[derive(Debug)]
pub struct Page {
    /// The route without the site base or a leading slash (`""` is the home page).
    pub route: &'static str,
    /// `home`, `docs`, `adr` or `rules`.
    pub group: &'static str,
    pub title: &'static str,
    /// The `<meta name="description">`.
    pub description: &'static str,
    /// Front-matter facts shown under the title (ADR status, date, decision-makers).
    pub meta: &'static [(&'static str, &'static str)],
    /// The body, trusted HTML generated from the repository's own Markdown.
    pub html: &'static str,
    /// (level, id, text) of the `##` and `###` headings.
    pub toc: &'static [(u8, &'static str, &'static str)],
}

/// One question of the QnA decision log; texts are HTML fragments.
#[derive(Debug)]
pub struct Decision {
    pub id: u8,
    pub round: u8,
    pub question: &'static str,
    pub decision: &'static str,
    pub rationale: &'static str,
    /// Further facts from the plan, as HTML; empty when there are none.
    pub details: &'static str,
    /// (label, href) of the ADR sections and roadmap phases this decision drives.
    pub drives: &'static [(&'static str, &'static str)],
    /// Where nixpkgs contradicts the decision's premise; empty otherwise.
    pub correction: &'static str,
    /// Lower-case plain text for the filter.
    pub text: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/content.rs"));

/// The page at `route`, if it is a Markdown page.
pub fn page(route: &str) -> Option<&'static Page> {
    PAGES.iter().find(|it| it.route == route)
}

//! The site's content and route table, built from the repository's Markdown and hmopt-core by
//! `app/build/` at compile time; native only (the prerenderer writes it all as HTML).

/// A route: what it shows, its head and where its content comes from.
#[derive(Debug)]
pub struct Route {
    /// The path without the site base or a leading slash (`""` is the home page).
    pub path: &'static str,
    pub view: View,
    /// The page's title, as its `<h1>` states it.
    pub title: &'static str,
    /// The `<title>`.
    pub head_title: &'static str,
    /// The `<meta name="description">`, at most 160 characters.
    pub description: &'static str,
    /// The repository file to edit for this page.
    pub source: &'static str,
    /// `YYYY-MM-DD` of the last commit touching the page's sources.
    pub updated: &'static str,
    /// Where the sidebar lists it, if it does.
    pub nav: Option<Nav>,
}

/// What a route shows.
#[derive(Debug)]
pub enum View {
    /// A page rendered from Markdown (or generated HTML) at build time.
    Doc(&'static Page),
    /// The decision log, with filters.
    Decisions,
    /// The overlay validator.
    Validate,
    /// The memory calculator.
    Memory,
}

/// A sidebar entry.
#[derive(Debug)]
pub struct Nav {
    pub section: NavSection,
    pub label: &'static str,
}

/// The sidebar's groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NavSection {
    /// The decision record, read in order (prev/next).
    Record,
    /// The tools and the rules.
    Tools,
}

/// One rendered page.
#[derive(Debug)]
pub struct Page {
    pub route: &'static str,
    pub title: &'static str,
    /// The `<h1>` element, trusted HTML.
    pub title_html: &'static str,
    /// Front-matter facts shown under the title: status, dates, severity, fix.
    pub facts: &'static [(&'static str, &'static str)],
    /// Where a reconstructed document comes from; empty otherwise.
    pub reconstructed: &'static str,
    /// The body, trusted HTML generated from the repository's own Markdown.
    pub html: &'static str,
    /// The `##` and `###` headings.
    pub toc: &'static [TocEntry],
    /// The decision record this page is, if it is one.
    pub adr: Option<&'static Adr>,
}

/// A heading in a page's table of contents.
#[derive(Debug)]
pub struct TocEntry {
    pub level: u8,
    pub id: &'static str,
    pub text: &'static str,
}

/// A decision record, with its links to other records in both directions.
#[derive(Debug)]
pub struct Adr {
    pub number: u16,
    pub route: &'static str,
    pub title: &'static str,
    /// A MADR status: proposed, accepted, rejected, deprecated or superseded.
    pub status: &'static str,
    pub date: &'static str,
    /// The date of the last amendment; empty when there is none.
    pub amended: &'static str,
    pub supersedes: &'static [u16],
    pub superseded_by: &'static [u16],
    pub amends: &'static [u16],
    pub amended_by: &'static [u16],
    pub errata: &'static [Erratum],
}

/// A dated correction.
#[derive(Debug)]
pub struct Erratum {
    /// `adr/024#erratum-...`, relative to `<base href>`.
    pub href: &'static str,
    pub title: &'static str,
    pub date: &'static str,
}

/// A QnA round.
#[derive(Debug)]
pub struct Round {
    pub number: u8,
    pub title: &'static str,
    /// The plan's summary of what the round decided.
    pub topics: &'static str,
}

/// One question of the QnA decision log; texts are HTML fragments.
#[derive(Debug)]
pub struct Decision {
    pub id: u8,
    pub round: u8,
    /// A MADR status.
    pub status: &'static str,
    pub question: &'static str,
    pub decision: &'static str,
    pub rationale: &'static str,
    /// Further facts from the plan, as HTML; empty when there are none.
    pub details: &'static str,
    /// (label, href) of the ADR sections and roadmap phases this decision drives.
    pub drives: &'static [(&'static str, &'static str)],
    /// Where nixpkgs or Nix contradicts the decision's premise; empty otherwise.
    pub correction: &'static str,
    /// The errata that corrected the premise.
    pub corrected_by: &'static [Erratum],
    /// The Markdown of the question and its answers, in lower case.
    pub text: &'static str,
}

/// A search index entry: a heading and the text under it.
#[derive(Debug)]
pub struct SearchEntry {
    pub route: &'static str,
    /// The page's title.
    pub page: &'static str,
    /// The heading's id; empty for the top of the page.
    pub id: &'static str,
    pub heading: &'static str,
    pub text: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/content.rs"));

/// The route at `path` (`""`, `plan`, `adr/024`), ignoring a trailing slash.
pub fn route(path: &str) -> Option<&'static Route> {
    let path = path.trim_matches('/');
    ROUTES.iter().find(|it| it.path == path)
}

/// The Markdown page at `path`, if the route is one.
pub fn page(path: &str) -> Option<&'static Page> {
    match route(path)?.view {
        View::Doc(page) => Some(page),
        _ => None,
    }
}

/// The decision record with `number`.
pub fn adr(number: u16) -> Option<&'static Adr> {
    ADRS.iter().copied().find(|it| it.number == number)
}

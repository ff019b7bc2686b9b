//! The files the prerenderer writes beside the pages: the Atom feed of decision records and
//! errata, and the sitemap. Both come from the route table and the records; native only.

use std::fmt::Write;

use crate::content::{ADRS, ROUTES};
use crate::markup::escape;

/// The public origin of the deployed site (GitHub Pages of the repository's owner).
pub const SITE_ORIGIN: &str = "https://hmopt.github.io";

/// One feed entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// A stable `tag:` URI.
    pub id: String,
    pub title: String,
    /// Relative to the site URL.
    pub href: String,
    /// `YYYY-MM-DD`.
    pub updated: String,
    pub summary: String,
}

/// The feed's entries, newest first: every decision record (dated by its last amendment) and
/// every erratum.
pub fn entries() -> Vec<Entry> {
    let mut res = Vec::new();
    for adr in ADRS {
        let updated = if adr.amended.is_empty() { adr.date } else { adr.amended };
        res.push(Entry {
            id: format!("tag:hmopt.github.io,{}:{}", adr.date, adr.route),
            title: format!("ADR-{:03}: {} ({})", adr.number, adr.title, adr.status),
            href: adr.route.to_owned(),
            updated: updated.to_owned(),
            summary: format!(
                "Decision record ADR-{:03}, {}, decided {}{}.",
                adr.number,
                adr.status,
                adr.date,
                if adr.amended.is_empty() {
                    String::new()
                } else {
                    format!(", amended {}", adr.amended)
                }
            ),
        });
        for erratum in adr.errata {
            res.push(Entry {
                id: format!("tag:hmopt.github.io,{}:{}", erratum.date, erratum.href),
                title: format!("Erratum to ADR-{:03}: {}", adr.number, erratum.title),
                href: erratum.href.to_owned(),
                updated: erratum.date.to_owned(),
                summary: format!(
                    "{}, dated {}, corrects a premise of ADR-{:03}: {}.",
                    erratum.title, erratum.date, adr.number, adr.title
                ),
            });
        }
    }
    res.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.href.cmp(&b.href)));
    res
}

/// The Atom feed (RFC 4287) for the site at `site_url` (`https://hmopt.github.io/hmopt/`).
pub fn atom(site_url: &str) -> String {
    let entries = entries();
    let updated = entries.iter().map(|it| it.updated.as_str()).max().unwrap_or("1970-01-01");
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = write!(
        out,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  <id>{site}</id>\n  <title>hmopt: decision records and errata</title>\n  <subtitle>Decision records of the home-manager runtime optimization refactor, and the corrections made to them.</subtitle>\n  <updated>{updated}T00:00:00Z</updated>\n  <author><name>the home-manager maintainers</name></author>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{site}feed.xml\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{site}adr\"/>\n",
        site = escape(site_url)
    );
    for entry in &entries {
        let _ = write!(
            out,
            "  <entry>\n    <id>{}</id>\n    <title>{}</title>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{}{}\"/>\n    <updated>{}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
            escape(&entry.id),
            escape(&entry.title),
            escape(site_url),
            escape(&entry.href),
            entry.updated,
            escape(&entry.summary)
        );
    }
    out.push_str("</feed>\n");
    out
}

/// The sitemap of every route, with its last-updated date.
pub fn sitemap(site_url: &str) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for route in ROUTES {
        let _ = writeln!(
            out,
            "  <url><loc>{}{}</loc><lastmod>{}</lastmod></url>",
            escape(site_url),
            escape(route.path),
            route.updated
        );
    }
    out.push_str("</urlset>\n");
    out
}

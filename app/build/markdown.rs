//! Markdown to HTML with the site's conventions, on top of pulldown-cmark's event stream:
//! heading ids and anchors, errata headings, highlighted code, callouts, site-relative and
//! upstream links, page-qualified footnotes, read-only task boxes and scrollable tables.

use std::collections::HashMap;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use syntect::parsing::SyntaxSet;

use crate::adr::Erratum;
use crate::html::escape;
use crate::{front_matter, highlight, links};

/// What a page is rendered against.
pub struct Context<'a> {
    /// The page's route (`adr/024`), for fragment links.
    pub route: &'a str,
    pub syntaxes: &'a SyntaxSet,
    /// The rules that exist: a `rule:<name>` link to any other renders as plain text.
    pub rules: &'a [&'a str],
}

/// A rendered Markdown document.
pub struct Rendered {
    /// The text of the `#` heading.
    pub title: String,
    /// The `<h1>` element; `html` is everything else.
    pub title_html: String,
    pub html: String,
    /// The `##` and `###` headings.
    pub toc: Vec<TocEntry>,
    /// The text under each heading, for the search index.
    pub sections: Vec<SearchSection>,
    /// Headings with an `erratum=YYYY-MM-DD` attribute.
    pub errata: Vec<Erratum>,
}

/// A heading of the table of contents.
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// The plain text under one heading (the first has an empty id: the page's start).
pub struct SearchSection {
    pub id: String,
    pub heading: String,
    pub text: String,
}

/// Search texts are cut to this many bytes.
const SEARCH_TEXT_BYTES: usize = 600;

struct Heading<'e> {
    level: HeadingLevel,
    id: Option<String>,
    erratum: Option<String>,
    text: String,
    inner: Vec<Event<'e>>,
}

struct CodeBlock {
    lang: String,
    text: String,
}

/// Renders `markdown`; errors name the problem (an erratum date that is not a date).
pub fn render(cx: &Context<'_>, markdown: &str) -> Result<Rendered, String> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM;
    let mut events = Vec::new();
    let mut title = String::new();
    let mut title_html = String::new();
    let mut toc = Vec::new();
    let mut errata = Vec::new();
    let mut sections =
        vec![SearchSection { id: String::new(), heading: String::new(), text: String::new() }];
    let mut heading: Option<Heading<'_>> = None;
    let mut code: Option<CodeBlock> = None;
    // Whether each open link was emitted (a `rule:` link to a missing rule is not).
    let mut open_links: Vec<bool> = Vec::new();
    let mut seen_ids: HashMap<String, usize> = HashMap::new();
    let mut footnotes: HashMap<String, usize> = HashMap::new();
    let mut footnote_number = |name: &str| {
        let next = footnotes.len() + 1;
        *footnotes.entry(name.to_owned()).or_insert(next)
    };
    for event in Parser::new_ext(markdown, options) {
        if let Some(open) = heading.as_mut() {
            match event {
                Event::End(TagEnd::Heading(_)) => {
                    let Heading { level, id, erratum, text, inner } =
                        heading.take().expect("a heading is open");
                    let mut id = id.unwrap_or_else(|| slug(&text));
                    let n_seen = seen_ids.entry(id.clone()).or_default();
                    if 0 < *n_seen {
                        id = format!("{id}-{n_seen}");
                    }
                    *n_seen += 1;
                    let mut inner_html = String::new();
                    pulldown_cmark::html::push_html(&mut inner_html, inner.into_iter());
                    let n = level as u8;
                    if n == 1 {
                        title = text;
                        title_html = format!("<h1 id=\"{id}\">{inner_html}</h1>");
                        continue;
                    }
                    if n <= 3 {
                        toc.push(TocEntry { level: n, id: id.clone(), text: text.clone() });
                    }
                    let href = links::rewrite(cx.route, &format!("#{id}"));
                    events.push(html(format!(
                        "<h{n} id=\"{id}\"><a class=\"anchor\" href=\"{href}\" aria-label=\"Link to this section\">#</a>{inner_html}</h{n}>\n"
                    )));
                    if let Some(date) = erratum {
                        let date = front_matter::date(&date)
                            .map_err(|err| format!("erratum `{text}`: {err}"))?;
                        events.push(html(format!(
                            "<p class=\"erratum-date\">Erratum dated <time datetime=\"{date}\">{date}</time></p>\n"
                        )));
                        errata.push(Erratum { id: id.clone(), title: text.clone(), date });
                    }
                    sections.push(SearchSection { id, heading: text, text: String::new() });
                }
                Event::Text(ref t) | Event::Code(ref t) => {
                    open.text.push_str(t);
                    open.inner.push(event.clone());
                }
                other => open.inner.push(other),
            }
            continue;
        }
        if let Some(open) = code.as_mut() {
            match event {
                Event::Text(t) => open.text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let CodeBlock { lang, text } = code.take().expect("a code block is open");
                    let body = highlight::highlight(&text, &lang, cx.syntaxes);
                    let label = match lang.is_empty() {
                        true => String::new(),
                        false => format!(" data-lang=\"{}\"", escape(&lang)),
                    };
                    // Focusable, so that keyboard users can scroll a wide block.
                    events.push(html(format!(
                        "<pre class=\"code\"{label} tabindex=\"0\"><code>{body}</code></pre>\n"
                    )));
                    append_text(&mut sections, &text);
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading { level, id, attrs, .. }) => {
                let erratum = attrs
                    .iter()
                    .find(|(key, _)| key.as_ref() == "erratum")
                    .map(|(_, value)| value.as_deref().unwrap_or("").to_owned());
                heading = Some(Heading {
                    level,
                    id: id.map(|it| it.to_string()),
                    erratum,
                    text: String::new(),
                    inner: Vec::new(),
                });
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(lang) => {
                        lang.split_whitespace().next().unwrap_or("").to_owned()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some(CodeBlock { lang, text: String::new() });
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest = match dest_url.strip_prefix("rule:") {
                    Some(name) if cx.rules.contains(&name) => format!("rules/{name}"),
                    Some(_) => {
                        open_links.push(false);
                        continue;
                    }
                    None => links::rewrite(cx.route, &dest_url),
                };
                open_links.push(true);
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(dest),
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Link) => {
                if open_links.pop().unwrap_or(true) {
                    events.push(Event::End(TagEnd::Link));
                }
            }
            // A nixpkgs path in a code span links to the file at the pinned commit.
            Event::Code(ref path) if open_links.is_empty() && links::is_nixpkgs_path(path) => {
                append_text(&mut sections, path);
                events.push(html(format!(
                    "<a class=\"upstream\" href=\"{}\"><code>{}</code></a>",
                    links::nixpkgs(path),
                    escape(path)
                )));
            }
            // Footnotes get page-qualified links too: `#x` would resolve against `<base href>`.
            Event::FootnoteReference(name) => {
                let n = footnote_number(&name);
                let href = links::rewrite(cx.route, &format!("#fn-{}", slug(&name)));
                events.push(html(format!(
                    "<sup class=\"footnote-reference\" id=\"fnref-{}\"><a href=\"{href}\" aria-label=\"Footnote {n}\">{n}</a></sup>",
                    slug(&name)
                )));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let n = footnote_number(&name);
                events.push(html(format!(
                    "<div class=\"footnote-definition\" id=\"fn-{}\"><sup class=\"footnote-definition-label\">{n}</sup>",
                    slug(&name)
                )));
            }
            Event::End(TagEnd::FootnoteDefinition) => events.push(html("</div>".to_owned())),
            // Task-list boxes are read-only facts: give them a name, not a form label.
            Event::TaskListMarker(done) => {
                let (checked, label) = if done { (" checked", "done") } else { ("", "not done") };
                events.push(html(format!(
                    "<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> "
                )));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, label) = callout(kind);
                events.push(html(format!(
                    "<div class=\"callout callout-{class}\" role=\"note\" aria-label=\"{label}\"><p class=\"callout-title\">{label}</p>\n"
                )));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => events.push(html("</div>\n".to_owned())),
            Event::Start(Tag::Table(alignments)) => {
                events.push(html("<div class=\"table-wrap\">".to_owned()));
                events.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                events.push(html("</div>".to_owned()));
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                append_text(&mut sections, t);
                events.push(event.clone());
            }
            other => events.push(other),
        }
    }
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events.into_iter());
    for section in &mut sections {
        section.text = section.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut end = section.text.len().min(SEARCH_TEXT_BYTES);
        while !section.text.is_char_boundary(end) {
            end -= 1;
        }
        section.text.truncate(end);
    }
    sections.retain(|it| !it.text.is_empty() || !it.heading.is_empty());
    if let Some(first) = sections.first_mut()
        && first.heading.is_empty()
    {
        first.heading = title.clone();
    }
    Ok(Rendered { title, title_html, html: out, toc, sections, errata })
}

/// An inline Markdown fragment (one paragraph) as HTML without the `<p>`.
pub fn fragment(cx: &Context<'_>, markdown: &str) -> Result<String, String> {
    let html = render(cx, markdown)?.html;
    let trimmed = html.trim();
    Ok(match trimmed.strip_prefix("<p>").and_then(|it| it.strip_suffix("</p>")) {
        Some(inner) => inner.to_owned(),
        None => trimmed.to_owned(),
    })
}

/// A heading id: lowercase letters, digits, `-` and `_`; spaces become `-`.
pub fn slug(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Escapes text and turns `code` spans into `<code>`.
pub fn inline_code(text: &str) -> String {
    let mut out = String::new();
    for (idx, part) in escape(text).split('`').enumerate() {
        match idx % 2 {
            1 => {
                out.push_str("<code>");
                out.push_str(part);
                out.push_str("</code>");
            }
            _ => out.push_str(part),
        }
    }
    out
}

fn html(text: String) -> Event<'static> {
    Event::Html(CowStr::from(text))
}

fn append_text(sections: &mut [SearchSection], text: &str) {
    if let Some(last) = sections.last_mut() {
        last.text.push_str(text);
        last.text.push(' ');
    }
}

/// The class and label of a GitHub-style callout (`> [!WARNING]`).
fn callout(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

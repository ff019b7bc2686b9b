//! Builds the site's content on the host, before the app compiles: renders the Markdown of
//! `content/`, `adr/` and the rule docs (pulldown-cmark, syntect), generates the ADR and rules
//! indexes, the decision log and the variable reference from `hmopt-core`, and writes the one
//! route table with the search index as Rust data to `$OUT_DIR/content.rs`, for the
//! prerenderer: the WebAssembly carries none of it.
//!
//! Content errors (a dangling ADR reference, an unknown front matter key, a description over
//! 160 characters, an erratum that does not exist) fail the build with the file and line.

mod adr;
mod codegen;
mod decisions;
mod front_matter;
mod git;
mod highlight;
mod html;
mod knowledge;
mod links;
mod markdown;
mod rules;

use std::path::{Path, PathBuf};

use crate::adr::Record;
use crate::front_matter::FrontMatter;
use crate::markdown::{Context, SearchSection, TocEntry};

/// Where a route's content comes from.
enum Source {
    /// A Markdown file of the repository.
    Markdown(&'static str),
    /// `adr/README.md` with the generated index, then one page per `adr/NNNN-*.md`.
    Adrs,
    /// The decision log page (a component) over `content/decisions.toml`.
    Decisions,
    /// A tool page (a component); the file is its source, for the edit link.
    Tool(&'static str),
    /// The rules index, then one page per rule of the registry.
    Rules,
}

/// A part of the site: its route, its sidebar label and where it comes from, in reading order.
struct Part {
    route: &'static str,
    label: &'static str,
    section: Section,
    source: Source,
    /// Title and description of pages that are not Markdown.
    title: &'static str,
    description: &'static str,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Section {
    Record,
    Tools,
}

const PARTS: &[Part] = &[
    Part {
        route: "",
        label: "Overview",
        section: Section::Record,
        source: Source::Markdown("content/index.md"),
        title: "",
        description: "",
    },
    Part {
        route: "plan",
        label: "The plan",
        section: Section::Record,
        source: Source::Markdown("content/plan.md"),
        title: "",
        description: "",
    },
    Part {
        route: "adr",
        label: "Decision records",
        section: Section::Record,
        source: Source::Adrs,
        title: "",
        description: "",
    },
    Part {
        route: "decisions",
        label: "QnA decision log",
        section: Section::Record,
        source: Source::Decisions,
        title: "QnA decision log",
        description: "All 20 questions and decisions of the runtime optimization refactor, by round, with the premises later corrected.",
    },
    Part {
        route: "archive",
        label: "configs-archive",
        section: Section::Record,
        source: Source::Markdown("content/archive.md"),
        title: "",
        description: "",
    },
    Part {
        route: "standards",
        label: "Overlay variable standards",
        section: Section::Record,
        source: Source::Markdown("content/standards.md"),
        title: "",
        description: "",
    },
    Part {
        route: "validate",
        label: "Overlay validator",
        section: Section::Tools,
        source: Source::Tool("app/src/pages/validate.rs"),
        title: "Overlay validator",
        description: "Paste a Nix overlay and see which NIX_* variables nixpkgs ignores, with fixes.",
    },
    Part {
        route: "memory",
        label: "Memory calculator",
        section: Section::Tools,
        source: Source::Tool("app/src/pages/memory.rs"),
        title: "Memory calculator",
        description: "Paste a hardware profile and see the Codex memory mode, which heavy builds fit in RAM, and where each setting takes effect.",
    },
    Part {
        route: "rules",
        label: "Rules",
        section: Section::Tools,
        source: Source::Rules,
        title: "Rules",
        description: "Every rule of hmopt check: what it catches, its severity, and whether it can fix what it finds.",
    },
];

/// A page as the app gets it.
pub struct Page {
    pub route: String,
    pub title: String,
    /// The `<h1>`.
    pub title_html: String,
    pub facts: Vec<(String, String)>,
    pub reconstructed: String,
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Index into the decision records.
    pub adr: Option<usize>,
}

/// What a route shows.
pub enum View {
    /// Index into the pages.
    Doc(usize),
    Decisions,
    Validate,
    Memory,
}

/// One entry of the route table.
pub struct Route {
    pub path: String,
    pub view: View,
    pub title: String,
    pub head_title: String,
    pub description: String,
    /// The repository file behind the page, for "Edit this page".
    pub source: String,
    pub updated: String,
    /// (section, label) in the sidebar.
    pub nav: Option<(&'static str, String)>,
}

/// A search index entry: a heading of a page and the text under it.
pub struct SearchEntry {
    pub route: String,
    pub page: String,
    pub section: SearchSection,
}

/// A decision record with its links in both directions and its rendered title.
pub struct AdrOut {
    pub record: Record,
    pub relations: adr::Relations,
}

/// Everything `content.rs` holds.
pub struct Site {
    /// `https://github.com/<owner>/<name>`, for the edit links.
    pub repository: String,
    pub pages: Vec<Page>,
    pub routes: Vec<Route>,
    pub adrs: Vec<AdrOut>,
    pub log: decisions::Log,
    pub search: Vec<SearchEntry>,
}

const SITE_NAME: &str = "hmopt";

fn main() {
    // The WebAssembly carries no content: it keeps the prerendered pages (see `src/lib.rs`).
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rerun-if-changed=build");
        return;
    }
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it")).join("..");
    for dir in ["content", "adr", "core/docs/rules"] {
        println!("cargo:rerun-if-changed={}", root.join(dir).display());
    }
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    if let Some(log) = git::head_log(&root) {
        println!("cargo:rerun-if-changed={}", log.display());
    }
    let site = match build(&root) {
        Ok(it) => it,
        Err(err) => {
            eprintln!("error: {err}");
            std::process::exit(1);
        }
    };
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("content.rs");
    std::fs::write(&dest, codegen::emit(&site))
        .unwrap_or_else(|err| panic!("{}: {err}", dest.display()));
}

fn read(root: &Path, path: &str) -> Result<String, String> {
    std::fs::read_to_string(root.join(path)).map_err(|err| format!("{path}: {err}"))
}

fn build(root: &Path) -> Result<Site, String> {
    let syntaxes = two_face::syntax::extra_newlines();
    let rule_names: Vec<&str> = hmopt_core::lint::Rule::ALL.iter().map(|it| it.name()).collect();
    let repository = std::env::var("CARGO_PKG_REPOSITORY").unwrap_or_default();
    if !repository.starts_with("https://github.com/") {
        return Err(format!(
            "app/Cargo.toml: `repository` must be the GitHub URL, found `{repository}`"
        ));
    }
    let mut site = Site {
        repository,
        pages: Vec::new(),
        routes: Vec::new(),
        adrs: Vec::new(),
        log: decisions::Log { rounds: Vec::new(), decisions: Vec::new() },
        search: Vec::new(),
    };
    let section_name = |section: Section| match section {
        Section::Record => "record",
        Section::Tools => "tools",
    };
    let mut errata: Vec<(String, adr::Erratum)> = Vec::new();
    let mut pending_decisions = None;
    let mut decisions_slot = 0;
    for part in PARTS {
        let cx = |route: &'static str| Context { route, syntaxes: &syntaxes, rules: &rule_names };
        let nav = Some((section_name(part.section), part.label.to_owned()));
        match &part.source {
            Source::Markdown(path) => {
                let text = read(root, path)?;
                let (front, body) = front_matter::parse(path, &text)?;
                let body = body
                    .replace("<!-- hmopt:variable-reference -->", &knowledge::variable_reference());
                let rendered = markdown::render(&cx(part.route), &body)
                    .map_err(|err| format!("{path}: {err}"))?;
                errata.extend(rendered.errata.iter().map(|it| (part.route.to_owned(), it.clone())));
                let sources = vec![(*path).to_owned()];
                let input = PageInput { route: part.route, source: path, sources, nav, adr: None };
                push_page(&mut site, root, input, front, rendered)?;
            }
            Source::Adrs => build_adrs(
                &mut site,
                root,
                &cx("adr"),
                nav,
                section_name(part.section),
                &mut errata,
            )?,
            Source::Decisions => {
                pending_decisions = Some(part);
                decisions_slot = site.routes.len();
            }
            Source::Tool(path) => site.routes.push(Route {
                path: part.route.to_owned(),
                view: if part.route == "validate" { View::Validate } else { View::Memory },
                title: part.title.to_owned(),
                head_title: format!("{} · {SITE_NAME}", part.title),
                description: part.description.to_owned(),
                source: (*path).to_owned(),
                updated: git::last_updated(root, &[path.to_string()]),
                nav,
            }),
            Source::Rules => build_rules(&mut site, root, &syntaxes, &rule_names, part, nav)?,
        }
    }
    // The decision log comes last: its corrections must name errata that exist.
    let part = pending_decisions.expect("PARTS has the decision log");
    let path = "content/decisions.toml";
    let cx = Context { route: part.route, syntaxes: &syntaxes, rules: &rule_names };
    site.log = decisions::read(path, &read(root, path)?, &cx, &errata)?;
    site.routes.insert(
        decisions_slot,
        Route {
            path: part.route.to_owned(),
            view: View::Decisions,
            title: part.title.to_owned(),
            head_title: format!("{} · {SITE_NAME}", part.title),
            description: part.description.to_owned(),
            source: path.to_owned(),
            updated: git::last_updated(root, &[path.to_owned()]),
            nav: Some((section_name(part.section), part.label.to_owned())),
        },
    );
    for decision in &site.log.decisions {
        site.search.push(SearchEntry {
            route: part.route.to_owned(),
            page: part.title.to_owned(),
            section: SearchSection {
                id: decision.search.id.clone(),
                heading: decision.search.heading.clone(),
                text: decision.search.text.clone(),
            },
        });
    }
    for route in &site.routes {
        let n_chars = route.description.chars().count();
        if route.description.is_empty() || front_matter::MAX_DESCRIPTION_CHARS < n_chars {
            return Err(format!(
                "/{}: its description has {n_chars} characters; it needs 1 to {}",
                route.path,
                front_matter::MAX_DESCRIPTION_CHARS
            ));
        }
    }
    Ok(site)
}

/// Where a rendered page goes in the site.
struct PageInput<'a> {
    route: &'a str,
    /// The file to edit.
    source: &'a str,
    /// The files whose last commit dates the page.
    sources: Vec<String>,
    nav: Option<(&'static str, String)>,
    /// Index into the decision records, if the page is one.
    adr: Option<usize>,
}

fn push_page(
    site: &mut Site,
    root: &Path,
    input: PageInput<'_>,
    front: FrontMatter,
    rendered: markdown::Rendered,
) -> Result<(), String> {
    let PageInput { route, source, sources, nav, adr } = input;
    let title = front.title.clone().unwrap_or(rendered.title.clone());
    let mut facts = Vec::new();
    if let Some(status) = front.status {
        facts.push(("status".to_owned(), status.name().to_owned()));
    }
    for (key, value) in [
        ("date", &front.date),
        ("amended", &front.amended),
        ("decision-makers", &front.decision_makers),
    ] {
        if let Some(value) = value {
            facts.push((key.to_owned(), value.clone()));
        }
    }
    let head_title = match (route, adr) {
        ("", _) => format!("{SITE_NAME}: NIX_* overlay validator and runtime optimization record"),
        (_, Some(idx)) => {
            format!("{}: {title} · {SITE_NAME}", adr::label(site.adrs[idx].record.number))
        }
        _ => format!("{title} · {SITE_NAME}"),
    };
    let Some(description) = front.description.clone() else {
        return Err(format!("{source}: the front matter has no `description`"));
    };
    for section in rendered.sections {
        site.search.push(SearchEntry { route: route.to_owned(), page: title.clone(), section });
    }
    site.routes.push(Route {
        path: route.to_owned(),
        view: View::Doc(site.pages.len()),
        title: title.clone(),
        head_title,
        description,
        source: source.to_owned(),
        updated: git::last_updated(root, &sources),
        nav,
    });
    site.pages.push(Page {
        route: route.to_owned(),
        title,
        title_html: rendered.title_html,
        facts,
        reconstructed: front.reconstructed.unwrap_or_default(),
        html: rendered.html,
        toc: rendered.toc,
        adr,
    });
    Ok(())
}

/// The ADR index (`adr/README.md` plus the generated table) and one page per record.
fn build_adrs(
    site: &mut Site,
    root: &Path,
    cx: &Context<'_>,
    nav: Option<(&'static str, String)>,
    section: &'static str,
    errata: &mut Vec<(String, adr::Erratum)>,
) -> Result<(), String> {
    let mut files: Vec<(u16, String)> = std::fs::read_dir(root.join("adr"))
        .map_err(|err| format!("adr/: {err}"))?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            adr::number_of(&name).map(|number| (number, format!("adr/{name}")))
        })
        .collect();
    files.sort();
    let mut records = Vec::new();
    let mut rendered_pages = Vec::new();
    for (number, path) in &files {
        let route = adr::route(*number);
        let text = read(root, path)?;
        let (front, body) = front_matter::parse(path, &text)?;
        let page_cx = Context { route: &route, syntaxes: cx.syntaxes, rules: cx.rules };
        let rendered = markdown::render(&page_cx, body).map_err(|err| format!("{path}: {err}"))?;
        let missing =
            |key: &str| format!("{path}: a decision record needs `{key}:` in its front matter");
        records.push(Record {
            number: *number,
            source: path.clone(),
            title: front.title.clone().unwrap_or(rendered.title.clone()),
            status: front.status.ok_or_else(|| missing("status"))?,
            date: front.date.clone().ok_or_else(|| missing("date"))?,
            amended: front.amended.clone(),
            supersedes: front.supersedes.clone(),
            superseded_by: front.superseded_by.clone(),
            amends: front.amends.clone(),
            errata: rendered.errata.clone(),
        });
        errata.extend(rendered.errata.iter().map(|it| (route.clone(), it.clone())));
        rendered_pages.push((route, path.clone(), front, rendered));
    }
    let relations = adr::relate(&records)?;
    let index_path = "adr/README.md";
    let text = read(root, index_path)?;
    let (front, body) = front_matter::parse(index_path, &text)?;
    for gap in adr::gaps(&records) {
        if !body.contains(&adr::label(gap)) {
            return Err(format!(
                "{index_path}: {} is missing from adr/; say why under \"Numbering\"",
                adr::label(gap)
            ));
        }
    }
    let body = body.replace("<!-- hmopt:adr-index -->", &adr::index_html(&records, &relations));
    let rendered = markdown::render(cx, &body).map_err(|err| format!("{index_path}: {err}"))?;
    let mut sources = vec![index_path.to_owned()];
    sources.extend(files.iter().map(|(_, path)| path.clone()));
    let input = PageInput { route: "adr", source: index_path, sources, nav, adr: None };
    push_page(site, root, input, front, rendered)?;
    for ((route, path, front, rendered), (record, relations)) in
        rendered_pages.into_iter().zip(records.into_iter().zip(relations))
    {
        let label = format!("{}: {}", adr::label(record.number), record.title);
        let idx = site.adrs.len();
        site.adrs.push(AdrOut { record, relations });
        let sources = vec![path.clone()];
        let nav = Some((section, label));
        let input = PageInput { route: &route, source: &path, sources, nav, adr: Some(idx) };
        push_page(site, root, input, front, rendered)?;
    }
    Ok(())
}

/// The rules index and one page per rule, from the registry.
fn build_rules(
    site: &mut Site,
    root: &Path,
    syntaxes: &syntect::parsing::SyntaxSet,
    rule_names: &[&str],
    part: &Part,
    nav: Option<(&'static str, String)>,
) -> Result<(), String> {
    let registry = "core/src/lint/registry.rs";
    let mut sources = vec![registry.to_owned()];
    sources.extend(
        hmopt_core::lint::Rule::ALL.iter().map(|it| format!("core/docs/rules/{}.md", it.name())),
    );
    site.routes.push(Route {
        path: part.route.to_owned(),
        view: View::Doc(site.pages.len()),
        title: part.title.to_owned(),
        head_title: format!("{} · {SITE_NAME}", part.title),
        description: part.description.to_owned(),
        source: registry.to_owned(),
        updated: git::last_updated(root, &sources),
        nav,
    });
    site.pages.push(Page {
        route: part.route.to_owned(),
        title: part.title.to_owned(),
        title_html: format!("<h1 id=\"rules\">{}</h1>", part.title),
        facts: Vec::new(),
        reconstructed: String::new(),
        html: rules::index_html(),
        toc: Vec::new(),
        adr: None,
    });
    for rule in hmopt_core::lint::Rule::ALL {
        let route = format!("rules/{}", rule.name());
        let cx = Context { route: &route, syntaxes, rules: rule_names };
        let rendered = markdown::render(&cx, &rules::page_markdown(rule))
            .map_err(|err| format!("core/docs/rules/{}.md: {err}", rule.name()))?;
        let source = format!("core/docs/rules/{}.md", rule.name());
        let mut description = format!("hmopt rule {}: {}", rule.name(), rule.summary());
        if front_matter::MAX_DESCRIPTION_CHARS < description.chars().count() {
            description = rules::title(rule);
        }
        let front = FrontMatter { description: Some(description), ..FrontMatter::default() };
        let sources = vec![source.clone(), registry.to_owned()];
        let input = PageInput { route: &route, source: &source, sources, nav: None, adr: None };
        push_page(site, root, input, front, rendered)?;
        let page = site.pages.last_mut().expect("just pushed");
        page.facts.push(("severity".to_owned(), rule.severity().name().to_owned()));
        let fix = if rules::has_fix(rule) { "available" } else { "none" };
        page.facts.push(("fix".to_owned(), fix.to_owned()));
    }
    Ok(())
}

//! The site's content as data: every internal link lands on a page and an anchor that exist,
//! the search finds what readers look for, and the decision log is complete.

use std::collections::HashSet;

use hmopt_app::components::search::search;
use hmopt_app::content::{DECISIONS, PAGES, ROUNDS, page};
use hmopt_app::pages::decisions::matches;
use hmopt_app::routes;

/// Every `id="..."` of a route's page, as rendered by the build script or the page component.
fn anchors(route: &str) -> HashSet<String> {
    let mut res = HashSet::new();
    let html = match route {
        "decisions" => {
            res.extend(DECISIONS.iter().map(|it| format!("q{}", it.id)));
            String::new()
        }
        other => page(other).map_or(String::new(), |it| it.html.to_owned()),
    };
    for part in html.split(" id=\"").skip(1) {
        res.insert(part.split('"').next().unwrap_or_default().to_owned());
    }
    res.insert("main".to_owned());
    res
}

fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .map(|it| it.split('"').next().unwrap_or_default().replace("&amp;", "&"))
        .collect()
}

#[test]
fn every_internal_link_resolves() {
    let known: HashSet<String> = routes::all().into_iter().collect();
    let mut links: Vec<(String, String)> = Vec::new();
    for page in PAGES {
        links.extend(hrefs(page.html).into_iter().map(|it| (page.route.to_owned(), it)));
    }
    for decision in DECISIONS {
        for (_, target) in decision.drives {
            links.push(("decisions".to_owned(), (*target).to_owned()));
        }
        for html in [
            decision.question,
            decision.decision,
            decision.rationale,
            decision.details,
            decision.correction,
        ] {
            links.extend(hrefs(html).into_iter().map(|it| ("decisions".to_owned(), it)));
        }
    }
    assert!(links.len() > 50, "only {} links found", links.len());
    let mut broken = Vec::new();
    for (from, target) in &links {
        if target.starts_with("http://")
            || target.starts_with("https://")
            || target.starts_with("mailto:")
        {
            continue;
        }
        assert!(
            !target.starts_with('/'),
            "{from}: `{target}` is site-absolute and breaks under a sub-path"
        );
        assert!(
            !target.starts_with('#'),
            "{from}: `{target}` resolves against <base href>, not the page"
        );
        let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
        let path = if path == "./" { "" } else { path.trim_end_matches('/') };
        if !known.contains(path) {
            broken.push(format!("{from} -> {target} (no such page)"));
            continue;
        }
        let is_footnote = fragment.starts_with("fn-")
            || fragment.starts_with("fnref-")
            || fragment.parse::<u32>().is_ok();
        if !fragment.is_empty() && !is_footnote && !anchors(path).contains(fragment) {
            broken.push(format!("{from} -> {target} (no such anchor)"));
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn every_route_has_a_page_and_a_title() {
    for route in routes::all() {
        let (title, description) = hmopt_app::head(&route);
        assert!(!title.starts_with("Page not found"), "{route} has no page");
        assert!(description.len() > 20, "{route} has no description");
    }
    assert!(hmopt_app::head("no/such").0.starts_with("Page not found"));
}

#[test]
fn search_finds_what_readers_look_for() {
    for query in
        ["NIX_CXXSTDLIB_COMPILE", "Cachix", "effectiveTotal", "configs-archive", "unknown-variable"]
    {
        assert!(!search(query).is_empty(), "no hit for {query}");
    }
    let erratum = search("NIX_CXXSTDLIB_COMPILE erratum");
    assert!(erratum.iter().any(|(target, _, _)| target.starts_with("adr/024#")), "{erratum:?}");
    assert!(search("").is_empty());
    assert!(search("zzzz-no-such-word").is_empty());
}

#[test]
fn the_decision_log_has_twenty_questions_in_five_rounds() {
    assert_eq!(ROUNDS.len(), 5);
    let ids: Vec<u8> = DECISIONS.iter().map(|it| it.id).collect();
    assert_eq!(ids, (1..=20).collect::<Vec<_>>());
    for round in 1..=5 {
        assert_eq!(
            DECISIONS.iter().filter(|it| matches(it, round, "")).count(),
            4,
            "round {round}"
        );
    }
    let codex: Vec<u8> =
        DECISIONS.iter().filter(|it| matches(it, 0, "codex")).map(|it| it.id).collect();
    assert!(codex.contains(&1) && codex.contains(&6), "{codex:?}");
    let corrected: Vec<u8> =
        DECISIONS.iter().filter(|it| !it.correction.is_empty()).map(|it| it.id).collect();
    assert!(corrected.contains(&3), "Q3's \"fix typo\" premise is corrected: {corrected:?}");
}

#[test]
fn the_standards_page_embeds_the_knowledge_base() {
    let standards = page("standards").unwrap();
    for variable in hmopt_core::knowledge::VARIABLES {
        assert!(
            standards.html.contains(&format!("id=\"var-{}\"", variable.name)),
            "{}",
            variable.name
        );
    }
    assert!(!standards.html.contains("hmopt:variable-reference"));
    let adr = page("adr/024").unwrap();
    assert!(adr.html.contains("pkgs/build-support/cc-wrapper/cc-wrapper.sh"));
    assert!(adr.meta.contains(&("status", "accepted")));
}

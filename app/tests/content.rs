//! The site's content as data: every internal link lands on a page and an anchor that exist,
//! the search finds what readers look for, the decision log is complete, and the corrections
//! stay where readers meet the wrong text first.

// The content exists natively only: the prerenderer writes it as HTML.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashSet;

use hmopt_app::content::{ADRS, DECISIONS, PAGES, ROUNDS, ROUTES, View, page, route};
use hmopt_app::filters::decision_matches;
use hmopt_app::search::{index_json, parse_index, search};
use hmopt_app::tools::EXAMPLES;
use hmopt_core::lint::{self, LintConfig, Rule, RuleSet};

/// Every `id="..."` of a route's page, as rendered by the build script or the page component.
fn anchors(path: &str) -> HashSet<String> {
    let mut res = HashSet::new();
    let html = match path {
        "decisions" => {
            res.extend(DECISIONS.iter().map(|it| format!("q{}", it.id)));
            res.extend(ROUNDS.iter().map(|it| format!("round-{}", it.number)));
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
    let known: HashSet<&str> = ROUTES.iter().map(|it| it.path).collect();
    let mut links: Vec<(String, String)> = Vec::new();
    for page in PAGES {
        links.extend(hrefs(page.html).into_iter().map(|it| (page.route.to_owned(), it)));
    }
    for decision in DECISIONS {
        for (_, target) in decision.drives {
            links.push(("decisions".to_owned(), (*target).to_owned()));
        }
        for erratum in decision.corrected_by {
            links.push(("decisions".to_owned(), erratum.href.to_owned()));
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
    assert!(100 < links.len(), "only {} links found", links.len());
    let mut broken = Vec::new();
    for (from, target) in &links {
        if target.starts_with("https://") || target.starts_with("http://") {
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
        if path == "feed.xml" {
            continue;
        }
        if !known.contains(path) {
            broken.push(format!("{from} -> {target} (no such page)"));
            continue;
        }
        if !fragment.is_empty() && !anchors(path).contains(fragment) {
            broken.push(format!("{from} -> {target} (no such anchor)"));
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn every_route_has_a_title_and_a_short_description() {
    let mut paths = HashSet::new();
    for route in ROUTES {
        assert!(paths.insert(route.path), "{} is listed twice", route.path);
        let (title, description) = hmopt_app::head(route.path);
        assert!(!title.starts_with("Page not found"), "{} has no page", route.path);
        let n_chars = description.chars().count();
        assert!(
            (50..=160).contains(&n_chars),
            "/{}: the description has {n_chars} characters: {description}",
            route.path
        );
        assert_eq!(route.updated.len(), 10, "/{}: last updated `{}`", route.path, route.updated);
        assert!(!route.source.is_empty() && !route.source.starts_with('/'), "{}", route.source);
    }
    assert!(hmopt_app::head("no/such").0.starts_with("Page not found"));
    assert_eq!(route("plan/").map(|it| it.path), Some("plan"));
}

#[test]
fn the_route_table_covers_documents_records_rules_and_tools() {
    let paths: Vec<&str> = ROUTES.iter().map(|it| it.path).collect();
    for path in ["", "plan", "adr", "adr/024", "adr/026", "decisions", "archive", "standards"] {
        assert!(paths.contains(&path), "{path} is missing from {paths:?}");
    }
    for rule in Rule::ALL {
        assert!(paths.contains(&format!("rules/{}", rule.name()).as_str()), "{}", rule.name());
    }
    assert!(matches!(route("validate").unwrap().view, View::Validate));
    assert!(matches!(route("memory").unwrap().view, View::Memory));
    assert!(matches!(route("decisions").unwrap().view, View::Decisions));
}

#[test]
fn search_finds_what_readers_look_for() {
    let json = index_json(hmopt_app::content::SEARCH);
    let index = parse_index(&json).expect("search.json reads back");
    assert_eq!(index.len(), hmopt_app::content::SEARCH.len());
    let search = |query: &str| -> Vec<(String, String, String)> {
        search(&index, query).into_iter().map(|it| (it.target, it.page, it.label)).collect()
    };
    for query in [
        "NIX_CXXSTDLIB_COMPILE",
        "Cachix",
        "effectiveTotal",
        "configs-archive",
        "unknown-variable",
        "MEMORY_LIMIT_GB",
    ] {
        assert!(!search(query).is_empty(), "no hit for {query}");
    }
    let erratum = search("NIX_CXXSTDLIB_COMPILE erratum");
    assert!(erratum.iter().any(|(target, _, _)| target.starts_with("adr/024#")), "{erratum:?}");
    let codex = search("erratum codex build");
    assert!(
        codex.iter().any(|(target, _, _)| target == "adr/024#erratum-codex-memory-mode"),
        "{codex:?}"
    );
    assert!(search("").is_empty());
    assert!(search("zzzz-no-such-word").is_empty());
    assert_eq!(parse_index("[[\"a\", \"b\"]]"), None, "a row with two fields is not an entry");
    assert_eq!(parse_index("{}"), None);
}

#[test]
fn the_decision_log_has_twenty_questions_in_five_rounds() {
    assert_eq!(ROUNDS.len(), 5);
    assert!(ROUNDS.iter().all(|it| !it.topics.is_empty()));
    let ids: Vec<u8> = DECISIONS.iter().map(|it| it.id).collect();
    assert_eq!(ids, (1..=20).collect::<Vec<_>>());
    for round in 1..=5 {
        assert_eq!(
            DECISIONS.iter().filter(|it| decision_matches(it.text, it.round, round, "")).count(),
            4,
            "round {round}"
        );
    }
    let codex: Vec<u8> = DECISIONS
        .iter()
        .filter(|it| decision_matches(it.text, it.round, 0, "codex"))
        .map(|it| it.id)
        .collect();
    assert!(codex.contains(&1) && codex.contains(&6), "{codex:?}");
    assert!(DECISIONS.iter().all(|it| it.status == "accepted"));
}

#[test]
fn corrected_premises_carry_their_errata() {
    let corrected = |id: u8| -> Vec<&str> {
        let decision = DECISIONS.iter().find(|it| it.id == id).unwrap();
        decision.corrected_by.iter().map(|it| it.href).collect()
    };
    assert_eq!(corrected(3), ["adr/024#erratum-nix_cxxstdlib_compile"]);
    assert_eq!(corrected(1), ["adr/024#erratum-codex-memory-mode"]);
    assert_eq!(corrected(6), ["adr/024#erratum-codex-memory-mode"]);
    assert_eq!(corrected(4), ["adr/024#erratum-llvm-overlay-flags"]);
    for decision in DECISIONS {
        let mentions_typo = decision.text.contains("typo");
        assert!(
            !mentions_typo || !decision.corrected_by.is_empty(),
            "Q{} repeats the typo story without a correction",
            decision.id
        );
        assert_eq!(decision.correction.is_empty(), decision.corrected_by.is_empty());
    }
}

#[test]
fn adr_024_lists_three_dated_errata_with_pinned_evidence() {
    let adr = ADRS.iter().find(|it| it.number == 24).unwrap();
    assert_eq!((adr.status, adr.date, adr.amended), ("accepted", "2025-12-30", "2026-11-26"));
    let errata: Vec<(&str, &str)> = adr.errata.iter().map(|it| (it.href, it.date)).collect();
    assert_eq!(
        errata,
        [
            ("adr/024#erratum-nix_cxxstdlib_compile", "2026-11-25"),
            ("adr/024#erratum-codex-memory-mode", "2026-11-26"),
            ("adr/024#erratum-llvm-overlay-flags", "2026-11-26"),
        ]
    );
    let html = page("adr/024").unwrap().html;
    for path in [
        "pkgs/build-support/cc-wrapper/cc-wrapper.sh",
        "pkgs/build-support/cc-wrapper/add-flags.sh",
        "pkgs/build-support/bintools-wrapper/default.nix",
        "pkgs/by-name/li/libedgetpu/package.nix",
        "pkgs/build-support/setup-hooks/make-wrapper.sh",
    ] {
        assert!(
            html.contains(&format!("/blob/{}/{path}\"", nixpkgs_rev(html))),
            "{path} is not linked at the pinned commit"
        );
    }
    assert!(html.contains("https://github.com/NixOS/nix/blob/"), "the Nix manual is not linked");
    let page = page("adr/024").unwrap();
    assert!(page.reconstructed.contains("plan"), "ADR-024 does not say it is reconstructed");
    assert!(page.facts.contains(&("amended", "2026-11-26")));
}

/// The one nixpkgs commit the site links to.
fn nixpkgs_rev(html: &str) -> String {
    let start = html.find("https://github.com/NixOS/nixpkgs/blob/").expect("a nixpkgs link")
        + "https://github.com/NixOS/nixpkgs/blob/".len();
    html[start..start + 40].to_owned()
}

#[test]
fn nixpkgs_paths_are_links_to_one_pinned_commit() {
    let rev = nixpkgs_rev(page("adr/024").unwrap().html);
    assert!(rev.bytes().all(|it| it.is_ascii_hexdigit()), "{rev}");
    let mut n_links = 0;
    for page in PAGES {
        // The variable reference renders the knowledge base's sources as they are.
        let html = match page.html.find("<table class=\"variables\">") {
            Some(start) => {
                let end = page.html.rfind("</table>").unwrap();
                format!("{}{}", &page.html[..start], &page.html[end..])
            }
            None => page.html.to_owned(),
        };
        for (idx, _) in html.match_indices("<code>pkgs/") {
            let before = &html[..idx];
            assert!(
                before.ends_with("\">")
                    && before.rfind("class=\"upstream\"").is_some_and(|at| idx - at < 200),
                "{}: a nixpkgs path without a link near {}",
                page.route,
                &html[idx..(idx + 80).min(html.len())]
            );
        }
        for part in html.split("https://github.com/NixOS/nixpkgs/").skip(1) {
            let kind_and_rev = part.split('/').take(2).collect::<Vec<_>>();
            if matches!(kind_and_rev[0], "blob" | "tree") {
                assert_eq!(
                    kind_and_rev[1], rev,
                    "{}: a nixpkgs link at another commit",
                    page.route
                );
                n_links += 1;
            }
        }
    }
    assert!(30 < n_links, "only {n_links} nixpkgs links");
}

/// Text of the plan that is wrong: a code block showing it must have a warning right above it.
const WRONG: [&str; 11] = [
    "✅ CORRECT",
    "❌ WRONG - typo",
    "MEMORY_LIMIT_GB = memoryLimitGb",
    "MEMORY_LIMIT_GB=\"3-4\"",
    "bintools = prev.llvmPackages_19.bintools.override",
    "10-20% faster CUDA compilation times",
    "Fix typo NIX_CXXSTDLIB_COMPILE",
    "\"NIX_CXXFLAGS_COMPILE\"",
    "Detects common typos (NIX_CXXSTDLIB_COMPILE",
    "rg \"NIX_CXXSTDLIB\"",
    "C++ compiler flags (⚠️ NOT NIX_CXXSTDLIB_COMPILE)",
];

#[test]
fn every_wrong_code_block_has_a_warning_above_it() {
    let mut n_checked = 0;
    // A rule's documentation shows the mistake it catches, then "Use instead".
    for page in PAGES.iter().filter(|it| !it.route.starts_with("rules/")) {
        let html = page.html;
        for (idx, _) in html.match_indices("<pre") {
            let end = idx + html[idx..].find("</pre>").unwrap();
            let block = &html[idx..end];
            let text = block.replace("&quot;", "\"");
            let plain = strip_tags(&text);
            if block.contains("data-lang=\"console\"") || !WRONG.iter().any(|it| plain.contains(it))
            {
                continue;
            }
            n_checked += 1;
            // The warning must come after the previous code block or heading.
            let before = &html[..idx];
            let boundary = ["<pre", "<h1", "<h2", "<h3", "<h4"]
                .iter()
                .filter_map(|it| before.rfind(it))
                .max()
                .unwrap_or(0);
            let between = &before[boundary..];
            let warning = between.rfind("class=\"callout callout-warning\"");
            assert!(
                warning.is_some_and(|at| between[at..].contains("href=\"adr/024#erratum-")),
                "{}: a wrong code block without a warning linking an erratum above it:\n{}",
                page.route,
                &plain[..plain.len().min(200)]
            );
        }
    }
    assert!(12 <= n_checked, "only {n_checked} wrong blocks found");
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn the_standards_page_embeds_the_knowledge_base_and_current_hook_names() {
    let standards = page("standards").unwrap();
    for variable in hmopt_core::knowledge::VARIABLES {
        assert!(
            standards.html.contains(&format!("id=\"var-{}\"", variable.name)),
            "{}",
            variable.name
        );
    }
    assert!(!standards.html.contains("hmopt:variable-reference"));
    assert!(!standards.html.contains("nixfmt-rfc-style.enable"), "the deprecated hook name");
    assert!(!standards.html.contains("rev: v0.1.0"), "a tag that does not exist");
    let adr_026 = page("adr/026").unwrap();
    assert!(!adr_026.html.contains("<code>exclude = ") || adr_026.html.contains("[lint]"));
}

#[test]
fn the_archive_shows_only_moved_files_as_archived() {
    let html = page("archive").unwrap().html;
    let archived = &html[..html.find("id=\"planned\"").expect("a Planned section")];
    assert!(!archived.contains("codex-memory-limited.nix"), "Phase 4 has not moved it yet");
    assert!(page("archive").unwrap().reconstructed.contains("plan"));
}

#[test]
fn the_rules_index_lists_the_registry() {
    let index = page("rules").unwrap();
    for rule in Rule::ALL {
        assert!(index.html.contains(&format!("href=\"rules/{}\"", rule.name())), "{}", rule.name());
        let page = page(&format!("rules/{}", rule.name())).unwrap();
        let summary = rule.summary().replace('`', "");
        assert!(page.title.ends_with(&summary[1..]), "{}: {}", rule.name(), page.title);
        assert!(page.facts.iter().any(|(key, _)| *key == "fix"));
    }
    let fix_rows = index.html.matches("chip-fix").count();
    let with_fix = Rule::ALL.iter().filter(|it| it.docs().contains("\n## Fix safety")).count();
    assert_eq!(fix_rows, with_fix);
}

#[test]
fn playground_examples_are_clean_overlays_with_the_findings_they_promise() {
    let config =
        LintConfig { rules: RuleSet::all(), extra_variables: Vec::new(), deny: Vec::new() };
    let rules = |text: &str| -> Vec<&str> {
        lint::lint(text, &config).iter().map(|it| it.rule.name()).collect()
    };
    for (label, text) in EXAMPLES {
        assert!(!text.contains("# expect"), "{label} carries a test annotation");
    }
    assert_eq!(rules(EXAMPLES[0].1), ["unknown-variable"]);
    assert!(rules(EXAMPLES[1].1).is_empty(), "{:?}", rules(EXAMPLES[1].1));
    let pitfalls = rules(EXAMPLES[2].1);
    for rule in
        ["env-drops-upstream", "env-non-string", "compiler-flag-in-ldflags", "unknown-variable"]
    {
        assert!(pitfalls.contains(&rule), "{rule} missing from {pitfalls:?}");
    }
    assert!(rules(EXAMPLES[3].1).is_empty(), "{:?}", rules(EXAMPLES[3].1));
}

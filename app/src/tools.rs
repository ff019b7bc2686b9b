//! The playgrounds' answers: the validator's findings and the calculator's report for a text,
//! as the core's JSON, the editor's markers and the markup of the parts that change. The web
//! workers (`src/bin/lint_worker.rs`, `src/bin/memory_worker.rs`) compute them on every edit;
//! the prerenderer computes them for the examples, so each tool page is complete HTML. The page
//! itself only draws them.

use hmopt_core::calc::{self, MemoryReport, ProfileError, ProfileFormat};
use hmopt_core::knowledge::{self, Lookup};
use hmopt_core::lint::{self, Applicability, Diagnostic, LintConfig, RuleSet, Severity};
use hmopt_core::text::LineIndex;

use crate::highlight::{Marker, MarkerLevel};
use crate::markup::{Element, el};

/// The validator's examples menu: (label, overlay), from `content/examples/`.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "The plan's Node.js overlay after its \"fix\"",
        include_str!("../../content/examples/nodejs-planned-fix.nix"),
    ),
    (
        "The plan's Node.js overlay as written",
        include_str!("../../content/examples/nodejs-as-written.nix"),
    ),
    ("Four env pitfalls", include_str!("../../content/examples/env-pitfalls.nix")),
    ("A clean hardware-tuned overlay", include_str!("../../content/examples/hardware-overlay.nix")),
    (
        "The plan's LLVM overlay (its flags never apply)",
        include_str!("../../content/examples/llvm-overlay.nix"),
    ),
];

/// The calculator's starting point: the plan's WSL system.
pub const MEMORY_EXAMPLE: &str = include_str!("../../core/tests/fixtures/profiles/wsl-8gb.nix");

/// The Cargo binary of the validator's web worker (trunk writes `<name>_loader.js`).
pub const LINT_WORKER: &str = "hmopt-lint-worker";

/// The Cargo binary of the calculator's web worker.
pub const MEMORY_WORKER: &str = "hmopt-memory-worker";

/// At most this many diagnostics are listed; the summary still counts them all.
pub const MAX_LISTED: usize = 500;

/// The validator's configuration: every rule, nothing extra (as `hmopt check` without a
/// `hmopt.toml`).
#[must_use]
pub fn config() -> LintConfig {
    LintConfig { rules: RuleSet::all(), extra_variables: Vec::new(), deny: Vec::new() }
}

/// What the validator shows for a text.
#[derive(Debug)]
pub struct Checked {
    /// `hmopt check --format json -`'s object for the text (`files[0]`).
    pub json: String,
    /// "2 errors, 1 warning", or "No problems found".
    pub summary: String,
    /// The ranges to underline.
    pub markers: Vec<Marker>,
    /// The list items: the first [`MAX_LISTED`] diagnostics, then how many more there are.
    pub items: Vec<Element>,
}

/// Lints `text` and renders what the validator shows.
#[must_use]
pub fn check(text: &str) -> Checked {
    checked(text, &lint::lint(text, &config()))
}

/// [`check`] for the next version of a text that `linter` linted before (the validator's worker:
/// typing inside a name, a string or a comment reuses the last syntax tree).
pub fn check_next(linter: &mut lint::Incremental, text: &str) -> Checked {
    checked(text, &linter.lint(text, &config()))
}

/// What the validator shows for `diagnostics`, the findings of `text`.
fn checked(text: &str, diagnostics: &[Diagnostic]) -> Checked {
    let json = lint::json::file("-", text, diagnostics).to_string();
    let markers = diagnostics
        .iter()
        .map(|it| Marker {
            range: it.range.clone(),
            level: match it.severity() {
                Severity::Error => MarkerLevel::Error,
                Severity::Warning => MarkerLevel::Warning,
            },
        })
        .collect();
    let index = LineIndex::new(text);
    let mut items: Vec<Element> = diagnostics
        .iter()
        .take(MAX_LISTED)
        .enumerate()
        .map(|(idx, it)| diagnostic_item(text, &index, idx, it))
        .collect();
    let n_hidden = diagnostics.len().saturating_sub(MAX_LISTED);
    if 0 < n_hidden {
        items.push(
            el("li")
                .attr("class", "more")
                .child(format!("… and {n_hidden} more (only the first {MAX_LISTED} are listed)")),
        );
    }
    Checked { json, summary: summary(diagnostics), markers, items }
}

/// "2 errors, 1 warning", or "No problems found".
#[must_use]
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let n_errors = diagnostics.iter().filter(|it| it.severity() == Severity::Error).count();
    let n_warnings = diagnostics.len() - n_errors;
    if diagnostics.is_empty() {
        return "No problems found".to_owned();
    }
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    format!("{n_errors} error{}, {n_warnings} warning{}", plural(n_errors), plural(n_warnings))
}

/// One listed diagnostic. The page reads `data-start`/`data-end` (byte offsets) to select the
/// range when the item is clicked, and `data-fix` (the diagnostic's index) to ask for its fix.
fn diagnostic_item(text: &str, index: &LineIndex, idx: usize, diagnostic: &Diagnostic) -> Element {
    let at = index.line_column(text, diagnostic.range.start);
    let severity = diagnostic.severity().name();
    let name = diagnostic.rule.name();
    let suggestion = diagnostic.suggestion.as_ref().map(|it| {
        el("p")
            .attr("class", "suggestion")
            .child("Suggestion: ")
            .child(el("code").child(it.as_str()))
    });
    let help = diagnostic.help.as_ref().map(|it| el("p").attr("class", "help").child(it.as_str()));
    let variable = diagnostic.variable.as_deref().and_then(|name| match knowledge::lookup(name) {
        Lookup::Known { variable, .. } => Some(
            el("a")
                .attr("class", "variable")
                .attr("href", format!("standards#var-{}", variable.name))
                .child(format!("{} in the variable reference", variable.name)),
        ),
        _ => None,
    });
    let fix = diagnostic.fix.as_ref().map(|fix| {
        let label = match fix.applicability {
            Applicability::Safe => format!("Apply fix: {}", fix.title),
            Applicability::Unsafe => format!("Apply unsafe fix: {}", fix.title),
        };
        el("button")
            .attr("type", "button")
            .attr("class", "apply")
            .attr("data-fix", idx.to_string())
            .child(label)
    });
    el("li")
        .attr("class", format!("diagnostic {severity}"))
        .attr("data-start", diagnostic.range.start.to_string())
        .attr("data-end", diagnostic.range.end.to_string())
        .attr("data-line", at.line.to_string())
        .child(el("span").attr("class", "severity").child(severity))
        .child(el("a").attr("class", "rule").attr("href", format!("rules/{name}")).child(name))
        .child(
            el("button")
                .attr("type", "button")
                .attr("class", "position")
                .attr("title", "Select in the editor")
                .child(format!("{}:{}", at.line, at.column)),
        )
        .child(el("p").attr("class", "message").child(diagnostic.message.as_str()))
        .child_opt(suggestion)
        .child_opt(help)
        .child_opt(variable)
        .child_opt(fix)
}

/// `text` with the fix of its diagnostic number `idx` applied (unsafe fixes too: the reader
/// chose it), or `None` when that diagnostic has no fix.
#[must_use]
pub fn fix_one(text: &str, idx: usize) -> Option<String> {
    let diagnostic = lint::lint(text, &config()).into_iter().nth(idx)?;
    diagnostic.fix.as_ref()?;
    Some(lint::apply_fixes(text, std::slice::from_ref(&diagnostic), true).0)
}

/// `text` with every safe fix applied.
#[must_use]
pub fn fix_all(text: &str) -> String {
    lint::fix_all(text, &config(), false).text
}

/// The offset of byte `offset` of `text` in UTF-16 code units, as text areas count.
#[must_use]
pub fn utf16_offset(text: &str, offset: usize) -> u32 {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    text[..offset].encode_utf16().count() as u32
}

/// What the calculator shows for a profile. The slots are filled into the elements with the
/// same `data-slot` of the page; the explanations around them are the page's own.
#[derive(Debug)]
pub struct Calculated {
    /// `hmopt memory --format json -`'s object, or `{"error": ..}`.
    pub json: String,
    /// The error's range, underlined.
    pub markers: Vec<Marker>,
    /// `(slot, content)`; when the profile gives no report, only `error` has content.
    pub slots: Vec<(&'static str, Vec<Element>)>,
    /// The profile's effective RAM (GB), which the page's slider shows; none on an error.
    pub effective_total_gb: Option<f64>,
}

/// The slots of the calculator page, in order.
pub const MEMORY_SLOTS: [&str; 6] = ["error", "result", "warnings", "note", "builds", "steps"];

/// Reads and evaluates `text` as a hardware profile and renders the report.
#[must_use]
pub fn calculate(text: &str) -> Calculated {
    let result = calc::parse_profile(text, ProfileFormat::sniff(text))
        .and_then(|profile| calc::compute(&profile));
    match &result {
        Ok(report) => Calculated {
            json: calc::json::report(report).to_string(),
            markers: Vec::new(),
            slots: report_slots(report),
            effective_total_gb: Some(report.effective_total_gb.as_f64()),
        },
        Err(err) => Calculated {
            json: calc::json::error(err).to_string(),
            markers: err
                .range
                .clone()
                .map(|range| Marker { range, level: MarkerLevel::Error })
                .into_iter()
                .collect(),
            slots: error_slots(err),
            effective_total_gb: None,
        },
    }
}

fn error_slots(err: &ProfileError) -> Vec<(&'static str, Vec<Element>)> {
    let alert =
        el("p").attr("class", "diagnostic error").attr("role", "alert").child(err.to_string());
    MEMORY_SLOTS
        .iter()
        .map(|&slot| (slot, if slot == "error" { vec![alert.clone()] } else { Vec::new() }))
        .collect()
}

fn report_slots(report: &MemoryReport) -> Vec<(&'static str, Vec<Element>)> {
    let row = |name: &str, value: Element| [el("dt").child(name), value];
    let code = |text: String| el("dd").child(el("code").child(text));
    let mut result: Vec<Element> = row(
        "effectiveTotal",
        el("dd").child(format!("{} GB ({})", report.effective_total_gb, report.source.as_str())),
    )
    .into();
    if let Some(used) = report.runtime_usage_gb {
        result.extend(row(
            "runtimeUsage",
            el("dd").child(format!(
                "{used} GB used at run time: {} GB left for builds",
                report.available_gb
            )),
        ));
    }
    result.extend(
        [
            row("Codex mode", el("dd").attr("class", "mode").child(report.mode.as_str())),
            row("MEMORY_LIMIT_GB", code(format!("\"{}\"", report.mode.memory_limit_gb()))),
            row("NODE_OPTIONS", code(report.node_options())),
            row("Compiler flags", code(report.compiler_flags.join(" "))),
        ]
        .into_iter()
        .flatten(),
    );
    let note =
        vec![el("span").child(match report.runtime_usage_gb {
        Some(_) => format!(
            "These verdicts compare each build with the {} GB the system leaves while it runs.",
            report.available_gb
        ),
        None => "These verdicts compare each build with the whole effectiveTotal. Add \
                 memory.runtimeUsage (GB) to the profile to subtract what the system itself \
                 uses while it runs: the plan expects the 8 GB WSL system to use about 6 GB, \
                 which leaves about 2 GB, less than any of these builds needs."
            .to_owned(),
    })];
    let warnings = report.warnings.iter().map(|it| el("li").child(it.as_str())).collect();
    let builds = report
        .builds
        .iter()
        .map(|build| {
            let verdict = build.verdict.as_str();
            el("tr")
                .child(el("td").child(build.cost.name))
                .child(
                    el("td").child(format!("{}-{} GB", build.cost.ram_gb.0, build.cost.ram_gb.1)),
                )
                .child(
                    el("td")
                        .child(format!("{}-{} min", build.cost.minutes.0, build.cost.minutes.1)),
                )
                .child(
                    el("td").child(
                        el("span").attr("class", format!("chip chip-{verdict}")).child(verdict),
                    ),
                )
                .child(el("td").child(build.advice))
        })
        .collect();
    let steps = report
        .steps
        .iter()
        .map(|step| {
            let at =
                step.position.map(|it| format!("{}:{} ", it.line, it.column)).unwrap_or_default();
            el("li")
                .child(el("span").attr("class", "position").child(at))
                .child(step.message.as_str())
        })
        .collect();
    vec![
        ("error", Vec::new()),
        ("result", result),
        ("warnings", warnings),
        ("note", note),
        ("builds", builds),
        ("steps", steps),
    ]
}

/// A minimal profile with only the effective RAM, for the slider.
#[must_use]
pub fn slider_profile(gb: f64) -> String {
    format!("{{\n  memory.effectiveTotal = {gb};\n}}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_lists_its_finding_with_position_and_fix() {
        let checked = check(EXAMPLES[0].1);
        assert_eq!(checked.summary, "1 error, 0 warnings");
        assert_eq!(checked.markers.len(), 1);
        let html = crate::markup::to_html(&checked.items);
        assert!(html.starts_with("<li class=\"diagnostic error\" data-start=\"566\" data-end=\"586\" data-line=\"16\">"), "{html}");
        assert!(html.contains("<button type=\"button\" class=\"apply\" data-fix=\"0\">Apply unsafe fix: Replace with `NIX_CXXSTDLIB_COMPILE`</button>"), "{html}");
        let json: serde_json::Value = serde_json::from_str(&checked.json).unwrap();
        assert_eq!(json["diagnostics"][0]["rule"], "unknown-variable");
        let fixed = fix_one(EXAMPLES[0].1, 0).unwrap();
        assert!(fixed.contains("NIX_CXXSTDLIB_COMPILE = toString cxxflags"));
        assert_eq!(fix_one(EXAMPLES[0].1, 1), None);
    }

    #[test]
    fn long_lists_are_cut_and_counted() {
        let text: String = (0..MAX_LISTED + 3)
            .map(|idx| format!("{{ x{idx}.NIX_CFLAGS_COMPILEE = 1; }}\n"))
            .collect();
        let checked = check(&format!("[\n{text}]"));
        assert_eq!(checked.items.len(), MAX_LISTED + 1);
        assert_eq!(
            checked.items.last().unwrap().to_html(),
            "<li class=\"more\">… and 3 more (only the first 500 are listed)</li>"
        );
    }

    #[test]
    fn the_calculator_fills_its_slots_or_explains_the_error() {
        let ok = calculate(MEMORY_EXAMPLE);
        let slot = |it: &Calculated, name: &str| {
            crate::markup::to_html(&it.slots.iter().find(|slot| slot.0 == name).unwrap().1)
        };
        assert_eq!(slot(&ok, "error"), "");
        assert_eq!(ok.effective_total_gb, Some(8.0));
        assert!(slot(&ok, "result").contains("<dd class=\"mode\">memory-limited</dd>"));
        assert!(slot(&ok, "builds").contains("chip chip-"));
        let err = calculate("{ memory.effectiveTotal = ; }");
        assert!(slot(&err, "error").starts_with("<p class=\"diagnostic error\" role=\"alert\">1:"));
        assert_eq!(slot(&err, "result"), "");
        assert_eq!(err.markers.len(), 1);
        assert_eq!(err.effective_total_gb, None);
        assert!(err.json.starts_with("{\"error\":"));
    }

    #[test]
    fn the_runtime_usage_is_shown_and_explains_the_verdicts() {
        let slot = |it: &Calculated, name: &str| {
            crate::markup::to_html(&it.slots.iter().find(|slot| slot.0 == name).unwrap().1)
        };
        let with = calculate("{ memory.effectiveTotal = 8; memory.runtimeUsage = 6; }");
        assert!(
            slot(&with, "result").contains(
                "<dt>runtimeUsage</dt><dd>6 GB used at run time: 2 GB left for builds</dd>"
            ),
            "{}",
            slot(&with, "result")
        );
        assert!(slot(&with, "note").contains("with the 2 GB the system leaves"));
        let without = calculate("{ memory.effectiveTotal = 8; }");
        assert!(!slot(&without, "result").contains("runtimeUsage"));
        assert!(slot(&without, "note").contains("Add memory.runtimeUsage"));
    }

    #[test]
    fn the_plan_examples_are_the_fixtures_without_their_test_header() {
        // The examples carry a comment for readers instead of the fixtures' `# expect:` header;
        // the code below it must not drift from what the linter's tests check.
        let fixtures = [
            (EXAMPLES[0].1, include_str!("../../core/tests/fixtures/plan/nodejs-corrected.nix")),
            (EXAMPLES[1].1, include_str!("../../core/tests/fixtures/plan/nodejs-broken.nix")),
            (
                EXAMPLES[4].1,
                include_str!(
                    "../../core/tests/fixtures/cc-flags-in-bintools-wrapper/llvm-overlay.nix"
                ),
            ),
        ];
        let code = |text: &'static str| {
            text.lines().skip_while(|it| it.starts_with('#')).collect::<Vec<_>>().join("\n")
        };
        for (example, fixture) in fixtures {
            assert!(!example.contains("# expect:"));
            assert_eq!(code(example), code(fixture));
        }
    }

    #[test]
    fn utf16_offsets_count_surrogate_pairs() {
        assert_eq!(utf16_offset("é😀x", 0), 0);
        assert_eq!(utf16_offset("é😀x", 2), 1);
        assert_eq!(utf16_offset("é😀x", 6), 3);
        assert_eq!(utf16_offset("é😀x", 4), 1);
        assert_eq!(utf16_offset("é😀x", 99), 4);
    }
}

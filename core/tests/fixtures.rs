//! Every rule fixture states, in its `# expect:` header, exactly which rules fire on which lines.
//! This test lints each fixture and compares; the CLI's snapshot tests render the same files.

use std::path::{Path, PathBuf};

use hmopt_core::lint::{
    Applicability, DeniedVariable, LintConfig, Rule, RuleSet, Severity, apply_fixes, fix_all, lint,
};
use hmopt_core::text::LineIndex;

fn config() -> LintConfig {
    LintConfig {
        rules: RuleSet::all(),
        extra_variables: Vec::new(),
        deny: vec![DeniedVariable {
            name: "NIX_ENFORCE_NO_NATIVE".to_owned(),
            message: "our cache serves many CPUs".to_owned(),
        }],
    }
}

fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut res = Vec::new();
    for dir in std::fs::read_dir(&root).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() || dir.ends_with("profiles") {
            continue;
        }
        for file in std::fs::read_dir(&dir).unwrap() {
            let file = file.unwrap().path();
            if file.extension().is_some_and(|it| it == "nix") {
                res.push(file);
            }
        }
    }
    res.sort();
    res
}

/// The header's `rule@line` items (the rule's own severity) and `rule@line:warning` items.
fn expected(source: &str, path: &Path) -> Vec<(Rule, u32, Severity)> {
    let header = source
        .lines()
        .find_map(|line| line.strip_prefix("# expect:"))
        .unwrap_or_else(|| panic!("{} has no `# expect:` header", path.display()));
    let mut res: Vec<(Rule, u32, Severity)> = header
        .split_whitespace()
        .filter(|it| *it != "none")
        .map(|item| {
            let (rule, at) = item.split_once('@').expect("rule@line");
            let rule = Rule::from_name(rule).unwrap_or_else(|| panic!("unknown rule {rule}"));
            let (line, severity) = match at.split_once(':') {
                Some((line, "warning")) => (line, Severity::Warning),
                Some((line, "error")) => (line, Severity::Error),
                Some((_, other)) => panic!("unknown severity {other}"),
                None => (at, rule.severity()),
            };
            (rule, line.parse().unwrap(), severity)
        })
        .collect();
    res.sort();
    res
}

#[test]
fn fixtures_fire_exactly_where_their_headers_say() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 15, "fixtures went missing: {}", fixtures.len());
    let mut fired = RuleSet::EMPTY;
    let mut mismatches = Vec::new();
    for path in &fixtures {
        let source = std::fs::read_to_string(path).unwrap();
        let index = LineIndex::new(&source);
        let mut actual: Vec<(Rule, u32, Severity)> = lint(&source, &config())
            .iter()
            .map(|it| (it.rule, index.line_column(&source, it.range.start).line, it.severity))
            .collect();
        actual.sort();
        let expected = expected(&source, path);
        if actual != expected {
            mismatches.push(format!(
                "{}\n  got:      {actual:?}\n  expected: {expected:?}",
                path.display()
            ));
        }
        fired = actual.iter().map(|it| it.0).fold(fired, RuleSet::with);
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    for rule in Rule::ALL {
        assert!(fired.contains(rule), "no fixture fires {}", rule.name());
    }
}

#[test]
fn the_plans_overlays_get_the_verdict_nixpkgs_gives() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plan");
    let broken = std::fs::read_to_string(dir.join("nodejs-broken.nix")).unwrap();
    assert_eq!(lint(&broken, &config()), [], "NIX_CXXSTDLIB_COMPILE is what cc-wrapper reads");

    let corrected = std::fs::read_to_string(dir.join("nodejs-corrected.nix")).unwrap();
    let found = lint(&corrected, &config());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].variable.as_deref(), Some("NIX_CXXFLAGS_COMPILE"));
    assert_eq!(found[0].suggestion.as_deref(), Some("NIX_CXXSTDLIB_COMPILE"));
    let fix = found[0].fix.as_ref().unwrap();
    assert_eq!(fix.applicability, Applicability::Unsafe);
    // The unsafe fix turns the "corrected" overlay back into the working one.
    assert_eq!(apply_fixes(&corrected, &found, false).1, 0);
    let (fixed, n_applied) = apply_fixes(&corrected, &found, true);
    assert_eq!(n_applied, 1);
    assert_eq!(
        fixed.lines().skip(2).collect::<Vec<_>>(),
        broken.lines().skip(2).collect::<Vec<_>>()
    );

    let typos = std::fs::read_to_string(dir.join("typo-list.nix")).unwrap();
    let verdicts: Vec<String> = lint(&typos, &config())
        .iter()
        .map(|it| {
            let applicability = it.fix.as_ref().map_or("none", |fix| fix.applicability.name());
            format!("{:?} -> {:?} ({applicability})", it.variable, it.suggestion)
        })
        .collect();
    assert_eq!(
        verdicts,
        [
            r#"Some("NIX_CXX_COMPILE") -> Some("NIX_CXXSTDLIB_COMPILE") (unsafe)"#,
            r#"Some("NIX_LD_FLAGS") -> Some("NIX_LDFLAGS") (safe)"#,
            r#"Some("NIX_BUILD_JOBS") -> Some("NIX_BUILD_CORES") (unsafe)"#,
        ]
    );
}

#[test]
fn fixing_reaches_a_fixed_point() {
    for path in fixtures() {
        let source = std::fs::read_to_string(&path).unwrap();
        for unsafe_fixes in [false, true] {
            let once = fix_all(&source, &config(), unsafe_fixes);
            let twice = fix_all(&once.text, &config(), unsafe_fixes);
            assert_eq!(twice.n_applied, 0, "{}", path.display());
            assert_eq!(once.text, twice.text, "{}", path.display());
            // What is still fixable is only what was refused for breaking the file.
            let remaining = lint(&once.text, &config());
            let still_fixable: Vec<&str> = remaining
                .iter()
                .filter_map(|it| it.fix.as_ref())
                .filter(|fix| unsafe_fixes || fix.applicability == Applicability::Safe)
                .map(|fix| fix.title.as_str())
                .collect();
            let refused: Vec<&str> = twice.rejected.iter().map(|it| it.title.as_str()).collect();
            assert_eq!(still_fixable, refused, "{}: {remaining:?}", path.display());
        }
    }
}

#[test]
fn renames_that_change_what_a_file_means_are_not_safe() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/unknown-variable");
    for name in [
        "unsafe-renames.nix",
        "unsafe-rename-duplicate.nix",
        "unsafe-rename-previous.nix",
        "own-variables.nix",
        "runtime.nix",
    ] {
        let source = std::fs::read_to_string(dir.join(name)).unwrap();
        let found = lint(&source, &config());
        let safe: Vec<_> = found
            .iter()
            .filter(|it| {
                it.fix.as_ref().is_some_and(|fix| fix.applicability == Applicability::Safe)
            })
            .collect();
        assert!(safe.is_empty(), "{name}: {safe:?}");
        assert_eq!(fix_all(&source, &config(), false).text, source, "{name}");
    }
}

#[test]
fn a_certain_typo_is_a_safe_fix() {
    let source = "{ stdenv }: stdenv.mkDerivation { env.NIX_CFLAGS_COMPLIE = \"-O3\"; }";
    let found = lint(source, &config());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Error);
    assert_eq!(found[0].fix.as_ref().unwrap().applicability, Applicability::Safe);
    let outcome = fix_all(source, &config(), false);
    assert_eq!(outcome.n_applied, 1);
    assert!(outcome.text.contains("env.NIX_CFLAGS_COMPILE = "), "{}", outcome.text);
}

#[test]
fn fixes_that_would_break_the_file_are_refused_and_reported() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/unknown-variable");
    let source = std::fs::read_to_string(dir.join("unsafe-rename-duplicate.nix")).unwrap();
    // Both renames are unsafe; applied anyway, each would bind a name twice.
    let outcome = fix_all(&source, &config(), true);
    assert_eq!(outcome.text, source);
    assert_eq!(outcome.n_applied, 0);
    let reasons: Vec<String> =
        outcome.rejected.iter().map(|it| format!("{}: {}", it.position.line, it.reason)).collect();
    assert_eq!(
        reasons,
        [
            "5: it would define `NIX_LDFLAGS` twice",
            "7: it would define `env.NIX_CFLAGS_COMPILE` twice",
        ]
    );
}

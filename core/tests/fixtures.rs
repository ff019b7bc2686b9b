//! Every rule fixture states, in its `# expect:` header, exactly which rules fire on which lines.
//! This test lints each fixture and compares; the CLI's snapshot tests render the same files.

use std::path::{Path, PathBuf};

use hmopt_core::lint::{
    Applicability, DeniedVariable, LintConfig, Rule, RuleSet, apply_fixes, fix_all, lint,
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

fn expected(source: &str, path: &Path) -> Vec<(Rule, u32)> {
    let header = source
        .lines()
        .find_map(|line| line.strip_prefix("# expect:"))
        .unwrap_or_else(|| panic!("{} has no `# expect:` header", path.display()));
    let mut res: Vec<(Rule, u32)> = header
        .split_whitespace()
        .filter(|it| *it != "none")
        .map(|item| {
            let (rule, line) = item.split_once('@').expect("rule@line");
            (
                Rule::from_name(rule).unwrap_or_else(|| panic!("unknown rule {rule}")),
                line.parse().unwrap(),
            )
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
    for path in &fixtures {
        let source = std::fs::read_to_string(path).unwrap();
        let index = LineIndex::new(&source);
        let mut actual: Vec<(Rule, u32)> = lint(&source, &config())
            .iter()
            .map(|it| (it.rule, index.line_column(&source, it.range.start).line))
            .collect();
        actual.sort();
        assert_eq!(actual, expected(&source, path), "{}", path.display());
        fired = actual.iter().map(|it| it.0).fold(fired, RuleSet::with);
    }
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
            let (once, _) = fix_all(&source, &config(), unsafe_fixes);
            let (twice, n_applied) = fix_all(&once, &config(), unsafe_fixes);
            assert_eq!(n_applied, 0, "{}", path.display());
            assert_eq!(once, twice, "{}", path.display());
            let remaining = lint(&once, &config());
            let still_fixable = remaining
                .iter()
                .filter_map(|it| it.fix.as_ref())
                .any(|fix| unsafe_fixes || fix.applicability == Applicability::Safe);
            assert!(!still_fixable, "{}: {remaining:?}", path.display());
        }
    }
}

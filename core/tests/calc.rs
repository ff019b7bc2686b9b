//! `hmopt_core::calc` end to end: the plan's profiles, the rule boundaries and the errors.

use std::path::Path;

use hmopt_core::calc::{
    MemoryMode, MemoryReport, MemorySource, Number, ProfileError, ProfileErrorKind, ProfileFormat,
    Verdict, compute, effective_total, parse_profile,
};

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/profiles").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

fn report(text: &str, format: ProfileFormat) -> Result<MemoryReport, ProfileError> {
    parse_profile(text, format).and_then(|profile| compute(&profile))
}

fn nix(text: &str) -> Result<MemoryReport, ProfileError> {
    report(text, ProfileFormat::Nix)
}

fn verdicts(report: &MemoryReport) -> Vec<Verdict> {
    report.builds.iter().map(|build| build.verdict).collect()
}

#[test]
fn the_plans_desktop_is_standard_with_skylake_flags() {
    for (name, format) in
        [("desktop-skylake.nix", ProfileFormat::Nix), ("desktop-skylake.json", ProfileFormat::Json)]
    {
        let report = report(&fixture(name), format).unwrap();
        assert_eq!(report.effective_total_gb, Number::Int(16), "{name}");
        assert_eq!(report.mode, MemoryMode::Standard);
        assert_eq!(report.mode.memory_limit_gb(), "4-6");
        assert_eq!(report.node_options(), "--max-old-space-size=1024");
        assert_eq!(verdicts(&report), [Verdict::Fits, Verdict::Fits, Verdict::Fits]);
        assert_eq!(
            report.compiler_flags,
            ["-march=skylake", "-mtune=skylake", "-O3", "-pipe", "-fno-semantic-interposition"]
        );
        assert!(report.warnings.is_empty());
    }
}

#[test]
fn the_plans_wsl_system_is_memory_limited() {
    for (name, format, gb) in [
        ("wsl-8gb.nix", ProfileFormat::Nix, Number::Int(8)),
        ("wsl-8gb.toml", ProfileFormat::Toml, Number::Float(8.0)),
    ] {
        let report = report(&fixture(name), format).unwrap();
        assert_eq!(report.effective_total_gb, gb, "{name}");
        assert_eq!(report.mode, MemoryMode::Limited);
        assert_eq!(report.mode.memory_limit_gb(), "3-4");
        assert_eq!(report.node_options(), "--max-old-space-size=512");
        assert_eq!(verdicts(&report), [Verdict::Tight, Verdict::Fits, Verdict::Fits]);
        assert!(report.builds[0].advice.contains("LIGHT PGO"));
        assert!(report.builds[0].advice.contains("16 GB system"));
        assert_eq!(report.compiler_flags[0], "-march=x86-64-v3");
        assert_eq!(report.compiler_flags[1], "-mtune=generic");
    }
    let nix = report(&fixture("wsl-8gb.nix"), ProfileFormat::Nix).unwrap();
    assert_eq!(nix.compiler_flags[2], "-O2");
}

#[test]
fn threshold_is_at_most_ten() {
    let cases = [
        ("10", MemoryMode::Limited),
        ("10.0", MemoryMode::Limited),
        ("9.999", MemoryMode::Limited),
        ("10.25", MemoryMode::Standard),
        ("8", MemoryMode::Limited),
        ("16", MemoryMode::Standard),
        ("11", MemoryMode::Standard),
        ("0.5", MemoryMode::Limited),
        ("65536", MemoryMode::Standard),
    ];
    for (value, mode) in cases {
        let report = nix(&format!("{{ memory.effectiveTotal = {value}; }}")).unwrap();
        assert_eq!(report.mode, mode, "{value}");
        let json = report_json(value);
        assert_eq!(json.mode, mode, "json {value}");
    }
}

fn report_json(value: &str) -> MemoryReport {
    report(&format!("{{\"memory\": {{\"effectiveTotal\": {value}}}}}"), ProfileFormat::Json)
        .unwrap()
}

#[test]
fn build_verdicts_use_both_bounds() {
    let at = |gb: &str| verdicts(&nix(&format!("{{ memory.effectiveTotal = {gb}; }}")).unwrap());
    assert_eq!(at("12"), [Verdict::Fits, Verdict::Fits, Verdict::Fits]);
    assert_eq!(at("11.5"), [Verdict::Tight, Verdict::Fits, Verdict::Fits]);
    assert_eq!(at("8"), [Verdict::Tight, Verdict::Fits, Verdict::Fits]);
    assert_eq!(at("7.5"), [Verdict::Exceeds, Verdict::Fits, Verdict::Tight]);
    assert_eq!(at("6"), [Verdict::Exceeds, Verdict::Fits, Verdict::Tight]);
    assert_eq!(at("5"), [Verdict::Exceeds, Verdict::Tight, Verdict::Exceeds]);
    assert_eq!(at("3"), [Verdict::Exceeds, Verdict::Exceeds, Verdict::Exceeds]);
}

#[test]
fn missing_effective_total_falls_back_to_total_with_a_warning() {
    let report = report(&fixture("total-only.json"), ProfileFormat::Json).unwrap();
    assert_eq!(report.source, MemorySource::Total);
    assert_eq!(report.effective_total_gb, Number::Float(10.25));
    assert_eq!(report.mode, MemoryMode::Standard);
    assert_eq!(report.warnings.len(), 1);
    assert!(report.warnings[0].starts_with("memory.effectiveTotal is not set"));

    let report = nix("{ memory.total = 8; }").unwrap();
    assert_eq!(report.source, MemorySource::Total);
    assert_eq!(report.mode, MemoryMode::Limited);
}

#[test]
fn missing_and_invalid_values_are_errors() {
    let cases = [
        (
            "{ }",
            ProfileErrorKind::Value,
            "expected `memory.effectiveTotal` or `memory.total`, found no `memory` attribute",
        ),
        (
            "{ memory.swap = 2; }",
            ProfileErrorKind::Value,
            "expected `memory.effectiveTotal` or `memory.total`, found neither",
        ),
        (
            "{ memory = 16; }",
            ProfileErrorKind::Value,
            "expected `memory` to be a set, found an integer",
        ),
        (
            "{ memory.effectiveTotal = \"16\"; }",
            ProfileErrorKind::Value,
            "expected a number of GB for `memory.effectiveTotal`, found the string \"16\"",
        ),
        (
            "{ memory.effectiveTotal = true; }",
            ProfileErrorKind::Value,
            "expected a number of GB for `memory.effectiveTotal`, found a Boolean",
        ),
        (
            "{ memory.effectiveTotal = 0; }",
            ProfileErrorKind::Value,
            "expected a positive number of GB for `memory.effectiveTotal`, found 0",
        ),
        (
            "{ memory.effectiveTotal = -8; }",
            ProfileErrorKind::Value,
            "expected a positive number of GB for `memory.effectiveTotal`, found -8",
        ),
        (
            "{ memory.effectiveTotal = 65536.5; }",
            ProfileErrorKind::Value,
            "expected at most 65536 GB for `memory.effectiveTotal`, found 65536.5",
        ),
        (
            "{ memory.total = 16; build.compiler.march = 3; }",
            ProfileErrorKind::Value,
            "expected a string for `build.compiler.march`, found an integer",
        ),
        ("[ 1 ]", ProfileErrorKind::Evaluation, "expected the profile to be a set, found a list"),
    ];
    for (text, kind, message) in cases {
        let err = nix(text).unwrap_err();
        assert_eq!((err.kind, err.message.as_str()), (kind, message), "{text}");
        assert!(err.position.is_some(), "{text}");
    }
    let nan = report("[memory]\neffectiveTotal = nan\n", ProfileFormat::Toml).unwrap_err();
    assert_eq!(nan.message, "expected a number of GB for `memory.effectiveTotal`, found NaN");
}

#[test]
fn errors_name_line_and_column() {
    let err = report(&fixture("uses-pkgs.nix"), ProfileFormat::Nix).unwrap_err();
    assert_eq!(err.kind, ProfileErrorKind::Unsupported);
    assert_eq!(
        err.to_string(),
        "4:27: `pkgs.hostMemoryGb` is outside the Nix subset hmopt evaluates"
    );

    let err = report(&fixture("syntax-error.nix"), ProfileFormat::Nix).unwrap_err();
    assert_eq!(err.kind, ProfileErrorKind::Syntax);
    assert_eq!(err.to_string(), "3:25: unexpected `=`, expected `;`");

    let err = nix("{\n  memory.total = 1;\n  memory.total = 2;\n}").unwrap_err();
    assert_eq!(
        err.to_string(),
        "3:3: attribute `memory.total` already defined (first defined at 2:3)"
    );
    assert_eq!(err.message, "attribute `memory.total` already defined");
    let related = err.related.unwrap();
    assert_eq!((related.label.as_str(), related.range), ("first defined", 4..16));
    assert_eq!(related.position.map(|at| (at.line, at.column)), Some((2, 3)));

    let err = report(&fixture("string-total.toml"), ProfileFormat::Toml).unwrap_err();
    assert_eq!(
        err.to_string(),
        "2:18: expected a number of GB for `memory.effectiveTotal`, found the string \"16\""
    );

    let err = report("{\"memory\": {\"total\": }}", ProfileFormat::Json).unwrap_err();
    assert_eq!(err.to_string(), "1:22: expected a JSON value, found `}`");
}

#[test]
fn compiler_flags_follow_the_overlay_defaults() {
    let report = nix("{ memory.total = 16; build.compiler = { march = \"znver3\"; optimizationLevel = \"s\"; }; }").unwrap();
    assert_eq!(
        report.compiler_flags,
        ["-march=znver3", "-mtune=generic", "-Os", "-pipe", "-fno-semantic-interposition"]
    );
    // `build.compiler or { }` in the overlay: anything that is not a set means the defaults.
    let report = nix("{ memory.total = 16; build = 1; }").unwrap();
    assert_eq!(report.compiler_flags[..3], ["-march=x86-64-v3", "-mtune=generic", "-O3"]);
}

#[test]
fn steps_say_where_values_came_from() {
    let text = fixture("desktop-skylake.nix");
    let report = nix(&text).unwrap();
    let steps: Vec<String> = report
        .steps
        .iter()
        .map(|step| match step.position {
            Some(at) => format!("{}:{} {}", at.line, at.column, step.message),
            None => step.message.clone(),
        })
        .collect();
    assert_eq!(
        steps[..5],
        [
            "read the profile as nix",
            "2:1 applied the profile function to { lib, pkgs (not available) }",
            "9:3 memory.effectiveTotal = 16",
            "9:27 from the expression `lib.mkDefault totalGb`",
            "9:27 unwrapped `lib.mkDefault`",
        ]
    );
    assert!(steps.iter().any(|it| it.starts_with("16 > 10: standard mode")));
    assert!(steps.iter().any(|it| it == "11:5 build.compiler.march = \"skylake\""));
}

#[test]
fn effective_total_reports_the_raw_number() {
    let profile = parse_profile("{ memory.effectiveTotal = 7 / 2; }", ProfileFormat::Nix).unwrap();
    assert_eq!(effective_total(&profile).unwrap().value, Number::Int(3));
    let profile = parse_profile("{ memory.effectiveTotal = -1.5; }", ProfileFormat::Nix).unwrap();
    assert_eq!(effective_total(&profile).unwrap().value, Number::Float(-1.5));
}

#[test]
fn formats_from_extensions_and_content() {
    assert_eq!(ProfileFormat::from_extension("NIX"), Some(ProfileFormat::Nix));
    assert_eq!(ProfileFormat::from_extension("json"), Some(ProfileFormat::Json));
    assert_eq!(ProfileFormat::from_extension("toml"), Some(ProfileFormat::Toml));
    assert_eq!(ProfileFormat::from_extension("yaml"), None);
    for name in ["desktop-skylake.nix", "wsl-8gb.nix", "uses-pkgs.nix", "boundary-10.nix"] {
        assert_eq!(ProfileFormat::sniff(&fixture(name)), ProfileFormat::Nix, "{name}");
    }
    for name in ["desktop-skylake.json", "total-only.json"] {
        assert_eq!(ProfileFormat::sniff(&fixture(name)), ProfileFormat::Json, "{name}");
    }
    for name in ["wsl-8gb.toml", "string-total.toml"] {
        assert_eq!(ProfileFormat::sniff(&fixture(name)), ProfileFormat::Toml, "{name}");
    }
    assert_eq!(ProfileFormat::sniff("memory.total = 8\n"), ProfileFormat::Toml);
    assert_eq!(ProfileFormat::sniff("{}"), ProfileFormat::Json);
    assert_eq!(ProfileFormat::sniff("{ memory.total = 8; }"), ProfileFormat::Nix);
}

#[test]
fn nix_that_starts_like_json_is_nix() {
    let text = "{\"a\" = 1; memory.total = 8;}";
    assert_eq!(ProfileFormat::sniff(text), ProfileFormat::Nix);
    assert_eq!(nix(text).unwrap().effective_total_gb, Number::Int(8));
    assert_eq!(ProfileFormat::sniff("{ \"memory\".total = 8; }"), ProfileFormat::Nix);
    assert_eq!(ProfileFormat::sniff("{\n  \"a\" = {};\n}"), ProfileFormat::Nix);
    // JSON stays JSON, broken JSON too (its error says what is wrong), with or without a BOM.
    assert_eq!(ProfileFormat::sniff("{\"memory\": {\"total\": 8}}"), ProfileFormat::Json);
    assert_eq!(ProfileFormat::sniff("\u{feff}{\"memory\": {\"total\": 8}}"), ProfileFormat::Json);
    assert_eq!(ProfileFormat::sniff("{\"memory\": {\"total\": }}"), ProfileFormat::Json);
    assert_eq!(ProfileFormat::sniff("{}"), ProfileFormat::Json);
}

#[test]
fn profiles_that_need_pkgs_are_unsupported() {
    let cases = [
        // A default for `pkgs` is not what the real caller passes.
        (
            "{ pkgs ? null, ... }: { memory.total = if pkgs == null then 8 else 16; }",
            "1:43: `pkgs` is outside the Nix subset hmopt evaluates",
        ),
        (
            "{ pkgs ? { mem = 8; }, lib, ... }: { memory.total = pkgs.mem; }",
            "1:53: `pkgs.mem` is outside the Nix subset hmopt evaluates",
        ),
        // A function taking `...` or a single argument gets `pkgs` too.
        (
            "{ lib, ... }@args: { memory.total = args.pkgs.mem or 8; }",
            "1:37: `pkgs.mem` is outside the Nix subset hmopt evaluates",
        ),
        (
            "hw: { memory.total = hw.pkgs.mem or 8; }",
            "1:22: `pkgs.mem` is outside the Nix subset hmopt evaluates",
        ),
    ];
    for (text, expected) in cases {
        let err = nix(text).unwrap_err();
        assert_eq!((err.kind, err.to_string().as_str()), (ProfileErrorKind::Unsupported, expected));
    }
    // `pkgs` that the answer does not need is no problem.
    for text in [
        "{ pkgs, ... }: { memory.total = 8; gpu = pkgs.cudaPackages; }",
        "{ lib }: { memory.total = 8; }",
        "args: { memory.total = if args ? pkgs then 8 else 16; }",
    ] {
        assert_eq!(nix(text).unwrap().effective_total_gb, Number::Int(8), "{text}");
    }
}

#[test]
fn evaluation_is_bounded_by_a_budget() {
    // Exponential recursion: it would run for ages.
    let text =
        "let f = n: if n == 0 then 1 else f (n - 1) + f (n - 1); in { memory.total = f 40; }";
    let err = nix(text).unwrap_err();
    assert_eq!(err.kind, ProfileErrorKind::Limit);
    assert!(
        err.message.starts_with("evaluation took more than 10,000,000 steps"),
        "{}",
        err.message
    );
    // Where the budget ran out: inside the function's body.
    let at = err.position.unwrap();
    assert!(at.line == 1 && (12..=55).contains(&at.column), "{err}");
    // A list that doubles 40 times would need a trillion elements.
    let doublings: String = (1..=40).map(|i| format!("l{i} = l{} ++ l{};", i - 1, i - 1)).collect();
    let text = format!(
        "let l0 = [ 1 ]; {doublings} in {{ memory.total = if l40 ++ [ ] == [ ] then 1 else 8; }}"
    );
    let err = nix(&text).unwrap_err();
    assert_eq!(err.kind, ProfileErrorKind::Limit);
    assert_eq!(
        err.message,
        "evaluation allocated more than 8,000,000 values (hmopt's memory budget)"
    );
}

#[test]
fn large_profiles_evaluate() {
    // 20,000 bindings of each shape the benchmarks time (`core/benches/calc.rs`).
    let n = 20_000;
    let names: String = (0..n).map(|i| format!(" a{i}")).collect();
    let shapes = [
        (0..n).map(|i| format!("a{i} = {i}; ")).collect::<String>(),
        (0..n).map(|i| format!("x.a{i} = {i}; ")).collect(),
        format!(
            "inherit ({{ {} }}){names};",
            (0..n).map(|i| format!("a{i} = {i};")).collect::<String>()
        ),
        (0..n)
            .map(|i| format!("h.a{i} = {{ ram = {i}; name = \"a${{toString {i}}}\"; }}; "))
            .collect(),
    ];
    for (idx, bindings) in shapes.iter().enumerate() {
        let report = nix(&format!("rec {{ {bindings} memory.total = 8; }}"));
        assert_eq!(report.map(|it| it.effective_total_gb), Ok(Number::Int(8)), "shape {idx}");
    }
}

#[test]
fn run_time_usage_leaves_less_for_builds() {
    let wsl = report(&fixture("wsl-8gb-runtime.nix"), ProfileFormat::Nix).unwrap();
    // The mode follows the RAM (plan Q6, Q12); the builds get what the system leaves.
    assert_eq!(wsl.mode, MemoryMode::Limited);
    assert_eq!(wsl.runtime_usage_gb, Some(Number::Int(6)));
    assert_eq!(wsl.available_gb, 2.0);
    assert_eq!(verdicts(&wsl), [Verdict::Exceeds, Verdict::Exceeds, Verdict::Exceeds]);
    assert!(
        wsl.steps
            .iter()
            .any(|it| it.message
                == "memory.runtimeUsage = 6: builds are judged against the 2 GB left")
    );
    // Without it, the same RAM fits the smaller builds.
    let without = nix("{ memory.effectiveTotal = 8; }").unwrap();
    assert_eq!((without.runtime_usage_gb, without.available_gb), (None, 8.0));
    assert_eq!(verdicts(&without), [Verdict::Tight, Verdict::Fits, Verdict::Fits]);
    let toml =
        report("[memory]\neffectiveTotal = 16\nruntimeUsage = 4.5\n", ProfileFormat::Toml).unwrap();
    assert_eq!(toml.available_gb, 11.5);
    assert_eq!(verdicts(&toml), [Verdict::Tight, Verdict::Fits, Verdict::Fits]);
}

#[test]
fn run_time_usage_must_fit_in_the_ram() {
    for (text, message) in [
        (
            "{ memory.effectiveTotal = 8; memory.runtimeUsage = 8; }",
            "expected `memory.runtimeUsage` from 0 up to the effective RAM (8 GB), found 8",
        ),
        (
            "{ memory.effectiveTotal = 8; memory.runtimeUsage = -1; }",
            "expected `memory.runtimeUsage` from 0 up to the effective RAM (8 GB), found -1",
        ),
        (
            "{ memory.effectiveTotal = 8; memory.runtimeUsage = \"6\"; }",
            "expected a number of GB for `memory.runtimeUsage`, found the string \"6\"",
        ),
    ] {
        let err = nix(text).unwrap_err();
        assert_eq!(err.message, message);
        assert_eq!(err.position.map(|it| it.line), Some(1), "{text}");
    }
}

//! `hmopt memory` end to end: both output formats, standard input, and every kind of error.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn profile(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/profiles").join(name)
}

fn hmopt() -> Command {
    Command::cargo_bin("hmopt").unwrap()
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = hmopt().arg("memory").args(args).args(["--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn human_output_for_the_wsl_profile() {
    let path = profile("wsl-8gb.nix");
    let out = hmopt().arg("memory").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let name = path.display().to_string();
    let stdout = stdout.replace(&name, "wsl-8gb.nix");
    insta::assert_snapshot!(stdout, @r#"
    wsl-8gb.nix: 8 GB of RAM (memory.effectiveTotal)

      mode              memory-limited
      MEMORY_LIMIT_GB   "3-4"
      NODE_OPTIONS      "--max-old-space-size=512"

      build                 RAM      time       verdict  advice
      Node.js FULL PGO      8-12 GB  60-90 min  tight    may be OOM-killed during PGO training: build on the 16 GB system and use the binary cache (Cachix) here, or fall back to LIGHT PGO
      Codex (from source)   4-6 GB   15-25 min  fits     fits in RAM: can be built on this system
      LLVM/Clang optimized  6-8 GB   30-45 min  fits     fits in RAM: can be built on this system

      compiler flags    -march=x86-64-v3 -mtune=generic -O2 -pipe -fno-semantic-interposition
    "#);
}

#[test]
fn explain_prints_the_steps_with_positions() {
    let path = profile("desktop-skylake.nix");
    let name = path.display().to_string();
    hmopt()
        .arg("memory")
        .arg(&path)
        .arg("--explain")
        .assert()
        .success()
        .stdout(predicate::str::contains("steps:\n   1. read the profile as nix\n"))
        .stdout(predicate::str::contains(format!("{name}:9:3: memory.effectiveTotal = 16\n")))
        .stdout(predicate::str::contains(format!("{name}:9:27: unwrapped `lib.mkDefault`\n")))
        .stdout(predicate::str::contains("16 > 10: standard mode (plan Q6, Q12)"));
}

#[test]
fn json_output_matches_the_documented_shape() {
    let path = profile("boundary-10.nix");
    let value = json(&[path.to_str().unwrap()]);
    let mut without_steps = value.clone();
    let steps = without_steps.as_object_mut().unwrap().remove("steps").unwrap();
    let advice_tight = "may be OOM-killed during PGO training: build on the 16 GB system and use the binary cache (Cachix) here, or fall back to LIGHT PGO";
    let advice_fits = "fits in RAM: can be built on this system";
    let expected = serde_json::json!({
        "version": 1,
        "effective_total_gb": 10,
        "source": "memory.effectiveTotal",
        "mode": "memory-limited",
        "memory_limit_gb": "3-4",
        "max_old_space_size_mb": 512,
        "node_options": "--max-old-space-size=512",
        "runtime_usage_gb": null,
        "available_gb": 10.0,
        "builds": [
            {"name": "Node.js FULL PGO", "ram_gb": [8, 12], "minutes": [60, 90], "verdict": "tight", "advice": advice_tight},
            {"name": "Codex (from source)", "ram_gb": [4, 6], "minutes": [15, 25], "verdict": "fits", "advice": advice_fits},
            {"name": "LLVM/Clang optimized", "ram_gb": [6, 8], "minutes": [30, 45], "verdict": "fits", "advice": advice_fits},
        ],
        "compiler_flags": ["-march=skylake", "-mtune=skylake", "-O3", "-pipe", "-fno-semantic-interposition"],
        "warnings": [],
    });
    assert_eq!(without_steps, expected);
    let first_located =
        steps.as_array().unwrap().iter().find(|step| !step["line"].is_null()).unwrap();
    assert_eq!(first_located["message"], "memory.effectiveTotal = 10");
    assert_eq!(
        (first_located["line"].as_u64(), first_located["column"].as_u64()),
        (Some(1), Some(22))
    );
    assert_eq!(first_located["start"].as_u64(), Some(21));
}

#[test]
fn json_keeps_floats_and_warns_about_the_fallback() {
    let value = json(&[profile("total-only.json").to_str().unwrap()]);
    assert_eq!(value["effective_total_gb"], serde_json::json!(10.25));
    assert_eq!(value["source"], "memory.total");
    assert_eq!(value["mode"], "standard");
    assert_eq!(value["warnings"].as_array().unwrap().len(), 1);
    let value = json(&[profile("wsl-8gb.toml").to_str().unwrap()]);
    assert_eq!(value["effective_total_gb"].to_string(), "8.0");
}

#[test]
fn every_format_can_come_from_standard_input() {
    for (name, flag) in [
        ("desktop-skylake.nix", None),
        ("desktop-skylake.json", None),
        ("wsl-8gb.toml", None),
        ("wsl-8gb.toml", Some("toml")),
        ("desktop-skylake.json", Some("json")),
    ] {
        let text = std::fs::read_to_string(profile(name)).unwrap();
        let mut cmd = hmopt();
        cmd.args(["memory", "-", "--format", "json"]);
        if let Some(flag) = flag {
            cmd.args(["--input-format", flag]);
        }
        let out = cmd.write_stdin(text).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(value["effective_total_gb"].is_number(), "{name}");
    }
}

#[test]
fn errors_exit_2_naming_file_line_column_and_expectation() {
    let cases = [
        ("syntax-error.nix", ":3:25: unexpected `=`, expected `;`\n"),
        ("uses-pkgs.nix", ":4:27: `pkgs.hostMemoryGb` is outside the Nix subset hmopt evaluates\n"),
        (
            "string-total.toml",
            ":2:18: expected a number of GB for `memory.effectiveTotal`, found the string \"16\"\n",
        ),
    ];
    for (name, tail) in cases {
        let path = profile(name);
        let expected = format!("hmopt: {}{tail}", path.display());
        hmopt().arg("memory").arg(&path).assert().code(2).stdout("").stderr(expected);
    }
}

#[test]
fn invalid_values_and_inputs_exit_2() {
    let cases = [
        (
            "{ memory.effectiveTotal = 0; }",
            "nix",
            "hmopt: <stdin>:1:27: expected a positive number of GB for `memory.effectiveTotal`, found 0\n",
        ),
        (
            "{ }",
            "nix",
            "hmopt: <stdin>:1:1: expected `memory.effectiveTotal` or `memory.total`, found no `memory` attribute\n",
        ),
        (
            "{\"memory\": {\"total\": 70000}}",
            "json",
            "hmopt: <stdin>:1:22: expected at most 65536 GB for `memory.total`, found 70000\n",
        ),
        ("[memory]\ntotal = \n", "toml", "hmopt: <stdin>:2:9: "),
        (
            "{\n  memory.total = 1;\n  memory.total = 2;\n}",
            "nix",
            "hmopt: <stdin>:3:3: attribute `memory.total` already defined (first defined at <stdin>:2:3)\n",
        ),
        (
            "rec { memory.total = memory.total; }",
            "nix",
            "hmopt: <stdin>:1:22: infinite recursion encountered\n",
        ),
    ];
    for (text, format, expected) in cases {
        let out = hmopt()
            .args(["memory", "-", "--input-format", format])
            .write_stdin(text)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{text}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.starts_with(expected), "{text}: {stderr}");
    }
}

#[test]
fn nix_on_standard_input_that_starts_like_json_is_nix() {
    let out = hmopt()
        .args(["memory", "-", "--format", "json"])
        .write_stdin("{\"a\" = 1; memory.total = 8;}")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["effective_total_gb"], 8);
}

#[test]
fn a_byte_order_mark_is_refused_in_nix_only() {
    hmopt()
        .args(["memory", "-", "--input-format", "nix"])
        .write_stdin("\u{feff}{ memory.total = 8; }")
        .assert()
        .code(2)
        .stderr(
            "hmopt: <stdin>:1:1: unexpected byte order mark (U+FEFF): Nix does not accept one\n",
        );
    for text in ["\u{feff}{\"memory\": {\"total\": 8}}", "\u{feff}[memory]\ntotal = 8\n"] {
        let out =
            hmopt().args(["memory", "-", "--format", "json"]).write_stdin(text).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{text:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = hmopt()
        .args(["memory", "-", "--input-format", "json"])
        .write_stdin("\u{feff}{\"memory\": {\"total\": 0}}")
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("hmopt: <stdin>:1:22: expected a positive number"), "{stderr}");
}

#[test]
fn unreadable_profiles_exit_2() {
    hmopt().args(["memory", "does-not-exist.nix"]).assert().code(2).stderr(
        predicate::str::starts_with("hmopt: does-not-exist.nix: cannot read the profile: "),
    );
    hmopt().args(["memory", "-"]).write_stdin(vec![0xff, 0xfe, 0x00]).assert().code(2).stderr(
        "hmopt: <stdin>: cannot read the profile: not valid UTF-8 (invalid byte at offset 0)\n",
    );
}

#[test]
fn run_time_usage_is_shown_and_counted() {
    let out = hmopt()
        .args(["memory", profile("wsl-8gb-runtime.nix").to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("  runtime usage     6 GB: 2 GB left for builds\n"), "{text}");
    assert_eq!(text.matches("exceeds").count(), 3, "{text}");
    let value = json(&[profile("wsl-8gb-runtime.nix").to_str().unwrap()]);
    assert_eq!(
        (value["runtime_usage_gb"].as_u64(), value["available_gb"].as_f64()),
        (Some(6), Some(2.0))
    );
}

//! The `hmopt` binary, end to end: formats, exit statuses, fixes, configuration and errors.
//! Snapshots hold the rendered output exactly as users see it.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures")
}

fn hmopt() -> Command {
    let mut cmd = Command::cargo_bin("hmopt").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd
}

/// Every rule fixture, relative to the fixtures directory, e.g. `plan/nodejs-corrected.nix`.
fn rule_fixtures() -> Vec<String> {
    let mut res = Vec::new();
    for dir in std::fs::read_dir(fixtures_dir()).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() || dir.ends_with("profiles") {
            continue;
        }
        for file in std::fs::read_dir(&dir).unwrap() {
            let file = file.unwrap().path();
            if file.extension().is_some_and(|it| it == "nix") {
                let relative = file.strip_prefix(fixtures_dir()).unwrap();
                res.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    res.sort();
    res
}

fn output(args: &[&str], dir: &Path) -> (String, i32) {
    let out = hmopt().args(args).current_dir(dir).output().unwrap();
    (String::from_utf8(out.stdout).unwrap(), out.status.code().unwrap())
}

#[test]
fn snapshots_of_every_fixture_in_human_and_json() {
    let fixtures = rule_fixtures();
    assert!(fixtures.len() >= 15);
    for fixture in fixtures {
        let name = fixture.trim_end_matches(".nix").replace('/', "__");
        let (human, _) = output(&["check", "--color", "never", &fixture], &fixtures_dir());
        insta::assert_snapshot!(format!("human__{name}"), human);
        let (json, _) = output(&["check", "--format", "json", &fixture], &fixtures_dir());
        insta::assert_snapshot!(format!("json__{name}"), json);
    }
}

#[test]
fn exit_status_zero_one_and_strict() {
    let dir = fixtures_dir();
    hmopt().args(["check", "plan/nodejs-broken.nix"]).current_dir(&dir).assert().code(0);
    hmopt().args(["check", "plan/nodejs-corrected.nix"]).current_dir(&dir).assert().code(1);
    // Warnings alone pass, unless --strict.
    hmopt().args(["check", "env-drops-upstream/drops.nix"]).current_dir(&dir).assert().code(0);
    hmopt()
        .args(["check", "--strict", "env-drops-upstream/drops.nix"])
        .current_dir(&dir)
        .assert()
        .code(1);
}

#[test]
fn concise_github_and_markdown_formats() {
    let dir = fixtures_dir();
    let (concise, code) = output(&["check", "--format", "concise", "plan/typo-list.nix"], &dir);
    assert_eq!(code, 1);
    assert!(concise.starts_with(
        "plan/typo-list.nix:6:7: error[unknown-variable] `NIX_CXX_COMPILE` is read by nothing in Nix or nixpkgs\n"
    ));
    let (github, _) = output(&["check", "--format", "github", "plan/typo-list.nix"], &dir);
    assert!(github.starts_with(
        "::error file=plan/typo-list.nix,line=6,col=7,endLine=6,endColumn=22,title=hmopt unknown-variable::`NIX_CXX_COMPILE`"
    ), "{github}");
    assert_eq!(github.lines().count(), 3);
    let (markdown, _) = output(&["check", "--format", "markdown", "plan"], &dir);
    assert!(markdown.contains("| `plan/nodejs-broken.nix` | ✅ clean | none |"), "{markdown}");
    assert!(
        markdown.contains("| `plan/typo-list.nix` | ⚠️ issues found | 3 errors, 0 warnings |"),
        "{markdown}"
    );
    assert!(markdown.contains("## `plan/valid-list.nix`"));
}

#[test]
fn sarif_output_validates_against_the_sarif_2_1_0_schema() {
    let schema_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-2.1.0-rtm.5.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let (sarif, code) = output(&["check", "--format", "sarif", "."], &fixtures_dir());
    assert_eq!(code, 1);
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let errors: Vec<String> =
        validator.iter_errors(&sarif).map(|it| format!("{it} at {}", it.instance_path)).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() > 30);
    assert!(results.iter().any(|it| it["ruleId"] == "env-overlap" && it["level"] == "error"));
    // A schema-valid document that is wrong must fail validation: the check is real.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&broken));
}

#[test]
fn json_lists_every_checked_file_and_errors() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("clean.nix"),
        "mkDerivation { env.NIX_CFLAGS_COMPILE = \"-O3\"; }\n",
    )
    .unwrap();
    std::fs::write(tmp.path().join("bad.nix"), b"{ a = \"\xff\"; }").unwrap();
    std::fs::write(tmp.path().join("typo.nix"), "mkDerivation { env.NIX_LD_FLAGS = \"-L/x\"; }\n")
        .unwrap();
    let out =
        hmopt().args(["check", "--format", "json", "."]).current_dir(tmp.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["version"], 1);
    let paths: Vec<&str> =
        json["files"].as_array().unwrap().iter().map(|it| it["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["./clean.nix", "./typo.nix"]);
    assert_eq!(json["errors"][0]["path"], "./bad.nix");
    assert_eq!(json["summary"]["files"], 2);
    assert_eq!(json["summary"]["errors"], 1);
    let diagnostic = &json["files"][1]["diagnostics"][0];
    assert_eq!(diagnostic["rule"], "unknown-variable");
    assert_eq!(diagnostic["variable"], "NIX_LD_FLAGS");
    assert_eq!(diagnostic["suggestion"], "NIX_LDFLAGS");
    assert_eq!((diagnostic["line"].as_u64(), diagnostic["column"].as_u64()), (Some(1), Some(20)));
    assert_eq!((diagnostic["start"].as_u64(), diagnostic["end"].as_u64()), (Some(19), Some(31)));
    assert_eq!(diagnostic["fix"]["applicability"], "safe");
    assert_eq!(diagnostic["fix"]["edits"][0]["replacement"], "NIX_LDFLAGS");
}

fn temp_with(name: &str, content: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join(name);
    std::fs::write(&path, content).unwrap();
    (tmp, path)
}

#[test]
fn fix_writes_safe_fixes_and_is_idempotent() {
    let source = std::fs::read_to_string(fixtures_dir().join("plan/typo-list.nix")).unwrap();
    let (tmp, path) = temp_with("typos.nix", source.as_bytes());
    hmopt().args(["check", "--fix", "typos.nix"]).current_dir(tmp.path()).assert().code(1);
    let once = std::fs::read_to_string(&path).unwrap();
    assert_eq!(once, source.replace("NIX_LD_FLAGS", "NIX_LDFLAGS"), "only the safe fix");
    hmopt().args(["check", "--fix", "typos.nix"]).current_dir(tmp.path()).assert().code(1);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), once, "a second --fix changes nothing");
    // Unsafe fixes choose a meaning: only on request. Renaming NIX_CXX_COMPILE would bind
    // env.NIX_CXXSTDLIB_COMPILE twice, which Nix rejects: that fix is refused, and said so.
    hmopt()
        .args(["check", "--unsafe-fixes", "typos.nix"])
        .current_dir(tmp.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "hmopt: typos.nix:6:7: fix not applied (Replace with `NIX_CXXSTDLIB_COMPILE`): it would define `env.NIX_CXXSTDLIB_COMPILE` twice",
        ));
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert_eq!(fixed.matches("env.NIX_CXXSTDLIB_COMPILE").count(), 1, "{fixed}");
    assert!(fixed.contains("env.NIX_CXX_COMPILE = \"-std=c++20\""), "{fixed}");
    assert!(fixed.contains("env.NIX_BUILD_CORES = \"4\""));
    let leftovers: Vec<_> =
        std::fs::read_dir(tmp.path()).unwrap().map(|it| it.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left behind: {leftovers:?}");
}

#[test]
fn fix_keeps_crlf_bom_and_permissions() {
    let source =
        "\u{feff}{ stdenv }:\r\nstdenv.mkDerivation {\r\n  env.NIX_LD_FLAGS = \"-L/x\";\r\n}\r\n";
    let (tmp, path) = temp_with("crlf.nix", source.as_bytes());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o750)).unwrap();
    }
    hmopt().args(["check", "--fix", "crlf.nix"]).current_dir(tmp.path()).assert().code(0);
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert_eq!(fixed, source.replace("NIX_LD_FLAGS", "NIX_LDFLAGS"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o750);
    }
}

#[test]
fn crlf_positions_match_lf_positions() {
    let lf = "mkDerivation {\n  env.NIX_LD_FLAGS = \"x\";\n}\n";
    let crlf = lf.replace('\n', "\r\n");
    let concise = |text: &str| {
        let out =
            hmopt().args(["check", "--format", "concise", "-"]).write_stdin(text).output().unwrap();
        String::from_utf8(out.stdout).unwrap().lines().next().unwrap().to_owned()
    };
    assert_eq!(
        concise(lf),
        "-:2:7: error[unknown-variable] `NIX_LD_FLAGS` is read by nothing in Nix or nixpkgs"
    );
    assert_eq!(concise(&crlf), concise(lf));
}

#[test]
fn diff_prints_and_writes_nothing() {
    let source = "mkDerivation { env.NIX_LD_FLAGS = \"-L/x\"; }\n";
    let (tmp, path) = temp_with("a.nix", source.as_bytes());
    hmopt()
        .args(["check", "--diff", "a.nix"])
        .current_dir(tmp.path())
        .assert()
        .code(1)
        .stdout(
            "--- a/a.nix\n+++ b/a.nix\n@@ -1 +1 @@\n-mkDerivation { env.NIX_LD_FLAGS = \"-L/x\"; }\n+mkDerivation { env.NIX_LDFLAGS = \"-L/x\"; }\n",
        );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), source);
    hmopt()
        .args(["check", "--diff", "a.nix", "--select", "env-overlap"])
        .current_dir(tmp.path())
        .assert()
        .code(0);
}

#[test]
fn diff_with_unsafe_fixes_shows_them_and_summarises_on_stderr() {
    let source = "mkDerivation { env.NIX_CXXFLAGS_COMPILE = \"-O2\"; }\n";
    let (tmp, path) = temp_with("a.nix", source.as_bytes());
    // The only fix is unsafe: without the flag, there is nothing to show (as ruff's --diff).
    hmopt()
        .args(["check", "--diff", "a.nix"])
        .current_dir(tmp.path())
        .assert()
        .code(0)
        .stdout("")
        .stderr("Would fix 0 issues in 0 files\n");
    hmopt()
        .args(["check", "--diff", "--unsafe-fixes", "a.nix"])
        .current_dir(tmp.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("+mkDerivation { env.NIX_CXXSTDLIB_COMPILE = \"-O2\"; }"))
        .stderr("Would fix 1 issue in 1 file\n");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), source, "--diff writes nothing");
    // A path that cannot be read is an error (status 2), named.
    hmopt()
        .args(["check", "--diff", "a.nix", "missing.nix"])
        .current_dir(tmp.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("hmopt: missing.nix: no such file or directory"));
}

#[test]
fn stdin_with_a_filename() {
    hmopt()
        .args(["check", "--format", "concise", "--stdin-filename", "overlays/node.nix", "-"])
        .write_stdin("mkDerivation { env.NIX_CXXFLAGS_COMPILE = \"-std=c++20\"; }")
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("overlays/node.nix:1:20: error[unknown-variable]"));
    hmopt()
        .args(["check", "--fix", "-"])
        .write_stdin("mkDerivation { env.NIX_LD_FLAGS = \"\"; }")
        .assert()
        .stdout(predicate::str::starts_with("mkDerivation { env.NIX_LDFLAGS = \"\"; }"));
}

#[test]
fn configuration_is_discovered_and_applied() {
    let tmp = tempfile::tempdir().unwrap();
    let nested = tmp.path().join("overlays/archive");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::write(
        tmp.path().join("hmopt.toml"),
        "[lint]\nignore = [\"env-drops-upstream\"]\nextra-variables = [\"NIX_MY_FLAGS\"]\nexclude = [\"overlays/archive/**\"]\n\n[lint.deny]\nNIX_DEBUG = \"leave debugging off in committed overlays\"\n",
    )
    .unwrap();
    let overlay = "final: prev: { a = prev.a.overrideAttrs (old: { env = { NIX_MY_FLAGS = \"1\"; NIX_DEBUG = \"1\"; }; }); }\n";
    std::fs::write(tmp.path().join("overlays/a.nix"), overlay).unwrap();
    std::fs::write(nested.join("old.nix"), "mkDerivation { env.NIX_LD_FLAGS = \"\"; }").unwrap();
    let (out, code) = output(&["check", "--format", "concise"], &tmp.path().join("overlays"));
    assert_eq!(code, 1);
    assert_eq!(
        out.lines().collect::<Vec<_>>()[..1],
        [
            "./a.nix:1:77: error[denied-variable] `NIX_DEBUG` is denied by the project: leave debugging off in committed overlays"
        ]
    );
    // An explicit file is always checked, even if excluded; --config replaces discovery.
    let (out, _) =
        output(&["check", "--format", "concise", "overlays/archive/old.nix"], tmp.path());
    assert!(out.contains("NIX_LD_FLAGS"));
    let empty = tmp.path().join("empty.toml");
    std::fs::write(&empty, "").unwrap();
    let (out, _) =
        output(&["check", "--format", "concise", "--config", "empty.toml", "overlays"], tmp.path());
    assert!(out.contains("env-drops-upstream") && out.contains("NIX_LD_FLAGS"), "{out}");
}

#[test]
fn force_exclude_applies_exclude_to_named_files_and_stdin() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("overlays/archive")).unwrap();
    std::fs::write(tmp.path().join("hmopt.toml"), "[lint]\nexclude = [\"overlays/archive/**\"]\n")
        .unwrap();
    let typo = "mkDerivation { env.NIX_LD_FLAGS = \"\"; }\n";
    std::fs::write(tmp.path().join("overlays/archive/old.nix"), typo).unwrap();
    std::fs::write(tmp.path().join("overlays/new.nix"), typo).unwrap();
    let named = ["overlays/archive/old.nix", "overlays/new.nix"];
    // Without the flag, a named file is checked whatever `exclude` says.
    let (out, code) = output(&[&["check", "--format", "concise"][..], &named].concat(), tmp.path());
    assert_eq!(code, 1);
    assert!(out.contains("overlays/archive/old.nix:1:20") && out.contains("overlays/new.nix"));
    // With it, the excluded one is skipped and counted; from a subdirectory too (the globs are
    // relative to hmopt.toml, not to the working directory).
    let (out, code) = output(
        &[&["check", "--format", "concise", "--force-exclude"][..], &named].concat(),
        tmp.path(),
    );
    assert_eq!(code, 1);
    assert!(!out.contains("archive") && out.contains("overlays/new.nix:1:20"), "{out}");
    assert!(out.ends_with("in 1 of 1 file.\n1 fixable with `--fix`.\n"), "{out}");
    let (out, code) =
        output(&["check", "--force-exclude", "archive/old.nix"], &tmp.path().join("overlays"));
    assert_eq!(
        (out.as_str(), code),
        ("All checks passed (0 files checked, 1 excluded by configuration).\n", 0)
    );
    // `--fix` leaves an excluded file alone.
    let (_, code) =
        output(&[&["check", "--fix", "--force-exclude"][..], &named].concat(), tmp.path());
    assert_eq!(code, 0);
    let read = |name: &str| std::fs::read_to_string(tmp.path().join(name)).unwrap();
    assert_eq!(read("overlays/archive/old.nix"), typo);
    assert_eq!(read("overlays/new.nix"), typo.replace("NIX_LD_FLAGS", "NIX_LDFLAGS"));
    // Standard input named by --stdin-filename: an excluded name is not checked, and `--fix -`
    // gives the text back unchanged.
    let stdin_args = ["check", "--force-exclude", "--stdin-filename", "overlays/archive/x.nix"];
    let out = hmopt()
        .args([&stdin_args[..], &["--fix", "-"]].concat())
        .current_dir(tmp.path())
        .write_stdin(typo)
        .output()
        .unwrap();
    assert_eq!((out.stdout.as_slice(), out.status.code()), (typo.as_bytes(), Some(0)));
    assert_eq!(
        stderr_of(&out),
        "All checks passed (0 files checked, 1 excluded by configuration).\n"
    );
    let out = hmopt()
        .args([&stdin_args[..], &["-"]].concat())
        .current_dir(tmp.path())
        .write_stdin(typo)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    // Not excluded: checked and fixed as usual.
    let out = hmopt()
        .args(["check", "--force-exclude", "--stdin-filename", "overlays/y.nix", "--fix", "-"])
        .current_dir(tmp.path())
        .write_stdin(typo)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), typo.replace("NIX_LD_FLAGS", "NIX_LDFLAGS"));
}

#[test]
fn gitignored_files_are_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join(".gitignore"), "result/\n").unwrap();
    std::fs::create_dir(tmp.path().join("result")).unwrap();
    std::fs::write(tmp.path().join("result/x.nix"), "mkDerivation { env.NIX_LD_FLAGS = \"\"; }")
        .unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "NIX_LD_FLAGS").unwrap();
    std::fs::write(tmp.path().join("ok.nix"), "{ }").unwrap();
    let (out, code) = output(&["check"], tmp.path());
    assert_eq!((out.as_str(), code), ("All checks passed (1 file checked).\n", 0));
}

#[test]
fn invalid_configuration_is_an_error_with_position() {
    let (tmp, _) =
        temp_with("hmopt.toml", b"[lint]\nselect = [\"unknown-variable\"]\nignroe = []\n");
    std::fs::write(tmp.path().join("a.nix"), "{}").unwrap();
    hmopt().args(["check", "a.nix"]).current_dir(tmp.path()).assert().code(2).stderr(
        predicate::str::contains("hmopt.toml:3:1: invalid configuration: unknown field `ignroe`"),
    );
    std::fs::write(tmp.path().join("hmopt.toml"), "[lint]\nselect = [\"unknown-varaible\"]\n")
        .unwrap();
    hmopt()
        .args(["check", "a.nix"])
        .current_dir(tmp.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule `unknown-varaible`"));
    std::fs::write(tmp.path().join("hmopt.toml"), "[lint.deny]\nCFLAGS = \"x\"\n").unwrap();
    hmopt()
        .args(["check", "a.nix"])
        .current_dir(tmp.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`CFLAGS` in `lint.deny` is not a NIX_* variable name"));
}

#[test]
fn unreadable_inputs_are_reported_and_the_rest_still_checked() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("latin1.nix"), b"{ a = \"caf\xe9\"; }").unwrap();
    std::fs::write(tmp.path().join("binary.nix"), b"\x7fELF\x00\x01NIX_").unwrap();
    std::fs::write(tmp.path().join("empty.nix"), b"").unwrap();
    std::fs::write(tmp.path().join("typo.nix"), "mkDerivation { env.NIX_LD_FLAGS = \"\"; }")
        .unwrap();
    let out = hmopt()
        .args([
            "check",
            "--format",
            "concise",
            "latin1.nix",
            "missing.nix",
            "binary.nix",
            "empty.nix",
            "typo.nix",
        ])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("typo.nix:1:20: error[unknown-variable]"), "{stdout}");
    assert!(stdout.contains("in 1 of 2 files"), "{stdout}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [
            "hmopt: binary.nix: binary file (contains NUL bytes), not checked",
            "hmopt: latin1.nix: not valid UTF-8 (invalid byte at offset 10), not checked",
            "hmopt: missing.nix: no such file or directory",
        ]
    );
}

#[test]
fn rules_and_explain() {
    let out = hmopt().arg("rules").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text.lines().filter(|line| line.contains("error") || line.contains("warning")).count(),
        hmopt_core::lint::Rule::ALL.len()
    );
    hmopt().args(["explain", "env-drops-upstream"]).assert().code(0).stdout(
        predicate::str::starts_with("# env-drops-upstream\n")
            .and(predicate::str::contains("## Fix safety")),
    );
    hmopt()
        .args(["explain", "NIX_CXXSTDLIB_COMPILE"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("C++-only compile flags").and(predicate::str::contains(
            "read by:  cc-wrapper (shell expansion), nixpkgs pkgs/build-support/cc-wrapper/add-flags.sh\n          https://github.com/NixOS/nixpkgs/blob/",
        )));
    hmopt().args(["explain", "NIX_CXXFLAGS_COMPILE"]).assert().code(0).stdout(
        predicate::str::contains("Not a real variable")
            .and(predicate::str::contains("use NIX_CXXSTDLIB_COMPILE")),
    );
    hmopt()
        .args(["explain", "NIX_LDFLAGZ"])
        .assert()
        .code(2)
        .stderr("hmopt: `NIX_LDFLAGZ` is neither a rule nor a variable hmopt knows\ndid you mean `NIX_LDFLAGS`?\n");
}

#[test]
fn color_follows_the_flag_and_no_color() {
    let dir = fixtures_dir();
    let colored = hmopt()
        .args(["check", "--color", "always", "plan/typo-list.nix"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(colored.stdout.contains(&0x1b));
    let plain = hmopt()
        .args(["check", "plan/typo-list.nix"])
        .env("NO_COLOR", "1")
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(!plain.stdout.contains(&0x1b));
    // The flag wins over the environment.
    let forced = hmopt()
        .args(["check", "--color", "always", "plan/typo-list.nix"])
        .env("NO_COLOR", "1")
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(forced.stdout.contains(&0x1b));
    let never = hmopt()
        .args(["check", "--color", "never", "plan/typo-list.nix"])
        .env("CLICOLOR_FORCE", "1")
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(!never.stdout.contains(&0x1b));
}

#[test]
fn usage_errors_exit_two() {
    hmopt().args(["check", "--format", "xml"]).assert().code(2);
    hmopt()
        .args(["check", "--select", "no-such-rule", "."])
        .current_dir(fixtures_dir())
        .assert()
        .code(2);
}

const TYPO: &str = "mkDerivation { env.NIX_LD_FLAGS = \"-L/x\"; }\n";
const FIXED: &str = "mkDerivation { env.NIX_LDFLAGS = \"-L/x\"; }\n";

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

#[cfg(unix)]
#[test]
fn fix_writes_through_symlinks_and_keeps_hard_links() {
    use std::os::unix::fs::MetadataExt;
    let tmp = tempfile::tempdir().unwrap();
    let real = tmp.path().join("real.nix");
    std::fs::write(&real, TYPO).unwrap();
    std::os::unix::fs::symlink("real.nix", tmp.path().join("link.nix")).unwrap();
    hmopt().args(["check", "--fix", "link.nix"]).current_dir(tmp.path()).assert().code(0);
    let link = std::fs::symlink_metadata(tmp.path().join("link.nix")).unwrap();
    assert!(link.file_type().is_symlink(), "the link stays a link");
    assert_eq!(std::fs::read_to_string(&real).unwrap(), FIXED);

    std::fs::write(&real, TYPO).unwrap();
    let other = tmp.path().join("other-name.nix");
    std::fs::hard_link(&real, &other).unwrap();
    hmopt().args(["check", "--fix", "real.nix"]).current_dir(tmp.path()).assert().code(0);
    assert_eq!(std::fs::read_to_string(&other).unwrap(), FIXED, "every name sees the fix");
    let inode = |path: &Path| std::fs::metadata(path).unwrap().ino();
    assert_eq!(inode(&real), inode(&other));
}

#[cfg(unix)]
#[test]
fn fix_keeps_the_owner_and_group() {
    use std::os::unix::fs::MetadataExt;
    let (tmp, path) = temp_with("a.nix", TYPO.as_bytes());
    // Giving a file away needs root; other users own every file they could fix.
    if std::os::unix::fs::chown(&path, Some(65534), Some(65534)).is_err() {
        return;
    }
    hmopt().args(["check", "--fix", "a.nix"]).current_dir(tmp.path()).assert().code(0);
    let metadata = std::fs::metadata(&path).unwrap();
    assert_eq!((metadata.uid(), metadata.gid()), (65534, 65534));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXED);
}

#[cfg(unix)]
#[test]
fn fix_refuses_read_only_files() {
    use std::os::unix::fs::PermissionsExt;
    let (tmp, path) = temp_with("a.nix", TYPO.as_bytes());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    hmopt().args(["check", "--fix", "a.nix"]).current_dir(tmp.path()).assert().code(2).stderr(
        "hmopt: a.nix: read-only file, fixes not written (make it writable to apply them)\n",
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), TYPO);
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o444);
}

#[test]
fn fix_from_stdin_prints_exactly_the_text_and_reports_on_stderr() {
    let out = hmopt()
        .args(["check", "--fix", "--format", "json", "-"])
        .write_stdin(TYPO)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout.clone()).unwrap(), FIXED);
    let report: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!((report["summary"]["fixed"].as_u64(), out.status.code()), (Some(1), Some(0)));
    // Nothing to fix: the text comes back byte for byte, so an editor filter keeps its buffer.
    let clean = "\u{feff}mkDerivation {\r\n  env.NIX_CFLAGS_COMPILE = \"-O2\";\r\n}";
    let out = hmopt().args(["check", "--fix", "-"]).write_stdin(clean).output().unwrap();
    assert_eq!((out.stdout.as_slice(), out.status.code()), (clean.as_bytes(), Some(0)));
    assert_eq!(stderr_of(&out), "All checks passed (1 file checked).\n");
    // Findings only an unsafe fix could change: the text is unchanged, the status says so.
    let unsafe_only = "mkDerivation { env.NIX_CXXFLAGS_COMPILE = \"\"; }\n";
    let out = hmopt().args(["check", "--fix", "-"]).write_stdin(unsafe_only).output().unwrap();
    assert_eq!((out.stdout.as_slice(), out.status.code()), (unsafe_only.as_bytes(), Some(1)));
    assert!(stderr_of(&out).starts_with("error[unknown-variable]"), "{}", stderr_of(&out));
    // Text that cannot be checked comes back too.
    let latin1 = b"{ a = \"caf\xe9\"; }";
    let out = hmopt().args(["check", "--fix", "-"]).write_stdin(&latin1[..]).output().unwrap();
    assert_eq!((out.stdout.as_slice(), out.status.code()), (&latin1[..], Some(2)));
    assert!(stderr_of(&out).contains("hmopt: -: not valid UTF-8"), "{}", stderr_of(&out));
}

#[test]
fn stdin_given_twice_is_a_usage_error() {
    hmopt()
        .args(["check", "-", "-"])
        .write_stdin(TYPO)
        .assert()
        .code(2)
        .stdout("")
        .stderr("hmopt: `-` (standard input) is given 2 times; it can be read only once\n");
}

/// Commands that print, with what they read on standard input.
fn printing_commands() -> Vec<(Vec<String>, &'static str)> {
    let fixture = |it: &str| fixtures_dir().join(it).to_string_lossy().into_owned();
    let owned = |args: &[&str]| args.iter().map(|it| (*it).to_owned()).collect::<Vec<_>>();
    vec![
        (owned(&["rules"]), ""),
        (owned(&["explain", "unknown-variable"]), ""),
        (owned(&["explain", "NIX_CFLAGS_COMPILE"]), ""),
        (owned(&["check", "--fix", "-"]), TYPO),
        (owned(&["check", "--format", "json", &fixture("plan/typo-list.nix")]), ""),
        (owned(&["memory", &fixture("profiles/wsl-8gb.nix")]), ""),
    ]
}

/// Runs hmopt with `stdout` as standard output and `input` as standard input.
fn run_into(args: &[String], input: &str, stdout: std::process::Stdio) -> std::process::Output {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("stdin"), input).unwrap();
    std::process::Command::new(env!("CARGO_BIN_EXE_hmopt"))
        .args(args)
        .stdin(std::fs::File::open(tmp.path().join("stdin")).unwrap())
        .stdout(stdout)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap()
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    for (args, input) in printing_commands() {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = run_into(&args, input, writer.into());
        assert_eq!((out.status.code(), stderr_of(&out).as_str()), (Some(0), ""), "{args:?}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_an_error_not_a_panic() {
    for (args, input) in printing_commands() {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let out = run_into(&args, input, full.into());
        assert_eq!(
            (out.status.code(), stderr_of(&out).as_str()),
            (Some(2), "hmopt: cannot write output: No space left on device (os error 28)\n"),
            "{args:?}"
        );
    }
}

/// Runs `program args` in `dir` and fails the test when it fails.
fn run_ok(program: &str, args: &[&str], dir: &Path) {
    let out = std::process::Command::new(program).args(args).current_dir(dir).output().unwrap();
    assert!(
        out.status.success(),
        "{program} {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[cfg(unix)]
#[test]
fn diffs_apply_with_git_apply_and_patch() {
    let tmp = tempfile::tempdir().unwrap();
    let crlf = "mkDerivation {\r\n  env.NIX_LD_FLAGS = \"\";\r\n}\r\n";
    let files = [
        ("x.nix", TYPO.to_owned()),
        ("a b.nix", TYPO.to_owned()),
        ("bom.nix", format!("\u{feff}{TYPO}")),
        ("crlf.nix", crlf.to_owned()),
        ("sub/no newline.nix", TYPO.trim_end().to_owned()),
        ("q\"uote\\.nix", TYPO.to_owned()),
    ];
    std::fs::create_dir(tmp.path().join("sub")).unwrap();
    for (name, text) in &files {
        std::fs::write(tmp.path().join(name), text).unwrap();
    }
    let patches = tempfile::tempdir().unwrap();
    let patch = patches.path().join("fixes.patch");
    let patch = patch.to_str().unwrap();
    let named = ["./x.nix", "./a b.nix", "bom.nix", "./sub/../crlf.nix", "sub/no newline.nix"];
    for paths in [&["."][..], &named[..]] {
        let out =
            hmopt().args(["check", "--diff"]).args(paths).current_dir(tmp.path()).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
        assert!(!out.stdout.windows(4).any(|it| it == b"a/./"));
        std::fs::write(patch, &out.stdout).unwrap();
        run_ok("git", &["apply", "--check", patch], tmp.path());
        run_ok("patch", &["-p1", "--dry-run", "--input", patch], tmp.path());
    }
    // Applied, the patch gives what --fix writes.
    run_ok("git", &["apply", patch], tmp.path());
    for (name, text) in &files[..5] {
        let expected = text.replace("NIX_LD_FLAGS", "NIX_LDFLAGS");
        assert_eq!(std::fs::read_to_string(tmp.path().join(name)).unwrap(), expected, "{name}");
    }
}

#[cfg(unix)]
#[test]
fn hidden_directories_and_linked_files_are_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let home = tmp.path().join(".config/home-manager");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::write(home.join("home.nix"), TYPO).unwrap();
    std::fs::create_dir_all(tmp.path().join(".git/hooks")).unwrap();
    std::fs::write(tmp.path().join(".git/hooks/x.nix"), TYPO).unwrap();
    std::fs::write(outside.path().join("shared.nix"), TYPO).unwrap();
    std::os::unix::fs::symlink(outside.path().join("shared.nix"), tmp.path().join("linked.nix"))
        .unwrap();
    // A link to a directory is not entered: no loop.
    std::os::unix::fs::symlink(".", tmp.path().join("loop")).unwrap();
    let (out, code) = output(&["check", "--format", "concise", "."], tmp.path());
    assert_eq!(code, 1);
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "./.config/home-manager/home.nix:1:20: error[unknown-variable] `NIX_LD_FLAGS` is read by nothing in Nix or nixpkgs",
            "./linked.nix:1:20: error[unknown-variable] `NIX_LD_FLAGS` is read by nothing in Nix or nixpkgs",
            "Found 2 errors and 0 warnings in 2 of 2 files.",
            "2 fixable with `--fix`.",
        ]
    );
}

#[cfg(unix)]
#[test]
fn a_file_reached_by_several_paths_is_checked_and_fixed_once() {
    let (tmp, path) = temp_with("a.nix", TYPO.as_bytes());
    std::os::unix::fs::symlink("a.nix", tmp.path().join("b.nix")).unwrap();
    std::fs::hard_link(&path, tmp.path().join("c.nix")).unwrap();
    let (out, code) = output(&["check", "--fix", ".", "a.nix"], tmp.path());
    assert_eq!((out.as_str(), code), ("Fixed 1 issue.\nAll checks passed (1 file checked).\n", 0));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXED);
}

#[test]
fn nothing_to_check_is_an_error_but_excluding_everything_is_not() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("empty")).unwrap();
    std::fs::write(tmp.path().join("empty/notes.txt"), "NIX_LD_FLAGS").unwrap();
    let out = hmopt().args(["check", "empty"]).current_dir(tmp.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stdout.clone()).unwrap(),
        "No findings (0 files checked), but 1 path could not be checked.\n"
    );
    assert_eq!(
        stderr_of(&out),
        "hmopt: empty: no `.nix` files found (directories are searched except `.git` and what ignore files such as `.gitignore` exclude)\n"
    );
    std::fs::create_dir(tmp.path().join("archive")).unwrap();
    std::fs::write(tmp.path().join("archive/hmopt.toml"), "[lint]\nexclude = [\"*.nix\"]\n")
        .unwrap();
    std::fs::write(tmp.path().join("archive/old.nix"), TYPO).unwrap();
    let (out, code) = output(&["check", "archive"], tmp.path());
    assert_eq!(
        (out.as_str(), code),
        ("All checks passed (0 files checked, 1 excluded by configuration).\n", 0)
    );
}

#[cfg(unix)]
#[test]
fn a_2000_deep_tree_is_walked() {
    let tmp = tempfile::tempdir().unwrap();
    let mut dir = tmp.path().join("t");
    std::fs::create_dir(&dir).unwrap();
    for _ in 0..2000 {
        dir.push("d");
        std::fs::create_dir(&dir).unwrap();
    }
    std::fs::write(dir.join("x.nix"), TYPO).unwrap();
    let out = hmopt()
        .args(["check", "--format", "concise", "t"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("/d/x.nix:1:20: error[unknown-variable]"), "{stdout}");
    // std's remove_dir_all keeps a descriptor per level; rm walks any depth.
    run_ok("rm", &["-rf", "t"], tmp.path());
}

#[test]
fn the_summary_never_says_passed_when_a_path_failed() {
    let (tmp, _) = temp_with("ok.nix", b"{ }");
    let out =
        hmopt().args(["check", "ok.nix", "missing.nix"]).current_dir(tmp.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "No findings (1 file checked), but 1 path could not be checked.\n"
    );
    let (out, code) = output(&["check", "--format", "concise", ".", "missing.nix"], tmp.path());
    assert_eq!(code, 2);
    assert!(!out.contains("passed"), "{out}");
}

#[test]
fn a_typo_in_select_is_blamed_on_the_flag() {
    let (tmp, _) = temp_with("hmopt.toml", b"[lint]\nselect = [\"unknown-variable\"]\n");
    std::fs::write(tmp.path().join("a.nix"), "{ }").unwrap();
    for flag in ["--select", "--ignore"] {
        hmopt()
            .args(["check", flag, "env-overlap,unknown-varaible", "a.nix"])
            .current_dir(tmp.path())
            .assert()
            .code(2)
            .stdout("")
            .stderr(format!(
                "hmopt: unknown rule `unknown-varaible` in `{flag}`\ndid you mean `unknown-variable`?\n"
            ));
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_not_read() {
    let tmp = tempfile::tempdir().unwrap();
    run_ok("mkfifo", &["pipe.nix"], tmp.path());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hmopt"))
        .args(["check", "pipe.nix"])
        .current_dir(tmp.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() {
        if deadline < std::time::Instant::now() {
            child.kill().unwrap();
            panic!("hmopt waits for a writer to the FIFO");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr_of(&out),
        "hmopt: pipe.nix: not a regular file (a FIFO, socket or device), not checked\n"
    );
}

#[test]
fn a_misspelled_suppression_is_reported_and_fixed() {
    let source = "mkDerivation {\n  env.NIX_CXXFLAGS_COMPILE = \"1\"; # hmopt: ignore[unknown-varaible]\n}\n";
    let out = hmopt().args(["check", "--format", "concise", "-"]).write_stdin(source).output();
    let stdout = String::from_utf8(out.unwrap().stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("-:2:7: error[unknown-variable]"), "{stdout}");
    assert_eq!(
        lines[1],
        "-:2:51: warning[invalid-suppression] unknown rule `unknown-varaible` in a suppression comment"
    );
    hmopt()
        .args(["check", "--fix", "-"])
        .write_stdin(source)
        .assert()
        .code(0)
        .stdout(source.replace("unknown-varaible", "unknown-variable"));
}

#[cfg(unix)]
#[test]
fn file_names_cannot_break_the_output() {
    let tmp = tempfile::tempdir().unwrap();
    for name in ["new\nline`s.nix", "esc\u{1b}[31mred.nix", "back\\slash.nix", "per%cent #1.nix"] {
        std::fs::write(tmp.path().join(name), TYPO).unwrap();
    }
    let run = |format: &str| {
        output(&["check", "--color", "never", "--format", format, "."], tmp.path()).0
    };
    for format in ["human", "concise", "github", "markdown"] {
        let text = run(format);
        assert!(!text.contains('\u{1b}'), "{format}: {text}");
        assert!(text.contains("esc\\u{1b}[31mred.nix"), "{format}: {text}");
    }
    let concise = run("concise");
    let findings: Vec<&str> = concise.lines().filter(|it| it.contains(": error[")).collect();
    assert_eq!(findings.len(), 4, "one line per finding: {concise}");
    assert!(findings.iter().all(|it| it.starts_with("./")), "{concise}");
    assert!(findings[0].starts_with("./back\\slash.nix:1:20: "), "{concise}");
    assert!(findings[2].starts_with("./new\\nline`s.nix:1:20: "), "{concise}");
    let markdown = run("markdown");
    assert!(markdown.contains("| ``./new\\nline`s.nix`` | ⚠️ issues found |"), "{markdown}");
    assert!(markdown.contains("\n## ``./new\\nline`s.nix``\n"), "{markdown}");
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    let mut uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|it| {
            it["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap()
        })
        .collect();
    uris.sort_unstable();
    assert_eq!(
        uris,
        ["back%5Cslash.nix", "esc%1B%5B31mred.nix", "new%0Aline%60s.nix", "per%25cent%20%231.nix"]
    );
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let paths: Vec<&str> =
        json["files"].as_array().unwrap().iter().map(|it| it["path"].as_str().unwrap()).collect();
    assert_eq!(
        paths,
        ["./back\\slash.nix", "./esc\u{1b}[31mred.nix", "./new\nline`s.nix", "./per%cent #1.nix"]
    );
}

#[cfg(target_os = "linux")]
#[test]
fn names_that_are_not_utf8_are_reported_faithfully() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.nix");
    std::fs::write(tmp.path().join(name), TYPO).unwrap();
    let (concise, _) = output(&["check", "--format", "concise", "."], tmp.path());
    assert!(concise.starts_with("./caf\\xE9.nix:1:20: error[unknown-variable]"), "{concise}");
    let (json, _) = output(&["check", "--format", "json", "."], tmp.path());
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["files"][0]["path"], "./caf\\xE9.nix");
    assert_eq!(json["files"][0]["path_base64"], "Li9jYWbpLm5peA==");
    let (sarif, _) = output(&["check", "--format", "sarif", "."], tmp.path());
    assert!(sarif.contains("\"uri\": \"caf%E9.nix\""), "{sarif}");
    let out = hmopt().args(["check", "--diff", "."]).current_dir(tmp.path()).output().unwrap();
    assert!(out.stdout.starts_with(b"--- \"a/caf\\351.nix\"\n+++ \"b/caf\\351.nix\"\n"));
    let patches = tempfile::tempdir().unwrap();
    std::fs::write(patches.path().join("fix.patch"), &out.stdout).unwrap();
    let patch = patches.path().join("fix.patch");
    run_ok("git", &["apply", "--check", patch.to_str().unwrap()], tmp.path());
    run_ok("patch", &["-p1", "--dry-run", "--input", patch.to_str().unwrap()], tmp.path());
}

#[test]
fn explain_suggests_rules_and_variables_like_the_linter() {
    hmopt().args(["explain", "unknown-varaible"]).assert().code(2).stderr(
        "hmopt: `unknown-varaible` is neither a rule nor a variable hmopt knows\ndid you mean `unknown-variable`?\n",
    );
    hmopt().args(["explain", "NIX_CFLAGS_CMOPILE"]).assert().code(2).stderr(
        "hmopt: `NIX_CFLAGS_CMOPILE` is neither a rule nor a variable hmopt knows\ndid you mean `NIX_CFLAGS_COMPILE`?\n",
    );
}

/// A minified file: one 180 KB line with 4,000 findings. Each finding prints a window of the
/// line, not the whole line (which made ~700 MB of output), at the right line and column.
#[test]
fn a_long_line_prints_a_window_per_finding() {
    let tmp = tempfile::tempdir().unwrap();
    let item = "(mkDerivation { env.NIX_LD_FLAGS = \"x\"; }) ";
    let line = format!("[ {}]", item.repeat(4000));
    std::fs::write(tmp.path().join("min.nix"), format!("{line}\n")).unwrap();
    let (human, code) = output(&["check", "--color", "never", "min.nix"], tmp.path());
    assert_eq!(code, 1);
    assert_eq!(human.matches("error[unknown-variable]").count(), 4000);
    assert!(human.len() < 4000 * 1200, "{} bytes of output", human.len());
    let last_column = line.rfind("NIX_LD_FLAGS").unwrap() + 1;
    assert!(human.contains(&format!(" --> min.nix:1:{last_column}\n")), "{}", &human[..2000]);
    assert!(human.contains("…kDerivation { env.NIX_LD_FLAGS"), "{}", &human[..2000]);
    let (concise, _) = output(&["check", "--format", "concise", "min.nix"], tmp.path());
    assert!(concise.contains(&format!("min.nix:1:{last_column}: error[unknown-variable]")));
}

/// A tree for the baseline tests: two findings in `overlays/a.nix`, one in `b.nix`.
fn baseline_tree() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("overlays")).unwrap();
    std::fs::write(
        tmp.path().join("overlays/a.nix"),
        "{\n  a = mkDerivation { env.NIX_CXXFLAGS_COMPILE = \"-O3\"; };\n  b = mkDerivation { env.NIX_LD_FLAGS = \"\"; };\n}\n",
    )
    .unwrap();
    std::fs::write(tmp.path().join("b.nix"), "mkDerivation { env.NIX_BUILD_JOBS = \"4\"; }\n")
        .unwrap();
    tmp
}

#[test]
fn a_baseline_hides_recorded_findings_and_reports_new_and_stale_ones() {
    let tmp = baseline_tree();
    let dir = tmp.path();
    let (out, code) = output(&["check", "--write-baseline", "hmopt-baseline.json"], dir);
    assert_eq!(
        (out.as_str(), code),
        ("Recorded 3 findings of 2 files in hmopt-baseline.json.\n", 0)
    );
    let baseline: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("hmopt-baseline.json")).unwrap())
            .unwrap();
    assert_eq!(baseline["version"], 1);
    let entries = baseline["entries"].as_array().unwrap();
    let keys: Vec<(&str, &str, &str)> = entries
        .iter()
        .map(|it| {
            (
                it["path"].as_str().unwrap(),
                it["rule"].as_str().unwrap(),
                it["variable"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        keys,
        [
            ("b.nix", "unknown-variable", "NIX_BUILD_JOBS"),
            ("overlays/a.nix", "unknown-variable", "NIX_CXXFLAGS_COMPILE"),
            ("overlays/a.nix", "unknown-variable", "NIX_LD_FLAGS"),
        ]
    );
    assert!(entries.iter().all(|it| it["fingerprint"].as_str().unwrap().len() == 16));

    // Everything is in the baseline: the check passes, from another directory and path form too.
    let (out, code) = output(&["check", "--baseline", "hmopt-baseline.json"], dir);
    assert_eq!(
        (out.as_str(), code),
        ("All checks passed (2 files checked).\n3 findings in the baseline not shown.\n", 0)
    );
    let (out, code) = output(
        &["check", "--baseline", "../hmopt-baseline.json", "./a.nix"],
        &dir.join("overlays"),
    );
    assert_eq!(
        (out.as_str(), code),
        ("All checks passed (1 file checked).\n2 findings in the baseline not shown.\n", 0),
        "b.nix was not checked: its entry is not stale"
    );

    // Lines move: still baselined. A new finding is reported; a fixed one leaves a stale entry.
    std::fs::write(
        dir.join("overlays/a.nix"),
        "# moved down\n{\n\n    b = mkDerivation { env.NIX_LD_FLAGS = \"\"; };\n  a = mkDerivation { env.NIX_CXXFLAGS_COMPILE = \"-O3\"; };\n  c = mkDerivation { env.NIX_CFLAGS = \"-O2\"; };\n}\n",
    )
    .unwrap();
    std::fs::write(dir.join("b.nix"), "mkDerivation { env.NIX_BUILD_CORES = \"4\"; }\n").unwrap();
    let (out, code) =
        output(&["check", "--format", "concise", "--baseline", "hmopt-baseline.json"], dir);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "./overlays/a.nix:6:26: error[unknown-variable] `NIX_CFLAGS` is read by nothing in Nix or nixpkgs\n\
         Found 1 error and 0 warnings in 1 of 2 files.\n\
         1 more fixable with `--unsafe-fixes` (review them: they choose a meaning).\n\
         2 findings in the baseline not shown.\n\
         1 baseline entry matches nothing any more (fixed or changed): `--write-baseline` refreshes it.\n"
    );
    let (json, _) =
        output(&["check", "--format", "json", "--baseline", "hmopt-baseline.json"], dir);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        json["summary"],
        serde_json::json!({"files": 2, "errors": 1, "warnings": 0, "fixed": 0, "baselined": 2, "stale_baseline_entries": 1})
    );
    let (markdown, _) =
        output(&["check", "--format", "markdown", "--baseline", "hmopt-baseline.json"], dir);
    assert!(markdown.ends_with("2 findings in the baseline not shown.\n1 baseline entry matches nothing any more (fixed or changed): `--write-baseline` refreshes it.\n"), "{markdown}");
    // Editing a baselined line makes its finding new.
    let text = std::fs::read_to_string(dir.join("overlays/a.nix")).unwrap();
    std::fs::write(dir.join("overlays/a.nix"), text.replace("\"-O3\"", "\"-O2\"")).unwrap();
    let (out, _) =
        output(&["check", "--format", "concise", "--baseline", "hmopt-baseline.json"], dir);
    assert!(
        out.contains("NIX_CXXFLAGS_COMPILE") && out.contains("1 finding in the baseline"),
        "{out}"
    );
}

#[test]
fn a_bad_baseline_is_an_error_naming_the_file() {
    let tmp = baseline_tree();
    std::fs::write(tmp.path().join("broken.json"), "{\"version\": 1,\n \"entries\": [}\n").unwrap();
    std::fs::write(tmp.path().join("future.json"), "{\"version\": 2, \"entries\": []}\n").unwrap();
    let err = |args: &[&str]| {
        let out = hmopt().args(args).current_dir(tmp.path()).output().unwrap();
        (stderr_of(&out), out.status.code().unwrap())
    };
    assert_eq!(
        err(&["check", "--baseline", "broken.json"]),
        (
            "hmopt: broken.json:2:14: invalid baseline: expected value at line 2 column 14\n"
                .to_owned(),
            2
        )
    );
    assert_eq!(
        err(&["check", "--baseline", "future.json"]),
        ("hmopt: future.json: baseline version 2 is not supported (this hmopt reads version 1)\n".to_owned(), 2)
    );
    assert!(
        err(&["check", "--baseline", "missing.json"])
            .0
            .starts_with("hmopt: missing.json: cannot read the baseline: ")
    );
    let (message, code) = err(&["check", "--fix", "--write-baseline", "b.json"]);
    assert_eq!(code, 2);
    assert!(message.contains("cannot be used with"), "{message}");
    let (message, code) = err(&["check", "--write-baseline", "no/such/dir/b.json"]);
    assert_eq!(code, 2);
    assert!(
        message.starts_with("hmopt: no/such/dir/b.json: cannot write the baseline: "),
        "{message}"
    );
}

#[test]
fn sarif_fingerprints_survive_moved_lines() {
    let tmp = baseline_tree();
    let fingerprints = |dir: &Path| {
        let (sarif, _) = output(&["check", "--format", "sarif", "overlays/a.nix"], dir);
        let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
        sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|it| {
                let line = it["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64();
                (it["partialFingerprints"]["hmopt/v1"].as_str().unwrap().to_owned(), line.unwrap())
            })
            .collect::<Vec<_>>()
    };
    let before = fingerprints(tmp.path());
    let text = std::fs::read_to_string(tmp.path().join("overlays/a.nix")).unwrap();
    std::fs::write(tmp.path().join("overlays/a.nix"), format!("# new\n# lines\n{text}")).unwrap();
    let after = fingerprints(tmp.path());
    assert_eq!(before.len(), 2);
    for ((fingerprint, line), (moved, moved_line)) in before.iter().zip(&after) {
        assert_eq!((fingerprint, line + 2), (moved, *moved_line));
    }
    assert_ne!(before[0].0, before[1].0);
}

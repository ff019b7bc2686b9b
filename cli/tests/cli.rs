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
    std::fs::write(tmp.path().join("clean.nix"), "{ env.NIX_CFLAGS_COMPILE = \"-O3\"; }\n")
        .unwrap();
    std::fs::write(tmp.path().join("bad.nix"), b"{ a = \"\xff\"; }").unwrap();
    std::fs::write(tmp.path().join("typo.nix"), "{ env.NIX_LD_FLAGS = \"-L/x\"; }\n").unwrap();
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
    assert_eq!((diagnostic["line"].as_u64(), diagnostic["column"].as_u64()), (Some(1), Some(7)));
    assert_eq!((diagnostic["start"].as_u64(), diagnostic["end"].as_u64()), (Some(6), Some(18)));
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
    // Unsafe fixes choose a meaning: only on request.
    hmopt().args(["check", "--unsafe-fixes", "typos.nix"]).current_dir(tmp.path()).assert().code(0);
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert!(
        fixed.contains("env.NIX_CXXSTDLIB_COMPILE = \"-std=c++20\";\n  env.NIX_CXXSTDLIB_COMPILE")
    );
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
    let lf = "{\n  env.NIX_LD_FLAGS = \"x\";\n}\n";
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
    let source = "{ env.NIX_LD_FLAGS = \"-L/x\"; }\n";
    let (tmp, path) = temp_with("a.nix", source.as_bytes());
    hmopt()
        .args(["check", "--diff", "a.nix"])
        .current_dir(tmp.path())
        .assert()
        .code(1)
        .stdout(
            "--- a/a.nix\n+++ b/a.nix\n@@ -1 +1 @@\n-{ env.NIX_LD_FLAGS = \"-L/x\"; }\n+{ env.NIX_LDFLAGS = \"-L/x\"; }\n",
        );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), source);
    hmopt()
        .args(["check", "--diff", "a.nix", "--select", "env-overlap"])
        .current_dir(tmp.path())
        .assert()
        .code(0);
}

#[test]
fn stdin_with_a_filename() {
    hmopt()
        .args(["check", "--format", "concise", "--stdin-filename", "overlays/node.nix", "-"])
        .write_stdin("{ env.NIX_CXXFLAGS_COMPILE = \"-std=c++20\"; }")
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("overlays/node.nix:1:7: error[unknown-variable]"));
    hmopt()
        .args(["check", "--fix", "-"])
        .write_stdin("{ env.NIX_LD_FLAGS = \"\"; }")
        .assert()
        .stdout(predicate::str::starts_with("{ env.NIX_LDFLAGS = \"\"; }"));
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
    std::fs::write(nested.join("old.nix"), "{ env.NIX_LD_FLAGS = \"\"; }").unwrap();
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
fn gitignored_files_are_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join(".gitignore"), "result/\n").unwrap();
    std::fs::create_dir(tmp.path().join("result")).unwrap();
    std::fs::write(tmp.path().join("result/x.nix"), "{ env.NIX_LD_FLAGS = \"\"; }").unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "NIX_LD_FLAGS").unwrap();
    let (out, code) = output(&["check"], tmp.path());
    assert_eq!((out.as_str(), code), ("All checks passed (0 files checked).\n", 0));
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
    std::fs::write(tmp.path().join("typo.nix"), "{ env.NIX_LD_FLAGS = \"\"; }").unwrap();
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
    assert!(stdout.starts_with("typo.nix:1:7: error[unknown-variable]"), "{stdout}");
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
        10
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
            "source:   pkgs/build-support/cc-wrapper/cc-wrapper.sh",
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

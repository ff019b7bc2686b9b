//! `.pre-commit-hooks.yaml`: each hook's `entry` run the way pre-commit runs it, with the staged
//! files named on the command line.

use std::path::Path;
use std::process::Command;

use serde::Deserialize;

use crate::{hmopt_bin, repo_root};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Hook {
    id: String,
    name: String,
    description: String,
    entry: String,
    language: String,
    types: Vec<String>,
    require_serial: bool,
}

fn hooks() -> Vec<Hook> {
    let text = std::fs::read_to_string(repo_root().join(".pre-commit-hooks.yaml")).unwrap();
    serde_yaml_ng::from_str(&text).unwrap()
}

/// Runs `hook` as pre-commit does: its entry split on spaces, then the file names.
fn run_hook(hook: &Hook, files: &[&str], dir: &Path) -> (String, i32) {
    let mut words = hook.entry.split_whitespace();
    assert_eq!(words.next(), Some("hmopt"), "{hook:?}");
    let out = Command::new(hmopt_bin())
        .args(words)
        .args(["--color", "never"])
        .args(files)
        .current_dir(dir)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap();
    (text, out.status.code().unwrap())
}

#[test]
fn hooks_check_and_fix_named_files_and_keep_excluded_ones_out() {
    let hooks = hooks();
    let ids: Vec<&str> = hooks.iter().map(|it| it.id.as_str()).collect();
    assert_eq!(ids, ["hmopt-check", "hmopt-fix"]);
    for hook in &hooks {
        assert_eq!((hook.language.as_str(), &hook.types[..]), ("system", &["nix".to_owned()][..]));
        assert!(!hook.name.is_empty() && !hook.description.is_empty() && !hook.require_serial);
    }

    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("overlays/archive")).unwrap();
    std::fs::write(tmp.path().join("hmopt.toml"), "[lint]\nexclude = [\"overlays/archive/**\"]\n")
        .unwrap();
    let typo = "final: prev: {\n  a = mkDerivation { env.NIX_LD_FLAGS = \"-L/opt\"; };\n}\n";
    let archived = "mkDerivation { env.NIX_CXXFLAGS_COMPILE = \"\"; }\n";
    std::fs::write(tmp.path().join("overlays/a.nix"), typo).unwrap();
    std::fs::write(tmp.path().join("overlays/archive/old.nix"), archived).unwrap();
    let staged = ["overlays/a.nix", "overlays/archive/old.nix"];

    let (out, code) = run_hook(&hooks[0], &staged, tmp.path());
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("overlays/a.nix:2:26") && !out.contains("NIX_CXXFLAGS_COMPILE"), "{out}");
    assert!(out.contains("in 1 of 1 file."), "{out}");

    let (out, code) = run_hook(&hooks[1], &staged, tmp.path());
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out,
        "Fixed 1 issue.\nAll checks passed (1 file checked, 1 excluded by configuration).\n"
    );
    let read = |name: &str| std::fs::read_to_string(tmp.path().join(name)).unwrap();
    assert_eq!(read("overlays/a.nix"), typo.replace("NIX_LD_FLAGS", "NIX_LDFLAGS"));
    assert_eq!(read("overlays/archive/old.nix"), archived);
    // A second run finds nothing to do: pre-commit passes.
    assert_eq!(run_hook(&hooks[1], &staged, tmp.path()).1, 0);
    assert_eq!(run_hook(&hooks[0], &staged, tmp.path()).1, 0);
}

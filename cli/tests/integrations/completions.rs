//! Shell completions (`hmopt completions`) and the man pages (`hmopt generate-man`, which
//! `cargo xtask man` runs).

use std::process::Command;

use crate::{hmopt_bin, require, run_ok};

/// What bash offers for the words `words` with the cursor on the last one, by calling the
/// completion function the way bash's programmable completion does.
fn bash_complete(script: &std::path::Path, words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|it| format!("'{it}'")).collect();
    let program = format!(
        r#"source '{}'
COMP_WORDS=({})
COMP_CWORD={}
COMP_LINE="${{COMP_WORDS[*]}}"
COMP_POINT=${{#COMP_LINE}}
_hmopt hmopt "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\n' "${{COMPREPLY[@]}}""#,
        script.display(),
        quoted.join(" "),
        words.len() - 1
    );
    let out = run_ok(Command::new("bash").arg("--norc").arg("-c").arg(program));
    out.lines().map(|it| it.trim().to_owned()).filter(|it| !it.is_empty()).collect()
}

#[test]
fn bash_completes_subcommands_and_format_values() {
    if !require("bash", "to source the bash completion script") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("hmopt.bash");
    std::fs::write(&script, run_ok(Command::new(hmopt_bin()).args(["completions", "bash"])))
        .unwrap();

    assert_eq!(bash_complete(&script, &["hmopt", "ch"]), ["check"]);
    let subcommands = bash_complete(&script, &["hmopt", ""]);
    for name in ["check", "rules", "explain", "memory", "server", "completions"] {
        assert!(subcommands.iter().any(|it| it == name), "{name} in {subcommands:?}");
    }
    let mut formats = bash_complete(&script, &["hmopt", "check", "--format", ""]);
    formats.sort();
    assert_eq!(formats, ["concise", "github", "human", "json", "markdown", "sarif"]);
    assert_eq!(bash_complete(&script, &["hmopt", "check", "--format", "s"]), ["sarif"]);
    assert!(bash_complete(&script, &["hmopt", "check", "--fo"]).contains(&"--format".to_owned()));
}

#[test]
fn every_shell_gets_a_script_that_names_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = run_ok(Command::new(hmopt_bin()).args(["completions", shell]));
        // fish spells long options `-l format`.
        assert!(script.contains("check") && script.contains("format"), "{shell}:\n{script}");
    }
    let out = Command::new(hmopt_bin()).args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid value 'tcsh'"));
}

#[test]
fn man_pages_render_with_man() {
    let dir = tempfile::tempdir().unwrap();
    let man_dir = dir.path().join("man");
    run_ok(Command::new(hmopt_bin()).arg("generate-man").arg(&man_dir));
    let mut pages: Vec<String> = std::fs::read_dir(&man_dir)
        .unwrap()
        .map(|it| it.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    assert_eq!(
        pages,
        [
            "hmopt-check.1",
            "hmopt-completions.1",
            "hmopt-explain.1",
            "hmopt-memory.1",
            "hmopt-rules.1",
            "hmopt-server.1",
            "hmopt.1"
        ]
    );
    if !require("man", "to render the man pages (Debian's man-db)") {
        return;
    }
    // man justifies the text: compare with the spaces collapsed.
    let render = |page: &str| {
        let text = run_ok(
            Command::new("man")
                .arg("-l")
                .arg(man_dir.join(page))
                .env("MANWIDTH", "100")
                .env("MANPAGER", "cat")
                .env("PAGER", "cat"),
        );
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let top = render("hmopt.1");
    assert!(top.contains("NAME") && top.contains("hmopt - Lint NIX_* variables"), "{top}");
    assert!(top.contains("hmopt-check(1)"), "the subcommands are listed: {top}");
    let check = render("hmopt-check.1");
    assert!(check.contains("--format") && check.contains("--strict"), "{check}");
    assert!(check.contains("sarif"), "{check}");
}

//! `hmopt` where Nix users work: editors (the language server), CI (the GitHub Action), shells
//! (completions, man pages), Nix (the package and the flake) and pre-commit.
//!
//! Tests that need a program this machine may lack (`nvim`, `man`, `nix-instantiate`) skip
//! loudly without it, and fail when `CI=true`: CI must run them all.

mod action;
mod completions;
mod nix;
mod pre_commit;
mod server;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The `hmopt` binary under test.
fn hmopt_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_hmopt"))
}

/// The repository's root directory.
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_owned()
}

/// Whether `program` is on `PATH`. When it is not, says so on standard error, or panics when
/// `CI=true`.
fn require(program: &str, why: &str) -> bool {
    let found = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()));
    if found {
        return true;
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "`{program}` is not on PATH and CI=true: it is needed {why} (`cargo xtask test` installs it)"
    );
    eprintln!("SKIPPED: `{program}` is not on PATH; it is needed {why}");
    false
}

/// Runs `command`, panicking with its output when it fails; returns standard output.
fn run_ok(command: &mut Command) -> String {
    let out = command.output().unwrap_or_else(|err| panic!("cannot run {command:?}: {err}"));
    assert!(
        out.status.success(),
        "{command:?} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

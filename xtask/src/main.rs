//! Project automation: `cargo xtask test` runs every test and installs what they need;
//! `cargo xtask bench` measures `hmopt check` against ripgrep and grep.

mod bench;
mod realworld;
mod site;
mod tools;

use std::process::{Command, ExitCode};

use anyhow::{Context, bail};

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  serve    install what is missing, build the site and serve it on http://127.0.0.1:8080
  dist     the production site in dist/ (--public-url /hmopt/ for a sub-path)
  test     install what the tests need, then run every test (native, wasm32 build, Nix oracle)
  man      the man pages of `hmopt` and its subcommands in target/man (`man -l target/man/hmopt.1`)
  bench    time `hmopt check` on a generated 20,000-file tree against rg, grep and the plan's script
  realworld [--errors] DIR...
           the release CLI over local clones of public Nix repositories, every finding grouped
           by rule and variable (for docs/realworld.md)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let res = match args.first().map(String::as_str) {
        Some("test") => test(),
        Some("bench") => bench::run(&args[1..]),
        Some("man") => man(),
        Some("realworld") => realworld::run(&args[1..]),
        Some("serve") => site::serve(&args[1..]),
        Some("serve-dist") => site::serve_dist(&args[1..]),
        Some("dist") => {
            let public_url = match args.iter().position(|it| it == "--public-url") {
                Some(idx) => args.get(idx + 1).map_or("/", String::as_str),
                None => "/",
            };
            site::dist(public_url).map(|_| ())
        }
        Some("-h" | "--help") | None => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(anyhow::anyhow!("unknown command `{other}`\n{USAGE}")),
    };
    match res {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn test() -> anyhow::Result<()> {
    tools::ensure_wasm_target()?;
    // The browser tests drive /usr/bin/chromium through playwright-core: no chromedriver.
    tools::ensure_apt(&[
        ("nix-instantiate", "nix-bin"),
        ("chromium", "chromium"),
        // The integration tests drive Neovim's LSP client and render the man pages.
        ("nvim", "neovim"),
        ("man", "man-db"),
    ])?;
    cargo(&["fmt", "--all", "--check"])?;
    cargo(&["clippy", "--workspace", "--all-targets", "--locked", "--", "-D", "warnings"])?;
    cargo(&[
        "clippy",
        "--package",
        "hmopt-app",
        "--target",
        "wasm32-unknown-unknown",
        "--locked",
        "--",
        "-D",
        "warnings",
    ])?;
    // The published crates' documentation: every link resolves (the app's modules are the
    // browser's, which a native `cargo doc` does not see).
    cargo_with_env(
        &["doc", "--no-deps", "--package", "hmopt-core", "--package", "hmopt", "--locked"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    )?;
    cargo(&["test", "--workspace", "--locked"])?;
    // The core must stay free of I/O and platform crates: prove it builds for the browser.
    cargo(&["build", "--package", "hmopt-core", "--target", "wasm32-unknown-unknown", "--locked"])?;
    // The published crates must build from their packages alone (no files outside the crate):
    // what `cargo publish --dry-run` checks, without the registry upload step.
    package_crates()?;
    let dist = site::dist("/hmopt/")?;
    site::browser_tests(&dist)
}

/// `cargo package` of the two published crates, in a target directory of its own. Cargo takes
/// a registry crate of a given version to be immutable, but the temporary registry that
/// `cargo package` verifies `hmopt` against holds whatever `hmopt-core` is now: its unpacked
/// copy (in `$CARGO_HOME/registry/src/-<hash>/`) and its build (fingerprints) from an earlier run
/// would be reused, stale. Both are removed first; the dependencies' builds are kept.
fn package_crates() -> anyhow::Result<()> {
    let target = target_dir().join("package-check");
    let cargo_home = std::env::var_os("CARGO_HOME").map(std::path::PathBuf::from).or_else(|| {
        std::env::var_os("HOME").map(|home| std::path::PathBuf::from(home).join(".cargo"))
    });
    let mut stale = Vec::new();
    if let Some(Ok(registries)) = cargo_home.map(|it| std::fs::read_dir(it.join("registry/src"))) {
        // The temporary registries of `cargo package` have no name: `-<hash>`.
        for registry in registries.flatten() {
            if registry.file_name().to_string_lossy().starts_with('-') {
                stale.push(registry.path());
            }
        }
    }
    stale.push(target.join("debug/.fingerprint"));
    for dir in stale {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with("hmopt") {
                std::fs::remove_dir_all(entry.path())
                    .with_context(|| format!("cannot remove {}", entry.path().display()))?;
            }
        }
    }
    let target = target.to_string_lossy();
    cargo(&[
        "package",
        "--package",
        "hmopt-core",
        "--package",
        "hmopt",
        "--allow-dirty",
        "--locked",
        "--target-dir",
        &target,
    ])
}

/// Builds `hmopt` and has it write its man pages (clap_mangen) into `target/man`.
fn man() -> anyhow::Result<()> {
    cargo(&["build", "--package", "hmopt", "--locked"])?;
    let target = target_dir();
    let dir = target.join("man");
    let status = Command::new(target.join("debug").join("hmopt"))
        .arg("generate-man")
        .arg(&dir)
        .status()
        .context("cannot run target/debug/hmopt")?;
    if !status.success() {
        bail!("`hmopt generate-man` failed ({status})");
    }
    eprintln!("xtask: wrote {}/hmopt.1 and a page per subcommand", dir.display());
    Ok(())
}

/// Runs `cargo <args>` from the workspace root and fails when it fails.
pub(crate) fn cargo(args: &[&str]) -> anyhow::Result<()> {
    cargo_with_env(args, &[])
}

/// [`cargo`] with environment variables `envs` set.
fn cargo_with_env(args: &[&str], envs: &[(&str, &str)]) -> anyhow::Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let shown: Vec<String> = envs.iter().map(|(key, value)| format!("{key}='{value}' ")).collect();
    eprintln!("xtask: {}cargo {}", shown.concat(), args.join(" "));
    let status = Command::new(cargo)
        .args(args)
        .envs(envs.iter().copied())
        .current_dir(workspace_root())
        .status()
        .context("cannot run cargo")?;
    if !status.success() {
        bail!("`cargo {}` failed ({status})", args.join(" "));
    }
    Ok(())
}

/// Cargo's target directory: `CARGO_TARGET_DIR`, else `target/` of the workspace.
pub(crate) fn target_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| workspace_root().join("target"), std::path::PathBuf::from)
}

/// Builds the release `hmopt` (the binary `cargo install --path cli` gives) and returns its path.
pub(crate) fn release_hmopt() -> anyhow::Result<std::path::PathBuf> {
    cargo(&["build", "--release", "--package", "hmopt", "--locked"])?;
    Ok(target_dir().join("release").join("hmopt"))
}

pub(crate) fn workspace_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_owned()
}

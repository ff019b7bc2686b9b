//! Project automation: `cargo xtask test` runs every test and installs what they need;
//! `cargo xtask bench` measures `hmopt check` against ripgrep and grep.

mod bench;
mod tools;

use std::process::{Command, ExitCode};

use anyhow::{Context, bail};

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  test     install what the tests need, then run every test (native, wasm32 build, Nix oracle)
  bench    time `hmopt check` on a generated 20,000-file tree against rg, grep and the plan's script
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let res = match args.first().map(String::as_str) {
        Some("test") => test(),
        Some("bench") => bench::run(&args[1..]),
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
    tools::ensure_apt(&[("nix-instantiate", "nix-bin")])?;
    cargo(&["fmt", "--all", "--check"])?;
    cargo(&["clippy", "--workspace", "--all-targets", "--locked", "--", "-D", "warnings"])?;
    cargo(&["test", "--workspace", "--locked"])?;
    // The core must stay free of I/O and platform crates: prove it builds for the browser.
    cargo(&["build", "--package", "hmopt-core", "--target", "wasm32-unknown-unknown", "--locked"])?;
    Ok(())
}

/// Runs `cargo <args>` from the workspace root and fails when it fails.
pub(crate) fn cargo(args: &[&str]) -> anyhow::Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    eprintln!("xtask: cargo {}", args.join(" "));
    let status = Command::new(cargo)
        .args(args)
        .current_dir(workspace_root())
        .status()
        .context("cannot run cargo")?;
    if !status.success() {
        bail!("`cargo {}` failed ({status})", args.join(" "));
    }
    Ok(())
}

pub(crate) fn workspace_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_owned()
}

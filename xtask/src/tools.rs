//! Installing what tests and benchmarks need, skipping whatever is already there.

use std::process::{Command, Stdio};

use anyhow::{Context, bail};

fn succeeds(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|it| it.success())
}

pub(crate) fn ensure_wasm_target() -> anyhow::Result<()> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map(|it| {
            String::from_utf8_lossy(&it.stdout)
                .lines()
                .any(|line| line.trim() == "wasm32-unknown-unknown")
        })
        .unwrap_or(false);
    if installed {
        return Ok(());
    }
    eprintln!("xtask: rustup target add wasm32-unknown-unknown");
    let status =
        Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]).status()?;
    if !status.success() {
        bail!("cannot add the wasm32-unknown-unknown target");
    }
    Ok(())
}

/// Installs Debian packages for the commands that are missing: `(command, package)` pairs.
pub(crate) fn ensure_apt(wanted: &[(&str, &str)]) -> anyhow::Result<()> {
    let missing: Vec<&str> = wanted
        .iter()
        .filter(|(command, _)| !succeeds(command, &["--version"]))
        .map(|(_, package)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!("xtask: apt-get install {}", missing.join(" "));
    let updated = Command::new("apt-get")
        .args(["update", "-qq"])
        .status()
        .context("apt-get is needed to install tools")?;
    if !updated.success() {
        bail!("apt-get update failed");
    }
    let status = Command::new("apt-get")
        .args(["install", "-y", "-qq", "--no-install-recommends"])
        .args(&missing)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status()?;
    if !status.success() {
        bail!("cannot install {}", missing.join(" "));
    }
    Ok(())
}

/// `~/.cargo/bin/<name>`, or just `<name>` (found on PATH) when there is no such file.
pub(crate) fn cargo_bin(name: &str) -> std::path::PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|it| std::path::Path::new(&it).join(".cargo")));
    match home.map(|it| it.join("bin").join(name)) {
        Some(path) if path.is_file() => path,
        _ => std::path::PathBuf::from(name),
    }
}

fn installed_version(program: &str) -> Option<String> {
    let output = Command::new(cargo_bin(program)).arg("--version").output().ok()?;
    String::from_utf8(output.stdout).ok()?.split_whitespace().nth(1).map(str::to_owned)
}

/// Installs `crate_name` at `version` with `cargo install` unless `program` reports that version.
fn ensure_cargo_tool(
    program: &str,
    crate_name: &str,
    version: &str,
    locked: bool,
) -> anyhow::Result<()> {
    if installed_version(program).as_deref() == Some(version) {
        return Ok(());
    }
    eprintln!("xtask: cargo install {crate_name} --version {version} (takes minutes, once)");
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command.args(["install", crate_name, "--version", version]);
    if locked {
        command.arg("--locked");
    }
    let status = command.status()?;
    if !status.success() {
        bail!("cannot install {crate_name} {version}");
    }
    Ok(())
}

/// The wasm-bindgen version Cargo.lock resolves: the CLI must match it exactly.
pub(crate) fn locked_version(package: &str) -> anyhow::Result<String> {
    let lock = std::fs::read_to_string(crate::workspace_root().join("Cargo.lock"))?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = lock.find(&needle).with_context(|| format!("{package} is not in Cargo.lock"))?
        + needle.len();
    let end = lock[start..].find('"').context("malformed Cargo.lock")? + start;
    Ok(lock[start..end].to_owned())
}

/// trunk 0.21.14 (newer versions need a newer rustc) and wasm-bindgen-cli at the locked version
/// (without --locked: its lockfile wants a crate version this registry lacks).
pub(crate) fn ensure_site_tools() -> anyhow::Result<()> {
    ensure_wasm_target()?;
    ensure_cargo_tool("wasm-bindgen", "wasm-bindgen-cli", &locked_version("wasm-bindgen")?, false)?;
    ensure_cargo_tool("trunk", "trunk", "0.21.14", true)?;
    Ok(())
}

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

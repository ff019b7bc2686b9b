//! Installing what tests and benchmarks need, skipping whatever is already there.

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail};

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
    let missing = missing_packages(wanted, &std::env::var_os("PATH").unwrap_or_default());
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

/// The packages of the commands that are not on `path` (a `PATH` value).
///
/// A command counts as present when an executable file of that name is on the path. It is not
/// run: `chromium --version` goes through Debian's launcher script, which exits 1 on a CPU
/// without SSE3 and whose status depends on the environment, and any failure of the program
/// used to count as a missing package and sent every run to `apt-get`.
fn missing_packages<'a>(wanted: &[(&str, &'a str)], path: &OsStr) -> Vec<&'a str> {
    wanted
        .iter()
        .filter(|(command, _)| {
            !std::env::split_paths(path).any(|dir| is_executable(&dir.join(command)))
        })
        .map(|(_, package)| *package)
        .collect()
}

fn is_executable(path: &Path) -> bool {
    let Ok(metadata) = path.metadata() else { return false };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        metadata.is_file() && metadata.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        metadata.is_file()
    }
}

/// `~/.cargo/bin/<name>`, or just `<name>` (found on PATH) when there is no such file.
pub(crate) fn cargo_bin(name: &str) -> std::path::PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|it| Path::new(&it).join(".cargo")));
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

/// The version of `package` that Cargo.lock resolves (wasm-bindgen: the CLI must match it
/// exactly). An error when the lock file holds none or several.
pub(crate) fn locked_version(package: &str) -> anyhow::Result<String> {
    let path = crate::workspace_root().join("Cargo.lock");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    locked_version_in(&text, package).with_context(|| format!("{}", path.display()))
}

fn locked_version_in(lock: &str, package: &str) -> anyhow::Result<String> {
    #[derive(serde::Deserialize)]
    struct Lock {
        #[serde(default)]
        package: Vec<Package>,
    }
    #[derive(serde::Deserialize)]
    struct Package {
        name: String,
        version: String,
    }
    let lock: Lock = toml::from_str(lock).context("malformed lock file")?;
    let mut versions =
        lock.package.into_iter().filter(|it| it.name == package).map(|it| it.version);
    match (versions.next(), versions.next()) {
        (Some(version), None) => Ok(version),
        (None, _) => bail!("{package} is not in the lock file"),
        (Some(first), Some(second)) => {
            bail!("the lock file has several versions of {package} ({first}, {second}, ..)")
        }
    }
}

/// trunk 0.21.14 (newer versions need a newer rustc) and wasm-bindgen-cli at the locked version
/// (without --locked: its lockfile wants a crate version this registry lacks).
pub(crate) fn ensure_site_tools() -> anyhow::Result<()> {
    ensure_wasm_target()?;
    ensure_cargo_tool("wasm-bindgen", "wasm-bindgen-cli", &locked_version("wasm-bindgen")?, false)?;
    ensure_cargo_tool("trunk", "trunk", "0.21.14", true)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn only_commands_missing_from_the_path_need_a_package() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let (bin, other) = (tmp.path().join("bin"), tmp.path().join("other"));
        std::fs::create_dir_all(&bin).unwrap();
        std::fs::create_dir_all(&other).unwrap();
        // A tool that fails when run is still installed.
        std::fs::write(bin.join("chromium"), "#!/bin/sh\nexit 1\n").unwrap();
        std::fs::set_permissions(bin.join("chromium"), std::fs::Permissions::from_mode(0o755))
            .unwrap();
        std::fs::write(other.join("rg"), "not executable").unwrap();
        let path = std::env::join_paths([&other, &bin]).unwrap();
        let wanted = [("chromium", "chromium"), ("rg", "ripgrep"), ("nix-instantiate", "nix-bin")];
        assert_eq!(missing_packages(&wanted, &path), ["ripgrep", "nix-bin"]);
        assert_eq!(missing_packages(&wanted[..1], &path), Vec::<&str>::new());
    }

    #[test]
    fn locked_versions_come_from_the_package_table() {
        let lock = r#"
version = 4

[[package]]
name = "wasm-bindgen-macro"
version = "0.2.99"
dependencies = ["wasm-bindgen"]

[[package]]
name = "wasm-bindgen"
version = "0.2.130"

[[package]]
name = "anstream"
version = "0.6.21"

[[package]]
name = "anstream"
version = "1.0.0"
"#;
        assert_eq!(locked_version_in(lock, "wasm-bindgen").unwrap(), "0.2.130");
        // A checkout with CRLF line endings (git on Windows) is the same lock file.
        let crlf = lock.replace('\n', "\r\n");
        assert_eq!(locked_version_in(&crlf, "wasm-bindgen").unwrap(), "0.2.130");
        assert!(locked_version_in(lock, "anstream").unwrap_err().to_string().contains("several"));
        assert!(locked_version_in(lock, "trunk").is_err());
        // The real lock file resolves exactly one wasm-bindgen.
        assert!(locked_version("wasm-bindgen").unwrap().starts_with("0.2."));
    }
}

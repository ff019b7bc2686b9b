//! `cargo xtask realworld DIR...`: the release CLI over local clones of public Nix repositories,
//! every finding printed and grouped by rule and variable, so a person can read each one and
//! record a verdict in `docs/realworld.md`.
//!
//! The clones live outside this repository (never commit third-party files); this command only
//! reads them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use serde_json::Value;

const USAGE: &str = "usage: cargo xtask realworld [--errors] DIR...";

pub(crate) fn run(args: &[String]) -> anyhow::Result<()> {
    let errors_only = args.iter().any(|it| it == "--errors");
    let dirs: Vec<PathBuf> =
        args.iter().filter(|it| !it.starts_with("--")).map(PathBuf::from).collect();
    if dirs.is_empty() {
        bail!("{USAGE}");
    }
    let binary = crate::release_hmopt()?;
    let mut totals = Totals::default();
    for dir in &dirs {
        let repo = Repo::check(&binary, dir)?;
        repo.print(errors_only);
        totals.add(&repo);
    }
    println!(
        "\n# all: {} repositories, {} files, {} findings ({} errors, {} warnings), {} safe fixes",
        dirs.len(),
        totals.n_files,
        totals.n_findings,
        totals.n_errors,
        totals.n_findings - totals.n_errors,
        totals.n_safe_fixes
    );
    Ok(())
}

#[derive(Default)]
struct Totals {
    n_files: usize,
    n_findings: usize,
    n_errors: usize,
    n_safe_fixes: usize,
}

impl Totals {
    fn add(&mut self, repo: &Repo) {
        self.n_files += repo.n_files;
        self.n_findings += repo.findings.len();
        self.n_errors += repo.findings.iter().filter(|it| it.severity == "error").count();
        self.n_safe_fixes += repo.findings.iter().filter(|it| it.safe_fix.is_some()).count();
    }
}

struct Finding {
    rule: String,
    variable: String,
    severity: String,
    location: String,
    message: String,
    safe_fix: Option<String>,
    excerpt: String,
}

struct Repo {
    name: String,
    commit: Option<String>,
    n_files: usize,
    findings: Vec<Finding>,
}

impl Repo {
    fn check(binary: &Path, dir: &Path) -> anyhow::Result<Repo> {
        let output = Command::new(binary)
            .args(["check", "--format", "json", "--color", "never"])
            .arg(dir)
            .output()
            .with_context(|| format!("cannot run {}", binary.display()))?;
        if output.status.code() == Some(2) {
            eprintln!(
                "xtask: hmopt reported I/O or configuration errors in {}:\n{}",
                dir.display(),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let report: Value = serde_json::from_slice(&output.stdout)
            .with_context(|| format!("hmopt's JSON for {} does not parse", dir.display()))?;
        let files = report["files"].as_array().map(Vec::as_slice).unwrap_or_default();
        let mut findings = Vec::new();
        for file in files {
            let path = file["path"].as_str().unwrap_or_default();
            let source = std::fs::read_to_string(path).unwrap_or_default();
            for diagnostic in file["diagnostics"].as_array().map(Vec::as_slice).unwrap_or_default()
            {
                let line = diagnostic["line"].as_u64().unwrap_or(0);
                let fix = &diagnostic["fix"];
                let safe_fix = (fix["applicability"] == "safe")
                    .then(|| fix["title"].as_str().unwrap_or_default().to_owned());
                let excerpt = source
                    .lines()
                    .nth(usize::try_from(line).unwrap_or(1).saturating_sub(1))
                    .map(|it| it.trim().chars().take(120).collect())
                    .unwrap_or_default();
                let shown = path.strip_prefix(&*dir.to_string_lossy()).unwrap_or(path);
                findings.push(Finding {
                    rule: diagnostic["rule"].as_str().unwrap_or_default().to_owned(),
                    variable: diagnostic["variable"].as_str().unwrap_or("-").to_owned(),
                    severity: diagnostic["severity"].as_str().unwrap_or_default().to_owned(),
                    location: format!(
                        "{}:{line}:{}",
                        shown.trim_start_matches('/'),
                        diagnostic["column"]
                    ),
                    message: diagnostic["message"].as_str().unwrap_or_default().to_owned(),
                    safe_fix,
                    excerpt,
                });
            }
        }
        let commit = Command::new("git")
            .args(["rev-parse", "HEAD"])
            .current_dir(dir)
            .output()
            .ok()
            .filter(|it| it.status.success())
            .map(|it| String::from_utf8_lossy(&it.stdout).trim().to_owned());
        let name = dir
            .file_name()
            .map_or_else(|| dir.display().to_string(), |it| it.to_string_lossy().into_owned());
        Ok(Repo { name, commit, n_files: files.len(), findings })
    }

    fn print(&self, errors_only: bool) {
        let n_errors = self.findings.iter().filter(|it| it.severity == "error").count();
        println!(
            "\n# {} ({}): {} files, {} findings ({n_errors} errors)",
            self.name,
            self.commit.as_deref().unwrap_or("commit unknown"),
            self.n_files,
            self.findings.len()
        );
        let mut groups: BTreeMap<(&str, &str), Vec<&Finding>> = BTreeMap::new();
        for finding in &self.findings {
            if errors_only && finding.severity != "error" {
                continue;
            }
            groups.entry((&finding.rule, &finding.variable)).or_default().push(finding);
        }
        for ((rule, variable), findings) in groups {
            println!("\n## {rule} · {variable} ({})", findings.len());
            for finding in findings {
                let fix = finding.safe_fix.as_deref().map(|it| format!(" [safe fix: {it}]"));
                println!(
                    "- {} {}: {}{}\n    {}",
                    finding.severity,
                    finding.location,
                    finding.message,
                    fix.unwrap_or_default(),
                    finding.excerpt
                );
            }
        }
    }
}

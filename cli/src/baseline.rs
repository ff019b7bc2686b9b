//! Baselines: adopt hmopt on a large tree by recording today's findings and reporting only new
//! ones (`--write-baseline FILE`, `--baseline FILE`), as nixpkgs-vet ratchets its checks.
//!
//! A finding is identified by a fingerprint that does not depend on its line number: a hash of
//! the rule, the path (relative to the baseline file's directory), the variable, the trimmed
//! text of the finding's line(s) and how many identical findings come before it in the file.
//! Moving a line, or adding lines above it, keeps it baselined; editing the line makes it new.
//! The same fingerprint goes into SARIF's `partialFingerprints`, so GitHub code scanning keeps
//! one alert per finding across pushes. The file format is documented in `docs/baseline.md`.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, bail};
use hmopt_core::lint::Diagnostic;
use hmopt_core::text::LineIndex;
use serde::{Deserialize, Serialize};

use crate::report::{Report, ShownPath};

/// The version of the baseline file format this hmopt reads and writes.
pub(crate) const VERSION: u32 = 1;

/// What applying a baseline did.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Outcome {
    /// Findings found in the baseline, and so not reported.
    pub(crate) n_baselined: usize,
    /// Entries for checked files that matched no finding: fixed since, or changed.
    pub(crate) n_stale: usize,
}

/// A baseline file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    rule: String,
    variable: Option<String>,
    fingerprint: String,
}

/// The fingerprint of each of `diagnostics` (in order), found in `source` at `path`.
pub(crate) fn fingerprints(path: &str, source: &str, diagnostics: &[Diagnostic]) -> Vec<String> {
    let index = LineIndex::new(source);
    let mut n_seen: HashMap<(&str, Option<&str>, String), usize> = HashMap::new();
    diagnostics
        .iter()
        .map(|diagnostic| {
            let first = index.line_column(source, diagnostic.range.start).line;
            let last = index.line_column(source, diagnostic.range.end).line.max(first);
            let text = (first..=last)
                .filter_map(|line| index.line_range(source, line))
                .map(|range| source[range].trim())
                .collect::<Vec<_>>()
                .join("\n");
            let rule = diagnostic.rule.name();
            let variable = diagnostic.variable.as_deref();
            let n_before = n_seen.entry((rule, variable, text.clone())).or_default();
            let occurrence = *n_before;
            *n_before += 1;
            let fields = [
                "hmopt-fingerprint-v1",
                rule,
                path,
                variable.unwrap_or(""),
                &text,
                &occurrence.to_string(),
            ];
            format!("{:016x}", fnv1a(fields.join("\0").as_bytes()))
        })
        .collect()
}

/// Writes the findings of `report` to `path` as a baseline; returns how many entries it has.
pub(crate) fn write(path: &Path, report: &Report) -> anyhow::Result<usize> {
    let base = base_dir(path)?;
    let mut entries = Vec::new();
    for file in &report.files {
        let key = key_path(&file.path, &base);
        let fingerprints = fingerprints(&key, &file.source, &file.diagnostics);
        for (diagnostic, fingerprint) in file.diagnostics.iter().zip(fingerprints) {
            entries.push(Entry {
                path: key.clone(),
                rule: diagnostic.rule.name().to_owned(),
                variable: diagnostic.variable.clone(),
                fingerprint,
            });
        }
    }
    entries.sort();
    let n_entries = entries.len();
    let mut text = serde_json::to_string_pretty(&File { version: VERSION, entries })?;
    text.push('\n');
    // Through a temporary file renamed over the old baseline: a crash leaves one or the other.
    let dir = path.parent().filter(|it| !it.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let written = tempfile::NamedTempFile::new_in(dir)
        .and_then(|mut tmp| tmp.write_all(text.as_bytes()).map(|()| tmp))
        .and_then(|tmp| tmp.persist(path).map_err(|err| err.error));
    written.with_context(|| format!("{}: cannot write the baseline", path.display()))?;
    Ok(n_entries)
}

/// Removes the findings of `report` that the baseline at `path` records.
pub(crate) fn apply(path: &Path, report: &mut Report) -> anyhow::Result<Outcome> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read the baseline", path.display()))?;
    let file: File = match serde_json::from_str(&text) {
        Ok(file) => file,
        Err(err) => {
            bail!("{}:{}:{}: invalid baseline: {err}", path.display(), err.line(), err.column())
        }
    };
    if file.version != VERSION {
        bail!(
            "{}: baseline version {} is not supported (this hmopt reads version {VERSION})",
            path.display(),
            file.version
        );
    }
    let base = base_dir(path)?;
    let mut remaining: HashMap<&str, usize> = HashMap::new();
    for entry in &file.entries {
        *remaining.entry(entry.fingerprint.as_str()).or_default() += 1;
    }
    let mut checked = HashSet::new();
    let mut n_baselined = 0;
    for file in &mut report.files {
        let key = key_path(&file.path, &base);
        let fingerprints = fingerprints(&key, &file.source, &file.diagnostics);
        let mut fingerprints = fingerprints.into_iter();
        file.diagnostics.retain(|_| {
            let fingerprint = fingerprints.next().unwrap_or_default();
            match remaining.get_mut(fingerprint.as_str()) {
                Some(n) if 0 < *n => {
                    *n -= 1;
                    n_baselined += 1;
                    false
                }
                _ => true,
            }
        });
        checked.insert(key);
    }
    // An entry whose file was not checked this time (another path was given) is not stale.
    let mut n_stale = 0;
    for entry in &file.entries {
        if !checked.contains(&entry.path) {
            continue;
        }
        if let Some(n) = remaining.get_mut(entry.fingerprint.as_str())
            && 0 < *n
        {
            *n -= 1;
            n_stale += 1;
        }
    }
    Ok(Outcome { n_baselined, n_stale })
}

/// The directory paths in the baseline at `path` are relative to.
fn base_dir(path: &Path) -> anyhow::Result<PathBuf> {
    let dir = path.parent().filter(|it| !it.as_os_str().is_empty()).unwrap_or(Path::new("."));
    Ok(normalize(&std::path::absolute(dir)?))
}

/// `path` relative to `base`, with `/` between components, whatever the working directory or
/// the form it was given in (`./a.nix`, `sub/../a.nix`); the absolute path outside `base`.
fn key_path(path: &ShownPath, base: &Path) -> String {
    let absolute = match std::path::absolute(path.as_path()) {
        Ok(it) => normalize(&it),
        Err(_) => return path.text().into_owned(),
    };
    let Ok(relative) = absolute.strip_prefix(base) else {
        return ShownPath::new(absolute).text().into_owned();
    };
    let parts: Vec<String> = relative
        .components()
        .map(|it| ShownPath::new(PathBuf::from(it.as_os_str())).text().into_owned())
        .collect();
    parts.join("/")
}

/// `path` without `.` and with `..` resolved against the components before it, lexically:
/// the files may not exist (standard input's `--stdin-filename`).
fn normalize(path: &Path) -> PathBuf {
    let mut res = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                res.pop();
            }
            other => res.push(other),
        }
    }
    res
}

/// 64-bit FNV-1a: stable across platforms and versions, which is all a fingerprint needs.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use hmopt_core::lint::{LintConfig, RuleSet, lint};

    use super::*;

    fn fingerprints_of(source: &str) -> Vec<String> {
        fingerprints("a.nix", source, &lint_all(source))
    }

    fn lint_all(source: &str) -> Vec<Diagnostic> {
        let config = LintConfig { rules: RuleSet::all(), extra_variables: vec![], deny: vec![] };
        lint(source, &config)
    }

    #[test]
    fn fingerprints_ignore_line_numbers_and_indentation_but_not_the_line() {
        let source = "{\n  a = mkDerivation { env.NIX_LD_FLAGS = \"\"; };\n}\n";
        let moved = "{\n\n  # a comment\n      a = mkDerivation { env.NIX_LD_FLAGS = \"\"; };\n}\n";
        let edited = "{\n  a = mkDerivation { env.NIX_LD_FLAGS = \"-L\"; };\n}\n";
        assert_eq!(fingerprints_of(source).len(), 1);
        assert_eq!(fingerprints_of(source), fingerprints_of(moved));
        assert_ne!(fingerprints_of(source), fingerprints_of(edited));
        let diagnostics = lint_all(source);
        assert_ne!(
            fingerprints("a.nix", source, &diagnostics),
            fingerprints("b.nix", source, &diagnostics)
        );
    }

    #[test]
    fn identical_findings_get_distinct_fingerprints() {
        let line = "  (mkDerivation { env.NIX_LD_FLAGS = \"\"; })\n";
        let found = fingerprints_of(&format!("[\n{line}{line}]\n"));
        assert_eq!(found.len(), 2);
        assert_ne!(found[0], found[1]);
    }

    #[test]
    fn key_paths_are_relative_to_the_baseline_and_normalized() {
        let base = normalize(&std::path::absolute("/repo").unwrap());
        let key = |path: &str| key_path(&ShownPath::new(PathBuf::from(path)), &base);
        assert_eq!(key("/repo/overlays/a.nix"), "overlays/a.nix");
        assert_eq!(key("/repo/./overlays/../overlays/a.nix"), "overlays/a.nix");
        assert_eq!(key("/elsewhere/a.nix"), "/elsewhere/a.nix");
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}

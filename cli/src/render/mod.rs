//! Output formats of `hmopt check`. Each turns a whole [`Report`] into text.
//!
//! Paths are printed as faithfully as each format allows: JSON and SARIF carry any name
//! (`path_base64`, percent-encoding), the text formats escape control characters
//! ([`ShownPath::escaped`]) so that a file name cannot move the cursor or color the terminal.

mod github;
mod human;
mod markdown;
mod sarif;

use std::fmt::Write;

use hmopt_core::lint::{Applicability, Severity};
use hmopt_core::text::LineIndex;
use serde_json::json;

use crate::report::{Report, ShownPath, plural};

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Source excerpts with the findings marked, a help line and the fix.
    Human,
    /// One line per finding: `path:line:column: severity[rule] message`.
    Concise,
    /// The stable JSON report (docs/json-output.md).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=..::`).
    Github,
    /// A Markdown audit report: one row per file, then the findings.
    Markdown,
}

pub(crate) fn render(format: Format, report: &Report, color: bool) -> String {
    match format {
        Format::Human => human::render(report, color),
        Format::Concise => concise(report),
        Format::Json => json(report),
        Format::Sarif => sarif::render(report),
        Format::Github => github::render(report),
        Format::Markdown => markdown::render(report),
    }
}

fn concise(report: &Report) -> String {
    let mut out = String::new();
    for file in &report.files {
        let index = LineIndex::new(&file.source);
        for diagnostic in &file.diagnostics {
            let at = index.line_column(&file.source, diagnostic.range.start);
            let _ = writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                file.path.escaped(),
                at.line,
                at.column,
                diagnostic.severity().name(),
                diagnostic.rule.name(),
                diagnostic.message
            );
        }
    }
    out.push_str(&summary(report));
    out
}

fn json(report: &Report) -> String {
    let files: Vec<_> = report
        .files
        .iter()
        .map(|file| {
            let mut value =
                hmopt_core::lint::json::file(&file.path.text(), &file.source, &file.diagnostics);
            add_path_bytes(&mut value, &file.path);
            value
        })
        .collect();
    let errors: Vec<_> = report
        .errors
        .iter()
        .map(|it| {
            let mut value = json!({"path": it.path.text(), "message": it.message});
            add_path_bytes(&mut value, &it.path);
            value
        })
        .collect();
    let mut value = json!({
        "version": hmopt_core::lint::json::VERSION,
        "files": files,
        "errors": errors,
        "summary": {
            "files": report.files.len(),
            "errors": report.count(Severity::Error),
            "warnings": report.count(Severity::Warning),
            "fixed": report.n_fixed,
        },
    });
    if let Some(baseline) = report.baseline {
        value["summary"]["baselined"] = baseline.n_baselined.into();
        value["summary"]["stale_baseline_entries"] = baseline.n_stale.into();
    }
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// A path that is not UTF-8 also goes as `path_base64`, the exact bytes: `path` has
/// `\xNN` escapes for them.
fn add_path_bytes(value: &mut serde_json::Value, path: &ShownPath) {
    if let Some(bytes) = path.non_utf8_bytes() {
        value["path_base64"] = base64(bytes).into();
    }
}

/// Standard base64 with padding (RFC 4648).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut res = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (idx, &byte)| n | u32::from(byte) << (16 - 8 * idx));
        for idx in 0..4 {
            match idx <= chunk.len() {
                true => res.push(char::from(ALPHABET[(n >> (18 - 6 * idx) & 63) as usize])),
                false => res.push('='),
            }
        }
    }
    res
}

/// The closing lines: counts, what could not be checked, and what `--fix` could do. It says
/// "All checks passed" only when every path was checked and nothing was found.
pub(crate) fn summary(report: &Report) -> String {
    let n_errors = report.count(Severity::Error);
    let n_warnings = report.count(Severity::Warning);
    let n_files = report.files.len();
    let n_unchecked = report.errors.len();
    let mut out = String::new();
    if report.n_fixed > 0 {
        let _ = writeln!(out, "Fixed {} issue{}.", report.n_fixed, plural(report.n_fixed));
    }
    let mut checked = format!("{n_files} file{} checked", plural(n_files));
    if report.n_excluded > 0 {
        let _ = write!(checked, ", {} excluded by configuration", report.n_excluded);
    }
    let unchecked = format!("{n_unchecked} path{} could not be checked.", plural(n_unchecked));
    if n_errors + n_warnings == 0 {
        match n_unchecked {
            0 => {
                let _ = writeln!(out, "All checks passed ({checked}).");
            }
            _ => {
                let _ = writeln!(out, "No findings ({checked}), but {unchecked}");
            }
        }
        out.push_str(&baseline_summary(report));
        return out;
    }
    let n_with = report.files.iter().filter(|it| !it.diagnostics.is_empty()).count();
    let _ = writeln!(
        out,
        "Found {n_errors} error{} and {n_warnings} warning{} in {n_with} of {n_files} file{}.",
        plural(n_errors),
        plural(n_warnings),
        plural(n_files)
    );
    if n_unchecked > 0 {
        let _ = writeln!(out, "{unchecked}");
    }
    let n_safe = report.count_fixable(Applicability::Safe);
    let n_unsafe = report.count_fixable(Applicability::Unsafe);
    if n_safe > 0 {
        let _ = writeln!(out, "{n_safe} fixable with `--fix`.");
    }
    if n_unsafe > 0 {
        let _ = writeln!(
            out,
            "{n_unsafe} more fixable with `--unsafe-fixes` (review them: they choose a meaning)."
        );
    }
    out.push_str(&baseline_summary(report));
    out
}

/// With `--baseline`: how many findings it left out, and how many of its entries are stale.
pub(crate) fn baseline_summary(report: &Report) -> String {
    let Some(baseline) = report.baseline else {
        return String::new();
    };
    let mut out = String::new();
    let n = baseline.n_baselined;
    let _ = writeln!(out, "{n} finding{} in the baseline not shown.", plural(n));
    if 0 < baseline.n_stale {
        let n = baseline.n_stale;
        let _ = writeln!(
            out,
            "{n} baseline {} nothing any more (fixed or changed): `--write-baseline` refreshes it.",
            if n == 1 { "entry matches" } else { "entries match" }
        );
    }
    out
}

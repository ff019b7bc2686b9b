//! Output formats of `hmopt check`. Each turns a whole [`Report`] into text.

mod github;
mod human;
mod markdown;
mod sarif;

use std::fmt::Write;

use hmopt_core::lint::{Applicability, Severity};
use hmopt_core::text::LineIndex;
use serde_json::json;

use crate::check::{Report, plural};

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
                file.path,
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
        .map(|file| hmopt_core::lint::json::file(&file.path, &file.source, &file.diagnostics))
        .collect();
    let errors: Vec<_> =
        report.errors.iter().map(|it| json!({"path": it.path, "message": it.message})).collect();
    let value = json!({
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
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// The closing lines: counts, and what `--fix` could do.
pub(crate) fn summary(report: &Report) -> String {
    let n_errors = report.count(Severity::Error);
    let n_warnings = report.count(Severity::Warning);
    let n_files = report.files.len();
    let mut out = String::new();
    if report.n_fixed > 0 {
        let _ = writeln!(out, "Fixed {} issue{}.", report.n_fixed, plural(report.n_fixed));
    }
    if n_errors + n_warnings == 0 {
        let _ = writeln!(out, "All checks passed ({n_files} file{} checked).", plural(n_files));
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
    out
}

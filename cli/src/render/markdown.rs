//! The plan's Phase 7 audit report: one row per file (✅ clean / ⚠️ findings), then the findings.

use std::fmt::Write;

use hmopt_core::lint::Severity;
use hmopt_core::text::LineIndex;

use crate::report::{Report, plural};

pub(crate) fn render(report: &Report) -> String {
    let mut out = String::from("# Overlay audit\n\n| File | Status | Findings |\n|---|---|---|\n");
    for file in &report.files {
        let n_errors =
            file.diagnostics.iter().filter(|it| it.severity() == Severity::Error).count();
        let n_warnings = file.diagnostics.len() - n_errors;
        let (status, findings) = if file.diagnostics.is_empty() {
            ("✅ clean", "none".to_owned())
        } else {
            (
                "⚠️ issues found",
                format!(
                    "{n_errors} error{}, {n_warnings} warning{}",
                    plural(n_errors),
                    plural(n_warnings)
                ),
            )
        };
        let _ = writeln!(out, "| {} | {status} | {findings} |", code(&file.path.escaped(), true));
    }
    for error in &report.errors {
        let _ = writeln!(
            out,
            "| {} | ❌ not checked | {} |",
            code(&error.path.escaped(), true),
            cell(&error.message)
        );
    }
    for file in report.files.iter().filter(|it| !it.diagnostics.is_empty()) {
        let index = LineIndex::new(&file.source);
        let _ = writeln!(out, "\n## {}\n", code(&file.path.escaped(), false));
        for diagnostic in &file.diagnostics {
            let at = index.line_column(&file.source, diagnostic.range.start);
            let _ = write!(
                out,
                "- **{}** `{}` (line {}, column {}): {}",
                diagnostic.severity().name(),
                diagnostic.rule.name(),
                at.line,
                at.column,
                diagnostic.message
            );
            if let Some(help) = &diagnostic.help {
                let _ = write!(out, ". {}.", capitalize(help).trim_end_matches('.'));
            }
            if let Some(related) = &diagnostic.related {
                let at = index.line_column(&file.source, related.range.start);
                let label = capitalize(&related.message);
                let _ = write!(out, " {label} at line {}, column {}.", at.line, at.column);
            }
            if let Some(fix) = &diagnostic.fix {
                let _ = write!(out, " Fix ({}): {}.", fix.applicability.name(), fix.title);
            }
            out.push('\n');
        }
    }
    let _ = writeln!(
        out,
        "\n{} file{} audited: {} clean, {} with findings.",
        report.files.len(),
        plural(report.files.len()),
        report.files.iter().filter(|it| it.diagnostics.is_empty()).count(),
        report.files.iter().filter(|it| !it.diagnostics.is_empty()).count()
    );
    let baseline = crate::render::baseline_summary(report);
    if !baseline.is_empty() {
        let _ = write!(out, "\n{baseline}");
    }
    out
}

/// `text` (one line) as a code span that survives backticks in it and, in a table cell, pipes.
fn code(text: &str, in_table: bool) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    // A code span drops one space on each side when both are there: pad to keep the text.
    let pad = text.starts_with('`')
        || text.ends_with('`')
        || (text.starts_with(' ') && text.ends_with(' '));
    let pad = if pad { " " } else { "" };
    let text = if in_table { cell(text) } else { text.to_owned() };
    format!("{fence}{pad}{text}{pad}{fence}")
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

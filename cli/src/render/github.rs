//! GitHub Actions workflow commands: each finding becomes an annotation on the pull request.
//! Paths have their control characters escaped: the log is shown like a terminal.

use std::fmt::Write;

use hmopt_core::lint::Severity;
use hmopt_core::text::LineIndex;

use crate::report::Report;

pub(crate) fn render(report: &Report) -> String {
    let mut out = String::new();
    for file in &report.files {
        let index = LineIndex::new(&file.source);
        for diagnostic in &file.diagnostics {
            let start = index.line_column(&file.source, diagnostic.range.start);
            let end = index.line_column(&file.source, diagnostic.range.end);
            let command = match diagnostic.severity() {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let mut message = diagnostic.message.clone();
            if let Some(help) = &diagnostic.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            if let Some(related) = &diagnostic.related {
                let at = index.line_column(&file.source, related.range.start);
                message
                    .push_str(&format!("\nnote: {} at {}:{}", related.message, at.line, at.column));
            }
            let _ = writeln!(
                out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                escape_property(workspace_path(&file.path.escaped())),
                start.line,
                start.column,
                end.line,
                end.column,
                escape_property(&format!("hmopt {}", diagnostic.rule.name())),
                escape_data(&message)
            );
        }
    }
    for error in &report.errors {
        let _ = writeln!(
            out,
            "::error file={}::{}",
            escape_property(workspace_path(&error.path.escaped())),
            escape_data(&error.message)
        );
    }
    out
}

/// The path as GitHub matches it against the repository's files: without leading `./`.
fn workspace_path(path: &str) -> &str {
    let mut path = path;
    while let Some(rest) = path.strip_prefix("./") {
        path = rest;
    }
    path
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

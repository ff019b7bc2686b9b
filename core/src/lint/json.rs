//! The JSON report of `hmopt check --format json` (version 1, documented in
//! `docs/json-output.md`). It lives in the core so that the CLI and the site produce the very
//! same objects for the same text.

use serde_json::{Value, json};

use crate::lint::Diagnostic;
use crate::text::LineIndex;

/// The JSON version; bumped only for incompatible changes.
pub const VERSION: u32 = 1;

/// One diagnostic as a JSON object, positions computed against `source`.
#[must_use]
pub fn diagnostic(source: &str, index: &LineIndex, diagnostic: &Diagnostic) -> Value {
    let start = index.line_column(source, diagnostic.range.start);
    let end = index.line_column(source, diagnostic.range.end);
    let fix = diagnostic.fix.as_ref().map(|fix| {
        let edits: Vec<Value> = fix
            .edits
            .iter()
            .map(|edit| json!({"start": edit.range.start, "end": edit.range.end, "replacement": edit.replacement}))
            .collect();
        json!({"applicability": fix.applicability.name(), "title": fix.title, "edits": edits})
    });
    let related = diagnostic.related.as_ref().map(|related| {
        let at = index.line_column(source, related.range.start);
        json!({
            "label": related.label,
            "line": at.line,
            "column": at.column,
            "start": related.range.start,
            "end": related.range.end,
        })
    });
    json!({
        "rule": diagnostic.rule.name(),
        "severity": diagnostic.severity().name(),
        "message": diagnostic.message,
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
        "start": diagnostic.range.start,
        "end": diagnostic.range.end,
        "variable": diagnostic.variable,
        "suggestion": diagnostic.suggestion,
        "help": diagnostic.help,
        "fix": fix,
        "related": related,
    })
}

/// One checked file: `{"path": .., "diagnostics": [..]}`.
#[must_use]
pub fn file(path: &str, source: &str, diagnostics: &[Diagnostic]) -> Value {
    let index = LineIndex::new(source);
    let diagnostics: Vec<Value> =
        diagnostics.iter().map(|it| diagnostic(source, &index, it)).collect();
    json!({"path": path, "diagnostics": diagnostics})
}

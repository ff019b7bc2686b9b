//! SARIF 2.1.0, as GitHub code scanning accepts it.

use hmopt_core::lint::{Rule, Severity};
use hmopt_core::text::LineIndex;
use serde_json::{Value, json};

use crate::baseline;
use crate::report::{RULES_URL, Report, ShownPath};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The `partialFingerprints` key; the version changes if the fingerprint ever does.
const FINGERPRINT_KEY: &str = "hmopt/v1";

pub(crate) fn render(report: &Report) -> String {
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|rule| {
            json!({
                "id": rule.name(),
                "name": rule.name(),
                "shortDescription": {"text": rule.summary()},
                "fullDescription": {"text": rule.summary()},
                "help": {"text": rule.docs(), "markdown": rule.docs()},
                "helpUri": format!("{RULES_URL}{}", rule.name()),
                "defaultConfiguration": {"level": level(rule.severity())},
            })
        })
        .collect();
    let mut results = Vec::new();
    for file in &report.files {
        let index = LineIndex::new(&file.source);
        let fingerprints =
            baseline::fingerprints(&uri(&file.path), &file.source, &file.diagnostics);
        for (diagnostic, fingerprint) in file.diagnostics.iter().zip(fingerprints) {
            let start = index.line_column(&file.source, diagnostic.range.start);
            let end = index.line_column(&file.source, diagnostic.range.end);
            let rule_index =
                Rule::ALL.iter().position(|it| *it == diagnostic.rule).unwrap_or_default();
            let mut text = diagnostic.message.clone();
            if let Some(help) = &diagnostic.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            if let Some(related) = &diagnostic.related {
                let at = index.line_column(&file.source, related.range.start);
                text.push_str(&format!("\nnote: {} at {}:{}", related.message, at.line, at.column));
            }
            let mut result = json!({
                "ruleId": diagnostic.rule.name(),
                "ruleIndex": rule_index,
                "level": level(diagnostic.severity()),
                "message": {"text": text},
                // Line-independent, so that code scanning keeps one alert per finding when
                // lines move (see `crate::baseline`).
                "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&file.path)},
                        "region": {
                            "startLine": start.line,
                            "startColumn": start.column,
                            "endLine": end.line,
                            "endColumn": end.column,
                        },
                    },
                }],
            });
            if let Some(related) = &diagnostic.related {
                let from = index.line_column(&file.source, related.range.start);
                let to = index.line_column(&file.source, related.range.end);
                result["relatedLocations"] = json!([{
                    "id": 1,
                    "message": {"text": related.message},
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&file.path)},
                        "region": {
                            "startLine": from.line, "startColumn": from.column,
                            "endLine": to.line, "endColumn": to.column,
                        },
                    },
                }]);
            }
            if let Some(fix) = &diagnostic.fix {
                let replacements: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|edit| {
                        let from = index.line_column(&file.source, edit.range.start);
                        let to = index.line_column(&file.source, edit.range.end);
                        json!({
                            "deletedRegion": {
                                "startLine": from.line, "startColumn": from.column,
                                "endLine": to.line, "endColumn": to.column,
                            },
                            "insertedContent": {"text": edit.replacement},
                        })
                    })
                    .collect();
                result["fixes"] = json!([{
                    "description": {"text": fix.label()},
                    "artifactChanges": [{"artifactLocation": {"uri": uri(&file.path)}, "replacements": replacements}],
                }]);
            }
            results.push(result);
        }
    }
    let notifications: Vec<Value> = report
        .errors
        .iter()
        .map(|error| {
            json!({
                "level": "error",
                "message": {"text": error.message},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(&error.path)}}}],
            })
        })
        .collect();
    let sarif = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "hmopt",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/hmopt/hmopt",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": report.errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&sarif).unwrap_or_default();
    text.push('\n');
    text
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A URI for a path. A relative path stays a relative reference (`./a b.nix` → `a%20b.nix`),
/// an absolute one becomes a `file://` URI. Every byte outside the unreserved set is
/// percent-encoded, so any name survives, `%`, `#` and bytes that are not UTF-8 included. `\`
/// separates components only on Windows; elsewhere it is part of a name (`%5C`).
fn uri(path: &ShownPath) -> String {
    let mut bytes = path.as_bytes();
    let mut out = String::with_capacity(bytes.len());
    if path.as_path().is_absolute() {
        out.push_str(if cfg!(windows) { "file:///" } else { "file://" });
    }
    while let Some(rest) = bytes.strip_prefix(b"./") {
        bytes = rest;
    }
    for &byte in bytes {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(char::from(byte));
            }
            b'\\' if cfg!(windows) => out.push('/'),
            // A drive letter's colon (`C:`) stays; elsewhere it could read as a scheme.
            b':' if cfg!(windows) && path.as_path().is_absolute() => out.push(':'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

//! SARIF 2.1.0, as GitHub code scanning accepts it.

use hmopt_core::lint::{Rule, Severity};
use hmopt_core::text::LineIndex;
use serde_json::{Value, json};

use crate::check::Report;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const RULES_URL: &str = "https://hmopt.github.io/hmopt/rules/";

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
        for diagnostic in &file.diagnostics {
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
                text.push_str(&format!("\nnote: {} at {}:{}", related.label, at.line, at.column));
            }
            let mut result = json!({
                "ruleId": diagnostic.rule.name(),
                "ruleIndex": rule_index,
                "level": level(diagnostic.severity()),
                "message": {"text": text},
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
                    "id": 0,
                    "message": {"text": related.label},
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&file.path)},
                        "region": {
                            "startLine": from.line,
                            "startColumn": from.column,
                            "endLine": to.line,
                            "endColumn": to.column,
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
                    "description": {"text": format!("{} ({} fix)", fix.title, fix.applicability.name())},
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

/// A relative URI reference for a path (`./a b.nix` → `a%20b.nix`).
fn uri(path: &str) -> String {
    let path = path.strip_prefix("./").unwrap_or(path);
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char);
            }
            b'\\' => out.push('/'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

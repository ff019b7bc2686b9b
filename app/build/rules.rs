//! The rule pages and the rules index, generated from hmopt-core's registry and the rule docs.

use std::fmt::Write;

use hmopt_core::lint::Rule;

use crate::html::escape;
use crate::markdown::inline_code;

/// Whether a rule can fix what it finds: by the rule docs' convention, only rules with a fix
/// have a `## Fix safety` section.
pub fn has_fix(rule: Rule) -> bool {
    rule.docs().contains("\n## Fix safety")
}

/// A rule page's title: what the rule catches, from its summary ("A NIX_* name that ...").
pub fn title(rule: Rule) -> String {
    let summary = rule.summary();
    let mut chars = summary.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => rule.name().to_owned(),
    }
}

/// The rule's docs as the page's Markdown: its summary as the title, the name below it.
pub fn page_markdown(rule: Rule) -> String {
    let docs = rule.docs();
    let body = match docs.split_once('\n') {
        Some((first, rest)) if first.starts_with("# ") => rest,
        _ => docs,
    };
    format!("# {}\n\nRule `{}`.\n{body}", escape_markdown(&title(rule)), rule.name())
}

/// `text` with Markdown's emphasis and link characters escaped outside code spans, so that a
/// summary such as "NIX_* ... NIX_*" stays literal.
fn escape_markdown(text: &str) -> String {
    let mut out = String::new();
    for (idx, part) in text.split('`').enumerate() {
        if 0 < idx {
            out.push('`');
        }
        if idx % 2 == 1 {
            out.push_str(part);
            continue;
        }
        for c in part.chars() {
            if matches!(c, '*' | '_' | '[' | ']' | '\\' | '<') {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// The `/rules` index: every rule of the registry with its severity, summary and whether it has
/// a fix.
pub fn index_html() -> String {
    let mut out = String::from(
        "<p>Every check <code>hmopt check</code> runs, in the order <code>hmopt rules</code> lists them. The name is the rule's identity in <code>hmopt.toml</code>, suppression comments and JSON output. Errors make <code>hmopt check</code> exit with status 1; warnings do too with <code>--strict</code>.</p>\n<div class=\"table-wrap\"><table class=\"rules-index\"><thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Catches</th><th scope=\"col\">Severity</th><th scope=\"col\">Fix</th></tr></thead><tbody>\n",
    );
    for rule in Rule::ALL {
        let severity = rule.severity().name();
        let fix = match has_fix(rule) {
            true => "<span class=\"chip chip-fix\">available</span>",
            false => "none",
        };
        let _ = writeln!(
            out,
            "<tr id=\"{name}\"><td><a href=\"rules/{name}\"><code>{name}</code></a></td><td>{summary}</td><td><span class=\"chip chip-{severity}\">{severity}</span></td><td>{fix}</td></tr>",
            name = escape(rule.name()),
            summary = inline_code(rule.summary()),
        );
    }
    out.push_str("</tbody></table></div>\n");
    out
}

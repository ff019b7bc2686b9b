//! The variable reference of the standards page, generated from hmopt-core's knowledge base and
//! rendered as the knowledge base states it.

use std::fmt::Write;

use crate::html::escape;
use crate::markdown::inline_code;

/// The tables that replace `<!-- hmopt:variable-reference -->`.
pub fn variable_reference() -> String {
    use hmopt_core::knowledge::{MISCONCEPTIONS, VARIABLES};
    let mut out = String::from(
        "<div class=\"table-wrap\"><table class=\"variables\"><thead><tr><th scope=\"col\">Variable</th><th scope=\"col\">Category</th><th scope=\"col\">Role forms</th><th scope=\"col\">Effect</th><th scope=\"col\">Who reads it (the file at the commit read)</th></tr></thead><tbody>\n",
    );
    for variable in VARIABLES {
        let roles = match variable.role_suffixes {
            true => "<code>_FOR_BUILD</code>, <code>_FOR_TARGET</code>",
            false => "—",
        };
        let readers: Vec<String> = variable
            .readers
            .iter()
            .map(|reader| {
                format!(
                    "<a href=\"{}\">{}</a> <span class=\"access\">({}, {} <code>{}</code>)</span>",
                    escape(&reader.url()),
                    escape(reader.program),
                    reader.access.describe(),
                    reader.repo.name(),
                    escape(reader.path)
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "<tr id=\"var-{0}\"><td><code>{0}</code></td><td>{1}</td><td>{roles}</td><td>{2}</td><td>{3}</td></tr>",
            variable.name,
            variable.category.name(),
            inline_code(variable.effect),
            readers.join("<br>")
        );
    }
    out.push_str("</tbody></table></div>\n\n<h3 id=\"names-that-look-real\">Names that look real and are not</h3>\n<div class=\"table-wrap\"><table class=\"variables\"><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Truth</th><th scope=\"col\">Use instead</th></tr></thead><tbody>\n");
    for misconception in MISCONCEPTIONS {
        let instead: Vec<String> =
            misconception.suggestions.iter().map(|it| format!("<code>{it}</code>")).collect();
        let _ = writeln!(
            out,
            "<tr id=\"var-{0}\"><td><code>{0}</code></td><td>{1}</td><td>{2}</td></tr>",
            misconception.name,
            inline_code(misconception.truth),
            instead.join(" or ")
        );
    }
    out.push_str("</tbody></table></div>\n");
    out
}

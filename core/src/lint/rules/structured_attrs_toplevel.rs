#![doc = include_str!("../../../docs/rules/structured-attrs-toplevel.md")]

use rnix::ast;
use rowan::ast::AstNode;

use crate::lint::model::{AttrSetInfo, strip_parens};
use crate::lint::{Diagnostic, Rule};

/// The findings in one attribute set (the rule looks at nothing else).
pub(crate) fn check_set(set: &AttrSetInfo<'_>, out: &mut Vec<Diagnostic>) {
    let structured = set.bindings.iter().any(|binding| {
        binding.path.len() == 1
            && binding.segment(0) == Some("__structuredAttrs")
            && binding.value.clone().map(strip_parens).is_some_and(|value| {
                matches!(&value, ast::Expr::Ident(ident) if ident.syntax().text() == "true")
            })
    });
    if !structured {
        return;
    }
    for binding in &set.bindings {
        let Some(Some((name, range))) = binding.path.first() else {
            continue;
        };
        if !name.starts_with("NIX_") {
            continue;
        }
        out.push(Diagnostic {
            rule: Rule::StructuredAttrsToplevel,
            severity: Rule::StructuredAttrsToplevel.severity(),
            related: None,
            message: format!(
                "with `__structuredAttrs = true` top-level attributes are not exported, so the wrappers never see `{name}`"
            ),
            range: range.clone(),
            variable: Some(name.to_string()),
            suggestion: Some(format!("env.{name}")),
            help: Some(format!("move it into `env` (`env.{name} = ...;`), which is exported")),
            fix: None,
        });
    }
}

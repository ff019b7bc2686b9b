#![doc = include_str!("../../../docs/rules/env-drops-upstream.md")]

use rnix::SyntaxKind::{NODE_ATTRPATH, NODE_IDENT, NODE_SELECT};
use rnix::ast;
use rowan::ast::AstNode;

use crate::lint::model::{AttrSetInfo, node_range, static_name, strip_parens};
use crate::lint::{Applicability, Diagnostic, Edit, Fix, Rule};

/// The findings in one attribute set of `source` (the rule looks at nothing else).
pub(crate) fn check_set(source: &str, set: &AttrSetInfo<'_>, out: &mut Vec<Diagnostic>) {
    let Some(call) = &set.derivation else {
        return;
    };
    if !matches!(call.function, "overrideAttrs" | "overridePythonAttrs") {
        return;
    }
    let old = call.old_param;
    // `env.NAME = ..;` paths build a fresh `env` attribute set too: report the first.
    let mut reported_path = false;
    for binding in &set.bindings {
        if binding.segment(0) != Some("env") {
            continue;
        }
        let Some(Some((_, env_range))) = binding.path.first() else {
            continue;
        };
        if binding.path.len() > 1 {
            if !reported_path {
                reported_path = true;
                out.push(diagnostic(
                    env_range.clone(),
                    "`env.NAME = ...` in an `overrideAttrs` result replaces the whole upstream `env`".to_owned(),
                    None,
                    old,
                ));
            }
            continue;
        }
        let Some(value) = &binding.value else {
            continue;
        };
        if old.is_some_and(|old| merges_old_env(source, value, old)) {
            continue;
        }
        let fix = match (old, strip_parens(value.clone())) {
            (Some(old), ast::Expr::AttrSet(literal)) => {
                let range = node_range(literal.syntax());
                Some(Fix {
                    applicability: Applicability::Unsafe,
                    title: format!("Merge into `{old}.env`"),
                    edits: vec![Edit {
                        range: range.start..range.start,
                        replacement: format!("({old}.env or {{ }}) // "),
                    }],
                })
            }
            _ => None,
        };
        out.push(diagnostic(
            env_range.clone(),
            "`env` in an `overrideAttrs` result replaces the upstream `env` instead of extending it".to_owned(),
            fix,
            old,
        ));
    }
}

fn diagnostic(
    range: std::ops::Range<usize>,
    message: String,
    fix: Option<Fix>,
    old: Option<&str>,
) -> Diagnostic {
    let old = old.unwrap_or("old");
    Diagnostic {
        rule: Rule::EnvDropsUpstream,
        severity: Rule::EnvDropsUpstream.severity(),
        related: None,
        message,
        range,
        variable: None,
        suggestion: Some(format!("env = ({old}.env or {{ }}) // {{ ... }};")),
        help: Some(format!(
            "every variable upstream put in `env` (often NIX_CFLAGS_COMPILE) is lost; write `env = ({old}.env or {{ }}) // {{ ... }};`"
        )),
        fix,
    }
}

/// Whether `value` mentions `<old>.env` anywhere (`old.env // ..`, `(old.env or { }) // ..`).
fn merges_old_env(source: &str, value: &ast::Expr, old: &str) -> bool {
    value.syntax().descendants().filter(|it| it.kind() == NODE_SELECT).any(|select| {
        let mut children = select.children();
        let base_is_old =
            children.next().is_some_and(|base| base.kind() == NODE_IDENT && base.text() == old);
        let first_attr = children
            .find(|it| it.kind() == NODE_ATTRPATH)
            .and_then(|attrpath| attrpath.first_child())
            .and_then(|attr| static_name(source, &attr));
        base_is_old && first_attr.is_some_and(|(name, _)| name == "env")
    })
}

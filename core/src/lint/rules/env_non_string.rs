#![doc = include_str!("../../../docs/rules/env-non-string.md")]

use rnix::ast;
use rowan::ast::AstNode;

use crate::lint::model::{AttrSetInfo, node_range, strip_parens};
use crate::lint::{Diagnostic, Rule};

/// The findings in one attribute set (the rule looks at nothing else).
pub(crate) fn check_set(set: &AttrSetInfo<'_>, out: &mut Vec<Diagnostic>) {
    if set.derivation.is_none() {
        return;
    }
    for entry in set.env_entries() {
        let (what, range) = if entry.nested {
            ("an attribute set", entry.name_range.clone())
        } else {
            let Some(value) = entry.value.clone().map(strip_parens) else {
                continue;
            };
            let what = match &value {
                ast::Expr::List(_) => "a list",
                ast::Expr::AttrSet(_) => "an attribute set",
                ast::Expr::Lambda(_) => "a function",
                ast::Expr::Literal(literal)
                    if matches!(literal.kind(), ast::LiteralKind::Float(_)) =>
                {
                    "a float"
                }
                _ => continue,
            };
            (what, node_range(value.syntax()))
        };
        let name = &entry.name;
        out.push(Diagnostic {
            rule: Rule::EnvNonString,
            severity: Rule::EnvNonString.severity(),
            related: None,
            message: format!(
                "`env.{name}` is {what}, but `env` values must be strings, booleans, integers or derivations"
            ),
            range,
            variable: name.starts_with("NIX_").then(|| name.to_string()),
            suggestion: None,
            help: Some(match what {
                "a list" => "wrap it in `toString` (space-separated) or `lib.concatStringsSep`".to_owned(),
                "a float" => "write it as a string".to_owned(),
                _ => "mkDerivation stops with \"The 'env' attribute set can only contain derivation, string, boolean or integer attributes\"".to_owned(),
            }),
            fix: None,
        });
    }
}

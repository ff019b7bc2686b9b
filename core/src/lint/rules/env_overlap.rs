#![doc = include_str!("../../../docs/rules/env-overlap.md")]

use crate::lint::model::AttrSetInfo;
use crate::lint::{Diagnostic, Related, Rule};

/// The findings in one attribute set (the rule looks at nothing else).
pub(crate) fn check_set(set: &AttrSetInfo<'_>, out: &mut Vec<Diagnostic>) {
    if set.derivation.is_none() {
        return;
    }
    for entry in set.env_entries() {
        let Some((_, top_range)) = set.top_level_names().find(|(name, _)| *name == entry.name)
        else {
            continue;
        };
        let name = &entry.name;
        out.push(Diagnostic {
            rule: Rule::EnvOverlap,
            severity: Rule::EnvOverlap.severity(),
            related: Some(Related {
                range: top_range.clone(),
                message: format!("top-level `{name}`"),
            }),
            message: format!("`{name}` is set both in `env` and at the top level of the same derivation"),
            range: entry.name_range.clone(),
            variable: name.starts_with("NIX_").then(|| name.to_string()),
            suggestion: None,
            help: Some(
                "mkDerivation stops with \"The 'env' attribute set cannot contain any attributes passed to derivation\"; keep one of them".to_owned(),
            ),
            fix: None,
        });
    }
}

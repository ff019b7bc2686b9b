#![doc = include_str!("../../../../docs/rules/internal-variable.md")]

use crate::knowledge::{self, Category, Lookup};
use crate::lint::model::Model;
use crate::lint::{Diagnostic, Rule};

pub(crate) fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    for occurrence in model.occurrences.iter().filter(|it| it.form.writes()) {
        let name = &occurrence.name;
        let (message, help) = match knowledge::lookup(name) {
            Lookup::Known { variable, .. } if variable.category == Category::Internal => (
                format!(
                    "`{name}` is set by Nix or stdenv itself: setting it here fights the build machinery"
                ),
                variable.effect.to_owned(),
            ),
            Lookup::Salted { base: Some(base) } => (
                format!(
                    "`{name}` is the wrappers' internal, target-salted copy of `{}`",
                    base.name
                ),
                format!(
                    "the wrappers fill it from `{0}` (and `{0}_FOR_BUILD`/`{0}_FOR_TARGET`): set those instead",
                    base.name
                ),
            ),
            Lookup::Salted { base: None } => (
                format!("`{name}` is a flag the wrappers set for themselves"),
                "the wrappers' setup hooks set it; a derivation should not".to_owned(),
            ),
            _ => continue,
        };
        out.push(Diagnostic {
            rule: Rule::InternalVariable,
            message,
            range: occurrence.range.clone(),
            variable: Some(name.clone()),
            suggestion: None,
            help: Some(help),
            fix: None,
            related: None,
        });
    }
}

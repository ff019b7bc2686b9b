#![doc = include_str!("../../../docs/rules/internal-variable.md")]

use crate::knowledge::{self, Category, Lookup};
use crate::lint::model::{Form, Model};
use crate::lint::{Diagnostic, Rule};

pub(crate) fn check(model: &Model<'_>, out: &mut Vec<Diagnostic>) {
    // Unsetting and reading are fine, and outside a build these names may be legitimate
    // run-time settings (Nix itself reads `NIX_STORE`).
    for occurrence in model.occurrences.iter().filter(|it| it.form.sets() && it.context.is_build())
    {
        let name = &occurrence.name;
        let (message, help) = match knowledge::lookup(name) {
            // A build script may run a program with its own value on purpose (Nix's own tests
            // `export NIX_STORE=$TMPDIR/store`); only a derivation's attribute declares it.
            Lookup::Known { variable, .. }
                if variable.category == Category::Internal
                    && occurrence.form != Form::ShellAssign =>
            {
                (
                    format!(
                        "`{name}` is set by Nix or stdenv itself: setting it here fights the build machinery"
                    ),
                    variable.effect.to_owned(),
                )
            }
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
            severity: Rule::InternalVariable.severity(),
            related: None,
            message,
            range: occurrence.range.clone(),
            variable: Some(name.to_string()),
            suggestion: None,
            help: Some(help),
            fix: None,
        });
    }
}

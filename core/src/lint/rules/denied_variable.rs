#![doc = include_str!("../../../docs/rules/denied-variable.md")]

use crate::lint::model::Model;
use crate::lint::{DeniedVariable, Diagnostic, Rule};

pub(crate) fn check(model: &Model<'_>, deny: &[DeniedVariable], out: &mut Vec<Diagnostic>) {
    if deny.is_empty() {
        return;
    }
    for occurrence in &model.occurrences {
        let Some(denied) = deny.iter().find(|it| it.name == occurrence.name) else {
            continue;
        };
        out.push(Diagnostic {
            rule: Rule::DeniedVariable,
            severity: Rule::DeniedVariable.severity(),
            related: None,
            message: format!("`{}` is denied by the project: {}", denied.name, denied.message),
            range: occurrence.range.clone(),
            variable: Some(denied.name.clone()),
            suggestion: None,
            help: Some("configured in `[lint.deny]` of hmopt.toml".to_owned()),
            fix: None,
        });
    }
}

#![doc = include_str!("../../../../docs/rules/unknown-variable.md")]

use crate::knowledge::{self, Lookup};
use crate::lint::model::{Model, Occurrence};
use crate::lint::{Applicability, Diagnostic, Edit, Fix, LintConfig, Rule, suggest};

pub(crate) fn check(model: &Model, config: &LintConfig, out: &mut Vec<Diagnostic>) {
    let mut spellings: Option<Vec<String>> = None;
    for occurrence in &model.occurrences {
        let name = occurrence.name.as_str();
        let is_extra = config.extra_variables.iter().any(|it| it == name);
        let is_denied = config.deny.iter().any(|it| it.name == name);
        if is_extra || is_denied {
            continue;
        }
        match knowledge::lookup(name) {
            Lookup::Known { .. } | Lookup::Salted { .. } => {}
            Lookup::Misconception(misconception) => {
                let applicability = if misconception.is_typo && misconception.suggestions.len() == 1
                {
                    Applicability::Safe
                } else {
                    Applicability::Unsafe
                };
                let advice = match misconception.suggestions {
                    [only] => format!("use `{only}`"),
                    [first, rest @ ..] => {
                        let rest: Vec<String> = rest.iter().map(|it| format!("`{it}`")).collect();
                        format!(
                            "use `{first}`, or {}, depending on what the flags are for",
                            rest.join(" or ")
                        )
                    }
                    [] => String::new(),
                };
                let message = format!("`{name}` is read by nothing in Nix or nixpkgs");
                let help = format!("{}; {advice}", misconception.truth);
                let suggestion = misconception.suggestions.first().map(|it| (*it).to_owned());
                out.push(diagnostic(occurrence, message, suggestion, applicability, help));
            }
            Lookup::Unknown => {
                let spellings = spellings.get_or_insert_with(|| {
                    knowledge::spellings().chain(config.extra_variables.iter().cloned()).collect()
                });
                let nearest = suggest::nearest(name, spellings.iter().map(String::as_str));
                // Outside a build environment an unknown name may be some program's run-time
                // variable: report it only when it is a typo away from a known name.
                // A read of an unknown name harms nothing unless it is a typo either.
                if nearest.is_empty() && !(occurrence.in_build && occurrence.form.writes()) {
                    continue;
                }
                let message = if occurrence.in_build {
                    format!(
                        "`{name}` is read by no nixpkgs wrapper and not by stdenv: its value is silently ignored"
                    )
                } else {
                    format!("`{name}` is not a variable that Nix or nixpkgs reads")
                };
                let help = match nearest.as_slice() {
                    [] => "if a program reads it, add it to `extra-variables` in hmopt.toml; `hmopt explain NIX_CFLAGS_COMPILE` shows what nixpkgs reads".to_owned(),
                    [only] => format!("did you mean `{only}`?"),
                    several => {
                        let names: Vec<String> =
                            several.iter().map(|it| format!("`{it}`")).collect();
                        format!("did you mean one of {}?", names.join(", "))
                    }
                };
                let applicability =
                    if nearest.len() == 1 { Applicability::Safe } else { Applicability::Unsafe };
                let suggestion = nearest.first().map(|it| (*it).to_owned());
                out.push(diagnostic(occurrence, message, suggestion, applicability, help));
            }
        }
    }
}

fn diagnostic(
    occurrence: &Occurrence,
    message: String,
    suggestion: Option<String>,
    applicability: Applicability,
    help: String,
) -> Diagnostic {
    let fix = suggestion.as_ref().map(|replacement| Fix {
        applicability,
        title: format!("Replace with `{replacement}`"),
        edits: vec![Edit { range: occurrence.range.clone(), replacement: replacement.clone() }],
    });
    Diagnostic {
        rule: Rule::UnknownVariable,
        message,
        range: occurrence.range.clone(),
        variable: Some(occurrence.name.clone()),
        suggestion,
        help: Some(help),
        fix,
        related: None,
    }
}

#![doc = include_str!("../../../docs/rules/unknown-variable.md")]

use crate::knowledge::{self, Lookup, Misconception, Variable};
use crate::lint::model::{Form, Model, Occurrence};
use crate::lint::{Applicability, Diagnostic, Edit, Fix, LintConfig, Rule, Severity, suggest};

pub(crate) fn check(model: &Model<'_>, config: &LintConfig, out: &mut Vec<Diagnostic>) {
    let mut spellings: Option<Vec<(&str, Option<&'static Variable>)>> = None;
    // Names repeat (an overlay sets the same variable for many packages): the nearest known
    // spellings are searched once per name.
    let mut nearest_of: std::collections::HashMap<&str, Vec<usize>> =
        std::collections::HashMap::new();
    for occurrence in &model.occurrences {
        let name = occurrence.name;
        let is_extra = config.extra_variables.iter().any(|it| it == name);
        let is_denied = config.deny.iter().any(|it| it.name == name);
        if is_extra || is_denied {
            continue;
        }
        // A name the file itself reads is the file's own variable: nothing says it is dead.
        if !occurrence.form.sets() || model.is_read_elsewhere(occurrence) {
            if occurrence.form == Form::ShellRead
                && occurrence.context.is_build()
                && let Lookup::Misconception(misconception) = knowledge::lookup(name)
                && !model.is_set(name)
            {
                out.push(never_set(occurrence, misconception));
            }
            continue;
        }
        let diagnostic = match knowledge::lookup(name) {
            Lookup::Known { .. } | Lookup::Salted { .. } => continue,
            Lookup::Misconception(misconception) => misconceived(model, occurrence, misconception),
            Lookup::Unknown => {
                let spellings = spellings.get_or_insert_with(|| {
                    knowledge::spellings()
                        .iter()
                        .map(|(spelling, variable)| (spelling.as_str(), Some(*variable)))
                        .chain(config.extra_variables.iter().map(|it| (it.as_str(), None)))
                        .collect::<Vec<_>>()
                });
                let indices = nearest_of.entry(name).or_insert_with(|| {
                    let nearest = suggest::nearest(name, spellings.iter().map(|(it, _)| *it));
                    nearest
                        .iter()
                        .filter_map(|spelling| spellings.iter().position(|(it, _)| it == spelling))
                        .collect()
                });
                // Unrelated to every known name: some program of the author's may read it. A
                // trailing underscore is the shell's idiom for a saved copy (`NIX_REMOTE_`),
                // not a typo.
                if indices.is_empty() || name.ends_with('_') {
                    continue;
                }
                let nearest: Vec<&str> = indices.iter().map(|&idx| spellings[idx].0).collect();
                let variables: Vec<Option<&Variable>> =
                    indices.iter().map(|&idx| spellings[idx].1).collect();
                misspelled(model, occurrence, &nearest, &variables)
            }
        };
        out.push(diagnostic);
    }
}

/// A name that looks real and is not (`NIX_CXXFLAGS_COMPILE`): dead wherever it is set, and
/// certainly dead in a build.
fn misconceived(
    model: &Model<'_>,
    occurrence: &Occurrence<'_>,
    misconception: &'static Misconception,
) -> Diagnostic {
    let name = &occurrence.name;
    let severity = if occurrence.context.is_build() { Severity::Error } else { Severity::Warning };
    let advice = match misconception.suggestions {
        [only] => format!("use `{only}`"),
        [first, rest @ ..] => {
            let rest: Vec<String> = rest.iter().map(|it| format!("`{it}`")).collect();
            format!("use `{first}`, or {}, depending on what the flags are for", rest.join(" or "))
        }
        [] => String::new(),
    };
    let single = misconception.is_typo && misconception.suggestions.len() == 1;
    let suggestion = misconception.suggestions.first().map(|it| (*it).to_owned());
    Diagnostic {
        rule: Rule::UnknownVariable,
        severity,
        related: None,
        message: format!("`{name}` is read by nothing in Nix or nixpkgs"),
        range: occurrence.range.clone(),
        variable: Some(name.to_string()),
        fix: suggestion.as_deref().map(|it| rename(model, occurrence, it, severity, single)),
        suggestion,
        help: Some(format!("{}; {advice}", misconception.truth)),
    }
}

/// A name a typo away from known ones. Only a typo of a name the wrappers or stdenv read, set
/// in a build, is certainly dead; anywhere else the author may mean a variable of their own.
fn misspelled(
    model: &Model<'_>,
    occurrence: &Occurrence<'_>,
    nearest: &[&str],
    variables: &[Option<&Variable>],
) -> Diagnostic {
    let name = &occurrence.name;
    let of_build_inputs =
        variables.iter().all(|it| it.is_some_and(|variable| variable.category.is_build_input()));
    let severity = if occurrence.context.is_build() && of_build_inputs {
        Severity::Error
    } else {
        Severity::Warning
    };
    let message = match severity {
        Severity::Error => format!(
            "`{name}` is read by no nixpkgs wrapper and not by stdenv: its value is silently ignored"
        ),
        Severity::Warning => format!("`{name}` is not a variable that Nix or nixpkgs reads"),
    };
    let candidates: Vec<String> = nearest
        .iter()
        .zip(variables)
        .map(|(spelling, variable)| match variable {
            Some(variable) => format!("`{spelling}` (read by {})", variable.reader().program),
            None => format!("`{spelling}`"),
        })
        .collect();
    let mut help = match candidates.as_slice() {
        [only] => format!("did you mean {only}?"),
        several => format!("did you mean one of {}?", several.join(", ")),
    };
    if severity == Severity::Warning {
        help.push_str(
            " If a program of yours reads this name, add it to `extra-variables` in hmopt.toml",
        );
    }
    let suggestion = nearest.first().map(|it| (*it).to_owned());
    Diagnostic {
        rule: Rule::UnknownVariable,
        severity,
        related: None,
        message,
        range: occurrence.range.clone(),
        variable: Some(name.to_string()),
        fix: suggestion
            .as_deref()
            .map(|it| rename(model, occurrence, it, severity, nearest.len() == 1)),
        suggestion,
        help: Some(help),
    }
}

/// `$NIX_BUILD_JOBS` in a build script of a file that never sets it: neither Nix nor nixpkgs
/// does, so the script reads an empty string (`make -j$NIX_BUILD_JOBS` means unlimited jobs).
fn never_set(occurrence: &Occurrence<'_>, misconception: &'static Misconception) -> Diagnostic {
    let name = &occurrence.name;
    let suggestion = misconception.suggestions.first().map(|it| (*it).to_owned());
    let help = match &suggestion {
        Some(it) => format!("{}; read `{it}` instead", misconception.truth),
        None => misconception.truth.to_owned(),
    };
    Diagnostic {
        rule: Rule::UnknownVariable,
        severity: Severity::Warning,
        related: None,
        message: format!("`{name}` is read here, but nothing sets it: it expands to nothing"),
        range: occurrence.range.clone(),
        variable: Some(name.to_string()),
        fix: suggestion.as_ref().map(|it| Fix {
            applicability: Applicability::Unsafe,
            title: format!("Replace with `{it}`"),
            edits: vec![Edit { range: occurrence.range.clone(), replacement: it.clone() }],
        }),
        suggestion,
        help: Some(help),
    }
}

/// Renaming `occurrence` to `replacement`. It is safe only when the finding is certain (an
/// error), the name has exactly one close match, and the rename touches nothing else: an
/// attribute key (never shell code or an `inherit`), no other use of the old name in the file
/// (`rec` uses, `let` bindings, selections) and no binding of the new name beside it.
fn rename(
    model: &Model<'_>,
    occurrence: &Occurrence<'_>,
    replacement: &str,
    severity: Severity,
    single_match: bool,
) -> Fix {
    let safe = severity == Severity::Error
        && single_match
        && occurrence.form == Form::AttrKey
        && !model.is_used_elsewhere(occurrence)
        && !model.binds_sibling(occurrence, replacement);
    Fix {
        applicability: if safe { Applicability::Safe } else { Applicability::Unsafe },
        title: format!("Replace with `{replacement}`"),
        edits: vec![Edit { range: occurrence.range.clone(), replacement: replacement.to_owned() }],
    }
}

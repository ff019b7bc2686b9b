//! `hmopt rules` and `hmopt explain`: the same rule docs and knowledge base the site shows.

use std::fmt::Write;
use std::process::ExitCode;

use anyhow::bail;
use hmopt_core::knowledge::{self, Lookup};
use hmopt_core::lint::Rule;
use hmopt_core::lint::suggest::nearest;

use crate::out;

/// Flags of `hmopt explain`.
#[derive(Debug, clap::Args)]
pub(crate) struct ExplainArgs {
    /// A rule name (`unknown-variable`) or a variable name (`NIX_CXXSTDLIB_COMPILE`).
    name: String,
}

pub(crate) fn rules() -> anyhow::Result<ExitCode> {
    let mut text = String::new();
    let width = Rule::ALL.iter().map(|it| it.name().len()).max().unwrap_or_default();
    for rule in Rule::ALL {
        let _ = writeln!(
            text,
            "{:width$}  {:7}  {}",
            rule.name(),
            rule.severity().name(),
            rule.summary()
        );
    }
    text.push_str("\n`hmopt explain <rule>` prints a rule's documentation.\n");
    out::stdout(text)?;
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn run(args: &ExplainArgs) -> anyhow::Result<ExitCode> {
    let name = args.name.trim();
    if let Some(rule) = Rule::from_name(name) {
        out::stdout(rule.docs())?;
        return Ok(ExitCode::SUCCESS);
    }
    let text = match knowledge::lookup(name) {
        Lookup::Known { variable, role_suffix } => {
            let mut out = format!("{name}\n\n{}\n\n", variable.effect);
            let _ = writeln!(out, "category: {}", variable.category.name());
            for (idx, reader) in variable.readers.iter().enumerate() {
                let label = if idx == 0 { "read by:" } else { "also:   " };
                let _ = writeln!(
                    out,
                    "{label}  {} ({}), {} {}\n          {}",
                    reader.program,
                    reader.access.describe(),
                    reader.repo.name(),
                    reader.path,
                    reader.url()
                );
            }
            if variable.role_suffixes {
                let _ = writeln!(
                    out,
                    "roles:    also read as {0}_FOR_BUILD and {0}_FOR_TARGET",
                    variable.name
                );
            }
            if let Some(suffix) = role_suffix {
                let role = knowledge::role_platform(suffix);
                let _ = writeln!(
                    out,
                    "note:     this is the {role}-platform form of {}",
                    variable.name
                );
            }
            out
        }
        Lookup::Misconception(misconception) => {
            let mut out = format!("{name}\n\nNot a real variable: {}.\n\n", misconception.truth);
            for suggestion in misconception.suggestions {
                let effect = knowledge::variable(suggestion).map_or("", |it| it.effect);
                let _ = writeln!(out, "use {suggestion}: {effect}");
            }
            out
        }
        Lookup::Salted { base } => {
            let base = base.map_or("the matching variable".to_owned(), |it| it.name.to_owned());
            format!(
                "{name}\n\nInternal: the wrappers derive it for themselves (`{}`).\nSet {base} instead.\n",
                knowledge::SALTED_NAMES_SOURCE
            )
        }
        Lookup::Unknown => {
            let hint = match did_you_mean(name).as_slice() {
                [] => "`hmopt rules` lists the rules; hmopt's variable reference is in `hmopt explain NIX_CFLAGS_COMPILE` and on the site".to_owned(),
                names => format!("did you mean {}?", names.iter().map(|it| format!("`{it}`")).collect::<Vec<_>>().join(" or ")),
            };
            bail!("`{name}` is neither a rule nor a variable hmopt knows\n{hint}");
        }
    };
    out::stdout(text)?;
    Ok(ExitCode::SUCCESS)
}

/// The rule names or variable spellings nearest to `name`, as the linter suggests them; a
/// variable in the wrong case (`nix_ldflags`) is found too.
fn did_you_mean(name: &str) -> Vec<String> {
    let candidates = || {
        Rule::ALL
            .iter()
            .map(|it| it.name())
            .chain(knowledge::spellings().iter().map(|it| it.0.as_str()))
    };
    let mut res = nearest(name, candidates());
    let upper = name.to_ascii_uppercase();
    if res.is_empty() && upper != name {
        res = candidates().filter(|it| *it == upper).collect();
        if res.is_empty() {
            res = nearest(&upper, candidates());
        }
    }
    res.into_iter().map(str::to_owned).collect()
}

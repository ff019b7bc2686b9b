//! `hmopt rules` and `hmopt explain`: the same rule docs and knowledge base the site shows.

use std::fmt::Write;
use std::process::ExitCode;

use anyhow::bail;
use hmopt_core::knowledge::{self, Lookup};
use hmopt_core::lint::Rule;

/// Flags of `hmopt explain`.
#[derive(Debug, clap::Args)]
pub(crate) struct ExplainArgs {
    /// A rule name (`unknown-variable`) or a variable name (`NIX_CXXSTDLIB_COMPILE`).
    name: String,
}

pub(crate) fn rules() -> ExitCode {
    let mut out = String::new();
    let width = Rule::ALL.iter().map(|it| it.name().len()).max().unwrap_or_default();
    for rule in Rule::ALL {
        let _ = writeln!(
            out,
            "{:width$}  {:7}  {}",
            rule.name(),
            rule.severity().name(),
            rule.summary()
        );
    }
    out.push_str("\n`hmopt explain <rule>` prints a rule's documentation.\n");
    print!("{out}");
    ExitCode::SUCCESS
}

pub(crate) fn run(args: &ExplainArgs) -> anyhow::Result<ExitCode> {
    let name = args.name.trim();
    if let Some(rule) = Rule::from_name(name) {
        print!("{}", rule.docs());
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
                let role = if suffix == "_FOR_BUILD" { "build" } else { "target" };
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
                "{name}\n\nInternal: the wrappers derive it for themselves (`pkgs/build-support/wrapper-common/utils.bash`).\nSet {base} instead.\n"
            )
        }
        Lookup::Unknown => {
            let candidates: Vec<String> = knowledge::spellings().map(|(it, _)| it).collect();
            let near = candidates.iter().find(|it| strsim_close(name, it));
            let hint = match near {
                Some(it) => format!("\ndid you mean `{it}`?"),
                None => "\n`hmopt rules` lists the rules; hmopt's variable reference is in `hmopt explain NIX_CFLAGS_COMPILE` and on the site".to_owned(),
            };
            bail!("`{name}` is neither a rule nor a variable hmopt knows{hint}");
        }
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

/// A cheap closeness test for `explain`'s hint: same letters give or take two.
fn strsim_close(a: &str, b: &str) -> bool {
    let a = a.to_ascii_uppercase();
    a.len().abs_diff(b.len()) <= 2 && a.bytes().zip(b.bytes()).filter(|(x, y)| x != y).count() <= 2
}

//! Hover on a `NIX_*` name: the knowledge base's entry, as `hmopt explain` prints it, in Markdown
//! with links to the nixpkgs (or Nix) files that read the variable.

use std::fmt::Write;
use std::ops::Range;

use hmopt_core::knowledge::{self, Lookup};
use hmopt_core::lint::suggest::nearest;

/// The `NIX_*` name around byte `offset` of `text` (the cursor may be just after it), if any.
pub(crate) fn name_at(text: &str, offset: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let is_name = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_';
    let offset = offset.min(bytes.len());
    if !text.is_char_boundary(offset) {
        return None;
    }
    let mut start = offset;
    while 0 < start && is_name(bytes[start - 1]) {
        start -= 1;
    }
    let mut end = offset;
    while end < bytes.len() && is_name(bytes[end]) {
        end += 1;
    }
    text[start..end].starts_with("NIX_").then_some(start..end)
}

/// What hmopt knows about `name`, in Markdown. `extra_variables` are the names the
/// configuration declares as read by the project's own programs.
pub(crate) fn markdown(name: &str, extra_variables: &[String]) -> String {
    let mut out = String::new();
    match knowledge::lookup(name) {
        Lookup::Known { variable, role_suffix } => {
            let _ = writeln!(
                out,
                "**`{name}`** ({})\n\n{}\n",
                variable.category.name(),
                variable.effect
            );
            for (idx, reader) in variable.readers.iter().enumerate() {
                let label = if idx == 0 { "Read by" } else { "Also" };
                let _ = writeln!(
                    out,
                    "- {label} {} ({}): [`{}`]({}) in {}",
                    reader.program,
                    reader.access.describe(),
                    reader.path,
                    reader.url(),
                    reader.repo.name()
                );
            }
            if let Some(suffix) = role_suffix {
                let role = knowledge::role_platform(suffix);
                let _ = writeln!(out, "\nThe {role}-platform form of `{}`.", variable.name);
            } else if variable.role_suffixes {
                let _ = writeln!(
                    out,
                    "\nAlso read as `{0}_FOR_BUILD` and `{0}_FOR_TARGET`.",
                    variable.name
                );
            }
        }
        Lookup::Misconception(misconception) => {
            let _ =
                writeln!(out, "**`{name}`**: not a real variable\n\n{}.\n", misconception.truth);
            for suggestion in misconception.suggestions {
                let effect = knowledge::variable(suggestion).map_or("", |it| it.effect);
                let _ = writeln!(out, "- Use `{suggestion}`: {effect}");
            }
        }
        Lookup::Salted { base } => {
            let base = base
                .map_or("the variable it derives from".to_owned(), |it| format!("`{}`", it.name));
            let _ = writeln!(
                out,
                "**`{name}`**: internal\n\nThe wrappers derive it for themselves (`{}`): set {base} instead.",
                knowledge::SALTED_NAMES_SOURCE
            );
        }
        Lookup::Unknown if extra_variables.iter().any(|it| it == name) => {
            let _ = writeln!(
                out,
                "**`{name}`**\n\nListed in `extra-variables` of `hmopt.toml`: a program of this project reads it."
            );
        }
        Lookup::Unknown => {
            let _ = writeln!(
                out,
                "**`{name}`**\n\nNothing in Nix or nixpkgs that hmopt knows reads it."
            );
            // The candidates the linter suggests from: known spellings and `extra-variables`.
            let candidates = knowledge::spellings()
                .iter()
                .map(|it| it.0.as_str())
                .chain(extra_variables.iter().map(String::as_str));
            let near = nearest(name, candidates);
            if !near.is_empty() {
                let names: Vec<String> = near.iter().map(|it| format!("`{it}`")).collect();
                let _ = writeln!(out, "\nDid you mean {}?", names.join(" or "));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_under_the_cursor_is_found_from_inside_or_just_after_it() {
        let text = "env.NIX_CFLAGS_COMPILE = \"-O2\"; NIX = 1; xNIX_A = 2;";
        let start = text.find("NIX_").unwrap();
        let end = start + "NIX_CFLAGS_COMPILE".len();
        for offset in [start, start + 5, end] {
            assert_eq!(name_at(text, offset), Some(start..end), "{offset}");
        }
        assert_eq!(name_at(text, 2), None, "`env`");
        assert_eq!(name_at(text, text.find("NIX =").unwrap()), None, "not NIX_*");
        assert_eq!(name_at(text, text.find("NIX_A").unwrap()), None, "`xNIX_A`");
        assert_eq!(name_at(text, 999), None);
        assert_eq!(name_at("é NIX_X", 1), None, "inside a character: never sliced");
    }

    #[test]
    fn each_kind_of_name_gets_its_entry() {
        let known = markdown("NIX_CFLAGS_COMPILE", &[]);
        assert!(
            known.starts_with("**`NIX_CFLAGS_COMPILE`** (cc-wrapper)\n\nCompiler flags"),
            "{known}"
        );
        assert!(known.contains("- Read by cc-wrapper (shell expansion): [`pkgs/build-support/cc-wrapper/add-flags.sh`](https://github.com/NixOS/nixpkgs/blob/"), "{known}");
        assert!(known.contains("Also read as `NIX_CFLAGS_COMPILE_FOR_BUILD`"), "{known}");
        let role = markdown("NIX_CFLAGS_COMPILE_FOR_BUILD", &[]);
        assert!(role.contains("The build-platform form of `NIX_CFLAGS_COMPILE`."), "{role}");
        let wrong = markdown("NIX_CXXFLAGS_COMPILE", &[]);
        assert!(wrong.starts_with("**`NIX_CXXFLAGS_COMPILE`**: not a real variable"), "{wrong}");
        assert!(wrong.contains("- Use `NIX_CXXSTDLIB_COMPILE`: "), "{wrong}");
        let salted = markdown("NIX_CFLAGS_COMPILE_x86_64_unknown_linux_gnu", &[]);
        assert!(salted.contains("set `NIX_CFLAGS_COMPILE` instead"), "{salted}");
        let typo = markdown("NIX_CFLAGS_COMPLE", &[]);
        assert!(typo.contains("Did you mean `NIX_CFLAGS_COMPILE`?"), "{typo}");
        let ours = markdown("NIX_MY_TOOL", &["NIX_MY_TOOL".to_owned()]);
        assert!(ours.contains("Listed in `extra-variables`"), "{ours}");
        // As the linter does, a typo of a project's own variable is suggested.
        let our_typo = markdown("NIX_MY_TOOLL", &["NIX_MY_TOOL".to_owned()]);
        assert!(our_typo.contains("Did you mean `NIX_MY_TOOL`?"), "{our_typo}");
    }
}

#![doc = include_str!("../../../../docs/rules/compiler-flag-in-ldflags.md")]

use crate::knowledge::ROLE_SUFFIXES;
use crate::lint::model::Model;
use crate::lint::{Diagnostic, Rule};

const LDFLAGS: [&str; 3] = ["NIX_LDFLAGS", "NIX_LDFLAGS_BEFORE", "NIX_LDFLAGS_AFTER"];

pub(crate) fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    for occurrence in model.occurrences.iter().filter(|it| it.form.writes()) {
        let base = ROLE_SUFFIXES
            .iter()
            .find_map(|suffix| occurrence.name.strip_suffix(suffix))
            .unwrap_or(&occurrence.name);
        if !LDFLAGS.contains(&base) {
            continue;
        }
        for (range, word) in &occurrence.value_words {
            if !is_compiler_flag(word) {
                continue;
            }
            let target = if word.starts_with("-fuse-ld=") || word.starts_with("-flto") {
                "NIX_CFLAGS_LINK (the compiler driver needs it when linking)"
            } else {
                "NIX_CFLAGS_COMPILE"
            };
            out.push(Diagnostic {
                rule: Rule::CompilerFlagInLdflags,
                message: format!(
                    "`{word}` is a compiler flag, but `{}` goes to the linker: cc-wrapper passes it as `-Wl,{word}`",
                    occurrence.name
                ),
                range: range.clone(),
                variable: Some(occurrence.name.clone()),
                suggestion: None,
                help: Some(format!("move it to {target}")),
                fix: None,
                related: None,
            });
        }
    }
}

/// `-O*`, `-march=`, `-mtune=` and `-f*`.
fn is_compiler_flag(word: &str) -> bool {
    word.starts_with("-O")
        || word.starts_with("-march=")
        || word.starts_with("-mtune=")
        || word
            .strip_prefix("-f")
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_alphabetic()))
}

#[cfg(test)]
mod tests {
    use super::is_compiler_flag;

    #[test]
    fn flags() {
        for flag in
            ["-O3", "-Os", "-O", "-march=skylake", "-mtune=generic", "-flto", "-fuse-ld=mold"]
        {
            assert!(is_compiler_flag(flag), "{flag}");
        }
        for flag in ["-L/opt/lib", "-lm", "--as-needed", "-rpath", "-z", "relro", "-f", "-m64"] {
            assert!(!is_compiler_flag(flag), "{flag}");
        }
    }
}

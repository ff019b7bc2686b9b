#![doc = include_str!("../../../docs/rules/compiler-flag-in-ldflags.md")]

use crate::knowledge::ROLE_SUFFIXES;
use crate::lint::model::Model;
use crate::lint::{Diagnostic, Rule};

const LDFLAGS: [&str; 3] = ["NIX_LDFLAGS", "NIX_LDFLAGS_BEFORE", "NIX_LDFLAGS_AFTER"];

pub(crate) fn check(model: &Model<'_>, out: &mut Vec<Diagnostic>) {
    for occurrence in model.occurrences.iter().filter(|it| it.form.sets()) {
        let base = ROLE_SUFFIXES
            .iter()
            .find_map(|suffix| occurrence.name.strip_suffix(suffix))
            .unwrap_or(occurrence.name);
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
                severity: Rule::CompilerFlagInLdflags.severity(),
                related: None,
                message: format!(
                    "`{word}` is a compiler flag, but `{}` goes to the linker: cc-wrapper passes it as `-Wl,{word}`",
                    occurrence.name
                ),
                range: range.clone(),
                variable: Some(occurrence.name.to_owned()),
                suggestion: None,
                help: Some(format!("move it to {target}")),
                fix: None,
            });
        }
    }
}

/// Options of the compiler driver that no linker accepts: `-march=`/`-mtune=`/`-mcpu=`, `-O`
/// with a letter (`-Os`, `-Ofast`, ...), `-pipe`, `-std=` and `-f<name>`. GNU ld and lld do
/// accept `-O<number>` (link-time optimization of the output) and `-fini=<symbol>`, so those
/// are not reported.
fn is_compiler_flag(word: &str) -> bool {
    if let Some(level) = word.strip_prefix("-O") {
        return level.starts_with(|c: char| c.is_ascii_alphabetic());
    }
    if let Some(rest) = word.strip_prefix("-f") {
        let is_fini = rest == "ini" || rest.starts_with("ini=");
        return rest.starts_with(|c: char| c.is_ascii_alphabetic()) && !is_fini;
    }
    word.starts_with("-march=")
        || word.starts_with("-mtune=")
        || word.starts_with("-mcpu=")
        || word.starts_with("-std=")
        || word == "-pipe"
}

#[cfg(test)]
mod tests {
    use super::is_compiler_flag;

    #[test]
    fn flags() {
        for flag in [
            "-Os",
            "-Ofast",
            "-march=skylake",
            "-mtune=generic",
            "-flto",
            "-fuse-ld=mold",
            "-fPIC",
            "-pipe",
            "-std=c++20",
        ] {
            assert!(is_compiler_flag(flag), "{flag}");
        }
        // Options GNU ld and lld accept.
        for flag in [
            "-O1",
            "-O2",
            "-O",
            "-L/opt/lib",
            "-lm",
            "--as-needed",
            "-rpath",
            "-z",
            "relro",
            "-f",
            "-fini=my_fini",
            "-fini",
            "-m64",
            "-melf_x86_64",
        ] {
            assert!(!is_compiler_flag(flag), "{flag}");
        }
    }
}

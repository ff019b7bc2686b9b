#![doc = include_str!("../../../docs/rules/cc-flags-in-bintools-wrapper.md")]

use crate::lint::model::Model;
use crate::lint::{Diagnostic, Rule};

/// The `nix-support` files cc-wrapper's `add-flags.sh` reads from its own output, and no
/// bintools-wrapper script reads.
const CC_WRAPPER_FILES: &[&str] = &[
    "cc-cflags",
    "cc-cflags-before",
    "cc-ldflags",
    "libc-cflags",
    "libc-crt1-cflags",
    "libcxx-cxxflags",
    "libcxx-ldflags",
    "gnat-cflags",
];

pub(crate) fn check(model: &Model<'_>, out: &mut Vec<Diagnostic>) {
    for write in &model.bintools_writes {
        if !CC_WRAPPER_FILES.contains(&write.file.as_str()) {
            continue;
        }
        let file = &write.file;
        out.push(Diagnostic {
            rule: Rule::CcFlagsInBintoolsWrapper,
            severity: Rule::CcFlagsInBintoolsWrapper.severity(),
            related: None,
            message: format!(
                "`nix-support/{file}` is written into a bintools wrapper (`{}`), but only cc-wrapper reads it, from its own output",
                write.wrapper
            ),
            range: write.range.clone(),
            variable: None,
            suggestion: None,
            help: Some(format!(
                "nothing ever reads this file, so the flags never apply; move the command to `wrapCCWith {{ extraBuildCommands = ...; }}`, whose `$out/nix-support/{file}` cc-wrapper reads"
            )),
            fix: None,
        });
    }
}

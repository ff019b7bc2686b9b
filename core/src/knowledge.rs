//! What nixpkgs and Nix actually read: the knowledge base of `NIX_*` variables.
//!
//! This is data, not code: one table of [`Variable`]s with the nixpkgs file that reads each, and
//! one table of [`Misconception`]s, names that look real and are not. The linter, `hmopt explain`
//! and the site's variable reference all render these same tables.
//!
//! The facts were checked against nixpkgs source (`pkgs/build-support/cc-wrapper`,
//! `pkgs/build-support/bintools-wrapper`, `pkgs/build-support/wrapper-common/utils.bash`,
//! `pkgs/stdenv/generic`). Where the plan's wording disagrees with nixpkgs, nixpkgs wins.

/// Who reads a variable, which decides where setting it has an effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// Read by cc-wrapper when a compiler runs.
    CcWrapper,
    /// Read by bintools-wrapper (and, through it, by cc-wrapper) when a linker runs.
    BintoolsWrapper,
    /// Read directly by the wrappers or stdenv's `setup.sh`, never role-suffixed.
    Stdenv,
    /// Set by Nix, by stdenv or by a wrapper's setup hook: an output, not an input.
    Internal,
    /// Read at run time by Nix itself (the CLI and daemon).
    NixRuntime,
    /// Read at run time by a program that nixpkgs ships or patches.
    ProgramRuntime,
}

impl Category {
    /// A short human name, e.g. `cc-wrapper`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Category::CcWrapper => "cc-wrapper",
            Category::BintoolsWrapper => "bintools-wrapper",
            Category::Stdenv => "stdenv",
            Category::Internal => "internal",
            Category::NixRuntime => "nix runtime",
            Category::ProgramRuntime => "program runtime",
        }
    }

    /// Whether the variable is an input of a derivation's build (wrappers, stdenv).
    #[must_use]
    pub fn is_build_input(self) -> bool {
        matches!(self, Category::CcWrapper | Category::BintoolsWrapper | Category::Stdenv)
    }
}

/// One `NIX_*` variable that something really reads or sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variable {
    /// The exact name.
    pub name: &'static str,
    /// Who reads or sets it.
    pub category: Category,
    /// Whether the wrappers also read `<name>_FOR_BUILD` and `<name>_FOR_TARGET`
    /// (`mangleVarList`/`mangleVarBool` in `wrapper-common/utils.bash`).
    pub role_suffixes: bool,
    /// What setting it does, in one or two sentences.
    pub effect: &'static str,
    /// The nixpkgs (or Nix) source that reads it, as a path inside its repository.
    pub source: &'static str,
}

/// A name that looks like a real variable but that nothing reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Misconception {
    /// The name people write.
    pub name: &'static str,
    /// What is true about it.
    pub truth: &'static str,
    /// The real variables to use instead, best first.
    pub suggestions: &'static [&'static str],
    /// Whether replacing the name by the first suggestion keeps the author's intent for sure
    /// (a plain typo) rather than choosing between meanings.
    pub is_typo: bool,
}

/// The role suffixes that mangled wrapper variables accept.
pub const ROLE_SUFFIXES: [&str; 2] = ["_FOR_BUILD", "_FOR_TARGET"];

const CC_ADD_FLAGS: &str = "pkgs/build-support/cc-wrapper/add-flags.sh";
const CC_WRAPPER: &str = "pkgs/build-support/cc-wrapper/cc-wrapper.sh";
const BINTOOLS_ADD_FLAGS: &str = "pkgs/build-support/bintools-wrapper/add-flags.sh";
const LD_WRAPPER: &str = "pkgs/build-support/bintools-wrapper/ld-wrapper.sh";
const SETUP_SH: &str = "pkgs/stdenv/generic/setup.sh";
const NIX_MANUAL_ENV: &str = "nix: doc/manual/source/command-ref/env-common.md";

/// Every variable hmopt knows, in the order of the reference table.
pub const VARIABLES: &[Variable] = &[
    // cc-wrapper, mangled.
    Variable {
        name: "NIX_CFLAGS_COMPILE",
        category: Category::CcWrapper,
        role_suffixes: true,
        effect: "Compiler flags appended after the caller's arguments on every compile, C and C++ alike.",
        source: CC_ADD_FLAGS,
    },
    Variable {
        name: "NIX_CFLAGS_COMPILE_BEFORE",
        category: Category::CcWrapper,
        role_suffixes: true,
        effect: "Compiler flags placed before the caller's arguments.",
        source: CC_ADD_FLAGS,
    },
    Variable {
        name: "NIX_CFLAGS_LINK",
        category: Category::CcWrapper,
        role_suffixes: true,
        effect: "Compiler-driver flags added only when linking, e.g. `-fuse-ld=mold` (nixpkgs' `useMoldLinker` uses it).",
        source: CC_ADD_FLAGS,
    },
    Variable {
        name: "NIX_CXXSTDLIB_COMPILE",
        category: Category::CcWrapper,
        role_suffixes: true,
        effect: "C++-only compile flags: appended when the program is a C++ driver (`*++`, or `-x c++`) unless `-nostdinc`/`-nostdinc++` is given. nixpkgs itself sets `NIX_CXXSTDLIB_COMPILE = \"-std=c++17\"` in `pkgs/by-name/li/libedgetpu/package.nix`.",
        source: CC_WRAPPER,
    },
    Variable {
        name: "NIX_CXXSTDLIB_LINK",
        category: Category::CcWrapper,
        role_suffixes: true,
        effect: "C++-only link flags (dropped with `-nostdlib`).",
        source: CC_WRAPPER,
    },
    Variable {
        name: "NIX_GNATFLAGS_COMPILE",
        category: Category::CcWrapper,
        role_suffixes: true,
        effect: "Ada/GNAT compile flags.",
        source: CC_ADD_FLAGS,
    },
    Variable {
        name: "NIX_ENFORCE_NO_NATIVE",
        category: Category::CcWrapper,
        role_suffixes: true,
        effect: "Boolean: drops `-m*=native` from the caller's own arguments. Flags inside NIX_CFLAGS_COMPILE are not filtered.",
        source: CC_WRAPPER,
    },
    // bintools-wrapper, mangled; cc-wrapper sources its add-flags.sh too.
    Variable {
        name: "NIX_LDFLAGS",
        category: Category::BintoolsWrapper,
        role_suffixes: true,
        effect: "Raw linker flags. Through cc-wrapper each becomes `-Wl,<flag>` (unless it starts with `-L/`), so compiler options such as `-O3`, `-march=` or `-f...` do not belong here.",
        source: BINTOOLS_ADD_FLAGS,
    },
    Variable {
        name: "NIX_LDFLAGS_BEFORE",
        category: Category::BintoolsWrapper,
        role_suffixes: true,
        effect: "Linker flags placed before the caller's arguments.",
        source: BINTOOLS_ADD_FLAGS,
    },
    Variable {
        name: "NIX_LDFLAGS_AFTER",
        category: Category::BintoolsWrapper,
        role_suffixes: true,
        effect: "Linker flags placed after the caller's arguments (ld-wrapper only).",
        source: LD_WRAPPER,
    },
    Variable {
        name: "NIX_DYNAMIC_LINKER",
        category: Category::BintoolsWrapper,
        role_suffixes: true,
        effect: "Sets the `-dynamic-linker` the linker writes into executables.",
        source: BINTOOLS_ADD_FLAGS,
    },
    Variable {
        name: "NIX_HARDENING_ENABLE",
        category: Category::BintoolsWrapper,
        role_suffixes: true,
        effect: "Space-separated hardening flags. mkDerivation sets it itself from `hardeningEnable`/`hardeningDisable`: prefer those.",
        source: BINTOOLS_ADD_FLAGS,
    },
    Variable {
        name: "NIX_IGNORE_LD_THROUGH_GCC",
        category: Category::BintoolsWrapper,
        role_suffixes: true,
        effect: "Relaxes ld-wrapper's purity filter (set by the Darwin stdenv).",
        source: LD_WRAPPER,
    },
    Variable {
        name: "NIX_LDFLAGS_HARDEN",
        category: Category::BintoolsWrapper,
        role_suffixes: true,
        effect: "Accepted by add-flags.sh; no reader was found, so setting it likely has no effect.",
        source: BINTOOLS_ADD_FLAGS,
    },
    Variable {
        name: "NIX_SET_BUILD_ID",
        category: Category::BintoolsWrapper,
        role_suffixes: true,
        effect: "Boolean: ld-wrapper adds `--build-id`.",
        source: LD_WRAPPER,
    },
    Variable {
        name: "NIX_DONT_SET_RPATH",
        category: Category::BintoolsWrapper,
        role_suffixes: true,
        effect: "Boolean: ld-wrapper adds no `-rpath`.",
        source: LD_WRAPPER,
    },
    // Read directly, never suffixed.
    Variable {
        name: "NIX_ENFORCE_PURITY",
        category: Category::Stdenv,
        role_suffixes: false,
        effect: "Both wrappers drop flags that reach outside the store; stdenv defaults it to 1.",
        source: CC_WRAPPER,
    },
    Variable {
        name: "NIX_DEBUG",
        category: Category::Stdenv,
        role_suffixes: false,
        effect: "Log level of the wrappers and setup.sh: 1 or more prints the flags, 7 or more runs `set -x`.",
        source: SETUP_SH,
    },
    Variable {
        name: "NIX_CC_USE_RESPONSE_FILE",
        category: Category::Stdenv,
        role_suffixes: false,
        effect: "Makes cc-wrapper pass its arguments through a response file.",
        source: CC_WRAPPER,
    },
    Variable {
        name: "NIX_LD_USE_RESPONSE_FILE",
        category: Category::Stdenv,
        role_suffixes: false,
        effect: "Makes ld-wrapper pass its arguments through a response file.",
        source: LD_WRAPPER,
    },
    Variable {
        name: "NIX_BUILD_ID_STYLE",
        category: Category::Stdenv,
        role_suffixes: false,
        effect: "The `--build-id=` style ld-wrapper passes (newer nixpkgs).",
        source: LD_WRAPPER,
    },
    Variable {
        name: "NIX_COREFOUNDATION_RPATH",
        category: Category::Stdenv,
        role_suffixes: false,
        effect: "Darwin ld-wrapper's CoreFoundation rpath (older nixpkgs).",
        source: LD_WRAPPER,
    },
    Variable {
        name: "NIX_NO_SELF_RPATH",
        category: Category::Stdenv,
        role_suffixes: false,
        effect: "Stops setup.sh from adding the output's own lib directory to the rpath.",
        source: SETUP_SH,
    },
    Variable {
        name: "NIX_BUILD_CORES",
        category: Category::Stdenv,
        role_suffixes: false,
        effect: "Set by Nix from its `cores` setting; setup.sh passes `-j$NIX_BUILD_CORES` to make. Read it; set `cores` (or `enableParallelBuilding`) instead of assigning it.",
        source: SETUP_SH,
    },
    // Set by Nix, stdenv or the wrappers: outputs, not inputs.
    Variable {
        name: "NIX_STORE",
        category: Category::Internal,
        role_suffixes: false,
        effect: "Set by Nix in every build to the store directory. Never set it in a derivation.",
        source: SETUP_SH,
    },
    Variable {
        name: "NIX_BUILD_TOP",
        category: Category::Internal,
        role_suffixes: false,
        effect: "Set by Nix to the build's temporary directory. Never set it in a derivation.",
        source: SETUP_SH,
    },
    Variable {
        name: "NIX_LOG_FD",
        category: Category::Internal,
        role_suffixes: false,
        effect: "Set by Nix: the file descriptor of the structured build log. Never set it in a derivation.",
        source: SETUP_SH,
    },
    Variable {
        name: "NIX_CC",
        category: Category::Internal,
        role_suffixes: false,
        effect: "Set by cc-wrapper's setup hook to the wrapped compiler: read it, don't set it.",
        source: "pkgs/build-support/cc-wrapper/setup-hook.sh",
    },
    Variable {
        name: "NIX_BINTOOLS",
        category: Category::Internal,
        role_suffixes: false,
        effect: "Set by bintools-wrapper's setup hook to the wrapped bintools: read it, don't set it.",
        source: "pkgs/build-support/bintools-wrapper/setup-hook.sh",
    },
    Variable {
        name: "NIX_MAIN_PROGRAM",
        category: Category::Internal,
        role_suffixes: false,
        effect: "Injected by newer make-derivation.nix from `meta.mainProgram`: set `meta.mainProgram` instead.",
        source: "pkgs/stdenv/generic/make-derivation.nix",
    },
    Variable {
        name: "NIX_ATTRS_JSON_FILE",
        category: Category::Internal,
        role_suffixes: false,
        effect: "Set by Nix in builds with `__structuredAttrs = true`: the attributes as JSON.",
        source: SETUP_SH,
    },
    Variable {
        name: "NIX_ATTRS_SH_FILE",
        category: Category::Internal,
        role_suffixes: false,
        effect: "Set by Nix in builds with `__structuredAttrs = true`: the attributes as a Bash script.",
        source: SETUP_SH,
    },
    // Nix's own run-time environment: legitimate in home.sessionVariables and the like.
    Variable {
        name: "NIX_PATH",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Search path for `<nixpkgs>`-style lookups.",
        source: NIX_MANUAL_ENV,
    },
    Variable {
        name: "NIX_CONFIG",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Extra nix.conf settings, one per line, applied after the configuration files.",
        source: NIX_MANUAL_ENV,
    },
    Variable {
        name: "NIX_CONF_DIR",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Directory of the system nix.conf.",
        source: NIX_MANUAL_ENV,
    },
    Variable {
        name: "NIX_USER_CONF_FILES",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Colon-separated user configuration files, replacing `~/.config/nix/nix.conf`.",
        source: NIX_MANUAL_ENV,
    },
    Variable {
        name: "NIX_REMOTE",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Which store to use, e.g. `daemon`.",
        source: NIX_MANUAL_ENV,
    },
    Variable {
        name: "NIX_SSL_CERT_FILE",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "CA bundle Nix uses for downloads.",
        source: NIX_MANUAL_ENV,
    },
    Variable {
        name: "NIX_STATE_DIR",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Nix's state directory (normally `/nix/var/nix`).",
        source: NIX_MANUAL_ENV,
    },
    Variable {
        name: "NIX_STORE_DIR",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "The store directory Nix uses (normally `/nix/store`).",
        source: NIX_MANUAL_ENV,
    },
    Variable {
        name: "NIX_LOG_DIR",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Where Nix keeps build logs.",
        source: NIX_MANUAL_ENV,
    },
    Variable {
        name: "NIX_DATA_DIR",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Nix's data directory.",
        source: NIX_MANUAL_ENV,
    },
    Variable {
        name: "NIX_BIN_DIR",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Where Nix's programs live.",
        source: NIX_MANUAL_ENV,
    },
    Variable {
        name: "NIX_DAEMON_SOCKET_PATH",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "The daemon's socket.",
        source: NIX_MANUAL_ENV,
    },
    Variable {
        name: "NIX_PROFILES",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Space-separated profiles, searched in order (set by the Nix profile scripts).",
        source: "nix: scripts/nix-profile.sh.in",
    },
    Variable {
        name: "NIX_PAGER",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "The pager Nix pipes long output through.",
        source: NIX_MANUAL_ENV,
    },
    Variable {
        name: "NIX_SHOW_STATS",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Prints evaluator statistics when set to 1.",
        source: NIX_MANUAL_ENV,
    },
    Variable {
        name: "NIX_COUNT_CALLS",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Counts function calls in evaluator statistics.",
        source: NIX_MANUAL_ENV,
    },
    Variable {
        name: "NIX_IGNORE_SYMLINK_STORE",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Allows a store path that contains a symlink (macOS).",
        source: NIX_MANUAL_ENV,
    },
    Variable {
        name: "NIX_BUILD_SHELL",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "The shell `nix-shell` starts.",
        source: NIX_MANUAL_ENV,
    },
    Variable {
        name: "NIX_SHELL_PRESERVE_PROMPT",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Keeps the prompt in `nix-shell`.",
        source: NIX_MANUAL_ENV,
    },
    Variable {
        name: "NIX_GET_COMPLETIONS",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "Set by shell completion scripts to ask Nix for completions.",
        source: NIX_MANUAL_ENV,
    },
    Variable {
        name: "NIX_BUILD_HOOK",
        category: Category::NixRuntime,
        role_suffixes: false,
        effect: "The remote-build hook program.",
        source: NIX_MANUAL_ENV,
    },
    // Read at run time by programs nixpkgs ships or patches.
    Variable {
        name: "NIX_LD",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "nix-ld: the real dynamic loader to hand unpatched binaries to.",
        source: "pkgs/by-name/ni/nix-ld/package.nix",
    },
    Variable {
        name: "NIX_LD_LIBRARY_PATH",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "nix-ld: library path for unpatched binaries.",
        source: "pkgs/by-name/ni/nix-ld/package.nix",
    },
    Variable {
        name: "NIX_DEBUG_INFO_DIRS",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "gdb and elfutils (patched in nixpkgs): where to find separate debug info.",
        source: "pkgs/development/tools/misc/gdb/default.nix",
    },
    Variable {
        name: "NIX_XDG_DESKTOP_PORTAL_DIR",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "xdg-desktop-portal (patched in nixpkgs): where portal definitions live.",
        source: "pkgs/by-name/xd/xdg-desktop-portal/package.nix",
    },
    Variable {
        name: "NIX_GSETTINGS_OVERRIDES_DIR",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "GNOME session wrappers: the directory of compiled GSettings overrides.",
        source: "nixos/modules/services/x11/desktop-managers/gnome.nix",
    },
    Variable {
        name: "NIX_REDIRECTS",
        category: Category::ProgramRuntime,
        role_suffixes: false,
        effect: "libredirect: `from=to` path rewrites for a wrapped program.",
        source: "pkgs/build-support/libredirect/libredirect.c",
    },
];

/// Names that look like real variables and are not, with what to use instead.
pub const MISCONCEPTIONS: &[Misconception] = &[
    Misconception {
        name: "NIX_CXXFLAGS_COMPILE",
        truth: "no wrapper and not stdenv reads it, so flags placed here are silently dropped; cc-wrapper's C++-only variable is NIX_CXXSTDLIB_COMPILE (the plan's \"typo fix\" went the wrong way)",
        suggestions: &["NIX_CXXSTDLIB_COMPILE", "NIX_CFLAGS_COMPILE"],
        is_typo: false,
    },
    Misconception {
        name: "NIX_BUILD_JOBS",
        truth: "neither Nix nor nixpkgs sets or reads it (`max-jobs` never reaches builders); the cores a build may use arrive as NIX_BUILD_CORES",
        suggestions: &["NIX_BUILD_CORES"],
        is_typo: false,
    },
    Misconception {
        name: "NIX_LD_FLAGS",
        truth: "a typo: bintools-wrapper reads NIX_LDFLAGS, without the underscore",
        suggestions: &["NIX_LDFLAGS"],
        is_typo: true,
    },
    Misconception {
        name: "NIX_CXX_COMPILE",
        truth: "no such variable exists in Nix or nixpkgs",
        suggestions: &["NIX_CXXSTDLIB_COMPILE", "NIX_CFLAGS_COMPILE"],
        is_typo: false,
    },
    Misconception {
        name: "NIX_CFLAGS",
        truth: "it \"doesn't do anything\" (nixpkgs issue 24837): cc-wrapper reads NIX_CFLAGS_COMPILE",
        suggestions: &["NIX_CFLAGS_COMPILE"],
        is_typo: false,
    },
];

/// Name prefixes of variables the wrappers set for themselves.
const INTERNAL_PREFIXES: &[&str] = &["NIX_CC_WRAPPER_", "NIX_BINTOOLS_WRAPPER_", "NIX_LINK_TYPE_"];

/// What the knowledge base says about one name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// A real variable, possibly with a role suffix (`_FOR_BUILD`, `_FOR_TARGET`).
    Known {
        /// The variable.
        variable: &'static Variable,
        /// The role suffix used, if any.
        role_suffix: Option<&'static str>,
    },
    /// A name the wrappers derive for themselves: the target-salted copy of a mangled variable
    /// (`NIX_CFLAGS_COMPILE_x86_64_unknown_linux_gnu`) or a `NIX_CC_WRAPPER_*`-style flag.
    Salted {
        /// The mangled variable it derives from, when there is one.
        base: Option<&'static Variable>,
    },
    /// A name that looks real and is not.
    Misconception(&'static Misconception),
    /// A name hmopt knows nothing about.
    Unknown,
}

/// Looks `name` up in the knowledge base.
///
/// ```
/// use hmopt_core::knowledge::{lookup, Lookup};
/// assert!(matches!(lookup("NIX_CXXSTDLIB_COMPILE"), Lookup::Known { .. }));
/// assert!(matches!(lookup("NIX_CXXFLAGS_COMPILE"), Lookup::Misconception(_)));
/// ```
#[must_use]
pub fn lookup(name: &str) -> Lookup {
    if let Some(variable) = variable(name) {
        return Lookup::Known { variable, role_suffix: None };
    }
    if let Some(misconception) = MISCONCEPTIONS.iter().find(|it| it.name == name) {
        return Lookup::Misconception(misconception);
    }
    for suffix in ROLE_SUFFIXES {
        if let Some(base) = name.strip_suffix(suffix)
            && let Some(variable) = variable(base).filter(|it| it.role_suffixes)
        {
            return Lookup::Known { variable, role_suffix: Some(suffix) };
        }
    }
    if INTERNAL_PREFIXES.iter().any(|prefix| name.starts_with(prefix)) {
        return Lookup::Salted { base: None };
    }
    // A salt is a target triple with `-` and `.` turned into `_`: it has lower-case letters,
    // which no real variable name has.
    let mut split_at = name.len();
    while let Some(idx) = name[..split_at].rfind('_') {
        let (base, salt) = (&name[..idx], &name[idx + 1..]);
        if salt.bytes().any(|b| b.is_ascii_lowercase())
            && let Some(variable) = variable(base).filter(|it| it.role_suffixes)
        {
            return Lookup::Salted { base: Some(variable) };
        }
        split_at = idx;
    }
    Lookup::Unknown
}

/// The variable called exactly `name`, without role suffixes.
#[must_use]
pub fn variable(name: &str) -> Option<&'static Variable> {
    VARIABLES.iter().find(|it| it.name == name)
}

/// Every spelling the knowledge base accepts: each name plus its role-suffixed forms.
pub fn spellings() -> impl Iterator<Item = String> {
    VARIABLES.iter().flat_map(|variable| {
        let suffixes: &[&str] = if variable.role_suffixes { &ROLE_SUFFIXES } else { &[] };
        std::iter::once(variable.name.to_owned())
            .chain(suffixes.iter().map(move |suffix| format!("{}{suffix}", variable.name)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_have_unique_names_and_sources() {
        let mut names: Vec<&str> = VARIABLES.iter().map(|it| it.name).collect();
        names.extend(MISCONCEPTIONS.iter().map(|it| it.name));
        let n_names = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n_names, "a name is listed twice");
        for variable in VARIABLES {
            assert!(variable.name.starts_with("NIX_"), "{}", variable.name);
            assert!(
                !variable.source.is_empty() && !variable.effect.is_empty(),
                "{}",
                variable.name
            );
        }
        for misconception in MISCONCEPTIONS {
            for suggestion in misconception.suggestions {
                assert!(variable(suggestion).is_some(), "{suggestion} is not a known variable");
            }
        }
    }

    #[test]
    fn role_suffixes_and_salts() {
        assert!(matches!(
            lookup("NIX_LDFLAGS_FOR_TARGET"),
            Lookup::Known { role_suffix: Some("_FOR_TARGET"), .. }
        ));
        assert_eq!(lookup("NIX_ENFORCE_PURITY_FOR_BUILD"), Lookup::Unknown);
        assert!(matches!(
            lookup("NIX_CFLAGS_COMPILE_x86_64_unknown_linux_gnu"),
            Lookup::Salted { base: Some(Variable { name: "NIX_CFLAGS_COMPILE", .. }) }
        ));
        assert!(matches!(
            lookup("NIX_CC_WRAPPER_TARGET_HOST_x86_64_unknown_linux_gnu"),
            Lookup::Salted { base: None }
        ));
        assert_eq!(lookup("NIX_CFLAGS_COMPILE_EXTRA"), Lookup::Unknown);
        assert!(spellings().any(|it| it == "NIX_CXXSTDLIB_COMPILE_FOR_BUILD"));
        assert!(!spellings().any(|it| it == "NIX_PATH_FOR_BUILD"));
    }
}

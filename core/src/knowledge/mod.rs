//! What nixpkgs and Nix actually read: the knowledge base of `NIX_*` variables.
//!
//! This is data, not code: one table of [`Variable`]s, each with the [`Reader`]s that read (or
//! set) it: the program, how it reads it, and the file in nixpkgs or Nix at the commit that was
//! read, and one table of [`Misconception`]s, names that look real and are not. The linter,
//! `hmopt explain` and the site's variable reference all render these same tables.
//!
//! The readers were enumerated from the sources themselves: the wrappers
//! (`pkgs/build-support/cc-wrapper`, `pkgs/build-support/bintools-wrapper`,
//! `pkgs/build-support/wrapper-common/utils.bash`), stdenv (`pkgs/stdenv/generic`), the setup
//! hooks and language wrappers of nixpkgs, the patches nixpkgs applies to programs, and every
//! `getEnv("NIX_...")` of Nix's C++ code. Where the plan's wording disagrees with them, they win.

/// Who reads a variable, which decides where setting it has an effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// Read by cc-wrapper when a compiler runs (role-suffixed forms too).
    CcWrapper,
    /// Read by bintools-wrapper (and, through it, by cc-wrapper) when a linker runs.
    BintoolsWrapper,
    /// Read directly by cc-wrapper and bintools-wrapper, never role-suffixed.
    Wrappers,
    /// Read by stdenv's `setup.sh` or its generic builder.
    Stdenv,
    /// Read during a build by a setup hook or a build helper of nixpkgs.
    BuildHook,
    /// Set by Nix, by stdenv or by a wrapper's setup hook: an output, not an input.
    Internal,
    /// Read at run time by Nix itself (the CLI, the daemon, the evaluator, the installer).
    NixRuntime,
    /// Read at run time by a program that nixpkgs ships, wraps or patches.
    ProgramRuntime,
}

impl Category {
    /// A short human name, e.g. `cc-wrapper`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Category::CcWrapper => "cc-wrapper",
            Category::BintoolsWrapper => "bintools-wrapper",
            Category::Wrappers => "cc- and bintools-wrapper",
            Category::Stdenv => "stdenv",
            Category::BuildHook => "build hook",
            Category::Internal => "internal",
            Category::NixRuntime => "nix runtime",
            Category::ProgramRuntime => "program runtime",
        }
    }

    /// Whether the variable is an input of a derivation's build (wrappers, stdenv, hooks).
    #[must_use]
    pub fn is_build_input(self) -> bool {
        matches!(
            self,
            Category::CcWrapper
                | Category::BintoolsWrapper
                | Category::Wrappers
                | Category::Stdenv
                | Category::BuildHook
        )
    }
}

/// The repository a [`Reader`]'s file lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Repo {
    /// `NixOS/nixpkgs`.
    Nixpkgs,
    /// `NixOS/nix`.
    Nix,
    /// `nix-community/home-manager`.
    HomeManager,
}

impl Repo {
    /// `nixpkgs` or `Nix`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Repo::Nixpkgs => "nixpkgs",
            Repo::Nix => "Nix",
            Repo::HomeManager => "home-manager",
        }
    }

    /// The GitHub `owner/name`.
    #[must_use]
    pub const fn github(self) -> &'static str {
        match self {
            Repo::Nixpkgs => "NixOS/nixpkgs",
            Repo::Nix => "NixOS/nix",
            Repo::HomeManager => "nix-community/home-manager",
        }
    }
}

/// How a [`Reader`] gets at the variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Access {
    /// `getenv`/`getEnv` in C, C++ or another language (Python's `os.environ`, ...).
    Getenv,
    /// Shell expansion in a script that runs on its own (`${NAME:-}`).
    Shell,
    /// Shell expansion in a setup hook or a script that stdenv sources during a build.
    SetupHook,
    /// Set by Nix for every builder: the build reads it, nobody should set it.
    SetByNix,
    /// Set by stdenv, a setup hook or a NixOS module, which is where its value comes from.
    SetByHook,
}

impl Access {
    /// A few words for humans, e.g. `getenv`.
    #[must_use]
    pub const fn describe(self) -> &'static str {
        match self {
            Access::Getenv => "getenv",
            Access::Shell => "shell expansion",
            Access::SetupHook => "setup hook (shell)",
            Access::SetByNix => "set by Nix for the builder",
            Access::SetByHook => "set by a hook or module",
        }
    }
}

/// A program that reads (or sets) a variable, and the file that shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reader {
    /// The program or component, e.g. `cc-wrapper` or `Nix (libstore)`.
    pub program: &'static str,
    /// How it reads the variable.
    pub access: Access,
    /// The repository of the file.
    pub repo: Repo,
    /// The file, as a path inside its repository.
    pub path: &'static str,
    /// The commit at which the file was read.
    pub commit: &'static str,
}

impl Reader {
    /// A link to the file at the commit that was read.
    #[must_use]
    pub fn url(&self) -> String {
        format!("https://github.com/{}/blob/{}/{}", self.repo.github(), self.commit, self.path)
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
    /// Who reads (or, for internal names, sets) it, most important first; never empty.
    pub readers: &'static [Reader],
}

impl Variable {
    /// The most important reader.
    #[must_use]
    pub fn reader(&self) -> &'static Reader {
        &self.readers[0]
    }
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

/// The platform a role suffix names: `build` for `_FOR_BUILD`, `target` for `_FOR_TARGET`.
#[must_use]
pub fn role_platform(suffix: &str) -> &'static str {
    if suffix == "_FOR_BUILD" { "build" } else { "target" }
}

/// Where the wrappers derive their salted names (`NIX_CFLAGS_COMPILE_<salt>`), as nixpkgs
/// paths are cited.
pub const SALTED_NAMES_SOURCE: &str = "pkgs/build-support/wrapper-common/utils.bash";

mod table;

pub use table::VARIABLES;

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

/// The variable called exactly `name`, without role suffixes. A binary search: the linter
/// asks once per occurrence.
#[must_use]
pub fn variable(name: &str) -> Option<&'static Variable> {
    let by_name = by_name();
    let idx = by_name.binary_search_by(|it| it.name.cmp(name)).ok()?;
    Some(by_name[idx])
}

/// [`VARIABLES`] in the order of their names, sorted once.
fn by_name() -> &'static [&'static Variable] {
    static BY_NAME: std::sync::OnceLock<Vec<&'static Variable>> = std::sync::OnceLock::new();
    BY_NAME.get_or_init(|| {
        let mut res: Vec<&Variable> = VARIABLES.iter().collect();
        res.sort_unstable_by_key(|it| it.name);
        res
    })
}

/// Every spelling the knowledge base accepts, with its variable: each name plus its
/// role-suffixed forms (built once).
pub fn spellings() -> &'static [(String, &'static Variable)] {
    static SPELLINGS: std::sync::OnceLock<Vec<(String, &'static Variable)>> =
        std::sync::OnceLock::new();
    SPELLINGS.get_or_init(|| {
        VARIABLES
            .iter()
            .flat_map(|variable| {
                let suffixes: &[&str] = if variable.role_suffixes { &ROLE_SUFFIXES } else { &[] };
                std::iter::once((variable.name.to_owned(), variable)).chain(
                    suffixes
                        .iter()
                        .map(move |suffix| (format!("{}{suffix}", variable.name), variable)),
                )
            })
            .collect()
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
            assert!(!variable.effect.is_empty(), "{} has no effect", variable.name);
            assert!(!variable.readers.is_empty(), "{} has no reader", variable.name);
            for reader in variable.readers {
                let is_commit = reader.commit.len() == 40
                    && reader.commit.bytes().all(|it| it.is_ascii_hexdigit());
                assert!(is_commit, "{}: `{}` is not a commit", variable.name, reader.commit);
                assert!(!reader.path.is_empty() && !reader.program.is_empty(), "{}", variable.name);
            }
        }
        for misconception in MISCONCEPTIONS {
            for suggestion in misconception.suggestions {
                assert!(variable(suggestion).is_some(), "{suggestion} is not a known variable");
            }
        }
    }

    #[test]
    fn the_name_index_finds_every_variable() {
        for variable in VARIABLES {
            assert_eq!(super::variable(variable.name).map(|it| it.name), Some(variable.name));
        }
        assert!(variable("NIX_NOT_A_VARIABLE").is_none());
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
        assert!(spellings().iter().any(|(it, _)| it == "NIX_CXXSTDLIB_COMPILE_FOR_BUILD"));
        assert!(!spellings().iter().any(|(it, _)| it == "NIX_PATH_FOR_BUILD"));
    }
}

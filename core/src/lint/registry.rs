//! The one table of rules: stable names, severities and documentation.
//!
//! A rule's name is its identity in configuration files, suppression comments, JSON output and
//! site URLs: names are never reused or renamed.

use crate::lint::Severity;

/// Every rule hmopt has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// `unknown-variable`.
    UnknownVariable,
    /// `internal-variable`.
    InternalVariable,
    /// `env-non-string`.
    EnvNonString,
    /// `env-overlap`.
    EnvOverlap,
    /// `env-drops-upstream`.
    EnvDropsUpstream,
    /// `compiler-flag-in-ldflags`.
    CompilerFlagInLdflags,
    /// `structured-attrs-toplevel`.
    StructuredAttrsToplevel,
    /// `denied-variable`.
    DeniedVariable,
    /// `syntax-error`.
    SyntaxError,
    /// `cc-flags-in-bintools-wrapper`.
    CcFlagsInBintoolsWrapper,
    /// `invalid-suppression`.
    InvalidSuppression,
}

struct RuleInfo {
    name: &'static str,
    severity: Severity,
    summary: &'static str,
    docs: &'static str,
}

const fn info(rule: Rule) -> RuleInfo {
    match rule {
        Rule::UnknownVariable => RuleInfo {
            name: "unknown-variable",
            severity: Severity::Error,
            summary: "a NIX_* name that nothing in Nix or nixpkgs reads",
            docs: include_str!("../../docs/rules/unknown-variable.md"),
        },
        Rule::InternalVariable => RuleInfo {
            name: "internal-variable",
            severity: Severity::Warning,
            summary: "setting a NIX_* name that Nix or the wrappers set themselves",
            docs: include_str!("../../docs/rules/internal-variable.md"),
        },
        Rule::EnvNonString => RuleInfo {
            name: "env-non-string",
            severity: Severity::Error,
            summary: "a list, attribute set, float or function as a value inside `env`",
            docs: include_str!("../../docs/rules/env-non-string.md"),
        },
        Rule::EnvOverlap => RuleInfo {
            name: "env-overlap",
            severity: Severity::Error,
            summary: "the same name in `env` and at the top level of one derivation",
            docs: include_str!("../../docs/rules/env-overlap.md"),
        },
        Rule::EnvDropsUpstream => RuleInfo {
            name: "env-drops-upstream",
            severity: Severity::Warning,
            summary: "an `overrideAttrs` result sets `env` without merging the old `env`",
            docs: include_str!("../../docs/rules/env-drops-upstream.md"),
        },
        Rule::CompilerFlagInLdflags => RuleInfo {
            name: "compiler-flag-in-ldflags",
            severity: Severity::Warning,
            summary: "a compiler-only flag (`-march=`, `-Os`, `-f*`, ...) inside NIX_LDFLAGS*, where the linker gets it",
            docs: include_str!("../../docs/rules/compiler-flag-in-ldflags.md"),
        },
        Rule::StructuredAttrsToplevel => RuleInfo {
            name: "structured-attrs-toplevel",
            severity: Severity::Warning,
            summary: "a top-level NIX_* attribute that `__structuredAttrs = true` keeps out of the environment",
            docs: include_str!("../../docs/rules/structured-attrs-toplevel.md"),
        },
        Rule::DeniedVariable => RuleInfo {
            name: "denied-variable",
            severity: Severity::Error,
            summary: "a NIX_* name that the project's hmopt.toml denies",
            docs: include_str!("../../docs/rules/denied-variable.md"),
        },
        Rule::SyntaxError => RuleInfo {
            name: "syntax-error",
            severity: Severity::Error,
            summary: "the file is not valid Nix",
            docs: include_str!("../../docs/rules/syntax-error.md"),
        },
        Rule::CcFlagsInBintoolsWrapper => RuleInfo {
            name: "cc-flags-in-bintools-wrapper",
            severity: Severity::Error,
            summary: "compiler flags written into a bintools wrapper's `nix-support/`, where cc-wrapper never reads them",
            docs: include_str!("../../docs/rules/cc-flags-in-bintools-wrapper.md"),
        },
        Rule::InvalidSuppression => RuleInfo {
            name: "invalid-suppression",
            severity: Severity::Warning,
            summary: "a `# hmopt: ignore[..]` comment naming a rule that does not exist, or unclosed",
            docs: include_str!("../../docs/rules/invalid-suppression.md"),
        },
    }
}

impl Rule {
    /// Every rule, in the order `hmopt rules` lists them.
    pub const ALL: [Rule; 11] = [
        Rule::UnknownVariable,
        Rule::InternalVariable,
        Rule::EnvNonString,
        Rule::EnvOverlap,
        Rule::EnvDropsUpstream,
        Rule::CompilerFlagInLdflags,
        Rule::CcFlagsInBintoolsWrapper,
        Rule::StructuredAttrsToplevel,
        Rule::DeniedVariable,
        Rule::SyntaxError,
        Rule::InvalidSuppression,
    ];

    /// The stable kebab-case name, e.g. `unknown-variable`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        info(self).name
    }

    /// The rule called `name`, if there is one.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|rule| rule.name() == name)
    }

    /// The rule's severity: what a certain finding gets. A rule may report a finding as a
    /// warning where its context leaves room for doubt ([`crate::lint::Diagnostic::severity`]).
    #[must_use]
    pub const fn severity(self) -> Severity {
        info(self).severity
    }

    /// One line saying what the rule fires on.
    #[must_use]
    pub const fn summary(self) -> &'static str {
        info(self).summary
    }

    /// The full documentation in Markdown (What it does / Why is this bad? / Example / Fix).
    #[must_use]
    pub const fn docs(self) -> &'static str {
        info(self).docs
    }
}

/// A set of rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RuleSet(u16);

impl RuleSet {
    /// No rule.
    pub const EMPTY: RuleSet = RuleSet(0);

    /// Every rule.
    #[must_use]
    pub fn all() -> RuleSet {
        Rule::ALL.into_iter().collect()
    }

    /// Whether `rule` is in the set.
    #[must_use]
    pub fn contains(self, rule: Rule) -> bool {
        self.0 & (1 << rule as u16) != 0
    }

    /// The set with `rule` added.
    #[must_use]
    pub fn with(self, rule: Rule) -> RuleSet {
        RuleSet(self.0 | (1 << rule as u16))
    }

    /// The set with `rule` removed.
    #[must_use]
    pub fn without(self, rule: Rule) -> RuleSet {
        RuleSet(self.0 & !(1 << rule as u16))
    }
}

impl FromIterator<Rule> for RuleSet {
    fn from_iter<I: IntoIterator<Item = Rule>>(iter: I) -> RuleSet {
        iter.into_iter().fold(RuleSet::EMPTY, RuleSet::with)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_docs_have_the_sections() {
        for rule in Rule::ALL {
            assert_eq!(Rule::from_name(rule.name()), Some(rule));
            let docs = rule.docs();
            assert!(docs.starts_with(&format!("# {}", rule.name())), "{}", rule.name());
            for heading in ["## What it does", "## Why is this bad?", "## Example"] {
                assert!(docs.contains(heading), "{} lacks {heading}", rule.name());
            }
        }
        assert_eq!(Rule::from_name("no-such-rule"), None);
    }

    #[test]
    fn rule_sets() {
        let set = RuleSet::all().without(Rule::EnvOverlap);
        assert!(!set.contains(Rule::EnvOverlap));
        assert!(set.contains(Rule::SyntaxError));
        assert!(!RuleSet::EMPTY.contains(Rule::UnknownVariable));
    }
}

//! The overlay validator: Nix source in, [`Diagnostic`]s out.
//!
//! [`lint`] parses with `rnix` (lossless and error tolerant), collects every `NIX_*` name the
//! text sets or reads ([`model`]), runs each enabled rule of the [`registry`] over that model,
//! then drops what `# hmopt: ignore[rule]` comments suppress. It never fails and never panics:
//! a broken file gets `syntax-error` diagnostics and the other rules still run on the rest.

pub mod json;
mod model;
pub mod registry;
mod rules;
mod suggest;
mod suppress;

use std::ops::Range;

pub use registry::{Rule, RuleSet};

/// How bad a finding is. Errors fail `hmopt check`; warnings fail it only with `--strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Something nixpkgs will misread or ignore.
    Error,
    /// Something that works but likely not as meant.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Whether a fix is certain to keep the author's intent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Applicability {
    /// A typo with exactly one close match: `hmopt check --fix` applies it.
    Safe,
    /// A choice between meanings: applied only with `--unsafe-fixes`.
    Unsafe,
}

impl Applicability {
    /// `safe` or `unsafe`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// Replace the bytes `range` of the source with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// Byte range in the source.
    pub range: Range<usize>,
    /// The new text.
    pub replacement: String,
}

/// A set of edits that resolves one diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// Whether `--fix` may apply it without asking.
    pub applicability: Applicability,
    /// What the fix does, e.g. "Replace with `NIX_LDFLAGS`".
    pub title: String,
    /// Non-overlapping edits, sorted by position.
    pub edits: Vec<Edit>,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule that fired; it also decides the severity.
    pub rule: Rule,
    /// What is wrong, one sentence without a trailing period.
    pub message: String,
    /// Byte range of the offending text.
    pub range: Range<usize>,
    /// The `NIX_*` name the finding is about, if any.
    pub variable: Option<String>,
    /// The name or text to use instead, if there is one.
    pub suggestion: Option<String>,
    /// Extra context: why, or what to do when there is no fix.
    pub help: Option<String>,
    /// An automatic fix, if there is one.
    pub fix: Option<Fix>,
    /// A second place the finding refers to, if any.
    pub related: Option<Related>,
}

/// A second place in the source that a [`Diagnostic`] refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// What is there, lowercase: "top-level `NIX_CFLAGS_COMPILE`". Renderers add "at
    /// <line>:<column>".
    pub label: String,
    /// Byte range of it.
    pub range: Range<usize>,
}

impl Diagnostic {
    /// The rule's severity.
    #[must_use]
    pub fn severity(&self) -> Severity {
        self.rule.severity()
    }
}

/// A variable the project forbids, with the message to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeniedVariable {
    /// The exact `NIX_*` name.
    pub name: String,
    /// Why, and what to use instead.
    pub message: String,
}

/// What to check. There is no default: the CLI builds it from `hmopt.toml`, the site from its
/// settings; [`RuleSet::all`] with empty lists is what both use when nothing is configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintConfig {
    /// The rules to run.
    pub rules: RuleSet,
    /// Extra `NIX_*` names the project knows to be read by something (never `unknown-variable`).
    pub extra_variables: Vec<String>,
    /// Names reported by `denied-variable`.
    pub deny: Vec<DeniedVariable>,
}

/// How deeply a file may nest before [`lint`] refuses it: deep enough for any real overlay,
/// shallow enough for the parser to stay within a browser's 1 MiB stack.
pub const MAX_NESTING: u32 = 1000;

/// Lints one Nix file.
///
/// Diagnostics come sorted by position, then rule. Text without the bytes `NIX_` has no
/// variables to judge and is answered without parsing.
///
/// ```
/// use hmopt_core::lint::{lint, LintConfig, Rule, RuleSet};
/// let config = LintConfig { rules: RuleSet::all(), extra_variables: vec![], deny: vec![] };
/// let found = lint("{ env.NIX_LD_FLAGS = \"-L/opt\"; }", &config);
/// assert_eq!(found[0].rule, Rule::UnknownVariable);
/// assert_eq!(found[0].suggestion.as_deref(), Some("NIX_LDFLAGS"));
/// ```
#[must_use]
pub fn lint(source: &str, config: &LintConfig) -> Vec<Diagnostic> {
    if !mentions_nix_variable(source) {
        return Vec::new();
    }
    if let Some(range) = crate::nesting::too_deep(source, MAX_NESTING) {
        let message =
            format!("nesting is too deep to check (hmopt follows at most {MAX_NESTING} levels)");
        let diagnostic = rules::syntax_error::diagnostic(message, range);
        return if config.rules.contains(Rule::SyntaxError) {
            vec![diagnostic]
        } else {
            Vec::new()
        };
    }
    let parse = rnix::Root::parse(source);
    let root = parse.syntax();
    let model = model::Model::build(&root);
    let mut res = Vec::new();
    if config.rules.contains(Rule::SyntaxError) {
        rules::syntax_error::check(&root, parse.errors(), &mut res);
    }
    if config.rules.contains(Rule::UnknownVariable) {
        rules::unknown_variable::check(&model, config, &mut res);
    }
    if config.rules.contains(Rule::InternalVariable) {
        rules::internal_variable::check(&model, &mut res);
    }
    if config.rules.contains(Rule::DeniedVariable) {
        rules::denied_variable::check(&model, &config.deny, &mut res);
    }
    if config.rules.contains(Rule::CompilerFlagInLdflags) {
        rules::compiler_flag_in_ldflags::check(&model, &mut res);
    }
    if config.rules.contains(Rule::EnvNonString) {
        rules::env_non_string::check(&model, &mut res);
    }
    if config.rules.contains(Rule::EnvOverlap) {
        rules::env_overlap::check(&model, &mut res);
    }
    if config.rules.contains(Rule::EnvDropsUpstream) {
        rules::env_drops_upstream::check(&model, &mut res);
    }
    if config.rules.contains(Rule::StructuredAttrsToplevel) {
        rules::structured_attrs_toplevel::check(&model, &mut res);
    }
    suppress::retain_unsuppressed(source, &root, &mut res);
    res.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
    });
    res
}

/// Whether `source` contains the bytes `NIX_`, the cheap test that lets [`lint`] skip parsing.
#[must_use]
pub fn mentions_nix_variable(source: &str) -> bool {
    source.contains("NIX_")
}

/// Applies the fixes of `diagnostics` to `source`: safe ones, and unsafe ones too when
/// `unsafe_fixes` is set. Returns the new text and how many fixes were applied; a fix whose
/// edits overlap an earlier one is skipped (the next run picks it up).
#[must_use]
pub fn apply_fixes(
    source: &str,
    diagnostics: &[Diagnostic],
    unsafe_fixes: bool,
) -> (String, usize) {
    let mut fixes: Vec<&Fix> = diagnostics
        .iter()
        .filter_map(|it| it.fix.as_ref())
        .filter(|fix| unsafe_fixes || fix.applicability == Applicability::Safe)
        .filter(|fix| !fix.edits.is_empty())
        .collect();
    fixes.sort_by_key(|fix| fix.edits[0].range.start);
    let mut res = String::with_capacity(source.len());
    let mut copied_up_to = 0;
    let mut n_applied = 0;
    for fix in fixes {
        let in_bounds = fix.edits.iter().all(|edit| {
            edit.range.start <= edit.range.end
                && edit.range.end <= source.len()
                && source.is_char_boundary(edit.range.start)
                && source.is_char_boundary(edit.range.end)
        });
        let sorted = fix.edits.windows(2).all(|pair| pair[0].range.end <= pair[1].range.start);
        if !in_bounds || !sorted || fix.edits[0].range.start < copied_up_to {
            continue;
        }
        for edit in &fix.edits {
            res.push_str(&source[copied_up_to..edit.range.start]);
            res.push_str(&edit.replacement);
            copied_up_to = edit.range.end;
        }
        n_applied += 1;
    }
    res.push_str(&source[copied_up_to..]);
    (res, n_applied)
}

/// Lints and fixes until nothing more applies (at most a few rounds), so that a second run of
/// `--fix` never changes anything. Returns the new text and the number of fixes applied.
#[must_use]
pub fn fix_all(source: &str, config: &LintConfig, unsafe_fixes: bool) -> (String, usize) {
    let mut text = source.to_owned();
    let mut n_total = 0;
    for _ in 0..8 {
        let diagnostics = lint(&text, config);
        let (next, n_applied) = apply_fixes(&text, &diagnostics, unsafe_fixes);
        if n_applied == 0 || next == text {
            break;
        }
        n_total += n_applied;
        text = next;
    }
    (text, n_total)
}

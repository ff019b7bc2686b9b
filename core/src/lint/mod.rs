//! The overlay validator: Nix source in, [`Diagnostic`]s out.
//!
//! [`lint`] parses with `rnix` (lossless and error tolerant), collects every `NIX_*` name the
//! text sets or reads (its model), runs each enabled rule of the [`registry`] over that model,
//! then drops what `# hmopt: ignore[rule]` comments suppress. It never fails and never panics:
//! a broken file gets `syntax-error` diagnostics and the other rules still run on the rest.
//! [`Incremental`] gives the same diagnostics for successive versions of one text (an editor's),
//! reusing the last syntax tree when an edit keeps every token's kind.

mod incremental;
pub mod json;
mod model;
pub mod registry;
mod rules;
pub mod suggest;
mod suppress;

use std::ops::Range;

pub use incremental::Incremental;
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

impl Fix {
    /// The title with its applicability, as every output names a fix:
    /// "Replace with `NIX_LDFLAGS` (safe fix)".
    #[must_use]
    pub fn label(&self) -> String {
        format!("{} ({} fix)", self.title, self.applicability.name())
    }
}

/// A second place a diagnostic refers to ("the top-level one is here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// Byte range of the other place.
    pub range: Range<usize>,
    /// What is there, a lowercase phrase without a trailing period ("top-level `NIX_X`");
    /// renderers add where it is.
    pub message: String,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule that fired.
    pub rule: Rule,
    /// How sure the rule is: at most the rule's own severity ([`Rule::severity`]); a rule
    /// reports a warning where the context leaves room for doubt.
    pub severity: Severity,
    /// What is wrong, one sentence without a trailing period.
    pub message: String,
    /// Byte range of the offending text.
    pub range: Range<usize>,
    /// Another place the finding is about, if any.
    pub related: Option<Related>,
    /// The `NIX_*` name the finding is about, if any.
    pub variable: Option<String>,
    /// The name or text to use instead, if there is one.
    pub suggestion: Option<String>,
    /// Extra context: why, or what to do when there is no fix.
    pub help: Option<String>,
    /// An automatic fix, if there is one.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// This finding's severity.
    #[must_use]
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// Moves every range of the finding (its own, the related one's, its fix's edits) with `to`.
    pub(crate) fn map_ranges(&mut self, to: impl Fn(&Range<usize>) -> Range<usize>) {
        self.range = to(&self.range);
        if let Some(related) = &mut self.related {
            related.range = to(&related.range);
        }
        for edit in self.fix.iter_mut().flat_map(|it| &mut it.edits) {
            edit.range = to(&edit.range);
        }
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
/// Diagnostics come sorted by position, then rule. Text without a name starting with `NIX_`
/// (and no `nix-support/` path) has nothing to judge and is answered without parsing.
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
    lint_keeping(source, config, false).0
}

/// [`lint`], and with `keep` the parse of `source` (its tree and syntax errors) when rnix
/// parsed `source` itself (for [`Incremental`]).
fn lint_keeping(source: &str, config: &LintConfig, keep: bool) -> (Vec<Diagnostic>, Option<Parse>) {
    if !mentions_nix_variable(source) {
        return (Vec::new(), None);
    }
    if let Some(range) = crate::nesting::too_deep(source, MAX_NESTING) {
        let message =
            format!("nesting is too deep to check (hmopt follows at most {MAX_NESTING} levels)");
        let diagnostic = rules::syntax_error::diagnostic(message, range);
        let res =
            if config.rules.contains(Rule::SyntaxError) { vec![diagnostic] } else { Vec::new() };
        return (res, None);
    }
    // Nix's lexer differs from rnix's on a few bytes (a CR ends a `#` comment, a no-break
    // space is an error): where such bytes occur, lint the text as Nix reads it.
    if needs_nix_lexing(source) {
        match crate::syntax::lexer::prepare_bytes(source) {
            Err(error) => {
                let (mut res, _) = lint_parsed(source, config, false);
                if config.rules.contains(Rule::SyntaxError) {
                    res.push(rules::syntax_error::diagnostic(error.message, error.range));
                    sort(&mut res);
                }
                return (res, None);
            }
            Ok(prepared) if prepared.text != source => {
                let (mut res, _) = lint_parsed(&prepared.text, config, false);
                for diagnostic in &mut res {
                    diagnostic.map_ranges(|range| prepared.original_range(range.clone()));
                }
                return (res, None);
            }
            Ok(_) => {}
        }
    }
    lint_parsed(source, config, keep)
}

/// Whether [`lint`] parses `source` as it is: no byte of it is one on which Nix's lexer and
/// rnix's may disagree, or Nix's lexer finds nothing to change where they might (an em dash or
/// a curly quote merely shares its first byte with a space that Nix rejects).
fn rnix_reads_as_nix(source: &str) -> bool {
    !needs_nix_lexing(source)
        || matches!(crate::syntax::lexer::prepare_bytes(source), Ok(prepared) if prepared.text == source)
}

/// Whether `source` has a byte on which Nix 2.8's lexer and rnix's may disagree: a CR, a form
/// feed or vertical tab, or the first byte of a character that rnix reads as whitespace and Nix
/// rejects (a no-break space U+00A0, U+0085, U+1680, U+2000 to U+200A, a line or paragraph
/// separator, U+202F, U+205F, an ideographic space U+3000) or of a byte-order mark.
fn needs_nix_lexing(source: &str) -> bool {
    // A whole chunk at a time, without an early exit inside it, so that the compiler can
    // compare many bytes per instruction.
    let special = |it: &u8| matches!(it, b'\r' | 0x0B | 0x0C | 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF);
    source.as_bytes().chunks(64).any(|chunk| chunk.iter().fold(false, |any, it| any | special(it)))
}

fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
    });
}

/// A text's tree and syntax errors, as rnix parsed it.
type Parse = (rowan::GreenNode, Vec<rnix::ParseError>);

/// Lints text that rnix reads as Nix does; with `keep`, also gives its parse. (Only the next
/// text's lint keeps model pieces, if its tree is this one's: after an edit that changed a
/// token's kind, the next keystroke often does so too, and parses again.)
fn lint_parsed(source: &str, config: &LintConfig, keep: bool) -> (Vec<Diagnostic>, Option<Parse>) {
    let parse = rnix::Root::parse(source);
    let root = parse.syntax();
    let model = model::Model::build(source, &root);
    let res = lint_model(&model, &root, parse.errors(), config);
    let kept = keep.then(|| (root.green().to_owned(), parse.errors().to_vec()));
    (res, kept)
}

/// The diagnostics of the text of `model`, whose tree is `root` and whose parse errors are
/// `errors`.
fn lint_model(
    model: &model::Model<'_>,
    root: &rnix::SyntaxNode,
    errors: &[rnix::ParseError],
    config: &LintConfig,
) -> Vec<Diagnostic> {
    let mut res = Vec::new();
    if config.rules.contains(Rule::SyntaxError) {
        rules::syntax_error::check(root, errors, &mut res);
    }
    if config.rules.contains(Rule::UnknownVariable) {
        rules::unknown_variable::check(model, config, &mut res);
    }
    if config.rules.contains(Rule::InternalVariable) {
        rules::internal_variable::check(model, &mut res);
    }
    if config.rules.contains(Rule::DeniedVariable) {
        rules::denied_variable::check(model, &config.deny, &mut res);
    }
    if config.rules.contains(Rule::CompilerFlagInLdflags) {
        rules::compiler_flag_in_ldflags::check(model, &mut res);
    }
    if config.rules.contains(Rule::CcFlagsInBintoolsWrapper) {
        rules::cc_flags_in_bintools_wrapper::check(model, &mut res);
    }
    for set in model.attrsets.iter().filter(|it| !it.kept) {
        rules::check_set(model.source, set, config.rules, &mut res);
    }
    let kept = model.kept_diagnostics.iter().filter(|it| config.rules.contains(it.rule));
    res.extend(kept.cloned());
    suppress::apply(model.source, root, config.rules, &mut res);
    sort(&mut res);
    res
}

/// Whether `source` can hold anything a rule looks at: `NIX_` at the start of a name, or a
/// wrapper's `nix-support/` file. The cheap test that lets [`lint`] skip parsing.
#[must_use]
pub fn mentions_nix_variable(source: &str) -> bool {
    let bytes = source.as_bytes();
    let name_start = source
        .match_indices("NIX_")
        .any(|(idx, _)| idx == 0 || !model::is_name_byte(bytes[idx - 1]));
    name_start || source.contains("nix-support/")
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

/// A fix [`fix_all`] did not apply because the result would not be valid Nix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedFix {
    /// The fix's title, e.g. "Replace with `NIX_LDFLAGS`".
    pub title: String,
    /// Where the fix would have applied, in the text as it was when it was tried (the input,
    /// unless earlier rounds of fixes changed it).
    pub position: crate::text::LineColumn,
    /// Why it was not applied, e.g. "it would define `NIX_LDFLAGS` twice".
    pub reason: String,
}

/// What [`fix_all`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixOutcome {
    /// The fixed text.
    pub text: String,
    /// How many fixes were applied.
    pub n_applied: usize,
    /// Fixes left out because they would break the file.
    pub rejected: Vec<RejectedFix>,
    /// What [`lint`] finds in the fixed text.
    pub diagnostics: Vec<Diagnostic>,
}

/// Lints and fixes until nothing more applies (at most a few rounds), so that a second run of
/// `--fix` never changes anything.
///
/// Every round is checked before it is kept: the fixed text is parsed again, and a fix that
/// would add a syntax error or bind an attribute twice is left out and reported in
/// [`FixOutcome::rejected`].
#[must_use]
pub fn fix_all(source: &str, config: &LintConfig, unsafe_fixes: bool) -> FixOutcome {
    let mut text = source.to_owned();
    let mut n_total = 0;
    let mut rejected = Vec::new();
    // The damage of `text`, when the previous round computed it.
    let mut damage: Option<Damage> = None;
    for _ in 0..8 {
        let diagnostics = lint(&text, config);
        let (next, n_applied) = apply_fixes(&text, &diagnostics, unsafe_fixes);
        if n_applied == 0 || next == text {
            // The findings of the text as it stands: the caller needs not lint it again.
            return FixOutcome { text, n_applied: n_total, rejected, diagnostics };
        }
        let before = damage.take().unwrap_or_else(|| Damage::of(&text));
        let after = Damage::of(&next);
        if after.is_worse_than(&before) {
            // Find the culprits: keep each fix only if it does no harm on its own.
            let index = crate::text::LineIndex::new(&text);
            let mut kept: Vec<Diagnostic> = Vec::new();
            for diagnostic in &diagnostics {
                let Some(fix) = diagnostic.fix.as_ref().filter(|fix| {
                    (unsafe_fixes || fix.applicability == Applicability::Safe)
                        && !fix.edits.is_empty()
                }) else {
                    continue;
                };
                let (alone, n_alone) = apply_fixes(&text, std::slice::from_ref(diagnostic), true);
                if n_alone == 0 {
                    continue;
                }
                match Damage::of(&alone).harm(&before) {
                    Some(reason) => rejected.push(RejectedFix {
                        title: fix.title.clone(),
                        position: index.line_column(&text, fix.edits[0].range.start),
                        reason,
                    }),
                    None => kept.push(diagnostic.clone()),
                }
            }
            let (next, n_kept) = apply_fixes(&text, &kept, true);
            let after = Damage::of(&next);
            if n_kept == 0 || after.is_worse_than(&before) {
                return FixOutcome { text, n_applied: n_total, rejected, diagnostics };
            }
            n_total += n_kept;
            text = next;
            damage = Some(after);
            continue;
        }
        n_total += n_applied;
        text = next;
        damage = Some(after);
    }
    let diagnostics = lint(&text, config);
    FixOutcome { text, n_applied: n_total, rejected, diagnostics }
}

/// What is wrong with a text as Nix: its syntax errors and the attributes it binds twice.
struct Damage {
    n_syntax_errors: usize,
    /// How many times each attribute bound twice is bound again.
    duplicates: std::collections::HashMap<String, usize>,
}

impl Damage {
    fn of(text: &str) -> Damage {
        if crate::nesting::too_deep(text, MAX_NESTING).is_some() {
            return Damage { n_syntax_errors: usize::MAX, duplicates: Default::default() };
        }
        let parse = rnix::Root::parse(text);
        Damage {
            n_syntax_errors: parse.errors().len(),
            duplicates: model::duplicate_bindings(text, &parse.syntax()).into_iter().fold(
                std::collections::HashMap::new(),
                |mut counts, name| {
                    *counts.entry(name).or_default() += 1;
                    counts
                },
            ),
        }
    }

    fn is_worse_than(&self, before: &Damage) -> bool {
        self.harm(before).is_some()
    }

    /// Why this text is worse than `before`, if it is.
    fn harm(&self, before: &Damage) -> Option<String> {
        if self.n_syntax_errors > before.n_syntax_errors {
            return Some("the result would not parse".to_owned());
        }
        // The first name in order, so that the reason does not depend on hashing.
        let new = self
            .duplicates
            .iter()
            .filter(|&(name, &n)| n > before.duplicates.get(name).copied().unwrap_or(0))
            .map(|(name, _)| name)
            .min()?;
        Some(format!("it would define `{new}` twice"))
    }
}

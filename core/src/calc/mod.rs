//! Memory-threshold calculator: from a hardware profile to the Codex memory mode, the build plan
//! and the compiler flags of the runtime-optimization plan.
//!
//! # API Boundary
//!
//! [`parse_profile`] reads a profile written in Nix, JSON or TOML into a [`Profile`]; [`compute`]
//! evaluates what the rules need and returns a [`MemoryReport`]. Nix profiles are evaluated
//! lazily by a small evaluator (see `docs/memory.md` for the subset): only `memory.*` and
//! `build.compiler.*` are ever forced, and anything outside the subset that the answer needs is
//! a [`ProfileError`] of kind [`ProfileErrorKind::Unsupported`], never a guessed number.
//!
//! ```
//! use hmopt_core::calc::{MemoryMode, ProfileFormat, compute, parse_profile};
//!
//! let text = "{ lib, ... }: { memory.total = 8; memory.effectiveTotal = lib.mkDefault 8; }";
//! let profile = parse_profile(text, ProfileFormat::Nix).unwrap();
//! let report = compute(&profile).unwrap();
//! assert_eq!(report.mode, MemoryMode::Limited);
//! assert_eq!(report.node_options(), "--max-old-space-size=512");
//! ```

mod data;
mod eval;
pub mod json;
mod rules;

use std::{fmt, ops::Range};

use crate::{
    syntax::{SyntaxError, SyntaxErrorKind},
    text::{LineColumn, LineIndex},
};

pub use rules::{BUILDS, BuildCost};

/// The language a profile is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProfileFormat {
    /// A Nix expression: a set, or a function such as `{ lib, ... }: { ... }`.
    Nix,
    /// A JSON object.
    Json,
    /// A TOML document.
    Toml,
}

impl ProfileFormat {
    /// The format a file extension (without the dot, any case) stands for.
    #[must_use]
    pub fn from_extension(extension: &str) -> Option<ProfileFormat> {
        match extension.to_ascii_lowercase().as_str() {
            "nix" => Some(ProfileFormat::Nix),
            "json" => Some(ProfileFormat::Json),
            "toml" => Some(ProfileFormat::Toml),
            _ => None,
        }
    }

    /// Guesses the format from the content, for text without a file name (the site, stdin).
    ///
    /// A text whose first significant character is `{` followed by `"` or `}` looks like JSON:
    /// it is JSON if it parses as JSON, else Nix if it is valid Nix syntax (`{"a" = 1; }` is
    /// Nix), else JSON, whose error then explains what is wrong. A text whose first significant
    /// line is a `[table]` header, or that parses as TOML, is TOML. Everything else is Nix.
    /// Lines starting with `#` and a byte order mark are skipped.
    #[must_use]
    pub fn sniff(text: &str) -> ProfileFormat {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let significant: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .collect();
        let Some(first) = significant.first() else {
            return ProfileFormat::Nix;
        };
        if let Some(rest) = first.strip_prefix('{') {
            let next = rest
                .trim_start()
                .chars()
                .next()
                .or_else(|| significant.get(1).and_then(|line| line.chars().next()));
            if !matches!(next, Some('"' | '}')) {
                return ProfileFormat::Nix;
            }
            if data::parse_json(text).is_ok() || !eval::is_nix_syntax(text) {
                return ProfileFormat::Json;
            }
            return ProfileFormat::Nix;
        }
        if first.starts_with('[') && !first.starts_with("[ ") && first.ends_with(']') {
            return ProfileFormat::Toml;
        }
        if toml::de::DeTable::parse(text).is_ok() {
            return ProfileFormat::Toml;
        }
        ProfileFormat::Nix
    }

    /// The lowercase name: `nix`, `json` or `toml`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ProfileFormat::Nix => "nix",
            ProfileFormat::Json => "json",
            ProfileFormat::Toml => "toml",
        }
    }
}

/// A profile that parsed, ready for [`compute`].
#[derive(Debug)]
pub struct Profile {
    text: String,
    format: ProfileFormat,
    line_index: LineIndex,
    repr: ProfileRepr,
}

#[derive(Debug)]
enum ProfileRepr {
    Nix(eval::ir::Program),
    Data(data::Node),
}

impl Profile {
    /// The format the profile was read as.
    #[must_use]
    pub fn format(&self) -> ProfileFormat {
        self.format
    }

    /// The text the profile was read from.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// Why a profile gave no result.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileError {
    /// What kind of problem it is.
    pub kind: ProfileErrorKind,
    /// A lowercase sentence without a trailing period, saying what was expected.
    pub message: String,
    /// The byte range of the offending text, when there is one.
    pub range: Option<Range<usize>>,
    /// The 1-based line and column of `range.start`.
    pub position: Option<LineColumn>,
    /// A second place the message refers to, such as where an attribute was first defined.
    pub related: Option<Related>,
}

/// A second place in the profile that a [`ProfileError`] refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// What is there, lowercase: `first defined`.
    pub label: String,
    /// Its byte range.
    pub range: Range<usize>,
    /// The 1-based line and column of `range.start`, once the error is located.
    pub position: Option<LineColumn>,
}

/// The kinds of [`ProfileError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProfileErrorKind {
    /// The text is not valid Nix, JSON or TOML.
    Syntax,
    /// Nix would reject the profile too (undefined variable, type error, infinite recursion...).
    Evaluation,
    /// The answer needs a construct outside the subset hmopt evaluates (`import`, `pkgs`...).
    Unsupported,
    /// The profile nests deeper, or computes larger integers, than hmopt follows.
    Limit,
    /// The profile evaluates, but `memory.*` or `build.compiler.*` hold unusable values.
    Value,
}

impl ProfileError {
    pub(crate) fn new(
        kind: ProfileErrorKind,
        message: impl Into<String>,
        range: Option<Range<usize>>,
    ) -> ProfileError {
        ProfileError { kind, message: message.into(), range, position: None, related: None }
    }

    pub(crate) fn from_syntax(error: SyntaxError) -> ProfileError {
        let kind = match error.kind {
            SyntaxErrorKind::Invalid => ProfileErrorKind::Syntax,
            SyntaxErrorKind::TooDeep => ProfileErrorKind::Limit,
            SyntaxErrorKind::Unsupported => ProfileErrorKind::Unsupported,
        };
        ProfileError::new(kind, error.message, Some(error.range))
    }

    pub(crate) fn with_related(mut self, label: &str, range: Range<usize>) -> ProfileError {
        self.related = Some(Related { label: label.to_owned(), range, position: None });
        self
    }

    /// Applies `map` to the byte ranges of the error.
    pub(crate) fn map_ranges(&mut self, map: impl Fn(Range<usize>) -> Range<usize>) {
        self.range = self.range.take().map(&map);
        if let Some(related) = &mut self.related {
            related.range = map(related.range.clone());
        }
    }

    fn locate(mut self, text: &str, line_index: &LineIndex) -> ProfileError {
        if let Some(range) = &self.range {
            self.position = Some(line_index.line_column(text, range.start));
        }
        if let Some(related) = &mut self.related {
            related.position = Some(line_index.line_column(text, related.range.start));
        }
        self
    }
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(at) = self.position {
            write!(f, "{}:{}: ", at.line, at.column)?;
        }
        f.write_str(&self.message)?;
        if let Some(Related { label, position: Some(at), .. }) = &self.related {
            write!(f, " ({label} at {}:{})", at.line, at.column)?;
        }
        Ok(())
    }
}

impl std::error::Error for ProfileError {}

/// A number as the profile wrote it: Nix and TOML keep integers and floats apart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
}

impl Number {
    /// The value as a float.
    #[must_use]
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(n) => n as f64,
            Number::Float(f) => f,
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Int(n) => write!(f, "{n}"),
            Number::Float(x) => write!(f, "{x:?}"),
        }
    }
}

/// Which attribute the effective RAM came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MemorySource {
    /// `memory.effectiveTotal`, which the plan's rule reads.
    EffectiveTotal,
    /// `memory.total`, the fallback when `effectiveTotal` is absent.
    Total,
}

impl MemorySource {
    /// The attribute path: `memory.effectiveTotal` or `memory.total`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            MemorySource::EffectiveTotal => "memory.effectiveTotal",
            MemorySource::Total => "memory.total",
        }
    }
}

/// The Codex memory mode of plan Q6/Q12.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MemoryMode {
    /// `effectiveTotal <= 10`: `MEMORY_LIMIT_GB = "3-4"`, `--max-old-space-size=512`.
    Limited,
    /// `effectiveTotal > 10`: `MEMORY_LIMIT_GB = "4-6"`, `--max-old-space-size=1024`.
    Standard,
}

impl MemoryMode {
    /// `memory-limited` or `standard`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            MemoryMode::Limited => "memory-limited",
            MemoryMode::Standard => "standard",
        }
    }

    /// The value of `MEMORY_LIMIT_GB`.
    #[must_use]
    pub fn memory_limit_gb(self) -> &'static str {
        match self {
            MemoryMode::Limited => "3-4",
            MemoryMode::Standard => "4-6",
        }
    }

    /// The `--max-old-space-size` of `NODE_OPTIONS`, in MB.
    #[must_use]
    pub fn max_old_space_size_mb(self) -> u32 {
        match self {
            MemoryMode::Limited => 512,
            MemoryMode::Standard => 1024,
        }
    }
}

/// How a one-time build compares with the effective RAM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// The upper bound of the build's RAM fits.
    Fits,
    /// The lower bound fits, the upper bound does not.
    Tight,
    /// Even the lower bound does not fit.
    Exceeds,
}

impl Verdict {
    /// `fits`, `tight` or `exceeds`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Fits => "fits",
            Verdict::Tight => "tight",
            Verdict::Exceeds => "exceeds",
        }
    }
}

/// One row of the build plan, judged against the profile.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildAssessment {
    /// The build, with its cost from the plan's "Build Time Costs" table.
    pub cost: &'static BuildCost,
    /// How it compares with the effective RAM.
    pub verdict: Verdict,
    /// What to do about it, from the plan's "Risk Assessment".
    pub advice: &'static str,
}

/// One step of the computation: what was read or decided, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// A lowercase sentence without a trailing period.
    pub message: String,
    /// The byte range in the profile the step refers to, if any.
    pub range: Option<Range<usize>>,
    /// The 1-based line and column of `range.start`.
    pub position: Option<LineColumn>,
}

/// Everything `hmopt memory` reports about a profile.
#[derive(Debug, Clone, PartialEq)]
pub struct MemoryReport {
    /// The RAM, in GB, the rules were applied to.
    pub effective_total_gb: Number,
    /// Where `effective_total_gb` came from.
    pub source: MemorySource,
    /// The Codex memory mode.
    pub mode: MemoryMode,
    /// `memory.runtimeUsage`, if the profile gives it: the RAM, in GB, the system uses at run
    /// time (the plan's WSL system: about 6 GB) and that builds therefore cannot use.
    pub runtime_usage_gb: Option<Number>,
    /// The RAM, in GB, the builds are judged against: the effective RAM less the run-time usage.
    pub available_gb: f64,
    /// The one-time builds of the plan, judged against [`MemoryReport::available_gb`].
    pub builds: Vec<BuildAssessment>,
    /// The hardware flags the plan's overlays derive from `build.compiler`.
    pub compiler_flags: Vec<String>,
    /// Things worth knowing that did not stop the computation.
    pub warnings: Vec<String>,
    /// How the result came about, in order.
    pub steps: Vec<Step>,
}

impl MemoryReport {
    /// The `NODE_OPTIONS` value: `--max-old-space-size=512` or `=1024`.
    #[must_use]
    pub fn node_options(&self) -> String {
        format!("--max-old-space-size={}", self.mode.max_old_space_size_mb())
    }
}

/// The effective RAM of a profile before the rules judge it.
#[derive(Debug, Clone, PartialEq)]
pub struct EffectiveTotal {
    /// The number found.
    pub value: Number,
    /// The attribute it came from.
    pub source: MemorySource,
    /// The byte range of the expression that produced the value, if known.
    pub range: Option<Range<usize>>,
    /// How it was found.
    pub steps: Vec<Step>,
}

/// Reads `text` as a profile written in `format`.
///
/// Syntax is checked here; for Nix, so are undefined variables and attributes defined twice,
/// which Nix also rejects before evaluating anything. A byte order mark before JSON or TOML is
/// skipped, and byte ranges then count from after it; in Nix it is a syntax error, as in Nix.
pub fn parse_profile(text: &str, format: ProfileFormat) -> Result<Profile, ProfileError> {
    // A JSON or TOML reader may skip a byte order mark; Nix rejects it.
    let text = match format {
        ProfileFormat::Nix => text,
        ProfileFormat::Json | ProfileFormat::Toml => text.strip_prefix('\u{feff}').unwrap_or(text),
    };
    let line_index = LineIndex::new(text);
    let repr = match format {
        ProfileFormat::Nix => eval::parse(text).map(ProfileRepr::Nix),
        ProfileFormat::Json => data::parse_json(text).map(ProfileRepr::Data),
        ProfileFormat::Toml => data::parse_toml(text).map(ProfileRepr::Data),
    };
    match repr {
        Ok(repr) => Ok(Profile { text: text.to_owned(), format, line_index, repr }),
        Err(err) => Err(err.locate(text, &line_index)),
    }
}

/// Finds the effective RAM of `profile` (`memory.effectiveTotal`, else `memory.total`) without
/// judging its range.
pub fn effective_total(profile: &Profile) -> Result<EffectiveTotal, ProfileError> {
    let mut session = rules::Session::new(profile);
    match rules::effective_total(&mut session, profile) {
        Ok(mut total) => {
            locate_steps(&mut total.steps, profile);
            Ok(total)
        }
        Err(err) => Err(err.locate(&profile.text, &profile.line_index)),
    }
}

/// Applies the plan's rules to `profile`.
pub fn compute(profile: &Profile) -> Result<MemoryReport, ProfileError> {
    let mut session = rules::Session::new(profile);
    match rules::compute(&mut session, profile) {
        Ok(mut report) => {
            locate_steps(&mut report.steps, profile);
            Ok(report)
        }
        Err(err) => Err(err.locate(&profile.text, &profile.line_index)),
    }
}

fn locate_steps(steps: &mut [Step], profile: &Profile) {
    for step in steps {
        if let Some(range) = &step.range {
            step.position = Some(profile.line_index.line_column(&profile.text, range.start));
        }
    }
}

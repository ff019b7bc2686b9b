//! `hmopt.toml`: found by walking up from each checked path, or given with `--config`.
//!
//! ```toml
//! [lint]
//! select = ["unknown-variable", "env-overlap"]   # default: every rule
//! ignore = ["internal-variable"]
//! extra-variables = ["NIX_MY_TOOL_HOME"]
//! exclude = ["configs-archive/**"]
//!
//! [lint.deny]
//! NIX_ENFORCE_NO_NATIVE = "our binary cache serves many CPUs"
//! ```

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use globset::{Glob, GlobSet, GlobSetBuilder};
use hmopt_core::lint::suggest::nearest;
use hmopt_core::lint::{DeniedVariable, LintConfig, Rule, RuleSet};
use serde::Deserialize;

/// The file name hmopt looks for.
pub(crate) const FILE_NAME: &str = "hmopt.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    lint: RawLint,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLint {
    select: Option<Vec<String>>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    extra_variables: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    deny: toml::Table,
}

/// A validated configuration.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    /// The file it came from; `None` for the built-in defaults.
    pub(crate) path: Option<PathBuf>,
    pub(crate) lint: LintConfig,
    /// Globs relative to the configuration file's directory.
    pub(crate) exclude: GlobSet,
}

/// `--select` and `--ignore`, validated before any configuration file is read, so that a typo
/// in a flag is blamed on the flag.
#[derive(Debug, Clone)]
pub(crate) struct Overrides {
    select: Option<RuleSet>,
    ignore: RuleSet,
}

impl Overrides {
    pub(crate) fn from_flags(
        select: Option<&[String]>,
        ignore: &[String],
    ) -> anyhow::Result<Overrides> {
        let select = match select {
            Some(names) => Some(rule_set(names, "in `--select`")?),
            None => None,
        };
        Ok(Overrides { select, ignore: rule_set(ignore, "in `--ignore`")? })
    }
}

impl Config {
    pub(crate) fn defaults(overrides: &Overrides) -> anyhow::Result<Config> {
        Config::from_raw(None, RawLint::default(), overrides)
    }

    pub(crate) fn load(path: &Path, overrides: &Overrides) -> anyhow::Result<Config> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read", path.display()))?;
        let raw: RawConfig = match toml::from_str(&text) {
            Ok(raw) => raw,
            Err(err) => {
                let at = err.span().map(|span| {
                    let index = hmopt_core::text::LineIndex::new(&text);
                    let at = index.line_column(&text, span.start);
                    format!(":{}:{}", at.line, at.column)
                });
                bail!(
                    "{}{}: invalid configuration: {}",
                    path.display(),
                    at.unwrap_or_default(),
                    err.message()
                );
            }
        };
        Config::from_raw(Some(path.to_owned()), raw.lint, overrides)
            .with_context(|| format!("{}: invalid configuration", path.display()))
    }

    fn from_raw(
        path: Option<PathBuf>,
        raw: RawLint,
        overrides: &Overrides,
    ) -> anyhow::Result<Config> {
        let mut rules = match (overrides.select, &raw.select) {
            (Some(rules), _) => rules,
            (None, Some(names)) => rule_set(names, "in `lint.select`")?,
            (None, None) => RuleSet::all(),
        };
        for rule in rule_set(&raw.ignore, "in `lint.ignore`")?
            .iter_rules()
            .chain(overrides.ignore.iter_rules())
        {
            rules = rules.without(rule);
        }
        for name in &raw.extra_variables {
            check_variable_name(name, "extra-variables")?;
        }
        let mut deny = Vec::new();
        for (name, message) in raw.deny {
            check_variable_name(&name, "lint.deny")?;
            let Some(message) = message.as_str() else {
                bail!("`lint.deny.{name}` must be a string: the message to show");
            };
            deny.push(DeniedVariable { name, message: message.to_owned() });
        }
        let mut exclude = GlobSetBuilder::new();
        for pattern in &raw.exclude {
            let glob =
                Glob::new(pattern).with_context(|| format!("invalid exclude glob `{pattern}`"))?;
            exclude.add(glob);
        }
        let lint = LintConfig { rules, extra_variables: raw.extra_variables, deny };
        Ok(Config { path, lint, exclude: exclude.build()? })
    }

    /// Whether `path` matches an `exclude` glob (relative to the configuration's directory).
    pub(crate) fn is_excluded(&self, path: &Path) -> bool {
        if self.exclude.is_empty() {
            return false;
        }
        let base = self.path.as_deref().and_then(Path::parent).unwrap_or(Path::new("."));
        let (Ok(base), Ok(path)) = (std::path::absolute(base), std::path::absolute(path)) else {
            return false;
        };
        path.strip_prefix(&base).is_ok_and(|relative| self.exclude.is_match(relative))
    }
}

trait IterRules {
    fn iter_rules(self) -> impl Iterator<Item = Rule>;
}

impl IterRules for RuleSet {
    fn iter_rules(self) -> impl Iterator<Item = Rule> {
        Rule::ALL.into_iter().filter(move |rule| self.contains(*rule))
    }
}

/// The rules called `names`; `place` says where the names come from, for the error.
fn rule_set(names: &[String], place: &str) -> anyhow::Result<RuleSet> {
    let mut res = RuleSet::EMPTY;
    for name in names {
        let Some(rule) = Rule::from_name(name) else {
            let known = Rule::ALL.iter().map(|it| it.name());
            let hint = match nearest(name, known.clone()).first() {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("known rules: {}", known.collect::<Vec<_>>().join(", ")),
            };
            bail!("unknown rule `{name}` {place}\n{hint}");
        };
        res = res.with(rule);
    }
    Ok(res)
}

fn check_variable_name(name: &str, key: &str) -> anyhow::Result<()> {
    let valid =
        name.starts_with("NIX_") && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !valid {
        bail!("`{name}` in `{key}` is not a NIX_* variable name");
    }
    Ok(())
}

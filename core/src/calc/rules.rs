//! The rules of the runtime-optimization plan: the Codex memory mode (Q1, Q6, Q12, Phase 4),
//! the one-time build costs ("Build Time Costs", "Risk Assessment") and the hardware compiler
//! flags of the overlays ("LLVM/Clang Optimization Plan").

use std::ops::Range;

use crate::calc::{
    BuildAssessment, EffectiveTotal, MemoryMode, MemoryReport, MemorySource, Number, Profile,
    ProfileError, ProfileErrorKind, ProfileRepr, Step, Verdict,
    data::{Node, NodeKind},
    eval::{Found, Lookup, Note, Scalar, machine::Machine},
};

/// The effective RAM at or below which Codex runs memory-limited (plan Q12: `<= 10`, not `< 10`).
const LIMITED_AT_MOST_GB: f64 = 10.0;

/// The largest effective RAM accepted, in GB.
const MAX_GB: f64 = 65536.0;

/// The cost of one of the plan's one-time builds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildCost {
    /// The build, as the plan's table names it.
    pub name: &'static str,
    /// Peak RAM during the build, in GB: lower and upper bound.
    pub ram_gb: (u32, u32),
    /// Build time in minutes: lower and upper bound.
    pub minutes: (u32, u32),
    /// The plan's note on the build.
    pub note: &'static str,
}

/// The plan's "Build Time Costs (One-Time)" table.
pub const BUILDS: [BuildCost; 3] = [
    BuildCost {
        name: "Node.js FULL PGO",
        ram_gb: (8, 12),
        minutes: (60, 90),
        note: "initial build only",
    },
    BuildCost {
        name: "Codex (from source)",
        ram_gb: (4, 6),
        minutes: (15, 25),
        note: "Rust compilation",
    },
    BuildCost {
        name: "LLVM/Clang optimized",
        ram_gb: (6, 8),
        minutes: (30, 45),
        note: "one-time cost",
    },
];

pub(crate) enum Session<'p> {
    Nix { machine: Machine<'p>, prepared: bool },
    Data(&'p Node),
}

impl<'p> Session<'p> {
    pub(crate) fn new(profile: &'p Profile) -> Session<'p> {
        match &profile.repr {
            ProfileRepr::Nix(program) => {
                Session::Nix { machine: Machine::new(program), prepared: false }
            }
            ProfileRepr::Data(node) => Session::Data(node),
        }
    }

    /// Applies a profile function, once; returns what that involved.
    fn prepare(&mut self) -> Result<Vec<Note>, ProfileError> {
        match self {
            Session::Nix { machine, prepared } if !*prepared => {
                *prepared = true;
                machine.prepare()
            }
            _ => Ok(Vec::new()),
        }
    }

    fn lookup(&mut self, path: &[&str]) -> Result<Lookup, ProfileError> {
        match self {
            Session::Nix { machine, .. } => machine.lookup(path),
            Session::Data(root) => Ok(lookup_data(root, path)),
        }
    }
}

fn lookup_data(root: &Node, path: &[&str]) -> Lookup {
    let mut node = root;
    let mut definition = None;
    for (depth, name) in path.iter().enumerate() {
        let NodeKind::Table(entries) = &node.kind else {
            return Lookup::NotASet { depth, type_name: node.kind.type_name(), definition };
        };
        let Some((_, key, value)) = entries.iter().find(|(key, _, _)| key == name) else {
            return Lookup::Missing { depth };
        };
        definition = Some(key.clone());
        node = value;
    }
    let value = match &node.kind {
        NodeKind::Int(n) => Scalar::Int(*n),
        NodeKind::Float(f) => Scalar::Float(*f),
        NodeKind::Str(s) => Scalar::Str(s.clone()),
        other => Scalar::Other(other.type_name()),
    };
    Lookup::Found(Found {
        value,
        definition,
        expression: Some(node.range.clone()),
        notes: Vec::new(),
    })
}

fn step(message: impl Into<String>, range: Option<Range<usize>>) -> Step {
    Step { message: message.into(), range, position: None }
}

fn value_error(message: String, found: &Found) -> ProfileError {
    let range = found.expression.clone().or_else(|| found.definition.clone());
    ProfileError::new(ProfileErrorKind::Value, message, range)
}

/// Steps saying where `found`, the value of `path`, came from.
fn found_steps(path: &str, shown: &str, found: &Found, text: &str) -> Vec<Step> {
    let mut steps = vec![step(format!("{path} = {shown}"), found.definition.clone())];
    if let Some(expression) = &found.expression {
        let source = text.get(expression.clone()).unwrap_or("");
        let first_line = source.lines().next().unwrap_or("");
        let mut snippet: String = first_line.chars().take(60).collect();
        if snippet.len() < source.len() {
            snippet.push_str(" ...");
        }
        if snippet != shown {
            steps.push(step(format!("from the expression `{snippet}`"), Some(expression.clone())));
        }
    }
    for (note, range) in &found.notes {
        steps.push(step(note.clone(), range.clone()));
    }
    steps
}

pub(crate) fn effective_total(
    session: &mut Session<'_>,
    profile: &Profile,
) -> Result<EffectiveTotal, ProfileError> {
    let mut steps = vec![step(format!("read the profile as {}", profile.format.as_str()), None)];
    for (note, range) in session.prepare()? {
        steps.push(step(note, range));
    }
    let (found, source) = match session.lookup(&["memory", "effectiveTotal"])? {
        Lookup::Found(found) => (found, MemorySource::EffectiveTotal),
        Lookup::Missing { depth: 0 } => {
            return Err(ProfileError::new(
                ProfileErrorKind::Value,
                "expected `memory.effectiveTotal` or `memory.total`, found no `memory` attribute",
                Some(0..0),
            ));
        }
        Lookup::NotASet { depth, type_name, definition } => {
            let what = if depth == 0 { "the profile" } else { "`memory`" };
            return Err(ProfileError::new(
                ProfileErrorKind::Value,
                format!("expected {what} to be a set, found {type_name}"),
                definition.or(Some(0..0)),
            ));
        }
        Lookup::Missing { .. } => {
            steps
                .push(step("memory.effectiveTotal is not set: falling back to memory.total", None));
            match session.lookup(&["memory", "total"])? {
                Lookup::Found(found) => (found, MemorySource::Total),
                _ => {
                    return Err(ProfileError::new(
                        ProfileErrorKind::Value,
                        "expected `memory.effectiveTotal` or `memory.total`, found neither",
                        Some(0..0),
                    ));
                }
            }
        }
    };
    let path = source.as_str();
    let value = match &found.value {
        Scalar::Int(n) => Number::Int(*n),
        Scalar::Float(f) => Number::Float(*f),
        Scalar::Str(s) => {
            return Err(value_error(
                format!("expected a number of GB for `{path}`, found the string {s:?}"),
                &found,
            ));
        }
        Scalar::Other(type_name) => {
            return Err(value_error(
                format!("expected a number of GB for `{path}`, found {type_name}"),
                &found,
            ));
        }
    };
    steps.extend(found_steps(path, &value.to_string(), &found, &profile.text));
    let range = found.expression.clone().or_else(|| found.definition.clone());
    Ok(EffectiveTotal { value, source, range, steps })
}

pub(crate) fn compute(
    session: &mut Session<'_>,
    profile: &Profile,
) -> Result<MemoryReport, ProfileError> {
    let EffectiveTotal { value, source, range, mut steps } = effective_total(session, profile)?;
    let path = source.as_str();
    let gb = value.as_f64();
    let invalid =
        |message: String| ProfileError::new(ProfileErrorKind::Value, message, range.clone());
    if gb.is_nan() {
        return Err(invalid(format!("expected a number of GB for `{path}`, found NaN")));
    }
    if gb <= 0.0 {
        return Err(invalid(format!(
            "expected a positive number of GB for `{path}`, found {value}"
        )));
    }
    if MAX_GB < gb {
        return Err(invalid(format!("expected at most {MAX_GB} GB for `{path}`, found {value}")));
    }
    let mut warnings = Vec::new();
    if source == MemorySource::Total {
        warnings.push(format!(
            "memory.effectiveTotal is not set; used memory.total ({value} GB), which may overstate what builds can use"
        ));
    }

    let mode = if gb <= LIMITED_AT_MOST_GB { MemoryMode::Limited } else { MemoryMode::Standard };
    let comparison = match mode {
        MemoryMode::Limited => format!("{value} <= 10"),
        MemoryMode::Standard => format!("{value} > 10"),
    };
    steps.push(step(
        format!(
            "{comparison}: {} mode (plan Q6, Q12): MEMORY_LIMIT_GB = \"{}\", NODE_OPTIONS = \"--max-old-space-size={}\"",
            mode.as_str(),
            mode.memory_limit_gb(),
            mode.max_old_space_size_mb()
        ),
        None,
    ));

    let runtime_usage = runtime_usage(session, profile, gb, &mut steps)?;
    let available = runtime_usage.map_or(gb, |used| gb - used.as_f64());
    let shown = if runtime_usage.is_some() { format_gb(available) } else { value.to_string() };

    let mut builds = Vec::new();
    for cost in &BUILDS {
        let (low, high) = (f64::from(cost.ram_gb.0), f64::from(cost.ram_gb.1));
        let verdict = if high <= available {
            Verdict::Fits
        } else if low <= available {
            Verdict::Tight
        } else {
            Verdict::Exceeds
        };
        let advice = advice(cost, verdict);
        steps.push(step(
            format!(
                "{} needs {}-{} GB: {} with {shown} GB",
                cost.name,
                cost.ram_gb.0,
                cost.ram_gb.1,
                verdict.as_str()
            ),
            None,
        ));
        builds.push(BuildAssessment { cost, verdict, advice });
    }

    let mut compiler_flags = Vec::new();
    for (attr, prefix, default) in
        [("march", "-march=", "x86-64-v3"), ("mtune", "-mtune=", "generic")]
    {
        let dotted = format!("build.compiler.{attr}");
        let flag = match session.lookup(&["build", "compiler", attr])? {
            Lookup::Found(found) => {
                let Scalar::Str(s) = &found.value else {
                    let found_type = scalar_type(&found.value);
                    return Err(value_error(
                        format!("expected a string for `{dotted}`, found {found_type}"),
                        &found,
                    ));
                };
                steps.extend(found_steps(&dotted, &format!("{s:?}"), &found, &profile.text));
                format!("{prefix}{s}")
            }
            _ => {
                steps.push(step(format!("{dotted} is not set: default \"{default}\""), None));
                format!("{prefix}{default}")
            }
        };
        compiler_flags.push(flag);
    }
    let dotted = "build.compiler.optimizationLevel";
    let level = match session.lookup(&["build", "compiler", "optimizationLevel"])? {
        Lookup::Found(found) => {
            let level = match &found.value {
                Scalar::Int(n) => n.to_string(),
                Scalar::Str(s) => s.clone(),
                other => {
                    let found_type = scalar_type(other);
                    return Err(value_error(
                        format!(
                            "expected an integer or a string for `{dotted}`, found {found_type}"
                        ),
                        &found,
                    ));
                }
            };
            steps.extend(found_steps(dotted, &level, &found, &profile.text));
            level
        }
        _ => {
            steps.push(step(format!("{dotted} is not set: default 3"), None));
            "3".to_owned()
        }
    };
    compiler_flags.push(format!("-O{level}"));
    compiler_flags.push("-pipe".to_owned());
    compiler_flags.push("-fno-semantic-interposition".to_owned());

    Ok(MemoryReport {
        effective_total_gb: value,
        source,
        mode,
        runtime_usage_gb: runtime_usage,
        available_gb: available,
        builds,
        compiler_flags,
        warnings,
        steps,
    })
}

/// `memory.runtimeUsage`, when the profile gives it: a number of GB from 0 up to (not
/// including) the effective RAM `total_gb`.
fn runtime_usage(
    session: &mut Session<'_>,
    profile: &Profile,
    total_gb: f64,
    steps: &mut Vec<Step>,
) -> Result<Option<Number>, ProfileError> {
    const PATH: &str = "memory.runtimeUsage";
    let Lookup::Found(found) = session.lookup(&["memory", "runtimeUsage"])? else {
        return Ok(None);
    };
    let value = match &found.value {
        Scalar::Int(n) => Number::Int(*n),
        Scalar::Float(f) => Number::Float(*f),
        other => {
            let found_type = match other {
                Scalar::Str(s) => format!("the string {s:?}"),
                _ => scalar_type(other).to_owned(),
            };
            return Err(value_error(
                format!("expected a number of GB for `{PATH}`, found {found_type}"),
                &found,
            ));
        }
    };
    let gb = value.as_f64();
    if !(0.0 <= gb && gb < total_gb) {
        return Err(value_error(
            format!(
                "expected `{PATH}` from 0 up to the effective RAM ({} GB), found {value}",
                format_gb(total_gb)
            ),
            &found,
        ));
    }
    steps.extend(found_steps(PATH, &value.to_string(), &found, &profile.text));
    steps.push(step(
        format!(
            "{PATH} = {value}: builds are judged against the {} GB left",
            format_gb(total_gb - gb)
        ),
        None,
    ));
    Ok(Some(value))
}

/// A number of GB as people write it: `2`, `1.5`.
fn format_gb(gb: f64) -> String {
    let rounded = (gb * 100.0).round() / 100.0;
    if rounded.fract() == 0.0 { format!("{rounded:.0}") } else { format!("{rounded}") }
}

fn scalar_type(value: &Scalar) -> &'static str {
    match value {
        Scalar::Int(_) => "an integer",
        Scalar::Float(_) => "a float",
        Scalar::Str(_) => "a string",
        Scalar::Other(type_name) => type_name,
    }
}

/// The plan's mitigation for a build that does not comfortably fit ("Risk Assessment", 1).
fn advice(cost: &BuildCost, verdict: Verdict) -> &'static str {
    let is_node = cost.name.starts_with("Node.js");
    match (verdict, is_node) {
        (Verdict::Fits, _) => "fits in RAM: can be built on this system",
        (Verdict::Tight, true) => {
            "may be OOM-killed during PGO training: build on the 16 GB system and use the binary cache (Cachix) here, or fall back to LIGHT PGO"
        }
        (Verdict::Exceeds, true) => {
            "does not fit: build on the 16 GB system and use the binary cache (Cachix) here; fall back to LIGHT PGO if the FULL build fails"
        }
        (Verdict::Tight, false) => {
            "may run out of memory: build on the 16 GB system and use the binary cache (Cachix) here"
        }
        (Verdict::Exceeds, false) => {
            "does not fit: build on the 16 GB system and use the binary cache (Cachix) here"
        }
    }
}

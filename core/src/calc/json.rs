//! The JSON report of `hmopt memory --format json` (version 1, documented in
//! `docs/json-output.md`). It lives in the core so that the CLI and the site's calculator give
//! the very same object for the same profile.

use serde_json::{Value, json};

use crate::calc::{MemoryReport, Number, ProfileError};

/// The JSON version; bumped only for incompatible changes.
pub const VERSION: u32 = 1;

/// The whole report.
#[must_use]
pub fn report(report: &MemoryReport) -> Value {
    let builds: Vec<Value> = report
        .builds
        .iter()
        .map(|build| {
            json!({
                "name": build.cost.name,
                "ram_gb": [build.cost.ram_gb.0, build.cost.ram_gb.1],
                "minutes": [build.cost.minutes.0, build.cost.minutes.1],
                "verdict": build.verdict.as_str(),
                "advice": build.advice,
            })
        })
        .collect();
    let steps: Vec<Value> = report
        .steps
        .iter()
        .map(|step| {
            json!({
                "message": step.message,
                "line": step.position.map(|at| at.line),
                "column": step.position.map(|at| at.column),
                "start": step.range.as_ref().map(|range| range.start),
                "end": step.range.as_ref().map(|range| range.end),
            })
        })
        .collect();
    json!({
        "version": VERSION,
        "effective_total_gb": match report.effective_total_gb {
            Number::Int(n) => Value::from(n),
            Number::Float(f) => Value::from(f),
        },
        "source": report.source.as_str(),
        "mode": report.mode.as_str(),
        "memory_limit_gb": report.mode.memory_limit_gb(),
        "max_old_space_size_mb": report.mode.max_old_space_size_mb(),
        "node_options": report.node_options(),
        "runtime_usage_gb": report.runtime_usage_gb.map(|it| match it {
            Number::Int(n) => Value::from(n),
            Number::Float(f) => Value::from(f),
        }),
        "available_gb": report.available_gb,
        "builds": builds,
        "compiler_flags": report.compiler_flags,
        "warnings": report.warnings,
        "steps": steps,
    })
}

/// A profile that gave no report, as `{"error": {"line", "column", "message"}}` (the CLI prints
/// it as `hmopt: FILE:LINE:COLUMN: MESSAGE` on standard error instead).
#[must_use]
pub fn error(err: &ProfileError) -> Value {
    let (line, column) = err.position.map_or((1, 1), |at| (at.line, at.column));
    json!({"error": {"line": line, "column": column, "message": err.message}})
}

#[cfg(test)]
mod tests {
    use crate::calc::{ProfileFormat, compute, parse_profile};

    #[test]
    fn the_report_has_the_documented_fields_in_order() {
        let profile = parse_profile("{ memory.effectiveTotal = 10; }", ProfileFormat::Nix).unwrap();
        let value = super::report(&compute(&profile).unwrap());
        let keys: Vec<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "version",
                "effective_total_gb",
                "source",
                "mode",
                "memory_limit_gb",
                "max_old_space_size_mb",
                "node_options",
                "runtime_usage_gb",
                "available_gb",
                "builds",
                "compiler_flags",
                "warnings",
                "steps"
            ]
        );
        assert_eq!(
            (value["version"].as_u64(), value["mode"].as_str()),
            (Some(1), Some("memory-limited"))
        );
        let err = parse_profile("{ memory.effectiveTotal = ; }", ProfileFormat::Nix).unwrap_err();
        let value = super::error(&err);
        assert_eq!(
            (value["error"]["line"].as_u64(), value["error"]["column"].as_u64()),
            (Some(1), Some(27))
        );
    }
}

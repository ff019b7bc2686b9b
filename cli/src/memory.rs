//! `hmopt memory`: the Codex memory mode, build plan and compiler flags of a hardware profile.

use std::{
    io::Read,
    path::{Path, PathBuf},
    process::ExitCode,
};

use anyhow::Context;
use hmopt_core::calc::{self, MemoryReport, ProfileFormat};

use crate::out;

/// Flags of `hmopt memory`.
#[derive(Debug, clap::Args)]
pub(crate) struct MemoryArgs {
    /// The hardware profile (`.nix`, `.json` or `.toml`); `-` reads standard input.
    profile: PathBuf,
    /// The profile's language. Default: from the file extension, else guessed from the content.
    #[arg(long, value_enum)]
    input_format: Option<InputFormat>,
    /// How to print the result.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    format: OutputFormat,
    /// Also print the steps that produced the result, with their positions in the profile.
    #[arg(long)]
    explain: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum InputFormat {
    Nix,
    Json,
    Toml,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum OutputFormat {
    Human,
    Json,
}

pub(crate) fn run(args: &MemoryArgs) -> anyhow::Result<ExitCode> {
    let is_stdin = args.profile.as_os_str() == "-";
    let name = match is_stdin {
        true => "<stdin>".to_owned(),
        false => crate::report::ShownPath::new(args.profile.clone()).escaped(),
    };
    let text = read_profile(&args.profile, is_stdin)
        .with_context(|| format!("{name}: cannot read the profile"))?;
    let format = match args.input_format {
        Some(InputFormat::Nix) => ProfileFormat::Nix,
        Some(InputFormat::Json) => ProfileFormat::Json,
        Some(InputFormat::Toml) => ProfileFormat::Toml,
        None => format_of(&args.profile, is_stdin, &text),
    };
    let report = calc::parse_profile(&text, format).and_then(|profile| calc::compute(&profile));
    let report = match report {
        Ok(report) => report,
        Err(err) => {
            let at = match err.position {
                Some(at) => format!("{}:{}", at.line, at.column),
                None => "1:1".to_owned(),
            };
            let related = match &err.related {
                Some(calc::Related { label, position: Some(at), .. }) => {
                    format!(" ({label} at {name}:{}:{})", at.line, at.column)
                }
                _ => String::new(),
            };
            anyhow::bail!("{name}:{at}: {}{related}", err.message);
        }
    };
    let text = match args.format {
        OutputFormat::Human => render_human(&name, &report, args.explain),
        OutputFormat::Json => {
            let mut text = serde_json::to_string_pretty(&calc::json::report(&report))?;
            text.push('\n');
            text
        }
    };
    out::stdout(text)?;
    Ok(ExitCode::SUCCESS)
}

fn read_profile(path: &Path, is_stdin: bool) -> anyhow::Result<String> {
    let bytes = match is_stdin {
        true => {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes)?;
            bytes
        }
        false => std::fs::read(path)?,
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(err) => anyhow::bail!(
            "not valid UTF-8 (invalid byte at offset {})",
            err.utf8_error().valid_up_to()
        ),
    }
}

fn format_of(path: &Path, is_stdin: bool, text: &str) -> ProfileFormat {
    let by_extension = match is_stdin {
        true => None,
        false => {
            path.extension().and_then(|it| it.to_str()).and_then(ProfileFormat::from_extension)
        }
    };
    by_extension.unwrap_or_else(|| ProfileFormat::sniff(text))
}

fn range_text(range: (u32, u32), unit: &str) -> String {
    format!("{}-{} {unit}", range.0, range.1)
}

fn render_human(name: &str, report: &MemoryReport, explain: bool) -> String {
    let mut out = String::new();
    let mode = report.mode;
    out.push_str(&format!(
        "{name}: {} GB of RAM ({})\n\n",
        report.effective_total_gb,
        report.source.as_str()
    ));
    if let Some(used) = report.runtime_usage_gb {
        out.push_str(&format!(
            "  runtime usage     {used} GB: {} GB left for builds\n",
            report.available_gb
        ));
    }
    out.push_str(&format!("  mode              {}\n", mode.as_str()));
    out.push_str(&format!("  MEMORY_LIMIT_GB   \"{}\"\n", mode.memory_limit_gb()));
    out.push_str(&format!("  NODE_OPTIONS      \"{}\"\n\n", report.node_options()));

    let rows: Vec<[String; 5]> = report
        .builds
        .iter()
        .map(|build| {
            [
                build.cost.name.to_owned(),
                range_text(build.cost.ram_gb, "GB"),
                range_text(build.cost.minutes, "min"),
                build.verdict.as_str().to_owned(),
                build.advice.to_owned(),
            ]
        })
        .collect();
    let header = ["build", "RAM", "time", "verdict", "advice"].map(str::to_owned);
    let mut widths = [0; 4];
    for row in std::iter::once(&header).chain(&rows) {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::from("  ");
        for (cell, width) in row.iter().zip(widths) {
            line.push_str(&format!("{cell:<width$}  "));
        }
        line.push_str(&row[4]);
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str(&format!("\n  compiler flags    {}\n", report.compiler_flags.join(" ")));
    for warning in &report.warnings {
        out.push_str(&format!("\nwarning: {warning}\n"));
    }
    if explain {
        out.push_str("\nsteps:\n");
        for (idx, step) in report.steps.iter().enumerate() {
            let at = match step.position {
                Some(at) => format!("{name}:{}:{}: ", at.line, at.column),
                None => String::new(),
            };
            out.push_str(&format!("  {:>2}. {at}{}\n", idx + 1, step.message));
        }
    }
    out
}

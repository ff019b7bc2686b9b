//! `hmopt check`: lint what [`walk`] finds in parallel, then fix, diff or report.
//!
//! With `--fix` and `-`, standard output carries exactly the text of standard input, fixed or
//! unchanged (even when it cannot be checked), so that an editor can filter its buffer through
//! `hmopt check --fix -`; the report goes to standard error.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use hmopt_core::lint::{self, Severity};
use rayon::prelude::*;

use crate::config::{Config, Overrides};
use crate::report::{FileError, FileReport, Report, ShownPath, plural};
use crate::walk::{self, ConfigCache, Input};
use crate::{baseline, fix, out, render};

/// Flags of `hmopt check`.
#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    /// Files or directories to check; directories are searched for `*.nix` files (hidden ones
    /// too), except `.git` and what `.gitignore` excludes. `-` reads standard input.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = render::Format::Human)]
    format: render::Format,
    /// When to color the human output. `auto`: on a terminal, unless `NO_COLOR` (or
    /// `CLICOLOR=0`, `TERM=dumb`) turns it off; `CLICOLOR_FORCE` turns it on.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
    /// Apply safe fixes to the files. With `-`, print the (fixed) text on standard output and
    /// the report on standard error.
    #[arg(long)]
    fix: bool,
    /// Also apply unsafe fixes (implies `--fix` unless `--diff` is given).
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them.
    #[arg(long)]
    diff: bool,
    /// Exit with status 1 on warnings too.
    #[arg(long)]
    strict: bool,
    /// Use this configuration file instead of discovering `hmopt.toml`.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Check only these rules (comma-separated), overriding `select` in the configuration.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    select: Option<Vec<String>>,
    /// Skip these rules (comma-separated), in addition to `ignore` in the configuration.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    ignore: Vec<String>,
    /// The path to show (and to discover configuration from) for standard input.
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    /// Apply the configuration's `exclude` globs to files named on the command line and to
    /// `--stdin-filename` too, not only to files found in directories. Pre-commit hooks and
    /// editors name every file, excluded ones too: they pass this flag.
    #[arg(long)]
    force_exclude: bool,
    /// Report only the findings this baseline file does not record (see `--write-baseline`),
    /// and say how many were left out and how many of its entries match nothing any more.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    baseline: Option<PathBuf>,
    /// Record every finding in this file (versioned JSON, docs/baseline.md) and exit with status
    /// 0: later runs with `--baseline FILE` report only new findings. Paths in it are relative
    /// to its directory.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["fix", "unsafe_fixes", "diff"])]
    write_baseline: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy)]
enum FixMode {
    None,
    Write { unsafe_fixes: bool },
    Diff { unsafe_fixes: bool },
}

/// What came of one input.
struct Checked {
    result: Result<FileReport, FileError>,
    n_fixed: usize,
    /// With `--diff`: the patch, when there is something to fix.
    diff: Option<String>,
    /// With `--fix -`: the text to give back on standard output.
    echo: Option<Vec<u8>>,
}

pub(crate) fn run(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let overrides = Overrides::from_flags(args.select.as_deref(), &args.ignore)?;
    let n_stdin = args.paths.iter().filter(|it| it.as_os_str() == "-").count();
    if 1 < n_stdin {
        bail!("`-` (standard input) is given {n_stdin} times; it can be read only once");
    }
    let fix_mode = match (args.diff, args.fix || args.unsafe_fixes) {
        (true, _) => FixMode::Diff { unsafe_fixes: args.unsafe_fixes },
        (false, true) => FixMode::Write { unsafe_fixes: args.unsafe_fixes },
        (false, false) => FixMode::None,
    };
    let explicit_config = match &args.config {
        Some(path) => Some(Config::load(path, &overrides)?),
        None => None,
    };
    let configs = ConfigCache::new(explicit_config, overrides);
    let found =
        walk::find(&args.paths, args.stdin_filename.as_deref(), args.force_exclude, &configs)?;

    let checked: Vec<Checked> =
        found.inputs.into_par_iter().map(|input| check(input, fix_mode)).collect();
    let mut report = Report {
        files: Vec::new(),
        errors: found.errors,
        n_excluded: found.n_excluded,
        n_fixed: 0,
        baseline: None,
    };
    let mut diffs = String::new();
    let mut n_diffs = 0;
    // `--fix -` gives an excluded standard input back unchanged.
    let mut echo = match fix_mode {
        FixMode::Write { .. } => found.excluded_stdin,
        _ => None,
    };
    for it in checked {
        report.n_fixed += it.n_fixed;
        if let Some(diff) = it.diff {
            diffs.push_str(&diff);
            n_diffs += 1;
        }
        if it.echo.is_some() {
            echo = it.echo;
        }
        match it.result {
            Ok(file) => report.files.push(file),
            Err(err) => report.errors.push(err),
        }
    }
    report.errors.sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));

    if let FixMode::Diff { .. } = fix_mode {
        out::stdout(&diffs)?;
        for error in &report.errors {
            out::error(&format!("{}: {}", error.path.escaped(), error.message));
        }
        out::stderr(&format!(
            "Would fix {} issue{} in {n_diffs} file{}\n",
            report.n_fixed,
            plural(report.n_fixed),
            plural(n_diffs)
        ));
        let code = if !report.errors.is_empty() { 2 } else { u8::from(0 < n_diffs) };
        return Ok(ExitCode::from(code));
    }
    if let Some(path) = &args.write_baseline {
        let n_entries = baseline::write(path, &report)?;
        for error in &report.errors {
            out::error(&format!("{}: {}", error.path.escaped(), error.message));
        }
        let n_files = report.files.len();
        out::stdout(format!(
            "Recorded {n_entries} finding{} of {n_files} file{} in {}.\n",
            plural(n_entries),
            plural(n_files),
            path.display()
        ))?;
        return Ok(ExitCode::from(if report.errors.is_empty() { 0 } else { 2 }));
    }
    if let Some(path) = &args.baseline {
        report.baseline = Some(baseline::apply(path, &mut report)?);
    }
    // `--fix -` gives the text back on standard output: the report goes to standard error.
    let report_to_stderr = echo.is_some();
    if let Some(echo) = echo {
        out::stdout(echo)?;
    }
    let text = render::render(args.format, &report, use_color(args.color, report_to_stderr));
    if report_to_stderr {
        out::stderr(&text);
    } else {
        out::stdout(text)?;
    }
    if !matches!(args.format, render::Format::Json | render::Format::Sarif) {
        for error in &report.errors {
            out::error(&format!("{}: {}", error.path.escaped(), error.message));
        }
    }
    let failing = report.count(Severity::Error)
        + if args.strict { report.count(Severity::Warning) } else { 0 };
    let code = if !report.errors.is_empty() { 2 } else { u8::from(failing > 0) };
    Ok(ExitCode::from(code))
}

/// Whether to color the report: `--color`, then `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE`,
/// `TERM=dumb` and whether the stream the report goes to is a terminal, as `anstream` decides.
fn use_color(when: ColorWhen, to_stderr: bool) -> bool {
    let choice = match when {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
    let choice = match to_stderr {
        true => anstream::AutoStream::choice(&std::io::stderr()),
        false => anstream::AutoStream::choice(&std::io::stdout()),
    };
    choice != anstream::ColorChoice::Never
}

fn check(input: Input, fix_mode: FixMode) -> Checked {
    let Input { path, config, stdin, .. } = input;
    let filter = matches!(fix_mode, FixMode::Write { .. }) && stdin.is_some();
    let bytes = match stdin {
        Some(bytes) => bytes,
        None => match std::fs::read(path.as_path()) {
            Ok(bytes) => bytes,
            Err(err) => return Checked::failed(path, walk::io_message(&err), None),
        },
    };
    let text = match decode(&bytes) {
        Ok(text) => text,
        Err(message) => return Checked::failed(path, message, filter.then_some(bytes)),
    };
    let (bom, source) = hmopt_core::text::split_bom(text);
    let (unsafe_fixes, write) = match fix_mode {
        FixMode::None => {
            let diagnostics = lint::lint(source, &config.lint);
            // Renderers read the text only around findings: a clean file's is not kept.
            let source = if diagnostics.is_empty() { String::new() } else { source.to_owned() };
            let file = FileReport { path, source, diagnostics };
            return Checked { result: Ok(file), n_fixed: 0, diff: None, echo: None };
        }
        FixMode::Write { unsafe_fixes } => (unsafe_fixes, true),
        FixMode::Diff { unsafe_fixes } => (unsafe_fixes, false),
    };
    let outcome = lint::fix_all(source, &config.lint, unsafe_fixes);
    for rejected in &outcome.rejected {
        out::error(&format!(
            "{}:{}:{}: fix not applied ({}): {}",
            path.escaped(),
            rejected.position.line,
            rejected.position.column,
            rejected.title,
            rejected.reason
        ));
    }
    let (fixed, n_fixed) = (outcome.text, outcome.n_applied);
    let new_text = format!("{bom}{fixed}");
    let mut diff = None;
    let mut echo = None;
    match (filter, write) {
        (true, _) => echo = Some(new_text.into_bytes()),
        _ if n_fixed == 0 => {}
        (false, true) => {
            if let Err(message) = fix::write(path.as_path(), &bytes, &new_text) {
                return Checked::failed(path, message, None);
            }
        }
        (false, false) => diff = Some(fix::diff(&path, text, &new_text)),
    }
    let diagnostics = outcome.diagnostics;
    let source = if diagnostics.is_empty() { String::new() } else { fixed };
    let file = FileReport { path, source, diagnostics };
    Checked { result: Ok(file), n_fixed, diff, echo }
}

impl Checked {
    fn failed(path: ShownPath, message: String, echo: Option<Vec<u8>>) -> Checked {
        Checked { result: Err(FileError { path, message }), n_fixed: 0, diff: None, echo }
    }
}

/// The text of a file, or why it is not one.
fn decode(bytes: &[u8]) -> Result<&str, String> {
    if bytes.contains(&0) {
        return Err("binary file (contains NUL bytes), not checked".to_owned());
    }
    std::str::from_utf8(bytes).map_err(|err| {
        format!("not valid UTF-8 (invalid byte at offset {}), not checked", err.valid_up_to())
    })
}

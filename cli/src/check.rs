//! `hmopt check`: find `.nix` files, lint them in parallel, fix or report.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use anyhow::Context;
use hmopt_core::lint::{self, Applicability, Diagnostic, Severity};
use rayon::prelude::*;

use crate::config::{self, Config, Overrides};
use crate::render;

/// Flags of `hmopt check`.
#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    /// Files or directories to check; directories are searched for `*.nix` files, respecting
    /// `.gitignore`. `-` reads standard input.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = render::Format::Human)]
    format: render::Format,
    /// When to color the human output. `NO_COLOR` turns `auto` off.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
    /// Apply safe fixes to the files.
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// A checked file.
pub(crate) struct FileReport {
    /// The path as shown to the user.
    pub(crate) path: String,
    /// The text that was linted (after fixes, without a byte-order mark).
    pub(crate) source: String,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// A file that could not be checked.
pub(crate) struct FileError {
    pub(crate) path: String,
    pub(crate) message: String,
}

/// Everything a renderer needs.
pub(crate) struct Report {
    pub(crate) files: Vec<FileReport>,
    pub(crate) errors: Vec<FileError>,
    pub(crate) n_fixed: usize,
}

impl Report {
    pub(crate) fn count(&self, severity: Severity) -> usize {
        self.files
            .iter()
            .flat_map(|it| &it.diagnostics)
            .filter(|it| it.severity() == severity)
            .count()
    }

    pub(crate) fn count_fixable(&self, applicability: Applicability) -> usize {
        self.files
            .iter()
            .flat_map(|it| &it.diagnostics)
            .filter(|it| it.fix.as_ref().is_some_and(|fix| fix.applicability == applicability))
            .count()
    }
}

enum Input {
    File { path: PathBuf, config: Arc<Config> },
    Stdin { path: PathBuf, config: Arc<Config> },
}

#[derive(Clone, Copy)]
enum FixMode {
    None,
    Write { unsafe_fixes: bool },
    Diff { unsafe_fixes: bool },
}

pub(crate) fn run(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let overrides = Overrides { select: args.select.clone(), ignore: args.ignore.clone() };
    let fix_mode = match (args.diff, args.fix || args.unsafe_fixes) {
        (true, _) => FixMode::Diff { unsafe_fixes: args.unsafe_fixes },
        (false, true) => FixMode::Write { unsafe_fixes: args.unsafe_fixes },
        (false, false) => FixMode::None,
    };
    let explicit_config = match &args.config {
        Some(path) => Some(Arc::new(Config::load(path, &overrides)?)),
        None => None,
    };
    let configs =
        ConfigCache { explicit: explicit_config, overrides, by_dir: Mutex::new(HashMap::new()) };

    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in &args.paths {
        if path.as_os_str() == "-" {
            let shown = args.stdin_filename.clone().unwrap_or_else(|| PathBuf::from("-"));
            let config = configs.for_dir(shown.parent().unwrap_or(Path::new(".")))?;
            inputs.push(Input::Stdin { path: shown, config });
            continue;
        }
        let metadata = match std::fs::metadata(path) {
            Ok(it) => it,
            Err(err) => {
                errors.push(FileError {
                    path: path.display().to_string(),
                    message: io_message(&err),
                });
                continue;
            }
        };
        if !metadata.is_dir() {
            let config = configs.for_dir(path.parent().unwrap_or(Path::new(".")))?;
            inputs.push(Input::File { path: path.clone(), config });
            continue;
        }
        let (found, walk_errors) = walk(path, &configs)?;
        inputs.extend(found);
        errors.extend(walk_errors);
    }

    let outcomes: Vec<Result<Checked, FileError>> =
        inputs.into_par_iter().map(|input| check_input(input, fix_mode)).collect();
    let mut files = Vec::new();
    let mut diffs = Vec::new();
    let mut n_fixed = 0;
    for outcome in outcomes {
        match outcome {
            Ok((report, diff, n_applied)) => {
                n_fixed += n_applied;
                if let Some(diff) = diff {
                    diffs.push((report.path.clone(), diff));
                }
                files.push(report);
            }
            Err(err) => errors.push(err),
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    errors.sort_by(|a, b| a.path.cmp(&b.path));
    diffs.sort();
    let report = Report { files, errors, n_fixed };

    let mut stdout = std::io::stdout().lock();
    if let FixMode::Diff { .. } = fix_mode {
        for (_, diff) in &diffs {
            write_or_exit(&mut stdout, diff);
        }
        for error in &report.errors {
            eprintln!("hmopt: {}: {}", error.path, error.message);
        }
        eprintln!(
            "Would fix {n_fixed} issue{} in {} file{}",
            plural(n_fixed),
            diffs.len(),
            plural(diffs.len())
        );
        let code = if !report.errors.is_empty() { 2 } else { u8::from(!diffs.is_empty()) };
        return Ok(ExitCode::from(code));
    }
    let color = use_color(args.color);
    let text = render::render(args.format, &report, color);
    write_or_exit(&mut stdout, &text);
    if !matches!(args.format, render::Format::Json | render::Format::Sarif) {
        for error in &report.errors {
            eprintln!("hmopt: {}: {}", error.path, error.message);
        }
    }
    let failing = report.count(Severity::Error)
        + if args.strict { report.count(Severity::Warning) } else { 0 };
    let code = if !report.errors.is_empty() { 2 } else { u8::from(failing > 0) };
    Ok(ExitCode::from(code))
}

/// Writes to standard output; a closed pipe (`hmopt check | head`) ends the program quietly.
fn write_or_exit(out: &mut impl Write, text: &str) {
    if let Err(err) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if err.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("hmopt: cannot write output: {err}");
        std::process::exit(2);
    }
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn use_color(when: ColorWhen) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            use std::io::IsTerminal;
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|it| !it.is_empty());
            let dumb = std::env::var_os("TERM").is_some_and(|it| it == "dumb");
            !no_color && !dumb && std::io::stdout().is_terminal()
        }
    }
}

/// Which configuration applies where, shared by the walker threads.
struct ConfigCache {
    explicit: Option<Arc<Config>>,
    overrides: Overrides,
    /// Absolute directory → the configuration that applies in it.
    by_dir: Mutex<HashMap<PathBuf, Arc<Config>>>,
}

impl ConfigCache {
    /// The nearest `hmopt.toml` at or above `dir`, or the defaults. Each directory costs one
    /// `stat`: the answer for its parent is cached.
    fn for_dir(&self, dir: &Path) -> anyhow::Result<Arc<Config>> {
        if let Some(config) = &self.explicit {
            return Ok(Arc::clone(config));
        }
        let dir =
            std::path::absolute(if dir.as_os_str().is_empty() { Path::new(".") } else { dir })?;
        self.for_absolute_dir(&dir)
    }

    fn for_absolute_dir(&self, dir: &Path) -> anyhow::Result<Arc<Config>> {
        if let Some(config) = self.by_dir.lock().unwrap_or_else(|it| it.into_inner()).get(dir) {
            return Ok(Arc::clone(config));
        }
        let candidate = dir.join(config::FILE_NAME);
        let config = if candidate.is_file() {
            Arc::new(Config::load(&candidate, &self.overrides)?)
        } else {
            match dir.parent() {
                Some(parent) => self.for_absolute_dir(parent)?,
                None => Arc::new(Config::defaults(&self.overrides)?),
            }
        };
        self.by_dir
            .lock()
            .unwrap_or_else(|it| it.into_inner())
            .insert(dir.to_owned(), Arc::clone(&config));
        Ok(config)
    }
}

/// Finds the `.nix` files under `root` with the parallel walker of the `ignore` crate.
fn walk(root: &Path, configs: &ConfigCache) -> anyhow::Result<(Vec<Input>, Vec<FileError>)> {
    let inputs = Mutex::new(Vec::new());
    let errors = Mutex::new(Vec::new());
    let config_error: Mutex<Option<anyhow::Error>> = Mutex::new(None);
    let walker = ignore::WalkBuilder::new(root).hidden(true).require_git(false).build_parallel();
    walker.run(|| {
        Box::new(|entry| {
            let entry = match entry {
                Ok(it) => it,
                Err(err) => {
                    let path = root.display().to_string();
                    errors
                        .lock()
                        .unwrap_or_else(|it| it.into_inner())
                        .push(FileError { path, message: err.to_string() });
                    return ignore::WalkState::Continue;
                }
            };
            let is_nix = entry.file_type().is_some_and(|it| it.is_file())
                && entry.path().extension().is_some_and(|it| it == "nix");
            if !is_nix {
                return ignore::WalkState::Continue;
            }
            // The nearest hmopt.toml applies, so a nested project keeps its own configuration.
            match configs.for_dir(entry.path().parent().unwrap_or(root)) {
                Ok(config) if config.is_excluded(entry.path()) => {}
                Ok(config) => {
                    let input = Input::File { path: entry.into_path(), config };
                    inputs.lock().unwrap_or_else(|it| it.into_inner()).push(input);
                }
                Err(err) => {
                    *config_error.lock().unwrap_or_else(|it| it.into_inner()) = Some(err);
                    return ignore::WalkState::Quit;
                }
            }
            ignore::WalkState::Continue
        })
    });
    if let Some(err) = config_error.into_inner().unwrap_or_else(|it| it.into_inner()) {
        return Err(err);
    }
    Ok((
        inputs.into_inner().unwrap_or_else(|it| it.into_inner()),
        errors.into_inner().unwrap_or_else(|it| it.into_inner()),
    ))
}

/// A checked file, its diff (with `--diff`) and the number of fixes applied.
type Checked = (FileReport, Option<String>, usize);

const BOM: &str = "\u{feff}";

fn check_input(input: Input, fix_mode: FixMode) -> Result<Checked, FileError> {
    let (path, config, bytes, is_stdin) = match input {
        Input::File { path, config } => {
            let bytes = std::fs::read(&path).map_err(|err| FileError {
                path: path.display().to_string(),
                message: io_message(&err),
            })?;
            (path, config, bytes, false)
        }
        Input::Stdin { path, config } => {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes).map_err(|err| FileError {
                path: path.display().to_string(),
                message: io_message(&err),
            })?;
            (path, config, bytes, true)
        }
    };
    let shown = path.display().to_string();
    let text = decode(&bytes).map_err(|message| FileError { path: shown.clone(), message })?;
    let (bom, source) = match text.strip_prefix(BOM) {
        Some(rest) => (BOM, rest),
        None => ("", text),
    };
    let (unsafe_fixes, write) = match fix_mode {
        FixMode::None => {
            let diagnostics = lint::lint(source, &config.lint);
            return Ok((
                FileReport { path: shown, source: source.to_owned(), diagnostics },
                None,
                0,
            ));
        }
        FixMode::Write { unsafe_fixes } => (unsafe_fixes, true),
        FixMode::Diff { unsafe_fixes } => (unsafe_fixes, false),
    };
    let outcome = lint::fix_all(source, &config.lint, unsafe_fixes);
    for rejected in &outcome.rejected {
        eprintln!(
            "hmopt: {shown}:{}:{}: fix not applied ({}): {}",
            rejected.position.line, rejected.position.column, rejected.title, rejected.reason
        );
    }
    let (fixed, n_applied) = (outcome.text, outcome.n_applied);
    let mut diff = None;
    if n_applied > 0 {
        if !write {
            let unified = similar::TextDiff::from_lines(source, fixed.as_str())
                .unified_diff()
                .context_radius(3)
                .header(&format!("a/{shown}"), &format!("b/{shown}"))
                .to_string();
            diff = Some(unified);
        } else if is_stdin {
            print!("{bom}{fixed}");
        } else {
            write_atomically(&path, &format!("{bom}{fixed}")).map_err(|err| FileError {
                path: shown.clone(),
                message: format!("cannot write fixes: {err:#}"),
            })?;
        }
    }
    let diagnostics = lint::lint(&fixed, &config.lint);
    Ok((FileReport { path: shown, source: fixed, diagnostics }, diff, n_applied))
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

fn io_message(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => err.to_string(),
    }
}

/// Replaces `path`'s content through a temporary file in the same directory and a rename, so a
/// crash leaves either the old or the new file, never half of one. Permissions are kept.
fn write_atomically(path: &Path, text: &str) -> anyhow::Result<()> {
    let dir = path.parent().filter(|it| !it.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let permissions = std::fs::metadata(path).context("cannot read metadata")?.permissions();
    let mut temp = tempfile::Builder::new()
        .prefix(".hmopt-")
        .tempfile_in(dir)
        .context("cannot create a temporary file")?;
    temp.write_all(text.as_bytes())?;
    temp.as_file().sync_all()?;
    std::fs::set_permissions(temp.path(), permissions)?;
    temp.persist(path).map_err(|err| err.error)?;
    Ok(())
}

//! Which files `hmopt check` reads, and which `hmopt.toml` applies to each.
//!
//! A path named on the command line is checked whatever its name. Directories are searched for
//! `*.nix` files in parallel (the `ignore` crate): hidden directories too (a dotfiles repository
//! keeps its configuration under `.config/`), but not `.git` nor what `.gitignore`, `.ignore` and
//! git's excludes leave out. A symbolic link to a file is checked; a symbolic link to a directory
//! is not entered, so there are no loops and nothing is checked twice through an alias. A file
//! reached by several paths (links) is checked once, under the first of them in path order.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::config::{self, Config, Overrides};
use crate::report::{FileError, ShownPath, escape_controls};

/// Something to check.
pub(crate) struct Input {
    pub(crate) path: ShownPath,
    pub(crate) config: Arc<Config>,
    /// The text of standard input, already read; `None` for a file, read later.
    pub(crate) stdin: Option<Vec<u8>>,
    /// The file's inode as the directory listing gave it (no `stat`), for a plain file found by
    /// the walk; `None` for a named path or a link, whose identity needs a `stat`.
    listed_inode: Option<u64>,
}

/// What the paths given on the command line lead to.
pub(crate) struct Found {
    pub(crate) inputs: Vec<Input>,
    pub(crate) errors: Vec<FileError>,
    /// Files found in directories (or, with `--force-exclude`, named) but excluded by
    /// configuration.
    pub(crate) n_excluded: usize,
    /// With `--force-exclude`: the text of standard input when `--stdin-filename` is excluded,
    /// to give back unchanged with `--fix -`.
    pub(crate) excluded_stdin: Option<Vec<u8>>,
}

/// Which configuration applies where, shared by the walker threads.
pub(crate) struct ConfigCache {
    explicit: Option<Arc<Config>>,
    overrides: Overrides,
    /// Absolute directory → the configuration that applies in it.
    by_dir: Mutex<HashMap<PathBuf, Arc<Config>>>,
}

/// The message for a directory without anything to check.
const NOTHING_FOUND: &str = "no `.nix` files found (directories are searched except `.git` and what ignore files such as `.gitignore` exclude)";

/// Resolves `paths` (`-` is standard input, shown as `stdin_filename`) into inputs. Errors about
/// single paths are collected; a broken configuration file stops everything.
///
/// `exclude` globs always apply to what is found in directories; with `force_exclude` they also
/// apply to the files named in `paths` and to `stdin_filename`, as pre-commit hooks and editors
/// need: they name every file they want checked, excluded ones too.
pub(crate) fn find(
    paths: &[PathBuf],
    stdin_filename: Option<&Path>,
    force_exclude: bool,
    configs: &ConfigCache,
) -> anyhow::Result<Found> {
    let mut found =
        Found { inputs: Vec::new(), errors: Vec::new(), n_excluded: 0, excluded_stdin: None };
    for path in paths {
        if path.as_os_str() == "-" {
            let shown = stdin_filename.unwrap_or(Path::new("-"));
            let config = configs.for_dir(shown.parent().unwrap_or(Path::new(".")))?;
            let excluded = force_exclude && stdin_filename.is_some() && config.is_excluded(shown);
            let mut text = Vec::new();
            let shown = ShownPath::new(shown.to_owned());
            match std::io::stdin().lock().read_to_end(&mut text) {
                Ok(_) if excluded => {
                    found.n_excluded += 1;
                    found.excluded_stdin = Some(text);
                }
                Ok(_) => found.inputs.push(Input {
                    path: shown,
                    config,
                    stdin: Some(text),
                    listed_inode: None,
                }),
                Err(err) => found.errors.push(FileError { path: shown, message: io_message(&err) }),
            }
            continue;
        }
        let shown = ShownPath::new(path.clone());
        let metadata = match std::fs::metadata(path) {
            Ok(it) => it,
            Err(err) => {
                found.errors.push(FileError { path: shown, message: io_message(&err) });
                continue;
            }
        };
        if metadata.is_dir() {
            let n_before = found.inputs.len() + found.n_excluded;
            walk(path, configs, &mut found)?;
            if found.inputs.len() + found.n_excluded == n_before {
                found.errors.push(FileError { path: shown, message: NOTHING_FOUND.to_owned() });
            }
        } else if metadata.is_file() {
            let config = configs.for_dir(path.parent().unwrap_or(Path::new(".")))?;
            if force_exclude && config.is_excluded(path) {
                found.n_excluded += 1;
                continue;
            }
            found.inputs.push(Input { path: shown, config, stdin: None, listed_inode: None });
        } else {
            // Reading a FIFO would wait for a writer forever; a device never ends.
            let message = "not a regular file (a FIFO, socket or device), not checked".to_owned();
            found.errors.push(FileError { path: shown, message });
        }
    }
    found.inputs.sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
    // A file reached by two paths (a link, a hard link, overlapping arguments) is checked once.
    // Only files that may be such a second path need a `stat`: named paths, links, and files
    // whose listed inode another file shares. The rest are distinct already.
    let mut n_listed: HashMap<u64, u32> = HashMap::new();
    for inode in found.inputs.iter().filter_map(|it| it.listed_inode) {
        *n_listed.entry(inode).or_default() += 1;
    }
    let any_unlisted =
        found.inputs.iter().any(|it| it.stdin.is_none() && it.listed_inode.is_none());
    let ids: Vec<_> = found
        .inputs
        .par_iter()
        .map(|input| match (&input.stdin, input.listed_inode) {
            (Some(_), _) => None,
            (None, Some(inode)) if n_listed[&inode] == 1 && !any_unlisted => None,
            (None, _) => file_id(input.path.as_path()),
        })
        .collect();
    let mut seen = HashSet::new();
    let mut ids = ids.into_iter();
    found.inputs.retain(|_| ids.next().flatten().is_none_or(|id| seen.insert(id)));
    Ok(found)
}

/// Finds the `.nix` files under `root` with the parallel walker of the `ignore` crate.
fn walk(root: &Path, configs: &ConfigCache, found: &mut Found) -> anyhow::Result<()> {
    let shared = Mutex::new(Found {
        inputs: Vec::new(),
        errors: Vec::new(),
        n_excluded: 0,
        excluded_stdin: None,
    });
    let config_error: Mutex<Option<anyhow::Error>> = Mutex::new(None);
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .require_git(false)
        .filter_entry(|entry| entry.file_name() != ".git")
        .build_parallel();
    walker.run(|| {
        Box::new(|entry| {
            let lock = || shared.lock().unwrap_or_else(|it| it.into_inner());
            let entry = match entry {
                Ok(it) => it,
                Err(err) => {
                    // The message names the path it is about, in any bytes: escape them.
                    let path = ShownPath::new(root.to_owned());
                    let message = escape_controls(&err.to_string());
                    lock().errors.push(FileError { path, message });
                    return ignore::WalkState::Continue;
                }
            };
            if entry.path().extension().is_none_or(|it| it != "nix") {
                return ignore::WalkState::Continue;
            }
            let is_file = match entry.file_type() {
                Some(it) if it.is_file() => true,
                // A link is checked when it leads to a file; a link to a directory is not followed.
                Some(it) if it.is_symlink() => match std::fs::metadata(entry.path()) {
                    Ok(metadata) => metadata.is_file(),
                    Err(err) => {
                        let path = ShownPath::new(entry.path().to_owned());
                        let message = format!("broken symbolic link ({})", io_message(&err));
                        lock().errors.push(FileError { path, message });
                        false
                    }
                },
                _ => false,
            };
            if !is_file {
                return ignore::WalkState::Continue;
            }
            // The nearest hmopt.toml applies, so a nested project keeps its own configuration.
            match configs.for_dir(entry.path().parent().unwrap_or(root)) {
                Ok(config) if config.is_excluded(entry.path()) => lock().n_excluded += 1,
                Ok(config) => {
                    let listed_inode = match entry.file_type() {
                        Some(it) if it.is_file() => entry_inode(&entry),
                        _ => None,
                    };
                    let path = ShownPath::new(entry.into_path());
                    lock().inputs.push(Input { path, config, stdin: None, listed_inode });
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
    let shared = shared.into_inner().unwrap_or_else(|it| it.into_inner());
    found.inputs.extend(shared.inputs);
    found.errors.extend(shared.errors);
    found.n_excluded += shared.n_excluded;
    Ok(())
}

#[cfg(unix)]
fn entry_inode(entry: &ignore::DirEntry) -> Option<u64> {
    entry.ino()
}

#[cfg(not(unix))]
fn entry_inode(_: &ignore::DirEntry) -> Option<u64> {
    None
}

/// What identifies a file whatever path leads to it, where the platform says.
#[cfg(unix)]
fn file_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|it| (it.dev(), it.ino()))
}

#[cfg(not(unix))]
fn file_id(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

impl ConfigCache {
    pub(crate) fn new(explicit: Option<Config>, overrides: Overrides) -> ConfigCache {
        ConfigCache {
            explicit: explicit.map(Arc::new),
            overrides,
            by_dir: Mutex::new(HashMap::new()),
        }
    }

    /// The nearest `hmopt.toml` at or above `dir`, or the defaults. Each directory costs one
    /// `stat`: the answer for its parent is cached.
    pub(crate) fn for_dir(&self, dir: &Path) -> anyhow::Result<Arc<Config>> {
        if let Some(config) = &self.explicit {
            return Ok(Arc::clone(config));
        }
        let dir =
            std::path::absolute(if dir.as_os_str().is_empty() { Path::new(".") } else { dir })?;
        // Climb until a directory whose answer is known or that holds an hmopt.toml, then give
        // that answer to every directory on the way. A loop, not recursion: trees can be deep.
        let mut on_the_way = Vec::new();
        let mut current = Some(dir.as_path());
        let config = loop {
            let Some(here) = current else {
                break Arc::new(Config::defaults(&self.overrides)?);
            };
            if let Some(config) = self.by_dir.lock().unwrap_or_else(|it| it.into_inner()).get(here)
            {
                break Arc::clone(config);
            }
            on_the_way.push(here);
            let candidate = here.join(config::FILE_NAME);
            if candidate.is_file() {
                break Arc::new(Config::load(&candidate, &self.overrides)?);
            }
            current = here.parent();
        };
        let mut by_dir = self.by_dir.lock().unwrap_or_else(|it| it.into_inner());
        for dir in on_the_way {
            by_dir.insert(dir.to_owned(), Arc::clone(&config));
        }
        Ok(config)
    }
}

pub(crate) fn io_message(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => err.to_string(),
    }
}

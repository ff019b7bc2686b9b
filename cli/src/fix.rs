//! Applying fixes to files (`--fix`) and showing them as a patch (`--diff`).
//!
//! `--fix` writes to what a path leads to: through a symbolic link to its target, which stays
//! a link. It refuses a read-only file (like an editor, not like `sed -i`: a file without write
//! permission is one somebody meant not to be edited) and a file whose content changed since
//! hmopt read it (an editor saved it meanwhile), both with exit status 2.
//!
//! The new text normally goes to a temporary file in the same directory, which takes over the
//! file's permissions, owner and group and is then renamed over it: a crash leaves the old file
//! or the new one, never half of one. When that would break something the rename cannot keep,
//! the file is rewritten in place instead: when it has several hard links (a rename would
//! detach this name from the others) and when the temporary file cannot be given the owner and
//! group (only root may give files away). In place, a crash while writing can leave a mix of
//! old and new text; the file, its links, owner, extended attributes and ACLs are all kept.
//!
//! The check for a concurrent change compares the content right before the rename (or the
//! write); an edit in the microseconds between that check and the rename can still be lost.

use std::io::Write;
use std::path::{Component, Path};

use crate::report::ShownPath;

/// Writes `text` to the file at `path`, which held `original` when hmopt read it.
pub(crate) fn write(path: &Path, original: &[u8], text: &str) -> Result<(), String> {
    let target = std::fs::canonicalize(path).map_err(|err| format!("cannot resolve: {err}"))?;
    let metadata =
        std::fs::metadata(&target).map_err(|err| format!("cannot read metadata: {err}"))?;
    if metadata.permissions().readonly() {
        return Err("read-only file, fixes not written (make it writable to apply them)".to_owned());
    }
    if must_write_in_place(&metadata) {
        return write_in_place(&target, original, text);
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".hmopt-")
        .tempfile_in(dir)
        .map_err(|err| format!("cannot create a temporary file next to it: {err}"))?;
    if !take_owner(temp.as_file(), &metadata) {
        drop(temp);
        return write_in_place(&target, original, text);
    }
    let written = temp
        .write_all(text.as_bytes())
        .and_then(|()| temp.as_file().set_permissions(metadata.permissions()))
        .and_then(|()| temp.as_file().sync_all());
    written.map_err(|err| format!("cannot write a temporary file next to it: {err}"))?;
    ensure_unchanged(&target, original)?;
    temp.persist(&target).map_err(|err| format!("cannot replace it: {}", err.error))?;
    Ok(())
}

/// Whether a rename would split hard links.
fn must_write_in_place(metadata: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        metadata.nlink() > 1
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        false
    }
}

/// Gives `file` the owner and group of `metadata`; `false` when not allowed to.
fn take_owner(file: &std::fs::File, metadata: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let Ok(current) = file.metadata() else { return false };
        if (current.uid(), current.gid()) == (metadata.uid(), metadata.gid()) {
            return true;
        }
        std::os::unix::fs::fchown(file, Some(metadata.uid()), Some(metadata.gid())).is_ok()
    }
    #[cfg(not(unix))]
    {
        let _ = (file, metadata);
        true
    }
}

fn write_in_place(target: &Path, original: &[u8], text: &str) -> Result<(), String> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .open(target)
        .map_err(|err| format!("cannot open it for writing: {err}"))?;
    ensure_unchanged(target, original)?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.set_len(text.len() as u64))
        .and_then(|()| file.sync_all())
        .map_err(|err| format!("cannot write: {err}"))
}

fn ensure_unchanged(target: &Path, original: &[u8]) -> Result<(), String> {
    match std::fs::read(target) {
        Ok(now) if now == original => Ok(()),
        Ok(_) => {
            Err("changed on disk while hmopt was checking it, fixes not written (run hmopt again)"
                .to_owned())
        }
        Err(err) => Err(format!("cannot read it again before writing: {err}")),
    }
}

/// A unified diff from `old` to `new` that `git apply` and `patch -p1` both accept: paths
/// relative to the current directory without `./`, quoted like git does when they hold
/// quotes, backslashes, control characters or bytes that are not UTF-8, and ended by a tab
/// when they hold a space. `old` and `new` include the byte-order mark, if any.
pub(crate) fn diff(path: &ShownPath, old: &str, new: &str) -> String {
    let name = diff_name(path);
    let (a, b) = match name.strip_prefix('"') {
        Some(quoted) => (format!("\"a/{quoted}"), format!("\"b/{quoted}")),
        None if name.contains(' ') => (format!("a/{name}\t"), format!("b/{name}\t")),
        None => (format!("a/{name}"), format!("b/{name}")),
    };
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&a, &b)
        .to_string()
}

/// The path for a diff header, quoted when needed. git refuses `.` and `..` in a patch's
/// paths, so they are resolved lexically: `./a/./b/../c.nix` → `a/c.nix`.
fn diff_name(path: &ShownPath) -> String {
    let path = path.as_path();
    let cwd = std::env::current_dir().ok();
    let relative = match cwd.as_deref().and_then(|cwd| path.strip_prefix(cwd).ok()) {
        Some(relative) if path.is_absolute() => relative,
        _ => path,
    };
    let mut parts: Vec<&[u8]> = Vec::new();
    for component in relative.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if parts.last().is_some_and(|it| !matches!(*it, b".." | b"")) => {
                parts.pop();
            }
            Component::RootDir => parts.push(b""),
            other => parts.push(other.as_os_str().as_encoded_bytes()),
        }
    }
    let bytes = parts.join(&b'/');
    let needs_quotes = std::str::from_utf8(&bytes).is_err()
        || bytes.iter().any(|&it| it == b'"' || it == b'\\' || it < b' ' || it == 0x7f);
    if !needs_quotes {
        return String::from_utf8(bytes).unwrap_or_default();
    }
    let mut res = String::from("\"");
    for byte in bytes {
        match byte {
            b'"' => res.push_str("\\\""),
            b'\\' => res.push_str("\\\\"),
            b'\n' => res.push_str("\\n"),
            b'\t' => res.push_str("\\t"),
            b'\r' => res.push_str("\\r"),
            b' '..=b'~' => res.push(char::from(byte)),
            _ => res.push_str(&format!("\\{byte:03o}")),
        }
    }
    res.push('"');
    res
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a.nix");
        std::fs::write(&path, "edited meanwhile\n").unwrap();
        let err = write(&path, b"as read\n", "fixed\n").unwrap_err();
        assert_eq!(
            err,
            "changed on disk while hmopt was checking it, fixes not written (run hmopt again)"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "edited meanwhile\n");
        write(&path, b"edited meanwhile\n", "fixed\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "fixed\n");
    }

    #[cfg(unix)]
    #[test]
    fn a_hard_linked_file_changed_since_it_was_read_is_not_overwritten() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a.nix");
        std::fs::write(&path, "edited meanwhile\n").unwrap();
        std::fs::hard_link(&path, tmp.path().join("b.nix")).unwrap();
        assert!(write(&path, b"as read\n", "fixed\n").unwrap_err().starts_with("changed on disk"));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "edited meanwhile\n");
    }

    #[test]
    fn diff_names() {
        let name = |it: &str| diff_name(&ShownPath::new(PathBuf::from(it)));
        assert_eq!(name("./x.nix"), "x.nix");
        assert_eq!(name("./a/./b c.nix"), "a/b c.nix");
        assert_eq!(name("a/b/../../c.nix"), "c.nix");
        assert_eq!(name("../a/../c.nix"), "../c.nix");
        assert_eq!(name("a\"\\\tb.nix"), "\"a\\\"\\\\\\tb.nix\"");
        assert_eq!(name("é.nix"), "é.nix");
    }
}

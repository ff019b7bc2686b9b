//! What `hmopt check` found: the types every output format in `render/` reads.

use std::borrow::Cow;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use hmopt_core::lint::{Applicability, Diagnostic, Severity};

/// Where each rule's page is, followed by the rule's name (SARIF `helpUri`, the language
/// server's `codeDescription`).
pub(crate) const RULES_URL: &str = "https://hmopt.github.io/hmopt/rules/";

/// Everything a renderer needs.
pub(crate) struct Report {
    /// The checked files, in path order.
    pub(crate) files: Vec<FileReport>,
    /// The files (or directories) that could not be checked, in path order.
    pub(crate) errors: Vec<FileError>,
    /// `.nix` files found in directories but excluded by an `exclude` glob.
    pub(crate) n_excluded: usize,
    /// Fixes written by `--fix`.
    pub(crate) n_fixed: usize,
    /// With `--baseline`: what the baseline left out (the findings above are the new ones).
    pub(crate) baseline: Option<crate::baseline::Outcome>,
}

/// A checked file.
pub(crate) struct FileReport {
    pub(crate) path: ShownPath,
    /// The text that was linted (after fixes, without a byte-order mark).
    pub(crate) source: String,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// A file that could not be checked, or a directory without `.nix` files.
pub(crate) struct FileError {
    pub(crate) path: ShownPath,
    pub(crate) message: String,
}

/// A path as the user wrote it or the walker found it (`./overlays/a.nix`), or the name standard
/// input goes by. Paths are bytes on Unix: names with newlines, escape sequences or invalid
/// UTF-8 are legal, so each output format picks the faithful form it can carry.
#[derive(Debug, Clone)]
pub(crate) struct ShownPath(PathBuf);

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

impl ShownPath {
    pub(crate) fn new(path: PathBuf) -> ShownPath {
        ShownPath(path)
    }

    pub(crate) fn as_path(&self) -> &Path {
        &self.0
    }

    /// The path's bytes (on Unix, exactly the bytes of the name).
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.0.as_os_str().as_encoded_bytes()
    }

    /// The bytes when they are not UTF-8, for formats that can carry them losslessly.
    pub(crate) fn non_utf8_bytes(&self) -> Option<&[u8]> {
        self.0.to_str().is_none().then(|| self.as_bytes())
    }

    /// The path as text: exact when it is UTF-8, else with each byte that belongs to no UTF-8
    /// character written as `\xNN`.
    pub(crate) fn text(&self) -> Cow<'_, str> {
        if let Some(text) = self.0.to_str() {
            return Cow::Borrowed(text);
        }
        let mut res = String::new();
        for chunk in self.as_bytes().utf8_chunks() {
            res.push_str(chunk.valid());
            for byte in chunk.invalid() {
                let _ = write!(res, "\\x{byte:02X}");
            }
        }
        Cow::Owned(res)
    }

    /// [`ShownPath::text`] safe to print on a terminal and to embed in one line.
    pub(crate) fn escaped(&self) -> String {
        escape_controls(&self.text())
    }
}

/// `text` with control characters (`\n`, `\u{1b}` ..) and bidirectional overrides escaped, so
/// that it cannot move the cursor, color the terminal or reorder what is shown around it.
pub(crate) fn escape_controls(text: &str) -> String {
    let mut res = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => res.push_str("\\n"),
            '\r' => res.push_str("\\r"),
            '\t' => res.push_str("\\t"),
            c if c.is_control() || is_bidi_control(c) => {
                let _ = write!(res, "\\u{{{:x}}}", u32::from(c));
            }
            c => res.push(c),
        }
    }
    res
}

/// Characters that reorder the text around them on display (the "Trojan Source" ones).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_plain_names_and_escapes_the_rest() {
        let shown = |text: &str| ShownPath::new(PathBuf::from(text));
        assert_eq!(shown("./a b/ü.nix").escaped(), "./a b/ü.nix");
        assert_eq!(shown("a\nb\u{1b}[31m.nix").escaped(), "a\\nb\\u{1b}[31m.nix");
        assert_eq!(shown("a\u{202e}xin.txt").escaped(), "a\\u{202e}xin.txt");
        assert_eq!(shown("a\nb.nix").text(), "a\nb.nix");
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_bytes_are_written_as_hex_escapes() {
        use std::os::unix::ffi::OsStrExt;
        let path = ShownPath::new(PathBuf::from(std::ffi::OsStr::from_bytes(b"caf\xe9/\xff.nix")));
        assert_eq!(path.text(), "caf\\xE9/\\xFF.nix");
        assert_eq!(path.non_utf8_bytes(), Some(&b"caf\xe9/\xff.nix"[..]));
        assert_eq!(ShownPath::new(PathBuf::from("a.nix")).non_utf8_bytes(), None);
    }
}

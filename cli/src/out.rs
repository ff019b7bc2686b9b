//! The one way `hmopt` prints. Standard output returns its errors instead of panicking like
//! `print!`: `main` ends quietly with status 0 on a closed pipe (`hmopt rules | head -1`), like
//! ripgrep, and reports any other failure (a full disk) as `hmopt: cannot write output: ..` with
//! status 2. Standard error is best effort: when it fails too, nothing is left to tell.

use std::fmt;
use std::io::{self, Write};

/// Standard output could not be written.
#[derive(Debug)]
pub(crate) struct OutputError(pub(crate) io::Error);

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot write output: {}", self.0)
    }
}

impl std::error::Error for OutputError {}

impl OutputError {
    /// Whether the reader went away (`| head`): not worth a message.
    pub(crate) fn is_broken_pipe(&self) -> bool {
        self.0.kind() == io::ErrorKind::BrokenPipe
    }
}

/// Writes `bytes` to standard output and flushes them.
pub(crate) fn stdout(bytes: impl AsRef<[u8]>) -> Result<(), OutputError> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(bytes.as_ref()).and_then(|()| stdout.flush()).map_err(OutputError)
}

/// Writes `text` to standard error, ignoring failures.
pub(crate) fn stderr(text: &str) {
    let mut stderr = io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes()).and_then(|()| stderr.flush());
}

/// Prints `hmopt: <message>` on standard error.
pub(crate) fn error(message: &str) {
    stderr(&format!("hmopt: {message}\n"));
}

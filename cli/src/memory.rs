//! `hmopt memory` (in progress).

use std::process::ExitCode;

/// Flags of `hmopt memory`.
#[derive(Debug, clap::Args)]
pub(crate) struct MemoryArgs {
    /// The hardware profile (`.nix`, `.json` or `.toml`); `-` reads standard input.
    profile: std::path::PathBuf,
}

pub(crate) fn run(args: &MemoryArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("{}: not implemented yet", args.profile.display())
}

//! `hmopt`: the command-line face of `hmopt-core`.
//!
//! This file holds the flag definitions (the "low" layer) and the glue; each subcommand lives in
//! its own module and turns its flags into validated `hmopt-core` values first. Everything is
//! printed through [`out`]: `print!` would panic on a closed pipe or a full disk.
#![deny(clippy::print_stdout, clippy::print_stderr)]

mod baseline;
mod check;
mod config;
mod explain;
mod fix;
mod memory;
mod out;
mod render;
mod report;
mod server;
mod walk;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{CommandFactory, Parser, Subcommand};

/// Lint NIX_* variables in Nix overlays against what nixpkgs reads, and compute memory modes.
#[derive(Debug, Parser)]
#[command(name = "hmopt", version, about, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint `.nix` files: every NIX_* variable judged against what nixpkgs reads.
    Check(check::CheckArgs),
    /// List the rules.
    Rules,
    /// Print a rule's documentation or a NIX_* variable's entry with its nixpkgs source.
    Explain(explain::ExplainArgs),
    /// Compute the Codex memory mode and build feasibility from a hardware profile.
    Memory(memory::MemoryArgs),
    /// Run the language server on standard input and output, for editors (Neovim, Helix, VS
    /// Code, Emacs): diagnostics as you type, fixes as code actions, variables on hover.
    Server(server::ServerArgs),
    /// Print a shell completion script, e.g. `hmopt completions bash >
    /// ~/.local/share/bash-completion/completions/hmopt`.
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
    /// Write the man pages (`hmopt.1`, `hmopt-check.1`, ..) into a directory; `cargo xtask man`
    /// runs it.
    #[command(hide = true)]
    GenerateMan {
        /// The directory to write into; it is created if missing.
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let res = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Rules => explain::rules(),
        Command::Explain(args) => explain::run(&args),
        Command::Memory(args) => memory::run(&args),
        Command::Server(args) => server::run(&args),
        Command::Completions { shell } => completions(shell),
        Command::GenerateMan { dir } => generate_man(&dir),
    };
    match res {
        Ok(code) => code,
        Err(err) => match err.downcast_ref::<out::OutputError>() {
            // The reader is gone (`hmopt rules | head -1`): nothing is wrong, nobody to tell.
            Some(output) if output.is_broken_pipe() => ExitCode::SUCCESS,
            _ => {
                out::error(&format!("{err:#}"));
                ExitCode::from(2)
            }
        },
    }
}

fn completions(shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "hmopt", &mut script);
    out::stdout(script)?;
    Ok(ExitCode::SUCCESS)
}

fn generate_man(dir: &std::path::Path) -> anyhow::Result<ExitCode> {
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    clap_mangen::generate_to(Cli::command(), dir)
        .with_context(|| format!("{}: cannot write the man pages", dir.display()))?;
    Ok(ExitCode::SUCCESS)
}

//! Lints, or parses with rnix, one of the linter benchmarks' inputs `N` times. Under callgrind
//! (as `cargo xtask bench core` runs it) this counts the instructions of each, which unlike
//! time does not depend on the machine's load: the difference between `N` and 0 runs, divided
//! by `N`, is the cost of one.
//!
//! `cargo run --release -p hmopt-core --example instructions -- lint|parse INPUT SIZE N`, where
//! INPUT is a group of `benches/lint.rs` (`plan-overlay`, `overlay-5000-lines`, ...).

use std::hint::black_box;
use std::process::ExitCode;

use hmopt_core::lint::{LintConfig, RuleSet, lint};

#[path = "../benches/inputs/mod.rs"]
mod inputs;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [what, input, size, n] = args.as_slice() else {
        eprintln!("usage: instructions lint|parse INPUT SIZE N");
        return ExitCode::from(2);
    };
    let (Ok(size), Ok(n)) = (size.parse::<usize>(), n.parse::<usize>()) else {
        eprintln!("instructions: SIZE and N are numbers");
        return ExitCode::from(2);
    };
    let Some((_, make)) = inputs::all().into_iter().find(|(name, _)| name == input) else {
        eprintln!("instructions: no input {input}");
        return ExitCode::from(2);
    };
    let text = make(size);
    let config =
        LintConfig { rules: RuleSet::all(), extra_variables: Vec::new(), deny: Vec::new() };
    for _ in 0..n {
        match what.as_str() {
            "lint" => drop(black_box(lint(black_box(&text), &config))),
            "parse" => drop(black_box(rnix::Root::parse(black_box(&text)))),
            _ => {
                eprintln!("instructions: lint or parse, not {what}");
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::SUCCESS
}

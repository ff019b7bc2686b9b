//! Lints, or parses with rnix, one of the linter benchmarks' inputs `N` times, or lints it
//! after `N` keystrokes with [`Incremental`] (a letter typed into the first name bound after
//! the middle of the text, then deleted, alternately, after one such pair that keeps the
//! model's pieces); `keystroke-after-an-error` does the same
//! to the input with a `;` too many at its end (a syntax error). Under callgrind
//! (as `cargo xtask bench core` runs it) this counts the instructions of each, which unlike
//! time does not depend on the machine's load: the difference between `N` and 0 runs, divided
//! by `N`, is the cost of one.
//!
//! `cargo run --release -p hmopt-core --example instructions -- lint|parse|keystroke|keystroke-after-an-error INPUT SIZE N`, where
//! INPUT is a group of `benches/lint.rs` (`plan-overlay`, `overlay-5000-lines`, ...).

use std::hint::black_box;
use std::process::ExitCode;

use hmopt_core::lint::{Incremental, LintConfig, RuleSet, lint};

#[path = "../benches/inputs/mod.rs"]
mod inputs;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [what, input, size, n] = args.as_slice() else {
        eprintln!("usage: instructions lint|parse|keystroke|keystroke-after-an-error INPUT SIZE N");
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
    let mut text = make(size);
    let what = match what.as_str() {
        "keystroke-after-an-error" => {
            text.push_str(";\n");
            "keystroke"
        }
        other => other,
    };
    let config =
        LintConfig { rules: RuleSet::all(), extra_variables: Vec::new(), deny: Vec::new() };
    // The keystrokes' texts, and the linter that linted the text before them (also when N is 0,
    // so that the difference is the keystrokes alone).
    let mut linter = Incremental::default();
    let mut typed = text.clone();
    if what == "keystroke" {
        linter.lint(&text, &config);
        let middle = text.len() / 2;
        let Some(at) = text[middle..].find(" = ").map(|it| middle + it) else {
            eprintln!("instructions: no name bound after the middle of {input}");
            return ExitCode::from(2);
        };
        typed.insert(at, 'x');
        // The first keystroke on a parsed tree keeps the model's pieces for the next ones:
        // measure the keystrokes after it.
        linter.lint(&typed, &config);
        linter.lint(&text, &config);
    }
    for idx in 0..n {
        match what {
            "lint" => drop(black_box(lint(black_box(&text), &config))),
            "parse" => drop(black_box(rnix::Root::parse(black_box(&text)))),
            "keystroke" => {
                let now = if idx % 2 == 0 { &typed } else { &text };
                drop(black_box(linter.lint(black_box(now), &config)));
            }
            _ => {
                eprintln!("instructions: lint, parse or keystroke, not {what}");
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::SUCCESS
}

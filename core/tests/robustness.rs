//! No input makes the linter panic or overflow the stack: random bytes, deep nesting, big files.
//! Tests run on 2 MiB test threads, smaller than a main thread, so stack use is tested strictly.

use hmopt_core::lint::{LintConfig, RuleSet, apply_fixes, fix_all, lint};
use hmopt_core::text::LineIndex;
use proptest::prelude::*;

fn config() -> LintConfig {
    LintConfig {
        rules: RuleSet::all(),
        extra_variables: vec!["NIX_EXTRA".to_owned()],
        deny: Vec::new(),
    }
}

/// Lints, checks every range and position, and applies every fix.
fn exercise(source: &str) {
    let diagnostics = lint(source, &config());
    let index = LineIndex::new(source);
    for diagnostic in &diagnostics {
        assert!(
            diagnostic.range.start <= diagnostic.range.end && diagnostic.range.end <= source.len()
        );
        assert!(
            source.is_char_boundary(diagnostic.range.start)
                && source.is_char_boundary(diagnostic.range.end)
        );
        let start = index.line_column(source, diagnostic.range.start);
        let end = index.line_column(source, diagnostic.range.end);
        assert!(start <= end);
        assert!(index.utf16_column(source, diagnostic.range.start) >= start.column);
    }
    let _ = apply_fixes(source, &diagnostics, true);
}

/// Nix-looking fragments, so random input reaches deep into the parser and the rules.
const FRAGMENTS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    ";",
    "=",
    ".",
    ":",
    "//",
    "''",
    "\"",
    "${",
    "$",
    "rec",
    "let",
    "in",
    "with",
    "inherit",
    "env",
    "NIX_CFLAGS_COMPILE",
    "NIX_LD_FLAGS",
    "NIX_CXXFLAGS_COMPILE",
    "NIX_STORE",
    "NIX_X_",
    "old",
    "overrideAttrs",
    "mkDerivation",
    "__structuredAttrs",
    "true",
    "1.5",
    "-O3",
    "-march=x",
    "export ",
    "unset ",
    "# hmopt: ignore[unknown-variable]",
    "\n",
    " ",
    "é",
    "😀",
    "\r\n",
    "/*",
    "*/",
    "#",
    "x: ",
    "or",
    "?",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_fragments_never_panic(parts in prop::collection::vec(prop::sample::select(FRAGMENTS), 0..80)) {
        exercise(&parts.concat());
    }

    #[test]
    fn random_text_never_panics(text in "\\PC{0,300}NIX_\\PC{0,300}") {
        exercise(&text);
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let text = String::from_utf8_lossy(&bytes);
        exercise(&format!("NIX_{text}"));
    }

    #[test]
    fn fixing_twice_changes_nothing(parts in prop::collection::vec(prop::sample::select(FRAGMENTS), 0..60)) {
        let source = parts.concat();
        let once = fix_all(&source, &config(), true).text;
        let twice = fix_all(&once, &config(), true);
        let (twice, n_applied) = (twice.text, twice.n_applied);
        prop_assert_eq!(n_applied, 0);
        prop_assert_eq!(once, twice);
    }
}

#[test]
fn ten_thousand_deep_nesting_does_not_overflow() {
    let depth = 10_000;
    for (open, close) in
        [("[", "]"), ("(", ")"), ("{ a = ", "; }"), ("let a = ", "; in a"), ("x: ", ""), ("!", "")]
    {
        let source =
            format!("{}{{ env.NIX_LD_FLAGS = \"\"; }}{}", open.repeat(depth), close.repeat(depth));
        exercise(&source);
        let unbalanced = format!("{} NIX_", open.repeat(depth));
        exercise(&unbalanced);
    }
    let strings = format!("{}NIX_X{}", "\"${".repeat(depth), "}\"".repeat(depth));
    exercise(&strings);
}

#[test]
fn a_twenty_megabyte_file() {
    let block = "  p = prev.p.overrideAttrs (old: { env = (old.env or { }) // { NIX_CFLAGS_COMPILE = \"-O3\"; NIX_LD_FLAGS = \"-L/x\"; }; });\n";
    let mut source = String::from("final: prev: {\n");
    while source.len() < 20 * 1024 * 1024 {
        source.push_str(block);
    }
    source.push_str("}\n");
    let diagnostics = lint(&source, &config());
    let n_blocks = (source.len() - 17) / block.len();
    assert_eq!(diagnostics.len(), n_blocks, "one NIX_LD_FLAGS per block");
}

/// Browsers give WebAssembly about 1 MiB of stack: the linter must fit in it.
#[test]
fn deep_input_fits_in_a_one_megabyte_stack() {
    let inputs = [
        format!("{{ env.NIX_LD_FLAGS = {}1; }}", "1 + ".repeat(100_000)),
        format!("{{ env.NIX_LD_FLAGS = {}1; }}", "a.b or ".repeat(50_000)),
        format!("{{ env.NIX_LD_FLAGS = {}; }}", "[".repeat(50_000)),
        format!("NIX_X {}", "f ".repeat(100_000)),
        format!("NIX_X {}", "x: ".repeat(100_000)),
        format!("NIX_X {}", "-".repeat(100_000)),
    ];
    for input in inputs {
        let handle = std::thread::Builder::new()
            .stack_size(1024 * 1024)
            .spawn(move || {
                let _ = lint(&input, &config());
            })
            .unwrap();
        handle.join().unwrap();
    }
}

#[test]
fn nesting_just_below_the_limit_fits_in_a_one_megabyte_stack() {
    let depth = hmopt_core::lint::MAX_NESTING as usize / 2 - 10;
    let inputs = [
        format!("{}{{ env.NIX_LD_FLAGS = \"\"; }}{}", "[".repeat(depth), "]".repeat(depth)),
        format!("{{ env.NIX_LD_FLAGS = {}1{}; }}", "(".repeat(depth), ")".repeat(depth)),
        format!("{{ env.NIX_LD_FLAGS = {}1; }}", "1 + ".repeat(depth)),
        format!("{}{{ env.NIX_LD_FLAGS = \"\"; }}{}", "{ a = ".repeat(depth), "; }".repeat(depth)),
    ];
    for input in inputs {
        let handle = std::thread::Builder::new()
            .stack_size(1024 * 1024)
            .spawn(move || lint(&input, &config()).len())
            .unwrap();
        assert!(handle.join().unwrap() >= 1);
    }
}

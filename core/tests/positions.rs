//! `hmopt check` and `hmopt memory` word Nix syntax errors alike, and a second place a message
//! refers to is a related location, never a byte offset in the text.

use hmopt_core::calc::{ProfileFormat, parse_profile};
use hmopt_core::lint::{LintConfig, Rule, RuleSet, lint};

fn config() -> LintConfig {
    LintConfig { rules: RuleSet::all(), extra_variables: vec![], deny: vec![] }
}

#[test]
fn check_and_memory_word_syntax_errors_alike() {
    let cases = [
        "{\n  env.NIX_CFLAGS_COMPILE = \"-O3\"\n  memory.total = 8;\n}\n",
        "{ env.NIX_LDFLAGS = \"-L/x\"; memory.total = 8 }",
        "{ env.NIX_LDFLAGS = [ 1 % ]; }",
        "{ env.NIX_LDFLAGS = \"x\"; ",
    ];
    for text in cases {
        let from_check = lint(text, &config());
        let from_check = from_check.iter().find(|it| it.rule == Rule::SyntaxError).unwrap();
        let from_memory = parse_profile(text, ProfileFormat::Nix).unwrap_err();
        assert_eq!(from_memory.message, from_check.message, "{text:?}");
        assert_eq!(from_memory.range.as_ref(), Some(&from_check.range), "{text:?}");
    }
}

#[test]
fn a_second_place_is_a_related_location() {
    let text = "{ pkgs, ... }: pkgs.stdenv.mkDerivation {\n  NIX_CFLAGS_COMPILE = \"-O2\";\n  env.NIX_CFLAGS_COMPILE = \"-O3\";\n}\n";
    let found = lint(text, &config());
    let overlap = found.iter().find(|it| it.rule == Rule::EnvOverlap).unwrap();
    let related = overlap.related.as_ref().unwrap();
    assert_eq!(&text[related.range.clone()], "NIX_CFLAGS_COMPILE");
    assert_eq!(related.range.start, text.find("NIX_CFLAGS_COMPILE").unwrap());
    assert_eq!(related.message, "top-level `NIX_CFLAGS_COMPILE`");
    for diagnostic in &found {
        let texts = [Some(&diagnostic.message), diagnostic.help.as_ref()];
        assert!(!texts.iter().flatten().any(|it| it.contains("byte")), "{diagnostic:?}");
    }
    let err = parse_profile("{ a = 1; a = 2; }", ProfileFormat::Nix).unwrap_err();
    assert!(!err.message.contains("byte"), "{err:?}");
    assert_eq!(err.related.map(|it| it.range), Some(2..3));
}

#[test]
fn the_linter_reads_bytes_as_nix_2_8_does_but_not_only_its_grammar() {
    // A CR in the file makes the linter read the bytes as Nix does; it must not then reject
    // what newer Nix accepts (pipe operators) or judge float range, as the file without a CR
    // is not rejected either.
    for newline in ["\n", "\r\n"] {
        let source = format!(
            "{{ x = [ 1 2 ] |> builtins.length;{newline}  y = 1.0e400;{newline}  env.NIX_LDFLAGS = \"\"; }}{newline}"
        );
        let diagnostics = lint(&source, &config());
        assert!(
            diagnostics.iter().all(|it| it.rule != Rule::SyntaxError),
            "{newline:?}: {diagnostics:?}"
        );
    }
    // The bytes still count: whitespace other than space, tab, CR and LF is an error in every
    // Nix (rnix reads it as whitespace).
    for space in ["\u{a0}", "\u{85}", "\u{1680}", "\u{2000}", "\u{2028}", "\u{205f}", "\u{3000}"] {
        let diagnostics = lint(&format!("{{ x ={space}1; env.NIX_LDFLAGS = \"\"; }}\n"), &config());
        assert!(
            diagnostics.iter().any(|it| it.rule == Rule::SyntaxError),
            "{space:?}: {diagnostics:?}"
        );
    }
    // Wherever the byte is: the linter looks for such bytes a chunk at a time.
    for pad in (50..80).chain(120..140) {
        let source =
            format!("{{ p = \"{}\"; x =\u{a0}1; env.NIX_LDFLAGS = \"\"; }}\n", "a".repeat(pad));
        let diagnostics = lint(&source, &config());
        assert!(
            diagnostics.iter().any(|it| it.rule == Rule::SyntaxError),
            "{pad}: {diagnostics:?}"
        );
    }
    // The calculator evaluates Nix 2.8 and keeps rejecting them.
    assert!(parse_profile("{ memory.effectiveTotal = 1.0e400; }\r\n", ProfileFormat::Nix).is_err());
}

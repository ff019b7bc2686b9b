//! Unit tests of the evaluator, one expression or profile at a time.

use crate::calc::{
    ProfileError,
    eval::{
        Lookup, Scalar,
        machine::{BUDGET, Budget, Machine},
        parse,
    },
};

/// Evaluates `expr` as the value of an attribute and renders the result or the error kind.
fn check(expr: &str) -> String {
    check_profile(&format!("{{ x = {expr}; }}"), &["x"])
}

fn check_profile(text: &str, path: &[&str]) -> String {
    check_with_budget(text, path, BUDGET)
}

fn check_with_budget(text: &str, path: &[&str], budget: Budget) -> String {
    let program = match parse(text) {
        Ok(program) => program,
        Err(err) => return render_error(&err),
    };
    let mut machine = Machine::with_budget(&program, budget);
    match machine.lookup(path) {
        Ok(Lookup::Found(found)) => match found.value {
            Scalar::Int(n) => format!("int {n}"),
            Scalar::Float(f) => format!("float {f:?}"),
            Scalar::Str(s) => format!("string {s:?}"),
            Scalar::Other(type_name) => format!("other {type_name}"),
        },
        Ok(Lookup::Missing { depth }) => format!("missing at {depth}"),
        Ok(Lookup::NotASet { depth, type_name, .. }) => {
            format!("not a set at {depth}: {type_name}")
        }
        Err(err) => render_error(&err),
    }
}

fn render_error(err: &ProfileError) -> String {
    let mut res = format!("{:?}: {}", err.kind, err.message);
    if let Some(related) = &err.related {
        res.push_str(&format!(" ({} at byte {})", related.label, related.range.start));
    }
    res
}

#[test]
fn literals() {
    assert_eq!(check("16"), "int 16");
    assert_eq!(check("10.25"), "float 10.25");
    assert_eq!(check("1."), "float 1.0");
    assert_eq!(check(".5"), "float 0.5");
    assert_eq!(check("1.5e3"), "float 1500.0");
    assert_eq!(check("\"skylake\""), "string \"skylake\"");
    assert_eq!(check("''\n  a\n    b\n''"), "string \"a\\n  b\\n\"");
    assert_eq!(check("true"), "other a Boolean");
    assert_eq!(check("null"), "other null");
    assert_eq!(check("[ 1 2 ]"), "other a list");
    assert_eq!(check("99999999999999999999"), "Syntax: invalid integer `99999999999999999999`");
}

#[test]
fn strings_interpolate_strings_only() {
    assert_eq!(check("let a = \"sky\"; in \"${a}lake\""), "string \"skylake\"");
    assert_eq!(check("\"-O${toString 3}\""), "string \"-O3\"");
    assert_eq!(check("\"${1}\""), "Evaluation: cannot coerce an integer to a string");
    assert_eq!(check("\"a\" + \"b\""), "string \"ab\"");
    assert_eq!(check("\"a\" + 1"), "Evaluation: cannot coerce an integer to a string");
}

#[test]
fn arithmetic_follows_nix() {
    assert_eq!(check("7 / 2"), "int 3");
    assert_eq!(check("(-7) / 2"), "int -3");
    assert_eq!(check("7 / (-2)"), "int -3");
    assert_eq!(check("7 / 2.0"), "float 3.5");
    assert_eq!(check("1 + 0.5"), "float 1.5");
    assert_eq!(check("2 * 3 - 1"), "int 5");
    assert_eq!(check("- 2.5"), "float -2.5");
    assert_eq!(check("1 / 0"), "Evaluation: division by zero");
    assert_eq!(check("1.0 / 0"), "Evaluation: division by zero");
    assert_eq!(check("9223372036854775807 + 1"), "Limit: integer overflow in `+`");
    assert_eq!(
        check("1 + true"),
        "Evaluation: expected numbers for `+`, found an integer and a Boolean"
    );
}

#[test]
fn comparisons_and_logic() {
    assert_eq!(check("if 10 <= 10 then 1 else 2"), "int 1");
    assert_eq!(check("if 10 == 10.0 then 1 else 2"), "int 1");
    assert_eq!(check("if 3 > 2 && !(1 >= 2) then 1 else 2"), "int 1");
    assert_eq!(check("if false || \"a\" < \"b\" then 1 else 2"), "int 1");
    assert_eq!(check("if [ 1 { a = 2; } ] == [ 1 { a = 2; } ] then 1 else 2"), "int 1");
    assert_eq!(check("if 1 != null then 1 else 2"), "int 1");
    assert_eq!(check("if false -> throw \"x\" then 1 else 2"), "int 1");
    assert_eq!(
        check("if 1 < \"a\" then 1 else 2"),
        "Evaluation: cannot compare an integer with a string"
    );
    assert_eq!(
        check("if 1 then 1 else 2"),
        "Evaluation: expected a Boolean for the condition of `if`, found an integer"
    );
    assert_eq!(
        check("if [ 1 ] < [ 2 ] then 1 else 2"),
        "Unsupported: comparing lists with `<` is outside the Nix subset hmopt evaluates"
    );
}

#[test]
fn attribute_sets_merge_nested_paths() {
    let text = "{ memory.total = 16; memory.effectiveTotal = 8; memory = { swap = 2; }; }";
    assert_eq!(check_profile(text, &["memory", "effectiveTotal"]), "int 8");
    assert_eq!(check_profile(text, &["memory", "swap"]), "int 2");
    assert_eq!(check_profile("{ a = ({ b = 1; }); a.c = 2; }", &["a", "c"]), "int 2");
    assert_eq!(
        check_profile("{ a = 1; a = 2; }", &["a"]),
        "Evaluation: attribute `a` already defined (first defined at byte 2)"
    );
    assert_eq!(
        check_profile("{ a = 1; a.b = 2; }", &["a"]),
        "Evaluation: attribute `a.b` already defined (first defined at byte 2)"
    );
    assert_eq!(check_profile("{ \"a b\" = 1; }", &["a b"]), "int 1");
    assert_eq!(check_profile("{ a = 1; }", &["b"]), "missing at 0");
    assert_eq!(check_profile("{ a = 1; }", &["a", "b"]), "not a set at 1: an integer");
    assert_eq!(
        check_profile("{ ${\"a\"} = 1; }", &["a"]),
        "Unsupported: a dynamic attribute name is outside the Nix subset hmopt evaluates"
    );
}

#[test]
fn rec_let_inherit_with() {
    assert_eq!(check("rec { a = 2; b = a * 3; }.b"), "int 6");
    assert_eq!(check("let a = 4; b = a + 1; in b"), "int 5");
    assert_eq!(check("let a.b = 3; in a.b"), "int 3");
    assert_eq!(check("let a = 1; in let inherit a; in a"), "int 1");
    assert_eq!(check("let s = { a = 7; }; in (let inherit (s) a; in a)"), "int 7");
    assert_eq!(check("let a = 1; in { inherit a; }.a"), "int 1");
    assert_eq!(check("let a = 1; in rec { inherit a; b = a; }.b"), "int 1");
    assert_eq!(check("with { a = 3; }; a"), "int 3");
    assert_eq!(check("with { a = 3; }; with { a = 4; }; a"), "int 4");
    assert_eq!(check("let a = 1; in with { a = 2; }; a"), "int 1");
    assert_eq!(check("with { true = 1; }; true"), "other a Boolean");
    assert_eq!(check("with { }; b"), "Evaluation: undefined variable `b`");
    assert_eq!(check("with 1; b"), "Evaluation: expected a set after `with`, found an integer");
}

#[test]
fn variables_are_checked_before_evaluation() {
    assert_eq!(check("let a = 1; b = nope; in a"), "Evaluation: undefined variable `nope`");
    assert_eq!(check("let a = 1; in with { }; a"), "int 1");
}

#[test]
fn selection_with_or_defaults() {
    assert_eq!(check("{ a.b = 1; }.a.b"), "int 1");
    assert_eq!(check("{ a.b = 1; }.a.c or 5"), "int 5");
    assert_eq!(check("{ a = 1; }.a.c or 5"), "int 5");
    assert_eq!(check("{ a = 1; }.b"), "Evaluation: attribute `b` missing");
    assert_eq!(check("1 .a"), "Evaluation: expected a set to select `a` from, found an integer");
    assert_eq!(check("{ a = 1; }.${\"a\"}"), "int 1");
    assert_eq!(check("if { a.b = 1; } ? a.b then 1 else 2"), "int 1");
    assert_eq!(check("if 1 ? a then 1 else 2"), "int 2");
    assert_eq!(check("if { a.b = throw \"x\"; } ? a.b then 1 else 2"), "int 1");
}

#[test]
fn functions_and_lib_wrappers() {
    assert_eq!(check("(x: x + 1) 2"), "int 3");
    assert_eq!(check("({ a, b ? a * 2 }: b) { a = 3; }"), "int 6");
    assert_eq!(check("(args@{ a, ... }: args.c) { a = 1; c = 2; }"), "int 2");
    assert_eq!(
        check("({ a }: a) { }"),
        "Evaluation: function called without required argument `a`"
    );
    assert_eq!(
        check("({ a }: a) { a = 1; b = 2; }"),
        "Evaluation: function called with unexpected argument `b`"
    );
    let profile =
        "{ lib, ... }: { m = lib.mkDefault (lib.mkForce (lib.mkOverride 10 (lib.mkIf true 8))); }";
    assert_eq!(check_profile(profile, &["m"]), "int 8");
    assert_eq!(check_profile("hw: { m = hw.lib.mkDefault 8; }", &["m"]), "int 8");
    assert_eq!(check_profile("{ lib }: with lib; { m = mkForce 8; }", &["m"]), "int 8");
    assert_eq!(
        check_profile("{ lib, ... }: { m = lib.mkIf false 8; }", &["m"]),
        "Unsupported: `lib.mkIf` with a false condition is outside the Nix subset hmopt evaluates"
    );
    assert_eq!(
        check_profile("{ lib, ... }: { m = lib.optionalString true \"a\"; }", &["m"]),
        "Unsupported: `lib.optionalString` (only lib.mkDefault, lib.mkForce, lib.mkOverride and lib.mkIf are known) is outside the Nix subset hmopt evaluates"
    );
}

#[test]
fn laziness_skips_what_is_not_asked_for() {
    let text = "{ pkgs, lib, ... }: { gpu = pkgs.cudaPackages; other = import ./x.nix; memory.total = 16; }";
    assert_eq!(check_profile(text, &["memory", "total"]), "int 16");
    assert_eq!(
        check_profile(text, &["gpu"]),
        "Unsupported: `pkgs.cudaPackages` is outside the Nix subset hmopt evaluates"
    );
    assert_eq!(
        check_profile(text, &["other"]),
        "Unsupported: calling `import` is outside the Nix subset hmopt evaluates"
    );
    assert_eq!(
        check("builtins.readFile \"/etc/x\""),
        "Unsupported: `builtins.readFile` is outside the Nix subset hmopt evaluates"
    );
    assert_eq!(check("let x = throw \"no\"; in 1"), "int 1");
    assert_eq!(check("throw \"no\""), "Evaluation: throw: no");
}

#[test]
fn infinite_recursion_is_an_error() {
    assert_eq!(
        check_profile("rec { a = a; }", &["a"]),
        "Evaluation: infinite recursion encountered"
    );
    assert_eq!(check("let a = b; b = a; in a"), "Evaluation: infinite recursion encountered");
    assert_eq!(
        check("let f = x: f x; in f 1"),
        "Limit: evaluation nested too deeply (hmopt follows at most 200 levels)"
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let cases = [
        format!("1{}", " + 1".repeat(10_000)),
        format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000)),
        format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000)),
        format!("{}1{}", "{ a = ".repeat(10_000), "; }".repeat(10_000)),
        format!("{}1", "- ".repeat(10_000)),
        format!("{}1", "x: ".repeat(10_000)),
        format!("{}1", "with {}; ".repeat(10_000)),
        format!(
            "let {} in a0",
            (0..10_000).map(|i| format!("a{i} = a{} + 1;", i + 1)).collect::<String>()
                + "a10000 = 0;"
        ),
    ];
    for text in cases {
        let res = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || check(&text))
            .unwrap()
            .join()
            .unwrap();
        assert!(res.starts_with("Limit: "), "{res}");
    }
}

#[test]
fn nesting_below_the_limits_evaluates() {
    assert_eq!(check(&format!("1{}", " + 1".repeat(90))), "int 91");
    assert_eq!(check(&format!("{}1{}", "(".repeat(90), ")".repeat(90))), "int 1");
    let chain = (0..80).map(|i| format!("a{i} = a{} + 1;", i + 1)).collect::<String>();
    assert_eq!(check(&format!("let {chain} a80 = 0; in a0")), "int 80");
}

#[test]
fn syntax_errors_say_what_was_expected() {
    assert_eq!(check_profile("{ a = 1 }", &["a"]), "Syntax: unexpected `}`, expected `;`");
    assert_eq!(check_profile("{ a = 1;", &["a"]), "Syntax: unexpected end of file");
    assert_eq!(check_profile("1e300", &[]), "Evaluation: undefined variable `e300`");
}

/// Each case was checked with `nix-instantiate --eval` (Nix 2.8); `nix_differential.rs` checks
/// them again against the installed Nix.
#[test]
fn lexing_follows_nix() {
    // A CR ends a `#` comment; in `"..."` CR and CRLF are LF.
    assert_eq!(check("8 # note\r+ 12"), "int 20");
    assert_eq!(check("8 # note\r\n+ 12"), "int 20");
    assert_eq!(check("8 /* a\rb */ + 12"), "int 20");
    assert_eq!(
        check("let x = 8; in x # c\rx"),
        "Evaluation: attempt to call something which is not a function but an integer"
    );
    assert_eq!(check("if \"a\rb\" == \"a\\nb\" then 1 else 2"), "int 1");
    assert_eq!(check("if \"a\r\nb\" == \"a\\nb\" then 1 else 2"), "int 1");
    assert_eq!(check("if \"a\\\rb\" == \"a\\rb\" then 1 else 2"), "int 1");
    // In `''...''` line endings stay as written.
    assert_eq!(check("if ''a\rb'' == \"a\\rb\" then 1 else 2"), "int 1");
    assert_eq!(check("if ''\r\n  a\r\n'' == \"\\r\\n  a\\r\\n\" then 1 else 2"), "int 1");
    assert_eq!(check("if ''\n    a''\\n  b\n'' == \"a\\nb\\n\" then 1 else 2"), "int 1");
    // `0.` is an integer and a dot, `1.5e` a float and a variable, `16/(2)` a division.
    assert_eq!(check("16/(2)"), "int 8");
    assert_eq!(check("let a = 1.5e; in 8"), "Evaluation: undefined variable `e`");
    assert_eq!(check("let a = 0.x; in 8"), "int 8");
    assert_eq!(
        check("let a = 0.; in 8"),
        "Syntax: unexpected `;`, expected an identifier, `or` or `__curPos`"
    );
}

#[test]
fn what_nix_rejects_while_lexing_is_rejected() {
    let cases = [
        (
            "8\u{a0}",
            "Syntax: unexpected no-break space (U+00A0): Nix accepts only spaces, tabs and line breaks between tokens",
        ),
        (
            "8\u{c}",
            "Syntax: unexpected form feed (U+000C): Nix accepts only spaces, tabs and line breaks between tokens",
        ),
        (
            "8\u{b}",
            "Syntax: unexpected vertical tab (U+000B): Nix accepts only spaces, tabs and line breaks between tokens",
        ),
        (
            "8\u{2028}",
            "Syntax: unexpected line separator (U+2028): Nix accepts only spaces, tabs and line breaks between tokens",
        ),
        ("1.0e-320", "Syntax: invalid float `1.0e-320` (out of the range of a 64-bit float)"),
        ("1.0e400", "Syntax: invalid float `1.0e400` (out of the range of a 64-bit float)"),
        ("1.0e-400", "Syntax: invalid float `1.0e-400` (out of the range of a 64-bit float)"),
        (
            "2.2250738585072012e-308",
            "Syntax: invalid float `2.2250738585072012e-308` (out of the range of a 64-bit float)",
        ),
        ("let a = 1 |> 2; in 8", "Syntax: unexpected `|>`: Nix 2.8 has no pipe operators"),
        ("let a = 1 | 2; in 8", "Syntax: unexpected `|`"),
        (
            "({ a, a }: 8) { a = 1; }",
            "Syntax: duplicate function argument `a` (first declared at byte 9)",
        ),
        (
            "(a@{ a ? 1 }: 8) { }",
            "Syntax: duplicate function argument `a` (first declared at byte 7)",
        ),
        ("let f = x: ./a/${y}; in 8", "Evaluation: undefined variable `y`"),
        ("let x = { ${y} = 1; }; in 8", "Evaluation: undefined variable `y`"),
        ("let x = { a.${\"b\"}.c = y; }; in 8", "Evaluation: undefined variable `y`"),
        ("let x = rec { \"${y}\" = 1; }; in 8", "Evaluation: undefined variable `y`"),
        (
            "8\0",
            "Unsupported: a NUL byte, where Nix 2.8 stops reading the text, is outside the Nix subset hmopt evaluates",
        ),
    ];
    for (expr, expected) in cases {
        assert_eq!(check(expr), expected, "{expr:?}");
    }
    assert_eq!(
        check_profile("\u{feff}{ x = 8; }", &["x"]),
        "Syntax: unexpected byte order mark (U+FEFF): Nix does not accept one"
    );
    // Still fine: the boundaries, and what only looks like the above.
    assert_eq!(check("2.2250738585072013e-308 * 0"), "float 0.0");
    assert_eq!(check("1.7976931348623157e308 * 0"), "float 0.0");
    assert_eq!(check("0.0e-400"), "float 0.0");
    assert_eq!(check("let x = { ${\"a\"} = 1; }; in 8"), "int 8");
    assert_eq!(check("\"\u{a0}\" # \u{a0}\0\n"), "string \"\\u{a0}\"");
    assert_eq!(check("if true || false then 8 else 1"), "int 8");
}

#[test]
fn the_budget_counts_steps_and_values() {
    let small = Budget { steps: 1000, values: 1000 };
    let check_small = |expr: &str| check_with_budget(&format!("{{ x = {expr}; }}"), &["x"], small);
    let recursion = "let f = n: if n == 0 then 1 else f (n - 1) + f (n - 1); in f 10";
    assert_eq!(check(recursion), "int 1024");
    assert_eq!(
        check_small(recursion),
        "Limit: evaluation took more than 1,000 steps (hmopt's budget: does the profile recurse without end?)"
    );
    let doublings: String = (1..=10).map(|i| format!("s{i} = s{} + s{};", i - 1, i - 1)).collect();
    let strings = format!("let s0 = \"abcdefgh\"; {doublings} in s10 == s10");
    assert_eq!(check(&strings), "other a Boolean");
    assert_eq!(
        check_small(&strings),
        "Limit: evaluation allocated more than 1,000 values (hmopt's memory budget)"
    );
    let attrs: String = (0..600).map(|i| format!("a{i} = {i};")).collect();
    let update = format!("let a = {{ {attrs} }}; in (a // a).a599");
    assert_eq!(check(&update), "int 599");
    assert_eq!(
        check_small(&update),
        "Limit: evaluation allocated more than 1,000 values (hmopt's memory budget)"
    );
    let list = format!("let l = [ {} ]; in l ++ l == l", "1 ".repeat(600));
    assert_eq!(check(&list), "other a Boolean");
    assert_eq!(
        check_small(&list),
        "Limit: evaluation allocated more than 1,000 values (hmopt's memory budget)"
    );
}

//! Differential test: hmopt's Nix evaluator against real Nix (`nix-instantiate`, Nix 2.8 from
//! Debian's `nix-bin`, which `cargo xtask test` installs).
//!
//! A seeded generator writes profiles that use every construct of the supported subset, plus
//! some that Nix rejects and some that hmopt does not support. For each profile, hmopt's
//! `effectiveTotal` must equal Nix's, or hmopt must refuse with an unsupported-construct (or
//! limit) error. A profile Nix rejects must not get a number from hmopt.
//!
//! Profiles hmopt accepts are evaluated by Nix in batches; a batch that fails is split in halves
//! until the failing profiles are found. Profiles hmopt rejects are evaluated by Nix one by one,
//! since one Nix error ends a whole evaluation (`builtins.tryEval` catches only `throw` and
//! `assert`).

use std::{
    fmt::Write as _,
    io::Write as _,
    path::{Path, PathBuf},
    process::Command,
};

use hmopt_core::calc::{
    Number, ProfileError, ProfileErrorKind, ProfileFormat, compute, effective_total, parse_profile,
};

const N_CASES: usize = 800;
const SEED: u64 = 0x5eed_1234_abcd_0042;
const BATCH: usize = 100;
const N_LEXING_CASES: usize = 600;
const LEXING_SEED: u64 = 0x1e71_c0de_2808_cafe;

/// Everything the test driver needs to know about Nix's view of a profile.
const PRELUDE: &str = r#"
let
  lib = {
    mkDefault = x: x;
    mkForce = x: x;
    mkOverride = n: x: x;
    mkIf = c: x: if c then x else throw "mkIf false";
  };
  load = f: let raw = import f; in if builtins.isFunction raw then raw { inherit lib; } else raw;
  show = p: expected:
    let
      m = p.memory;
      v = if m ? effectiveTotal then m.effectiveTotal else m.total;
      t = builtins.typeOf v;
      march = p.build.compiler.march or "x86-64-v3";
    in [
      (if t == "int" then "int:${toString v}"
       else if t == "float" then (if expected != null && v == expected then "float:same" else "float:other")
       else "type:${t}")
      (if builtins.isString march then march else null)
    ];
in
"#;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

struct Gen {
    rng: Rng,
    fresh: u32,
    lib: bool,
}

impl Gen {
    fn fresh(&mut self) -> u32 {
        self.fresh += 1;
        self.fresh
    }

    /// An expression that is usually a number; `vars` are numeric variables in scope.
    fn num(&mut self, depth: u32, vars: &[String]) -> String {
        if self.rng.chance(1) {
            return self.broken(depth, vars);
        }
        if depth == 0 {
            return match self.rng.below(4) {
                0 if !vars.is_empty() => vars[self.rng.below(vars.len() as u64) as usize].clone(),
                1 => {
                    let floats =
                        ["0.5", "10.25", "8.0", "12.", "1.5e1", ".25", "3.75", "10.0", "2.5E0"];
                    floats[self.rng.below(floats.len() as u64) as usize].to_owned()
                }
                _ => self.rng.below(41).to_string(),
            };
        }
        let d = depth - 1;
        match self.rng.below(20) {
            0 => format!("({} + {})", self.num(d, vars), self.num(d, vars)),
            1 => format!("({} - {})", self.num(d, vars), self.num(d, vars)),
            2 => format!("({} * {})", self.num(d, vars), self.num(d, vars)),
            3 => format!("({} / {})", self.num(d, vars), self.num(d, vars)),
            4 => format!(
                "(if {} then {} else {})",
                self.boolean(d, vars),
                self.num(d, vars),
                self.num(d, vars)
            ),
            5 => {
                let n = self.fresh();
                let (x, y) = (format!("x{n}"), format!("y{n}"));
                let a = self.num(d, vars);
                let mut inner = vars.to_vec();
                inner.push(x.clone());
                let b = self.num(d, &inner);
                inner.push(y.clone());
                let body = self.num(d, &inner);
                format!("(let {x} = {a}; {y} = {x} + {b}; in {body})")
            }
            6 => format!("(rec {{ a = {}; b = a + {}; }}).b", self.num(d, vars), self.num(d, vars)),
            7 => {
                let n = self.fresh();
                let w = format!("w{n}");
                let a = self.num(d, vars);
                let mut inner = vars.to_vec();
                inner.push(w.clone());
                format!("(with {{ {w} = {a}; }}; {w} + {})", self.num(d, &inner))
            }
            8 => {
                let name = if self.rng.chance(50) { "p" } else { "q" };
                format!("({{ p = {}; }}.{name} or {})", self.num(d, vars), self.num(d, vars))
            }
            9 => format!("((x: x + {}) {})", self.num(d, vars), self.num(d, vars)),
            10 => {
                let call = if self.rng.chance(50) { "{ a = B; }" } else { "{ a = B; b = C; }" };
                let call = call.replace('B', &self.num(d, vars)).replace('C', &self.num(d, vars));
                format!("(({{ a, b ? {} }}: a - b) {call})", self.num(d, vars))
            }
            11 => format!(
                "(let s = {{ inherit (t) u; }}; t = {{ u = {}; }}; in s.u)",
                self.num(d, vars)
            ),
            12 => format!("(- {})", self.num(d, vars)),
            13 if self.lib => {
                let a = self.num(d, vars);
                match self.rng.below(4) {
                    0 => format!("(lib.mkDefault {a})"),
                    1 => format!("(lib.mkForce {a})"),
                    2 => format!("(lib.mkOverride 50 {a})"),
                    _ => format!("(lib.mkIf {} {a})", self.boolean(d, vars)),
                }
            }
            14 => {
                let s = if self.rng.chance(50) { "\"ab\"" } else { "(\"a\" + \"b\")" };
                format!(
                    "(if \"${{{s}}}x\" == \"abx\" then {} else {})",
                    self.num(d, vars),
                    self.num(d, vars)
                )
            }
            15 => format!("(let inherit ({{ k = {}; }}) k; in k * 2)", self.num(d, vars)),
            16 => format!("({{ m.n = {}; m.o = 1; }}.m.n)", self.num(d, vars)),
            17 => format!(
                "(if {{ a.b = 1; }} ? a.b then {} else {})",
                self.num(d, vars),
                self.num(d, vars)
            ),
            _ => self.num(d, vars),
        }
    }

    fn boolean(&mut self, depth: u32, vars: &[String]) -> String {
        if depth == 0 {
            return match self.rng.below(3) {
                0 => "true".to_owned(),
                1 => "false".to_owned(),
                _ => format!("({} <= 10)", self.num(0, vars)),
            };
        }
        let d = depth - 1;
        let ops = ["<", "<=", ">", ">=", "==", "!="];
        match self.rng.below(9) {
            0..=2 => {
                let op = ops[self.rng.below(ops.len() as u64) as usize];
                format!("({} {op} {})", self.num(d, vars), self.num(d, vars))
            }
            3 => format!("({} && {})", self.boolean(d, vars), self.boolean(d, vars)),
            4 => format!("({} || {})", self.boolean(d, vars), self.boolean(d, vars)),
            5 => format!("(!{})", self.boolean(d, vars)),
            6 => format!("({} -> {})", self.boolean(d, vars), self.boolean(d, vars)),
            7 => "(\"a\" < \"b\")".to_owned(),
            _ => "({ a = 1; } ? a)".to_owned(),
        }
    }

    /// Something Nix rejects, or hmopt does not support.
    fn broken(&mut self, depth: u32, vars: &[String]) -> String {
        let ok = if depth == 0 { "1".to_owned() } else { self.num(depth - 1, vars) };
        match self.rng.below(11) {
            0 => "(1 + \"a\")".to_owned(),
            1 => "undefinedVariable".to_owned(),
            2 => "(rec { a = a; }).a".to_owned(),
            3 => "({ p = 1; }.q)".to_owned(),
            4 => format!("(if 1 then {ok} else 2)"),
            5 => "(throw \"boom\")".to_owned(),
            6 => format!("(assert false; {ok})"),
            7 => "(import ./does-not-exist.nix)".to_owned(),
            8 => "(builtins.length [ 1 2 ])".to_owned(),
            9 => "({ a = 1; a = 2; }.a)".to_owned(),
            _ => format!("({ok} / 0)"),
        }
    }

    fn profile(&mut self) -> String {
        let shape = self.rng.below(8);
        self.lib = matches!(shape, 4..=6);
        let total = self.num(3, &[]);
        let effective = self.num(4, &[]);
        let memory = match self.rng.below(20) {
            0..=2 => format!("memory.total = {total};"),
            3 => "memory.other = 1;".to_owned(),
            4 => "memory.effectiveTotal = \"16\";".to_owned(),
            5 => format!("memory = {{ total = {total}; }}; memory.effectiveTotal = {effective};"),
            _ => format!("memory.total = {total}; memory.effectiveTotal = {effective};"),
        };
        match shape {
            0 | 1 => format!("{{ {memory} build.compiler.march = \"skylake\"; }}"),
            2 => format!("let base = {}; in {{ {memory} extra = base; }}", self.num(2, &[])),
            3 => format!(
                "rec {{ base = {}; {} }}",
                self.num(2, &[]),
                memory.replace("= 1;", "= base;")
            ),
            4 => format!("{{ lib, ... }}:\n{{\n  {memory}\n}}"),
            5 => format!("{{ lib }}: with lib; {{ {memory} }}"),
            6 => format!("hw: {{ {memory} }}").replace("lib.", "hw.lib."),
            _ => format!("{{ {memory} }} // {{ unrelated = {}; }}", self.num(1, &[])),
        }
    }
}

/// Lexing: numbers, operators, whitespace and comments of every kind between tokens, and string
/// literals of both kinds with escapes, interpolations, CR and CRLF.
struct LexGen {
    rng: Rng,
}

impl LexGen {
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.rng.below(items.len() as u64) as usize]
    }

    /// Whitespace and comments, possibly nothing.
    fn separator(&mut self) -> String {
        let mut res = String::new();
        for _ in 0..self.rng.below(4) {
            if self.rng.chance(3) {
                // What Nix rejects between tokens.
                res.push_str(self.pick(&[
                    "\u{a0}", "\u{c}", "\u{b}", "\u{feff}", "\u{2028}", "\u{3000}", "\u{1680}",
                ]));
                continue;
            }
            match self.rng.below(6) {
                0 | 1 => res.push_str(self.pick(&[" ", "  ", "\t", "\n", "\r", "\r\n"])),
                2 | 3 => {
                    res.push_str(self.pick(&["# c", "#", "# a /* b", "# \"x\" ''y''", "# \u{a0}"]));
                    res.push_str(self.pick(&["\n", "\r", "\r\n", "\r\r\n", "\n\r"]));
                }
                _ => res.push_str(self.pick(&[
                    "/* c */",
                    "/* a\rb */",
                    "/**/",
                    "/* ** */",
                    "/* # */",
                    "/*\r\n*/",
                ])),
            }
        }
        res
    }

    fn number(&mut self) -> &'static str {
        self.pick(&[
            "8",
            "12",
            "3",
            "0.5",
            "1.",
            ".5",
            "1.e1",
            "1.5e1",
            "1.5E+1",
            "2.5e-1",
            "25e-1",
            "0.",
            "0.x",
            "1.5e",
            "1.5e+",
            "1.0e400",
            "1.0e-320",
            "0.0e-400",
            "00.5",
            "07",
            "16/(2)",
            "7/2",
            "1.5e-3",
            "1.7976931348623157e308",
            "2.2250738585072012e-308",
        ])
    }

    /// A numeric expression whose tokens are separated by anything Nix allows, or not.
    fn soup(&mut self) -> String {
        if self.rng.chance(30) {
            let (a, b) = (self.number(), self.number());
            let (s1, s2, s3) = (self.separator(), self.separator(), self.separator());
            return format!("{{ memory.total = let a = {a};{s1}b = {b};{s2}in a{s3}+ b; }}");
        }
        let mut expr = self.number().to_owned();
        for _ in 0..self.rng.below(3) + 1 {
            let op = self.pick(&["+", "-", "*", "/", "||", "|>"]);
            let (before, after) = (self.separator(), self.separator());
            let operand = self.number();
            expr = format!("{expr}{before}{op}{after}{operand}");
        }
        let end = self.separator();
        format!("{{ memory.total = {expr}{end}; }}")
    }

    /// A string literal of either kind.
    fn string(&mut self, depth: u32) -> String {
        match self.rng.chance(50) {
            true => self.double_quoted(depth),
            false => self.indented(depth),
        }
    }

    fn interpolation(&mut self, depth: u32) -> String {
        match (depth, self.rng.below(3)) {
            (0, _) | (_, 0) => {
                format!("${{{}}}", self.pick(&["\"x\"", "toString 1", "\"a\\rb\""]))
            }
            _ => format!("${{ {} }}", self.string(depth - 1)),
        }
    }

    fn double_quoted(&mut self, depth: u32) -> String {
        let mut res = String::from("\"");
        for _ in 0..self.rng.below(8) {
            if self.rng.chance(10) {
                let interpolation = self.interpolation(depth);
                res.push_str(&interpolation);
                continue;
            }
            res.push_str(self.pick(&[
                "a", "bc", " ", "\t", "\n", "\r", "\r\n", "\r\r", "\\n", "\\t", "\\r", "\\$",
                "\\\\", "\\\"", "\\q", "\\\r", "\\\r\n", "\\\n", "$", "$$", "$${", "é", "\u{a0}",
                "'", "''", "#", "/*", "\\${",
            ]));
        }
        res.push('"');
        res
    }

    fn indented(&mut self, depth: u32) -> String {
        let mut res = String::from("''");
        res.push_str(self.pick(&["", "\n", "  \n", "\r\n", "  \r\n", " a", "\r"]));
        for line in 0..self.rng.below(5) {
            if 0 < line {
                res.push_str(self.pick(&["\n", "\n", "\r\n", "\r"]));
            }
            res.push_str(self.pick(&["", " ", "  ", "    ", "\t", "  \t"]));
            for _ in 0..self.rng.below(4) {
                if self.rng.chance(10) {
                    let interpolation = self.interpolation(depth);
                    res.push_str(&interpolation);
                    continue;
                }
                res.push_str(self.pick(&[
                    "a", "b c", "  ", "''$", "'''", "''\\n", "''\\t", "''\\ ", "''\\r", "''\\\r",
                    "$", "$$", "$'", "'", "\\n", "\\", "\"", "é", "\u{a0}", "#", "$${",
                ]));
            }
        }
        res.push_str(self.pick(&["", "\n", "\n  ", "\r\n  ", "  "]));
        res.push_str("''");
        res
    }

    fn profile(&mut self) -> String {
        match self.rng.chance(40) {
            true => self.soup(),
            false => {
                let string = self.string(1);
                format!("{{ memory.total = 8; build.compiler.march = {string}; }}")
            }
        }
    }
}

/// The cases of the issues: CR in comments and strings, and what Nix rejects while lexing or
/// before evaluating.
const EDGE_CASES: &[&str] = &[
    "{ memory.total = 8 # note\r+ 12; }",
    "{ memory.total = 8 # note\r\n+ 12; }",
    "{ memory.total = 8 /* a\rb */ + 12; }",
    "{ memory.total = 8; build.compiler.march = \"a\rb\"; }",
    "{ memory.total = 8; build.compiler.march = \"a\r\nb\"; }",
    "{ memory.total = 8; build.compiler.march = \"a\\\rb\"; }",
    "{ memory.total = 8; build.compiler.march = ''a\rb''; }",
    "{ memory.total = 8; build.compiler.march = ''\r\n  a\r\n  b\r\n''; }",
    "{ memory.total = 8; build.compiler.march = ''\n  a\r\n  b\r\n''; }",
    "{ memory.total = 8; build.compiler.march = ''\n    a''\\n  b\n''; }",
    "{ memory.total = 8;\u{a0}}",
    "{ memory.total = 8;\u{c}}",
    "{ memory.total = 8;\u{b}}",
    "\u{feff}{ memory.total = 8; }",
    "{ memory.total = 1.0e-320; }",
    "{ memory.total = 1.0e400; }",
    "{ memory.total = 8; x = 2.2250738585072012e-308; }",
    "{ memory.total = 8; x = 2.2250738585072013e-308; }",
    "{ memory.total = ({ a, a }: 8) { a = 1; }; }",
    "{ memory.total = (a@{ a ? 1 }: 8) { }; }",
    "{ lib, lib }: { memory.total = 8; }",
    "{ memory.total = 8; f = x: ./a/${y}; }",
    "{ memory.total = 8; x = { ${y} = 1; }; }",
    "{ memory.total = 8; x = { a.${\"b\"}.c = y; }; }",
    "{ memory.total = 16/(2); }",
    "{ memory.total = 8; x = 0.; }",
    "{ memory.total = 8; x = 0.y; }",
    "{ memory.total = 8; x = 1.5e; }",
    "{ memory.total = 8; x = 1 |> 2; }",
    "{ memory.total = 8; x = 1 <| 2; }",
];

/// What hmopt makes of a profile.
#[derive(Debug)]
enum Hmopt {
    Number(Number),
    NotANumber,
    /// Nix must reject it too.
    Rejected(String),
    /// Unsupported or over a limit: any Nix result is acceptable.
    Refused(String),
}

/// hmopt's answer for a profile: the effective total and, when the rules get that far, the
/// `-march` value (which may come from a string literal under test).
#[derive(Debug)]
struct Ours {
    total: Hmopt,
    march: Option<String>,
}

fn classify(err: &ProfileError) -> Hmopt {
    match err.kind {
        ProfileErrorKind::Unsupported | ProfileErrorKind::Limit => Hmopt::Refused(err.to_string()),
        ProfileErrorKind::Value if err.message.starts_with("expected a number") => {
            Hmopt::NotANumber
        }
        _ => Hmopt::Rejected(err.to_string()),
    }
}

fn hmopt(text: &str) -> Ours {
    let profile = match parse_profile(text, ProfileFormat::Nix) {
        Ok(profile) => profile,
        Err(err) => return Ours { total: classify(&err), march: None },
    };
    let total = match effective_total(&profile) {
        Ok(total) => total.value,
        Err(err) => return Ours { total: classify(&err), march: None },
    };
    let in_range = 0.0 < total.as_f64() && total.as_f64() <= 65536.0;
    if !in_range {
        return Ours { total: Hmopt::Number(total), march: None };
    }
    match compute(&profile) {
        Ok(report) => {
            let march = report.compiler_flags[0].strip_prefix("-march=").map(str::to_owned);
            Ours { total: Hmopt::Number(total), march }
        }
        // `build.compiler.march` is not a string: Nix's driver shows `null`.
        Err(err) if err.kind == ProfileErrorKind::Value => {
            Ours { total: Hmopt::Number(total), march: None }
        }
        Err(err) => Ours { total: classify(&err), march: None },
    }
}

/// A float as a Nix float literal that parses to the same value.
fn nix_float(f: f64) -> String {
    let text = format!("{f:e}");
    let text = match text.split_once('e') {
        Some((mantissa, exponent)) if !mantissa.contains('.') => format!("{mantissa}.0e{exponent}"),
        _ => text,
    };
    format!("({text})")
}

fn expected_literal(res: &Hmopt) -> String {
    match res {
        Hmopt::Number(Number::Float(f)) if f.is_finite() => nix_float(*f),
        // Overflow: Nix's floats become infinite as IEEE floats do.
        Hmopt::Number(Number::Float(f)) if *f == f64::INFINITY => "(1.0e308 * 10.0)".to_owned(),
        Hmopt::Number(Number::Float(f)) if *f == f64::NEG_INFINITY => {
            "(-1.0e308 * 10.0)".to_owned()
        }
        _ => "null".to_owned(),
    }
}

/// Nix's answer for one profile: the shown total and the `-march` string, if it is one.
type Theirs = (String, Option<String>);

fn nix_instantiate(dir: &Path, file: &str) -> Result<Vec<Theirs>, String> {
    let output = Command::new("nix-instantiate")
        .args(["--eval", "--strict", "--json", "--readonly-mode"])
        .arg(dir.join(file))
        .env("NIX_STATE_DIR", dir.join("nix-state"))
        .output()
        .map_err(|err| format!("cannot run nix-instantiate: {err}"))?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    serde_json::from_slice(&output.stdout).map_err(|err| {
        format!(
            "nix printed something else than JSON ({err}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

/// Evaluates `cases` (indices) in one Nix run; splits the batch on failure. Returns, per case,
/// Nix's answer or its error.
fn run_batch(
    dir: &Path,
    cases: &[usize],
    expected: &[String],
    out: &mut Vec<(usize, Result<Theirs, String>)>,
) {
    let mut driver = PRELUDE.to_owned();
    driver.push('[');
    for &idx in cases {
        let _ = write!(driver, "\n  (show (load ./case{idx}.nix) {})", expected[idx]);
    }
    driver.push_str("\n]\n");
    let name = format!("batch{}-{}.nix", cases[0], cases.len());
    if let Err(err) = std::fs::write(dir.join(&name), driver) {
        panic!("cannot write {name}: {err}");
    }
    match nix_instantiate(dir, &name) {
        Ok(values) if values.len() == cases.len() => {
            out.extend(cases.iter().copied().zip(values.into_iter().map(Ok)));
        }
        Ok(values) => panic!("nix printed {} values for {} cases", values.len(), cases.len()),
        Err(err) if cases.len() == 1 => out.push((cases[0], Err(err))),
        Err(_) => {
            let (left, right) = cases.split_at(cases.len() / 2);
            run_batch(dir, left, expected, out);
            run_batch(dir, right, expected, out);
        }
    }
}

/// Whether `nix-instantiate` can be run. Without it the oracle tests are skipped, loudly, so
/// that `cargo test` passes on a machine without Nix; with `CI=true` they fail instead.
fn nix_available(test: &str) -> bool {
    let found = Command::new("nix-instantiate")
        .arg("--version")
        .output()
        .is_ok_and(|it| it.status.success());
    if found {
        return true;
    }
    let hint = "nix-instantiate is not on PATH: run `cargo xtask test`, which installs Debian's nix-bin (Nix 2.8), \
                or `apt-get install nix-bin`";
    assert!(std::env::var("CI").as_deref() != Ok("true"), "{test}: {hint}");
    // Written to the process's standard error directly: the test harness captures `eprintln!`
    // of passing tests, and a skip must not go unnoticed.
    let banner = "!".repeat(100);
    let _ = writeln!(std::io::stderr(), "\n{banner}\nSKIPPED {test}: {hint}\n{banner}\n");
    false
}

/// How many profiles ended which way.
#[derive(Debug, Default)]
struct Summary {
    same_number: usize,
    same_type: usize,
    same_march: usize,
    rejected_by_both: usize,
    refused: usize,
}

/// Runs every profile through hmopt and Nix and fails on any disagreement.
fn differential(name: &str, profiles: &[String]) -> Summary {
    let started = std::time::Instant::now();
    let dir: PathBuf =
        std::env::temp_dir().join(format!("hmopt-nix-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create the scratch directory");
    let results: Vec<Ours> = profiles.iter().map(|text| hmopt(text)).collect();
    let expected: Vec<String> = results.iter().map(|it| expected_literal(&it.total)).collect();
    for (idx, text) in profiles.iter().enumerate() {
        std::fs::write(dir.join(format!("case{idx}.nix")), text).expect("write a case");
    }

    // Accepted profiles go in batches; rejected ones one by one, on a few threads.
    let n_cases = profiles.len();
    let accepted: Vec<usize> = (0..n_cases)
        .filter(|&i| matches!(results[i].total, Hmopt::Number(_) | Hmopt::NotANumber))
        .collect();
    let rejected: Vec<usize> =
        (0..n_cases).filter(|&i| matches!(results[i].total, Hmopt::Rejected(_))).collect();
    let mut nix = Vec::new();
    for chunk in accepted.chunks(BATCH) {
        run_batch(&dir, chunk, &expected, &mut nix);
    }
    let per_thread = rejected.len().div_ceil(4).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = rejected
            .chunks(per_thread)
            .map(|chunk| {
                let (dir, expected) = (&dir, &expected);
                scope.spawn(move || {
                    let mut out = Vec::new();
                    for &idx in chunk {
                        run_batch(dir, &[idx], expected, &mut out);
                    }
                    out
                })
            })
            .collect();
        for handle in handles {
            nix.extend(handle.join().expect("a Nix worker panicked"));
        }
    });
    let _ = std::fs::remove_dir_all(&dir);

    let mut mismatches = Vec::new();
    let mut summary = Summary::default();
    for (idx, nix_res) in &nix {
        let ours = &results[*idx];
        let same_march = match (&ours.march, nix_res) {
            (Some(march), Ok((_, theirs))) => theirs.as_ref() == Some(march),
            _ => true,
        };
        let agree = match (&ours.total, nix_res) {
            (Hmopt::Number(Number::Int(n)), Ok((theirs, _))) => *theirs == format!("int:{n}"),
            (Hmopt::Number(Number::Float(_)), Ok((theirs, _))) => theirs == "float:same",
            (Hmopt::NotANumber, Ok((theirs, _))) => theirs.starts_with("type:"),
            (Hmopt::Rejected(why), Err(_)) => !why.is_empty(),
            _ => false,
        };
        if !agree || !same_march {
            mismatches.push(format!(
                "case {idx}:\n{:?}\nhmopt: {ours:?}\nnix: {}",
                profiles[*idx],
                match nix_res {
                    Ok(value) => format!("{value:?}"),
                    Err(err) =>
                        err.lines().find(|it| it.contains("error")).unwrap_or("").to_owned(),
                }
            ));
            continue;
        }
        match ours.total {
            Hmopt::Number(_) => summary.same_number += 1,
            Hmopt::NotANumber => summary.same_type += 1,
            _ => summary.rejected_by_both += 1,
        }
        if ours.march.is_some() {
            summary.same_march += 1;
        }
    }
    let mut refused: Vec<&str> = results
        .iter()
        .filter_map(|it| match &it.total {
            Hmopt::Refused(why) => why.split_once(": ").map(|(_, why)| why),
            _ => None,
        })
        .collect();
    refused.sort_unstable();
    refused.dedup();
    summary.refused = results.iter().filter(|it| matches!(it.total, Hmopt::Refused(_))).count();
    eprintln!(
        "nix differential ({name}): {n_cases} profiles in {:.1?}: {} same number ({} also the same -march string), \
         {} same non-number type, {} rejected by both, {} refused by hmopt as unsupported or too deep, {} mismatches",
        started.elapsed(),
        summary.same_number,
        summary.same_march,
        summary.same_type,
        summary.rejected_by_both,
        summary.refused,
        mismatches.len()
    );
    eprintln!("refused because: {refused:#?}");
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n\n{}",
        mismatches.len(),
        mismatches.join("\n\n")
    );
    assert_eq!(nix.len() + summary.refused, n_cases);
    summary
}

#[test]
fn hmopt_agrees_with_nix_on_generated_profiles() {
    if !nix_available("hmopt_agrees_with_nix_on_generated_profiles") {
        return;
    }
    let mut generator = Gen { rng: Rng(SEED), fresh: 0, lib: false };
    let profiles: Vec<String> = (0..N_CASES).map(|_| generator.profile()).collect();
    let summary = differential("profiles", &profiles);
    // The generator must keep exercising the evaluator, not only its error paths.
    assert!(400 <= summary.same_number, "only {} profiles gave a number", summary.same_number);
    assert!(
        20 <= summary.rejected_by_both,
        "only {} were rejected by both",
        summary.rejected_by_both
    );
}

#[test]
fn hmopt_lexes_as_nix_does() {
    if !nix_available("hmopt_lexes_as_nix_does") {
        return;
    }
    let mut generator = LexGen { rng: Rng(LEXING_SEED) };
    let profiles: Vec<String> = (0..N_LEXING_CASES).map(|_| generator.profile()).collect();
    let summary = differential("lexing", &profiles);
    assert!(150 <= summary.same_march, "only {} strings were compared", summary.same_march);
    assert!(50 <= summary.rejected_by_both, "only {} rejected by both", summary.rejected_by_both);
}

#[test]
fn hmopt_agrees_with_nix_on_the_issues_edge_cases() {
    if !nix_available("hmopt_agrees_with_nix_on_the_issues_edge_cases") {
        return;
    }
    let profiles: Vec<String> = EDGE_CASES.iter().map(|&it| it.to_owned()).collect();
    let summary = differential("edge-cases", &profiles);
    assert_eq!(summary.refused, 0, "{summary:?}");
}

#[test]
fn float_literals_round_trip_through_nix_syntax() {
    assert_eq!(nix_float(10.0), "(1.0e1)");
    assert_eq!(nix_float(10.25), "(1.025e1)");
    assert_eq!(nix_float(-0.5), "(-5.0e-1)");
    assert_eq!(nix_float(1.0 / 3.0), "(3.333333333333333e-1)");
}

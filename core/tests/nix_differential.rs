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
    path::{Path, PathBuf},
    process::Command,
};

use hmopt_core::calc::{Number, ProfileErrorKind, ProfileFormat, effective_total, parse_profile};

const N_CASES: usize = 800;
const SEED: u64 = 0x5eed_1234_abcd_0042;
const BATCH: usize = 100;

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
    in
    if t == "int" then "int:${toString v}"
    else if t == "float" then (if expected != null && v == expected then "float:same" else "float:other")
    else "type:${t}";
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

fn hmopt(text: &str) -> Hmopt {
    let res = parse_profile(text, ProfileFormat::Nix).and_then(|profile| effective_total(&profile));
    match res {
        Ok(total) => Hmopt::Number(total.value),
        Err(err) => match err.kind {
            ProfileErrorKind::Unsupported | ProfileErrorKind::Limit => {
                Hmopt::Refused(err.to_string())
            }
            ProfileErrorKind::Value if err.message.starts_with("expected a number") => {
                Hmopt::NotANumber
            }
            _ => Hmopt::Rejected(err.to_string()),
        },
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
        _ => "null".to_owned(),
    }
}

fn nix_instantiate(dir: &Path, file: &str) -> Result<Vec<String>, String> {
    let output = Command::new("nix-instantiate")
        .args(["--eval", "--strict", "--readonly-mode"])
        .arg(dir.join(file))
        .env("NIX_STATE_DIR", dir.join("nix-state"))
        .output()
        .map_err(|err| format!("cannot run nix-instantiate: {err}"))?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    Ok(stdout.split('"').skip(1).step_by(2).map(str::to_owned).collect())
}

/// Evaluates `cases` (indices) in one Nix run; splits the batch on failure. Returns, per case,
/// Nix's answer or its error.
fn run_batch(
    dir: &Path,
    cases: &[usize],
    expected: &[String],
    out: &mut Vec<(usize, Result<String, String>)>,
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

fn require_nix() {
    let found = Command::new("nix-instantiate")
        .arg("--version")
        .output()
        .is_ok_and(|it| it.status.success());
    assert!(
        found,
        "nix-instantiate is not on PATH: run `cargo xtask test`, which installs Debian's nix-bin (Nix 2.8), \
         or `apt-get install nix-bin`"
    );
}

#[test]
fn hmopt_agrees_with_nix_on_generated_profiles() {
    require_nix();
    let started = std::time::Instant::now();
    let dir: PathBuf =
        std::env::temp_dir().join(format!("hmopt-nix-differential-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create the scratch directory");

    let mut generator = Gen { rng: Rng(SEED), fresh: 0, lib: false };
    let profiles: Vec<String> = (0..N_CASES).map(|_| generator.profile()).collect();
    let results: Vec<Hmopt> = profiles.iter().map(|text| hmopt(text)).collect();
    let expected: Vec<String> = results.iter().map(expected_literal).collect();
    for (idx, text) in profiles.iter().enumerate() {
        std::fs::write(dir.join(format!("case{idx}.nix")), text).expect("write a case");
    }

    // Accepted profiles go in batches; rejected ones one by one, on a few threads.
    let accepted: Vec<usize> = (0..N_CASES)
        .filter(|&i| matches!(results[i], Hmopt::Number(_) | Hmopt::NotANumber))
        .collect();
    let rejected: Vec<usize> =
        (0..N_CASES).filter(|&i| matches!(results[i], Hmopt::Rejected(_))).collect();
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
    let (mut agreed_numbers, mut agreed_types, mut both_rejected) = (0, 0, 0);
    for (idx, nix_res) in &nix {
        let ours = &results[*idx];
        let agree = match (ours, nix_res) {
            (Hmopt::Number(Number::Int(n)), Ok(theirs)) => *theirs == format!("int:{n}"),
            (Hmopt::Number(Number::Float(_)), Ok(theirs)) => theirs == "float:same",
            (Hmopt::NotANumber, Ok(theirs)) => theirs.starts_with("type:"),
            (Hmopt::Rejected(why), Err(_)) => !why.is_empty(),
            _ => false,
        };
        if !agree {
            mismatches.push(format!(
                "case {idx}:\n{}\nhmopt: {ours:?}\nnix: {}",
                profiles[*idx],
                match nix_res {
                    Ok(value) => value.clone(),
                    Err(err) => err.lines().next().unwrap_or("").to_owned(),
                }
            ));
            continue;
        }
        match ours {
            Hmopt::Number(_) => agreed_numbers += 1,
            Hmopt::NotANumber => agreed_types += 1,
            _ => both_rejected += 1,
        }
    }
    let mut refused: Vec<&str> = results
        .iter()
        .filter_map(|it| match it {
            Hmopt::Refused(why) => why.split_once(": ").map(|(_, why)| why),
            _ => None,
        })
        .collect();
    refused.sort_unstable();
    refused.dedup();
    let n_refused = results.iter().filter(|it| matches!(it, Hmopt::Refused(_))).count();
    eprintln!(
        "nix differential: {N_CASES} profiles in {:.1?}: {agreed_numbers} same number, {agreed_types} same non-number type, \
         {both_rejected} rejected by both, {} refused by hmopt as unsupported or too deep, {} mismatches",
        started.elapsed(),
        n_refused,
        mismatches.len()
    );
    eprintln!("refused because: {refused:#?}");
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n\n{}",
        mismatches.len(),
        mismatches.join("\n\n")
    );
    assert_eq!(nix.len() + n_refused, N_CASES);
    // The generator must keep exercising the evaluator, not only its error paths.
    assert!(400 <= agreed_numbers, "only {agreed_numbers} profiles gave a number");
    assert!(20 <= both_rejected, "only {both_rejected} profiles were rejected by both");
}

#[test]
fn float_literals_round_trip_through_nix_syntax() {
    assert_eq!(nix_float(10.0), "(1.0e1)");
    assert_eq!(nix_float(10.25), "(1.025e1)");
    assert_eq!(nix_float(-0.5), "(-5.0e-1)");
    assert_eq!(nix_float(1.0 / 3.0), "(3.333333333333333e-1)");
}

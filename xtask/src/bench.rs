//! `cargo xtask bench`: `hmopt check` against `rg -l`, `grep -rlE` and the plan's grep loop on a
//! generated tree shaped like a real Nix repository.
//!
//! The corpus is deterministic (a fixed-seed xorshift): 20,000 `.nix` files in nested
//! directories, median size about 2 KB with a long tail to 200 KB, a few percent using `NIX_*`
//! variables (some of them misspelled). Each command runs once to warm the page cache, then
//! `RUNS` times; the median wall time is reported, with the ratio to ripgrep.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use crate::{cargo, tools, workspace_root};

const N_FILES: usize = 20_000;
const RUNS: usize = 5;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const LINES: &[&str] = &[
    "  pname = \"{name}\";",
    "  version = \"1.{n}.0\";",
    "  src = fetchFromGitHub { owner = \"{name}\"; repo = \"{name}\"; rev = \"v1.{n}\"; hash = \"sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"; };",
    "  nativeBuildInputs = [ pkg-config cmake ninja ];",
    "  buildInputs = [ openssl zlib curl libxml2 ];",
    "  # Upstream's tests need network access; see https://example.org/issue/{n}",
    "  doCheck = false;",
    "  cmakeFlags = [ \"-DBUILD_SHARED_LIBS=ON\" \"-DENABLE_TESTS=OFF\" ];",
    "  postInstall = ''\n    installShellCompletion --cmd {name} --bash completions/{name}.bash\n    wrapProgram $out/bin/{name} --prefix PATH : ${lib.makeBinPath [ git ]}\n  '';",
    "  meta = with lib; { description = \"Tool number {n}\"; homepage = \"https://example.org/{name}\"; license = licenses.mit; maintainers = [ ]; platforms = platforms.unix; };",
    "  passthru.tests.version = testers.testVersion { package = finalAttrs.finalPackage; };",
    "  enableParallelBuilding = true;",
    "  makeFlags = [ \"PREFIX=${placeholder \"out\"}\" \"CC=${stdenv.cc.targetPrefix}cc\" ];",
];

const NIX_LINES: &[&str] = &[
    "  env.NIX_CFLAGS_COMPILE = toString [ \"-O3\" \"-march=x86-64-v3\" ];",
    "  env.NIX_LDFLAGS = \"-L${lib.getLib openssl}/lib\";",
    "  env.NIX_CXXSTDLIB_COMPILE = \"-std=c++20\";",
    "  env.NIX_CXXFLAGS_COMPILE = \"-std=c++20\";",
    "  NIX_LD_FLAGS = \"-lm\";",
    "  preConfigure = ''\n    export NIX_CFLAGS_COMPILE=\"$NIX_CFLAGS_COMPILE -DNDEBUG\"\n  '';",
];

fn generate(root: &Path) -> anyhow::Result<()> {
    let marker = root.join(".complete");
    if marker.exists() {
        return Ok(());
    }
    if root.exists() {
        std::fs::remove_dir_all(root)?;
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut total = 0usize;
    for idx in 0..N_FILES {
        // Log-normal sizes: median 2 KB, clamped to 200 KB.
        let normal =
            (-2.0 * rng.unit().max(1e-12).ln()).sqrt() * (std::f64::consts::TAU * rng.unit()).cos();
        let size = ((2048.0 * (normal * 1.1).exp()) as usize).clamp(200, 200 * 1024);
        let name = format!("pkg{idx}");
        let dir = root.join(format!("pkgs/by-name/{:02}/{name}", idx % 97));
        std::fs::create_dir_all(&dir)?;
        let mut text = String::from(
            "{ lib, stdenv, fetchFromGitHub, pkg-config, cmake, ninja, openssl, zlib, curl, libxml2 }:\n\nstdenv.mkDerivation (finalAttrs: {\n",
        );
        let uses_nix = rng.below(100) < 3;
        if uses_nix {
            text.push_str(NIX_LINES[rng.below(NIX_LINES.len() as u64) as usize]);
            text.push('\n');
        }
        while text.len() < size {
            let line = LINES[rng.below(LINES.len() as u64) as usize];
            text.push_str(
                &line.replace("{name}", &name).replace("{n}", &rng.below(1000).to_string()),
            );
            text.push('\n');
        }
        text.push_str("})\n");
        total += text.len();
        std::fs::write(dir.join("package.nix"), text)?;
    }
    std::fs::write(&marker, format!("{N_FILES} files, {total} bytes\n"))?;
    Ok(())
}

fn time(
    label: &str,
    mut command: impl FnMut() -> Command,
    runs: usize,
) -> anyhow::Result<Duration> {
    let run = |command: &mut Command| -> anyhow::Result<Duration> {
        let start = Instant::now();
        let status = command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .with_context(|| label.to_owned())?;
        let elapsed = start.elapsed();
        // grep-like tools exit 1 when nothing matches, hmopt when it finds errors.
        if status.code().is_none_or(|code| code > 1) {
            bail!("{label} failed: {status}");
        }
        Ok(elapsed)
    };
    if runs > 1 {
        run(&mut command())?;
    }
    let mut times: Vec<Duration> =
        (0..runs).map(|_| run(&mut command())).collect::<anyhow::Result<_>>()?;
    times.sort();
    Ok(times[times.len() / 2])
}

/// One line of the summary table: what was measured, the result, and the goal it is held to.
struct Row {
    what: String,
    result: String,
    goal: &'static str,
}

/// The one table `cargo xtask bench` ends with, side by side.
#[derive(Default)]
struct Table(Vec<Row>);

impl Table {
    fn push(&mut self, what: impl Into<String>, result: impl Into<String>, goal: &'static str) {
        self.0.push(Row { what: what.into(), result: result.into(), goal });
    }

    fn print(&self) {
        if self.0.is_empty() {
            return;
        }
        let width = |f: fn(&Row) -> usize, title: &str| {
            self.0.iter().map(f).max().unwrap_or(0).max(title.chars().count())
        };
        let (w0, w1) = (
            width(|it| it.what.chars().count(), "measure"),
            width(|it| it.result.chars().count(), "result"),
        );
        println!("\n{:<w0$}  {:<w1$}  goal", "measure", "result");
        for row in &self.0 {
            println!("{:<w0$}  {:<w1$}  {}", row.what, row.result, row.goal);
        }
    }
}

/// `cargo xtask bench [cli|core|site]`: all three by default, then one table of the results.
pub(crate) fn run(args: &[String]) -> anyhow::Result<()> {
    let which = args.first().map_or("all", String::as_str);
    let mut table = Table::default();
    if matches!(which, "all" | "cli") {
        cli(&mut table)?;
    }
    if matches!(which, "all" | "core") {
        core(&mut table)?;
    }
    if matches!(which, "all" | "site") {
        site(&mut table)?;
    }
    table.print();
    Ok(())
}

/// The core's criterion benchmarks (lint beside rnix's parse; the calculator), and
/// `hmopt memory` against `nix-instantiate` on large generated profiles.
fn core(table: &mut Table) -> anyhow::Result<()> {
    cargo(&[
        "bench",
        "--package",
        "hmopt-core",
        "--locked",
        "--bench",
        "lint",
        "--bench",
        "calc",
        "--",
        "--warm-up-time",
        "1",
    ])?;
    let criterion = workspace_root().join("target/criterion");
    let median = |group: &str, function: &str, parameter: &str| -> anyhow::Result<f64> {
        // criterion names directories after the ids, with `/` turned into `_`.
        let path = criterion
            .join(group.replace('/', "_"))
            .join(function)
            .join(parameter)
            .join("new/estimates.json");
        let estimates: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(&path).with_context(|| format!("no {}", path.display()))?,
        )?;
        estimates["median"]["point_estimate"]
            .as_f64()
            .with_context(|| format!("no median in {}", path.display()))
    };
    for group in ["plan-overlay", "overlay-5000-lines", "kernel-config-300k-with-one-nix-name"] {
        let mut ratios = Vec::new();
        for times in ["1", "4", "16"] {
            ratios.push(median(group, "lint", times)? / median(group, "rnix-parse", times)?);
        }
        let growth = median(group, "lint", "16")? / (16.0 * median(group, "lint", "1")?);
        table.push(
            format!("lint ÷ rnix parse, {group} ×1/×4/×16"),
            format!(
                "{:.2} / {:.2} / {:.2} (×16 costs {growth:.2}× sixteen ×1)",
                ratios[0], ratios[1], ratios[2]
            ),
            "≤ 1.5, linear",
        );
    }
    instructions(table)?;
    let skipped = median("kernel-config-300k", "lint", "1")?;
    let parsed = median("kernel-config-300k", "rnix-parse", "1")?;
    table.push(
        "lint, 300 KB with NIX_ only inside other names",
        format!("{:.2} ms, parse would be {:.1} ms", skipped / 1e6, parsed / 1e6),
        "skipped without parsing",
    );
    let shapes: Vec<String> = ["flat", "module"]
        .iter()
        .map(|shape| -> anyhow::Result<String> {
            let ms = |n: &str| median(&format!("memory/{shape}"), n, "").map(|it| it / 1e6);
            Ok(format!("{shape} {:.1}/{:.0}/{:.0} ms", ms("1000")?, ms("10000")?, ms("100000")?))
        })
        .collect::<anyhow::Result<_>>()?;
    table.push("calculator, 1k/10k/100k bindings", shapes.join(", "), "linear");
    memory_against_nix(table)
}

/// Lint ÷ rnix's parse in instructions counted by callgrind (`core/examples/instructions.rs`):
/// unlike the times above, the same on every run, however loaded the machine.
fn instructions(table: &mut Table) -> anyhow::Result<()> {
    tools::ensure_apt(&[("valgrind", "valgrind")])?;
    cargo(&[
        "build",
        "--release",
        "--locked",
        "--package",
        "hmopt-core",
        "--example",
        "instructions",
    ])?;
    let example = crate::target_dir().join("release/examples/instructions");
    let count = |what: &str, input: &str, size: usize, n: usize| -> anyhow::Result<u64> {
        let output = Command::new("valgrind")
            .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
            .arg(&example)
            .args([what, input, &size.to_string(), &n.to_string()])
            .output()
            .context("cannot run valgrind")?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() {
            bail!("the instructions example failed under callgrind: {stderr}");
        }
        stderr
            .lines()
            .find_map(|line| line.split("Collected : ").nth(1)?.trim().parse().ok())
            .context("callgrind printed no instruction count")
    };
    // One run of each, as the difference between `n` runs and none (input generation and start).
    let sized = |what: &str, input: &str, size: usize, n: usize| -> anyhow::Result<f64> {
        Ok((count(what, input, size, n)? - count(what, input, size, 0)?) as f64 / n as f64)
    };
    let one = |what: &str, input: &str, n: usize| sized(what, input, 1, n);
    let mut ratios = Vec::new();
    // One lint of the 5,000-line overlay, for the rows below.
    let mut full = 0.0;
    for (input, n) in [
        ("plan-overlay", 20),
        ("overlay-5000-lines", 2),
        ("kernel-config-300k-with-one-nix-name", 2),
    ] {
        let lint = one("lint", input, n)?;
        if input == "overlay-5000-lines" {
            full = lint;
        }
        ratios.push(format!("{:.2}", lint / one("parse", input, n)?));
    }
    table.push(
        "lint ÷ rnix parse in instructions (callgrind), plan / 5,000 lines / 300 KB with one name",
        ratios.join(" / "),
        "≤ 1.5",
    );
    // Sixteen times the text: the same ratio, and sixteen times the instructions (the times of
    // criterion grow faster, from the memory the larger trees take).
    let (lint_16, parse_16) =
        (sized("lint", "overlay-5000-lines", 16, 1)?, sized("parse", "overlay-5000-lines", 16, 1)?);
    table.push(
        "5,000 lines ×16 in instructions: lint ÷ rnix parse; lint ×16 ÷ sixteen lints ×1",
        format!("{:.2}; {:.2}", lint_16 / parse_16, lint_16 / (16.0 * full)),
        "≤ 1.5; linear",
    );
    // What the validator's worker and the language server do for a letter typed into a name.
    let keystroke = one("keystroke", "overlay-5000-lines", 4)?;
    table.push(
        "a letter typed into a name, 5,000 lines: incremental lint ÷ lint, in instructions",
        format!("{:.2} ({:.0} M ÷ {:.0} M)", keystroke / full, keystroke / 1e6, full / 1e6),
        "",
    );
    // The same with a syntax error elsewhere in the text, as while a binding is being written.
    let broken = one("keystroke-after-an-error", "overlay-5000-lines", 4)?;
    table.push(
        "the same, the text ending in a syntax error: incremental lint ÷ lint, in instructions",
        format!("{:.2} ({:.0} M ÷ {:.0} M)", broken / full, broken / 1e6, full / 1e6),
        "",
    );
    Ok(())
}

/// `hmopt memory` and `nix-instantiate --eval` on the same generated profiles.
fn memory_against_nix(table: &mut Table) -> anyhow::Result<()> {
    tools::ensure_apt(&[("nix-instantiate", "nix-bin")])?;
    let root = workspace_root();
    let hmopt = crate::release_hmopt()?;
    let dir = root.join("target/bench-profiles");
    std::fs::create_dir_all(&dir)?;
    let state = dir.join("nix-state");
    for n in [20_000, 200_000] {
        let mut text = String::from("{ lib, ... }:\nrec {\n");
        for idx in 0..n {
            text.push_str(&format!("  v{idx} = {};\n", idx % 97));
        }
        text.push_str(
            "  memory.total = 8;\n  memory.effectiveTotal = lib.mkDefault memory.total;\n}\n",
        );
        let path = dir.join(format!("flat-{n}.nix"));
        std::fs::write(&path, &text)?;
        let expression = format!(
            "(import {} {{ lib = {{ mkDefault = x: x; }}; }}).memory.effectiveTotal",
            path.display()
        );
        let ours = time(
            "hmopt memory",
            || {
                let mut it = Command::new(&hmopt);
                it.arg("memory").arg(&path);
                it
            },
            3,
        )?;
        let nix = time(
            "nix-instantiate",
            || {
                let mut it = Command::new("nix-instantiate");
                it.args(["--eval", "--strict", "--readonly-mode", "-E", &expression]);
                it.env("NIX_STATE_DIR", &state);
                it
            },
            3,
        )?;
        let ms = |it: Duration| it.as_secs_f64() * 1000.0;
        table.push(
            format!("hmopt memory, {n} bindings"),
            format!("{:.0} ms, Nix {:.0} ms: {:.2}× Nix", ms(ours), ms(nix), ms(ours) / ms(nix)),
            "≤ 5× Nix",
        );
    }
    Ok(())
}

/// The site: the validator's latency in Chromium (`tests/browser/bench.mjs`, which prints
/// Markdown rows), the first-load bytes of every route (raw, gzip, brotli), and Lighthouse
/// (mobile defaults) on every route, served with gzip and uncompressed.
fn site(table: &mut Table) -> anyhow::Result<()> {
    tools::ensure_apt(&[("chromium", "chromium"), ("brotli", "brotli")])?;
    let root = workspace_root();
    let dist = crate::site::dist("/hmopt/")?;
    let routes = crate::site::sitemap_routes(&dist)?;
    let serve = |compress: bool| -> anyhow::Result<String> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
        let base = format!("http://127.0.0.1:{}/hmopt/", listener.local_addr()?.port());
        let dist = dist.clone();
        std::thread::spawn(move || {
            crate::site::serve_forever(listener, &dist, "/hmopt/", compress);
        });
        Ok(base)
    };
    let (gzip_base, plain_base) = (serve(true)?, serve(false)?);
    let tests = root.join("tests/browser");
    crate::site::ensure_npm_packages()?;
    let output = Command::new("node")
        .arg("bench.mjs")
        .env("BASE_URL", &gzip_base)
        .current_dir(&tests)
        .stderr(Stdio::inherit())
        .output()?;
    if !output.status.success() {
        bail!("the latency benchmark failed");
    }
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
        let [measure, input, value] = cells[..] else { continue };
        let goal = if measure.contains("longest") {
            "no task > 50 ms while typing"
        } else if measure.contains("findings in the DOM") {
            "plan ≤ 2 ms, 5,000 lines ≤ 16 ms"
        } else {
            ""
        };
        table.push(format!("{measure}: {input}"), value, goal);
    }
    for route in &routes {
        let load = crate::site::first_load(&dist, route)?;
        let mut brotli = 0;
        for (name, _, _) in &load.files {
            let output =
                Command::new("brotli").args(["-c", "-q", "11"]).arg(dist.join(name)).output()?;
            if !output.status.success() {
                bail!("brotli failed on {name}");
            }
            brotli += output.stdout.len() as u64;
        }
        let kb = |bytes: u64| format!("{:.1} KB", bytes as f64 / 1024.0);
        table.push(
            format!("first load raw / gzip / brotli, /{route}"),
            format!("{} / {} / {}", kb(load.raw()), kb(load.gzip()), kb(brotli)),
            if load.has_worker {
                "≤ 300 KB gzip (asserted)"
            } else {
                "≤ 250 KB gzip (asserted)"
            },
        );
    }
    let lighthouse = root.join("target/lighthouse");
    let cli = lighthouse.join("node_modules/lighthouse/cli/index.js");
    if !cli.is_file() {
        std::fs::create_dir_all(&lighthouse)?;
        let status = Command::new("npm")
            .args([
                "install",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "--prefix",
                ".",
                "lighthouse@12.8.2",
            ])
            .current_dir(&lighthouse)
            .status()?;
        if !status.success() {
            bail!("cannot install lighthouse");
        }
    }
    for route in &routes {
        let mut cells = Vec::new();
        for base in [&gzip_base, &plain_base] {
            let output = Command::new("node")
                .arg(&cli)
                .arg(format!("{base}{route}"))
                .args(["--output=json", "--output-path=stdout", "--quiet"])
                .arg("--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run")
                .env("CHROME_PATH", "/usr/bin/chromium")
                .output()?;
            let report: serde_json::Value =
                serde_json::from_slice(&output.stdout).with_context(|| {
                    format!(
                        "lighthouse gave no report for /{route}: {}",
                        String::from_utf8_lossy(&output.stderr)
                    )
                })?;
            let score = report["categories"]["performance"]["score"]
                .as_f64()
                .map_or("?".to_owned(), |it| format!("{it:.2}"));
            let audit =
                |name: &str| report["audits"][name]["numericValue"].as_f64().unwrap_or(f64::NAN);
            cells.push(format!(
                "{score} (LCP {:.1} s, TBT {:.0} ms)",
                audit("largest-contentful-paint") / 1000.0,
                audit("total-blocking-time")
            ));
        }
        table.push(
            format!("Lighthouse mobile, gzip / uncompressed, /{route}"),
            cells.join(" / "),
            "≥ 0.98 both",
        );
    }
    Ok(())
}

fn cli(table: &mut Table) -> anyhow::Result<()> {
    tools::ensure_apt(&[("rg", "ripgrep")])?;
    let root = workspace_root();
    let hmopt: PathBuf = crate::release_hmopt()?;
    let corpus = root.join("target/bench-corpus");
    eprintln!("xtask: generating the corpus in {}", corpus.display());
    generate(&corpus)?;
    eprintln!("xtask: corpus: {}", std::fs::read_to_string(corpus.join(".complete"))?.trim());

    let script = root.join("target/plan-check-overlay-variables.sh");
    std::fs::write(
        &script,
        "INVALID_VARS=(NIX_CXXSTDLIB_COMPILE NIX_CXX_COMPILE NIX_LD_FLAGS)\n\
         find \"$1\" -name '*.nix' | while read -r file; do\n\
           for invalid in \"${INVALID_VARS[@]}\"; do\n\
             if grep -q \"$invalid\" \"$file\"; then echo \"ERROR: $invalid in $file\"; fi\n\
           done\n\
         done\n",
    )?;

    let dir = corpus.to_string_lossy().into_owned();
    let rg = time(
        "rg",
        || {
            let mut it = Command::new("rg");
            it.args(["-l", "NIX_[A-Z_]+", &dir]);
            it
        },
        RUNS,
    )?;
    let hm = time(
        "hmopt",
        || {
            let mut it = Command::new(&hmopt);
            it.args(["check", "--format", "concise", &dir]);
            it
        },
        RUNS,
    )?;
    let grep = time(
        "grep",
        || {
            let mut it = Command::new("grep");
            it.args(["-rlE", "NIX_[A-Z_]+", &dir]);
            it
        },
        RUNS,
    )?;
    let plan = time(
        "plan script",
        || {
            let mut it = Command::new("bash");
            it.arg(&script).arg(&dir);
            it
        },
        1,
    )?;

    let ms = |it: Duration| it.as_secs_f64() * 1000.0;
    println!("{:<36} {:>10} {:>10}", "command (median)", "ms", "× rg");
    for (label, elapsed) in [
        ("rg -l 'NIX_[A-Z_]+'", rg),
        ("hmopt check --format concise", hm),
        ("grep -rlE 'NIX_[A-Z_]+'", grep),
        ("the plan's grep loop (1 run)", plan),
    ] {
        println!("{label:<36} {:>10.1} {:>10.2}", ms(elapsed), ms(elapsed) / ms(rg));
    }
    println!(
        "\ntarget: hmopt within 1.5× of ripgrep on this machine ({} cores)",
        std::thread::available_parallelism().map_or(1, |it| it.get())
    );
    table.push(
        format!("hmopt check, {N_FILES} generated files"),
        format!("{:.0} ms, rg {:.0} ms: {:.2}× rg", ms(hm), ms(rg), ms(hm) / ms(rg)),
        "≤ 1.5× rg",
    );
    table.push(
        "the plan's grep loop, same files",
        format!("{:.0} ms: {:.0}× rg", ms(plan), ms(plan) / ms(rg)),
        "(for scale)",
    );
    long_line(table, &hmopt)
}

/// A minified file: one line of about 118 KB with 4,000 findings, in the human format.
fn long_line(table: &mut Table, hmopt: &Path) -> anyhow::Result<()> {
    let dir = workspace_root().join("target/bench-long-line");
    std::fs::create_dir_all(&dir)?;
    let item = "(mkDerivation{env.NIX_LD_FLAGS=1;})";
    let path = dir.join("min.nix");
    let text = format!("[ {} ]\n", [item; 4000].join(""));
    std::fs::write(&path, &text)?;
    let mut n_bytes = 0;
    let elapsed = time(
        "long line",
        || {
            let mut it = Command::new(hmopt);
            it.args(["check", "--color", "never"]).arg(&path);
            it
        },
        3,
    )?;
    if let Ok(output) = Command::new(hmopt).args(["check", "--color", "never"]).arg(&path).output()
    {
        n_bytes = output.stdout.len();
    }
    table.push(
        format!("human output, one {} KB line with 4,000 findings", text.len() / 1000),
        format!("{:.0} ms, {:.1} MB", elapsed.as_secs_f64() * 1000.0, n_bytes as f64 / 1e6),
        "< 1 s, linear",
    );
    Ok(())
}

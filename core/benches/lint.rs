//! `cargo bench -p hmopt-core --bench lint`: the linter beside rnix's parser on the same text.
//!
//! The goal is `lint` ≤ 1.5× `rnix::Root::parse` on text that needs parsing, cost growing
//! linearly with size (each input at 1×, 4× and 16×), and text that merely contains the bytes
//! `NIX_` inside other names (a kernel configuration's `CONFIG_..._UNIX_...`) skipped without
//! parsing. Timings are printed, never asserted.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use hmopt_core::lint::{LintConfig, RuleSet, lint};

fn config() -> LintConfig {
    LintConfig { rules: RuleSet::all(), extra_variables: Vec::new(), deny: Vec::new() }
}

/// The plan's Node.js overlay after its "fix", repeated `times` times inside one set.
fn plan_overlay(times: usize) -> String {
    let one = include_str!("../tests/fixtures/plan/nodejs-corrected.nix");
    let body = one.lines().skip(2).collect::<Vec<_>>().join("\n");
    let mut text = String::from("final: prev: {\n");
    for idx in 0..times {
        text.push_str(&format!("  overlay{idx} = ({body}) final prev;\n"));
    }
    text.push_str("}\n");
    text
}

/// An overlay of about `n_lines` lines: packages overridden with `env`, shell phases and
/// wrappers, every 25th with a typo, as the playground benchmark generates.
fn generated_overlay(n_lines: usize) -> String {
    let mut lines = vec!["final: prev: {".to_owned()];
    let mut idx = 0;
    while lines.len() + 8 < n_lines {
        let typo = if idx % 25 == 0 { "_TYPO" } else { "" };
        lines.push(format!("  p{idx} = prev.p{idx}.overrideAttrs (old: {{"));
        lines.push(format!(
            "    env = (old.env or {{ }}) // {{ NIX_CFLAGS_COMPILE{typo} = toString [ \"-O2\" \"-march=x86-64-v3\" ]; }};"
        ));
        lines.push(
            "    nativeBuildInputs = (old.nativeBuildInputs or [ ]) ++ [ prev.makeWrapper ];"
                .to_owned(),
        );
        lines.push("    postInstall = ''".to_owned());
        lines.push(format!("      export NIX_LDFLAGS=\"$NIX_LDFLAGS -L{idx}\""));
        lines.push(format!("      wrapProgram $out/bin/p{idx} --set NIX_REDIRECTS /a=/b"));
        lines.push("    '';".to_owned());
        lines.push("  });".to_owned());
        idx += 1;
    }
    lines.push("}".to_owned());
    lines.join("\n") + "\n"
}

/// A kernel-configuration-style attribute set of about `n_bytes` bytes: every key contains the
/// bytes `NIX_` inside `UNIX_`, none is a `NIX_*` name.
fn kernel_config(n_bytes: usize) -> String {
    let mut text = String::from("{ lib }: with lib.kernel; {\n");
    let mut idx = 0;
    while text.len() < n_bytes {
        text.push_str(&format!(
            "  CONFIG_NET_UNIX_DIAG_{idx} = yes;\n  CONFIG_UNIX_SCM_{idx} = module;\n"
        ));
        idx += 1;
    }
    text.push_str("}\n");
    text
}

fn bench(c: &mut Criterion) {
    let config = config();
    type Input = Box<dyn Fn(usize) -> String>;
    let inputs: Vec<(&str, Input)> = vec![
        ("plan-overlay", Box::new(plan_overlay)),
        ("overlay-5000-lines", Box::new(|times| generated_overlay(5000 * times))),
        ("kernel-config-300k", Box::new(|times| kernel_config(300 * 1024 * times))),
        (
            "kernel-config-300k-with-one-nix-name",
            Box::new(|times| kernel_config(300 * 1024 * times) + "# NIX_CFLAGS_COMPILE\n"),
        ),
    ];
    for (name, input) in inputs {
        let mut group = c.benchmark_group(name);
        group.sample_size(20);
        for times in [1, 4, 16] {
            let text = input(times);
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(BenchmarkId::new("lint", times), &text, |b, text| {
                b.iter(|| lint(text, &config));
            });
            group.bench_with_input(BenchmarkId::new("rnix-parse", times), &text, |b, text| {
                b.iter(|| rnix::Root::parse(text));
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);

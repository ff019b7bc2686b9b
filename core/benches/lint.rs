//! `cargo bench -p hmopt-core --bench lint`: the linter beside rnix's parser on the same text.
//!
//! The goal is `lint` ≤ 1.5× `rnix::Root::parse` on text that needs parsing, cost growing
//! linearly with size (each input at 1×, 4× and 16×), and text that merely contains the bytes
//! `NIX_` inside other names (a kernel configuration's `CONFIG_..._UNIX_...`) skipped without
//! parsing. Timings are printed, never asserted.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use hmopt_core::lint::{LintConfig, RuleSet, lint};

mod inputs;

fn config() -> LintConfig {
    LintConfig { rules: RuleSet::all(), extra_variables: Vec::new(), deny: Vec::new() }
}

fn bench(c: &mut Criterion) {
    let config = config();
    let inputs = inputs::all();
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

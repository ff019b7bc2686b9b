//! The memory calculator on generated Nix profiles of 1,000, 10,000 and 100,000 bindings:
//! `parse_profile` (lexing, parsing, lowering) and `compute` together, per profile shape.
//!
//! Run with `cargo bench -p hmopt-core --bench calc`. Time per binding should stay flat from
//! one size to the next: the calculator is linear in the size of the profile.

use std::{fmt::Write as _, hint::black_box, time::Duration};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use hmopt_core::calc::{ProfileFormat, compute, parse_profile};

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

/// A profile with `n` bindings of one shape; every shape answers 8 GB.
fn profile(shape: &str, n: usize) -> String {
    let mut text = String::new();
    match shape {
        // A flat set of constants.
        "flat" => {
            text.push_str("{\n");
            for i in 0..n {
                let _ = writeln!(text, "  a{i} = {i};");
            }
            text.push_str("  memory.total = 8;\n}\n");
        }
        // A recursive set whose bindings refer to each other (a tree, so depth stays small).
        "rec" => {
            text.push_str("rec {\n  a0 = 1;\n");
            for i in 1..n {
                let _ = writeln!(text, "  a{i} = a{};", i / 2);
            }
            let _ = writeln!(text, "  memory.total = a{} * 0 + 8;\n}}", n - 1);
        }
        // Attribute paths that Nix merges into one nested set.
        "nested" => {
            text.push_str("rec {\n");
            for i in 0..n {
                let _ = writeln!(text, "  x.a{i} = {i};");
            }
            let _ = writeln!(text, "  memory.total = x.a{} * 0 + 8;\n}}", n - 1);
        }
        // A module-like profile function: `lib`, nested paths, strings, lists and sets.
        "module" => {
            text.push_str("{ lib, ... }:\nlet\n  base = 4;\nin {\n");
            for i in 0..n {
                let _ = match i % 4 {
                    0 => {
                        writeln!(text, "  hosts.h{i}.ram = lib.mkDefault (base * {});", i % 16 + 1)
                    }
                    1 => writeln!(text, "  hosts.h{i}.name = \"host-${{toString {i}}}\";"),
                    2 => writeln!(text, "  hosts.h{i}.tags = [ \"a\" \"b\" {i} ];"),
                    _ => writeln!(text, "  hosts.h{i} = {{ enable = {i} > 3; }};"),
                };
            }
            text.push_str("  memory.total = lib.mkDefault (base * 2);\n}\n");
        }
        _ => unreachable!("no shape {shape}"),
    }
    text
}

fn memory(c: &mut Criterion) {
    for shape in ["flat", "rec", "nested", "module"] {
        let mut group = c.benchmark_group(format!("memory/{shape}"));
        group.sample_size(10).warm_up_time(Duration::from_millis(500));
        for n in SIZES {
            let text = profile(shape, n);
            let report = parse_profile(&text, ProfileFormat::Nix).and_then(|it| compute(&it));
            assert_eq!(report.map(|it| it.effective_total_gb.as_f64()), Ok(8.0), "{shape} {n}");
            group.throughput(Throughput::Elements(n as u64));
            group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
                b.iter(|| {
                    let profile = parse_profile(black_box(text), ProfileFormat::Nix).unwrap();
                    compute(&profile).unwrap()
                });
            });
        }
        group.finish();
    }
}

criterion_group!(benches, memory);
criterion_main!(benches);

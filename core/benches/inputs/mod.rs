//! The generated inputs of the linter's benchmarks, shared by `benches/lint.rs` (criterion)
//! and `examples/instructions.rs` (instruction counts under callgrind).

/// The plan's Node.js overlay after its "fix", repeated `times` times inside one set.
pub fn plan_overlay(times: usize) -> String {
    let one = include_str!("../../tests/fixtures/plan/nodejs-corrected.nix");
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
pub fn generated_overlay(n_lines: usize) -> String {
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
pub fn kernel_config(n_bytes: usize) -> String {
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

/// An input of a given size factor (1, 4, 16).
pub type Input = fn(usize) -> String;

/// The inputs by name.
pub fn all() -> Vec<(&'static str, Input)> {
    vec![
        ("plan-overlay", plan_overlay),
        ("overlay-5000-lines", |times| generated_overlay(5000 * times)),
        ("kernel-config-300k", |times| kernel_config(300 * 1024 * times)),
        ("kernel-config-300k-with-one-nix-name", |times| {
            kernel_config(300 * 1024 * times) + "# NIX_CFLAGS_COMPILE\n"
        }),
    ]
}

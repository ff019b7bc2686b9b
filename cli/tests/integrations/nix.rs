//! `package.nix` and `flake.nix`, as far as a machine without nixpkgs can check them: both parse,
//! hmopt finds nothing in them, and both evaluate with `nix-instantiate` against small stand-ins
//! for nixpkgs that record the arguments they were given. The real build (nixpkgs'
//! `buildRustPackage`, vendoring the crates of `Cargo.lock`) is not run here.

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use crate::{hmopt_bin, repo_root, require, run_ok};

/// `nix-instantiate` with a store that never writes and no build users, so that it runs as any
/// user without a daemon; its state and caches in `home`.
fn nix_instantiate(home: &Path) -> Command {
    let mut command = Command::new("nix-instantiate");
    command
        .args(["--store", "dummy://", "--option", "build-users-group", ""])
        .env("HOME", home)
        .env("NIX_STATE_DIR", home.join("state"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .current_dir(repo_root());
    command
}

/// Evaluates `expression` strictly and returns it as JSON.
fn eval(home: &Path, expression: &str) -> Value {
    let out =
        run_ok(nix_instantiate(home).args(["--eval", "--strict", "--json", "--expr", expression]));
    serde_json::from_str(&out).unwrap()
}

/// nixpkgs' `lib`, as far as package.nix and flake.nix use it.
const STAND_IN_LIB: &str = r#"
  lib = {
    importTOML = path: builtins.fromTOML (builtins.readFile path);
    fileset = {
      unions = paths: paths;
      toSource = { root, fileset }: { inherit root fileset; };
    };
    licenses = { mit = "MIT"; asl20 = "Apache-2.0"; };
    genAttrs = names: f: builtins.listToAttrs (map (name: { inherit name; value = f name; }) names);
    getExe = drv: "${drv.outPath}/bin/${drv.meta.mainProgram}";
  };
"#;

#[test]
fn the_nix_files_parse_and_pass_hmopt() {
    let out = Command::new(hmopt_bin())
        .args(["check", "package.nix", "flake.nix"])
        .current_dir(repo_root())
        .output()
        .unwrap();
    assert_eq!(
        (String::from_utf8_lossy(&out.stdout).as_ref(), out.status.code()),
        ("All checks passed (2 files checked).\n", Some(0))
    );
    if !require(
        "nix-instantiate",
        "to parse and evaluate package.nix and flake.nix (Debian's nix-bin)",
    ) {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    for file in ["package.nix", "flake.nix"] {
        run_ok(nix_instantiate(home.path()).args(["--parse", file]));
    }
}

#[test]
fn package_nix_builds_the_hmopt_binary_from_the_workspace() {
    if !require("nix-instantiate", "to evaluate package.nix (Debian's nix-bin)") {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let expression = format!(
        r#"let
          {STAND_IN_LIB}
          package = import ./package.nix;
          args = package {{ inherit lib; rustPlatform.buildRustPackage = args: args; }};
        in {{
          formals = builtins.functionArgs package;
          inherit (args) pname version cargoBuildFlags cargoTestFlags meta;
          lockFile = toString args.cargoLock.lockFile;
          srcRoot = toString args.src.root;
          srcFiles = map toString args.src.fileset;
        }}"#
    );
    let package = eval(home.path(), &expression);
    let root = repo_root();
    let manifest: toml::Table =
        toml::from_str(&std::fs::read_to_string(root.join("Cargo.toml")).unwrap()).unwrap();
    let cli: toml::Table =
        toml::from_str(&std::fs::read_to_string(root.join("cli/Cargo.toml")).unwrap()).unwrap();
    assert_eq!(
        package["formals"],
        json!({"lib": false, "rustPlatform": false}),
        "callPackage-style"
    );
    assert_eq!(package["pname"], "hmopt");
    assert_eq!(package["version"].as_str(), manifest["workspace"]["package"]["version"].as_str());
    assert_eq!(package["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(package["lockFile"], root.join("Cargo.lock").display().to_string());
    assert_eq!(package["cargoBuildFlags"], json!(["-p", "hmopt"]));
    assert_eq!(package["cargoTestFlags"], json!(["-p", "hmopt", "--bins"]));
    assert_eq!(package["meta"]["mainProgram"], "hmopt");
    assert_eq!(package["meta"]["description"].as_str(), cli["package"]["description"].as_str());
    assert_eq!(package["meta"]["license"], json!(["MIT", "Apache-2.0"]));
    assert_eq!(package["srcRoot"], root.display().to_string());
    // The source holds every workspace member (cargo loads them all) and nothing else.
    let members: Vec<String> = manifest["workspace"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|it| root.join(it.as_str().unwrap()).display().to_string())
        .collect();
    let files: Vec<&str> =
        package["srcFiles"].as_array().unwrap().iter().map(|it| it.as_str().unwrap()).collect();
    for member in &members {
        assert!(files.contains(&member.as_str()), "{member} in {files:?}");
    }
    for file in &files {
        assert!(Path::new(file).exists(), "{file}");
    }
}

#[test]
fn flake_nix_exposes_the_package_app_overlay_checks_and_hooks() {
    if !require("nix-instantiate", "to evaluate flake.nix (Debian's nix-bin)") {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let expression = format!(
        r#"let
          {STAND_IN_LIB}
          rustPlatform.buildRustPackage = args: args // {{ outPath = "/nix/store/00000000000000000000000000000000-hmopt"; }};
          pkgsFor = system: {{
            callPackage = path: overrides: import path ({{ inherit lib rustPlatform; }} // overrides);
            runCommand = name: env: script: {{ inherit name env script; }};
          }};
          nixpkgs = {{
            inherit lib;
            legacyPackages = lib.genAttrs [ "x86_64-linux" "aarch64-linux" "x86_64-darwin" "aarch64-darwin" ] pkgsFor;
          }};
          flake = import ./flake.nix;
          self = flake.outputs {{ inherit self nixpkgs; }};
          system = "x86_64-linux";
          overlaid = self.overlays.default {{ callPackage = (pkgsFor system).callPackage; }} {{ }};
        in {{
          inputs = builtins.attrNames flake.inputs;
          systems = builtins.attrNames self.packages;
          package = self.packages.${{system}}.default.pname;
          sameAsHmopt = self.packages.${{system}}.default == self.packages.${{system}}.hmopt;
          app = self.apps.${{system}}.default;
          overlay = overlaid.hmopt.pname;
          checks = builtins.attrNames self.checks.${{system}};
          checkScript = self.checks.${{system}}.nix-files.script;
          hooks = self.lib.gitHooks.${{system}};
        }}"#
    );
    let flake = eval(home.path(), &expression);
    assert_eq!(flake["inputs"], json!(["nixpkgs"]));
    assert_eq!(
        flake["systems"],
        json!(["aarch64-darwin", "aarch64-linux", "x86_64-darwin", "x86_64-linux"])
    );
    assert_eq!((&flake["package"], &flake["sameAsHmopt"]), (&json!("hmopt"), &json!(true)));
    let exe = "/nix/store/00000000000000000000000000000000-hmopt/bin/hmopt";
    assert_eq!(flake["app"], json!({"type": "app", "program": exe}));
    assert_eq!(flake["overlay"], "hmopt");
    assert_eq!(flake["checks"], json!(["hmopt", "nix-files"]));
    let script = flake["checkScript"].as_str().unwrap();
    assert!(script.contains(&format!("{exe} check --format concise")), "{script}");
    assert!(script.contains("-flake.nix") && script.contains("-package.nix"), "{script}");
    let hooks = &flake["hooks"];
    assert_eq!(hooks["hmopt"]["entry"], format!("{exe} check --force-exclude"));
    assert_eq!(hooks["hmopt-fix"]["entry"], format!("{exe} check --fix --force-exclude"));
    for hook in ["hmopt", "hmopt-fix"] {
        assert_eq!(
            (&hooks[hook]["files"], &hooks[hook]["pass_filenames"]),
            (&json!("\\.nix$"), &json!(true))
        );
        assert_eq!(hooks[hook]["enable"], true);
    }
}

//! The GitHub Action (`action.yml`): its steps run locally as the runner runs them. The test
//! reads `action.yml`, evaluates the `${{ }}` expressions of each step (inputs, their defaults,
//! the outputs of earlier steps), runs each `run:` with bash and stand-in `GITHUB_OUTPUT`,
//! `GITHUB_STEP_SUMMARY` and `GITHUB_PATH` files, and checks the annotations, the job summary,
//! the outputs and the exit status. `actions/cache` is not run: its directory persists between
//! runs of one test, which is what a cache hit gives.
//!
//! `cargo install` is replaced by a stand-in that records its arguments and copies the hmopt
//! under test into place: building hmopt is not this test's business, installing it is.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;

use crate::{hmopt_bin, repo_root};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Action {
    name: String,
    description: String,
    author: String,
    branding: BTreeMap<String, String>,
    inputs: BTreeMap<String, Input>,
    outputs: BTreeMap<String, Output>,
    runs: Runs,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Input {
    description: String,
    required: bool,
    default: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Output {
    description: String,
    value: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Runs {
    using: String,
    steps: Vec<Step>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Step {
    id: Option<String>,
    uses: Option<String>,
    shell: Option<String>,
    run: Option<String>,
    #[serde(default)]
    env: BTreeMap<String, String>,
    #[serde(default)]
    with: BTreeMap<String, String>,
}

/// What one run of the action left behind.
#[derive(Debug)]
struct Run {
    status: i32,
    /// The log: the steps' standard output and error.
    log: String,
    summary: String,
    /// The action's outputs, as `outputs:` maps them.
    outputs: BTreeMap<String, String>,
    /// What the steps added to `PATH`.
    path: Vec<String>,
    /// Each step's outputs, by step id.
    steps: HashMap<String, BTreeMap<String, String>>,
    /// The stand-in `cargo`'s command lines.
    cargo_calls: Vec<String>,
}

fn action() -> Action {
    let text = std::fs::read_to_string(repo_root().join("action.yml")).unwrap();
    serde_yaml_ng::from_str(&text).unwrap()
}

/// Replaces each `${{ expression }}` in `text`.
fn evaluate(
    text: &str,
    action: &Action,
    inputs: &[(&str, &str)],
    steps: &HashMap<String, BTreeMap<String, String>>,
) -> String {
    let mut res = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${{") {
        res.push_str(&rest[..start]);
        let end = rest[start..].find("}}").expect("closed expression") + start;
        let expression = rest[start + 3..end].trim();
        let value = if let Some(name) = expression.strip_prefix("inputs.") {
            let input = action.inputs.get(name).unwrap_or_else(|| panic!("no input `{name}`"));
            let given = inputs.iter().find(|(it, _)| *it == name);
            given.map_or(input.default.clone(), |(_, value)| (*value).to_owned())
        } else if let Some(path) = expression.strip_prefix("steps.") {
            let (id, name) = path.split_once(".outputs.").expect("steps.ID.outputs.NAME");
            let outputs = steps.get(id).unwrap_or_else(|| panic!("no step `{id}` ran before"));
            // GitHub gives an empty string for an output a step did not set.
            outputs.get(name).cloned().unwrap_or_default()
        } else if expression == "github.action_path" {
            repo_root().display().to_string()
        } else {
            panic!("the test does not evaluate `{expression}`: teach it");
        };
        res.push_str(&value);
        rest = &rest[end + 2..];
    }
    res.push_str(rest);
    res
}

fn parse_outputs(path: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .map(|line| {
            let (name, value) = line.split_once('=').unwrap_or_else(|| panic!("`{line}`"));
            (name.to_owned(), value.to_owned())
        })
        .collect()
}

/// Runs the action in `workspace` with `inputs`; `runner` is the runner's directory (the tool
/// cache and the stand-in files live there and persist between runs).
fn run_action(workspace: &Path, runner: &Path, inputs: &[(&str, &str)]) -> Run {
    let action = action();
    let stand_ins = runner.join("stand-in-bin");
    std::fs::create_dir_all(&stand_ins).unwrap();
    let cargo = stand_ins.join("cargo");
    std::fs::write(
        &cargo,
        "#!/usr/bin/env bash\nprintf '%s\\n' \"$*\" >>\"$CARGO_CALLS\"\nroot=\nprev=\nfor arg in \"$@\"; do\n  [[ \"$prev\" == --root ]] && root=$arg\n  prev=$arg\ndone\nmkdir -p \"$root/bin\" && cp \"$HMOPT_UNDER_TEST\" \"$root/bin/hmopt\"\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let files = runner.join("files");
    let _ = std::fs::remove_dir_all(&files);
    std::fs::create_dir_all(&files).unwrap();
    let summary = files.join("step_summary");
    let github_path = files.join("path");
    let cargo_calls = files.join("cargo_calls");
    let system_path = std::env::var("PATH").unwrap();

    let mut steps: HashMap<String, BTreeMap<String, String>> = HashMap::new();
    let mut log = String::new();
    let mut status = 0;
    for (idx, step) in action.runs.steps.iter().enumerate() {
        if let Some(uses) = &step.uses {
            assert!(uses.starts_with("actions/cache@"), "only actions/cache is expected: {uses}");
            assert_eq!(step.with["path"], "${{ steps.key.outputs.dir }}");
            assert_eq!(step.with["key"], "${{ steps.key.outputs.key }}");
            continue;
        }
        assert_eq!(step.shell.as_deref(), Some("bash"), "{step:?}");
        let run = evaluate(step.run.as_deref().expect("a run step"), &action, inputs, &steps);
        let output = files.join(format!("output_{idx}"));
        let mut command = Command::new("bash");
        command
            .args(["-c", &run])
            .current_dir(workspace)
            .env_clear()
            .env("PATH", format!("{}:{system_path}", stand_ins.display()))
            .env("HOME", runner)
            .env("GITHUB_ACTION_PATH", repo_root())
            .env("GITHUB_ACTION_REF", "v9.9.9")
            .env("GITHUB_WORKSPACE", workspace)
            .env("GITHUB_OUTPUT", &output)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("GITHUB_PATH", &github_path)
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("RUNNER_TOOL_CACHE", runner.join("tool-cache"))
            .env("CARGO_CALLS", &cargo_calls)
            .env("HMOPT_UNDER_TEST", hmopt_bin());
        for (name, value) in &step.env {
            command.env(name, evaluate(value, &action, inputs, &steps));
        }
        let out = command.output().unwrap();
        log.push_str(&String::from_utf8_lossy(&out.stdout));
        log.push_str(&String::from_utf8_lossy(&out.stderr));
        if let Some(id) = &step.id {
            steps.insert(id.clone(), parse_outputs(&output));
        }
        status = out.status.code().unwrap();
        if status != 0 {
            // A failing step ends the job.
            break;
        }
    }
    let outputs = action
        .outputs
        .iter()
        .map(|(name, output)| (name.clone(), evaluate(&output.value, &action, inputs, &steps)))
        .collect();
    let read = |path: &Path| std::fs::read_to_string(path).unwrap_or_default();
    Run {
        status,
        log,
        summary: read(&summary),
        outputs,
        path: read(&github_path).lines().map(str::to_owned).collect(),
        steps,
        cargo_calls: read(&cargo_calls).lines().map(str::to_owned).collect(),
    }
}

fn output<'a>(run: &'a Run, name: &str) -> &'a str {
    run.outputs.get(name).map_or("", String::as_str)
}

#[test]
fn action_yml_is_complete() {
    let action = action();
    assert_eq!(action.name, "hmopt");
    assert!(!action.description.is_empty() && !action.author.is_empty());
    assert!(action.branding.contains_key("icon"));
    assert_eq!(action.runs.using, "composite");
    for (name, input) in &action.inputs {
        assert!(!input.description.is_empty() && !input.required, "{name}");
    }
    for (name, output) in &action.outputs {
        assert!(!output.description.is_empty(), "{name}");
        assert!(output.value.starts_with("${{ steps.check.outputs."), "{name}");
    }
    let names: Vec<&str> = action.inputs.keys().map(String::as_str).collect();
    assert_eq!(names, ["baseline", "config", "paths", "sarif", "sarif-file", "strict", "version"]);
    // The run steps are the script's, so that this test runs the same code as GitHub.
    for step in action.runs.steps.iter().filter(|it| it.run.is_some()) {
        let run = step.run.as_deref().unwrap();
        let id = step.id.as_deref().unwrap();
        assert_eq!(
            run,
            format!("bash \"$GITHUB_ACTION_PATH/.github/actions/hmopt/action.sh\" {id}")
        );
    }
}

const BROKEN: &str = "final: prev: {\n  a = prev.a.overrideAttrs (old: { env.NIX_CXXFLAGS_COMPILE = \"-O3\"; });\n}\n";

#[test]
fn the_action_installs_checks_annotates_and_summarizes() {
    let runner = tempfile::tempdir().unwrap();
    let workspace = tempfile::tempdir().unwrap();
    let ws = workspace.path();
    std::fs::create_dir_all(ws.join("overlays/with space")).unwrap();
    std::fs::write(ws.join("overlays/a.nix"), BROKEN).unwrap();
    std::fs::write(
        ws.join("overlays/with space/clean.nix"),
        "{ env.NIX_CFLAGS_COMPILE = \"-O2\"; }\n",
    )
    .unwrap();

    // First run: nothing cached, so hmopt is built from the action's own source.
    let run = run_action(ws, runner.path(), &[("sarif", "true")]);
    let key = &run.steps["key"]["key"];
    assert!(
        key.starts_with("hmopt-Linux-X64-v9.9.9-")
            && key.len() == "hmopt-Linux-X64-v9.9.9-".len() + 16,
        "{key}"
    );
    let dir = PathBuf::from(&run.steps["key"]["dir"]);
    assert_eq!(dir, runner.path().join("tool-cache/hmopt-action").join(key));
    assert_eq!(
        run.cargo_calls,
        [format!("install --path {}/cli --locked --root {}", repo_root().display(), dir.display())]
    );
    assert_eq!(run.path, [dir.join("bin").display().to_string()]);
    // One error (the variable nothing reads) and one warning (the replaced upstream `env`).
    assert_eq!(run.status, 1, "{}", run.log);
    assert_eq!(
        (output(&run, "errors"), output(&run, "warnings"), output(&run, "exit-code")),
        ("1", "1", "1")
    );
    assert!(run.log.contains("::error file=overlays/a.nix,line=2,col="), "{}", run.log);
    assert!(run.log.contains("::warning file=overlays/a.nix,line=2,"), "{}", run.log);
    assert!(run.summary.starts_with("# Overlay audit\n"), "{}", run.summary);
    assert!(
        run.summary.contains("| `./overlays/a.nix` | ⚠️ issues found | 1 error, 1 warning |"),
        "{}",
        run.summary
    );
    assert!(
        run.summary.contains("| `./overlays/with space/clean.nix` | ✅ clean | none |"),
        "{}",
        run.summary
    );
    assert_eq!(output(&run, "sarif-file"), "hmopt.sarif");
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(ws.join("hmopt.sarif")).unwrap()).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert!(
        results
            .iter()
            .all(|it| it["partialFingerprints"]["hmopt/v1"].as_str().unwrap().len() == 16)
    );

    // Second run: the cache restored hmopt, nothing is built. Paths one per line, one with a
    // space; no SARIF.
    std::fs::remove_file(ws.join("hmopt.sarif")).unwrap();
    let run =
        run_action(ws, runner.path(), &[("paths", "overlays/with space\n\n  overlays/a.nix  \n")]);
    assert_eq!(run.cargo_calls, Vec::<String>::new(), "restored from the cache");
    assert!(run.log.contains("hmopt restored from the cache: hmopt 0.1.0"), "{}", run.log);
    assert_eq!(run.status, 1);
    assert!(
        run.summary.contains("| `overlays/with space/clean.nix` | ✅ clean |"),
        "{}",
        run.summary
    );
    assert!(run.summary.contains("| `overlays/a.nix` | ⚠️ issues found |"), "{}", run.summary);
    assert_eq!(output(&run, "sarif-file"), "");
    assert!(!ws.join("hmopt.sarif").exists());

    // Warnings alone pass, unless strict.
    std::fs::write(
        ws.join("overlays/a.nix"),
        BROKEN.replace("NIX_CXXFLAGS_COMPILE", "NIX_CFLAGS_COMPILE"),
    )
    .unwrap();
    let run = run_action(ws, runner.path(), &[]);
    assert_eq!((run.status, output(&run, "errors"), output(&run, "warnings")), (0, "0", "1"));
    let run = run_action(ws, runner.path(), &[("strict", "true")]);
    assert_eq!((run.status, output(&run, "exit-code")), (1, "1"));

    // A baseline leaves known findings out; a configuration file replaces discovery.
    std::fs::write(ws.join("overlays/a.nix"), BROKEN).unwrap();
    let written = Command::new(hmopt_bin())
        .args(["check", "--write-baseline", "hmopt-baseline.json"])
        .current_dir(ws)
        .output()
        .unwrap();
    assert!(written.status.success());
    let run = run_action(ws, runner.path(), &[("baseline", "hmopt-baseline.json")]);
    assert_eq!(
        (run.status, output(&run, "errors"), output(&run, "warnings")),
        (0, "0", "0"),
        "{}",
        run.log
    );
    assert!(run.summary.contains("2 findings in the baseline not shown."), "{}", run.summary);
    std::fs::write(ws.join("only-overlap.toml"), "[lint]\nselect = [\"env-overlap\"]\n").unwrap();
    let run = run_action(ws, runner.path(), &[("config", "only-overlap.toml")]);
    assert_eq!((run.status, output(&run, "errors")), (0, "0"));

    // Paths that cannot be checked: status 2, and the summary says so.
    let run = run_action(ws, runner.path(), &[("paths", "missing.nix")]);
    assert_eq!((run.status, output(&run, "exit-code")), (2, "2"));
    assert!(run.log.contains("::error file=missing.nix::no such file or directory"), "{}", run.log);
    assert!(
        run.summary.contains("| `missing.nix` | ❌ not checked | no such file or directory |"),
        "{}",
        run.summary
    );

    // Bad inputs are refused, naming the input.
    let run = run_action(ws, runner.path(), &[("strict", "yes")]);
    assert_eq!(run.status, 2);
    assert!(
        run.log.contains(
            "::error title=hmopt action::input `strict` must be true or false, not `yes`"
        ),
        "{}",
        run.log
    );
}

#[test]
fn a_version_installs_from_crates_io() {
    let runner = tempfile::tempdir().unwrap();
    let workspace = tempfile::tempdir().unwrap();
    std::fs::write(workspace.path().join("a.nix"), "{ }\n").unwrap();
    let run = run_action(workspace.path(), runner.path(), &[("version", "0.1.0")]);
    assert_eq!(run.steps["key"]["key"], "hmopt-Linux-X64-crates-io-0.1.0");
    let dir = &run.steps["key"]["dir"];
    assert_eq!(run.cargo_calls, [format!("install hmopt --version 0.1.0 --locked --root {dir}")]);
    assert_eq!((run.status, output(&run, "errors"), output(&run, "warnings")), (0, "0", "0"));
    assert!(run.summary.contains("| `./a.nix` | ✅ clean | none |"), "{}", run.summary);
}

#[test]
fn ci_runs_the_ci_script_on_pushes_and_pull_requests() {
    let text = std::fs::read_to_string(repo_root().join(".github/workflows/ci.yml")).unwrap();
    let workflow: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
    // YAML 1.1 reads a bare `on` as `true`; GitHub reads it as `on`. serde_yaml_ng is YAML 1.2.
    let on = &workflow["on"];
    assert!(on.get("push").is_some() && on.get("pull_request").is_some(), "{on:?}");
    let job = &workflow["jobs"]["test"];
    assert_eq!(job["env"]["CI"].as_str(), Some("true"));
    let runs: Vec<&str> =
        job["steps"].as_sequence().unwrap().iter().filter_map(|it| it["run"].as_str()).collect();
    assert_eq!(runs.last(), Some(&"bash .ci/run"), "{runs:?}");
    let ci = std::fs::read_to_string(repo_root().join(".ci/run")).unwrap();
    assert!(ci.lines().any(|it| it == "exec cargo xtask test"), "{ci}");
}

//! `/memory`: paste a hardware profile (Nix, JSON or TOML) or move the RAM slider, and see the
//! Codex memory mode, the build feasibility table and the compiler flags.

use hmopt_core::calc::{self, MemoryReport, ProfileError, ProfileFormat};
use leptos::prelude::*;
use serde_json::Value;

use crate::browser;
use crate::components::editor::{Editor, Marker, MarkerLevel};
use crate::pages::validate::{load_shared, share};

/// The plan's WSL system, as a starting point.
const EXAMPLE: &str = include_str!("../../../core/tests/fixtures/profiles/wsl-8gb.nix");

/// A minimal profile with only the effective RAM, for the slider.
pub fn slider_profile(gb: f64) -> String {
    format!("{{\n  memory.effectiveTotal = {gb};\n}}\n")
}

/// `hmopt memory --format json`'s object (`hmopt_core::calc::json`), or the error as
/// `{"error": {"line", "column", "message"}}` (the CLI prints `<stdin>:<line>:<column>: <message>`).
pub fn results_json(result: &Result<MemoryReport, ProfileError>) -> Value {
    match result {
        Ok(report) => calc::json::report(report),
        Err(err) => calc::json::error(err),
    }
}

/// The calculator page.
#[component]
pub fn MemoryPage() -> impl IntoView {
    let (source, set_source) = signal(EXAMPLE.to_owned());
    let (share_status, set_share_status) = signal(None::<String>);
    load_shared(set_source, set_share_status);
    let result = Memo::new(move |_| {
        let text = source.read();
        let format = ProfileFormat::sniff(&text);
        calc::parse_profile(&text, format).and_then(|profile| calc::compute(&profile))
    });
    let set_text = move |text: String| {
        browser::clear_share_fragment();
        set_source.set(text);
    };
    let markers = Signal::derive(move || {
        result.with(|result| match result {
            Err(ProfileError { range: Some(range), .. }) => {
                vec![Marker { range: range.clone(), level: MarkerLevel::Error }]
            }
            _ => Vec::new(),
        })
    });
    let output = move || {
        result.with(|result| match result {
            Err(err) => view! { <p class="diagnostic error" role="alert">{err.to_string()}</p> }.into_any(),
            Ok(report) => {
                let builds: Vec<_> = report
                    .builds
                    .iter()
                    .map(|build| {
                        let verdict = build.verdict.as_str();
                        view! {
                            <tr>
                                <td>{build.cost.name}</td>
                                <td>{format!("{}-{} GB", build.cost.ram_gb.0, build.cost.ram_gb.1)}</td>
                                <td>{format!("{}-{} min", build.cost.minutes.0, build.cost.minutes.1)}</td>
                                <td><span class=format!("chip chip-{verdict}")>{verdict}</span></td>
                                <td>{build.advice}</td>
                            </tr>
                        }
                    })
                    .collect();
                let steps: Vec<_> = report
                    .steps
                    .iter()
                    .map(|step| {
                        let at = step.position.map(|it| format!("{}:{} ", it.line, it.column)).unwrap_or_default();
                        view! { <li><span class="position">{at}</span>{step.message.clone()}</li> }
                    })
                    .collect();
                let warnings: Vec<_> = report.warnings.iter().map(|it| view! { <li>{it.clone()}</li> }).collect();
                view! {
                    <dl class="memory-result">
                        <dt>"effectiveTotal"</dt><dd>{format!("{} GB ({})", report.effective_total_gb, report.source.as_str())}</dd>
                        {report.runtime_usage_gb.map(|used| view! {
                            <dt>"runtimeUsage"</dt><dd>{format!("{used} GB used at run time: {} GB left for builds", report.available_gb)}</dd>
                        })}
                        <dt>"Codex mode"</dt><dd class="mode">{report.mode.as_str()}</dd>
                        <dt>"MEMORY_LIMIT_GB"</dt><dd><code>{format!("\"{}\"", report.mode.memory_limit_gb())}</code></dd>
                        <dt>"NODE_OPTIONS"</dt><dd><code>{report.node_options()}</code></dd>
                        <dt>"Compiler flags"</dt><dd><code>{report.compiler_flags.join(" ")}</code></dd>
                    </dl>
                    <div class="callout callout-warning mode-caveat" role="note" aria-label="Where these settings take effect">
                        <p class="callout-title">"Where these settings take effect"</p>
                        <p>
                            "The plan sets "<code>"MEMORY_LIMIT_GB"</code>" and "<code>"NODE_OPTIONS"</code>" inside "<code>"overrideAttrs"</code>
                            ", which makes them environment variables of Codex's "<em>"build"</em>" only: the installed program never sees them. Codex is written in Rust, so "
                            <code>"--max-old-space-size"</code>" (a Node.js flag) does nothing to it, and no known program reads "<code>"MEMORY_LIMIT_GB"</code>"."
                        </p>
                        <ul>
                            <li>"For run time, put a variable that a program really reads into its environment: a wrapper ("<code>"wrapProgram … --set NAME VALUE"</code>") or "<code>"home.sessionVariables"</code>"."</li>
                            <li>"To bound the memory of the build, bound its parallelism: Nix's "<code>"cores"</code>" setting ("<code>"NIX_BUILD_CORES"</code>", which nixpkgs passes to "<code>"cargo build -j"</code>"), or "<code>"CARGO_BUILD_JOBS"</code>" where no "<code>"-j"</code>" is passed."</li>
                        </ul>
                        <p><a href="adr/024#erratum-codex-memory-mode">"ADR-024 erratum 2: the Codex memory mode only reaches Codex's build"</a></p>
                    </div>
                    {(!warnings.is_empty()).then(|| view! { <ul class="warnings">{warnings}</ul> })}
                    <h2>"Heavy builds"</h2>
                    <dl class="verdicts">
                        <dt><span class="chip chip-fits">"fits"</span></dt>
                        <dd>"The build's upper RAM bound is at most the RAM left for builds ("<code>"effectiveTotal"</code>" less "<code>"runtimeUsage"</code>" when the profile gives it): it can run here."</dd>
                        <dt><span class="chip chip-tight">"tight"</span></dt>
                        <dd>"Only the lower bound fits: the build may run out of memory near its peak; build on a larger machine and use the binary cache, or lower its parallelism."</dd>
                        <dt><span class="chip chip-exceeds">"exceeds"</span></dt>
                        <dd>"Even the lower bound does not fit: do not build it here."</dd>
                    </dl>
                    <p class="verdict-note">
                        {match report.runtime_usage_gb {
                            Some(_) => format!("These verdicts compare each build with the {} GB the system leaves while it runs.", report.available_gb),
                            None => "These verdicts compare each build with the whole effectiveTotal. Add memory.runtimeUsage (GB) to the profile to subtract what the system itself uses while it runs: the plan expects the 8 GB WSL system to use about 6 GB, which leaves about 2 GB, less than any of these builds needs.".to_owned(),
                        }}
                    </p>
                    <div class="table-wrap">
                        <table>
                            <thead><tr><th>"Build"</th><th>"RAM"</th><th>"Time"</th><th>"Verdict"</th><th>"Advice"</th></tr></thead>
                            <tbody>{builds}</tbody>
                        </table>
                    </div>
                    <h2>"How this was computed"</h2>
                    <ol class="steps">{steps}</ol>
                }
                .into_any()
            }
        })
    };
    view! {
        <div class="page tool">
            <article class="content">
                <h1>"Memory calculator"</h1>
                <p>
                    "The plan's rule: "<code>"memory.effectiveTotal <= 10"</code>" GB selects the memory-limited Codex mode. Paste your hardware profile (Nix, JSON or TOML, detected) or use the slider. The results say which of the plan's one-time builds fit in that RAM, and where the mode's settings would take effect."
                </p>
                <label class="slider">
                    <span>"Effective RAM (GB): "</span>
                    <input
                        type="range"
                        min="2"
                        max="64"
                        step="0.25"
                        value="8"
                        on:input=move |event| {
                            if let Ok(gb) = event_target_value(&event).parse::<f64>() {
                                set_text(slider_profile(gb));
                            }
                        }
                    />
                </label>
                <div class="toolbar">
                    <button type="button" class="share" on:click=move |_| {
                        share(source.get_untracked(), set_share_status);
                    }>"Copy share link"</button>
                </div>
                <p class="share-status" role="status">{move || share_status.get()}</p>
                <label class="visually-hidden" for="profile">"Hardware profile"</label>
                <Editor id="profile" text=source markers=markers on_input=Callback::new(set_text) rows=14/>
                <div aria-live="polite">{output}</div>
                // The fields of `hmopt memory --format json -` for this text, or its error.
                <output id="hmopt-results" hidden>{move || result.with(|it| results_json(it).to_string())}</output>
            </article>
        </div>
    }
}

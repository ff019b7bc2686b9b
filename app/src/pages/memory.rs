//! `/memory`: paste a hardware profile (Nix, JSON or TOML) or move the RAM slider, and see the
//! Codex memory mode, the build feasibility table and the compiler flags. Prerendered with the
//! plan's WSL profile; `client::memory` takes it over and fills the `data-slot` elements with
//! what its web worker computes (see [`crate::tools::calculate`]).

use leptos::prelude::*;

use crate::components::editor::Editor;
use crate::markup;
use crate::tools::{self, MEMORY_EXAMPLE};

/// The calculator page.
#[component]
pub fn MemoryPage() -> impl IntoView {
    let calculated = tools::calculate(MEMORY_EXAMPLE);
    let slot = |name: &str| {
        calculated
            .slots
            .iter()
            .find(|it| it.0 == name)
            .map(|it| markup::to_html(&it.1))
            .unwrap_or_default()
    };
    let failed = !slot("error").is_empty();
    let no_warnings = slot("warnings").is_empty();
    view! {
        <div class="page tool" data-worker=format!("{}_loader.js", tools::MEMORY_WORKER)>
            <article class="content">
                <h1>"Memory calculator"</h1>
                <p>
                    "The plan's rule: "<code>"memory.effectiveTotal <= 10"</code>" GB selects the memory-limited Codex mode. Paste your hardware profile (Nix, JSON or TOML, detected) or use the slider. The results say which of the plan's one-time builds fit in that RAM, and where the mode's settings would take effect."
                </p>
                <label class="slider">
                    <span>"Effective RAM (GB): "</span>
                    <input type="range" min="2" max="64" step="0.25" value="8"/>
                </label>
                <div class="toolbar">
                    <button type="button" class="share">"Copy share link"</button>
                </div>
                <p class="share-status" role="status"></p>
                <label class="visually-hidden" for="profile">"Hardware profile"</label>
                <Editor id="profile" text=MEMORY_EXAMPLE markers=calculated.markers.clone() rows=14/>
                <div class="memory-output" aria-live="polite">
                    <div data-slot="error" inner_html=slot("error")></div>
                    <div class="memory-report" hidden=failed>
                        <dl class="memory-result" data-slot="result" inner_html=slot("result")></dl>
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
                        <ul class="warnings" data-slot="warnings" hidden=no_warnings inner_html=slot("warnings")></ul>
                        <h2>"Heavy builds"</h2>
                        <dl class="verdicts">
                            <dt><span class="chip chip-fits">"fits"</span></dt>
                            <dd>"The build's upper RAM bound is at most the RAM left for builds ("<code>"effectiveTotal"</code>" less "<code>"runtimeUsage"</code>" when the profile gives it): it can run here."</dd>
                            <dt><span class="chip chip-tight">"tight"</span></dt>
                            <dd>"Only the lower bound fits: the build may run out of memory near its peak; build on a larger machine and use the binary cache, or lower its parallelism."</dd>
                            <dt><span class="chip chip-exceeds">"exceeds"</span></dt>
                            <dd>"Even the lower bound does not fit: do not build it here."</dd>
                        </dl>
                        <p class="verdict-note" data-slot="note" inner_html=slot("note")></p>
                        <div class="table-wrap">
                            <table>
                                <thead><tr><th>"Build"</th><th>"RAM"</th><th>"Time"</th><th>"Verdict"</th><th>"Advice"</th></tr></thead>
                                <tbody data-slot="builds" inner_html=slot("builds")></tbody>
                            </table>
                        </div>
                        <h2>"How this was computed"</h2>
                        <ol class="steps" data-slot="steps" inner_html=slot("steps")></ol>
                    </div>
                </div>
                // The fields of `hmopt memory --format json -` for this text, or its error.
                <output id="hmopt-results" hidden>{calculated.json.clone()}</output>
            </article>
        </div>
    }
}

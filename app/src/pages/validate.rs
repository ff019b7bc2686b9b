//! `/validate`: paste an overlay, see what nixpkgs ignores, apply fixes. Runs `hmopt-core` in
//! the browser; nothing leaves the page.

use hmopt_core::lint::{self, Applicability, Diagnostic, LintConfig, RuleSet, Severity};
use hmopt_core::text::LineIndex;
use leptos::prelude::*;

use crate::routes::href;

/// The examples menu: (label, overlay).
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "The plan's Node.js overlay after its \"fix\"",
        include_str!("../../../core/tests/fixtures/plan/nodejs-corrected.nix"),
    ),
    (
        "The plan's Node.js overlay before it",
        include_str!("../../../core/tests/fixtures/plan/nodejs-broken.nix"),
    ),
    ("env pitfalls", include_str!("../../../core/tests/fixtures/env-drops-upstream/drops.nix")),
    ("A clean overlay (LLVM)", include_str!("../../../core/tests/fixtures/clean/llvm-overlay.nix")),
];

const STORAGE_KEY: &str = "hmopt-validate-source";

fn config() -> LintConfig {
    LintConfig { rules: RuleSet::all(), extra_variables: Vec::new(), deny: Vec::new() }
}

/// "2 errors, 1 warning", or "No problems found".
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let n_errors = diagnostics.iter().filter(|it| it.severity() == Severity::Error).count();
    let n_warnings = diagnostics.len() - n_errors;
    if diagnostics.is_empty() {
        return "No problems found".to_owned();
    }
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    format!("{n_errors} error{}, {n_warnings} warning{}", plural(n_errors), plural(n_warnings))
}

/// The validator page.
#[component]
pub fn ValidatePage() -> impl IntoView {
    let initial = crate::browser::load(STORAGE_KEY).unwrap_or_else(|| EXAMPLES[0].1.to_owned());
    let (source, set_source) = signal(initial);
    let checked = Memo::new(move |_| {
        let start = crate::browser::now_ms();
        let diagnostics = lint::lint(&source.read(), &config());
        (diagnostics, crate::browser::now_ms() - start)
    });
    let set_text = move |text: String| {
        crate::browser::save(STORAGE_KEY, &text);
        set_source.set(text);
    };
    let examples: Vec<_> = EXAMPLES
        .iter()
        .enumerate()
        .map(|(idx, (label, _))| view! { <option value=idx.to_string()>{*label}</option> })
        .collect();
    let list = move || {
        let text = source.read();
        let index = LineIndex::new(&text);
        checked.with(|(diagnostics, _)| {
            diagnostics
                .iter()
                .map(|diagnostic| {
                    let at = index.line_column(&text, diagnostic.range.start);
                    let severity = diagnostic.severity().name();
                    let fix = diagnostic.fix.clone().map(|fix| {
                        let label = match fix.applicability {
                            Applicability::Safe => format!("Apply fix: {}", fix.title),
                            Applicability::Unsafe => format!("Apply unsafe fix: {}", fix.title),
                        };
                        let one = Diagnostic { fix: Some(fix), ..diagnostic.clone() };
                        view! {
                            <button type="button" class="apply" on:click=move |_| {
                                let (fixed, _) = lint::apply_fixes(&source.get_untracked(), std::slice::from_ref(&one), true);
                                set_text(fixed);
                            }>{label}</button>
                        }
                    });
                    view! {
                        <li class=format!("diagnostic {severity}")>
                            <span class="severity">{severity}</span>
                            <a class="rule" href=href(&format!("rules/{}", diagnostic.rule.name()))>{diagnostic.rule.name()}</a>
                            <span class="position">{format!("{}:{}", at.line, at.column)}</span>
                            <p class="message">{diagnostic.message.clone()}</p>
                            {diagnostic.help.clone().map(|help| view! { <p class="help">{help}</p> })}
                            {fix}
                        </li>
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="page tool">
            <article class="content">
                <h1>"Overlay validator"</h1>
                <p>
                    "Paste a Nix overlay. Every "<code>"NIX_*"</code>" variable is judged against what nixpkgs' cc-wrapper, bintools-wrapper and stdenv read, as you type. It runs in your browser: nothing is sent anywhere."
                </p>
                <div class="toolbar">
                    <label>
                        <span>"Example: "</span>
                        <select on:change=move |event| {
                            if let Ok(idx) = event_target_value(&event).parse::<usize>()
                                && let Some((_, text)) = EXAMPLES.get(idx)
                            {
                                set_text((*text).to_owned());
                            }
                        }>{examples}</select>
                    </label>
                    <button type="button" on:click=move |_| {
                        let (fixed, _) = lint::fix_all(&source.get_untracked(), &config(), false);
                        set_text(fixed);
                    }>"Fix all safe"</button>
                    <button type="button" on:click=move |_| set_text(EXAMPLES[0].1.to_owned())>"Reset"</button>
                </div>
                <label class="visually-hidden" for="overlay">"Overlay source"</label>
                <textarea
                    id="overlay"
                    class="editor"
                    spellcheck="false"
                    rows="22"
                    prop:value=move || source.get()
                    on:input=move |event| set_text(event_target_value(&event))
                ></textarea>
                <p class="summary" role="status" aria-live="polite">
                    {move || checked.with(|(diagnostics, _)| summary(diagnostics))}
                    <span class="timing">{move || checked.with(|(_, ms)| format!(" · checked in {ms:.1} ms"))}</span>
                </p>
                <ul class="diagnostics">{list}</ul>
            </article>
        </div>
    }
}

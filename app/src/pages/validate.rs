//! `/validate`: paste an overlay, see what nixpkgs ignores, apply fixes. Runs `hmopt-core` in
//! the browser; nothing leaves the page.

use hmopt_core::knowledge::{self, Lookup};
use hmopt_core::lint::{self, Applicability, Diagnostic, LintConfig, RuleSet, Severity};
use hmopt_core::text::LineIndex;
use leptos::prelude::*;

use crate::browser;
use crate::components::editor::{Editor, Marker, MarkerLevel};
use crate::routes::href;

/// The examples menu: (label, overlay), from `content/examples/`.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "The plan's Node.js overlay after its \"fix\"",
        include_str!("../../../content/examples/nodejs-planned-fix.nix"),
    ),
    (
        "The plan's Node.js overlay as written",
        include_str!("../../../content/examples/nodejs-as-written.nix"),
    ),
    ("Four env pitfalls", include_str!("../../../content/examples/env-pitfalls.nix")),
    (
        "A clean hardware-tuned overlay",
        include_str!("../../../content/examples/hardware-overlay.nix"),
    ),
    (
        "The plan's LLVM overlay (its flags never apply)",
        include_str!("../../../content/examples/llvm-overlay.nix"),
    ),
];

const STORAGE_KEY: &str = "hmopt-validate-source";

/// At most this many diagnostics are listed; the summary still counts them all.
const MAX_LISTED: usize = 500;

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

/// The offset of byte `offset` of `text` in UTF-16 code units, as text areas count.
pub fn utf16_offset(text: &str, offset: usize) -> u32 {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    text[..offset].encode_utf16().count() as u32
}

/// Replaces the text with a share link's (`#code=`), once the browser has decompressed it, or
/// says why it cannot. The link wins over what localStorage had.
pub fn load_shared(set_source: WriteSignal<String>, set_status: WriteSignal<Option<String>>) {
    let Some(payload) = browser::share_fragment() else { return };
    leptos::task::spawn_local(async move {
        match browser::decode_share(&payload).await {
            Ok(text) => set_source.set(text),
            Err(message) => {
                set_status.set(Some(format!("Cannot open the shared text: {message}.")));
            }
        }
    });
}

/// Puts `text` in the address bar as a share link and copies it, or says why not.
pub fn share(text: String, set_status: WriteSignal<Option<String>>) {
    leptos::task::spawn_local(async move {
        let message = match browser::encode_share(&text).await {
            Err(message) => format!("Cannot share: {message}."),
            Ok(payload) if browser::SHARE_LIMIT_BYTES < payload.len() * 3 / 4 => format!(
                "Too large to share: {} KB compressed, the limit is {} KB. Share a smaller excerpt.",
                (payload.len() * 3 / 4).div_ceil(1024),
                browser::SHARE_LIMIT_BYTES / 1024
            ),
            Ok(payload) => {
                let url =
                    browser::replace_fragment(&format!("{}{payload}", &browser::SHARE_PREFIX[1..]));
                browser::copy_to_clipboard(&url);
                "Share link copied and shown in the address bar.".to_owned()
            }
        };
        set_status.set(Some(message));
    });
}

/// The validator page.
#[component]
pub fn ValidatePage() -> impl IntoView {
    let initial = browser::load(STORAGE_KEY).unwrap_or_else(|| EXAMPLES[0].1.to_owned());
    let (source, set_source) = signal(initial);
    let (share_status, set_share_status) = signal(None::<String>);
    load_shared(set_source, set_share_status);
    let checked = Memo::new(move |_| {
        let start = browser::now_ms();
        let diagnostics = lint::lint(&source.read(), &config());
        (diagnostics, browser::now_ms() - start)
    });
    let set_text = move |text: String| {
        browser::save(STORAGE_KEY, &text);
        browser::clear_share_fragment();
        set_source.set(text);
    };
    let markers = Signal::derive(move || {
        checked.with(|(diagnostics, _)| {
            diagnostics
                .iter()
                .map(|it| Marker {
                    range: it.range.clone(),
                    level: match it.severity() {
                        Severity::Error => MarkerLevel::Error,
                        Severity::Warning => MarkerLevel::Warning,
                    },
                })
                .collect()
        })
    });
    let results_json = move || {
        source.with(|text| {
            checked.with(|(diagnostics, _)| lint::json::file("-", text, diagnostics).to_string())
        })
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
            let n_hidden = diagnostics.len().saturating_sub(MAX_LISTED);
            let items = diagnostics
                .iter()
                .take(MAX_LISTED)
                .map(|diagnostic| {
                    let at = index.line_column(&text, diagnostic.range.start);
                    let range = diagnostic.range.clone();
                    let select = move |event: leptos::ev::MouseEvent| {
                        // Links and fix buttons do their own thing; selecting a message to
                        // copy it must not move the focus either.
                        if browser::event_inside(&event, "a, button.apply") || browser::has_text_selection() {
                            return;
                        }
                        let (start, end) = source.with_untracked(|text| {
                            (utf16_offset(text, range.start), utf16_offset(text, range.end))
                        });
                        browser::select_range("overlay", start, end, at.line);
                    };
                    let variable = diagnostic.variable.as_deref().and_then(|name| match knowledge::lookup(name) {
                        Lookup::Known { variable, .. } => Some(view! {
                            <a class="variable" href=format!("{}#var-{}", href("standards"), variable.name)>
                                {format!("{} in the variable reference", variable.name)}
                            </a>
                        }),
                        _ => None,
                    });
                    let suggestion = diagnostic.suggestion.clone().map(|it| {
                        view! { <p class="suggestion">"Suggestion: "<code>{it}</code></p> }
                    });
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
                        <li class=format!("diagnostic {severity}") on:click=select>
                            <span class="severity">{severity}</span>
                            <a class="rule" href=href(&format!("rules/{}", diagnostic.rule.name()))>{diagnostic.rule.name()}</a>
                            <button type="button" class="position" title="Select in the editor">
                                {format!("{}:{}", at.line, at.column)}
                            </button>
                            <p class="message">{diagnostic.message.clone()}</p>
                            {suggestion}
                            {diagnostic.help.clone().map(|help| view! { <p class="help">{help}</p> })}
                            {variable}
                            {fix}
                        </li>
                    }
                })
                .collect::<Vec<_>>();
            let more = (0 < n_hidden).then(|| {
                view! { <li class="more">{format!("… and {n_hidden} more (only the first {MAX_LISTED} are listed)")}</li> }
            });
            (items, more)
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
                        let outcome = lint::fix_all(&source.get_untracked(), &config(), false);
                        set_text(outcome.text);
                    }>"Fix all safe"</button>
                    <button type="button" on:click=move |_| set_text(EXAMPLES[0].1.to_owned())>"Reset"</button>
                    <button type="button" class="share" on:click=move |_| {
                        share(source.get_untracked(), set_share_status);
                    }>"Copy share link"</button>
                </div>
                <p class="share-status" role="status">{move || share_status.get()}</p>
                <label class="visually-hidden" for="overlay">"Overlay source"</label>
                <Editor id="overlay" text=source markers=markers on_input=Callback::new(set_text) rows=22/>
                <p class="summary" role="status" aria-live="polite">
                    {move || checked.with(|(diagnostics, _)| summary(diagnostics))}
                    <span class="timing">{move || checked.with(|(_, ms)| format!(" · checked in {ms:.1} ms"))}</span>
                </p>
                <ul class="diagnostics">{list}</ul>
                // The same JSON as `hmopt check --format json -` gives for this text, per file.
                <output id="hmopt-results" hidden>{results_json}</output>
            </article>
        </div>
    }
}

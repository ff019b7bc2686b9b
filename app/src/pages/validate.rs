//! `/validate`: paste an overlay, see what nixpkgs ignores, apply fixes. Runs `hmopt-core` in
//! the browser (in a web worker); nothing leaves the page. Prerendered with the first example
//! and its findings; `client::validate` takes it over.

use leptos::prelude::*;

use crate::components::editor::Editor;
use crate::markup;
use crate::tools::{self, EXAMPLES};

/// The validator page.
#[component]
pub fn ValidatePage() -> impl IntoView {
    let text = EXAMPLES[0].1;
    let checked = tools::check(text);
    let examples: Vec<_> = EXAMPLES
        .iter()
        .enumerate()
        .map(|(idx, (label, _))| view! { <option value=idx.to_string()>{*label}</option> })
        .collect();
    view! {
        <div class="page tool" data-worker=format!("{}_loader.js", tools::LINT_WORKER)>
            <article class="content">
                <h1>"Overlay validator"</h1>
                <p>
                    "Paste a Nix overlay. Every "<code>"NIX_*"</code>" variable is judged against what nixpkgs' cc-wrapper, bintools-wrapper and stdenv read, as you type. It runs in your browser: nothing is sent anywhere."
                </p>
                <div class="toolbar">
                    <label>
                        <span>"Example: "</span>
                        <select class="examples">{examples}</select>
                    </label>
                    <button type="button" class="fix-all">"Fix all safe"</button>
                    <button type="button" class="reset">"Reset"</button>
                    <button type="button" class="share">"Copy share link"</button>
                </div>
                <p class="share-status" role="status"></p>
                <label class="visually-hidden" for="overlay">"Overlay source"</label>
                <Editor id="overlay" text=text markers=checked.markers rows=22/>
                <p class="summary" role="status" aria-live="polite">
                    <span class="count">{checked.summary}</span>
                    <span class="timing"></span>
                </p>
                <ul class="diagnostics" inner_html=markup::to_html(&checked.items)></ul>
                // The same JSON as `hmopt check --format json -` gives for this text, per file.
                <output id="hmopt-results" hidden>{checked.json}</output>
            </article>
        </div>
    }
}

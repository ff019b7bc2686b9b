//! The 404 page.

use leptos::prelude::*;

/// Shown for every unknown path.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <article class="content">
            <h1>"Page not found"</h1>
            <p>"There is no page at this address. Try the search above, or start from the "<a href="./">"overview"</a>"."</p>
        </article>
    }
}

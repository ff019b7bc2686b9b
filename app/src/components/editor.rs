//! The code editor of the playgrounds, as prerendered: a plain `<textarea>` with a line-number
//! gutter and a syntax-highlighted layer drawn behind it.
//!
//! The text area keeps all editing behavior (undo, selection, IME, accessibility); its glyphs are
//! transparent, so the reader sees the layer behind it: one `<span>` per line holding classed
//! pieces of text (see [`crate::highlight`]), with the ranges of findings underlined. Both share
//! font, line height and padding, and the layer copies the text area's scroll position. In the
//! browser, `client::editor` takes these elements over and redraws only the lines that change.

use leptos::prelude::*;

use crate::highlight::{HIGHLIGHT_LIMIT_BYTES, Marker, gutter_text, layer_markup};

/// The text area with its gutter and highlighted layer, showing `text`.
///
/// `id` names the text area (label it with `<label for=id>`); the layer and gutter are
/// `<id>-highlight` and `<id>-gutter`. The layer's `data-markers` lists the markers it was
/// drawn with (`start,end,level,...`).
#[component]
pub fn Editor(
    /// The text area's id.
    id: &'static str,
    /// The text shown.
    text: &'static str,
    /// The ranges underlined.
    markers: Vec<Marker>,
    /// Visible lines before the text area scrolls.
    rows: u32,
) -> impl IntoView {
    let n_lines = text.matches('\n').count() + 1;
    let digits = n_lines.to_string().len().clamp(2, 8);
    let is_plain = HIGHLIGHT_LIMIT_BYTES < text.len();
    let mut layer = if is_plain { String::new() } else { layer_markup(text, &markers) };
    // The trailing newline and space give the layer the text area's scroll extent.
    layer.push_str("\n ");
    let data_markers: Vec<String> =
        crate::highlight::markers_to_numbers(&markers).iter().map(u32::to_string).collect();
    let plain = if is_plain { " plain" } else { "" };
    // An HTML parser drops a newline that opens a text area: the first one is that newline.
    let textarea = format!("\n{}", crate::markup::escape(text));
    view! {
        // The gutter's width follows the number of digits (a class: the CSP allows no inline
        // style).
        <div class=format!("code-editor digits-{digits}{plain}")>
            <div class="code-gutter" id=format!("{id}-gutter") aria-hidden="true">{gutter_text(n_lines)}</div>
            <div class="code-area">
                <pre
                    class="code-highlight"
                    id=format!("{id}-highlight")
                    aria-hidden="true"
                    data-markers=data_markers.join(",")
                    inner_html=layer
                ></pre>
                <textarea
                    id=id
                    class="code-input"
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    wrap="off"
                    rows=rows.to_string()
                    inner_html=textarea
                ></textarea>
            </div>
        </div>
    }
}

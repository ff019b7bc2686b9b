//! The playground editor in the browser: takes over the prerendered text area, gutter and
//! highlighted layer (see `components::editor`). After each edit it lexes again only from the
//! last clean line before the edit until the lexer is back in step ([`highlight::relex`]), and
//! replaces only the line elements whose [`highlight::line_key`] changed, so a keystroke costs
//! about one line however long the text. Markers move with the edit until the worker's next
//! answer replaces them; then only the lines whose markers changed are drawn again.

use std::ops::Range;

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlTextAreaElement};

use crate::browser;
use crate::highlight::{self, HIGHLIGHT_LIMIT_BYTES, Line, Marker, MarkerLevel};

/// The editor `id` of the page.
pub(crate) struct Editor {
    pub(crate) textarea: HtmlTextAreaElement,
    root: Element,
    layer: Element,
    gutter: Element,
    /// The text drawn.
    text: String,
    /// Its lines as lexed; empty while the text is too long to highlight.
    lines: Vec<Line>,
    markers: Vec<Marker>,
    /// The markers' visible ranges, sorted.
    marks: Vec<(Range<usize>, MarkerLevel)>,
    /// The key of each line drawn.
    keys: Vec<String>,
    /// The number of lines of each group of the layer (see [`highlight::CHUNK_LINES`]).
    chunks: Vec<usize>,
    is_plain: bool,
    n_lines: usize,
    /// Whether the text area holds edits not drawn yet (see `playground::connect`).
    unread: bool,
}

impl Editor {
    /// Takes over the prerendered editor `id`, as drawn: the layer's text and its
    /// `data-markers`.
    pub(crate) fn attach(document: &Document, id: &str) -> Option<Editor> {
        let textarea: HtmlTextAreaElement = document.get_element_by_id(id)?.dyn_into().ok()?;
        let layer = document.get_element_by_id(&format!("{id}-highlight"))?;
        let gutter = document.get_element_by_id(&format!("{id}-gutter"))?;
        let root = textarea.closest(".code-editor").ok()??;
        let is_plain = root.class_list().contains("plain");
        // A plain layer holds no text: the text area's markup does (the HTML parser dropped the
        // newline that opens it).
        let text = if is_plain {
            textarea.default_value().unwrap_or_default()
        } else {
            let drawn = layer.text_content().unwrap_or_default();
            drawn.strip_suffix("\n ").unwrap_or(&drawn).to_owned()
        };
        let numbers: Vec<u32> = layer
            .get_attribute("data-markers")
            .unwrap_or_default()
            .split(',')
            .filter_map(|it| it.parse().ok())
            .collect();
        let markers = highlight::markers_from_numbers(&numbers);
        let n_lines = text.matches('\n').count() + 1;
        let mut editor = Editor {
            textarea,
            root,
            layer,
            gutter,
            marks: highlight::visible_marks(&text, &markers),
            text,
            lines: Vec::new(),
            markers,
            keys: Vec::new(),
            chunks: Vec::new(),
            is_plain,
            n_lines,
            unread: false,
        };
        if !is_plain {
            editor.lines = highlight::lex(&editor.text);
            editor.keys = (0..editor.lines.len()).map(|idx| editor.key(idx)).collect();
            let groups = editor.layer.children();
            editor.chunks = (0..groups.length())
                .filter_map(|idx| groups.item(idx))
                .map(|it| it.child_element_count() as usize)
                .collect();
        }
        Some(editor)
    }

    /// The text shown.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// Whether the text is too long to highlight (the text area shows it itself).
    pub(crate) fn is_plain(&self) -> bool {
        self.is_plain
    }

    /// Notes that the text area holds edits not drawn yet; whether it held none before.
    pub(crate) fn mark_unread(&mut self) -> bool {
        !std::mem::replace(&mut self.unread, true)
    }

    /// Whether the text area holds edits not drawn yet.
    pub(crate) fn is_unread(&self) -> bool {
        self.unread
    }

    /// Whether the text area holds another text than the one drawn (the reader typed before
    /// the page came to life).
    pub(crate) fn was_edited(&self) -> bool {
        self.textarea.value() != self.text
    }

    /// Underlines `markers` (the worker's answer for the text shown): redraws the lines whose
    /// markers changed.
    pub(crate) fn set_markers(&mut self, markers: Vec<Marker>) {
        if markers == self.markers {
            return;
        }
        let marks = highlight::visible_marks(&self.text, &markers);
        let changed: Vec<Range<usize>> = marks
            .iter()
            .filter(|it| !self.marks.contains(it))
            .chain(self.marks.iter().filter(|it| !marks.contains(it)))
            .map(|it| it.0.clone())
            .collect();
        self.markers = markers;
        self.marks = marks;
        if !self.is_plain {
            self.redraw_lines_over(&changed);
        }
    }

    /// Draws `text`, the text area's text after an edit (or after the page put it there).
    pub(crate) fn show(&mut self, text: String) {
        self.unread = false;
        let (edit, new_len) = hmopt_core::text::edit_between(&self.text, &text);
        // The lines, counted in the edit only: a keystroke costs no pass over a long text.
        let n_lines = self.n_lines - self.text[edit.clone()].matches('\n').count()
            + text[edit.start..edit.start + new_len].matches('\n').count();
        let old_marks = std::mem::take(&mut self.marks);
        self.markers = highlight::shift_markers(&self.markers, edit.start, edit.end, new_len);
        self.marks = highlight::visible_marks(&text, &self.markers);
        let was_plain = self.is_plain;
        self.is_plain = HIGHLIGHT_LIMIT_BYTES < text.len();
        self.text = text;
        self.draw_frame(n_lines);
        if self.is_plain {
            if !was_plain {
                // The trailing newline and space give the layer the text area's scroll extent.
                self.layer.set_text_content(Some("\n "));
                self.lines.clear();
                self.keys.clear();
                self.chunks.clear();
            }
        } else if was_plain {
            self.lines = highlight::lex(&self.text);
            self.keys = (0..self.lines.len()).map(|idx| self.key(idx)).collect();
            self.layer.set_text_content(Some("\n "));
            self.chunks.clear();
            self.replace_lines(0, 0, 0..self.lines.len());
        } else {
            let (replaced, n_fresh) =
                highlight::relex(&mut self.lines, &self.text, edit.clone(), new_len);
            let keys: Vec<String> =
                (replaced.start..replaced.start + n_fresh).map(|idx| self.key(idx)).collect();
            // Only the lines whose keys changed are drawn again.
            let old = &self.keys[replaced.clone()];
            let n_same_before = old.iter().zip(&keys).take_while(|(a, b)| a == b).count();
            let max_after = old.len().min(keys.len()) - n_same_before;
            let n_same_after = old
                .iter()
                .rev()
                .zip(keys.iter().rev())
                .take(max_after)
                .take_while(|(a, b)| a == b)
                .count();
            let first = replaced.start + n_same_before;
            let n_old = replaced.len() - n_same_before - n_same_after;
            let n_new = keys.len() - n_same_before - n_same_after;
            self.keys.splice(replaced, keys);
            self.replace_lines(first, n_old, first..first + n_new);
            // Markers the edit touched are gone: their lines lose their underline.
            let shift = |at: usize| {
                if edit.end <= at { at - edit.len() + new_len } else { at.min(edit.start) }
            };
            let dropped: Vec<Range<usize>> = old_marks
                .iter()
                .filter(|it| {
                    !(it.0.end <= edit.start || (edit.end <= it.0.start && edit.start < it.0.start))
                })
                .map(|it| shift(it.0.start)..shift(it.0.end).max(edit.start + new_len))
                .collect();
            self.redraw_lines_over(&dropped);
        }
        // Re-align once the layer is laid out (it may have been shorter meanwhile).
        let (textarea, layer, gutter) =
            (self.textarea.clone(), self.layer.clone(), self.gutter.clone());
        browser::on_next_frame(move || sync_scroll(&textarea, &layer, &gutter));
    }

    /// The gutter and the editor's classes, for `n_lines` lines.
    fn draw_frame(&mut self, n_lines: usize) {
        if n_lines != self.n_lines {
            self.gutter.set_text_content(Some(&highlight::gutter_text(n_lines)));
        }
        // The gutter's width follows the number of digits (a class: the CSP allows no inline
        // style).
        let digits = n_lines.to_string().len().clamp(2, 8);
        let plain = if self.is_plain { " plain" } else { "" };
        let class = format!("code-editor digits-{digits}{plain}");
        if self.root.class_name() != class {
            self.root.set_class_name(&class);
        }
        self.n_lines = n_lines;
    }

    /// The key of line `idx` as it should be drawn.
    fn key(&self, idx: usize) -> String {
        highlight::line_key(&self.text, &self.pieces(idx))
    }

    fn pieces(&self, idx: usize) -> Vec<highlight::Piece> {
        let end = self.lines.get(idx + 1).map_or(self.text.len(), |it| it.start);
        highlight::pieces(&self.lines[idx], end, &self.marks)
    }

    /// Draws again the lines that overlap `ranges` and look different now.
    fn redraw_lines_over(&mut self, ranges: &[Range<usize>]) {
        let mut indices: Vec<usize> = Vec::new();
        for range in ranges {
            let first = self.lines.partition_point(|it| it.start <= range.start).saturating_sub(1);
            let end = self.lines.partition_point(|it| it.start < range.end.max(range.start + 1));
            indices.extend(first..end);
        }
        indices.sort_unstable();
        indices.dedup();
        for idx in indices {
            let key = self.key(idx);
            if key != self.keys[idx] {
                self.keys[idx] = key;
                self.replace_lines(idx, 1, idx..idx + 1);
            }
        }
    }

    /// Replaces `n_old` line elements of the layer from `first` with the lines `new`, in the
    /// group that holds line `first`; a group grown beyond twice [`highlight::CHUNK_LINES`] is
    /// split, and an emptied one removed.
    fn replace_lines(&mut self, first: usize, n_old: usize, new: Range<usize>) {
        let document = browser::document();
        let groups = self.layer.children();
        // The group of line `first` and the line's index in it (the end of the last group when
        // `first` is the end).
        let mut at = (0, first);
        while at.0 + 1 < self.chunks.len() && self.chunks[at.0] <= at.1 {
            at = (at.0 + 1, at.1 - self.chunks[at.0]);
        }
        let (mut group, mut offset, mut n_left) = (at.0, at.1, n_old);
        while 0 < n_left && group < self.chunks.len() {
            let n = n_left.min(self.chunks[group].saturating_sub(offset));
            if let Some(range) =
                groups.item(group as u32).and_then(|it| children_range(&document, &it, offset, n))
            {
                let _ = range.delete_contents();
            }
            self.chunks[group] -= n;
            n_left -= n;
            (group, offset) = (group + 1, 0);
        }
        let fragment = document.create_document_fragment();
        let n_new = new.len();
        for idx in new {
            let line = highlight::line_markup(&self.text, &self.pieces(idx));
            let _ = fragment.append_child(&line.to_dom(&document));
        }
        if self.chunks.is_empty() {
            let Ok(element) = document.create_element("span") else { return };
            let _ = self.layer.insert_before(&element, self.layer.first_child().as_ref());
            self.chunks.push(0);
        }
        let (group, offset) = at;
        let Some(element) = groups.item(group as u32) else { return };
        let before: Option<web_sys::Node> = element.children().item(offset as u32).map(Into::into);
        let _ = element.insert_before(&fragment, before.as_ref());
        self.chunks[group] += n_new;
        // A group grown too long is split into groups of `CHUNK_LINES`.
        let size = highlight::CHUNK_LINES;
        if 2 * size < self.chunks[group] {
            // The new groups go, in order, before the group that followed.
            let after = element.next_sibling();
            let mut rest = self.chunks[group] - size;
            self.chunks[group] = size;
            let mut idx = group;
            while 0 < rest {
                let n = rest.min(size);
                let Ok(piece) = document.create_element("span") else { return };
                // The lines after the first `size` move, `n` at a time, to groups of their own.
                if let Some(moved) = children_range(&document, &element, size, n)
                    .and_then(|range| range.extract_contents().ok())
                {
                    let _ = piece.append_child(&moved);
                }
                let _ = self.layer.insert_before(&piece, after.as_ref());
                idx += 1;
                self.chunks.insert(idx, n);
                rest -= n;
            }
        }
        // Groups left empty go.
        for idx in (0..self.chunks.len()).rev() {
            if self.chunks[idx] == 0 && 1 < self.chunks.len() {
                if let Some(element) = self.layer.children().item(idx as u32) {
                    element.remove();
                }
                self.chunks.remove(idx);
            }
        }
    }

    /// Copies the text area's scroll position to the layer and the gutter.
    pub(crate) fn sync_scroll(&self) {
        sync_scroll(&self.textarea, &self.layer, &self.gutter);
    }
}

/// The range of `n` child elements of `parent` from its `first`; none when `n` is 0.
fn children_range(
    document: &Document,
    parent: &Element,
    first: usize,
    n: usize,
) -> Option<web_sys::Range> {
    let children = parent.children();
    let from = children.item(first as u32)?;
    let to = children.item((first + n.checked_sub(1)?) as u32)?;
    let range = document.create_range().ok()?;
    range.set_start_before(&from).ok()?;
    range.set_end_after(&to).ok()?;
    Some(range)
}

fn sync_scroll(textarea: &Element, layer: &Element, gutter: &Element) {
    let (top, left) = (textarea.scroll_top(), textarea.scroll_left());
    layer.set_scroll_top(top);
    layer.set_scroll_left(left);
    gutter.set_scroll_top(top);
}

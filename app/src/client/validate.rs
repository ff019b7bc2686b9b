//! `/validate` in the browser: the editor, the toolbar and the findings, over the prerendered
//! page. Every edit redraws the edited lines and asks the lint worker for findings (at once, or
//! past the highlighting limit in a task of its own, see `playground::connect`); the answer
//! updates the markers, the summary, the list items that changed and the JSON of
//! `<output id="hmopt-results">`. While a newer text waits for its answer, the list is
//! `aria-busy`.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Float64Array, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlSelectElement};

use crate::browser::{self, Listener};
use crate::client::editor::Editor;
use crate::client::playground::{self, Playground, markers};
use crate::client::workers::{self, CoreWorker, field};
use crate::tools::{self, EXAMPLES};

const STORAGE_KEY: &str = "hmopt-validate-source";

/// The attached validator; dropping it detaches it and stops its worker.
pub(crate) struct Validate {
    _state: Rc<RefCell<State>>,
    _listeners: Vec<Listener>,
}

struct State {
    editor: Editor,
    worker: Option<CoreWorker>,
    count: Element,
    timing: Element,
    list: Element,
    output: Element,
    status: Element,
    /// The keys of the listed items, once known (the prerendered items have none).
    keys: Option<Vec<f64>>,
    /// The examples menu, which names the example shown, or nothing once the text is another.
    examples: Option<HtmlSelectElement>,
}

/// Attaches the validator when the page is `/validate`.
pub(crate) fn mount(document: &Document) -> Option<Validate> {
    let page = browser::query(document, ".page.tool[data-worker]")?;
    let editor = Editor::attach(document, "overlay")?;
    let found = |selector: &str| browser::query(&page, selector);
    let state = Rc::new(RefCell::new(State {
        editor,
        worker: None,
        count: found(".summary .count")?,
        timing: found(".summary .timing")?,
        list: found("ul.diagnostics")?,
        output: found("#hmopt-results")?,
        status: found(".share-status")?,
        keys: None,
        examples: found("select.examples").and_then(|it| it.dyn_into().ok()),
    }));
    let mut listeners = playground::connect(&state, &page, "checker")?;
    let list = state.borrow().list.clone();
    let on_list = Rc::clone(&state);
    listeners.push(Listener::new(&list, "click", move |event| {
        let mut state = on_list.borrow_mut();
        state.catch_up();
        state.clicked(&event);
    }));
    let examples = state.borrow().examples.clone();
    if let Some(select) = examples {
        let on_change = Rc::clone(&state);
        let source = select.clone();
        listeners.push(Listener::new(&select, "change", move |_| {
            if let Some((_, text)) =
                source.value().parse::<usize>().ok().and_then(|idx| EXAMPLES.get(idx))
            {
                on_change.borrow_mut().set_text((*text).to_owned());
            }
        }));
    }
    let button = |class: &str, state: &Rc<RefCell<State>>, action: fn(&mut State)| {
        let state = Rc::clone(state);
        found(&format!("button.{class}"))
            .map(|it| Listener::new(&it, "click", move |_| action(&mut state.borrow_mut())))
    };
    listeners.extend(button("fix-all", &state, |state| {
        state.catch_up();
        state.ask("fix-all", &state.editor.text().into(), None);
    }));
    listeners.extend(button("reset", &state, |state| state.set_text(EXAMPLES[0].1.to_owned())));

    // The text to start from: what the reader typed before the page came to life, else what
    // this browser kept, else the example drawn.
    if !playground::resume(&state) {
        let stored = browser::load(STORAGE_KEY).filter(|it| it != state.borrow().editor.text());
        if let Some(stored) = stored {
            state.borrow_mut().load(stored);
        }
    }
    playground::load_shared(Rc::downgrade(&state));
    Some(Validate { _state: state, _listeners: listeners })
}

impl Playground for State {
    fn editor(&mut self) -> &mut Editor {
        &mut self.editor
    }

    fn status(&self) -> &Element {
        &self.status
    }

    fn set_worker(&mut self, worker: Option<CoreWorker>) {
        self.worker = worker;
    }

    fn remember(&self, js: &JsValue) {
        browser::save_soon(STORAGE_KEY, js);
    }

    fn submit(&self, text: &str, js: &JsValue) {
        self.name_example(text);
        self.busy();
        self.ask("check", js, None);
    }

    fn busy(&self) {
        let _ = self.list.set_attribute("aria-busy", "true");
    }

    fn stopped(&self, sentence: &str) {
        let _ = self.list.remove_attribute("aria-busy");
        self.count.set_text_content(Some(sentence));
    }

    fn answer(&mut self, answer: &JsValue) {
        match field(answer, "op").as_string().as_deref() {
            Some("check") => self.show_findings(answer),
            Some("fix" | "fix-all") => match field(answer, "text").as_string() {
                Some(text) => self.set_text(text),
                // No fix after all: the check this request superseded is asked again.
                None => {
                    let text = self.editor.text();
                    self.submit(text, &text.into());
                }
            },
            _ => {}
        }
    }
}

impl State {
    /// Selects the example that `text` is in the menu, or none.
    fn name_example(&self, text: &str) {
        if let Some(select) = &self.examples {
            let index = EXAMPLES.iter().position(|it| it.1 == text);
            select.set_selected_index(index.map_or(-1, |it| it as i32));
        }
    }

    /// Shows `text` as the reader's own (an example, a fix).
    fn set_text(&mut self, text: String) {
        let js = browser::set_textarea_text(&self.editor.textarea, &text);
        self.edited(text, &js);
    }

    /// Asks the worker `op` on `text`, a JavaScript string.
    fn ask(&self, op: &str, text: &JsValue, index: Option<f64>) {
        let Some(worker) = &self.worker else { return };
        let request = workers::request(op, text);
        if let Some(index) = index {
            let _ = Reflect::set(&request, &"index".into(), &index.into());
        }
        worker.ask(&request);
    }

    fn show_findings(&mut self, answer: &JsValue) {
        self.editor.set_markers(markers(&field(answer, "markers")));
        let summary = field(answer, "summary").as_string().unwrap_or_default();
        if self.count.text_content().as_deref() != Some(summary.as_str()) {
            self.count.set_text_content(Some(&summary));
        }
        let ms = field(answer, "ms").as_f64().unwrap_or(0.0);
        self.timing.set_text_content(Some(&format!(" · checked in {ms:.1} ms")));
        let keys: Vec<f64> = field(answer, "keys")
            .dyn_into::<Float64Array>()
            .map(|it| it.to_vec())
            .unwrap_or_default();
        let items: Array = field(answer, "items").dyn_into().unwrap_or_default();
        // The JSON can be megabytes: it stays a JavaScript string.
        let json = field(answer, "json");
        // Only the first answer can be the prerendered list's (then its JSON is the output's).
        let is_prerendered = self.keys.is_none() && field(&self.output, "textContent") == json;
        match self.keys.take() {
            // The prerendered items are this very markup.
            None if is_prerendered => {}
            None => self.replace_items(&[], &keys, &items),
            Some(old) => self.replace_items(&old, &keys, &items),
        }
        self.keys = Some(keys);
        if !is_prerendered {
            let _ = Reflect::set(&self.output, &"textContent".into(), &json);
        }
        let _ = self.list.remove_attribute("aria-busy");
    }

    /// Shows `items` (with their `keys`) in place of the items of `old` (all of them when `old`
    /// is empty). Only the items between the longest common prefix and suffix change, and those
    /// are changed in place where they keep their structure: after an edit above them, only
    /// their offsets differ, and attributes that no style reads cost no layout.
    fn replace_items(&self, old: &[f64], keys: &[f64], items: &Array) {
        let document = browser::document();
        let n_prefix = old.iter().zip(keys).take_while(|(a, b)| a == b).count();
        let max_suffix = old.len().min(keys.len()) - n_prefix;
        let n_suffix = old
            .iter()
            .rev()
            .zip(keys.iter().rev())
            .take(max_suffix)
            .take_while(|(a, b)| a == b)
            .count();
        let (n_old, n_new) = (old.len() - n_prefix - n_suffix, keys.len() - n_prefix - n_suffix);
        let children = self.list.children();
        if old.is_empty() {
            self.list.set_text_content(None);
        } else {
            for idx in n_prefix..n_prefix + n_old.min(n_new) {
                let (Some(element), item) = (children.item(idx as u32), items.get(idx as u32))
                else {
                    continue;
                };
                if !crate::markup::patch(&element, &item)
                    && let Some(node) = crate::markup::build(&document, &item)
                {
                    let _ = element.replace_with_with_node_1(&node);
                }
            }
            for _ in n_new..n_old {
                if let Some(it) = children.item((n_prefix + n_new) as u32) {
                    it.remove();
                }
            }
        }
        let first_new = if old.is_empty() { 0 } else { n_prefix + n_old.min(n_new) };
        let fragment = document.create_document_fragment();
        for idx in first_new..n_prefix + n_new {
            if let Some(node) = crate::markup::build(&document, &items.get(idx as u32)) {
                let _ = fragment.append_child(&node);
            }
        }
        let before = children.item(first_new as u32);
        let _ = self.list.insert_before(&fragment, before.as_ref().map(|it| it.unchecked_ref()));
    }

    /// A click in the list: a fix button asks for its fix; elsewhere on an item (but on links,
    /// or when the reader selects text to copy it) selects the item's range in the editor.
    fn clicked(&self, event: &web_sys::Event) {
        let Some(target) = browser::event_element(event) else { return };
        let closest = |selector: &str| target.closest(selector).ok().flatten();
        if let Some(button) = closest("button.apply") {
            // While the list is busy it describes an earlier text: its fixes are not this one's.
            if self.list.has_attribute("aria-busy") {
                return;
            }
            let index = button.get_attribute("data-fix").and_then(|it| it.parse::<f64>().ok());
            self.ask("fix", &self.editor.text().into(), index);
            return;
        }
        if closest("a").is_some() || browser::has_text_selection() {
            return;
        }
        let Some(item) = closest("li.diagnostic") else { return };
        let number = |name: &str| {
            item.get_attribute(name).and_then(|it| it.parse::<usize>().ok()).unwrap_or(0)
        };
        let text = self.editor.text();
        browser::select_range(
            &self.editor.textarea,
            tools::utf16_offset(text, number("data-start")),
            tools::utf16_offset(text, number("data-end")),
            number("data-line") as u32,
        );
    }
}

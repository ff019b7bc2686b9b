//! `/memory` in the browser: the editor, the slider and the report, over the prerendered page.
//! Every edit asks the memory worker for the report; the answer fills the `data-slot`
//! elements, hides the report when the profile has an error, and updates the JSON of
//! `<output id="hmopt-results">`.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use js_sys::Array;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlInputElement};

use crate::browser::{self, Listener};
use crate::client::editor::Editor;
use crate::client::validate::{markers, share};
use crate::client::workers::{self, CoreWorker, field};
use crate::tools;

/// The attached calculator; dropping it detaches it and stops its worker.
pub(crate) struct Memory {
    _state: Rc<RefCell<State>>,
    _listeners: Vec<Listener>,
}

struct State {
    editor: Editor,
    worker: Option<CoreWorker>,
    page: Element,
    output: Element,
    busy: Element,
    status: Element,
}

/// Attaches the calculator when the page is `/memory`.
pub(crate) fn mount(document: &Document) -> Option<Memory> {
    let page = browser::query(document, ".page.tool[data-worker]")?;
    let editor = Editor::attach(document, "profile")?;
    let found = |selector: &str| browser::query(&page, selector);
    let state = Rc::new(RefCell::new(State {
        editor,
        worker: None,
        output: found("#hmopt-results")?,
        busy: found(".memory-output")?,
        status: found(".share-status")?,
        page: page.clone(),
    }));
    let weak = Rc::downgrade(&state);
    let failed = Rc::downgrade(&state);
    state.borrow_mut().worker = CoreWorker::spawn(
        &page.get_attribute("data-worker")?,
        move |answer| {
            if let Some(state) = weak.upgrade() {
                state.borrow_mut().answer(&answer);
            }
        },
        move |message| {
            if let Some(state) = failed.upgrade() {
                let _ = state.borrow().busy.remove_attribute("aria-busy");
                state.borrow().status.set_text_content(Some(&format!(
                    "The calculator stopped ({message}). Reload the page to try again."
                )));
            }
        },
    );

    let mut listeners = Vec::new();
    let textarea = state.borrow().editor.textarea.clone();
    let on_input = Rc::clone(&state);
    listeners.push(Listener::new(&textarea, "input", move |_| {
        let mut state = on_input.borrow_mut();
        let text = state.editor.textarea.value();
        state.edited(text);
    }));
    let on_scroll = Rc::clone(&state);
    listeners
        .push(Listener::new(&textarea, "scroll", move |_| on_scroll.borrow().editor.sync_scroll()));
    if let Some(slider) =
        found(".slider input").and_then(|it| it.dyn_into::<HtmlInputElement>().ok())
    {
        let on_slide = Rc::clone(&state);
        let source = slider.clone();
        listeners.push(Listener::new(&slider, "input", move |_| {
            if let Ok(gb) = source.value().parse::<f64>() {
                let mut state = on_slide.borrow_mut();
                let text = tools::slider_profile(gb);
                state.editor.textarea.set_value(&text);
                state.edited(text);
            }
        }));
    }
    if let Some(button) = found("button.share") {
        let on_share = Rc::clone(&state);
        listeners.push(Listener::new(&button, "click", move |_| {
            let state = on_share.borrow();
            share(state.editor.text().to_owned(), state.status.clone());
        }));
    }
    {
        let mut state = state.borrow_mut();
        if state.editor.was_edited() {
            let text = state.editor.textarea.value();
            state.calculate(&text);
            state.editor.show(text);
        }
    }
    load_shared(Rc::downgrade(&state));
    Some(Memory { _state: state, _listeners: listeners })
}

impl State {
    /// After the reader edited the profile: the worker starts on it while the layer is
    /// redrawn.
    fn edited(&mut self, text: String) {
        self.calculate(&text);
        browser::clear_share_fragment();
        self.editor.show(text);
    }

    fn calculate(&self, text: &str) {
        let _ = self.busy.set_attribute("aria-busy", "true");
        if let Some(worker) = &self.worker {
            worker.ask(&workers::request("calculate", text));
        }
    }

    fn answer(&mut self, answer: &JsValue) {
        self.editor.set_markers(markers(&field(answer, "markers")));
        let _ = self.busy.remove_attribute("aria-busy");
        let json = field(answer, "json");
        // The report shown is this text's (the prerendered one, say).
        if field(&self.output, "textContent") == json {
            return;
        }
        let document = browser::document();
        let slots: Array = field(answer, "slots").dyn_into().unwrap_or_default();
        let mut failed = false;
        for slot in slots.iter() {
            let slot: Array = slot.unchecked_into();
            let (Some(name), Ok(content)) =
                (slot.get(0).as_string(), slot.get(1).dyn_into::<Array>())
            else {
                continue;
            };
            failed |= name == "error" && 0 < content.length();
            let Some(element) = browser::query(&self.page, &format!("[data-slot={name}]")) else {
                continue;
            };
            element.set_text_content(None);
            for node in content.iter() {
                if let Some(node) = crate::markup::build(&document, &node) {
                    let _ = element.append_child(&node);
                }
            }
            if name == "warnings" {
                let _ = element.toggle_attribute_with_force("hidden", content.length() == 0);
            }
        }
        if let Some(report) = browser::query(&self.page, ".memory-report") {
            let _ = report.toggle_attribute_with_force("hidden", failed);
        }
        let _ = js_sys::Reflect::set(&self.output, &"textContent".into(), &json);
    }
}

/// Replaces the profile with a share link's (`#code=`), or says why it cannot.
fn load_shared(state: Weak<RefCell<State>>) {
    let Some(payload) = browser::share_fragment() else { return };
    wasm_bindgen_futures::spawn_local(async move {
        let decoded = browser::decode_share(&payload).await;
        let Some(state) = state.upgrade() else { return };
        let mut state = state.borrow_mut();
        match decoded {
            Ok(text) => {
                state.editor.textarea.set_value(&text);
                state.calculate(&text);
                state.editor.show(text);
            }
            Err(message) => state
                .status
                .set_text_content(Some(&format!("Cannot open the shared text: {message}."))),
        }
    });
}

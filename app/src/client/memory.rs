//! `/memory` in the browser: the editor, the slider and the report, over the prerendered page.
//! Every edit asks the memory worker for the report; the answer fills the `data-slot`
//! elements, hides the report when the profile has an error, and updates the JSON of
//! `<output id="hmopt-results">`.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Array;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlInputElement};

use crate::browser::{self, Listener};
use crate::client::editor::Editor;
use crate::client::playground::{self, Playground, markers};
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
    /// The RAM slider, which follows the profile's effective RAM.
    slider: Option<HtmlInputElement>,
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
        slider: found(".slider input").and_then(|it| it.dyn_into().ok()),
    }));
    let mut listeners = playground::connect(&state, &page, "calculator")?;
    let slider = state.borrow().slider.clone();
    if let Some(slider) = slider {
        let on_slide = Rc::clone(&state);
        let source = slider.clone();
        listeners.push(Listener::new(&slider, "input", move |_| {
            if let Ok(gb) = source.value().parse::<f64>() {
                let mut state = on_slide.borrow_mut();
                let text = tools::slider_profile(gb);
                let js = browser::set_textarea_text(&state.editor.textarea, &text);
                state.edited(text, &js);
            }
        }));
    }
    playground::resume(&state);
    playground::load_shared(Rc::downgrade(&state));
    Some(Memory { _state: state, _listeners: listeners })
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

    fn submit(&self, _text: &str, js: &JsValue) {
        self.busy();
        if let Some(worker) = &self.worker {
            worker.ask(&workers::request("calculate", js));
        }
    }

    fn busy(&self) {
        let _ = self.busy.set_attribute("aria-busy", "true");
    }

    fn stopped(&self, sentence: &str) {
        let _ = self.busy.remove_attribute("aria-busy");
        self.status.set_text_content(Some(sentence));
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
        // The slider shows the RAM of the profile typed or pasted.
        let total = field(answer, "effectiveTotalGb").as_f64();
        if let (Some(slider), Some(total)) = (&self.slider, total) {
            slider.set_value(&total.to_string());
        }
        let _ = js_sys::Reflect::set(&self.output, &"textContent".into(), &json);
    }
}

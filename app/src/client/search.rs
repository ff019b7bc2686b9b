//! The search box of the header (`#search-input`): fetches `search.json` when first focused,
//! draws [`search::results`] under the box as the reader types, and focuses on `/`.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Array;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlInputElement, KeyboardEvent};

use crate::browser::{self, Listener};
use crate::search::{self, INDEX_FILE, Index, IndexEntry};

struct State {
    input: HtmlInputElement,
    index: Index,
    /// The results box, while there is one.
    results: Option<Element>,
}

type Shared = Rc<RefCell<State>>;

/// Attaches the search to the header's box, for the rest of the page's life (the header stays
/// when the app navigates).
pub(crate) fn mount(document: &Document) {
    let Some(input) = document
        .get_element_by_id("search-input")
        .and_then(|it| it.dyn_into::<HtmlInputElement>().ok())
    else {
        return;
    };
    let state: Shared = Rc::new(RefCell::new(State {
        input: input.clone(),
        index: Index::NotLoaded,
        results: None,
    }));
    let on_focus = Rc::clone(&state);
    Listener::new(&input, "focus", move |_| load(&on_focus)).forever();
    let on_input = Rc::clone(&state);
    Listener::new(&input, "input", move |_| {
        load(&on_input);
        draw(&on_input);
    })
    .forever();
    let on_key = Rc::clone(&state);
    Listener::new(&input, "keydown", move |event| {
        if event.unchecked_ref::<KeyboardEvent>().key() == "Escape" {
            clear(&on_key);
        }
    })
    .forever();
    // Following a result clears the box (the navigation itself is `nav`'s).
    if let Some(container) = input.parent_element() {
        let on_click = Rc::clone(&state);
        Listener::new(&container, "click", move |event| {
            let link = browser::event_element(&event)
                .and_then(|it| it.closest(".search-results a").ok().flatten());
            if link.is_some() {
                clear(&on_click);
            }
        })
        .forever();
    }
    Listener::new(&browser::window(), "keydown", move |event| {
        let event: KeyboardEvent = event.unchecked_into();
        let typing = browser::document()
            .active_element()
            .is_some_and(|it| matches!(it.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if event.key() == "/" && !typing && !event.ctrl_key() && !event.meta_key() {
            event.prevent_default();
            let _ = input.focus();
        }
    })
    .forever();
}

/// Fetches the index, once.
fn load(state: &Shared) {
    if !matches!(state.borrow().index, Index::NotLoaded) {
        return;
    }
    state.borrow_mut().index = Index::Loading;
    let state = Rc::clone(state);
    wasm_bindgen_futures::spawn_local(async move {
        let loaded = match browser::fetch_text(INDEX_FILE).await {
            Ok(json) => match parse_index(&json) {
                Some(entries) => Index::Ready(Rc::new(entries)),
                None => Index::Failed(format!("{INDEX_FILE} is not a search index")),
            },
            Err(message) => Index::Failed(message),
        };
        state.borrow_mut().index = loaded;
        draw(&state);
    });
}

/// `search.json`'s rows, `[route, page, id, heading, text]`, read with `JSON.parse`.
fn parse_index(json: &str) -> Option<Vec<IndexEntry>> {
    let rows: Array = js_sys::JSON::parse(json).ok()?.dyn_into().ok()?;
    rows.iter()
        .map(|row| {
            let row: Array = row.dyn_into().ok()?;
            let field = |idx: u32| row.get(idx).as_string();
            Some(search::entry([field(0)?, field(1)?, field(2)?, field(3)?, field(4)?]))
        })
        .collect()
}

fn draw(state: &Shared) {
    let mut state = state.borrow_mut();
    if let Some(old) = state.results.take() {
        old.remove();
    }
    let Some(results) = search::results(&state.index, &state.input.value()) else { return };
    let element = results.to_dom(&browser::document());
    if let Some(container) = state.input.parent_element() {
        let _ = container.append_child(&element);
    }
    state.results = Some(element);
}

fn clear(state: &Shared) {
    state.borrow().input.set_value("");
    draw(state);
}

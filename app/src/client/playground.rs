//! What the two playgrounds (`/validate`, `/memory`) share: an editor whose text goes to a web
//! worker, a status line, share links (`#code=`) and the text a reader typed before the page
//! came to life.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use js_sys::Uint32Array;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::browser::{self, Listener};
use crate::client::editor::Editor;
use crate::client::workers::CoreWorker;
use crate::highlight::{self, Marker};
use crate::share;

/// A playground's state, behind `Rc<RefCell<_>>`.
pub(crate) trait Playground: 'static {
    fn editor(&mut self) -> &mut Editor;
    /// The line that says what happened to a share link or to the worker.
    fn status(&self) -> &Element;
    fn set_worker(&mut self, worker: Option<CoreWorker>);
    /// Sends `text` to the worker (`js`: the same as a JavaScript string); the results are
    /// `aria-busy` (see [`Playground::busy`]) until it answers.
    fn submit(&self, text: &str, js: &JsValue);
    /// Marks the results `aria-busy`: they describe an earlier text (one the worker has yet to
    /// answer for, or keys the page has yet to read).
    fn busy(&self);
    /// The worker's answer to the latest request.
    fn answer(&mut self, answer: &JsValue);
    /// The worker cannot run: the results are no longer busy, and `sentence` says why.
    fn stopped(&self, sentence: &str);
    /// Keeps a text the reader edited (a JavaScript string), for the next visit; nothing by
    /// default.
    fn remember(&self, _js: &JsValue) {}

    /// After the reader edited the text (`js`: the same as a JavaScript string): the worker
    /// starts on it while the layer is redrawn, and a share link in the address bar no longer
    /// names it.
    fn edited(&mut self, text: String, js: &JsValue) {
        self.submit(&text, js);
        self.remember(js);
        browser::clear_share_fragment();
        self.editor().show(text);
    }

    /// Reads the text area, if it holds edits not read yet (see [`connect`]): before an action
    /// on the text.
    fn catch_up(&mut self) {
        if self.editor().is_unread() {
            let (js, text) = browser::textarea_text(&self.editor().textarea);
            self.edited(text, &js);
        }
    }

    /// Shows `text`, which the reader did not type here (a stored text, a share link), and
    /// submits it.
    fn load(&mut self, text: String) {
        let js = browser::set_textarea_text(&self.editor().textarea, &text);
        self.submit(&text, &js);
        self.editor().show(text);
    }
}

/// Starts the worker whose loader `page` names (`data-worker`) and listens to the editor and to
/// the page's share button.
pub(crate) fn connect<S: Playground>(
    state: &Rc<RefCell<S>>,
    page: &Element,
    what: &'static str,
) -> Option<Vec<Listener>> {
    let weak = Rc::downgrade(state);
    let failed = Rc::downgrade(state);
    let worker = CoreWorker::spawn(
        &page.get_attribute("data-worker")?,
        move |answer| {
            let Some(state) = weak.upgrade() else { return };
            let mut state = state.borrow_mut();
            // The answer is for a text older than the text area's, whose keys are not read yet
            // (see below): reading them asks again, and this answer is dropped.
            if state.editor().is_unread() {
                state.catch_up();
                return;
            }
            state.answer(&answer);
        },
        move |message| {
            if let Some(state) = failed.upgrade() {
                state.borrow().stopped(&format!(
                    "The {what} stopped ({message}). Reload the page to try again."
                ));
            }
        },
    );
    state.borrow_mut().set_worker(worker);

    let textarea = state.borrow_mut().editor().textarea.clone();
    let on_input = Rc::downgrade(state);
    let on_scroll = Rc::clone(state);
    let mut listeners = vec![
        Listener::new(&textarea, "input", move |_| {
            let Some(shared) = on_input.upgrade() else { return };
            let mut state = shared.borrow_mut();
            if !state.editor().is_plain() {
                let (js, text) = browser::textarea_text(&state.editor().textarea);
                state.edited(text, &js);
                return;
            }
            // Past the highlighting limit the text area draws its own text, and reading its
            // megabyte, sending it and keeping it wait for a task of their own: the
            // keystroke's task is the browser's edit alone, and keys typed meanwhile are read
            // once. Until then the results are busy, and actions on the text catch up first.
            state.busy();
            if state.editor().mark_unread() {
                let later = Rc::downgrade(&shared);
                browser::soon(move || {
                    if let Some(state) = later.upgrade() {
                        state.borrow_mut().catch_up();
                    }
                });
            }
        }),
        Listener::new(&textarea, "scroll", move |_| on_scroll.borrow_mut().editor().sync_scroll()),
    ];
    if let Some(button) = browser::query(page, "button.share") {
        let on_share = Rc::clone(state);
        listeners.push(Listener::new(&button, "click", move |_| {
            let mut state = on_share.borrow_mut();
            state.catch_up();
            let text = state.editor().text().to_owned();
            share(text, state.status().clone());
        }));
    }
    Some(listeners)
}

/// Submits what the reader typed before the page came to life, if anything; true if so.
pub(crate) fn resume<S: Playground>(state: &Rc<RefCell<S>>) -> bool {
    let mut state = state.borrow_mut();
    if !state.editor().was_edited() {
        return false;
    }
    let (js, text) = browser::textarea_text(&state.editor().textarea);
    state.submit(&text, &js);
    state.editor().show(text);
    true
}

/// Replaces the text with a share link's (`#code=`), once the browser has decompressed it, or
/// says why it cannot. The link wins over a stored text, and stays in the address bar until the
/// text is edited.
pub(crate) fn load_shared<S: Playground>(state: Weak<RefCell<S>>) {
    let Some(payload) = browser::share_fragment() else { return };
    wasm_bindgen_futures::spawn_local(async move {
        let decoded = browser::decode_share(&payload).await;
        let Some(state) = state.upgrade() else { return };
        let mut state = state.borrow_mut();
        match decoded {
            Ok(text) => state.load(text),
            Err(message) => state
                .status()
                .set_text_content(Some(&format!("Cannot open the shared text: {message}."))),
        }
    });
}

/// Puts `text` in the address bar as a share link and copies it, or says in `status` why not.
fn share(text: String, status: Element) {
    wasm_bindgen_futures::spawn_local(async move {
        let message = match browser::encode_share(&text).await {
            Err(message) => format!("Cannot share: {message}."),
            Ok(payload) => match share::too_large(&payload) {
                Some(message) => message,
                None => {
                    let url = browser::replace_fragment(&format!(
                        "{}{payload}",
                        &share::SHARE_PREFIX[1..]
                    ));
                    browser::copy_to_clipboard(&url);
                    "Share link copied and shown in the address bar.".to_owned()
                }
            },
        };
        status.set_text_content(Some(&message));
    });
}

/// The workers' markers, `[start, end, level, ...]`.
pub(crate) fn markers(value: &JsValue) -> Vec<Marker> {
    let Ok(numbers) = value.clone().dyn_into::<Uint32Array>() else { return Vec::new() };
    highlight::markers_from_numbers(&numbers.to_vec())
}

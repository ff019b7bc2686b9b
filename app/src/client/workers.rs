//! The page's side of a playground's web worker: requests go out one at a time, and only the
//! latest counts. While one is being answered, a newer request waits and replaces any request
//! waiting before it; an answer arrives only when no newer request was made, so the page never
//! shows results for a text it no longer holds, and a fast typist never queues work.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use js_sys::{Object, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker};

/// A running worker; dropping it terminates it.
pub(crate) struct CoreWorker {
    shared: Rc<Shared>,
}

struct Shared {
    worker: Worker,
    state: RefCell<State>,
    on_answer: RefCell<Box<dyn FnMut(JsValue)>>,
    on_failure: RefCell<Box<dyn FnMut(String)>>,
    /// The worker's `onmessage` and `onerror`.
    handlers: RefCell<Vec<Handler>>,
}

type Handler = Closure<dyn FnMut(web_sys::Event)>;

#[derive(Default)]
struct State {
    ready: bool,
    failed: bool,
    in_flight: bool,
    /// The id of the latest request.
    latest: u32,
    waiting: Option<Object>,
}

impl CoreWorker {
    /// Starts the worker whose loader is `url` (relative to `<base href>`). `on_answer` gets the
    /// answers to the latest requests, `on_failure` the reason when the worker cannot run.
    pub(crate) fn spawn(
        url: &str,
        on_answer: impl FnMut(JsValue) + 'static,
        on_failure: impl FnMut(String) + 'static,
    ) -> Option<CoreWorker> {
        let worker = Worker::new(url).ok()?;
        let shared = Rc::new(Shared {
            worker,
            state: RefCell::default(),
            on_answer: RefCell::new(Box::new(on_answer)),
            on_failure: RefCell::new(Box::new(on_failure)),
            handlers: RefCell::default(),
        });
        let weak = Rc::downgrade(&shared);
        let on_message = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            if let Some(shared) = weak.upgrade() {
                shared.receive(event.unchecked_ref::<MessageEvent>().data());
            }
        });
        let weak: Weak<Shared> = Rc::downgrade(&shared);
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            let message =
                event.dyn_ref::<ErrorEvent>().map(ErrorEvent::message).unwrap_or_default();
            if let Some(shared) = weak.upgrade() {
                shared.state.borrow_mut().failed = true;
                (shared.on_failure.borrow_mut())(message);
            }
        });
        shared.worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        shared.worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        shared.handlers.borrow_mut().extend([on_message, on_error]);
        Some(CoreWorker { shared })
    }

    /// Asks `request` (`{op, text, ..}`; its `id` is set here), superseding earlier requests.
    pub(crate) fn ask(&self, request: &Object) {
        let mut state = self.shared.state.borrow_mut();
        state.latest += 1;
        let _ = Reflect::set(request, &"id".into(), &state.latest.into());
        if state.failed {
            return;
        }
        state.waiting = Some(request.clone());
        drop(state);
        self.shared.send_waiting();
    }
}

impl Shared {
    fn send_waiting(&self) {
        let mut state = self.state.borrow_mut();
        if !state.ready || state.in_flight {
            return;
        }
        if let Some(request) = state.waiting.take() {
            state.in_flight = self.worker.post_message(&request).is_ok();
        }
    }

    fn receive(&self, data: JsValue) {
        if data.as_string().as_deref() == Some("ready") {
            self.state.borrow_mut().ready = true;
            self.send_waiting();
            return;
        }
        let id = Reflect::get(&data, &"id".into()).ok().and_then(|it| it.as_f64());
        let is_latest = {
            let mut state = self.state.borrow_mut();
            state.in_flight = false;
            id == Some(f64::from(state.latest))
        };
        self.send_waiting();
        if is_latest {
            (self.on_answer.borrow_mut())(data);
        }
    }
}

impl Drop for CoreWorker {
    fn drop(&mut self) {
        self.shared.worker.terminate();
        self.shared.worker.set_onmessage(None);
        self.shared.worker.set_onerror(None);
    }
}

/// A request `{op, text}`, `text` a JavaScript string.
pub(crate) fn request(op: &str, text: &JsValue) -> Object {
    let res = Object::new();
    let _ = Reflect::set(&res, &"op".into(), &op.into());
    let _ = Reflect::set(&res, &"text".into(), text);
    res
}

/// Field `key` of an answer.
pub(crate) fn field(answer: &JsValue, key: &str) -> JsValue {
    Reflect::get(answer, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

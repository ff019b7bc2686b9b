//! The web workers' side of the playgrounds: each worker answers the page's requests with
//! [`crate::tools`]. A request is a plain object `{id, op, text, index}`; the answer carries the
//! same `id` and `op`, so the page can drop answers to texts it no longer shows. The worker posts
//! `"ready"` once it listens.

use js_sys::{Array, Float64Array, Object, Reflect, Uint32Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::highlight::Marker;
use crate::tools;

/// Answers every message of the worker's scope with `respond`.
pub fn serve(respond: fn(&JsValue) -> Object) {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let request = event.data();
        let response = respond(&request);
        set(&response, "id", &get(&request, "id"));
        set(&response, "op", &get(&request, "op"));
        let _ = reply.post_message(&response);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str("ready"));
}

thread_local! {
    /// The validator's linter, which keeps the last text's tree for the next keystroke.
    static LINTER: std::cell::RefCell<hmopt_core::lint::Incremental> = Default::default();
}

/// The validator's worker: `check` (the findings), `fix` (one diagnostic's fix) and `fix-all`
/// (every safe fix).
pub fn lint(request: &JsValue) -> Object {
    let text = get(request, "text").as_string().unwrap_or_default();
    let response = Object::new();
    match get(request, "op").as_string().as_deref() {
        Some("check") => {
            let start = now_ms();
            let checked = LINTER.with_borrow_mut(|linter| tools::check_next(linter, &text));
            set(&response, "ms", &JsValue::from_f64(now_ms() - start));
            set(&response, "json", &JsValue::from_str(&checked.json));
            set(&response, "summary", &JsValue::from_str(&checked.summary));
            set(&response, "markers", &markers(&checked.markers));
            let keys: Vec<f64> = checked.items.iter().map(crate::markup::key).collect();
            set(&response, "keys", &Float64Array::from(keys.as_slice()));
            let items: Array = checked.items.iter().map(|it| it.to_js()).collect();
            set(&response, "items", &items);
        }
        Some("fix") => {
            let idx = get(request, "index").as_f64().unwrap_or(-1.0);
            let fixed = (0.0 <= idx).then(|| tools::fix_one(&text, idx as usize)).flatten();
            set(&response, "text", &fixed.map_or(JsValue::NULL, |it| JsValue::from_str(&it)));
        }
        Some("fix-all") => set(&response, "text", &JsValue::from_str(&tools::fix_all(&text))),
        _ => {}
    }
    response
}

/// The calculator's worker: `calculate`.
pub fn memory(request: &JsValue) -> Object {
    let text = get(request, "text").as_string().unwrap_or_default();
    let calculated = tools::calculate(&text);
    let response = Object::new();
    set(&response, "json", &JsValue::from_str(&calculated.json));
    set(&response, "markers", &markers(&calculated.markers));
    let slots: Array = calculated
        .slots
        .iter()
        .map(|(name, content)| {
            let content: Array = content.iter().map(|it| it.to_js()).collect();
            Array::of2(&JsValue::from_str(name), &content)
        })
        .collect();
    set(&response, "slots", &slots);
    if let Some(total) = calculated.effective_total_gb {
        set(&response, "effectiveTotalGb", &JsValue::from_f64(total));
    }
    response
}

/// `[start, end, level, ...]`.
fn markers(markers: &[Marker]) -> Uint32Array {
    Uint32Array::from(crate::highlight::markers_to_numbers(markers).as_slice())
}

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

fn now_ms() -> f64 {
    js_sys::global()
        .dyn_into::<web_sys::WorkerGlobalScope>()
        .ok()
        .and_then(|it| it.performance())
        .map_or(0.0, |it| it.now())
}

//! The app's lab worker: a thin shell that keeps one `tracelab::lab::Lab` (the
//! case open for the analytics tools) and runs every message on it, in a web
//! worker.
//!
//! `www/lab-loader.js` starts it; once the module is ready it posts `"ready"`, and
//! then answers each message `[id, op, field...]` (strings after the id) with
//! `[id, true, text]` or `[id, false, error message]`, in the order received. The
//! page's side is `src/app/lab_client.rs`. Natively this binary does nothing: it
//! exists there only so `cargo test` and clippy build the whole workspace.

#[cfg(target_arch = "wasm32")]
fn main() {
    use js_sys::Array;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let mut lab = tracelab::lab::Lab::default();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let message = Array::from(&event.data());
        let id = message.get(0);
        let fields: Vec<String> = message
            .iter()
            .skip(1)
            .map(|v| v.as_string().unwrap_or_default())
            .collect();
        let (ok, text) = match lab.handle(&fields) {
            Ok(text) => (true, text),
            Err(e) => (false, e.to_string()),
        };
        let reply = Array::of3(&id, &JsValue::from_bool(ok), &JsValue::from_str(&text));
        // Posting a plain array to the page that made this worker cannot fail.
        let _ = reply_to.post_message(&reply);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str("ready"));
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}

//! The app's lab worker: a thin shell that keeps one `tracelab::lab::Lab` (the
//! case open for the analytics tools) and runs every request on it, in a web
//! worker.
//!
//! `www/lab-loader.js` starts it; once the module is ready it posts `"ready"`, and
//! then answers each message `[id, request field..., (File)]` with messages
//! `[id, event field...]`: progress and parts while it works, then one done or
//! failed (`lab::Request` and `lab::Event` encode them). Requests run in the
//! order received. A file to open travels as a `File`; it is read here with
//! `FileReaderSync`, so the page never holds its text. The page's side is
//! `src/app/lab_client.rs`. Natively this binary does nothing: it exists there
//! only so `cargo test` and clippy build the whole workspace.

#[cfg(target_arch = "wasm32")]
fn main() {
    use js_sys::Array;
    use tracelab::lab::{Event, FileInput, Lab, Request};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, File, FileReaderSync, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let mut lab = Lab::default();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let message = Array::from(&event.data());
        let id = message.get(0);
        let post = |event: Event| {
            let out = Array::new();
            out.push(&id);
            for field in event.encode() {
                out.push(&JsValue::from_str(&field));
            }
            // Posting a plain array to the page that made this worker cannot fail.
            let _ = reply_to.post_message(&out);
        };
        let file: Option<File> = message.iter().skip(1).find_map(|v| v.dyn_into().ok());
        let fields: Vec<String> = message
            .iter()
            .skip(1)
            .filter_map(|v| v.as_string())
            .collect();
        let request = match Request::decode(&fields) {
            Ok(request) => request,
            Err(e) => return post(Event::Failed(e.into())),
        };
        let mut read = || {
            let file = file.as_ref().ok_or("no file came with the request")?;
            let reader =
                FileReaderSync::new().map_err(|_| "this browser cannot read files here")?;
            reader.read_as_text(file).map_err(|e| {
                e.as_string()
                    .unwrap_or_else(|| "the browser refused to read it".into())
            })
        };
        let input = file.as_ref().map(|f| FileInput {
            size: f.size() as u64,
            read: &mut read,
        });
        let last = match lab.run(request, input, &mut |event| post(event)) {
            Ok(outcome) => Event::Done(outcome),
            Err(failure) => Event::Failed(failure),
        };
        post(last);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str("ready"));
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}

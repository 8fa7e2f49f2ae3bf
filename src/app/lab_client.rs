//! The page's side of the lab worker (`lab-worker/`, the core's `lab` module):
//! starts it on the first request, sends requests, and turns each reply into the
//! result of an `async` call.
//!
//! The worker is not part of the start-up bundle: `www/lab-loader.js` and its wasm
//! module are fetched the first time an instructor generates a case. One worker
//! serves every request in turn. Each request waits for the worker's `"ready"`,
//! then posts `[id, op, field...]`; the reply `[id, ok, text]` settles the promise
//! kept under that id. If the module cannot load or the worker fails, every waiting
//! call gets the reason, and the next call starts a fresh worker. [`cancel`] stops
//! the worker mid-way (a big case) and makes the waiting calls return [`CANCELLED`].
//!
//! The analysis tools work on the open case, which the worker must have: [`analyse`]
//! sends it (`open`) before the first request on it, and again whenever another
//! case or a fresh worker makes that necessary.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::{Array, Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ErrorEvent, MessageEvent, Worker};

/// The error text of a call stopped by [`cancel`].
pub const CANCELLED: &str = "cancelled";

/// A promise's two settling functions.
type Settle = (Function, Function);

#[derive(Default)]
struct Shared {
    /// The `"ready"` promise's functions, until the worker is ready.
    ready: Option<Settle>,
    pending: HashMap<u32, Settle>,
    /// Set once the worker has failed: the next call replaces it.
    dead: bool,
}

impl Shared {
    /// Rejects everything waiting, with `reason`.
    fn fail_all(&mut self, reason: &str) {
        self.dead = true;
        let reason = JsValue::from_str(reason);
        if let Some((_, reject)) = self.ready.take() {
            let _ = reject.call1(&JsValue::NULL, &reason);
        }
        for (_, (_, reject)) in self.pending.drain() {
            let _ = reject.call1(&JsValue::NULL, &reason);
        }
    }
}

struct Lab {
    worker: Worker,
    ready: Promise,
    shared: Rc<RefCell<Shared>>,
    next_id: u32,
    /// The workspace generation of the case the worker has open.
    opened: Option<u32>,
    // Kept alive for as long as the worker's handlers may run.
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

/// Stops the worker. The handlers go first: a reply the worker posted just before
/// it was stopped can still be dispatched on this side, and must not reach a
/// closure that is being dropped (wasm-bindgen would throw "closure invoked after
/// being dropped").
impl Drop for Lab {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

thread_local! {
    static LAB: RefCell<Option<Lab>> = const { RefCell::new(None) };
}

fn start() -> Result<Lab, String> {
    let worker = Worker::new("lab-loader.js").map_err(|e| {
        format!(
            "the lab (generator and analysis tools) could not start: {}",
            describe(&e)
        )
    })?;
    let shared = Rc::new(RefCell::new(Shared::default()));
    let ready = Promise::new(&mut |resolve, reject| {
        shared.borrow_mut().ready = Some((resolve, reject));
    });
    let on_message = {
        let shared = shared.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            on_reply(&mut shared.borrow_mut(), &event.data())
        })
    };
    let on_error = {
        let shared = shared.clone();
        Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            event.prevent_default();
            shared.borrow_mut().fail_all(&format!(
                "the lab (generator and analysis tools) stopped: {}",
                event.message()
            ));
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Lab {
        worker,
        ready,
        shared,
        next_id: 0,
        opened: None,
        _on_message: on_message,
        _on_error: on_error,
    })
}

/// Settles whatever a message from the worker answers.
fn on_reply(shared: &mut Shared, data: &JsValue) {
    if data.as_string().as_deref() == Some("ready") {
        if let Some((resolve, _)) = shared.ready.take() {
            let _ = resolve.call0(&JsValue::NULL);
        }
        return;
    }
    let reply = Array::from(data);
    let first = reply.get(0);
    if first.as_string().as_deref() == Some("failed") {
        let why = reply.get(1).as_string().unwrap_or_default();
        shared.fail_all(&format!(
            "the lab (generator and analysis tools) could not be loaded: {why}"
        ));
        return;
    }
    let Some(id) = first.as_f64() else { return };
    if let Some((resolve, reject)) = shared.pending.remove(&(id as u32)) {
        let settle = if reply.get(1).as_bool() == Some(true) {
            resolve
        } else {
            reject
        };
        let _ = settle.call1(&JsValue::NULL, &reply.get(2));
    }
}

fn describe(value: &JsValue) -> String {
    value
        .as_string()
        .or_else(|| {
            value
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| "unknown error".into())
}

/// Sends `message` (operation, then fields) to the worker, starting it if needed,
/// and waits for the text it produces.
pub async fn call(message: Vec<String>) -> Result<String, String> {
    let ready = LAB.with(|cell| -> Result<Promise, String> {
        let mut lab = cell.borrow_mut();
        if lab.as_ref().is_none_or(|l| l.shared.borrow().dead) {
            drop(lab.take()); // a dead worker stops before the new one starts
            *lab = Some(start()?);
        }
        Ok(lab
            .as_ref()
            .map(|l| l.ready.clone())
            .expect("started above"))
    })?;
    JsFuture::from(ready).await.map_err(|e| describe(&e))?;
    let reply = LAB.with(|cell| -> Result<Promise, String> {
        let mut lab = cell.borrow_mut();
        let lab = lab.as_mut().ok_or_else(|| CANCELLED.to_string())?;
        lab.next_id += 1;
        let id = lab.next_id;
        let shared = lab.shared.clone();
        let reply = Promise::new(&mut |resolve, reject| {
            shared.borrow_mut().pending.insert(id, (resolve, reject));
        });
        let out = Array::new();
        out.push(&JsValue::from(id));
        for field in &message {
            out.push(&JsValue::from_str(field));
        }
        lab.worker.post_message(&out).map_err(|e| {
            format!(
                "the lab (generator and analysis tools) could not be asked: {}",
                describe(&e)
            )
        })?;
        Ok(reply)
    })?;
    JsFuture::from(reply)
        .await
        .map(|text| text.as_string().unwrap_or_default())
        .map_err(|e| describe(&e))
}

/// Runs an analysis request on the open case (`generation` tells cases apart),
/// first giving the worker the case's `text` if it does not have it yet.
pub async fn analyse(
    generation: u32,
    text: Rc<str>,
    message: Vec<String>,
) -> Result<String, String> {
    let opened = LAB.with(|cell| {
        cell.borrow()
            .as_ref()
            .filter(|l| !l.shared.borrow().dead)
            .and_then(|l| l.opened)
    });
    if opened != Some(generation) {
        call(vec![crate::lab::OPEN.into(), text.to_string()]).await?;
        LAB.with(|cell| {
            if let Some(lab) = cell.borrow_mut().as_mut() {
                lab.opened = Some(generation);
            }
        });
    }
    call(message).await
}

/// Stops the worker and whatever it is doing; waiting calls return [`CANCELLED`].
pub fn cancel() {
    if let Some(lab) = LAB.with(|cell| cell.borrow_mut().take()) {
        lab.shared.borrow_mut().fail_all(CANCELLED);
        // Dropped here: the worker stops (see `Drop for Lab`).
    }
}

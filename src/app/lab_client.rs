//! The page's side of the lab worker (`lab-worker/`, the core's `lab` module):
//! starts it on the first request, sends typed requests, passes each request's
//! progress and parts to the caller as they arrive, and turns its last message
//! into the result of an `async` call.
//!
//! The worker is not part of the start-up bundle: `www/lab-loader.js` and its wasm
//! module are fetched the first time a case is generated, a file is opened or a
//! tool is used. One worker serves every request in turn. Each request waits for
//! the worker's `"ready"`, then posts `[id, field...]` (`lab::Request::encode`,
//! and for a file the `File` itself behind); every reply is `[id, event...]`
//! (`lab::Event`). If the module cannot load or the worker fails, every waiting
//! call gets the reason, and the next call starts a fresh worker. [`cancel`]
//! stops the worker mid-way and makes the waiting calls return
//! [`CallError::Cancelled`].
//!
//! The tools work on the case the worker has open. [`analyse`] first opens the
//! page's case there when the worker does not have it (a fresh worker, or another
//! case opened since); a case the worker opened and sent to the page becomes its
//! open case once the page [`adopt`]s it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::{Array, Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ErrorEvent, MessageEvent, Worker};

use crate::lab::{Event, Failure, Outcome, Request, Tool};

/// Why a call to the lab gave no outcome.
#[derive(Clone, Debug, PartialEq)]
pub enum CallError {
    /// [`cancel`] stopped it.
    Cancelled,
    Failed(Failure),
}

impl CallError {
    fn lab(why: String) -> CallError {
        CallError::Failed(Failure::Lab(why))
    }
}

type Settled = Rc<RefCell<Option<Result<Outcome, CallError>>>>;

/// A request waiting for its last message.
struct Pending {
    on_event: Box<dyn FnMut(Event)>,
    settled: Settled,
    resolve: Function,
}

impl Pending {
    fn settle(self, result: Result<Outcome, CallError>) {
        *self.settled.borrow_mut() = Some(result);
        let _ = self.resolve.call0(&JsValue::NULL);
    }
}

#[derive(Default)]
struct Shared {
    /// The `"ready"` promise's functions, until the worker is ready.
    ready: Option<(Function, Function)>,
    pending: HashMap<u32, Pending>,
    /// Why the worker failed, once it has: the next call replaces it.
    dead: Option<CallError>,
}

impl Shared {
    /// Ends everything waiting with `error`.
    fn fail_all(&mut self, error: CallError) {
        self.dead = Some(error.clone());
        if let Some((_, reject)) = self.ready.take() {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("stopped"));
        }
        for (_, pending) in self.pending.drain() {
            pending.settle(Err(error.clone()));
        }
    }
}

/// Which case the worker has open, as the page knows it.
#[derive(Clone, Copy, PartialEq)]
enum Held {
    None,
    /// Opened by the request numbered so, not yet adopted by the page.
    Sent(u32),
    /// The page's open case of this generation.
    Case(u32),
}

struct Lab {
    worker: Worker,
    ready: Promise,
    shared: Rc<RefCell<Shared>>,
    next_id: u32,
    held: Held,
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

const NAME: &str = "the lab (case files, generator and analysis tools)";

fn start() -> Result<Lab, CallError> {
    let worker = Worker::new("lab-loader.js")
        .map_err(|e| CallError::lab(format!("{NAME} could not start: {}", describe(&e))))?;
    let shared = Rc::new(RefCell::new(Shared::default()));
    let ready = Promise::new(&mut |resolve, reject| {
        shared.borrow_mut().ready = Some((resolve, reject));
    });
    let on_message = {
        let shared = shared.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            on_reply(&shared, &event.data())
        })
    };
    let on_error = {
        let shared = shared.clone();
        Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            event.prevent_default();
            let why = format!("{NAME} stopped: {}", event.message());
            shared.borrow_mut().fail_all(CallError::lab(why));
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Lab {
        worker,
        ready,
        shared,
        next_id: 0,
        held: Held::None,
        _on_message: on_message,
        _on_error: on_error,
    })
}

/// Hands a message from the worker to the call it answers. No borrow of the
/// shared state is held while the caller's handler runs: it may start a call.
fn on_reply(shared: &Rc<RefCell<Shared>>, data: &JsValue) {
    if data.as_string().as_deref() == Some("ready") {
        if let Some((resolve, _)) = shared.borrow_mut().ready.take() {
            let _ = resolve.call0(&JsValue::NULL);
        }
        return;
    }
    let reply = Array::from(data);
    let first = reply.get(0);
    if first.as_string().as_deref() == Some("failed") {
        let why = reply.get(1).as_string().unwrap_or_default();
        let why = format!("{NAME} could not be loaded: {why}");
        shared.borrow_mut().fail_all(CallError::lab(why));
        return;
    }
    let Some(id) = first.as_f64().map(|id| id as u32) else {
        return;
    };
    let fields: Vec<String> = reply
        .iter()
        .skip(1)
        .map(|v| v.as_string().unwrap_or_default())
        .collect();
    let event = Event::decode(&fields).map_err(|e| CallError::lab(e.to_string()));
    let Some(mut pending) = shared.borrow_mut().pending.remove(&id) else {
        return;
    };
    match event {
        Ok(Event::Done(outcome)) => pending.settle(Ok(outcome)),
        Ok(Event::Failed(failure)) => pending.settle(Err(CallError::Failed(failure))),
        Err(e) => pending.settle(Err(e)),
        Ok(event) => {
            (pending.on_event)(event);
            shared.borrow_mut().pending.insert(id, pending);
        }
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

/// Sends `request` (with `file` behind it, for a file to open), starting the
/// worker if needed; `on_event` gets the request's progress and parts as they
/// come; the result is its outcome. The request number is returned too, for
/// [`adopt`].
async fn send(
    request: &Request,
    file: Option<&web_sys::File>,
    on_event: Box<dyn FnMut(Event)>,
) -> Result<(Outcome, u32), CallError> {
    let ready = LAB.with(|cell| -> Result<Promise, CallError> {
        let mut lab = cell.borrow_mut();
        if lab
            .as_ref()
            .is_none_or(|l| l.shared.borrow().dead.is_some())
        {
            drop(lab.take()); // a dead worker stops before the new one starts
            *lab = Some(start()?);
        }
        Ok(lab
            .as_ref()
            .map(|l| l.ready.clone())
            .expect("started above"))
    })?;
    if JsFuture::from(ready).await.is_err() {
        // Stopped (cancelled) or failed while starting: say which.
        let why = LAB.with(|cell| {
            cell.borrow()
                .as_ref()
                .and_then(|l| l.shared.borrow().dead.clone())
        });
        return Err(why.unwrap_or(CallError::Cancelled));
    }
    let settled: Settled = Rc::default();
    let (reply, id) = LAB.with(|cell| -> Result<(Promise, u32), CallError> {
        let mut lab = cell.borrow_mut();
        let lab = lab.as_mut().ok_or(CallError::Cancelled)?;
        lab.next_id += 1;
        let id = lab.next_id;
        let mut resolve = None;
        let reply = Promise::new(&mut |yes, _| resolve = Some(yes));
        lab.shared.borrow_mut().pending.insert(
            id,
            Pending {
                on_event,
                settled: settled.clone(),
                resolve: resolve.expect("the promise calls its executor at once"),
            },
        );
        let out = Array::new();
        out.push(&JsValue::from(id));
        for field in request.encode() {
            out.push(&JsValue::from_str(&field));
        }
        if let Some(file) = file {
            out.push(file);
        }
        if matches!(
            request,
            Request::OpenFile { .. } | Request::OpenGenerated { .. } | Request::OpenText(_)
        ) {
            lab.held = Held::Sent(id);
        }
        lab.worker
            .post_message(&out)
            .map_err(|e| CallError::lab(format!("{NAME} could not be asked: {}", describe(&e))))?;
        Ok((reply, id))
    })?;
    let _ = JsFuture::from(reply).await;
    let result = settled.borrow_mut().take();
    result
        .unwrap_or_else(|| Err(CallError::lab(format!("{NAME} gave no answer"))))
        .map(|outcome| (outcome, id))
}

/// Runs `request`, passing its progress and parts to `on_event`. Returns the
/// outcome and the number to [`adopt`] an opened case with.
pub async fn call(
    request: Request,
    file: Option<web_sys::File>,
    on_event: impl FnMut(Event) + 'static,
) -> Result<(Outcome, u32), CallError> {
    send(&request, file.as_ref(), Box::new(on_event)).await
}

/// Marks the case that request `id` opened in the worker as the page's open case
/// of `generation`, unless another case was opened there since.
pub fn adopt(id: u32, generation: u32) {
    LAB.with(|cell| {
        if let Some(lab) = cell.borrow_mut().as_mut() {
            if lab.held == Held::Sent(id) {
                lab.held = Held::Case(generation);
            }
        }
    });
}

/// How the worker can open the page's case again when it does not have it.
#[derive(Clone)]
pub enum Reopen {
    /// A bundled case's text.
    Text(Rc<str>),
    /// The file it was opened from.
    File(web_sys::File),
    /// A generated case's parameters.
    Generated(crate::generator::Params),
}

/// Runs a tool on the page's open case (`generation`), first opening that case in
/// the worker if it does not have it; the tool's JSON document.
pub async fn analyse(generation: u32, reopen: Reopen, tool: Tool) -> Result<String, CallError> {
    let held = LAB.with(|cell| {
        cell.borrow()
            .as_ref()
            .filter(|l| l.shared.borrow().dead.is_none())
            .map(|l| l.held)
    });
    if held != Some(Held::Case(generation)) {
        let (request, file) = match reopen {
            Reopen::Text(text) => (Request::OpenText(text.to_string()), None),
            Reopen::File(file) => (
                Request::OpenFile {
                    name: file.name(),
                    send: false,
                },
                Some(file),
            ),
            Reopen::Generated(params) => (
                Request::OpenGenerated {
                    params,
                    send: false,
                },
                None,
            ),
        };
        let (_, id) = send(&request, file.as_ref(), Box::new(|_| {})).await?;
        adopt(id, generation);
    }
    match send(&Request::Tool(tool), None, Box::new(|_| {})).await? {
        (Outcome::Text(text), _) => Ok(text),
        _ => Err(CallError::lab(format!("{NAME} answered something else"))),
    }
}

/// Stops the worker and whatever it is doing; waiting calls return
/// [`CallError::Cancelled`].
pub fn cancel() {
    if let Some(lab) = LAB.with(|cell| cell.borrow_mut().take()) {
        lab.shared.borrow_mut().fail_all(CallError::Cancelled);
        // Dropped here: the worker stops (see `Drop for Lab`).
    }
}

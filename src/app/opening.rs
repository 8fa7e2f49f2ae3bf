//! Opening cases: the browser's half of the root state machine (`ui::Root`).
//!
//! [`Shell`] owns the root state; [`Shell::dispatch`] runs an action through it,
//! redraws, and performs the effects it asks for. Those are the only places that
//! touch the network, the lab worker and the URL for opening:
//! - a bundled case is fetched from the page's own `scenarios/` and parsed here
//!   (it is small, and was validated when the library was built);
//! - a file the trainee chose and a generated case go to the lab worker, which
//!   reads, checks and indexes them off the page's thread and sends the case back
//!   in parts (`lab::transfer`); each part is parsed as it arrives and the
//!   progress shown, so the page keeps responding on a 100 MB case;
//! - a results file opens the case it belongs to in review mode.
//!
//! Each result goes back to the root as an action carrying the load's ticket;
//! the root drops answers to loads it no longer wants.

use std::cell::{Cell, Ref, RefCell};
use std::rc::Rc;

use yew::prelude::*;

use super::lab_client::{self, CallError, Reopen};
use super::{fetch_library, fetch_text, set_hash, OpenCase, Review};
use crate::lab::transfer::Assembler;
use crate::lab::{self, Event, Outcome, Progress, Request, Stage};
use crate::ledger::{Ledger, LedgerBuilder};
use crate::scenario::{self, Scenario};
use crate::training::results::{session_from_results, ResultsFile};
use crate::ui::{Action, Effect, Failure, Root, Source};

type RootState = Root<Rc<OpenCase>>;

pub struct Shell {
    root: RefCell<RootState>,
    redraw: UseForceUpdateHandle,
    /// What the URL asked for when the page opened, done once mounted.
    first: RefCell<Vec<Effect>>,
    /// The file last chosen, until the root asks to read it.
    file: RefCell<Option<web_sys::File>>,
    generation: Cell<u32>,
}

impl Shell {
    pub fn new(hash: &str, redraw: UseForceUpdateHandle) -> Shell {
        let (root, first) = Root::new(hash);
        Shell {
            root: RefCell::new(root),
            redraw,
            first: RefCell::new(first),
            file: RefCell::new(None),
            generation: Cell::new(0),
        }
    }

    pub fn root(&self) -> Ref<'_, RootState> {
        self.root.borrow()
    }

    /// Performs what the page's first URL asked for.
    pub fn start(self: &Rc<Self>) {
        let first = std::mem::take(&mut *self.first.borrow_mut());
        for effect in first {
            self.perform(effect);
        }
    }

    pub fn dispatch(self: &Rc<Self>, action: Action<Rc<OpenCase>>) {
        let effects = self.root.borrow_mut().reduce(action);
        self.redraw.force_update();
        for effect in effects {
            self.perform(effect);
        }
    }

    /// A file chosen or dropped: kept until the root asks for it.
    pub fn choose_file(self: &Rc<Self>, file: web_sys::File) {
        let (name, size) = (file.name(), file.size() as u64);
        *self.file.borrow_mut() = Some(file);
        self.dispatch(Action::OpenFile { name, size });
    }

    fn perform(self: &Rc<Self>, effect: Effect) {
        let shell = self.clone();
        match effect {
            Effect::SetHash(hash) => set_hash(&hash),
            Effect::StopLab => lab_client::cancel(),
            Effect::FetchBundled { ticket, id } => {
                wasm_bindgen_futures::spawn_local(async move {
                    let result = shell.fetch_bundled(&id, None).await;
                    shell.finish(ticket, Source::Bundled(id), result);
                });
            }
            Effect::Generate { ticket, address } => {
                wasm_bindgen_futures::spawn_local(async move {
                    let result = shell.generate(ticket, &address).await;
                    shell.finish(ticket, Source::Generated(address), result);
                });
            }
            Effect::ReadFile { ticket } => {
                let Some(file) = self.file.borrow_mut().take() else {
                    return;
                };
                wasm_bindgen_futures::spawn_local(async move {
                    let name = file.name();
                    match shell.read_file(ticket, file).await {
                        Ok(Read::Case(open)) => shell.finish(ticket, Source::File(name), Ok(open)),
                        Ok(Read::Results(text)) => shell.review(ticket, &name, &text).await,
                        Err(failure) => shell.finish(ticket, Source::File(name), Err(failure)),
                    }
                });
            }
        }
    }

    /// Tells the root how the load `ticket` ended (a cancelled one says nothing).
    fn finish(self: &Rc<Self>, ticket: u64, source: Source, result: Loaded) {
        match result {
            Ok(case) => self.dispatch(Action::Opened {
                ticket,
                id: case.ledger.case.id.clone(),
                case,
                source,
            }),
            Err(Some(failure)) => self.dispatch(Action::Failed { ticket, failure }),
            Err(None) => {}
        }
    }

    fn progress(self: &Rc<Self>, ticket: u64, stage: Stage, done: u64, total: u64) {
        let progress = Progress { stage, done, total };
        self.dispatch(Action::Progress { ticket, progress });
    }

    /// Makes the app's open case of an indexed case.
    fn open_case(
        &self,
        ledger: Ledger,
        source: String,
        reopen: Reopen,
        review: Option<&ResultsFile>,
    ) -> Rc<OpenCase> {
        let review = review.map(|r| Review {
            session: session_from_results(&ledger.case, r),
            graph: r.graph.clone(),
        });
        self.generation.set(self.generation.get() + 1);
        let generated = match &reopen {
            Reopen::Generated(params) => Some(params.clone()),
            _ => None,
        };
        Rc::new(OpenCase {
            ledger: Rc::new(ledger),
            source,
            generation: self.generation.get(),
            review,
            reopen,
            generated,
        })
    }

    /// The library's case `id`, fetched and parsed here.
    async fn fetch_bundled(&self, id: &str, review: Option<&ResultsFile>) -> Loaded {
        let library = fetch_library()
            .await
            .map_err(|e| Failure::single("The library could not be loaded", e))?;
        let card = library.find(id).ok_or_else(|| {
            Failure::single(
                "Case not found",
                format!("the library has no case with id “{id}”; if it came from a file, open the file again"),
            )
        })?;
        let text = fetch_text(&format!("scenarios/{}", card.file))
            .await
            .map_err(|e| Failure::single(format!("Case {id} could not be loaded"), e))?;
        let case = scenario::parse(&text).map_err(|e| {
            Failure::problems(
                format!("{} could not be opened", card.file),
                vec![e.into_problem()],
            )
        })?;
        // A bundled case is small: indexed at once.
        let ledger = Ledger::new(case);
        Ok(self.open_case(ledger, card.file.clone(), Reopen::Text(text.into()), review))
    }

    /// The case at a generator address, built in the lab worker.
    async fn generate(self: &Rc<Self>, ticket: u64, address: &str) -> Loaded {
        let params = lab::params_from_route(address).map_err(|e| {
            Failure::single(
                "This address does not name a case the generator can build",
                e.to_string(),
            )
        })?;
        let source = match &params.participant {
            Some(p) => format!(
                "generated: {}, seed {}, for {p}",
                params.typology.id(),
                params.seed
            ),
            None => format!("generated: {}, seed {}", params.typology.id(), params.seed),
        };
        let request = Request::OpenGenerated {
            params: params.clone(),
            send: true,
        };
        let (case, id) = self
            .receive(ticket, request, None, "The case could not be generated")
            .await
            .and_then(|(received, id)| match received {
                Received::Case(case) => Ok((*case, id)),
                Received::Results(_) => Err(Some(Failure::single(
                    "The case could not be generated",
                    "the lab answered with something else",
                ))),
            })?;
        Ok(self.adopted(id, case, source, Reopen::Generated(params), None))
    }

    /// A file the trainee chose: read, checked and indexed in the lab worker.
    async fn read_file(
        self: &Rc<Self>,
        ticket: u64,
        file: web_sys::File,
    ) -> Result<Read, Option<Failure>> {
        let name = file.name();
        let request = Request::OpenFile {
            name: name.clone(),
            send: true,
        };
        let title = format!("{name} could not be opened");
        let (received, id) = self
            .receive(ticket, request, Some(file.clone()), &title)
            .await?;
        Ok(match received {
            Received::Results(text) => Read::Results(text),
            Received::Case(case) => {
                Read::Case(self.adopted(id, *case, name, Reopen::File(file), None))
            }
        })
    }

    /// Opens a case the lab sent and makes it the lab's open case for the tools.
    fn adopted(
        &self,
        request: u32,
        ledger: Ledger,
        source: String,
        reopen: Reopen,
        review: Option<&ResultsFile>,
    ) -> Rc<OpenCase> {
        let open = self.open_case(ledger, source, reopen, review);
        lab_client::adopt(request, open.generation);
        open
    }

    /// Runs an open request in the lab, rebuilding the case from its parts as they
    /// arrive and reporting progress under `ticket`.
    async fn receive(
        self: &Rc<Self>,
        ticket: u64,
        request: Request,
        file: Option<web_sys::File>,
        title: &str,
    ) -> Result<(Received, u32), Option<Failure>> {
        let assembler = Rc::new(RefCell::new(Assembler::default()));
        let broken = Rc::new(RefCell::new(None::<String>));
        let total = Rc::new(Cell::new(0u64));
        let on_event = {
            let (shell, assembler, broken, total) = (
                self.clone(),
                assembler.clone(),
                broken.clone(),
                total.clone(),
            );
            move |event: Event| match event {
                Event::Progress(p) if p.stage == Stage::Sending => total.set(p.total),
                Event::Progress(p) => shell.progress(ticket, p.stage, p.done, p.total),
                Event::Part(part) => {
                    let added = assembler.borrow_mut().add(part);
                    if let Err(e) = added {
                        broken.borrow_mut().get_or_insert(e);
                    }
                    let done = assembler.borrow().received;
                    shell.progress(ticket, Stage::Receiving, done, total.get());
                }
                Event::Done(_) | Event::Failed(_) => {}
            }
        };
        let outcome = lab_client::call(request, file, on_event).await;
        let (outcome, id) = outcome.map_err(|e| match e {
            CallError::Cancelled => None,
            CallError::Failed(lab::Failure::Problems(problems)) => {
                Some(Failure::problems(title, problems))
            }
            CallError::Failed(lab::Failure::Lab(why)) => Some(Failure::single(title, why)),
        })?;
        if let Some(e) = broken.borrow_mut().take() {
            return Err(Some(Failure::single(title, e)));
        }
        match outcome {
            Outcome::Results(text) => Ok((Received::Results(text), id)),
            Outcome::Opened(_) => {
                let assembler = std::mem::take(&mut *assembler.borrow_mut());
                let case = assembler
                    .finish()
                    .map_err(|e| Some(Failure::single(title, e)))?;
                let ledger = self.index(ticket, case).await.ok_or(None)?;
                Ok((Received::Case(Box::new(ledger)), id))
            }
            Outcome::Text(_) => Err(Some(Failure::single(
                title,
                "the lab answered with something else",
            ))),
        }
    }

    /// Indexes `case` in slices of about [`SLICE_MS`], showing progress and
    /// letting the page draw and answer between them; `None` once the load is no
    /// longer wanted (cancelled or replaced).
    async fn index(self: &Rc<Self>, ticket: u64, case: Scenario) -> Option<Ledger> {
        let mut builder = LedgerBuilder::new(case);
        loop {
            let (done, total) = builder.progress();
            self.progress(ticket, Stage::Indexing, done, total);
            next_task().await;
            if self.root().loading().is_none_or(|l| l.ticket != ticket) {
                return None;
            }
            let started = now();
            loop {
                if builder.step(STEP_ITEMS) {
                    return Some(builder.finish());
                }
                if now() - started > SLICE_MS {
                    break;
                }
            }
        }
    }

    /// A results file: its case opened in review mode (the case open, if it is
    /// that one, else the library's).
    async fn review(self: &Rc<Self>, ticket: u64, name: &str, text: &str) {
        let results: ResultsFile = match serde_json::from_str(text) {
            Ok(r) => r,
            Err(e) => {
                let failure = Failure::single(
                    format!("{name} could not be opened"),
                    format!("this results file is damaged: {}", strip_position(&e)),
                );
                return self.dispatch(Action::Failed { ticket, failure });
            }
        };
        let open = self.root().open().map(|o| o.case.clone());
        if let Some(open) = open.filter(|o| o.ledger.case.id == results.case_id) {
            self.generation.set(self.generation.get() + 1);
            let case = Rc::new(OpenCase {
                ledger: open.ledger.clone(),
                source: open.source.clone(),
                generation: self.generation.get(),
                review: Some(Review {
                    session: session_from_results(&open.ledger.case, &results),
                    graph: results.graph.clone(),
                }),
                reopen: open.reopen.clone(),
                generated: open.generated.clone(),
            });
            return self.dispatch(Action::Reviewed { ticket, case });
        }
        let id = results.case_id.clone();
        let result = self.fetch_bundled(&id, Some(&results)).await.map_err(|f| match f {
            Some(f) if f.title == "Case not found" => Some(Failure::single(
                format!("{name}: the case is not open"),
                format!("these results are for case “{id}”, which is not in the library: open that case file first, then the results file"),
            )),
            f => f,
        });
        self.finish(ticket, Source::Bundled(id), result);
    }
}

/// How a load ended: the case, or why not (`None` when it was cancelled).
type Loaded = Result<Rc<OpenCase>, Option<Failure>>;

/// What the lab sent back for an open request.
enum Received {
    Case(Box<Ledger>),
    Results(String),
}

/// What a chosen file turned out to be.
enum Read {
    Case(Rc<OpenCase>),
    Results(String),
}

/// How long one slice of indexing may keep the page's thread, in milliseconds,
/// and how many items it does between looks at the clock.
const SLICE_MS: f64 = 30.0;
const STEP_ITEMS: usize = 256;

/// The page's clock in milliseconds.
fn now() -> f64 {
    gloo::utils::window().performance().map_or(0.0, |p| p.now())
}

/// Waits for the browser's next task, so what was dispatched is drawn first.
async fn next_task() {
    let tick = js_sys::Promise::new(&mut |resolve, _| {
        let _ = gloo::utils::window().set_timeout_with_callback(&resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(tick).await;
}

/// serde_json's message without its " at line L column C".
fn strip_position(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    message
        .strip_suffix(&position)
        .map(str::to_string)
        .unwrap_or(message)
}

//! The investigation workspace: one reducer for the state of one open case.
//!
//! As in yew's `function_todomvc`, every change is an [`Action`] and
//! [`WorkspaceState::reduce`] is the only place state changes; the components
//! (canvas, node list, inspector, answers, requests) only render it and dispatch
//! actions. The rules live in the core: the graph is an [`Investigation`], the
//! training attempt a [`Session`], so what expanding reveals or how an answer is
//! graded is tested natively.
//!
//! Every change to the graph goes through the core's command log
//! ([`History`]), so it can be undone; after any change to the graph or the
//! session, the workspace autosaves to browser storage (`save_now`). What may be
//! written, what another tab's write means and what to ask the trainee is decided
//! by the core's `autosave` module; this file only performs the storage calls
//! (through `storage`, which never panics) and reports their results to the
//! reducer as `Action::Storage` steps. Bookkeeping those steps change (the text
//! last written, the revision saved) is left out of the state's `PartialEq`, and
//! the reducer is `use_reducer_eq`, so a save does not re-render the workspace.
//!
//! The graph is an `Rc<Investigation>` shared with the history's checkpoints:
//! actions that do not change it (selection, tabs, the case clock) never copy it.
//! The camera is not here: panning and zooming are view state that the canvas
//! keeps to itself (they would re-render every panel on every frame); the reducer
//! only asks it to bring nodes into view through `view_request`.

use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Interval;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::answers::AnswersPanel;
use super::canvas::GraphCanvas;
use super::inspector::Inspector;
use super::node_list::NodeList;
use super::requests::RequestLog;
use super::storage;
use super::toolbar::Toolbar;
use super::tools::{taint_legend, ToolAction, ToolResults};
use super::tx_table::TxTable;
use super::OpenCase;
use crate::address::address_key;
use crate::autosave::{self, Event, Fault, Kept, Note, Opening, Place, Slot, Step, Write};
use crate::investigation::history::{Command, History};
use crate::investigation::{Direction, Investigation};
use crate::ledger::Ledger;
use crate::markdown;
use crate::saved::{self, Saved};
use crate::training::debrief::{overlay, Overlay};
use crate::training::{RequestKind, Response, Session};

/// What the inspector shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Selection {
    Address(String),
    Tx(usize),
    /// An aggregated edge, as (from key, to key).
    Edge(String, String),
}

/// The sidebar's tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Briefing,
    Answers,
    Requests,
    Tools,
}

#[derive(Clone)]
pub struct WorkspaceState {
    pub ledger: Rc<Ledger>,
    /// Shared with the history's checkpoints, copied on write.
    pub graph: Rc<Investigation>,
    pub selection: Option<Selection>,
    /// Addresses selected together on the canvas (shift-click, box select), in
    /// the order they were picked, each once; the single `selection` above is
    /// what the inspector shows. A list: it is short, and a set type of its own
    /// would cost bundle size.
    pub selected_many: Vec<String>,
    /// What the canvas should bring into view next, numbered so it acts once.
    pub view_request: (u64, ViewRequest),
    pub tab: Tab,
    pub session: Session,
    /// Wall-clock milliseconds when the case was opened (for time spent).
    pub opened_ms: f64,
    /// After submission: the graph completed with the true trail, and the overlay.
    pub debrief: Option<Rc<(Investigation, Overlay)>>,
    /// Whether the canvas shows the debrief overlay or the trainee's own graph.
    pub show_overlay: bool,
    /// Shared like the graph: cloning the state for an action that does not
    /// change the graph (a click, the case clock) must not copy every command.
    pub history: Rc<History>,
    /// The highlighted path (address keys, in order), empty when none.
    pub path: Vec<String>,
    /// Bumped whenever the saved work (graph or session) changes: the autosave cue.
    pub revision: u64,
    /// False when reviewing a results file: that attempt is not the trainee's work.
    pub autosave: bool,
    /// This tab's knowledge of the case's storage slot and the notices about it.
    pub slot: Slot,
    /// The transactions table is open below the canvas.
    pub show_table: bool,
    /// How the lab worker opens this case again, and its opening number, for
    /// the analyses.
    pub reopen: super::lab_client::Reopen,
    pub generation: u32,
    /// What the tools found last (taint colouring, trail).
    pub tools: ToolResults,
}

/// A camera move the reducer asks of the canvas.
#[derive(Clone, Debug, PartialEq)]
pub enum ViewRequest {
    /// Fit the whole graph.
    Fit,
    /// Pan (zooming out only if needed) so these addresses are on screen.
    Show(Vec<String>),
}

impl PartialEq for WorkspaceState {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.ledger, &other.ledger)
            && Rc::ptr_eq(&self.graph, &other.graph)
            && self.selection == other.selection
            && self.selected_many == other.selected_many
            && self.view_request == other.view_request
            && self.tab == other.tab
            && self.session == other.session
            && self.show_overlay == other.show_overlay
            && self.revision == other.revision
            && self.path == other.path
            && self.slot.notices == other.slot.notices
            && self.show_table == other.show_table
            && self.tools == other.tools
    }
}

pub enum Action {
    SelectAddress(String),
    SelectTx(usize),
    /// Put an address on the graph (next to the selected one) and select it.
    Reveal(String),
    Expand(String, Direction),
    /// Shift-click: add the address to the multi-selection or take it out.
    ToggleSelected(String),
    /// Box select: add these addresses to the multi-selection.
    SelectMany(Vec<String>),
    ShowTab(Tab),
    Respond(String, Response),
    TakeHint(String),
    SendRequest(RequestKind, String, Vec<String>),
    /// The case clock moves on by this many minutes.
    Tick(u64),
    SkipToReply,
    /// Submit the answers under the name kept in the session.
    Submit,
    /// The name typed for the results file.
    SetTrainee(String),
    ToggleOverlay,
    SelectEdge(String, String),
    /// Any undoable change to the graph (tag, note, hide, move, filter, layout…):
    /// a dragged node is one `MoveNode` when the pointer comes up, a layout switch
    /// or force layout run one `Arrange`.
    Do(Command),
    Undo,
    Redo,
    /// Highlight the shortest path between two addresses.
    HighlightPath(String, String),
    ClearPath,
    /// What a storage call or the trainee's answer to a notice did to the slot.
    Storage(Step),
    /// Show this work instead (`None`: afresh): chosen in a question, or another
    /// tab's. `known` is the text the slot holds now; `saved` when that text is
    /// this work, so there is nothing to write.
    Continue {
        work: Option<Rc<Saved>>,
        known: Option<Rc<str>>,
        saved: bool,
        followed: bool,
    },
    /// Forget the saved work and start the case afresh.
    Reset,
    ToggleTable,
    /// A tool started, finished or failed.
    Tool(ToolAction),
}

impl WorkspaceState {
    pub fn new(open: &OpenCase) -> Self {
        let ledger = open.ledger.clone();
        let (opening, review) = match &open.review {
            Some(review) => (None, Some(review)),
            None => (Some(opening(&ledger)), None),
        };
        let (graph, history, session) = match (review, &opening) {
            (Some(review), _) => (
                Rc::new(Investigation::restore(
                    &ledger,
                    &review.graph.addresses,
                    &review.graph.transactions,
                )),
                History::default(),
                review.session.clone(),
            ),
            (None, Some(Opening { work: Some(w), .. })) => saved::resume(&ledger, w),
            _ => fresh(&ledger),
        };
        let slot = match opening {
            Some(o) => Slot {
                // Work not in storage yet is unsaved: the first effect writes it.
                saved_revision: if o.unsaved { u64::MAX } else { 0 },
                ..o.slot
            },
            None => Slot::default(),
        };
        let mut state = WorkspaceState {
            graph,
            selection: None,
            selected_many: Vec::new(),
            view_request: (0, ViewRequest::Fit),
            tab: Tab::Briefing,
            session,
            opened_ms: js_sys::Date::now(),
            debrief: None,
            show_overlay: false,
            history: Rc::new(history),
            path: Vec::new(),
            revision: 0,
            autosave: open.review.is_none(),
            slot,
            show_table: false,
            reopen: open.reopen.clone(),
            generation: open.generation,
            tools: ToolResults::default(),
            ledger,
        };
        state.select_start();
        if state.session.is_submitted() {
            state.start_debrief();
        }
        state
    }

    pub fn selected_address(&self) -> Option<&str> {
        match &self.selection {
            Some(Selection::Address(a)) => Some(a),
            _ => None,
        }
    }

    /// The graph the canvas draws: the trainee's, or the debrief overlay's.
    pub fn shown_graph(&self) -> (&Investigation, Option<&Overlay>) {
        match (&self.debrief, self.show_overlay) {
            (Some(d), true) => (&d.0, Some(&d.1)),
            _ => (&self.graph, None),
        }
    }

    /// Whether the case allows law-enforcement requests.
    pub fn requests_allowed(&self) -> bool {
        self.ledger.case.tools.as_ref().is_none_or(|t| t.requests)
    }

    /// Whether this tab has changes that are not in storage.
    pub fn unsaved(&self) -> bool {
        self.revision != self.slot.saved_revision
    }

    /// Replaces the work shown: graph, history and session (`None`: afresh).
    fn load(&mut self, work: Option<&Saved>) {
        let (graph, history, session) = match work {
            Some(w) => saved::resume(&self.ledger, w),
            None => fresh(&self.ledger),
        };
        self.graph = graph;
        self.history = Rc::new(history);
        self.session = session;
        self.debrief = None;
        self.show_overlay = false;
        self.path.clear();
        self.tools = ToolResults::default();
        self.revision += 1;
        if self.session.is_submitted() {
            self.start_debrief();
        }
        if !self
            .selected_address()
            .is_some_and(|k| self.graph.contains(k))
        {
            self.select_start();
        }
        self.request_view(ViewRequest::Fit);
    }

    fn start_debrief(&mut self) {
        self.debrief = Some(Rc::new(overlay(&self.ledger, &self.graph)));
        self.show_overlay = true;
        self.tab = Tab::Answers;
    }

    /// Applies a graph command through the history; true if it changed anything.
    pub(super) fn run(&mut self, command: Command) -> bool {
        let ledger = self.ledger.clone();
        let changed = Rc::make_mut(&mut self.history).apply(&mut self.graph, &ledger, command);
        if changed {
            self.revision += 1;
            self.session.count_action();
            self.path
                .retain(|k| self.graph.nodes().any(|n| &n.key == k));
        }
        changed
    }

    /// Asks the canvas to move its camera.
    pub(super) fn request_view(&mut self, request: ViewRequest) {
        self.view_request = (self.view_request.0 + 1, request);
    }

    fn select(&mut self, key: String) {
        self.selected_many = vec![key.clone()];
        self.selection = Some(Selection::Address(key));
    }

    /// Selects the case's first start address (or nothing).
    fn select_start(&mut self) {
        match self.ledger.case.start.addresses.first() {
            Some(a) => self.select(address_key(a)),
            None => {
                self.selection = None;
                self.selected_many.clear();
            }
        }
    }
}

impl Reducible for WorkspaceState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        let case = &self.ledger.case;
        match action {
            Action::SelectAddress(key) => next.select(address_key(&key)),
            Action::SelectTx(tx) => next.selection = Some(Selection::Tx(tx)),
            Action::Reveal(key) => {
                let near = self.selected_address().map(str::to_string);
                next.run(Command::Reveal {
                    key: key.clone(),
                    near,
                });
                next.select(address_key(&key));
                next.request_view(ViewRequest::Show(vec![address_key(&key)]));
            }
            Action::Expand(key, direction) => {
                next.run(Command::Expand {
                    key: key.clone(),
                    direction,
                });
                let mut shown: Vec<String> = next
                    .graph
                    .all_nodes()
                    .filter(|n| !self.graph.contains(&n.key))
                    .map(|n| n.key.clone())
                    .collect();
                shown.push(address_key(&key));
                next.select(address_key(&key));
                next.request_view(ViewRequest::Show(shown));
            }
            Action::ToggleSelected(key) => {
                let key = address_key(&key);
                if next.selected_many.contains(&key) {
                    next.selected_many.retain(|k| *k != key);
                } else {
                    next.selected_many.push(key.clone());
                    next.selection = Some(Selection::Address(key));
                }
            }
            Action::SelectMany(keys) => {
                if let Some(first) = keys.first() {
                    next.selection = Some(Selection::Address(address_key(first)));
                }
                for key in keys.iter().map(|k| address_key(k)) {
                    if !next.selected_many.contains(&key) {
                        next.selected_many.push(key);
                    }
                }
            }
            Action::ShowTab(tab) => next.tab = tab,
            Action::Respond(id, response) => {
                next.session.set_response(&id, response);
            }
            Action::TakeHint(id) => {
                next.session.take_hint(case, &id);
            }
            Action::SendRequest(kind, entity, addresses) => {
                if !addresses.is_empty() && !self.session.is_submitted() {
                    next.session.send_request(case, kind, &entity, addresses);
                    next.tab = Tab::Requests;
                }
            }
            Action::Tick(minutes) => {
                if self.session.pending() == 0 {
                    return self; // nothing is waiting: no re-render every second
                }
                next.session.advance(minutes);
            }
            Action::SkipToReply => next.session.skip_to_next_reply(),
            Action::Submit => {
                let seconds = ((js_sys::Date::now() - self.opened_ms) / 1000.0).max(0.0) as u64;
                if next.session.submit_named(case, seconds).is_err() {
                    return self;
                }
                next.start_debrief();
                next.request_view(ViewRequest::Fit);
            }
            Action::ToggleOverlay => next.show_overlay = !self.show_overlay,
            Action::SelectEdge(from, to) => next.selection = Some(Selection::Edge(from, to)),
            Action::Do(command) => {
                if !next.run(command) {
                    return self;
                }
            }
            Action::Undo => {
                if !self.history.can_undo() {
                    return self;
                }
                Rc::make_mut(&mut next.history).undo(&mut next.graph, &next.ledger);
                next.revision += 1;
                next.path.clear();
            }
            Action::Redo => {
                if !self.history.can_redo() {
                    return self;
                }
                Rc::make_mut(&mut next.history).redo(&mut next.graph, &next.ledger);
                next.revision += 1;
            }
            Action::HighlightPath(from, to) => {
                next.path = self.graph.shortest_path(&from, &to).unwrap_or_default();
                let path = next.path.clone();
                next.request_view(ViewRequest::Show(path));
            }
            Action::ClearPath => next.path.clear(),
            Action::SetTrainee(name) => next.session.set_trainee(&name),
            Action::Storage(step) => next.slot.step(step),
            Action::Continue {
                work,
                known,
                saved,
                followed,
            } => {
                next.load(work.as_deref());
                next.slot.known = known;
                next.slot.notices.question = None;
                if saved {
                    next.slot.saved_revision = next.revision;
                    next.slot.notices.fault = None;
                }
                if followed {
                    next.slot.notices.note = Some(Note::Followed {
                        saved_at: work.and_then(|w| w.saved_at),
                    });
                }
            }
            // The next save writes the fresh work over the old (after the checks
            // every write goes through).
            Action::Reset => {
                next.load(None);
                next.select_start();
            }
            Action::ToggleTable => next.show_table = !self.show_table,
            Action::Tool(action) => super::tools::reduce(&mut next, action),
        }
        if next.session != self.session && next.revision == self.revision {
            next.revision = self.revision + 1;
        }
        Rc::new(next)
    }
}

fn fresh(ledger: &Ledger) -> (Rc<Investigation>, History, Session) {
    (
        Rc::new(Investigation::open(ledger)),
        History::default(),
        Session::default(),
    )
}

/// Reads the case's storage slot, its side slot and the work inside the opened
/// case file, lets the core decide, and moves a damaged document aside at once
/// when the core allows it.
fn opening(ledger: &Ledger) -> Opening {
    let in_file = ledger
        .case
        .investigation
        .as_ref()
        .map(|map| serde_json::to_string(map).unwrap_or_default());
    let stored = storage::get(&saved::storage_key(ledger));
    let aside = storage::get(&autosave::aside_key(ledger));
    let mut o = autosave::on_open(ledger, read(&stored), read(&aside), in_file.as_deref());
    if let Some(kept) = o
        .slot
        .notices
        .kept
        .iter()
        .find(|k| k.place == Place::InPlace)
    {
        let kept = keep_aside(ledger, kept.clone());
        o.slot.step(Step::Keep(kept));
    }
    o
}

fn read(r: &Result<Option<String>, Fault>) -> autosave::Read<'_> {
    r.as_ref().map(Option::as_deref).map_err(|f| *f)
}

/// Moves a document that cannot be read to the side slot, if the core allows
/// it; says where it is now.
fn keep_aside(ledger: &Ledger, kept: Kept) -> Kept {
    let key = autosave::aside_key(ledger);
    let moved = autosave::may_move_aside(&kept.why, read(&storage::get(&key)))
        && storage::set(&key, &kept.text).is_ok();
    Kept {
        place: if moved { Place::Aside } else { Place::InPlace },
        ..kept
    }
}

/// Keeps a document that cannot be read, and saves this tab's work in its place
/// when it went aside.
fn keep(state: &UseReducerHandle<WorkspaceState>, kept: Kept) {
    let kept = keep_aside(&state.ledger, kept);
    let aside = kept.place == Place::Aside;
    state.dispatch(Action::Storage(Step::Keep(kept)));
    if aside {
        save_now(state);
    }
}

/// The work as it would be saved now.
fn work_now(state: &WorkspaceState) -> Saved {
    let mut work = saved::save(&state.ledger, &state.history, &state.session);
    work.saved_at = Some(js_sys::Date::now() as u64);
    work
}

/// Writes the work to browser storage if the core allows it, and reports the
/// outcome, so a full or blocked storage, another tab's work or a document that
/// cannot be read is shown instead of being lost or written over.
pub(super) fn save_now(state: &UseReducerHandle<WorkspaceState>) {
    if !state.autosave {
        return;
    }
    let key = saved::storage_key(&state.ledger);
    let ours = work_now(state);
    let step = match autosave::before_write(
        &state.slot,
        &state.ledger,
        read(&storage::get(&key)),
        &ours,
    ) {
        Write::Hold => return,
        Write::Go => {
            let text: Rc<str> = serde_json::to_string(&ours).unwrap_or_default().into();
            match storage::set(&key, &text) {
                Ok(()) => Step::Wrote(text, state.revision),
                Err(fault) => Step::Failed(fault),
            }
        }
        Write::Fail(fault) => Step::Failed(fault),
        Write::Ask(question) => Step::Ask(question),
        Write::Keep(kept) => return keep(state, kept),
    };
    state.dispatch(Action::Storage(step));
}

/// Another tab wrote the case's slot (`new`; `None` when it deleted it).
fn other_tab_wrote(state: &UseReducerHandle<WorkspaceState>, new: Option<String>) {
    let ours = work_now(state);
    match autosave::on_event(
        &state.slot,
        &state.ledger,
        new.as_deref(),
        &ours,
        state.unsaved(),
    ) {
        Event::Ignore => {}
        Event::Adopt(text) => state.dispatch(Action::Storage(Step::Adopt(text))),
        Event::Follow(theirs) => state.dispatch(Action::Continue {
            work: Some(theirs),
            known: new.map(Rc::from),
            saved: true,
            followed: true,
        }),
        Event::Ask(question) => state.dispatch(Action::Storage(Step::Ask(question))),
        Event::Keep(kept) => keep(state, kept),
    }
}

/// Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y anywhere in the workspace, except while typing
/// in a text field, where the browser's own text undo applies.
fn undo_shortcut(e: &KeyboardEvent) -> Option<Action> {
    if !(e.ctrl_key() || e.meta_key()) {
        return None;
    }
    let typing = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
    if typing {
        return None;
    }
    match (
        super::browser_text::lowercase(&e.key()).as_str(),
        e.shift_key(),
    ) {
        ("z", false) => Some(Action::Undo),
        ("z", true) | ("y", false) => Some(Action::Redo),
        _ => None,
    }
}

/// Offers the generated case, exactly as the generator writes it, as `<case
/// id>.json` (the lab worker writes it again from its parameters).
fn download_generated(id: &str, params: &crate::generator::Params) -> Callback<MouseEvent> {
    let (name, request) = (
        format!("{id}.json"),
        crate::lab::Request::GenerateText(params.clone()),
    );
    Callback::from(move |_: MouseEvent| {
        let (name, request) = (name.clone(), request.clone());
        wasm_bindgen_futures::spawn_local(async move {
            if let Ok((crate::lab::Outcome::Text(text), _)) =
                super::lab_client::call(request, None, |_| {}).await
            {
                super::download(&name, "application/json", &text);
            }
        });
    })
}

#[derive(Properties, PartialEq)]
pub struct WorkspaceProps {
    pub case: Rc<OpenCase>,
}

#[function_component(Workspace)]
pub fn workspace(props: &WorkspaceProps) -> Html {
    let open = props.case.clone();
    let state = use_reducer_eq(move || WorkspaceState::new(&open));

    // The case clock: one simulated minute per real second while answers are due.
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let timer = Interval::new(1_000, move || state.dispatch(Action::Tick(1)));
            move || drop(timer)
        });
    }

    // Autosave after every change to the work (and at once when the work shown
    // is not in storage yet, like a case file's).
    {
        let state = state.clone();
        use_effect_with(state.revision, move |_| {
            if state.unsaved() {
                save_now(&state);
            }
        });
    }

    // Another tab with this case open saved (the browser tells every other tab).
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let key = saved::storage_key(&state.ledger);
            let listener = EventListener::new(&gloo::utils::window(), "storage", move |event| {
                let Some(e) = event.dyn_ref::<web_sys::StorageEvent>() else {
                    return;
                };
                // No key: the whole storage was cleared.
                if state.autosave && e.key().is_none_or(|k| k == key) {
                    other_tab_wrote(&state, e.new_value());
                }
            });
            move || drop(listener)
        });
    }

    {
        let state = state.clone();
        use_effect_with((), move |_| {
            // Not passive: the shortcut must stop the browser's own undo.
            let listener = EventListener::new_with_options(
                &gloo::utils::document(),
                "keydown",
                EventListenerOptions::enable_prevent_default(),
                move |event| {
                    let Some(e) = event.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    if let Some(action) = undo_shortcut(e) {
                        e.prevent_default();
                        state.dispatch(action);
                    }
                },
            );
            move || drop(listener)
        });
    }

    let case = &state.ledger.case;
    let tab_button = |tab: Tab, label: String, testid: &'static str| {
        let selected = state.tab == tab;
        let onclick = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| state.dispatch(Action::ShowTab(tab)))
        };
        html! {
            <button role="tab" class={classes!("tab", selected.then_some("selected"))} aria-selected={selected.to_string()}
                data-testid={testid} onclick={onclick}>{ label }</button>
        }
    };
    let answered = state.session.responses.len();
    let pending = state.session.pending();
    let requests_label = if pending > 0 {
        format!("Requests ({pending} pending)")
    } else {
        format!("Requests ({})", state.session.requests.len())
    };
    let answers_label = if state.session.is_submitted() {
        "Debrief".to_string()
    } else {
        format!("Answers ({answered}/{})", case.objectives.len())
    };
    let panel = match state.tab {
        Tab::Briefing => {
            let briefing =
                Html::from_html_unchecked(AttrValue::from(markdown::render(&case.briefing)));
            let note =
                Html::from_html_unchecked(AttrValue::from(markdown::render(&case.start.note)));
            html! {
                <div class="briefing markdown" data-testid="briefing">
                    { briefing }
                    if !case.start.note.is_empty() {
                        <div class="start-note">{ note }</div>
                    }
                </div>
            }
        }
        Tab::Answers => html! { <AnswersPanel state={state.clone()} /> },
        Tab::Requests => html! { <RequestLog state={state.clone()} /> },
        Tab::Tools => super::tools_panel::tools_panel(&state),
    };
    html! {
        <main class="workspace">
            <aside class="sidebar" aria-label="Case">
                <h1 class="case-title" data-testid="case-title">{ &case.title }</h1>
                <p class="case-meta muted">
                    { format!("{} · about {} min · {}", case.difficulty.as_str(), case.estimated_minutes, props.case.source) }
                </p>
                if let Some(params) = &props.case.generated {
                    <button class="button small" data-testid="download-generated" onclick={download_generated(&case.id, params)}
                        title="The case exactly as the generator made it, without your work: hand it out, or open it later with “Open case file…”">
                        { "⤓ Download this case file" }
                    </button>
                }
                <div class="tabs" role="tablist" aria-label="Case panels">
                    { tab_button(Tab::Briefing, "Briefing".into(), "tab-briefing") }
                    { tab_button(Tab::Answers, answers_label, "tab-answers") }
                    if state.requests_allowed() {
                        { tab_button(Tab::Requests, requests_label, "tab-requests") }
                    }
                    { tab_button(Tab::Tools, "Tools".into(), "tab-tools") }
                </div>
                <div class="tab-panel" role="tabpanel">{ panel }</div>
                <NodeList state={state.clone()} />
            </aside>
            <section class={classes!("canvas-pane", state.show_table.then_some("with-table"))} aria-label="Transaction graph">
                <Toolbar state={state.clone()} />
                <div class="canvas-box">
                    <GraphCanvas state={state.clone()} />
                    { taint_legend(&state) }
                </div>
                <TxTable state={state.clone()} />
            </section>
            <Inspector state={state.clone()} />
        </main>
    }
}

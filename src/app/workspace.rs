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
//! session, the workspace autosaves to browser storage (see `autosave`).
//!
//! The graph is an `Rc<Investigation>` shared with the history's checkpoints:
//! actions that do not change it (selection, tabs, the case clock) never copy it.
//! The camera is not here: panning and zooming are view state that the canvas
//! keeps to itself (they would re-render every panel on every frame); the reducer
//! only asks it to bring nodes into view through `view_request`.

use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use gloo::storage::{LocalStorage, Storage};
use gloo::timers::callback::Interval;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::answers::AnswersPanel;
use super::canvas::GraphCanvas;
use super::inspector::Inspector;
use super::node_list::NodeList;
use super::requests::RequestLog;
use super::toolbar::Toolbar;
use super::tools::{taint_legend, ToolAction, ToolResults};
use super::tx_table::TxTable;
use super::OpenCase;
use crate::address::address_key;
use crate::investigation::history::{Command, History};
use crate::investigation::{Direction, Investigation};
use crate::ledger::Ledger;
use crate::markdown;
use crate::saved;
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
    /// Why the work could not be saved or restored, shown until the next success.
    pub storage_problem: Option<String>,
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
            && self.storage_problem == other.storage_problem
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
    Submit(String),
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
    /// Saving failed (Some) or works again (None).
    StorageProblem(Option<String>),
    /// Forget the saved work and start the case afresh.
    Reset,
    ToggleTable,
    /// A tool started, finished or failed.
    Tool(ToolAction),
}

impl WorkspaceState {
    pub fn new(open: &OpenCase) -> Self {
        let ledger = open.ledger.clone();
        let mut storage_problem = None;
        let (graph, history, session) = match &open.review {
            Some(review) => (
                Rc::new(Investigation::restore(
                    &ledger,
                    &review.graph.addresses,
                    &review.graph.transactions,
                )),
                History::default(),
                review.session.clone(),
            ),
            None => match saved_work(&ledger) {
                Ok(Some(work)) => saved::resume(&ledger, &work),
                Ok(None) => fresh(&ledger),
                Err(e) => {
                    storage_problem = Some(format!("{e}; the case starts afresh."));
                    fresh(&ledger)
                }
            },
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
            storage_problem,
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
            self.session.actions += 1;
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
            Action::Submit(trainee) => {
                let seconds = ((js_sys::Date::now() - self.opened_ms) / 1000.0).max(0.0) as u64;
                next.session.submit(case, &trainee, seconds);
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
            Action::StorageProblem(problem) => next.storage_problem = problem,
            Action::Reset => {
                if next.autosave {
                    LocalStorage::delete(saved::storage_key(&self.ledger));
                }
                let (graph, history, session) = fresh(&self.ledger);
                next.graph = graph;
                next.history = Rc::new(history);
                next.session = session;
                next.debrief = None;
                next.show_overlay = false;
                next.path.clear();
                next.tools = ToolResults::default();
                next.request_view(ViewRequest::Fit);
                next.revision += 1;
                next.select_start();
            }
            Action::ToggleTable => next.show_table = !self.show_table,
            Action::Tool(action) => super::tools::reduce(&mut next, action),
        }
        if next.session != self.session {
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

/// The work to resume: saved inside the opened case file, else autosaved in this
/// browser for this case revision, else none.
fn saved_work(ledger: &Ledger) -> Result<Option<saved::Saved>, saved::SaveError> {
    let text = match &ledger.case.investigation {
        Some(map) => serde_json::to_string(map).unwrap_or_default(),
        None => match LocalStorage::raw().get_item(&saved::storage_key(ledger)) {
            Ok(Some(text)) => text,
            _ => return Ok(None),
        },
    };
    saved::load(ledger, &text).map(Some)
}

/// Writes the work to browser storage; reports whether that worked, so a full or
/// disabled storage shows a warning instead of losing work silently.
fn autosave(state: &UseReducerHandle<WorkspaceState>) {
    if !state.autosave {
        return;
    }
    let work = saved::save(&state.ledger, &state.history, &state.session);
    let text = serde_json::to_string(&work).unwrap_or_default();
    let result = LocalStorage::raw().set_item(&saved::storage_key(&state.ledger), &text);
    let problem = result.err().map(|_| {
        "Your work could not be saved in this browser (storage is full or turned off). Keep this tab open and use “Save case file” to keep a copy.".to_string()
    });
    if problem != state.storage_problem && (problem.is_some() || state.revision > 0) {
        state.dispatch(Action::StorageProblem(problem));
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
    let state = use_reducer(move || WorkspaceState::new(&open));

    // The case clock: one simulated minute per real second while answers are due.
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let timer = Interval::new(1_000, move || state.dispatch(Action::Tick(1)));
            move || drop(timer)
        });
    }

    // Autosave after every change to the work.
    {
        let state = state.clone();
        use_effect_with(state.revision, move |_| autosave(&state));
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

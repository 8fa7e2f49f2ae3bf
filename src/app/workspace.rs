//! The investigation workspace: one reducer for the state of one open case.
//!
//! As in yew's `function_todomvc`, every change is an [`Action`] and
//! [`WorkspaceState::reduce`] is the only place state changes; the components
//! (canvas, node list, inspector, answers, requests) only render it and dispatch
//! actions. The rules live in the core: the graph is an [`Investigation`], the
//! training attempt a [`Session`], so what expanding reveals or how an answer is
//! graded is tested natively.

use std::collections::BTreeSet;
use std::rc::Rc;

use gloo::timers::callback::Interval;
use yew::prelude::*;

use super::answers::AnswersPanel;
use super::canvas::GraphCanvas;
use super::inspector::Inspector;
use super::node_list::NodeList;
use super::requests::RequestLog;
use super::OpenCase;
use crate::address::address_key;
use crate::investigation::{Direction, Investigation, LayoutKind};
use crate::ledger::Ledger;
use crate::markdown;
use crate::training::debrief::{overlay, Overlay};
use crate::training::{RequestKind, Response, Session};

/// What the inspector shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Selection {
    Address(String),
    Tx(usize),
}

/// The sidebar's tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Briefing,
    Answers,
    Requests,
}

#[derive(Clone)]
pub struct WorkspaceState {
    pub ledger: Rc<Ledger>,
    /// Shared, copied on write: actions that do not change the graph (selection,
    /// tabs, the case clock) never clone it.
    pub graph: Rc<Investigation>,
    pub selection: Option<Selection>,
    pub tab: Tab,
    pub session: Session,
    /// Wall-clock milliseconds when the case was opened (for time spent).
    pub opened_ms: f64,
    /// After submission: the graph completed with the true trail, and the overlay.
    pub debrief: Option<Rc<(Investigation, Overlay)>>,
    /// Whether the canvas shows the debrief overlay or the trainee's own graph.
    pub show_overlay: bool,
    /// Addresses selected together on the canvas (shift-click, box select); the
    /// single `selection` above is what the inspector shows.
    pub selected_many: BTreeSet<String>,
    /// What the canvas should bring into view next, numbered so it acts once.
    /// The camera itself lives in the canvas: panning and zooming must not go
    /// through the reducer (they would re-render every panel on every frame).
    pub view_request: (u64, ViewRequest),
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
            && self.selection == other.selection
            && Rc::ptr_eq(&self.graph, &other.graph)
            && self.selected_many == other.selected_many
            && self.view_request == other.view_request
            && self.tab == other.tab
            && self.session == other.session
            && self.show_overlay == other.show_overlay
            && self.graph.node_count() == other.graph.node_count()
    }
}

pub enum Action {
    SelectAddress(String),
    SelectTx(usize),
    /// Put an address on the graph (next to the selected one) and select it.
    Reveal(String),
    Expand(String, Direction),
    ShowTab(Tab),
    Respond(String, Response),
    TakeHint(String),
    SendRequest(RequestKind, String, Vec<String>),
    /// The case clock moves on by this many minutes.
    Tick(u64),
    SkipToReply,
    Submit(String),
    ToggleOverlay,
    // Canvas actions (drag, multi-selection, layouts).
    /// Drag a node: it moves there and stays pinned.
    MoveNode(String, f64, f64),
    /// Shift-click: add the address to the multi-selection or take it out.
    ToggleSelected(String),
    /// Box select: add these addresses to the multi-selection.
    SelectMany(Vec<String>),
    SetLayout(LayoutKind),
    /// Positions computed by the force layout on the canvas.
    SetPositions(Vec<(String, f64, f64)>),
}

impl WorkspaceState {
    pub fn new(open: &OpenCase) -> Self {
        let ledger = open.ledger.clone();
        let (graph, session) = match &open.review {
            Some(review) => (
                Investigation::restore(
                    &ledger,
                    &review.graph.addresses,
                    &review.graph.transactions,
                ),
                review.session.clone(),
            ),
            None => (Investigation::open(&ledger), Session::default()),
        };
        let selection = ledger
            .case
            .start
            .addresses
            .first()
            .map(|a| Selection::Address(address_key(a)));
        let selected_many = selection
            .iter()
            .filter_map(|s| match s {
                Selection::Address(a) => Some(a.clone()),
                Selection::Tx(_) => None,
            })
            .collect();
        let mut state = WorkspaceState {
            ledger,
            graph: Rc::new(graph),
            selection,
            tab: Tab::Briefing,
            session,
            opened_ms: js_sys::Date::now(),
            debrief: None,
            show_overlay: false,
            selected_many,
            view_request: (0, ViewRequest::Fit),
        };
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

    /// Asks the canvas to bring these nodes into view.
    fn request_view(&mut self, request: ViewRequest) {
        self.view_request = (self.view_request.0 + 1, request);
    }
}

impl Reducible for WorkspaceState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        let case = &self.ledger.case;
        match action {
            Action::SelectAddress(key) => {
                let key = address_key(&key);
                next.selected_many = BTreeSet::from([key.clone()]);
                next.selection = Some(Selection::Address(key));
            }
            Action::SelectTx(tx) => next.selection = Some(Selection::Tx(tx)),
            Action::Reveal(key) => {
                let near = self.selected_address().map(str::to_string);
                if Rc::make_mut(&mut next.graph).reveal_address(&self.ledger, &key, near.as_deref())
                {
                    next.session.actions += 1;
                }
                next.selection = Some(Selection::Address(address_key(&key)));
                next.request_view(ViewRequest::Show(vec![address_key(&key)]));
            }
            Action::Expand(key, direction) => {
                let mut shown = Rc::make_mut(&mut next.graph).expand(&self.ledger, &key, direction);
                next.session.actions += 1;
                shown.push(address_key(&key));
                next.selection = Some(Selection::Address(address_key(&key)));
                next.request_view(ViewRequest::Show(shown));
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
            Action::MoveNode(key, x, y) => {
                Rc::make_mut(&mut next.graph).move_node(&key, x, y);
            }
            Action::ToggleSelected(key) => {
                let key = address_key(&key);
                if !next.selected_many.remove(&key) {
                    next.selected_many.insert(key.clone());
                    next.selection = Some(Selection::Address(key));
                }
            }
            Action::SelectMany(keys) => {
                if let Some(first) = keys.first() {
                    next.selection = Some(Selection::Address(address_key(first)));
                }
                next.selected_many
                    .extend(keys.iter().map(|k| address_key(k)));
            }
            Action::SetLayout(kind) => Rc::make_mut(&mut next.graph).set_layout(kind),
            Action::SetPositions(positions) => {
                Rc::make_mut(&mut next.graph).set_positions(&positions)
            }
        }
        Rc::new(next)
    }
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
    };
    html! {
        <main class="workspace">
            <aside class="sidebar" aria-label="Case">
                <h1 class="case-title" data-testid="case-title">{ &case.title }</h1>
                <p class="case-meta muted">
                    { format!("{} · about {} min · {}", case.difficulty.as_str(), case.estimated_minutes, props.case.source) }
                </p>
                <div class="tabs" role="tablist" aria-label="Case panels">
                    { tab_button(Tab::Briefing, "Briefing".into(), "tab-briefing") }
                    { tab_button(Tab::Answers, answers_label, "tab-answers") }
                    if state.requests_allowed() {
                        { tab_button(Tab::Requests, requests_label, "tab-requests") }
                    }
                </div>
                <div class="tab-panel" role="tabpanel">{ panel }</div>
                <NodeList state={state.clone()} />
            </aside>
            <section class="canvas-pane" aria-label="Transaction graph">
                <GraphCanvas state={state.clone()} />
            </section>
            <Inspector state={state.clone()} />
        </main>
    }
}

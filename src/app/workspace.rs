//! The investigation workspace: one reducer for the state of one open case.
//!
//! As in yew's `function_todomvc`, every change is an [`Action`] and
//! [`WorkspaceState::reduce`] is the only place state changes; the components
//! (canvas, node list, inspector, answers, requests) only render it and dispatch
//! actions. The rules live in the core: the graph is an [`Investigation`], the
//! training attempt a [`Session`], so what expanding reveals or how an answer is
//! graded is tested natively.

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
use crate::investigation::{Direction, Investigation};
use crate::ledger::Ledger;
use crate::markdown;
use crate::training::debrief::{overlay, Overlay};
use crate::training::{RequestKind, Response, Session};
use crate::view::Viewport;

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
    pub graph: Investigation,
    pub selection: Option<Selection>,
    /// `None` until the canvas knows its size and fits the graph into it.
    pub viewport: Option<Viewport>,
    /// The canvas's size in CSS pixels, as last reported by the canvas.
    pub canvas: (f64, f64),
    pub tab: Tab,
    pub session: Session,
    /// Wall-clock milliseconds when the case was opened (for time spent).
    pub opened_ms: f64,
    /// After submission: the graph completed with the true trail, and the overlay.
    pub debrief: Option<(Investigation, Overlay)>,
    /// Whether the canvas shows the debrief overlay or the trainee's own graph.
    pub show_overlay: bool,
}

impl PartialEq for WorkspaceState {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.ledger, &other.ledger)
            && self.selection == other.selection
            && self.viewport == other.viewport
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
    Pan(f64, f64),
    ZoomAt(f64, f64, f64),
    /// Fit the whole graph into a canvas of this size.
    Fit(f64, f64),
    /// The canvas changed size.
    CanvasSize(f64, f64),
    ShowTab(Tab),
    Respond(String, Response),
    TakeHint(String),
    SendRequest(RequestKind, String, Vec<String>),
    /// The case clock moves on by this many minutes.
    Tick(u64),
    SkipToReply,
    Submit(String),
    ToggleOverlay,
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
        let mut state = WorkspaceState {
            ledger,
            graph,
            selection,
            viewport: None,
            canvas: (0.0, 0.0),
            tab: Tab::Briefing,
            session,
            opened_ms: js_sys::Date::now(),
            debrief: None,
            show_overlay: false,
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
            (Some((g, o)), true) => (g, Some(o)),
            _ => (&self.graph, None),
        }
    }

    /// Whether the case allows law-enforcement requests.
    pub fn requests_allowed(&self) -> bool {
        self.ledger.case.tools.as_ref().is_none_or(|t| t.requests)
    }

    fn start_debrief(&mut self) {
        self.debrief = Some(overlay(&self.ledger, &self.graph));
        self.show_overlay = true;
        self.tab = Tab::Answers;
    }

    /// Pans (zooming out only if needed) so the given nodes are on screen.
    fn bring_into_view(&mut self, keys: &[String]) {
        let (Some(view), (w, h)) = (self.viewport.as_mut(), self.canvas) else {
            return;
        };
        let boxes = keys
            .iter()
            .filter_map(|k| self.graph.node(k))
            .map(|n| (n.x, n.y));
        let Some(bounds) = boxes.fold(None, |acc: Option<(f64, f64, f64, f64)>, (x, y)| {
            Some(acc.map_or((x, y, x, y), |(a, b, c, d)| {
                (a.min(x), b.min(y), c.max(x), d.max(y))
            }))
        }) else {
            return;
        };
        if w > 0.0 && h > 0.0 {
            view.ensure_visible(bounds, w, h, 70.0);
        }
    }
}

impl Reducible for WorkspaceState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        let case = &self.ledger.case;
        match action {
            Action::SelectAddress(key) => {
                next.selection = Some(Selection::Address(address_key(&key)))
            }
            Action::SelectTx(tx) => next.selection = Some(Selection::Tx(tx)),
            Action::Reveal(key) => {
                let near = self.selected_address().map(str::to_string);
                if next
                    .graph
                    .reveal_address(&self.ledger, &key, near.as_deref())
                {
                    next.session.actions += 1;
                }
                next.selection = Some(Selection::Address(address_key(&key)));
                next.bring_into_view(&[address_key(&key)]);
            }
            Action::Expand(key, direction) => {
                let mut shown = next.graph.expand(&self.ledger, &key, direction);
                next.session.actions += 1;
                shown.push(address_key(&key));
                next.selection = Some(Selection::Address(address_key(&key)));
                next.bring_into_view(&shown);
            }
            Action::CanvasSize(w, h) => next.canvas = (w, h),
            Action::Pan(dx, dy) => {
                let mut v = self.viewport.unwrap_or_default();
                v.pan(dx, dy);
                next.viewport = Some(v);
            }
            Action::ZoomAt(factor, x, y) => {
                let mut v = self.viewport.unwrap_or_default();
                v.zoom_at(factor, x, y);
                next.viewport = Some(v);
            }
            Action::Fit(w, h) => {
                next.canvas = (w, h);
                if let Some(bounds) = self.shown_graph().0.bounds() {
                    next.viewport = Some(Viewport::fit(bounds, w, h, 90.0));
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
                let (w, h) = next.canvas;
                if let (Some(bounds), true) = (next.shown_graph().0.bounds(), w > 0.0) {
                    next.viewport = Some(Viewport::fit(bounds, w, h, 90.0));
                }
            }
            Action::ToggleOverlay => next.show_overlay = !self.show_overlay,
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

//! The investigation workspace: one reducer for the state of one open case.
//!
//! As in yew's `function_todomvc`, every change is an [`Action`] and
//! [`WorkspaceState::reduce`] is the only place state changes; the components
//! (canvas, node list, inspector) only render it and dispatch actions. The graph
//! itself is the core's [`Investigation`], so the rules (what expanding reveals,
//! where new nodes go) are tested natively.

use std::rc::Rc;

use yew::prelude::*;

use super::canvas::GraphCanvas;
use super::inspector::Inspector;
use super::node_list::NodeList;
use super::objectives::Objectives;
use super::OpenCase;
use crate::address::address_key;
use crate::investigation::{Direction, Investigation};
use crate::ledger::Ledger;
use crate::markdown;
use crate::view::Viewport;

/// What the inspector shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Selection {
    Address(String),
    Tx(usize),
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
}

impl PartialEq for WorkspaceState {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.ledger, &other.ledger)
            && self.selection == other.selection
            && self.viewport == other.viewport
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
}

impl WorkspaceState {
    pub fn new(ledger: Rc<Ledger>) -> Self {
        let graph = Investigation::open(&ledger);
        let selection = ledger
            .case
            .start
            .addresses
            .first()
            .map(|a| Selection::Address(address_key(a)));
        WorkspaceState {
            ledger,
            graph,
            selection,
            viewport: None,
            canvas: (0.0, 0.0),
        }
    }

    pub fn selected_address(&self) -> Option<&str> {
        match &self.selection {
            Some(Selection::Address(a)) => Some(a),
            _ => None,
        }
    }
}

impl WorkspaceState {
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
        match action {
            Action::SelectAddress(key) => {
                next.selection = Some(Selection::Address(address_key(&key)))
            }
            Action::SelectTx(tx) => next.selection = Some(Selection::Tx(tx)),
            Action::Reveal(key) => {
                let near = self.selected_address().map(str::to_string);
                next.graph
                    .reveal_address(&self.ledger, &key, near.as_deref());
                next.selection = Some(Selection::Address(address_key(&key)));
                next.bring_into_view(&[address_key(&key)]);
            }
            Action::Expand(key, direction) => {
                let mut shown = next.graph.expand(&self.ledger, &key, direction);
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
                if let Some(bounds) = self.graph.bounds() {
                    next.viewport = Some(Viewport::fit(bounds, w, h, 90.0));
                }
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
    let ledger = props.case.ledger.clone();
    let state = use_reducer(move || WorkspaceState::new(ledger));
    let case = &state.ledger.case;
    let briefing = Html::from_html_unchecked(AttrValue::from(markdown::render(&case.briefing)));
    let start_note = Html::from_html_unchecked(AttrValue::from(markdown::render(&case.start.note)));
    html! {
        <main class="workspace">
            <aside class="sidebar" aria-label="Case">
                <h1 class="case-title" data-testid="case-title">{ &case.title }</h1>
                <p class="case-meta muted">
                    { format!("{} · about {} min · {}", case.difficulty.as_str(), case.estimated_minutes, props.case.source) }
                </p>
                <details class="briefing" data-testid="briefing" open=true>
                    <summary>{ "Briefing" }</summary>
                    <div class="markdown">{ briefing }</div>
                    if !case.start.note.is_empty() {
                        <div class="start-note markdown">{ start_note }</div>
                    }
                </details>
                <Objectives ledger={state.ledger.clone()} />
                <NodeList state={state.clone()} />
            </aside>
            <section class="canvas-pane" aria-label="Transaction graph">
                <GraphCanvas state={state.clone()} />
            </section>
            <Inspector state={state.clone()} />
        </main>
    }
}

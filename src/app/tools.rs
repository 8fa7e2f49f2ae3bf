//! The Tools tab's state: taint, find path and auto-trace, computed in the lab
//! worker.
//!
//! A tool's button sends one request to the worker (`lab_client::analyse`) and,
//! when the report comes back, dispatches a [`ToolAction`]; `tools_view` turns the
//! report into what is shown. A tool that changes the graph (revealing a trail)
//! does it through the command log, so undo, redo and autosave cover it; a taint
//! colouring is a view, cleared with a click, and not saved. The panel's sections
//! are in `tools_panel.rs`.

use std::rc::Rc;

use yew::prelude::*;

use super::lab_client::{self, CallError};
use super::workspace::{Action, Selection, ViewRequest, WorkspaceState};
use crate::address::shorten;
use crate::analytics::taint::Method;
use crate::investigation::history::Command;
use crate::lab::Tool;
use crate::ledger::Ledger;
use crate::scenario::ChainModel;
use crate::tools_view::{self, Finding, TaintView, Trail};

/// A taint colouring and the words for its source.
#[derive(Debug)]
pub struct TaintRun {
    pub from: String,
    pub view: TaintView,
}

/// What the tools found last; part of the workspace state.
#[derive(Clone, Debug, Default)]
pub struct ToolResults {
    pub taint: Option<Rc<TaintRun>>,
    /// A found path or an auto-trace, with its heading.
    pub trail: Option<Rc<(String, Trail)>>,
    /// The cluster of an address: its key and the member addresses.
    pub cluster: Option<Rc<(String, Vec<String>)>>,
    /// Findings about one transaction (heuristics or other legs): its id, a
    /// heading and the findings.
    pub findings: Option<Rc<(String, String, Vec<Finding>)>>,
    /// The tool at work, in words, while the worker computes.
    pub busy: Option<String>,
    /// Why the last tool gave no result.
    pub error: Option<String>,
}

/// Results are replaced, never edited, so the same `Rc` means the same result.
impl PartialEq for ToolResults {
    fn eq(&self, other: &Self) -> bool {
        fn same<T>(a: &Option<Rc<T>>, b: &Option<Rc<T>>) -> bool {
            match (a, b) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (a, b) => a.is_none() && b.is_none(),
            }
        }
        same(&self.taint, &other.taint)
            && same(&self.trail, &other.trail)
            && same(&self.findings, &other.findings)
            && same(&self.cluster, &other.cluster)
            && self.busy == other.busy
            && self.error == other.error
    }
}

pub enum ToolAction {
    Busy(String),
    Failed(String),
    Taint(Rc<TaintRun>),
    ClearTaint,
    Findings(Rc<(String, String, Vec<Finding>)>),
    Cluster(Rc<(String, Vec<String>)>),
    /// A trail to reveal from this address, or none found (with the reason).
    Trail {
        title: String,
        from: String,
        found: Result<Trail, String>,
    },
}

/// The taint source the selection names: (worker id, words for it, chain model).
pub fn source(state: &WorkspaceState) -> Option<(String, String, Option<ChainModel>)> {
    let ledger = &state.ledger;
    match &state.selection {
        Some(Selection::Address(a)) => {
            let entry = ledger.address(a)?;
            Some((
                entry.address.clone(),
                format!("address {}", shorten(&entry.address)),
                ledger.chain_model(&entry.chain),
            ))
        }
        Some(Selection::Tx(t)) => {
            let tx = ledger.tx(*t);
            // By characters: a case on another chain may use ids that are not hex.
            let words = format!(
                "transaction {}…",
                tx.id.chars().take(12).collect::<String>()
            );
            Some((tx.id.clone(), words, ledger.chain_model(&tx.chain)))
        }
        _ => None,
    }
}

/// The taint methods for a chain: LIBR only where balances are kept per account.
pub fn methods(model: Option<ChainModel>) -> Vec<Method> {
    Method::ALL
        .into_iter()
        .filter(|m| *m != Method::Libr || model == Some(ChainModel::Account))
        .collect()
}

/// Runs `tool` in the lab worker on the open case, says so meanwhile, and
/// dispatches what `finish` makes of the report (or why there is none).
pub fn run(
    state: &UseReducerHandle<WorkspaceState>,
    busy: String,
    tool: Tool,
    finish: impl FnOnce(&serde_json::Value, &Ledger) -> Result<ToolAction, String> + 'static,
) {
    let dispatch = state.dispatcher();
    let (generation, reopen) = (state.generation, state.reopen.clone());
    let ledger = state.ledger.clone();
    dispatch.dispatch(Action::Tool(ToolAction::Busy(busy)));
    wasm_bindgen_futures::spawn_local(async move {
        let result = lab_client::analyse(generation, reopen, tool)
            .await
            .map_err(|e| match e {
                CallError::Cancelled => "stopped".to_string(),
                CallError::Failed(failure) => failure.to_string(),
            })
            .and_then(|reply| {
                serde_json::from_str(&reply).map_err(|e| format!("the report is damaged: {e}"))
            })
            .and_then(|doc| finish(&doc, &ledger));
        dispatch.dispatch(Action::Tool(result.unwrap_or_else(ToolAction::Failed)));
    });
}

/// Applies a tool's outcome to the next state (called by the workspace reducer).
pub fn reduce(next: &mut WorkspaceState, action: ToolAction) {
    next.tools.busy = None;
    next.tools.error = None;
    match action {
        ToolAction::Busy(what) => next.tools.busy = Some(what),
        ToolAction::Failed(why) => next.tools.error = Some(why),
        ToolAction::Taint(run) => next.tools.taint = Some(run),
        ToolAction::ClearTaint => next.tools.taint = None,
        ToolAction::Findings(f) => next.tools.findings = Some(f),
        ToolAction::Cluster(c) => next.tools.cluster = Some(c),
        ToolAction::Trail { title, from, found } => match found {
            Ok(trail) => {
                next.run(Command::RevealTrail {
                    txs: trail.txs.clone(),
                    near: Some(from),
                });
                next.path = trail.keys.clone();
                next.request_view(ViewRequest::Show(trail.keys.clone()));
                next.tools.trail = Some(Rc::new((title, trail)));
            }
            Err(e) => {
                next.tools.trail = None;
                next.tools.error = Some(e);
            }
        },
    }
}

/// Reads a path or trace report into a [`ToolAction::Trail`].
pub fn trail_action(
    title: String,
    from: String,
    doc: &serde_json::Value,
    ledger: &Ledger,
) -> Result<ToolAction, String> {
    let found = tools_view::trail(doc, ledger)?
        .filter(|t| !t.txs.is_empty())
        .ok_or_else(|| match doc.get("reason").and_then(|r| r.as_str()) {
            Some(reason) => format!("Nothing to follow: {reason}"),
            None => "No path that moves forward in time within the hop limit.".to_string(),
        });
    Ok(ToolAction::Trail { title, from, found })
}

/// The taint legend over the canvas: the exact amount and share of every
/// tainted address on the graph, largest first, in the colour the canvas uses.
pub fn taint_legend(state: &WorkspaceState) -> Html {
    let Some(run) = state
        .tools
        .taint
        .as_ref()
        .filter(|_| state.shown_graph().1.is_none())
    else {
        return Html::default();
    };
    let mut on_graph: Vec<_> = run
        .view
        .rows
        .iter()
        .filter(|(key, _)| state.graph.contains(key))
        .collect();
    crate::sort::sort_by(&mut on_graph, |a, b| {
        b.1.amount.cmp(&a.1.amount).then(a.0.cmp(b.0))
    });
    let off = run.view.rows.len() - on_graph.len();
    let ledger = &state.ledger;
    html! {
        <details open={true} class="legend taint-legend" aria-label="Taint colours" data-testid="taint-legend">
            <summary>{ format!("Taint ({}) from {}", run.view.method.to_ascii_uppercase(), run.from) }</summary>
            <p class="muted">{ format!("Injected {}. Stronger colour = larger share of it.", run.view.seeded) }</p>
            <ul>
                { for on_graph.iter().map(|(key, r)| {
                    let display = ledger.display_address(key);
                    html! {
                        <li data-testid={format!("taint-row-{display}")} data-taint={r.amount.to_string()}>
                            <span class="swatch taint-swatch" style={format!("opacity: {}%", (shade_alpha(r.shade) * 100.0).round() as u32)} aria-hidden="true"></span>
                            <span class="mono">{ shorten(display) }</span>
                            <span class="taint-amount">{ &r.text }</span>
                            <span class="muted">{ &r.percent }</span>
                        </li>
                    }
                }) }
                <li><span class="swatch taint-none" aria-hidden="true"></span>{ "No tainted value" }</li>
            </ul>
            if off > 0 {
                <p class="muted">{ format!("{off} more tainted address(es) not on the graph.") }</p>
            }
        </details>
    }
}

/// The colour's opacity for a taint share: never fully faint, so a small share
/// still reads as tainted next to the grey of untainted nodes.
pub fn shade_alpha(shade: f64) -> f64 {
    0.3 + 0.7 * shade.clamp(0.0, 1.0)
}

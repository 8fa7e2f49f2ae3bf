//! The sections of the Tools tab. Each tool the case disables is absent, with one
//! line saying so (beginners trace by hand); each section works on the current
//! selection and starts its tool in the lab worker (`tools::run`).
//!
//! These are plain functions, not components, and the form fields keep their own
//! values (read when a button is pressed): every component and hook adds code to
//! a bundle that has little room left.

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::tools::{self, methods, source, ToolAction};
use super::workspace::{Action, WorkspaceState};
use crate::address::shorten;
use crate::analytics::taint::Method;
use crate::investigation::history::Command;
use crate::lab::Tool;
use crate::tools_view;

type State = UseReducerHandle<WorkspaceState>;

/// The current value of the form field with this id (empty if there is none).
fn field(id: &str) -> String {
    let Some(el) = gloo::utils::document().get_element_by_id(id) else {
        return String::new();
    };
    match el.dyn_into::<HtmlInputElement>() {
        Ok(input) => input.value(),
        Err(el) => el
            .dyn_into::<HtmlSelectElement>()
            .map(|s| s.value())
            .unwrap_or_default(),
    }
}

/// The hop limit typed for path and auto-trace, kept between 1 and 50.
fn hops() -> String {
    field("hop-limit")
        .parse::<usize>()
        .unwrap_or(10)
        .clamp(1, 50)
        .to_string()
}

fn disabled_note(name: &str, id: &str) -> Html {
    html! { <p class="muted tool-off" data-testid={format!("tool-off-{id}")}>{ format!("{name}: this case disables it, so trace by hand.") }</p> }
}

pub fn tools_panel(state: &State) -> Html {
    let allowed = state.ledger.case.tools.clone().unwrap_or_default();
    html! {
        <div class="tools" data-testid="tools-panel">
            <p class="muted">{ "The tools run in this browser; the first use loads them, which takes a moment." }</p>
            if let Some(what) = &state.tools.busy {
                <p class="loading" role="status" data-testid="tool-busy">{ what }</p>
            }
            if let Some(e) = &state.tools.error {
                <p class="tool-error" role="alert" data-testid="tool-error">{ e }</p>
            }
            if allowed.taint { { taint_section(state) } } else { { disabled_note("Taint analysis", "taint") } }
            if allowed.clustering { { cluster_section(state) } } else { { disabled_note("Clustering", "clustering") } }
            if allowed.path_finder || allowed.auto_trace {
                <label class="field">{ "Hop limit (path and auto-trace)" }
                    <input id="hop-limit" type="number" min="1" max="50" value="10" data-testid="hop-limit" />
                </label>
            }
            if allowed.path_finder { { path_section(state) } } else { { disabled_note("Path finder", "path") } }
            if allowed.auto_trace { { trace_section(state) } } else { { disabled_note("Auto-trace", "trace") } }
            { trail_result(state) }
        </div>
    }
}

fn taint_section(state: &State) -> Html {
    let selected = source(state);
    let offered = selected.as_ref().map(|s| methods(s.2)).unwrap_or_default();
    let run = {
        let state = state.clone();
        let selected = selected.clone();
        Callback::from(move |_: MouseEvent| {
            let Some((id, words, _)) = selected.clone() else {
                return;
            };
            let method = Method::parse(&field("taint-method")).unwrap_or(Method::Fifo);
            tools::run(
                &state,
                format!(
                    "Running {} taint from {words}…",
                    method.as_str().to_ascii_uppercase()
                ),
                Tool::Taint {
                    method: method.as_str().into(),
                    source: id,
                    asset: String::new(),
                },
                move |doc, ledger| {
                    let view = tools_view::taint(doc, ledger)?;
                    Ok(ToolAction::Taint(std::rc::Rc::new(tools::TaintRun {
                        from: words,
                        view,
                    })))
                },
            );
        })
    };
    let clear = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Tool(ToolAction::ClearTaint)))
    };
    html! {
        <section class="tool" aria-labelledby="tool-taint">
            <h3 id="tool-taint">{ "Taint" }</h3>
            <p class="muted">{ "How much of the money from the selected address or transaction reaches each address, by the method you choose." }</p>
            <label class="field">{ "Method" }
                <select id="taint-method" data-testid="taint-method" disabled={offered.is_empty()}>
                    { for offered.iter().map(|m| html! {
                        <option value={m.as_str()} selected={*m == Method::Fifo} title={m.describe()}>{ m.as_str().to_ascii_uppercase() }</option>
                    }) }
                </select>
            </label>
            <div class="actions">
                <button class="button primary" data-testid="run-taint" disabled={selected.is_none()} onclick={run}>
                    { match &selected { Some((_, words, _)) => format!("Taint from {words}"), None => "Select a source first".into() } }
                </button>
                if state.tools.taint.is_some() {
                    <button class="button" data-testid="clear-taint" onclick={clear}>{ "Clear colours" }</button>
                }
            </div>
            if let Some(run) = &state.tools.taint {
                <p data-testid="taint-summary">{ format!(
                    "{} addresses received tainted value from {}; the graph shades them and the legend gives exact amounts.",
                    run.view.rows.len(), run.from) }</p>
            }
        </section>
    }
}

fn cluster_section(state: &State) -> Html {
    let Some(key) = state.selected_address().map(str::to_string) else {
        return html! { <section class="tool"><h3>{ "Cluster" }</h3><p class="muted">{ "Select an address to see its cluster." }</p></section> };
    };
    let ledger = &state.ledger;
    let display = ledger.display_address(&key).to_string();
    let show = {
        let (state, key, display) = (state.clone(), key.clone(), display.clone());
        Callback::from(move |_: MouseEvent| {
            let key = key.clone();
            tools::run(
                &state,
                "Finding the cluster…".into(),
                Tool::ClusterOf(display.clone()),
                move |doc, _| {
                    Ok(ToolAction::Cluster(std::rc::Rc::new((
                        key,
                        tools_view::cluster(doc),
                    ))))
                },
            );
        })
    };
    let command = |c: Command| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Do(c.clone())))
    };
    let members = state
        .tools
        .cluster
        .as_ref()
        .filter(|c| c.0 == key)
        .map(|c| &c.1);
    let merged = state.graph.merged_into(&key);
    // Only nodes on the graph merge; members revealed later get nodes of their own.
    let to_merge: Vec<String> = members
        .into_iter()
        .flatten()
        .map(|m| crate::address::address_key(m))
        .filter(|m| *m != key && !merged.contains(m) && state.graph.contains(m))
        .collect();
    html! {
        <section class="tool" aria-labelledby="tool-cluster" data-testid="cluster-section">
            <h3 id="tool-cluster">{ "Cluster" }</h3>
            <p class="muted">{ "Addresses spent together as inputs of one transaction (CoinJoins skipped) are taken to have one owner." }</p>
            <button class="button" data-testid="show-cluster" onclick={show}>{ format!("Cluster of {}", shorten(&display)) }</button>
            if let Some(members) = members {
                <p data-testid="cluster-summary">{ format!("{} address(es) in this cluster.", members.len()) }</p>
                <ul class="cluster-members">
                    { for members.iter().take(20).map(|m| {
                        let k = crate::address::address_key(m);
                        let note = if merged.contains(&k) { " · merged" } else if state.graph.contains(&k) { " · on the graph" } else { "" };
                        html! { <li class="mono">{ shorten(m) }<span class="muted">{ note }</span></li> }
                    }) }
                    if members.len() > 20 { <li class="muted">{ format!("and {} more", members.len() - 20) }</li> }
                </ul>
                if !to_merge.is_empty() {
                    <button class="button" data-testid="merge-cluster" onclick={command(Command::Merge { into: key.clone(), members: to_merge.clone() })}>
                        { format!("Merge the {} on the graph into this node", to_merge.len()) }
                    </button>
                }
            }
            if !merged.is_empty() {
                <button class="button" data-testid="unmerge-cluster" onclick={command(Command::Unmerge { key: key.clone() })}>{ format!("Unmerge ({} merged)", merged.len()) }</button>
            }
        </section>
    }
}

/// Starts a path search or an auto-trace from the selected address.
fn trail_tool(
    state: &State,
    title: &'static str,
    message: impl Fn(String) -> Option<Tool> + 'static,
) -> Callback<MouseEvent> {
    let state = state.clone();
    Callback::from(move |_: MouseEvent| {
        let Some(from) = state
            .selected_address()
            .map(|k| state.ledger.display_address(k).to_string())
        else {
            return;
        };
        let Some(message) = message(from.clone()) else {
            return;
        };
        let key = state.selected_address().unwrap_or_default().to_string();
        let heading = format!("{title} from {}", shorten(&from));
        tools::run(
            &state,
            format!("{heading}…"),
            message,
            move |doc, ledger| tools::trail_action(heading, key, doc, ledger),
        );
    })
}

fn path_section(state: &State) -> Html {
    // Suggestions: labelled addresses (services are where money is cashed out).
    let labelled = state
        .ledger
        .case
        .addresses
        .iter()
        .filter(|a| a.label.is_some())
        .take(200);
    let find = trail_tool(state, "Path", |from| {
        let to = field("path-target").trim().to_string();
        (!to.is_empty()).then(|| Tool::Path {
            from,
            to,
            max_hops: hops(),
            through_services: false,
        })
    });
    html! {
        <section class="tool" aria-labelledby="tool-path">
            <h3 id="tool-path">{ "Find path" }</h3>
            <p class="muted">{ "From the selected address to another, each payment later than the one before." }</p>
            <label class="field">{ "To address" }
                <input id="path-target" type="text" list="path-targets" class="mono" data-testid="path-target" />
            </label>
            <datalist id="path-targets">
                { for labelled.map(|a| html! { <option value={a.address.clone()}>{ a.label.as_ref().map(|l| l.text.clone()) }</option> }) }
            </datalist>
            <button class="button primary" data-testid="find-path" disabled={state.selected_address().is_none()} onclick={find}>{ "Find path" }</button>
        </section>
    }
}

fn trace_section(state: &State) -> Html {
    let none = state.selected_address().is_none();
    let largest = trail_tool(state, "Auto-trace", |from| {
        Some(Tool::Trace {
            from,
            hops: hops(),
            method: String::new(),
            min: field("trace-min"),
        })
    });
    let tainted = state.tools.taint.as_ref().map(|t| {
        let method = t.view.method.clone();
        trail_tool(state, "Auto-trace of the tainted money", move |from| {
            Some(Tool::Trace {
                from,
                hops: hops(),
                method: method.clone(),
                min: field("trace-min"),
            })
        })
    });
    html! {
        <section class="tool" aria-labelledby="tool-trace">
            <h3 id="tool-trace">{ "Auto-trace" }</h3>
            <p class="muted">{ "Follows the largest payment out of the selected address, hop by hop. Stops at an exchange, mixer, bridge, OTC desk, swap service or DEX (the next step is a request), when the money stops moving, or below the minimum you set." }</p>
            <label class="field">{ "Stop below this amount (optional, in the payment's units, e.g. 0.01)" }
                <input id="trace-min" inputmode="decimal" data-testid="trace-min" />
            </label>
            <div class="actions">
                <button class="button primary" data-testid="auto-trace" disabled={none} onclick={largest}>{ "Trace largest payments" }</button>
                if let Some(tainted) = tainted {
                    <button class="button" data-testid="auto-trace-taint" disabled={none} onclick={tainted}>{ "Trace the tainted money" }</button>
                }
            </div>
        </section>
    }
}

fn trail_result(state: &State) -> Html {
    let Some(found) = &state.tools.trail else {
        return Html::default();
    };
    let (title, trail) = (&found.0, &found.1);
    html! {
        <section class="tool trail-result" aria-label={title.clone()} data-testid="trail-result">
            <h3>{ title }</h3>
            <ol>{ for trail.hops.iter().map(|h| html! { <li class="mono">{ h }</li> }) }</ol>
            <p data-testid="trail-summary">{ &trail.summary }</p>
            <p class="muted">{ "The addresses are now on the graph and highlighted; Undo removes them." }</p>
        </section>
    }
}

/// The inspector's analysis of one transaction: heuristic badges with their
/// reasons ("why is this the change?") and the other leg of a bridge or swap,
/// each computed in the lab worker when asked for. Absent when the case allows
/// neither.
pub fn tx_analysis(state: &State, tx: usize) -> Html {
    let allowed = state.ledger.case.tools.clone().unwrap_or_default();
    if !allowed.change_heuristics && !allowed.swap_matching {
        return Html::default();
    }
    let id = state.ledger.tx(tx).id.clone();
    let ask = |legs: bool, heading: &'static str| {
        let (state, id) = (state.clone(), id.clone());
        Callback::from(move |_: MouseEvent| {
            let of = id.clone();
            tools::run(
                &state,
                format!("{heading}…"),
                if legs {
                    Tool::Legs(id.clone())
                } else {
                    Tool::Heuristics(id.clone())
                },
                move |doc, ledger| {
                    let found = if legs {
                        tools_view::legs(doc, ledger)?
                    } else {
                        tools_view::heuristics(doc)
                    };
                    Ok(ToolAction::Findings(std::rc::Rc::new((
                        of,
                        heading.to_string(),
                        found,
                    ))))
                },
            );
        })
    };
    let reveal = |tx: &str| {
        let (state, tx) = (state.clone(), tx.to_string());
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Do(Command::RevealTrail {
                txs: vec![tx.clone()],
                near: None,
            }))
        })
    };
    let shown = state.tools.findings.as_ref().filter(|f| f.0 == id);
    html! {
        <section class="analysis" aria-labelledby="tx-analysis" data-testid="tx-analysis">
            <h3 id="tx-analysis">{ "Analysis" }</h3>
            <div class="actions">
                if allowed.change_heuristics {
                    <button class="button small" data-testid="run-heuristics" onclick={ask(false, "Heuristics")}>{ "Heuristics: which output is the change?" }</button>
                }
                if allowed.swap_matching {
                    <button class="button small" data-testid="match-legs" onclick={ask(true, "Other leg of a bridge or swap")}>{ "Find the other leg" }</button>
                }
            </div>
            if let Some(what) = &state.tools.busy { <p class="loading" role="status">{ what }</p> }
            if let Some(e) = &state.tools.error { <p class="tool-error" role="alert">{ e }</p> }
            if let Some(f) = shown {
                <h4>{ &f.1 }</h4>
                if f.2.is_empty() { <p class="muted" data-testid="findings-none">{ "Nothing found." }</p> }
                <ul class="findings" data-testid="findings">
                    { for f.2.iter().map(|x| html! {
                        <li>
                            <details>
                                <summary class={classes!("badge", x.decided.then_some("decided"))}><strong>{ &x.title }</strong>{ ": " }{ &x.verdict }</summary>
                                <p>{ &x.reason }</p>
                            </details>
                            if let Some(t) = &x.reveal {
                                <button class="button small" data-testid={format!("reveal-leg-{t}")} onclick={reveal(t)}>{ "Add to the graph" }</button>
                            }
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}

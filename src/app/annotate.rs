//! Inspector sections for the trainee's own work on an address or an edge: tag,
//! note, path highlighting, counterparties, balance over time, and the view of one
//! aggregated edge.
//!
//! Every change is a core `Command` dispatched through the reducer, so it is
//! undoable and autosaved like any graph action. Notes commit when the field loses
//! focus or with the Save button, not on each keystroke, so one edit is one undo.

use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::workspace::{Action, WorkspaceState};
use crate::address::{address_key, shorten};
use crate::amount::Amount;
use crate::investigation::history::Command;
use crate::investigation::Tag;
use crate::px::Tenths;

type State = UseReducerHandle<WorkspaceState>;

pub fn copy_button(text: &str, what: &str) -> Html {
    let text = text.to_string();
    let onclick = Callback::from(move |_: MouseEvent| {
        let clipboard = gloo::utils::window().navigator().clipboard();
        let _ = clipboard.write_text(&text);
    });
    html! { <button class="button small" onclick={onclick} title="Copy to the clipboard" aria-label={format!("Copy {what}")}>{ "Copy" }</button> }
}

/// Tag, note and path for an address on the graph.
pub fn marks(state: &State, key: &str) -> Html {
    if !state.graph.contains(key) {
        return Html::default();
    }
    let tag = state.graph.tag(key);
    let on_tag = {
        let state = state.clone();
        let key = key.to_string();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            state.dispatch(Action::Do(Command::Tag {
                key: key.clone(),
                tag: Tag::parse(&value),
            }));
        })
    };
    html! {
        <section class="marks" aria-label="Your notes on this address">
            <label class="field">{ "Your tag" }
                <select data-testid="tag-select" onchange={on_tag}>
                    <option value="" selected={tag.is_none()}>{ "No tag" }</option>
                    { for Tag::ALL.iter().map(|t| html! {
                        <option value={t.as_str()} selected={tag == Some(*t)}>{ t.label() }</option>
                    }) }
                </select>
            </label>
            <NoteField state={state.clone()} target={NoteTarget::Node(key.to_string())}
                text={state.graph.note(key).unwrap_or_default().to_string()} />
            { path_picker(state, key) }
            { flows(state, key) }
        </section>
    }
}

/// The flows on the graph into and out of this address, as buttons that open the
/// flow's view (its transactions and note): the keyboard's way to what a click on
/// an edge of the canvas does.
fn flows(state: &State, key: &str) -> Html {
    let ledger = &state.ledger;
    let list: Vec<(String, String, String)> = state
        .graph
        .edges()
        .filter(|(a, b, _)| a.key == key || b.key == key)
        .map(|(a, b, e)| {
            (
                a.key.clone(),
                b.key.clone(),
                e.total_labels(ledger).join(", "),
            )
        })
        .collect();
    if list.is_empty() {
        return Html::default();
    }
    html! {
        <div class="field">{ "Flows on the graph" }
            <ul class="flow-list" data-testid="flow-list">
                { for list.into_iter().map(|(from, to, total)| {
                    let incoming = to == key;
                    let other = if incoming { &from } else { &to };
                    let text = format!("{} {} · {}", if incoming { "from" } else { "to" }, shorten(ledger.display_address(other)), total);
                    let has_note = state.graph.edge_note(&from, &to).is_some();
                    let testid = format!("flow-{from}-{to}");
                    let state = state.clone();
                    let onclick = Callback::from(move |_: MouseEvent| state.dispatch(Action::SelectEdge(from.clone(), to.clone())));
                    html! { <li><button class="link-button" data-testid={testid} {onclick}
                        title="Open this flow: its transactions and your note on it">
                        { text }{ if has_note { " ✎" } else { "" } }</button></li> }
                }) }
            </ul>
        </div>
    }
}

fn path_picker(state: &State, key: &str) -> Html {
    let others: Vec<String> = state
        .graph
        .nodes_in_reading_order()
        .into_iter()
        .filter(|n| n.key != key)
        .map(|n| n.key.clone())
        .collect();
    let on_pick = {
        let state = state.clone();
        let key = key.to_string();
        Callback::from(move |e: Event| {
            let to = e.target_unchecked_into::<HtmlSelectElement>().value();
            if to.is_empty() {
                state.dispatch(Action::ClearPath);
            } else {
                state.dispatch(Action::HighlightPath(key.clone(), to));
            }
        })
    };
    let ledger = &state.ledger;
    let showing = state.path.first().is_some_and(|k| k == key);
    html! {
        <>
            <label class="field">{ "Highlight the path to" }
                <select data-testid="path-to" onchange={on_pick}>
                    <option value="" selected={!showing}>{ "— choose an address —" }</option>
                    { for others.iter().map(|k| {
                        let label = ledger.address(k).and_then(|a| a.label.as_ref()).map(|l| format!(" ({})", l.text)).unwrap_or_default();
                        html! { <option value={k.clone()} selected={showing && state.path.last() == Some(k)}>{ format!("{}{label}", shorten(ledger.display_address(k))) }</option> }
                    }) }
                </select>
            </label>
            if showing {
                <p class="muted" data-testid="path-result">{ format!("Path of {} hops highlighted.", state.path.len().saturating_sub(1)) }</p>
            }
        </>
    }
}

#[derive(Clone, PartialEq)]
pub enum NoteTarget {
    Node(String),
    Edge(String, String),
}

#[derive(Properties, PartialEq)]
pub struct NoteProps {
    pub state: State,
    pub target: NoteTarget,
    pub text: String,
}

#[function_component(NoteField)]
pub fn note_field(props: &NoteProps) -> Html {
    let area = use_node_ref();
    let commit = {
        let state = props.state.clone();
        let target = props.target.clone();
        let area = area.clone();
        move || {
            let Some(el) = area.cast::<HtmlTextAreaElement>() else {
                return;
            };
            let text = el.value();
            state.dispatch(Action::Do(match &target {
                NoteTarget::Node(key) => Command::Note {
                    key: key.clone(),
                    text,
                },
                NoteTarget::Edge(from, to) => Command::EdgeNote {
                    from: from.clone(),
                    to: to.clone(),
                    text,
                },
            }));
        }
    };
    let onchange = {
        let commit = commit.clone();
        Callback::from(move |_: Event| commit())
    };
    let onclick = Callback::from(move |_: MouseEvent| commit());
    html! {
        <div class="field">
            <label>{ "Your note" }
                <textarea ref={area} data-testid="note-input" rows="2" value={props.text.clone()} {onchange}
                    placeholder="What you think this is, what to check next…" />
            </label>
            <button class="button small" data-testid="note-save" {onclick}>{ "Save note" }</button>
        </div>
    }
}

/// The addresses this one paid or was paid by, with totals, largest first.
pub fn counterparties(state: &State, key: &str) -> Html {
    let ledger = &state.ledger;
    let key = address_key(key);
    let mut totals: std::collections::BTreeMap<(String, String), (Amount, Amount)> =
        Default::default();
    for &tx in ledger.txs_of(&key) {
        for f in ledger.flows(tx) {
            let Some(from) = f.from else { continue };
            if from == f.to {
                continue;
            }
            if from == key {
                let e = totals.entry((f.to.clone(), f.asset.clone())).or_default();
                e.1 = e.1.saturating_add(f.value);
            } else if f.to == key {
                let e = totals.entry((from, f.asset.clone())).or_default();
                e.0 = e.0.saturating_add(f.value);
            }
        }
    }
    if totals.is_empty() {
        return Html::default();
    }
    let mut list: Vec<_> = totals.into_iter().collect();
    crate::sort::sort_by(&mut list, |a, b| {
        (b.1 .0.max(b.1 .1))
            .cmp(&a.1 .0.max(a.1 .1))
            .then(a.0.cmp(&b.0))
    });
    html! {
        <table class="counterparties" data-testid="counterparties">
            <caption>{ format!("Counterparties ({})", list.len()) }</caption>
            <thead><tr><th scope="col">{ "Address" }</th><th scope="col">{ "Received from" }</th><th scope="col">{ "Paid to" }</th></tr></thead>
            <tbody>
                { for list.iter().take(25).map(|((other, asset), (inn, out))| {
                    let show = |v: &Amount| if *v == Amount::ZERO { String::new() } else { ledger.format_amount(asset, *v) };
                    let onclick = {
                        let state = state.clone();
                        let other = other.clone();
                        Callback::from(move |_: MouseEvent| state.dispatch(Action::Reveal(other.clone())))
                    };
                    let label = ledger.address(other).and_then(|a| a.label.as_ref()).map(|l| l.text.clone());
                    html! { <tr>
                        <td><button class="link-button mono" {onclick} title={format!("Add {} to the graph and select it", ledger.display_address(other))}>
                            { shorten(ledger.display_address(other)) }</button>
                            if let Some(l) = label { <span class="inline-label">{ l }</span> }</td>
                        <td class="num">{ show(inn) }</td><td class="num">{ show(out) }</td>
                    </tr> }
                }) }
            </tbody>
        </table>
    }
}

/// Running balance per asset as a sparkline (pixels only; amounts stay exact in
/// the balances table).
pub fn balance_sparkline(state: &State, key: &str) -> Html {
    let ledger = &state.ledger;
    let key = address_key(key);
    let mut series: std::collections::BTreeMap<String, Vec<i128>> = Default::default();
    for &tx in ledger.txs_of(&key) {
        for (asset, received, sent) in ledger.effect_on(tx, &key) {
            let s = series.entry(asset).or_insert_with(|| vec![0]);
            let last = *s.last().unwrap_or(&0);
            s.push(last + received.0 as i128 - sent.0 as i128);
        }
    }
    html! {
        <div class="sparklines" aria-hidden="true">
            { for series.iter().take(3).map(|(asset, points)| {
                let max = points.iter().copied().max().unwrap_or(0).max(1) as f64;
                let min = points.iter().copied().min().unwrap_or(0).min(0) as f64;
                let n = (points.len() - 1).max(1) as f64;
                let coords: Vec<String> = points.iter().enumerate()
                    .map(|(i, &v)| format!("{},{}", Tenths(i as f64 * 200.0 / n), Tenths(36.0 - (v as f64 - min) * 32.0 / (max - min))))
                    .collect();
                html! { <div class="sparkline">
                    <span class="muted">{ format!("{} balance over time", ledger.symbol(asset)) }</span>
                    <svg viewBox="0 0 200 40" width="200" height="40" preserveAspectRatio="none">
                        <polyline points={coords.join(" ")} fill="none" stroke="currentColor" stroke-width="2" />
                    </svg>
                </div> }
            }) }
        </div>
    }
}

/// One aggregated edge: its transactions and the trainee's note on it.
pub fn edge_view(state: &State, from: &str, to: &str) -> Html {
    let ledger = &state.ledger;
    let Some(edge) = state.graph.edge(from, to) else {
        return html! { <p class="muted">{ "This flow is no longer on the graph." }</p> };
    };
    let totals = edge.total_labels(ledger);
    let end = |k: &str| {
        let state = state.clone();
        let key = k.to_string();
        let onclick =
            Callback::from(move |_: MouseEvent| state.dispatch(Action::SelectAddress(key.clone())));
        html! { <button class="link-button mono" {onclick}>{ ledger.display_address(k).to_string() }</button> }
    };
    html! {
        <div data-testid="edge-detail">
            <h2>{ "Flow between two addresses" }</h2>
            <dl class="facts">
                <dt>{ "From" }</dt><dd>{ end(from) }{ " " }{ copy_button(ledger.display_address(from), "sender address") }</dd>
                <dt>{ "To" }</dt><dd>{ end(to) }{ " " }{ copy_button(ledger.display_address(to), "recipient address") }</dd>
                <dt>{ "Total" }</dt><dd>{ totals.join(", ") }</dd>
            </dl>
            <NoteField state={state.clone()} target={NoteTarget::Edge(from.to_string(), to.to_string())}
                text={state.graph.edge_note(from, to).unwrap_or_default().to_string()} />
            <h3>{ format!("Transactions ({})", edge.txs.len()) }</h3>
            <ul class="tx-list" data-testid="edge-tx-list">
                { for edge.txs.iter().map(|&tx| {
                    let t = ledger.tx(tx);
                    let state = state.clone();
                    let onclick = Callback::from(move |_: MouseEvent| state.dispatch(Action::SelectTx(tx)));
                    html! { <li><button class="tx-row" {onclick}>
                        <span class="tx-time">{ ledger.time(tx).map(crate::time::format_utc).unwrap_or_default() }</span>
                        <span class="mono">{ shorten(&t.id) }</span>
                    </button></li> }
                }) }
            </ul>
        </div>
    }
}

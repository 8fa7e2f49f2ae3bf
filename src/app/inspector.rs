//! The inspector: everything known about the selected address or transaction.
//!
//! For an address: chain, address type, attribution label with its source and
//! confidence (what the trainee's data says, never the hidden ground truth), balance
//! per asset, the expand actions and its transactions. For a transaction: time,
//! block, fee, memo and the exact inputs and outputs (UTXO) or transfers (account).
//! Every address shown is a button that puts it on the graph and selects it.

use yew::prelude::*;

use super::annotate::{balance_sparkline, copy_button, counterparties, edge_view, marks};
use super::paged_expand::PagedExpand;
use super::requests::{account_view, RequestForm};
use super::workspace::{Action, Selection, WorkspaceState};
use crate::address::{address_key, kind_of, AddressFormat};
use crate::amount::Amount;
use crate::investigation::Direction;
use crate::ledger::Ledger;
use crate::time::{format_utc, parse_rfc3339};

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub state: UseReducerHandle<WorkspaceState>,
}

#[function_component(Inspector)]
pub fn inspector(props: &InspectorProps) -> Html {
    let state = &props.state;
    let body = match &state.selection {
        None => {
            html! { <p class="muted">{ "Select an address on the graph or in the list to see its details." }</p> }
        }
        Some(Selection::Address(key)) => address_view(state, key),
        Some(Selection::Tx(tx)) => tx_view(state, *tx),
        Some(Selection::Edge(from, to)) => edge_view(state, from, to),
    };
    html! {
        <aside class="inspector" data-testid="inspector" aria-label="Inspector" aria-live="polite">
            { body }
        </aside>
    }
}

/// An address as a button that reveals and selects it.
fn address_button(state: &UseReducerHandle<WorkspaceState>, address: &str) -> Html {
    let ledger = &state.ledger;
    let display = ledger.display_address(&address_key(address)).to_string();
    let label = ledger
        .address(address)
        .and_then(|a| a.label.as_ref())
        .map(|l| l.text.clone());
    let on_graph = state.graph.contains(address);
    let onclick = {
        let state = state.clone();
        let key = address_key(address);
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Reveal(key.clone())))
    };
    let title = if on_graph {
        "Select this address"
    } else {
        "Add this address to the graph and select it"
    };
    html! {
        <button class="link-button mono" onclick={onclick} title={title}>
            { display }
            if let Some(l) = label { <span class="inline-label">{ l }</span> }
            if !on_graph { <span class="muted">{ " (not on graph)" }</span> }
        </button>
    }
}

fn address_view(state: &UseReducerHandle<WorkspaceState>, key: &str) -> Html {
    let ledger = &state.ledger;
    let Some(entry) = ledger.address(key) else {
        return html! { <p>{ "This address is not part of the case." }</p> };
    };
    let chain = ledger.case.chains.iter().find(|c| c.id == entry.chain);
    let format = AddressFormat::for_chain_id(&entry.chain).unwrap_or(AddressFormat::Any);
    let kind = kind_of(format, &entry.address).describe();
    // Once the answers are in, the investigation is closed: the debrief shows the rest.
    let closed = state.session.is_submitted();
    let ins = if closed {
        0
    } else {
        state.graph.unrevealed(ledger, key, Direction::In).len()
    };
    let outs = if closed {
        0
    } else {
        state.graph.unrevealed(ledger, key, Direction::Out).len()
    };
    let expand = |direction: Direction| {
        let state = state.clone();
        let key = key.to_string();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Expand(key.clone(), direction)))
    };
    let txs = ledger.txs_of(key);
    html! {
        <>
            <h2>{ "Address" }</h2>
            <p class="mono address-full">{ &entry.address }{ " " }{ copy_button(&entry.address, "address") }</p>
            <dl class="facts">
                <dt>{ "Chain" }</dt><dd>{ chain.map_or(entry.chain.as_str(), |c| c.name.as_str()) }</dd>
                <dt>{ "Type" }</dt><dd>{ kind }</dd>
                <dt>{ "Attribution" }</dt>
                <dd>{ match &entry.label {
                    Some(l) => html! { <>
                        <strong>{ &l.text }</strong>{ format!(" — {}", l.category.display()) }<br/>
                        <span class="muted">{ format!("source: {} · confidence: {}", l.source, l.confidence.as_str()) }</span>
                    </> },
                    None => html! { <span class="muted">{ "No label: nobody has attributed this address yet." }</span> },
                } }</dd>
            </dl>
            <div class="actions">
                <button class="button" data-testid="expand-in" onclick={expand(Direction::In)} disabled={ins == 0}
                    title="Add the transactions that paid this address, and their senders">
                    { format!("← Expand in ({ins})") }
                </button>
                <button class="button primary" data-testid="expand-out" onclick={expand(Direction::Out)} disabled={outs == 0}
                    title="Add the transactions this address paid, and their recipients">
                    { format!("Expand out ({outs}) →") }
                </button>
            </div>
            if !closed && ins + outs > 0 {
                <PagedExpand state={state.clone()} address={key.to_string()} />
            }
            { marks(state, key) }
            { records(state, key) }
            if state.requests_allowed() {
                <RequestForm state={state.clone()} />
            }
            { balances(ledger, key) }
            { balance_sparkline(state, key) }
            { counterparties(state, key) }
            <h3>{ format!("Transactions ({})", txs.len()) }</h3>
            <ul class="tx-list" data-testid="inspector-tx-list">
                { for txs.iter().map(|&tx| tx_row(state, key, tx)) }
            </ul>
        </>
    }
}

/// Records that services sent about this address.
fn records(state: &UseReducerHandle<WorkspaceState>, key: &str) -> Html {
    let found = state.session.records_for(key);
    if found.is_empty() {
        return Html::default();
    }
    html! {
        <section class="address-records">
            <h3>{ "Records received" }</h3>
            { for found.into_iter().map(|(entity, account)| {
                let name = state.ledger.entity(entity).map_or(entity.to_string(), |e| e.name.clone());
                account_view(&name, account)
            }) }
        </section>
    }
}

fn balances(ledger: &Ledger, key: &str) -> Html {
    let rows = ledger.balances(key);
    if rows.is_empty() {
        return Html::default();
    }
    html! {
        <table class="balances">
            <caption>{ "Balance over the case" }</caption>
            <thead><tr><th scope="col">{ "Asset" }</th><th scope="col">{ "Received" }</th><th scope="col">{ "Sent" }</th><th scope="col">{ "Balance" }</th></tr></thead>
            <tbody>
                { for rows.iter().map(|b| {
                    let sent = b.sent.saturating_add(b.fees);
                    let balance = b.balance().map_or_else(|| "overdrawn".to_string(), |v| ledger.format_amount(&b.asset, v));
                    html! {
                        <tr>
                            <th scope="row">{ ledger.symbol(&b.asset) }</th>
                            <td>{ ledger.format_amount(&b.asset, b.received.saturating_add(b.opening)) }</td>
                            <td>{ ledger.format_amount(&b.asset, sent) }</td>
                            <td>{ balance }</td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

fn tx_row(state: &UseReducerHandle<WorkspaceState>, key: &str, tx: usize) -> Html {
    let ledger = &state.ledger;
    let t = ledger.tx(tx);
    let effects: Vec<String> = ledger
        .effect_on(tx, key)
        .into_iter()
        .filter_map(|(asset, received, sent)| {
            if received >= sent && received > Amount::ZERO {
                Some(format!(
                    "+{}",
                    ledger.format_amount(&asset, Amount(received.0 - sent.0))
                ))
            } else if sent > received {
                Some(format!(
                    "−{}",
                    ledger.format_amount(&asset, Amount(sent.0 - received.0))
                ))
            } else {
                None
            }
        })
        .collect();
    let outgoing = ledger.senders(tx).iter().any(|s| s == &address_key(key));
    let onclick = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::SelectTx(tx)))
    };
    html! {
        <li key={t.id.clone()}>
            <button class={classes!("tx-row", if outgoing { "out" } else { "in" })} data-testid={format!("tx-row-{}", t.id)} onclick={onclick}
                title={format!("Show transaction {}", t.id)}>
                <span class="tx-dir" aria-label={if outgoing { "outgoing" } else { "incoming" }}>{ if outgoing { "OUT" } else { "IN" } }</span>
                <span class="tx-time">
                    { time_text(&t.time) }
                    if state.graph.is_revealed(tx) { <span class="tx-on-graph">{ " · on the graph" }</span> }
                </span>
                <span class="tx-amount">{ effects.join(", ") }</span>
            </button>
        </li>
    }
}

fn time_text(time: &str) -> String {
    parse_rfc3339(time).map_or_else(|_| time.to_string(), format_utc)
}

fn tx_view(state: &UseReducerHandle<WorkspaceState>, tx: usize) -> Html {
    let ledger = &state.ledger;
    let t = ledger.tx(tx);
    let chain = ledger.case.chains.iter().find(|c| c.id == t.chain);
    let native = ledger
        .native_asset(&t.chain)
        .map(|a| a.id.clone())
        .unwrap_or_default();
    let fee = ledger.fee(tx).map_or_else(
        || "negative (invalid)".into(),
        |f| ledger.format_amount(&native, f),
    );
    let body = if let Some(outputs) = &t.outputs {
        let inputs = t.inputs.clone().unwrap_or_default();
        html! {
            <>
                <h3>{ format!("Inputs ({})", inputs.len()) }</h3>
                if t.coinbase { <p class="muted">{ "Coinbase: newly mined coins, no inputs." }</p> }
                <ol class="legs">
                    { for inputs.iter().enumerate().map(|(i, input)| {
                        let coin = ledger.input_coin(tx, i);
                        let origin = match (&input.tx, input.vout) {
                            (Some(p), Some(v)) => format!("spends {}…:{v}", &p[..p.len().min(10)]),
                            _ => "coin from before the case".to_string(),
                        };
                        html! { <li>
                            { coin.as_ref().map_or_else(|| html!{ { "unknown input" } }, |(a, _)| address_button(state, a)) }
                            <span class="leg-amount">{ coin.map(|(_, v)| ledger.format_amount(&native, v)).unwrap_or_default() }</span>
                            <span class="muted leg-note">{ origin }</span>
                        </li> }
                    }) }
                </ol>
                <h3>{ format!("Outputs ({})", outputs.len()) }</h3>
                <ol class="legs" start="0">
                    { for outputs.iter().map(|o| html! { <li>
                        { address_button(state, &o.address) }
                        <span class="leg-amount">{ ledger.format_amount(&native, o.value) }</span>
                    </li> }) }
                </ol>
            </>
        }
    } else {
        html! {
            <>
                <dl class="facts">
                    <dt>{ "Sender" }</dt><dd>{ t.sender.as_deref().map(|s| address_button(state, s)).unwrap_or_default() }</dd>
                    <dt>{ "Method" }</dt><dd class="mono">{ t.method.map(|m| m.as_str()).unwrap_or("") }</dd>
                </dl>
                <h3>{ format!("Transfers ({})", t.transfers.as_ref().map_or(0, Vec::len)) }</h3>
                <ol class="legs">
                    { for t.transfers.iter().flatten().map(|tr| html! { <li>
                        { address_button(state, &tr.from) }<span aria-label="to">{ " → " }</span>{ address_button(state, &tr.to) }
                        <span class="leg-amount">{ ledger.format_amount(&tr.asset, tr.value) }</span>
                    </li> }) }
                </ol>
            </>
        }
    };
    html! {
        <div data-testid="tx-detail">
            <h2>{ "Transaction" }</h2>
            <p class="mono address-full">{ &t.id }{ " " }{ copy_button(&t.id, "transaction id") }</p>
            <dl class="facts">
                <dt>{ "Chain" }</dt><dd>{ chain.map_or(t.chain.as_str(), |c| c.name.as_str()) }</dd>
                <dt>{ "Time" }</dt><dd>{ time_text(&t.time) }</dd>
                <dt>{ "Block" }</dt><dd>{ t.block }</dd>
                <dt>{ "Fee" }</dt><dd>{ fee }</dd>
                if let Some(memo) = &t.memo { <dt>{ "Memo" }</dt><dd>{ memo }</dd> }
            </dl>
            { body }
            { super::tools_panel::tx_analysis(state, tx) }
        </div>
    }
}

//! The hover card over the canvas: a positioned DOM element, not canvas text, so
//! it is crisp, selectable and read by screen readers (`role="tooltip"`).
//!
//! It shows what an investigator wants before clicking: the full address, its
//! attribution label, and a money summary (balance per asset, payments in and out),
//! then the trainee's own tag and note.

use yew::prelude::*;

use super::browser_text;
use super::workspace::WorkspaceState;
use crate::ledger::Ledger;

/// The node under the pointer and its centre on screen (CSS pixels).
#[derive(Clone, Debug, PartialEq)]
pub struct Hover {
    pub key: String,
    pub x: f64,
    pub y: f64,
}

#[derive(Properties, PartialEq)]
pub struct TooltipProps {
    pub state: UseReducerHandle<WorkspaceState>,
    pub hover: Hover,
}

/// "3 in · 2 out" over the whole case.
fn flow_counts(ledger: &Ledger, key: &str) -> String {
    let txs = ledger.txs_of(key);
    let ins = txs
        .iter()
        .filter(|&&t| ledger.receivers(t).iter().any(|r| r == key))
        .count();
    let outs = txs
        .iter()
        .filter(|&&t| ledger.senders(t).iter().any(|s| s == key))
        .count();
    format!("{ins} payment(s) in · {outs} out")
}

#[function_component(Tooltip)]
pub fn tooltip(props: &TooltipProps) -> Html {
    let ledger = &props.state.ledger;
    let key = &props.hover.key;
    let entry = ledger.address(key);
    let label = entry.and_then(|a| a.label.as_ref());
    let balances: Vec<String> = ledger
        .balances(key)
        .iter()
        .map(|b| match b.balance() {
            Some(v) => format!("Balance {}", ledger.format_amount(&b.asset, v)),
            None => format!("Balance of {} overdrawn", ledger.symbol(&b.asset)),
        })
        .collect();
    // Beside the node, flipped to the left on the right half so it stays on screen.
    let style = if props.hover.x > 600.0 {
        format!(
            "right: calc(100% - {}px); top: {}px;",
            browser_text::num(props.hover.x - 24.0),
            browser_text::num(props.hover.y + 14.0)
        )
    } else {
        format!(
            "left: {}px; top: {}px;",
            browser_text::num(props.hover.x + 24.0),
            browser_text::num(props.hover.y + 14.0)
        )
    };
    html! {
        <div class="graph-tooltip" role="tooltip" data-testid="graph-tooltip" {style}>
            <div class="mono address-full">{ ledger.display_address(key) }</div>
            if let Some(l) = label {
                <div><strong>{ &l.text }</strong>{ browser_text::lowercase(&format!(" · {} ({}, {} confidence)", l.category.as_str(), l.source, l.confidence.as_str())) }</div>
            } else {
                <div class="muted">{ "No attribution label" }</div>
            }
            { for balances.iter().map(|b| html! { <div>{ b }</div> }) }
            <div class="muted">{ flow_counts(ledger, key) }</div>
            if let Some(tag) = props.state.graph.tag(key) {
                <div>{ format!("Your tag: {}", tag.label()) }</div>
            }
            if let Some(note) = props.state.graph.note(key) {
                <div class="muted">{ "✎ " }{ note }</div>
            }
        </div>
    }
}

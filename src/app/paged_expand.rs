//! Choosing which of a busy address's transactions to put on the graph.
//!
//! An exchange hot wallet can have thousands of transactions; expanding all of them
//! buries the trail. The trainee narrows the candidates (direction, asset, amount
//! range, date window), orders them (largest first or oldest first), pages through
//! them with a preview of each, and adds one page at a time. The ranking and
//! filtering are the core's `expand_candidates`; adding a page is one
//! `Command::RevealTxs`, so it is undoable and autosaved. The narrowing itself is
//! local to this panel: it chooses what to add, it does not filter the graph.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::workspace::{Action, WorkspaceState};
use crate::address::shorten;
use crate::amount::{format_units, parse_optional_units};
use crate::investigation::history::Command;
use crate::investigation::{expand_candidates, Direction, ExpandQuery, TxFilter};
use crate::time::{format_utc, parse_rfc3339, UnixTime};

#[derive(Properties, PartialEq)]
pub struct PagedExpandProps {
    pub state: UseReducerHandle<WorkspaceState>,
    pub address: String,
}

/// `YYYY-MM-DD` from a date field as the first (or, with `end`, the last) second of
/// that UTC day.
fn day_bound(text: &str, end: bool) -> Option<UnixTime> {
    let start = parse_rfc3339(&format!("{}T00:00:00Z", text.trim())).ok()?;
    Some(if end { start + 86_399 } else { start })
}

fn day_text(time: Option<UnixTime>) -> String {
    time.map(|t| format_utc(t)[..10].to_string())
        .unwrap_or_default()
}

#[function_component(PagedExpand)]
pub fn paged_expand(props: &PagedExpandProps) -> Html {
    let state = &props.state;
    let ledger = &state.ledger;
    let key = props.address.as_str();
    let direction = use_state(|| None::<Direction>);
    let by_value = use_state(|| true);
    let limit = use_state(|| 10usize);
    let offset = use_state(|| 0usize);
    let filter = use_state(TxFilter::default);

    let query = ExpandQuery {
        direction: *direction,
        filter: (*filter).clone(),
        by_value: *by_value,
        offset: *offset,
        limit: *limit,
    };
    let (page, total) = expand_candidates(&state.graph, ledger, key, &query);

    // Assets this address moved, for the asset choice (amounts need one asset).
    let mut assets: Vec<String> = ledger
        .txs_of(key)
        .iter()
        .flat_map(|&tx| ledger.effect_on(tx, key).into_iter().map(|(a, _, _)| a))
        .collect();
    crate::sort::sort(&mut assets);
    assets.dedup();
    let decimals = filter.asset.as_deref().map(|a| ledger.decimals(a));

    // Every change of the narrowing goes back to the first page.
    let set_filter = {
        let filter = filter.clone();
        let offset = offset.clone();
        move |f: TxFilter| {
            filter.set(f);
            offset.set(0);
        }
    };
    let on_dir = {
        let direction = direction.clone();
        let offset = offset.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            direction.set(match value.as_str() {
                "in" => Some(Direction::In),
                "out" => Some(Direction::Out),
                _ => None,
            });
            offset.set(0);
        })
    };
    let on_order = {
        let by_value = by_value.clone();
        let offset = offset.clone();
        Callback::from(move |e: Event| {
            by_value.set(e.target_unchecked_into::<HtmlSelectElement>().value() == "value");
            offset.set(0);
        })
    };
    let on_limit = {
        let limit = limit.clone();
        let offset = offset.clone();
        Callback::from(move |e: Event| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            limit.set(text.trim().parse().unwrap_or(10usize).clamp(1, 500));
            offset.set(0);
        })
    };
    let on_asset = {
        let set_filter = set_filter.clone();
        let filter = filter.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            set_filter(TxFilter {
                asset: (!value.is_empty()).then_some(value),
                min: None,
                max: None,
                ..(*filter).clone()
            });
        })
    };
    let on_amount = |is_min: bool| {
        let set_filter = set_filter.clone();
        let filter = filter.clone();
        Callback::from(move |e: Event| {
            let Some(d) = decimals else { return };
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            let Ok(value) = parse_optional_units(&text, d) else {
                return;
            };
            let mut f = (*filter).clone();
            if is_min {
                f.min = value;
            } else {
                f.max = value;
            }
            set_filter(f);
        })
    };
    let on_day = |is_from: bool| {
        let set_filter = set_filter.clone();
        let filter = filter.clone();
        Callback::from(move |e: Event| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            let bound = day_bound(&text, !is_from);
            let mut f = (*filter).clone();
            if is_from {
                f.from = bound;
            } else {
                f.to = bound;
            }
            set_filter(f);
        })
    };
    let go = |to: usize| {
        let offset = offset.clone();
        Callback::from(move |_: MouseEvent| offset.set(to))
    };
    let reveal = {
        let state = state.clone();
        let anchor = props.address.clone();
        let ids: Vec<String> = page.iter().map(|&t| ledger.tx(t).id.clone()).collect();
        let offset = offset.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Do(Command::RevealTxs {
                anchor: anchor.clone(),
                txs: ids.clone(),
            }));
            // The added page leaves the candidates; the next page is now first.
            offset.set(0);
        })
    };

    let amount_text = |v: Option<crate::amount::Amount>| match (v, decimals) {
        (Some(v), Some(d)) => format_units(v, d),
        _ => String::new(),
    };
    let first = if page.is_empty() { 0 } else { *offset + 1 };
    let last = *offset + page.len();
    html! {
        <details class="paged-expand" data-testid="paged-expand">
            <summary>{ format!("Choose transactions to add ({total} not on the graph)") }</summary>
            <div class="filters">
                <label>{ "Direction " }<select data-testid="pe-direction" onchange={on_dir}>
                    <option value="both">{ "Both" }</option><option value="in">{ "Incoming" }</option><option value="out">{ "Outgoing" }</option>
                </select></label>
                <label>{ "Order " }<select data-testid="pe-order" onchange={on_order}>
                    <option value="value" selected={*by_value}>{ "Largest first" }</option>
                    <option value="time" selected={!*by_value}>{ "Oldest first" }</option>
                </select></label>
                <label>{ "Page size " }<input type="number" min="1" max="500" size="4" data-testid="pe-limit"
                    value={limit.to_string()} onchange={on_limit} /></label>
            </div>
            <div class="filters">
                <label>{ "Asset " }<select data-testid="pe-asset" onchange={on_asset}>
                    <option value="" selected={filter.asset.is_none()}>{ "Any" }</option>
                    { for assets.iter().map(|a| html! {
                        <option value={a.clone()} selected={filter.asset.as_deref() == Some(a.as_str())}>{ ledger.symbol(a).to_string() }</option>
                    }) }
                </select></label>
                if decimals.is_some() {
                    <label>{ "From amount " }<input size="10" inputmode="decimal" data-testid="pe-min"
                        value={amount_text(filter.min)} onchange={on_amount(true)} /></label>
                    <label>{ "to " }<input size="10" inputmode="decimal" data-testid="pe-max"
                        value={amount_text(filter.max)} onchange={on_amount(false)} /></label>
                }
                <label>{ "From day " }<input type="date" data-testid="pe-from" value={day_text(filter.from)} onchange={on_day(true)} /></label>
                <label>{ "to " }<input type="date" data-testid="pe-to" value={day_text(filter.to)} onchange={on_day(false)} /></label>
            </div>
            <p class="muted small" data-testid="pe-range" aria-live="polite">
                { if total == 0 { "No transaction matches.".to_string() } else { format!("Showing {first}–{last} of {total}") } }
            </p>
            if !page.is_empty() {
                <table class="pe-preview" data-testid="pe-preview">
                    <caption class="visually-hidden">{ "Transactions on this page" }</caption>
                    <thead><tr><th scope="col">{ "Time (UTC)" }</th><th scope="col">{ "Transaction" }</th><th scope="col">{ "In" }</th><th scope="col">{ "Out" }</th></tr></thead>
                    <tbody>
                        { for page.iter().map(|&tx| {
                            let effects = ledger.effect_on(tx, key);
                            let side = |received: bool| effects.iter()
                                .map(|(a, r, s)| (a, if received { *r } else { *s }))
                                .filter(|(_, v)| *v != crate::amount::Amount::ZERO)
                                .map(|(a, v)| ledger.format_amount(a, v))
                                .collect::<Vec<_>>().join(", ");
                            html! { <tr key={tx}>
                                <td>{ ledger.time(tx).map(format_utc).unwrap_or_default() }</td>
                                <td class="mono">{ shorten(&ledger.tx(tx).id) }</td>
                                <td class="num">{ side(true) }</td><td class="num">{ side(false) }</td>
                            </tr> }
                        }) }
                    </tbody>
                </table>
            }
            <div class="actions">
                <button class="button small" data-testid="pe-prev" onclick={go(offset.saturating_sub(*limit))} disabled={*offset == 0}>{ "← Previous" }</button>
                <button class="button small" data-testid="pe-next" onclick={go(*offset + *limit)} disabled={last >= total}>{ "Next →" }</button>
                <button class="button small primary" data-testid="reveal-page" onclick={reveal} disabled={page.is_empty()}>
                    { format!("Add these {} to the graph", page.len()) }
                </button>
            </div>
        </details>
    }
}

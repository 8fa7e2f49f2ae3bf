//! The transactions on the graph as a sortable table, with the filters that narrow
//! the whole graph: asset, amount range and a time window set on a timeline.
//!
//! The filter is core state (`Command::SetFilter`, so it is undoable and saved);
//! this panel only edits it. The time window is a brush made of two native range
//! inputs over the case's time span, so it works with arrow keys and screen
//! readers; above it a histogram of the graph's transactions shows where activity
//! is, dimmed outside the window.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::workspace::{Action, WorkspaceState};
use crate::address::shorten;
use crate::amount::{format_units, parse_optional_units};
use crate::investigation::export::{tx_rows, TxRow};
use crate::investigation::history::Command;
use crate::investigation::TxFilter;
use crate::time::{format_utc, UnixTime};

#[derive(Properties, PartialEq)]
pub struct TxTableProps {
    pub state: UseReducerHandle<WorkspaceState>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Column {
    Time,
    Id,
    From,
    To,
    Amount,
}

/// Steps of the time brush: fine enough for a case spanning weeks.
const STEPS: i64 = 200;
const BUCKETS: usize = 48;

fn span(state: &WorkspaceState) -> (UnixTime, UnixTime) {
    let times = (0..state.ledger.case.transactions.len()).filter_map(|t| state.ledger.time(t));
    let (lo, hi) = times.fold((i64::MAX, i64::MIN), |(a, b), t| (a.min(t), b.max(t)));
    if lo > hi {
        (0, 1)
    } else {
        (lo, hi.max(lo + 1))
    }
}

#[function_component(TxTable)]
pub fn tx_table(props: &TxTableProps) -> Html {
    let state = &props.state;
    let sort = use_state(|| (Column::Time, true));
    if !state.show_table {
        return Html::default();
    }
    let ledger = &state.ledger;
    let filter = state.graph.filter().clone();
    let (lo, hi) = span(state);
    let to_step = move |t: UnixTime| ((t - lo) * STEPS / (hi - lo)).clamp(0, STEPS);
    let from_step = move |s: i64| lo + (hi - lo) * s / STEPS;

    let on_asset = {
        let state = state.clone();
        let filter = filter.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            state.dispatch(Action::Do(Command::SetFilter {
                filter: TxFilter {
                    asset: (!value.is_empty()).then_some(value),
                    min: None,
                    max: None,
                    ..filter.clone()
                },
            }));
        })
    };
    let decimals = filter.asset.as_deref().map(|a| ledger.decimals(a));
    // The fields show the filter itself, so undo and reload update them too.
    let amount_text = |v: Option<crate::amount::Amount>| match (v, decimals) {
        (Some(v), Some(d)) => format_units(v, d),
        _ => String::new(),
    };
    let on_amount = |is_min: bool| {
        let state = state.clone();
        let filter = filter.clone();
        Callback::from(move |e: Event| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            let Some(d) = decimals else { return };
            let Ok(value) = parse_optional_units(&text, d) else {
                return;
            };
            let mut f = filter.clone();
            if is_min {
                f.min = value
            } else {
                f.max = value
            }
            state.dispatch(Action::Do(Command::SetFilter { filter: f }));
        })
    };
    let on_time = |is_from: bool| {
        let state = state.clone();
        let filter = filter.clone();
        Callback::from(move |e: Event| {
            let step: i64 = e
                .target_unchecked_into::<HtmlInputElement>()
                .value()
                .parse()
                .unwrap_or(0);
            let mut f = filter.clone();
            if is_from {
                f.from = (step > 0).then(|| from_step(step));
            } else {
                f.to = (step < STEPS).then(|| from_step(step));
            }
            state.dispatch(Action::Do(Command::SetFilter { filter: f }));
        })
    };
    let clear = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Do(Command::SetFilter {
                filter: TxFilter::default(),
            }));
        })
    };

    // The timeline counts every transaction on the graph, filtered or not, so the
    // trainee sees what the window leaves out.
    let mut buckets = [0usize; BUCKETS];
    for tx in state.graph.revealed_txs() {
        if let Some(t) = ledger.time(tx) {
            let i = ((t - lo) as i128 * BUCKETS as i128 / (hi - lo + 1) as i128) as usize;
            buckets[i.min(BUCKETS - 1)] += 1;
        }
    }
    let peak = buckets.iter().copied().max().unwrap_or(1).max(1);
    let (win_from, win_to) = (filter.from.unwrap_or(lo), filter.to.unwrap_or(hi));

    let mut rows = tx_rows(&state.graph, ledger);
    let (column, ascending) = *sort;
    crate::sort::sort_by(&mut rows, |a, b| {
        let o = match column {
            Column::Time => a.time.cmp(&b.time),
            Column::Id => ledger.tx(a.tx).id.cmp(&ledger.tx(b.tx).id),
            Column::From => a.from.cmp(&b.from),
            Column::To => a.to.cmp(&b.to),
            Column::Amount => (&a.asset, a.value).cmp(&(&b.asset, b.value)),
        };
        if ascending {
            o
        } else {
            o.reverse()
        }
    });
    let header = |c: Column, label: &str| {
        let sort = sort.clone();
        let active = column == c;
        let aria = match (active, ascending) {
            (false, _) => "none",
            (true, true) => "ascending",
            (true, false) => "descending",
        };
        let onclick = Callback::from(move |_: MouseEvent| {
            let (cur, asc) = *sort;
            sort.set((c, if cur == c { !asc } else { true }));
        });
        html! {
            <th scope="col" aria-sort={aria}>
                <button class="sort-button" onclick={onclick} title={format!("Sort by {label}")}>
                    { label }{ if active { if ascending { " ▲" } else { " ▼" } } else { "" } }
                </button>
            </th>
        }
    };
    let assets: Vec<(String, String)> = ledger
        .case
        .assets
        .iter()
        .map(|a| (a.id.clone(), format!("{} ({})", a.symbol, a.chain)))
        .collect();
    let row = |r: &TxRow| {
        let onclick = {
            let state = state.clone();
            let tx = r.tx;
            Callback::from(move |_: MouseEvent| state.dispatch(Action::SelectTx(tx)))
        };
        let tag = |k: &str| state.graph.tag(k).map(|t| t.label()).unwrap_or("");
        let id = &ledger.tx(r.tx).id;
        html! {
            <tr data-testid={format!("table-row-{id}")}>
                <td>{ r.time.map(format_utc).unwrap_or_default() }</td>
                <td><button class="link-button mono" onclick={onclick} title={format!("Show transaction {id}")}>{ shorten(id) }</button></td>
                <td class="mono" title={ledger.display_address(&r.from).to_string()}>{ shorten(ledger.display_address(&r.from)) }</td>
                <td class="mono" title={ledger.display_address(&r.to).to_string()}>{ shorten(ledger.display_address(&r.to)) }</td>
                <td class="num">{ ledger.format_amount(&r.asset, r.value) }</td>
                <td>{ [tag(&r.from), tag(&r.to)].iter().filter(|t| !t.is_empty()).copied().collect::<Vec<_>>().join(" → ") }</td>
            </tr>
        }
    };
    html! {
        <section class="tx-panel" aria-label="Transactions on the graph" data-testid="tx-panel">
            <div class="filters" role="group" aria-label="Filters">
                <label>{ "Asset " }
                    <select data-testid="filter-asset" onchange={on_asset}>
                        <option value="" selected={filter.asset.is_none()}>{ "All assets" }</option>
                        { for assets.iter().map(|(id, name)| html! {
                            <option value={id.clone()} selected={filter.asset.as_deref() == Some(id.as_str())}>{ name }</option>
                        }) }
                    </select>
                </label>
                <label title={if decimals.is_none() { "Choose an asset first: amounts are compared in that asset" } else { "Smallest amount shown" }}>{ "Min " }
                    <input data-testid="filter-min" inputmode="decimal" size="9" disabled={decimals.is_none()}
                        value={amount_text(filter.min)} onchange={on_amount(true)} />
                </label>
                <label title="Largest amount shown">{ "Max " }
                    <input data-testid="filter-max" inputmode="decimal" size="9" disabled={decimals.is_none()}
                        value={amount_text(filter.max)} onchange={on_amount(false)} />
                </label>
                <button class="button small" data-testid="filter-clear" onclick={clear} disabled={filter.is_empty()}>{ "Clear filters" }</button>
                <span class="muted" data-testid="table-count">{ format!("{} transfers shown", rows.len()) }</span>
            </div>
            <div class="timeline" aria-hidden="true">
                { for buckets.iter().enumerate().map(|(i, &n)| {
                    let t = lo + (hi - lo) * i as i64 / BUCKETS as i64;
                    let inside = t + (hi - lo) / BUCKETS as i64 >= win_from && t <= win_to;
                    html! { <span class={classes!("bar", (!inside).then_some("outside"))}
                        style={format!("height:{}%", if n == 0 { 0 } else { 8 + 92 * n / peak })}></span> }
                }) }
            </div>
            <div class="brush">
                <label>{ "From " }<input type="range" min="0" max={STEPS.to_string()} data-testid="time-from"
                    value={to_step(win_from).to_string()} onchange={on_time(true)}
                    aria-valuetext={format_utc(win_from)} /></label>
                <span class="mono">{ format_utc(win_from) }{ " – " }{ format_utc(win_to) }</span>
                <label>{ "To " }<input type="range" min="0" max={STEPS.to_string()} data-testid="time-to"
                    value={to_step(win_to).to_string()} onchange={on_time(false)}
                    aria-valuetext={format_utc(win_to)} /></label>
            </div>
            <div class="table-scroll">
                <table class="tx-table" data-testid="tx-table">
                    <caption class="visually-hidden">{ "Transfers on the graph; activate a column header to sort" }</caption>
                    <thead><tr>
                        { header(Column::Time, "Time (UTC)") }{ header(Column::Id, "Transaction") }
                        { header(Column::From, "From") }{ header(Column::To, "To") }
                        { header(Column::Amount, "Amount") }<th scope="col">{ "Tags" }</th>
                    </tr></thead>
                    <tbody>{ for rows.iter().map(row) }</tbody>
                </table>
            </div>
            if rows.is_empty() { <p class="muted">{ "No transfer on the graph matches the filters." }</p> }
            { format_units_hint(decimals) }
        </section>
    }
}

fn format_units_hint(decimals: Option<u8>) -> Html {
    match decimals {
        Some(d) if d > 0 => html! {
            <p class="muted small">{ format!("Amounts in whole units, e.g. {}.", format_units(crate::amount::Amount(15 * 10u128.pow(u32::from(d) - 1)), d)) }</p>
        },
        _ => Html::default(),
    }
}

//! Law-enforcement requests in the app: the form in the inspector (ask a service
//! about the selected address) and the Requests tab (the log, the case clock and
//! the records that arrived).

use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::workspace::{Action, WorkspaceState};
use crate::address::shorten;
use crate::scenario::Account;
use crate::training::requests::services;
use crate::training::RequestKind;

#[derive(Properties, PartialEq)]
pub struct RequestProps {
    pub state: UseReducerHandle<WorkspaceState>,
}

/// "3 h 05 min" on the case clock.
pub fn clock_text(minutes: u64) -> String {
    let (d, h, m) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    if d > 0 {
        format!("day {} {h:02}:{m:02}", d + 1)
    } else {
        format!("{h} h {m:02} min")
    }
}

/// The request form for the selected address.
#[function_component(RequestForm)]
pub fn request_form(props: &RequestProps) -> Html {
    let state = &props.state;
    let list = services(&state.ledger.case);
    let service = use_state(|| list.first().map(|s| s.0.clone()).unwrap_or_default());
    let Some(address) = state
        .selected_address()
        .map(|k| state.ledger.display_address(k).to_string())
    else {
        return Html::default();
    };
    if list.is_empty() || state.session.is_submitted() {
        return Html::default();
    }
    let on_service = {
        let service = service.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
            {
                service.set(s.value());
            }
        })
    };
    let send = |kind: RequestKind| {
        let state = state.clone();
        let service = service.clone();
        let address = address.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::SendRequest(
                kind,
                (*service).clone(),
                vec![address.clone()],
            ))
        })
    };
    html! {
        <section class="request-form" aria-labelledby="request-title">
            <h3 id="request-title">{ "Law-enforcement request" }</h3>
            <p class="muted small">{ format!("Ask a service who controls {}. Ask only a service you have grounds to believe holds it: requests for addresses a service does not hold come back empty and count as unfounded.", shorten(&address)) }</p>
            <label class="field">
                { "Service" }
                <select data-testid="request-service" onchange={on_service}>
                    { for list.iter().map(|(id, name)| html! { <option value={id.clone()} selected={*service == *id}>{ name }</option> }) }
                </select>
            </label>
            <div class="actions">
                <button class="button" data-testid="request-records" onclick={send(RequestKind::Records)}>{ "Request records (KYC)" }</button>
                <button class="button" data-testid="request-freeze" onclick={send(RequestKind::Freeze)}>{ "Request a freeze" }</button>
            </div>
        </section>
    }
}

/// An account's records as a service sends them.
pub fn account_view(service: &str, account: &Account) -> Html {
    html! {
        <div class="records" data-testid={format!("records-{}", account.account_id)}>
            <p><strong>{ &account.holder.name }</strong>{ format!(" — account {} at {service}", account.account_id) }</p>
            <dl class="facts">
                if let Some(d) = &account.holder.date_of_birth { <dt>{ "Born" }</dt><dd>{ d }</dd> }
                if let Some(n) = &account.holder.nationality { <dt>{ "Nationality" }</dt><dd>{ n }</dd> }
                if let Some(e) = &account.email { <dt>{ "Email" }</dt><dd>{ e }</dd> }
                if let Some(p) = &account.phone { <dt>{ "Phone" }</dt><dd>{ p }</dd> }
                <dt>{ "Addresses" }</dt><dd class="mono">{ account.addresses.iter().map(|a| shorten(a)).collect::<Vec<_>>().join(", ") }</dd>
            </dl>
            if !account.logins.is_empty() {
                <table class="balances">
                    <caption>{ "Logins" }</caption>
                    <thead><tr><th scope="col">{ "Time" }</th><th scope="col">{ "IP" }</th><th scope="col">{ "Country" }</th></tr></thead>
                    <tbody>{ for account.logins.iter().map(|l| html! {
                        <tr><td>{ &l.time }</td><td class="mono">{ &l.ip }</td><td>{ l.country.clone().unwrap_or_default() }</td></tr>
                    }) }</tbody>
                </table>
            }
            if let Some(n) = &account.notes { <p class="muted">{ n }</p> }
        </div>
    }
}

/// The Requests tab: clock, log and replies.
#[function_component(RequestLog)]
pub fn request_log(props: &RequestProps) -> Html {
    let state = &props.state;
    let session = &state.session;
    let name = |id: &str| {
        state
            .ledger
            .entity(id)
            .map_or(id.to_string(), |e| e.name.clone())
    };
    let skip = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::SkipToReply))
    };
    html! {
        <div class="request-log">
            <p class="clock" data-testid="case-clock">{ format!("Case clock: {}", clock_text(session.clock)) }</p>
            if session.pending() > 0 {
                <button class="button small" data-testid="skip-clock" onclick={skip}>{ "Skip ahead to the next answer" }</button>
            }
            if session.requests.is_empty() {
                <p class="muted">{ "No request sent yet. Select an address in the graph, then use “Law-enforcement request” in the inspector." }</p>
            }
            <ol class="log" data-testid="request-log">
                { for session.requests.iter().enumerate().rev().map(|(i, r)| {
                    let arrived = r.arrived(session.clock);
                    let service = name(&r.entity);
                    html! {
                        <li key={i} class={classes!("log-entry", arrived.then_some(if r.reply.founded { "founded" } else { "unfounded" }))}
                            data-testid={format!("request-{i}")}>
                            <p>
                                <strong>{ format!("{} → {service}", r.kind.display()) }</strong>
                                <span class="muted">{ format!(" · sent at {}", clock_text(r.sent_at)) }</span>
                            </p>
                            <p class="mono small">{ r.addresses.iter().map(|a| shorten(a)).collect::<Vec<_>>().join(", ") }</p>
                            if arrived {
                                <p data-testid={format!("request-{i}-status")}>
                                    { if r.reply.founded { "Answered: " } else { "Unfounded: " } }{ &r.reply.summary }
                                </p>
                                { for r.reply.accounts.iter().map(|a| account_view(&service, a)) }
                            } else {
                                <p class="muted" data-testid={format!("request-{i}-status")}>{ format!("Waiting: the answer is due at {}.", clock_text(r.due_at)) }</p>
                            }
                        </li>
                    }
                }) }
            </ol>
        </div>
    }
}

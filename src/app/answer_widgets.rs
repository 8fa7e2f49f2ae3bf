//! One input per objective kind, each producing a [`Response`] in the case
//! format's shape: a picker of entities, address fields that take the selected
//! node, ordered paths, amounts typed with the asset's decimals, options, text.
//!
//! Every widget commits on `input`, not on `change`: an answer typed without
//! leaving the field is in the saved work at once, so a reload keeps it. The
//! widgets stay controlled, and the text fields show what was typed (see
//! [`Typed`]) rather than the stored answer written back ("0.50" is stored as
//! 0.5), so a re-render (the case clock ticks every second while a request is
//! pending) never rewrites what the trainee is typing.

use std::collections::BTreeSet;

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::workspace::{Action, WorkspaceState};
use crate::address::{address_key, shorten};
use crate::amount::{format_units, parse_units};
use crate::scenario::{Objective, ObjectiveKind};
use crate::training::Response;

#[derive(Properties, PartialEq)]
pub struct WidgetProps {
    pub state: UseReducerHandle<WorkspaceState>,
    pub objective: Objective,
}

fn input_value(e: &Event) -> String {
    let target = e.target();
    if let Some(i) = target
        .clone()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
    {
        return i.value();
    }
    if let Some(t) = target
        .clone()
        .and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok())
    {
        return t.value();
    }
    target
        .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
        .map(|s| s.value())
        .unwrap_or_default()
}

#[function_component(AnswerWidget)]
pub fn answer_widget(props: &WidgetProps) -> Html {
    match props.objective.kind {
        ObjectiveKind::Entity => {
            html! { <EntityPicker state={props.state.clone()} objective={props.objective.clone()} /> }
        }
        ObjectiveKind::Address => {
            html! { <AddressField state={props.state.clone()} objective={props.objective.clone()} /> }
        }
        ObjectiveKind::AddressSet | ObjectiveKind::Path => {
            html! { <AddressList state={props.state.clone()} objective={props.objective.clone()} /> }
        }
        ObjectiveKind::Amount => {
            html! { <AmountField state={props.state.clone()} objective={props.objective.clone()} /> }
        }
        ObjectiveKind::Choice => {
            html! { <Choice state={props.state.clone()} objective={props.objective.clone()} /> }
        }
        ObjectiveKind::Text => {
            html! { <TextAnswer state={props.state.clone()} objective={props.objective.clone()} /> }
        }
    }
}

/// A text field's text as typed, with the stored answer (as text) it committed.
/// The field shows the typed text while the stored answer is still that one, and
/// the stored answer once it changed elsewhere (undo, reset, another tab).
#[derive(Clone, Default, PartialEq)]
struct Typed {
    text: String,
    committed: String,
}

impl Typed {
    fn shown(&self, stored: &str) -> String {
        if self.committed == stored {
            self.text.clone()
        } else {
            stored.to_string()
        }
    }
}

#[hook]
fn use_typed(stored: &str) -> UseStateHandle<Typed> {
    let stored = stored.to_string();
    use_state(move || Typed {
        text: stored.clone(),
        committed: stored,
    })
}

fn respond(state: &UseReducerHandle<WorkspaceState>, id: &str) -> Callback<Response> {
    let state = state.clone();
    let id = id.to_string();
    Callback::from(move |r: Response| state.dispatch(Action::Respond(id.clone(), r)))
}

fn current(props: &WidgetProps) -> Response {
    props
        .state
        .session
        .responses
        .get(&props.objective.id)
        .cloned()
        .unwrap_or_default()
}

#[function_component(EntityPicker)]
fn entity_picker(props: &WidgetProps) -> Html {
    let state = &props.state;
    let ledger = &state.ledger;
    let id = &props.objective.id;
    let chosen = current(props).entity.unwrap_or_default();
    // Entities the trainee has seen: owners of labelled addresses on the graph.
    let seen: BTreeSet<String> = crate::sort::set(
        state
            .graph
            .nodes()
            .filter_map(|n| ledger.address(&n.key))
            .filter(|a| a.label.is_some())
            .filter_map(|a| a.owner.clone()),
    );
    let mut others: Vec<_> = ledger
        .case
        .entities
        .iter()
        .filter(|e| !seen.contains(&e.id))
        .collect();
    crate::sort::sort_by(&mut others, |a, b| a.name.cmp(&b.name));
    let oninput = {
        let respond = respond(state, id);
        Callback::from(move |e: InputEvent| {
            let v = input_value(&e);
            respond.emit(if v.is_empty() {
                Response::default()
            } else {
                Response::entity(&v)
            });
        })
    };
    let option = |eid: &str, name: &str| html! { <option value={eid.to_string()} selected={chosen == eid}>{ name }</option> };
    html! {
        <select class="answer-input" data-testid={format!("answer-{id}")} {oninput} disabled={state.session.is_submitted()}
            aria-label="Choose the entity">
            <option value="" selected={chosen.is_empty()}>{ "Choose…" }</option>
            if !seen.is_empty() {
                <optgroup label="Seen on your graph">
                    { for ledger.case.entities.iter().filter(|e| seen.contains(&e.id)).map(|e| option(&e.id, &e.name)) }
                </optgroup>
            }
            <optgroup label="Other entities in this case">
                { for others.iter().map(|e| option(&e.id, &e.name)) }
            </optgroup>
        </select>
    }
}

#[function_component(AddressField)]
fn address_field(props: &WidgetProps) -> Html {
    let state = &props.state;
    let id = &props.objective.id;
    let stored = current(props).address.unwrap_or_default();
    let typed = use_typed(&stored);
    let value = typed.shown(&stored);
    let submitted = state.session.is_submitted();
    let oninput = {
        let respond = respond(state, id);
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| {
            let text = input_value(&e);
            let committed = text.trim().to_string();
            respond.emit(Response::address(&committed));
            typed.set(Typed { text, committed });
        })
    };
    let use_selected = {
        let respond = respond(state, id);
        let selected = state
            .selected_address()
            .map(|k| state.ledger.display_address(k).to_string());
        Callback::from(move |_: MouseEvent| {
            if let Some(a) = &selected {
                respond.emit(Response::address(a));
            }
        })
    };
    html! {
        <div class="answer-row">
            <input class="answer-input mono" type="text" value={value} data-testid={format!("answer-{id}")} {oninput}
                placeholder="Address" aria-label="Address" disabled={submitted} spellcheck="false" />
            <button class="button small" data-testid={format!("use-selected-{id}")} onclick={use_selected}
                disabled={submitted || state.selected_address().is_none()}>{ "Use selected" }</button>
        </div>
    }
}

#[function_component(AddressList)]
fn address_list(props: &WidgetProps) -> Html {
    let state = &props.state;
    let ledger = &state.ledger;
    let id = &props.objective.id;
    let ordered = props.objective.kind == ObjectiveKind::Path;
    let list = current(props).addresses.unwrap_or_default();
    let submitted = state.session.is_submitted();
    let set = {
        let respond = respond(state, id);
        move |l: Vec<String>| respond.emit(Response::addresses(l))
    };
    let add = {
        let set = set.clone();
        let list = list.clone();
        let selected = state
            .selected_address()
            .map(|k| ledger.display_address(k).to_string());
        Callback::from(move |_: MouseEvent| {
            if let Some(a) = &selected {
                let mut l = list.clone();
                if ordered || !l.iter().any(|x| address_key(x) == address_key(a)) {
                    l.push(a.clone());
                }
                set(l);
            }
        })
    };
    let paste = {
        let set = set.clone();
        let list = list.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() != "Enter" {
                return;
            }
            e.prevent_default();
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            let text = input.value();
            let mut l = list.clone();
            l.extend(
                text.split([',', ' ', '\n'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from),
            );
            input.set_value("");
            set(l);
        })
    };
    let item = |i: usize, a: &String| {
        let remove = {
            let set = set.clone();
            let list = list.clone();
            Callback::from(move |_: MouseEvent| {
                let mut l = list.clone();
                l.remove(i);
                set(l);
            })
        };
        let up = {
            let set = set.clone();
            let list = list.clone();
            Callback::from(move |_: MouseEvent| {
                let mut l = list.clone();
                if i > 0 {
                    l.swap(i, i - 1);
                }
                set(l);
            })
        };
        let label = ledger
            .address(a)
            .and_then(|e| e.label.as_ref())
            .map(|l| l.text.clone());
        html! {
            <li key={format!("{i}-{a}")}>
                <span class="mono" title={a.clone()}>{ shorten(a) }</span>
                if let Some(l) = label { <span class="inline-label">{ l }</span> }
                if !submitted {
                    if ordered && i > 0 {
                        <button class="button small" onclick={up} aria-label={format!("Move {} up", shorten(a))}>{ "↑" }</button>
                    }
                    <button class="button small" onclick={remove} aria-label={format!("Remove {}", shorten(a))}>{ "✕" }</button>
                }
            </li>
        }
    };
    html! {
        <div class="answer-list">
            if list.is_empty() {
                <p class="muted small">{ if ordered { "No hop yet: select the first address of the path on the graph, then “Add selected”." } else { "No address yet." } }</p>
            } else {
                <ol class={classes!(ordered.then_some("path"))}>{ for list.iter().enumerate().map(|(i, a)| item(i, a)) }</ol>
            }
            if !submitted {
                <div class="answer-row">
                    <input class="answer-input mono" type="text" data-testid={format!("answer-{id}")} onkeydown={paste}
                        placeholder="Paste an address, Enter to add" aria-label="Add an address" spellcheck="false" />
                    <button class="button small" data-testid={format!("use-selected-{id}")} onclick={add}
                        disabled={state.selected_address().is_none()}>{ "Add selected" }</button>
                </div>
            }
        </div>
    }
}

#[function_component(AmountField)]
fn amount_field(props: &WidgetProps) -> Html {
    let state = &props.state;
    let id = &props.objective.id;
    let asset = props
        .objective
        .answer
        .as_ref()
        .and_then(|a| a.asset.clone())
        .unwrap_or_default();
    let decimals = state.ledger.decimals(&asset);
    let symbol = state.ledger.symbol(&asset).to_string();
    let stored = current(props)
        .value
        .map(|v| format_units(v, decimals))
        .unwrap_or_default();
    let typed = use_typed(&stored);
    let value = typed.shown(&stored);
    let error = use_state(|| None::<String>);
    let oninput = {
        let respond = respond(state, id);
        let error = error.clone();
        let asset = asset.clone();
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| {
            let text = input_value(&e);
            // Half-typed amounts ("0.", "1,5") are not answers: the last whole
            // one stays committed and the field keeps what is typed.
            let committed = if text.trim().is_empty() {
                error.set(None);
                respond.emit(Response::default());
                String::new()
            } else {
                match parse_units(&text, decimals) {
                    Ok(v) => {
                        error.set(None);
                        respond.emit(Response::amount(&asset, v));
                        format_units(v, decimals)
                    }
                    Err(e) => {
                        error.set(Some(format!("Not an amount: {e}.")));
                        stored.clone()
                    }
                }
            };
            typed.set(Typed { text, committed });
        })
    };
    html! {
        <div>
            <div class="answer-row">
                <input class="answer-input mono" type="text" inputmode="decimal" {value} data-testid={format!("answer-{id}")}
                    {oninput} aria-label={format!("Amount in {symbol}")} placeholder="0.0" disabled={state.session.is_submitted()}
                    aria-invalid={error.is_some().to_string()} />
                <span class="unit">{ symbol }</span>
            </div>
            if let Some(e) = &*error { <p class="field-error" role="alert">{ e }</p> }
        </div>
    }
}

#[function_component(Choice)]
fn choice(props: &WidgetProps) -> Html {
    let state = &props.state;
    let id = &props.objective.id;
    let key = props.objective.answer.clone().unwrap_or_default();
    let options = key.options.clone().unwrap_or_default();
    let single = key.correct.as_ref().is_none_or(|c| c.len() == 1);
    let chosen: BTreeSet<usize> = crate::sort::set(current(props).correct.unwrap_or_default());
    let submitted = state.session.is_submitted();
    html! {
        <fieldset class="choice">
            <legend class="visually-hidden">{ if single { "Choose one" } else { "Choose all that apply" } }</legend>
            { for options.iter().enumerate().map(|(i, text)| {
                let oninput = {
                    let respond = respond(state, id);
                    let chosen = chosen.clone();
                    Callback::from(move |_: InputEvent| {
                        let mut c = if single { BTreeSet::new() } else { chosen.clone() };
                        if !single && chosen.contains(&i) { c.remove(&i); } else { c.insert(i); }
                        respond.emit(Response::choice(c.into_iter().collect()));
                    })
                };
                html! {
                    <label class="choice-option">
                        <input type={if single { "radio" } else { "checkbox" }} name={format!("choice-{id}")} checked={chosen.contains(&i)}
                            data-testid={format!("answer-{id}-{i}")} {oninput} disabled={submitted} />
                        { text }
                    </label>
                }
            }) }
        </fieldset>
    }
}

#[function_component(TextAnswer)]
fn text_answer(props: &WidgetProps) -> Html {
    let state = &props.state;
    let id = &props.objective.id;
    let stored = current(props).text.unwrap_or_default();
    let typed = use_typed(&stored);
    let value = typed.shown(&stored);
    let oninput = {
        let respond = respond(state, id);
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| {
            let text = input_value(&e);
            let response = Response::text(&text);
            // Only blanks are no answer: stored as nothing.
            let committed = if response.is_empty() {
                String::new()
            } else {
                text.clone()
            };
            respond.emit(response);
            typed.set(Typed { text, committed });
        })
    };
    html! {
        <textarea class="answer-input" rows="3" {value} data-testid={format!("answer-{id}")} {oninput}
            aria-label="Your answer" disabled={state.session.is_submitted()} />
    }
}

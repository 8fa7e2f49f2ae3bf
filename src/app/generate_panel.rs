//! "New case from generator" on the library page: typology, difficulty, seed or a
//! participant's name, and optionally the number of transactions.
//!
//! The form only checks what was typed (`lab::checked_params`) and goes
//! to the case's address, `#/g/...`; the root component generates the case there,
//! in the lab worker, exactly as it does when that address is reloaded or shared.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::set_hash;
use crate::generator::Typology;
use crate::lab::{self, APP_MAX_SCALE};
use crate::scenario::Difficulty;

/// A typology's id as a title: "pig-butchering" → "Pig butchering".
fn title(t: Typology) -> String {
    let words = t.id().replace('-', " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// A fresh seed for "New seed": any of the first 10^9, easy to read out in class.
fn random_seed() -> String {
    ((js_sys::Math::random() * 1e9) as u64).to_string()
}

fn text_input(field: &UseStateHandle<String>) -> Callback<InputEvent> {
    let field = field.clone();
    Callback::from(move |e: InputEvent| {
        field.set(e.target_unchecked_into::<HtmlInputElement>().value())
    })
}

fn select_input(field: &UseStateHandle<String>) -> Callback<Event> {
    let field = field.clone();
    Callback::from(move |e: Event| {
        field.set(e.target_unchecked_into::<HtmlSelectElement>().value())
    })
}

#[function_component(GeneratePanel)]
pub fn generate_panel() -> Html {
    let open = use_state(|| false);
    let typology = use_state(|| Typology::ALL[0].id().to_string());
    let difficulty = use_state(|| Difficulty::Beginner.as_str().to_string());
    let seed = use_state(random_seed);
    let participant = use_state(String::new);
    let scale = use_state(String::new);
    let error = use_state(|| None::<String>);

    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let new_seed = {
        let seed = seed.clone();
        Callback::from(move |_: MouseEvent| seed.set(random_seed()))
    };
    let submit = {
        let (t, d, s, p, n, error) = (
            typology.clone(),
            difficulty.clone(),
            seed.clone(),
            participant.clone(),
            scale.clone(),
            error.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match lab::checked_params(&t, &d, &s, &n, &p) {
                Ok(params) => {
                    error.set(None);
                    set_hash(&lab::route(&params));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        })
    };
    let description = Typology::from_id(&typology).map_or("", |t| t.description());

    html! {
        <section class="generate" aria-label="New case from generator">
            <button class="button" data-testid="generate-open" onclick={toggle} aria-expanded={open.to_string()}>
                { "New case from generator…" }
            </button>
            if *open {
                <form class="generate-form" data-testid="generate-form" onsubmit={submit}>
                    <p class="muted">{ "Builds a complete case in this browser: the same typology, difficulty and seed always give the same case, and a participant's name or code gives that participant their own variant, so answers cannot be copied." }</p>
                    <div class="generate-grid">
                        <label class="field">{ "Typology" }
                            <select data-testid="gen-typology" onchange={select_input(&typology)}>
                                { for Typology::ALL.iter().map(|t| html! {
                                    <option value={t.id()} selected={t.id() == typology.as_str()}>{ title(*t) }</option>
                                }) }
                            </select>
                        </label>
                        <label class="field">{ "Difficulty" }
                            <select data-testid="gen-difficulty" onchange={select_input(&difficulty)}>
                                { for Difficulty::ALL.iter().map(|d| html! {
                                    <option value={d.as_str()} selected={d.as_str() == difficulty.as_str()}>{ d.as_str() }</option>
                                }) }
                            </select>
                        </label>
                        <label class="field">{ "Seed" }
                            <span class="generate-seed">
                                <input data-testid="gen-seed" inputmode="numeric" value={(*seed).clone()} oninput={text_input(&seed)} />
                                <button type="button" class="button small" data-testid="gen-new-seed" onclick={new_seed}>{ "New seed" }</button>
                            </span>
                        </label>
                        <label class="field">{ "Participant name or code (optional)" }
                            <input data-testid="gen-participant" value={(*participant).clone()} oninput={text_input(&participant)}
                                placeholder="e.g. Anna Berg or P-07" />
                        </label>
                        <label class="field">{ "Transactions (optional)" }
                            <input data-testid="gen-scale" inputmode="numeric" value={(*scale).clone()} oninput={text_input(&scale)}
                                placeholder={format!("the difficulty's default; at most {} thousand", APP_MAX_SCALE / 1000)} />
                        </label>
                    </div>
                    <p class="generate-description" data-testid="gen-description">{ description }</p>
                    if let Some(e) = &*error {
                        <p class="generate-error" role="alert" data-testid="gen-error">{ e }</p>
                    }
                    <button type="submit" class="button primary" data-testid="gen-submit">{ "Generate and open" }</button>
                </form>
            }
        </section>
    }
}

//! The Answers tab: objectives with their answer inputs and tiered hints, the
//! submission (with a confirmation), and after it the debrief: score, a feedback
//! line and explanation per objective, the case's debrief text, the results file.

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::answer_widgets::AnswerWidget;
use super::browser_text;
use super::workspace::{Action, WorkspaceState};
use crate::markdown;
use crate::scenario::Objective;
use crate::training::grade::points_text;
use crate::training::results::{results_file, GraphSnapshot};
use crate::training::session::NotReady;

#[derive(Properties, PartialEq)]
pub struct AnswersProps {
    pub state: UseReducerHandle<WorkspaceState>,
}

fn md(text: &str) -> Html {
    Html::from_html_unchecked(AttrValue::from(markdown::render(text)))
}

#[function_component(AnswersPanel)]
pub fn answers_panel(props: &AnswersProps) -> Html {
    let state = &props.state;
    let case = &state.ledger.case;
    let total: u32 = case.objectives.iter().map(|o| o.points).sum();
    html! {
        <div class="answers">
            if let Some(sub) = &state.session.submission {
                <Debrief state={state.clone()} />
                <p class="muted small">{ format!("Submitted by {}.", if sub.trainee.is_empty() { "an unnamed trainee" } else { &sub.trainee }) }</p>
            } else {
                <p class="muted small">{ format!("{total} points in all. Answers can be changed until you submit. Hints cost the points shown.") }</p>
            }
            <ol class="objective-list">
                { for case.objectives.iter().map(|o| objective_card(state, o)) }
            </ol>
            if !state.session.is_submitted() {
                <SubmitBox state={state.clone()} />
            } else {
                <section class="case-debrief">
                    <h3>{ "Debrief" }</h3>
                    <div class="markdown">{ md(&case.debrief) }</div>
                </section>
            }
        </div>
    }
}

fn objective_card(state: &UseReducerHandle<WorkspaceState>, o: &Objective) -> Html {
    let case = &state.ledger.case;
    let shown = state.session.hints_shown(case, &o.id);
    let next_hint = o.hints.get(shown.len());
    let take_hint = {
        let state = state.clone();
        let id = o.id.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::TakeHint(id.clone())))
    };
    let grade = state
        .session
        .submission
        .as_ref()
        .and_then(|s| s.grade.objectives.iter().find(|g| g.id == o.id));
    html! {
        <li key={o.id.clone()} class="objective" data-testid={format!("objective-{}", o.id)}>
            <div class="markdown prompt">{ md(&o.prompt) }</div>
            <p class="points muted">{ format!("{} points · {}", o.points, o.kind.as_str().replace('_', " ")) }</p>
            <AnswerWidget state={state.clone()} objective={o.clone()} />
            if !shown.is_empty() {
                <ol class="hints" aria-label="Hints">
                    { for shown.iter().map(|h| html! { <li class="hint">{ md(&h.text) }<span class="muted small">{ format!(" (−{} pt)", h.cost) }</span></li> }) }
                </ol>
            }
            if let (Some(h), false) = (next_hint, state.session.is_submitted()) {
                <button class="button small hint-button" data-testid={format!("hint-{}", o.id)} onclick={take_hint}>
                    { format!("Show hint {} of {} (costs {} point{})", shown.len() + 1, o.hints.len(), h.cost, if h.cost == 1 { "" } else { "s" }) }
                </button>
            }
            if let Some(g) = grade {
                <div class={classes!("feedback", if !g.auto_graded { "review" } else if g.raw_centi == g.max_centi { "right" } else if g.raw_centi == 0 { "wrong" } else { "partial" })}
                    data-testid={format!("feedback-{}", o.id)}>
                    <strong>{ if g.auto_graded { format!("{} / {} points", points_text(g.earned_centi), points_text(g.max_centi)) } else { "For your instructor".to_string() } }</strong>
                    if g.hint_cost_centi > 0 { <span class="muted">{ format!(" (hints −{})", points_text(g.hint_cost_centi)) }</span> }
                    <p>{ &g.feedback }</p>
                    if !o.explanation.is_empty() { <div class="markdown explanation">{ md(&o.explanation) }</div> }
                </div>
            }
        </li>
    }
}

#[function_component(SubmitBox)]
fn submit_box(props: &AnswersProps) -> Html {
    let state = &props.state;
    let confirming = use_state(|| false);
    // Why the last "Submit answers…" was refused, shown next to the name field.
    let refused = use_state(|| None::<NotReady>);
    let name_field = use_node_ref();
    let case = &state.ledger.case;
    let answered = case
        .objectives
        .iter()
        .filter(|o| state.session.responses.contains_key(&o.id))
        .count();
    // Kept with the work as it is typed, so a reload keeps it.
    let on_name = {
        let state = state.clone();
        let refused = refused.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                refused.set(None);
                state.dispatch(Action::SetTrainee(i.value()));
            }
        })
    };
    let ask = {
        let state = state.clone();
        let confirming = confirming.clone();
        let refused = refused.clone();
        let name_field = name_field.clone();
        Callback::from(move |_: MouseEvent| match state.session.ready() {
            Ok(()) => confirming.set(true),
            Err(why) => {
                refused.set(Some(why));
                if let Some(input) = name_field.cast::<HtmlInputElement>() {
                    let _ = input.focus();
                }
            }
        })
    };
    let cancel = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(false))
    };
    let confirm = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Submit))
    };
    let refused = (*refused).filter(|_| !*confirming);
    html! {
        <section class="submit-box">
            <label class="field">
                { "Your name (for the results file)" }
                <input type="text" ref={name_field} value={state.session.trainee.clone()} oninput={on_name} data-testid="trainee-name" autocomplete="name"
                    aria-invalid={refused.is_some().to_string()} aria-describedby="name-error" />
            </label>
            if let Some(why) = refused {
                <p class="field-error" id="name-error" role="alert" data-testid="name-error">{ why.to_string() }</p>
            }
            if *confirming {
                <div class="confirm" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-text">
                    <p id="confirm-title"><strong>{ "Submit your answers?" }</strong></p>
                    <p id="confirm-text">{ format!("You answered {answered} of {} objectives. After submitting, the answers are graded and can no longer be changed.", case.objectives.len()) }</p>
                    <button class="button primary" data-testid="confirm-submit" onclick={confirm}>{ "Submit" }</button>
                    { " " }
                    <button class="button" data-testid="cancel-submit" onclick={cancel}>{ "Keep working" }</button>
                </div>
            } else {
                <button class="button primary" data-testid="submit-answers" onclick={ask}>{ "Submit answers…" }</button>
            }
        </section>
    }
}

#[function_component(Debrief)]
fn debrief(props: &AnswersProps) -> Html {
    let state = &props.state;
    let Some(sub) = &state.session.submission else {
        return Html::default();
    };
    let g = &sub.grade;
    let download = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let ledger = &state.ledger;
            let graph = GraphSnapshot {
                addresses: state
                    .graph
                    .nodes()
                    .map(|n| ledger.display_address(&n.key).to_string())
                    .collect(),
                transactions: state
                    .graph
                    .revealed_txs()
                    .map(|t| ledger.tx(t).id.clone())
                    .collect(),
            };
            if let Some(file) = results_file(&ledger.case, &state.session, graph) {
                let text = serde_json::to_string(&file).unwrap_or_default();
                let who: String = file
                    .trainee
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .collect();
                let name = format!(
                    "results-{}{}{}.json",
                    file.case_id,
                    if who.is_empty() { "" } else { "-" },
                    browser_text::lowercase(&who)
                );
                super::download(&name, "application/json", &text);
            }
        })
    };
    let toggle = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::ToggleOverlay))
    };
    html! {
        <section class="score-box">
            <p class="score" data-testid="score" aria-live="polite">
                { format!("Score: {} / {} points ({}%)", points_text(g.earned_centi), points_text(g.max_centi), g.percent()) }
            </p>
            if g.request_penalty_centi > 0 {
                <p class="muted">{ format!("Includes −{} points for unfounded requests.", points_text(g.request_penalty_centi)) }</p>
            }
            <div class="actions">
                <button class="button primary" data-testid="download-results" onclick={download}>{ "Download results file" }</button>
                <button class="button" data-testid="toggle-overlay" onclick={toggle} aria-pressed={state.show_overlay.to_string()}>
                    { if state.show_overlay { "Show my graph only" } else { "Show the solution overlay" } }
                </button>
            </div>
        </section>
    }
}

//! The home page: the bundled cases as cards, in learning-path order, and the
//! instructors' "New case from generator".

use std::rc::Rc;

use yew::prelude::*;

use super::generate_panel::GeneratePanel;
use crate::library::{CaseCard, Library};

#[derive(Properties, PartialEq)]
pub struct LibraryProps {
    pub library: Option<Result<Rc<Library>, String>>,
}

#[function_component(LibraryPage)]
pub fn library_page(props: &LibraryProps) -> Html {
    let cards = match &props.library {
        None => html! { <p class="muted">{ "Loading the case library…" }</p> },
        Some(Err(e)) => {
            html! { <p class="muted">{ format!("The case library is not available ({e}). You can still open a case file.") }</p> }
        }
        Some(Ok(lib)) => {
            let ordered = ordered_cards(lib);
            html! {
                <ol class="cards">
                    { for ordered.into_iter().enumerate().map(|(i, c)| card(i + 1, c)) }
                </ol>
            }
        }
    };
    html! {
        <main class="library">
            <section class="intro">
                <h1>{ "Case library" }</h1>
                <p>{ "Each case is a synthetic fraud investigation on a simulated blockchain. Open one, read the briefing, then follow the money on the graph: select an address, expand its incoming and outgoing transactions, and read the details in the inspector." }</p>
                <p class="muted">{ "Instructors: open your own case file with the button above, or drop it anywhere on this page. Everything runs in this browser; nothing is sent anywhere." }</p>
                <GeneratePanel />
            </section>
            { cards }
        </main>
    }
}

/// Cards in the learning path's order, then any case the path does not name.
fn ordered_cards(lib: &Library) -> Vec<&CaseCard> {
    let mut out: Vec<&CaseCard> = lib.path.iter().filter_map(|id| lib.find(id)).collect();
    for c in &lib.cases {
        if !lib.path.contains(&c.id) {
            out.push(c);
        }
    }
    out
}

fn card(step: usize, c: &CaseCard) -> Html {
    let href = format!("#/s/{}", c.id);
    html! {
        <li key={c.id.clone()} class="card">
            <a class="card-link" href={href} data-testid={format!("scenario-card-{}", c.id)}>
                <span class="card-step">{ format!("Case {step}") }</span>
                <h2 class="card-title">{ &c.title }</h2>
                <p class="card-summary">{ &c.summary }</p>
                <p class="card-meta">
                    <span class={classes!("badge", format!("difficulty-{}", c.difficulty.as_str()))}>{ c.difficulty.as_str() }</span>
                    <span class="badge">{ format!("{} min", c.estimated_minutes) }</span>
                    { for c.chains.iter().map(|ch| html! { <span class="badge chain">{ ch }</span> }) }
                </p>
                <p class="card-tags">{ for c.typologies.iter().map(|t| html! { <span class="tag">{ t }</span> }) }</p>
            </a>
        </li>
    }
}

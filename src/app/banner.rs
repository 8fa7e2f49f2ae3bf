//! The error banner: why something could not be opened. For a file that is not a
//! valid case, every problem with where it is (JSON path, line, column), so an
//! instructor can fix them all at once; otherwise one sentence.

use yew::prelude::*;

use crate::ui::{Detail, Failure};

#[derive(Properties, PartialEq)]
pub struct BannerProps {
    pub failure: Failure,
    pub on_dismiss: Callback<()>,
}

/// Shows at most this many problems; the rest are counted (the CLI lists them all).
const SHOWN: usize = 200;

#[function_component(Banner)]
pub fn banner(props: &BannerProps) -> Html {
    let f = &props.failure;
    let dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    let body = match &f.detail {
        Detail::Sentence(text) => html! { <p data-testid="error-problem">{ text }</p> },
        Detail::Problems(problems) => {
            let n = problems.len();
            html! {
                <>
                    <p>{ format!("{n} problem{} found. Nothing that was open has been changed.", if n == 1 { "" } else { "s" }) }</p>
                    <ol class="error-list">
                        { for problems.iter().take(SHOWN).map(|p| html! {
                            <li data-testid="error-problem">
                                <code class="error-where">{ p.location() }</code>
                                <span class="error-message">{ &p.message }</span>
                                <span class="error-rule">{ p.rule.as_str() }</span>
                            </li>
                        }) }
                    </ol>
                    if n > SHOWN {
                        <p>{ format!("…and {} more. `tracelab validate FILE` lists them all.", n - SHOWN) }</p>
                    }
                </>
            }
        }
    };
    html! {
        <section class="error-banner" role="alert" data-testid="error-banner" aria-labelledby="error-title">
            <div class="error-head">
                <h2 id="error-title">{ &f.title }</h2>
                <button class="button" data-testid="error-dismiss" onclick={dismiss} aria-label="Dismiss">{ "Dismiss" }</button>
            </div>
            { body }
        </section>
    }
}

//! The case's objectives: what the trainee has to find, shown from the start so
//! the investigation has a goal.

use std::rc::Rc;

use yew::prelude::*;

use crate::ledger::Ledger;
use crate::markdown;

#[derive(Properties)]
pub struct ObjectivesProps {
    pub ledger: Rc<Ledger>,
}

impl PartialEq for ObjectivesProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.ledger, &other.ledger)
    }
}

#[function_component(Objectives)]
pub fn objectives(props: &ObjectivesProps) -> Html {
    let list = &props.ledger.case.objectives;
    let total: u32 = list.iter().map(|o| o.points).sum();
    html! {
        <details class="objectives" open=true>
            <summary>{ format!("Objectives ({total} points)") }</summary>
            <ol>
                { for list.iter().map(|o| html! {
                    <li key={o.id.clone()} data-testid={format!("objective-{}", o.id)}>
                        <div class="markdown">{ Html::from_html_unchecked(AttrValue::from(markdown::render(&o.prompt))) }</div>
                        <span class="points muted">{ format!("{} points · {}", o.points, o.kind.as_str().replace('_', " ")) }</span>
                    </li>
                }) }
            </ol>
        </details>
    }
}

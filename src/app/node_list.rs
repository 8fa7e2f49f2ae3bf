//! The accessible twin of the canvas: every node on the graph as a list row.
//!
//! Keyboard and screen-reader users work the case from here (Tab to a row, Enter
//! or Space to select, then the inspector's buttons); mouse users see the same
//! selection on the canvas because both render the one reducer state. Up and
//! Down move between rows, as in a listbox. Tags and notes show here as on canvas.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::browser_text;
use super::workspace::{Action, WorkspaceState};
use crate::address::shorten;

#[derive(Properties, PartialEq)]
pub struct NodeListProps {
    pub state: UseReducerHandle<WorkspaceState>,
}

#[function_component(NodeList)]
pub fn node_list(props: &NodeListProps) -> Html {
    let state = &props.state;
    let ledger = &state.ledger;
    let selected = state.selected_address().map(str::to_string);
    let nodes = state.graph.nodes_in_reading_order();
    html! {
        <section class="node-list-section" aria-labelledby="node-list-title">
            <h2 id="node-list-title">{ format!("Addresses on the graph ({})", nodes.len()) }</h2>
            <ul class="node-list" role="listbox" aria-label="Addresses on the graph" data-testid="node-list">
                { for nodes.into_iter().map(|n| {
                    let display = ledger.display_address(&n.key).to_string();
                    let entry = ledger.address(&n.key);
                    let label = entry.and_then(|a| a.label.as_ref());
                    let is_selected = selected.as_deref() == Some(n.key.as_str());
                    let select = {
                        let state = state.clone();
                        let key = n.key.clone();
                        Callback::from(move |_: MouseEvent| state.dispatch(Action::SelectAddress(key.clone())))
                    };
                    let keydown = {
                        let state = state.clone();
                        let key = n.key.clone();
                        Callback::from(move |e: KeyboardEvent| {
                            match e.key().as_str() {
                                "Enter" | " " => {
                                    e.prevent_default();
                                    state.dispatch(Action::SelectAddress(key.clone()));
                                }
                                "ArrowDown" | "ArrowUp" => {
                                    e.prevent_default();
                                    let row = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
                                    let next = row.and_then(|r| if e.key() == "ArrowDown" { r.next_element_sibling() } else { r.previous_element_sibling() });
                                    if let Some(el) = next.and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) {
                                        let _ = el.focus();
                                    }
                                }
                                _ => {}
                            }
                        })
                    };
                    let category = label.map_or("unlabelled", |l| l.category.as_str());
                    // The taint colouring, readable by assistive tech and tests (the canvas is pixels).
                    let taint = state.tools.taint.as_ref().map(|t| t.view.rows.get(&n.key).map(|r| (r.amount.to_string(), format!("tainted {}, {} of the source", r.text, r.percent))));
                    html! {
                        <li key={n.key.clone()}
                            role="option"
                            tabindex="0"
                            aria-selected={is_selected.to_string()}
                            class={classes!("node-row", is_selected.then_some("selected"))}
                            data-testid={format!("node-row-{display}")}
                            data-taint={taint.as_ref().map(|t| t.as_ref().map_or("0".to_string(), |r| r.0.clone()))}
                            data-x={browser_text::num(n.x)} data-y={browser_text::num(n.y)} data-pinned={n.pinned.to_string()}
                            title={display.clone()}
                            onclick={select}
                            onkeydown={keydown}>
                            <span class={classes!("swatch", format!("cat-{category}"))} aria-hidden="true"></span>
                            <span class="node-row-text">
                                <span class="mono">{ shorten(&display) }</span>
                                if let Some(l) = label {
                                    <span class="node-row-label">{ &l.text }</span>
                                }
                                if let Some(Some((_, words))) = &taint {
                                    <span class="node-row-label taint-chip">{ words }</span>
                                }
                                if n.is_start {
                                    <span class="node-row-label start">{ "start" }</span>
                                }
                                if let Some(tag) = state.graph.tag(&n.key) {
                                    <span class={classes!("tag-chip", format!("tag-{}", tag.as_str()))} data-testid={format!("tag-chip-{display}")}>{ tag.label() }</span>
                                }
                                if let Some(note) = state.graph.note(&n.key) {
                                    <span class="node-row-note" title={note.to_string()}>{ "✎ " }{ note }</span>
                                }
                            </span>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}

//! The progress bar of a case on its way: what is being opened, which stage it is
//! at (reading, checking, receiving, indexing), how far, and a Cancel that stops
//! it and keeps whatever was open.

use yew::prelude::*;

use crate::amount::{format_units_grouped, Amount};
use crate::lab::{params_from_route, Stage};

/// A count with thousands groups: `100,000`.
fn grouped(n: u64) -> String {
    format_units_grouped(Amount(u128::from(n)), 0)
}
use crate::ui::{Loading, Source};

#[derive(Properties, PartialEq)]
pub struct LoadProgressProps {
    pub loading: Loading,
    pub cancel: Callback<MouseEvent>,
}

/// What is being opened, in words.
fn what(source: &Source) -> String {
    match source {
        Source::Bundled(id) => format!("Opening case “{id}”…"),
        Source::File(name) => format!("Opening {name}…"),
        Source::Generated(address) => match params_from_route(address) {
            Ok(p) => format!(
                "Generating the {} case ({}, seed {}) in this browser…",
                p.typology.id(),
                p.difficulty.as_str(),
                p.seed
            ),
            Err(_) => "Generating a case in this browser…".to_string(),
        },
    }
}

/// The stage, in words, with its count when there is one.
fn stage(stage: Stage, done: u64, total: u64) -> String {
    let count = |unit: &str| {
        if total > 0 {
            format!(" ({} of {} {unit})", grouped(done), grouped(total))
        } else {
            String::new()
        }
    };
    match stage {
        Stage::Generating => "Building the ledger".to_string(),
        Stage::Reading => format!(
            "Reading the file{}",
            if total > 0 {
                format!(" ({} MB)", grouped(total.div_ceil(1_000_000)))
            } else {
                String::new()
            }
        ),
        Stage::Checking => "Checking every rule of the case format".to_string(),
        Stage::Sending | Stage::Receiving => format!("Receiving the case{}", count("records")),
        Stage::Indexing => "Indexing the transactions".to_string(),
    }
}

#[function_component(LoadProgress)]
pub fn load_progress(props: &LoadProgressProps) -> Html {
    let loading = &props.loading;
    let (label, value, max) = match loading.progress {
        Some(p) => {
            let fraction = (p.total > 0 && p.stage >= Stage::Sending).then_some((p.done, p.total));
            (
                stage(p.stage, p.done, p.total),
                fraction.map(|f| f.0),
                fraction.map(|f| f.1),
            )
        }
        None => ("Starting".to_string(), None, None),
    };
    html! {
        <section class="load-progress" role="status" aria-live="polite" data-testid="load-progress">
            <p class="load-what">{ what(&loading.source) }</p>
            <p class="load-stage muted" data-testid="load-stage">{ label }</p>
            // Without a value, a <progress> shows that work goes on without saying how far.
            <progress max={max.unwrap_or(1).to_string()} value={value.map(|v| v.to_string())} aria-label="Progress"></progress>
            <button class="button small" data-testid="load-cancel" onclick={props.cancel.clone()}>{ "Cancel" }</button>
        </section>
    }
}

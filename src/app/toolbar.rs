//! The bar above the graph: undo and redo, hide and show, the transactions table,
//! exports, and starting the case over; plus the warning when work cannot be saved.
//!
//! Exports are produced by the core (CSV, SVG, report, case file) and handed to the
//! browser as downloads; only the PNG comes from the canvas itself, found by its
//! `data-testid` so the canvas component needs no export code.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::download;
use super::workspace::{Action, WorkspaceState};
use crate::investigation::export;
use crate::investigation::history::{describe, Command};
use crate::saved;
use crate::time::format_utc;

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub state: UseReducerHandle<WorkspaceState>,
}

/// File names start with the case id so a trainee's downloads sort together.
fn file_name(state: &WorkspaceState, suffix: &str) -> String {
    format!("{}-{suffix}", state.ledger.case.id)
}

fn export_png(state: &WorkspaceState) {
    let canvas = gloo::utils::document()
        .query_selector("[data-testid=\"graph-canvas\"]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlCanvasElement>().ok());
    let Some(url) = canvas.and_then(|c| c.to_data_url().ok()) else {
        return;
    };
    if let Some(a) = gloo::utils::document()
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(&file_name(state, "graph.png"));
        a.click();
    }
}

fn now_text() -> String {
    format_utc((js_sys::Date::now() / 1000.0) as i64)
}

#[function_component(Toolbar)]
pub fn toolbar(props: &ToolbarProps) -> Html {
    let state = &props.state;
    let act = |make: fn() -> Action| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(make()))
    };
    let export = |kind: &'static str| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let (g, l) = (&state.graph, &state.ledger);
            match kind {
                "png" => export_png(&state),
                "svg" => download(
                    &file_name(&state, "graph.svg"),
                    "image/svg+xml",
                    &export::svg(g, l),
                ),
                "csv" => download(
                    &file_name(&state, "transactions.csv"),
                    "text/csv",
                    &export::csv(g, l),
                ),
                "report" => download(
                    &file_name(&state, "report.html"),
                    "text/html",
                    &export::report_html(g, l, &now_text()),
                ),
                _ => {
                    let work = saved::save(l, &state.history, &state.session);
                    download(
                        &file_name(&state, "investigation.json"),
                        "application/json",
                        &saved::case_file(l, &work),
                    );
                }
            }
        })
    };
    let reset = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let sure = gloo::utils::window()
                .confirm_with_message("Start this case again? Your graph, tags, notes and answers will be deleted from this browser.")
                .unwrap_or(false);
            if sure {
                state.dispatch(Action::Reset);
            }
        })
    };
    let hide = state.selected_address().map(|k| {
        let state = state.clone();
        let key = k.to_string();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Do(Command::Hide { key: key.clone() }))
        })
    });
    let hidden = state.graph.hidden().len();
    let undo_title = state
        .history
        .last_done()
        .map_or("Nothing to undo".to_string(), |c| {
            format!("Undo {} (Ctrl+Z)", describe(c))
        });
    let redo_title = state
        .history
        .next_redo()
        .map_or("Nothing to redo".to_string(), |c| {
            format!("Redo {} (Ctrl+Shift+Z)", describe(c))
        });
    html! {
        <>
            <div class="graph-toolbar" role="toolbar" aria-label="Investigation">
                <button class="button small" data-testid="undo" onclick={act(|| Action::Undo)}
                    disabled={!state.history.can_undo()} title={undo_title.clone()} aria-label={undo_title}>{ "↶ Undo" }</button>
                <button class="button small" data-testid="redo" onclick={act(|| Action::Redo)}
                    disabled={!state.history.can_redo()} title={redo_title.clone()} aria-label={redo_title}>{ "↷ Redo" }</button>
                <span class="toolbar-sep" aria-hidden="true"></span>
                <button class="button small" data-testid="hide-node" onclick={hide.clone().unwrap_or_default()}
                    disabled={hide.is_none()} title="Hide the selected address from the graph (undo brings it back)">{ "Hide selected" }</button>
                <button class="button small" data-testid="show-hidden" onclick={act(|| Action::Do(Command::ShowAll))}
                    disabled={hidden == 0} title="Show every hidden address again">{ format!("Show hidden ({hidden})") }</button>
                <button class="button small" data-testid="toggle-table" onclick={act(|| Action::ToggleTable)}
                    aria-pressed={state.show_table.to_string()} title="Show the transactions on the graph as a table, with filters and a timeline">{ "Transactions & filters" }</button>
                <span class="toolbar-sep" aria-hidden="true"></span>
                <span class="toolbar-label" id="export-label">{ "Export:" }</span>
                <span role="group" aria-labelledby="export-label" class="toolbar-group">
                    <button class="button small" data-testid="export-png" onclick={export("png")} title="The graph as a picture (PNG)">{ "PNG" }</button>
                    <button class="button small" data-testid="export-svg" onclick={export("svg")} title="The graph as a vector drawing (SVG)">{ "SVG" }</button>
                    <button class="button small" data-testid="export-csv" onclick={export("csv")} title="The transactions on the graph as a spreadsheet (CSV)">{ "CSV" }</button>
                    <button class="button small" data-testid="export-report" onclick={export("report")} title="A printable report of the trail, tags and notes (HTML)">{ "Report" }</button>
                    <button class="button small" data-testid="export-case" onclick={export("case")} title="The case with your investigation: open it again to carry on">{ "Save case file" }</button>
                </span>
                <span class="topbar-spacer"></span>
                <button class="button small danger" data-testid="reset-case" onclick={reset} title="Delete your work on this case and start again">{ "Reset case" }</button>
            </div>
            if let Some(problem) = &state.storage_problem {
                <div class="storage-warning" role="alert" data-testid="storage-warning">
                    <span>{ problem }</span>
                    <button class="button small" onclick={act(|| Action::StorageProblem(None))}>{ "Dismiss" }</button>
                </div>
            }
        </>
    }
}

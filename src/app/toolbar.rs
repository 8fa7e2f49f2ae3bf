//! The bar above the graph: undo and redo, hide and show, the transactions table,
//! exports, and starting the case over; plus the notices about saving under it.
//!
//! The notices say what happened and what to do, in the trainee's words, each
//! with its way out as buttons: storage that is blocked or full offers "Save case
//! file" right there; a saved document TraceLab cannot read can be downloaded or
//! deleted; another tab's work can be loaded or overruled; a case file whose
//! work differs from the work in this browser asks which to continue, in a dialog
//! that changes nothing until answered. Which notice applies is the core's
//! decision (`autosave`); the storage calls are the workspace's (`save_now`).
//!
//! Exports are produced by the core (CSV, SVG, report, case file) and handed to the
//! browser as downloads; only the PNG comes from the canvas itself, found by its
//! `data-testid` so the canvas component needs no export code.

use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

use yew::prelude::*;

use super::workspace::{save_now, Action, WorkspaceState};
use super::{download, storage};
use crate::autosave::{self, Fault, Kept, Note, Place, Question, Step};
use crate::investigation::export;
use crate::investigation::history::{describe, Command};
use crate::saved::{self, SaveError, Saved};
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

/// The case with the trainee's work inside, as a download.
fn save_case_file(state: &WorkspaceState) {
    let mut work = saved::save(&state.ledger, &state.history, &state.session);
    work.saved_at = Some(js_sys::Date::now() as u64);
    download(
        &file_name(state, "investigation.json"),
        "application/json",
        &saved::case_file(&state.ledger, &work),
    );
}

/// "5 minutes ago (22/11/2026, 10:31:05), 12 actions": when a copy of the work
/// was saved, in the browser's own date format, and how much it holds.
fn describe_work(work: &Saved) -> String {
    let now = js_sys::Date::now() as u64;
    let when = work.saved_at.map_or(String::new(), |ms| {
        let date = js_sys::Date::new(&(ms as f64).into());
        let text: String = date.to_locale_string("default", &JsValue::UNDEFINED).into();
        format!(" ({text})")
    });
    let n = work.session.actions;
    format!(
        "{}{when}, {n} action{}",
        autosave::ago(now, work.saved_at),
        if n == 1 { "" } else { "s" }
    )
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
                _ => save_case_file(&state),
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
            { notices(state) }
        </>
    }
}

/// One notice: a title, what it means and what to do, and its buttons.
fn notice(testid: &'static str, alert: bool, title: &str, body: String, buttons: Html) -> Html {
    html! {
        <div class={classes!("notice", alert.then_some("alert"))} role={if alert { "alert" } else { "status" }} data-testid={testid}>
            <p><strong>{ title }</strong>{ " " }{ body }</p>
            <div class="notice-actions">{ buttons }</div>
        </div>
    }
}

fn button(testid: &'static str, primary: bool, label: &str, onclick: Callback<MouseEvent>) -> Html {
    html! {
        <button class={classes!("button", "small", primary.then_some("primary"))} data-testid={testid} {onclick}>{ label }</button>
    }
}

fn on(
    state: &UseReducerHandle<WorkspaceState>,
    f: impl Fn(&UseReducerHandle<WorkspaceState>) + 'static,
) -> Callback<MouseEvent> {
    let state = state.clone();
    Callback::from(move |_: MouseEvent| f(&state))
}

/// Shows this work instead; `saved` when the slot holds it already.
fn go_on(
    state: &UseReducerHandle<WorkspaceState>,
    work: Option<Rc<Saved>>,
    known: Option<Rc<str>>,
    saved: bool,
) {
    state.dispatch(Action::Continue {
        work,
        known,
        saved,
        followed: false,
    });
}

/// Everything the trainee should know about saving, under the toolbar.
fn notices(state: &UseReducerHandle<WorkspaceState>) -> Html {
    let n = &state.slot.notices;
    let save_case = || {
        button(
            "notice-save-case",
            true,
            "Save case file",
            on(state, |s| save_case_file(s)),
        )
    };
    let fault = n.fault.map(|f| {
        let (title, body) = match f {
            Fault::Blocked => ("This browser is not keeping your work.", "Site data is blocked for this page, so nothing you do here is saved. Before you close this tab, use “Save case file” and keep the file: opening it later brings your work back."),
            Fault::Full => ("Your latest changes are not saved in this browser: its storage is full.", "Nothing is lost while this tab stays open. Use “Save case file” now to keep a copy; this message goes away as soon as saving works again."),
            Fault::Other => ("Your latest changes are not saved in this browser: it refused to store them.", "Nothing is lost while this tab stays open. Use “Save case file” now to keep a copy; this message goes away as soon as saving works again."),
        };
        notice("storage-fault", true, title, body.into(), save_case())
    });
    let kept = n.kept.iter().map(|k| kept_notice(state, k, save_case()));
    let question = match &n.question {
        Some(Question::OtherTab { theirs, text }) => {
            let (title, body, load) = match theirs {
                Some(w) => ("This case was changed in another tab.", format!("That tab's work was saved {}. This tab has changes that are not saved. Which work do you want to keep?", describe_work(w)), "Load the other tab's work (drops this tab's changes)"),
                None => ("The saved work of this case was deleted in another tab.", "This tab still shows its work, which is not saved now. Which do you want?".to_string(), "Start afresh here too"),
            };
            let (theirs, text) = (theirs.clone(), text.clone());
            let buttons = html! { <>
                { button("other-tab-load", false, load, on(state, move |s| go_on(s, theirs.clone(), text.clone(), true))) }
                { button("other-tab-keep", true, "Keep this tab's work (replaces the other tab's)", on(state, |s| {
                    match storage::get(&saved::storage_key(&s.ledger)) {
                        Ok(now) => {
                            s.dispatch(Action::Storage(Step::Overrule(now.map(Rc::from))));
                            save_now(s);
                        }
                        Err(f) => s.dispatch(Action::Storage(Step::Failed(f))),
                    }
                })) }
            </> };
            Some(notice("other-tab", true, title, body, buttons))
        }
        Some(Question::FileOrStored { file, stored }) => Some(choose_dialog(state, file, stored)),
        None => None,
    };
    let note = n.note.as_ref().map(|note| {
        let ok = button(
            "notice-ok",
            false,
            "OK",
            on(state, |s| s.dispatch(Action::Storage(Step::Dismiss))),
        );
        match note {
            Note::Followed { saved_at } => notice(
                "followed-note",
                false,
                "Updated from another tab.",
                format!(
                    "This case was changed in another tab {}, and this tab now shows that work.",
                    autosave::ago(js_sys::Date::now() as u64, *saved_at)
                ),
                ok,
            ),
            Note::FileUnreadable { why, stored_shown } => notice(
                "file-note",
                true,
                "The work inside this case file could not be read:",
                format!(
                    "{why}. {}",
                    if *stored_shown {
                        "The work saved in this browser is shown instead."
                    } else {
                        "The case starts afresh."
                    }
                ),
                ok,
            ),
        }
    });
    html! {
        <div class="storage-notices">
            { for fault }
            { for kept }
            { for question }
            { for note }
        </div>
    }
}

/// A saved document TraceLab cannot read: why, where it is kept, and a download
/// and a delete (after a confirmation).
fn kept_notice(state: &UseReducerHandle<WorkspaceState>, k: &Kept, save_case: Html) -> Html {
    let newer = matches!(k.why, SaveError::TooNew(_));
    let (title, what) = if newer {
        (
            "This case has work saved by a newer version of TraceLab.",
            "This version cannot open it",
        )
    } else {
        (
            "Work saved earlier in this browser could not be read.",
            "It is damaged, so TraceLab cannot open it",
        )
    };
    let body = match (k.place, newer) {
        (Place::Aside, _) => format!("{what}. It has been set aside unchanged, not overwritten, and your work now is saved as usual. Download it to keep a copy (your instructor may be able to help), or delete it."),
        (Place::InPlace, true) => format!("{what}, and leaves it untouched: autosave is paused, so what you do here is not saved in this browser. To carry on with that work, open the case in the newer TraceLab. To keep what you do here, use “Save case file”, or delete the newer work to save here again."),
        (Place::InPlace, false) => format!("{what}. It is left untouched, so autosave is paused: what you do here is not saved in this browser. Download it, then delete it to save here again; meanwhile “Save case file” keeps your work."),
    };
    let text = k.text.clone();
    let id = state.ledger.case.id.clone();
    let download_it = on(state, move |_| {
        download(
            &format!("{id}-unreadable-saved-work.json"),
            "application/json",
            &text,
        )
    });
    let place = k.place;
    let discard = on(state, move |s| {
        let sure = gloo::utils::window()
            .confirm_with_message("Delete this copy of the saved work from this browser? It cannot be recovered unless you downloaded it.")
            .unwrap_or(false);
        if !sure {
            return;
        }
        let key = match place {
            Place::Aside => autosave::aside_key(&s.ledger),
            Place::InPlace => saved::storage_key(&s.ledger),
        };
        match storage::remove(&key) {
            Ok(()) => {
                s.dispatch(Action::Storage(Step::Discarded(place)));
                save_now(s);
            }
            Err(f) => s.dispatch(Action::Storage(Step::Failed(f))),
        }
    });
    let buttons = html! { <>
        { button("kept-download", place == Place::InPlace, "Download a copy", download_it) }
        { button("kept-discard", false, if place == Place::InPlace { "Delete it and save here again…" } else { "Delete it…" }, discard) }
        if place == Place::InPlace { { save_case } }
    </> };
    notice("kept-work", true, title, body, buttons)
}

/// A case file carries work and this browser holds other work for the case:
/// which to continue. Modal, and nothing is written until answered.
fn choose_dialog(
    state: &UseReducerHandle<WorkspaceState>,
    file: &Rc<Saved>,
    stored: &Rc<Saved>,
) -> Html {
    let newer = autosave::newer(file, stored);
    let option = |testid: &'static str,
                  heading: &str,
                  work: &Rc<Saved>,
                  consequence: &str,
                  label: &str,
                  onclick| {
        html! {
            <li class="choice-card">
                <p><strong>{ heading }</strong>{ if Rc::ptr_eq(work, newer) { " (the newer)" } else { "" } }</p>
                <p>{ "Saved " }{ describe_work(work) }{ "." }</p>
                <p class="muted small">{ consequence }</p>
                { button(testid, Rc::ptr_eq(work, newer), label, onclick) }
            </li>
        }
    };
    let known = state.slot.known.clone();
    let (f, k) = (file.clone(), known.clone());
    let take_file = on(state, move |s| go_on(s, Some(f.clone()), k.clone(), false));
    let st = stored.clone();
    let take_stored = on(state, move |s| {
        go_on(s, Some(st.clone()), known.clone(), true)
    });
    html! {
        <div class="modal-backdrop">
            <div class="modal" role="dialog" aria-modal="true" aria-labelledby="choose-title" aria-describedby="choose-text" data-testid="choose-work">
                <h2 id="choose-title">{ "Which work on this case do you want to continue?" }</h2>
                <p id="choose-text">{ "The case file you opened holds work on this case, and this browser holds different work on it. Nothing is changed until you choose." }</p>
                <ul class="choice-cards">
                    { option("choose-file", "In the case file", file, "The work saved in this browser is replaced by the file's.", "Continue the file's work", take_file) }
                    { option("choose-stored", "In this browser", stored, "The case file is not changed: you can open it again later.", "Continue the work in this browser", take_stored) }
                </ul>
            </div>
        </div>
    }
}

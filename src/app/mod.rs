//! The browser app: a thin yew shell over the core.
//!
//! The root component keeps what is app-wide. Which case is open, which is on its
//! way and what the URL says are one state machine in the core
//! (`ui::Root`); `opening` performs what it asks for (fetch a bundled case, have
//! the lab worker generate one or read a file, write the URL) and tells it what
//! came of it. A case from a file or the generator is read, checked and indexed in
//! the lab worker and arrives in parts, with progress and a Cancel, so a big case
//! never stops the page; a broken file lists every problem in the banner and
//! whatever was open stays open.
//!
//! Each open case gets a fresh `Workspace` (keyed by a generation counter), whose one
//! reducer holds the investigation state.

mod annotate;
mod answer_widgets;
mod answers;
mod banner;
#[cfg(feature = "bench")]
mod bench;
mod browser_text;
mod canvas;
mod frame_cache;
mod generate_panel;
mod inspector;
mod lab_client;
mod library;
mod loading;
mod node_list;
mod opening;
mod paged_expand;
mod render;
mod requests;
mod storage;
mod toolbar;
mod tools;
mod tools_panel;
mod tooltip;
mod tx_table;
mod workspace;

use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, HtmlInputElement};
use yew::prelude::*;

use crate::generator::Params;
use crate::ledger::Ledger;
use crate::library::Library;
use crate::training::results::GraphSnapshot;
use crate::training::Session;
use crate::ui::{Action, Screen};

pub use crate::ui::Failure;
pub use banner::Banner;

/// Mounts the app on the page's body.
pub fn run() {
    yew::Renderer::<App>::new().render();
}

/// The hash of the page's URL.
fn current_hash() -> String {
    gloo::utils::window().location().hash().unwrap_or_default()
}

fn set_hash(hash: &str) {
    let _ = gloo::utils::window().location().set_hash(hash);
}

/// A case open in the app, and how the lab worker can open it again.
pub struct OpenCase {
    pub ledger: Rc<Ledger>,
    /// File name, "library" file, or what the generator was asked for.
    pub source: String,
    /// Distinguishes two openings of the same case so the workspace starts fresh.
    pub generation: u32,
    /// Set when a results file was opened: the submitted attempt to show again.
    pub review: Option<Review>,
    /// How the lab worker gets this case again for the tools, when it does not
    /// have it (a fresh worker, or another case opened since).
    pub reopen: lab_client::Reopen,
    /// For a case made by the generator, what it was asked for (its download).
    pub generated: Option<Params>,
}

/// A handed-in attempt, rebuilt from its results file.
pub struct Review {
    pub session: Session,
    pub graph: GraphSnapshot,
}

impl PartialEq for OpenCase {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation
    }
}

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let document = gloo::utils::document();
    if let Some(a) = document
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Fetches a file of the page's own origin as text.
async fn fetch_text(url: &str) -> Result<String, String> {
    let response = gloo::net::http::Request::get(url)
        .send()
        .await
        .map_err(|e| format!("could not load {url}: {e}"))?;
    if !response.ok() {
        return Err(format!("could not load {url}: HTTP {}", response.status()));
    }
    response
        .text()
        .await
        .map_err(|e| format!("could not read {url}: {e}"))
}

/// The library index, fetched from the page's origin.
async fn fetch_library() -> Result<Rc<Library>, String> {
    let text = fetch_text("scenarios/index.json").await?;
    serde_json::from_str::<Library>(&text)
        .map(Rc::new)
        .map_err(|e| format!("the library index is damaged: {e}"))
}

const THEME_KEY: &str = "tracelab.theme";

/// The window event that tells the canvas the theme changed (it caches colours).
pub const THEME_EVENT: &str = "tracelab-theme";

/// The system's dark colour-scheme query: whether it matches now, and the
/// object that says when that changes.
fn dark_media() -> Option<web_sys::MediaQueryList> {
    gloo::utils::window()
        .match_media("(prefers-color-scheme: dark)")
        .ok()
        .flatten()
}

/// Whether `theme` ("light", "dark", or "" to follow the system) is dark now.
fn is_dark(theme: &str) -> bool {
    match theme {
        "" => dark_media().is_some_and(|m| m.matches()),
        t => t == "dark",
    }
}

/// Sets `<html data-theme>` to the light or dark theme `theme` means now (the
/// style sheet writes each colour once, under that attribute; index.html sets it
/// before the first paint) and tells the canvas.
fn apply_theme(theme: &str) {
    if let Some(root) = gloo::utils::document().document_element() {
        let _ = root.set_attribute("data-theme", if is_dark(theme) { "dark" } else { "light" });
    }
    if let Ok(event) = web_sys::Event::new(THEME_EVENT) {
        let _ = gloo::utils::window().dispatch_event(&event);
    }
}

/// The theme the trainee picked ("light", "dark"), or "" to follow the system,
/// also when storage is blocked or holds something else.
fn stored_theme() -> String {
    storage::get(THEME_KEY)
        .ok()
        .flatten()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

/// Light/dark switch. Until the trainee picks one the page follows the system,
/// also when the system switches while the page is open (the button's label
/// follows); the choice is kept in browser storage. The canvas reads its colours
/// from CSS variables and redraws when told (`THEME_EVENT`).
#[function_component(ThemeToggle)]
fn theme_toggle() -> Html {
    let theme = use_state(stored_theme);
    {
        let t = (*theme).clone();
        use_effect_with(t, |t| apply_theme(t));
    }
    let redraw = use_force_update();
    use_effect_with((), move |_| {
        let system = dark_media().map(|m| {
            EventListener::new(&m, "change", move |_| {
                apply_theme(&stored_theme());
                redraw.force_update();
            })
        });
        move || drop(system)
    });
    let dark_now = is_dark(&theme);
    let onclick = {
        let theme = theme.clone();
        Callback::from(move |_: MouseEvent| {
            let next = if dark_now { "light" } else { "dark" };
            // JSON text, as index.html reads it; without storage the choice lasts
            // as long as the page.
            let _ = storage::set(THEME_KEY, &format!("\"{next}\""));
            theme.set(next.to_string());
        })
    };
    html! {
        <button class="button" data-testid="theme-toggle" {onclick} aria-pressed={dark_now.to_string()}
            title="Switch between the light and the dark theme">{ if dark_now { "☀ Light theme" } else { "☾ Dark theme" } }</button>
    }
}

#[function_component(App)]
fn app() -> Html {
    let redraw = use_force_update();
    let shell = use_memo((), move |_| opening::Shell::new(&current_hash(), redraw));
    let library = use_state(|| None::<Result<Rc<Library>, String>>);

    // What the URL asked for when the page opened, and following the URL after
    // (back/forward buttons, links, the app's own changes).
    {
        let shell = shell.clone();
        use_effect_with((), move |_| {
            shell.start();
            let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                shell.dispatch(Action::Navigate(current_hash()));
            });
            move || drop(listener)
        });
    }

    // Load the library index once, for the cards.
    {
        let library = library.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                library.set(Some(fetch_library().await));
            });
        });
    }

    let open_file = {
        let shell = shell.clone();
        Callback::from(move |file: web_sys::File| shell.choose_file(file))
    };
    let on_file_input = {
        let open_file = open_file.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                open_file.emit(file);
            }
            input.set_value("");
        })
    };
    let on_drag_over = Callback::from(|e: DragEvent| e.prevent_default());
    let on_drop = {
        let open_file = open_file.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(file) = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0))
            {
                open_file.emit(file);
            }
        })
    };
    let dismiss = {
        let shell = shell.clone();
        Callback::from(move |_| shell.dispatch(Action::Dismiss))
    };
    let cancel = {
        let shell = shell.clone();
        Callback::from(move |_: MouseEvent| shell.dispatch(Action::Cancel))
    };

    let root = shell.root();
    let body = match root.screen() {
        Screen::Workspace(case) => {
            let key = case.generation;
            html! { <workspace::Workspace {key} case={case.clone()} /> }
        }
        Screen::Library => html! { <library::LibraryPage library={(*library).clone()} /> },
        #[cfg(feature = "bench")]
        Screen::Bench(query) => return html! { <bench::BenchPage query={query.to_string()} /> },
    };
    html! {
        <div class="app" data-testid="app" ondragover={on_drag_over} ondrop={on_drop}>
            <header class="topbar">
                <a class="brand" href="#/" aria-label="TraceLab: back to the case library">{ "TraceLab" }</a>
                <span class="topbar-spacer"></span>
                <ThemeToggle />
                <label class="button open-file" title="Open a case file (.json); you can also drop it anywhere on the page">
                    { "Open case file…" }
                    <input type="file" accept=".json,application/json" data-testid="open-file" onchange={on_file_input} />
                </label>
            </header>
            if let Some(loading) = root.loading() {
                <loading::LoadProgress loading={loading.clone()} {cancel} />
            }
            if let Some(f) = root.failure() {
                <Banner failure={f.clone()} on_dismiss={dismiss} />
            }
            { body }
        </div>
    }
}

//! The browser app: a thin yew shell over the core.
//!
//! The root component owns what is app-wide: the route (from the URL hash), the
//! library index, the case that is open and the error banner. A case is opened from
//! the library (`#/s/<id>` fetches `scenarios/<file>` from the page's own origin), from
//! the file picker or by dropping a file anywhere on the page. Every case goes
//! through the same `scenario::check` as the command line; if it fails, the banner
//! lists every problem and whatever was open stays open, so nothing is lost.
//!
//! A generated case has an address of its own, `#/g/<typology>/<difficulty>/<seed>`
//! (`lab::route`): the case is built in the lab worker
//! (`lab_client`) whenever that address is opened, so a reload or a shared link
//! gives the same case again.
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
mod node_list;
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

use crate::lab;
use crate::ledger::Ledger;
use crate::library::Library;
use crate::scenario::{self, JsonPath, Problem, Rule};
use crate::training::results::{session_from_results, GraphSnapshot, ResultsFile};
use crate::training::Session;

pub use banner::Banner;

/// Mounts the app on the page's body.
pub fn run() {
    yew::Renderer::<App>::new().render();
}

#[derive(Clone, Debug, PartialEq)]
enum Route {
    Library,
    Case(String),
    /// A generated case's address (`/g/...`, without the `#`).
    Generated(String),
    /// The rendering benchmark (`#/bench?nodes=N&frames=F`), for `cargo xtask
    /// bench-ui`; only in a build with the `bench` feature.
    #[cfg(feature = "bench")]
    Bench(String),
}

fn current_route() -> Route {
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    #[cfg(feature = "bench")]
    if let Some(query) = hash.strip_prefix("#/bench") {
        return Route::Bench(query.trim_start_matches('?').to_string());
    }
    if hash.starts_with("#/g/") {
        return Route::Generated(hash[1..].to_string());
    }
    match hash.strip_prefix("#/s/") {
        Some(id) if !id.is_empty() => Route::Case(id.to_string()),
        _ => Route::Library,
    }
}

fn set_hash(hash: &str) {
    let _ = gloo::utils::window().location().set_hash(hash);
}

/// A validated case and where it came from.
pub struct OpenCase {
    pub ledger: Rc<Ledger>,
    /// File name or "library".
    pub source: String,
    /// Distinguishes two openings of the same case so the workspace starts fresh.
    pub generation: u32,
    /// Set when a results file was opened: the submitted attempt to show again.
    pub review: Option<Review>,
    /// The case's JSON text as it was opened: what the lab worker analyses, and
    /// a generated case's download. Shared: a big case's text is megabytes.
    pub text: Rc<str>,
    /// For a case made by the generator, its address (`/g/...`).
    pub generated: Option<String>,
}

/// What `accept` receives: a case's text, where it came from, and optionally the
/// results file to review or the address it was generated for.
struct Incoming {
    text: String,
    source: String,
    results: Option<ResultsFile>,
    generated_route: Option<String>,
}

impl Incoming {
    fn file(text: String, source: String, results: Option<ResultsFile>) -> Incoming {
        Incoming {
            text,
            source,
            results,
            generated_route: None,
        }
    }
}

/// A handed-in attempt, rebuilt from its results file.
pub struct Review {
    pub session: Session,
    pub graph: GraphSnapshot,
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

/// Is this text a results file rather than a case? Read from the text twice (is
/// there a `results_version`? then the file) rather than through a
/// `serde_json::Value`: `from_value` adds a second deserializer of every results
/// type to the wasm bundle.
fn as_results(text: &str) -> Option<Result<ResultsFile, String>> {
    // An object: serde would also read the probe from an array.
    if !text.trim_start().starts_with('{') {
        return None;
    }
    if !serde_json::from_str::<VersionProbe>(text)
        .ok()?
        .results_version
        .0
    {
        return None;
    }
    Some(serde_json::from_str(text).map_err(|e| {
        // Worded as before, when the file was read from a `Value`: without position.
        let message = e.to_string();
        let position = format!(" at line {} column {}", e.line(), e.column());
        let message = message.strip_suffix(&position).unwrap_or(&message);
        format!("this results file is damaged: {message}")
    }))
}

/// Whether a JSON object has a `results_version` field, whatever its value.
#[derive(serde::Deserialize)]
struct VersionProbe {
    #[serde(default)]
    results_version: Present,
}

/// Whether the field is there: any JSON value, `null` included (an `Option` would
/// read `null` as absent).
#[derive(Default)]
struct Present(bool);

impl<'de> serde::Deserialize<'de> for Present {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(d).map(|_| Present(true))
    }
}

impl PartialEq for OpenCase {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation
    }
}

/// Problems met while opening something, for the banner.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    pub title: String,
    pub problems: Vec<Problem>,
}

impl Failure {
    fn single(title: impl Into<String>, message: impl Into<String>) -> Failure {
        Failure {
            title: title.into(),
            problems: vec![Problem::new(Rule::Syntax, JsonPath::root(), message)],
        }
    }
}

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

/// Builds the case `address` names in the lab worker and opens it; reports an
/// address the generator cannot read, or its failure, in the banner.
fn generate(
    address: String,
    accept: Callback<Incoming>,
    failure: UseStateHandle<Option<Failure>>,
    loading: UseStateHandle<Option<String>>,
) {
    let request = match lab::params_from_route(&address) {
        Ok(request) => request,
        Err(e) => {
            failure.set(Some(Failure::single(
                "This address does not name a case the generator can build",
                e.to_string(),
            )));
            return;
        }
    };
    let source = match &request.participant {
        Some(p) => format!(
            "generated: {}, seed {}, for {p}",
            request.typology.id(),
            request.seed
        ),
        None => format!(
            "generated: {}, seed {}",
            request.typology.id(),
            request.seed
        ),
    };
    loading.set(Some(format!(
        "Generating the {} case ({}, seed {}) in this browser…",
        request.typology.id(),
        request.difficulty.as_str(),
        request.seed
    )));
    wasm_bindgen_futures::spawn_local(async move {
        let result = lab_client::call(lab::message(&request)).await;
        loading.set(None);
        // The trainee may have gone elsewhere meanwhile: then the case is not wanted.
        if current_route() != Route::Generated(address.clone()) {
            return;
        }
        match result {
            Ok(text) => accept.emit(Incoming {
                text,
                source,
                results: None,
                generated_route: Some(address),
            }),
            Err(e) if e == lab_client::CANCELLED => set_hash("/"),
            Err(e) => failure.set(Some(Failure::single("The case could not be generated", e))),
        }
    });
}

#[function_component(App)]
fn app() -> Html {
    let route = use_state(current_route);
    let library = use_state(|| None::<Result<Rc<Library>, String>>);
    let open = use_state(|| None::<Rc<OpenCase>>);
    let failure = use_state(|| None::<Failure>);
    let generation = use_mut_ref(|| 0u32);
    let loading = use_state(|| None::<String>);

    // Follow the URL hash (back/forward buttons and deep links).
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                route.set(current_route());
            });
            move || drop(listener)
        });
    }

    // Load the library index once.
    {
        let library = library.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let result = fetch_text("scenarios/index.json").await.and_then(|text| {
                    serde_json::from_str::<Library>(&text)
                        .map(Rc::new)
                        .map_err(|e| format!("the library index is damaged: {e}"))
                });
                library.set(Some(result));
            });
        });
    }

    // Accepts a case's text (from any source) and opens it, or reports why not. With
    // a results file, the case is opened in review mode showing that attempt.
    let accept = {
        let open = open.clone();
        let failure = failure.clone();
        let generation = generation.clone();
        Callback::from(move |incoming: Incoming| {
            let Incoming {
                text,
                source,
                results,
                generated_route,
            } = incoming;
            match scenario::check(&text) {
                Ok(case) => {
                    let hash = generated_route
                        .clone()
                        .unwrap_or_else(|| format!("/s/{}", case.id));
                    let review = results.map(|r| Review {
                        session: session_from_results(&case, &r),
                        graph: r.graph.clone(),
                    });
                    *generation.borrow_mut() += 1;
                    open.set(Some(Rc::new(OpenCase {
                        ledger: Rc::new(Ledger::new(case)),
                        source,
                        generation: *generation.borrow(),
                        review,
                        text: text.into(),
                        generated: generated_route,
                    })));
                    failure.set(None);
                    set_hash(&hash);
                }
                Err(problems) => failure.set(Some(Failure {
                    title: format!("{source} could not be opened"),
                    problems,
                })),
            }
        })
    };

    // A results file opens its case (the one open, or the bundled one) in review mode.
    let accept_results = {
        let accept = accept.clone();
        let failure = failure.clone();
        let open = open.clone();
        Callback::from(move |(results, source): (ResultsFile, String)| {
            let id = results.case_id.clone();
            if let Some(o) = open.as_ref().filter(|o| o.ledger.case.id == id) {
                accept.emit(Incoming::file(
                    o.text.to_string(),
                    o.source.clone(),
                    Some(results),
                ));
                return;
            }
            // The library index may still be on its way when a file is dropped, so
            // fetch it here rather than read a state that may not be set yet.
            let accept = accept.clone();
            let failure = failure.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let card = fetch_text("scenarios/index.json")
                    .await
                    .ok()
                    .and_then(|text| serde_json::from_str::<Library>(&text).ok())
                    .and_then(|lib| lib.find(&id).cloned());
                let Some(card) = card else {
                    failure.set(Some(Failure::single(
                        format!("{source}: the case is not open"),
                        format!("these results are for case {id:?}, which is not in the library: open that case file first, then the results file"),
                    )));
                    return;
                };
                match fetch_text(&format!("scenarios/{}", card.file)).await {
                    Ok(text) => accept.emit(Incoming::file(text, card.file.clone(), Some(results))),
                    Err(e) => failure.set(Some(Failure::single(
                        format!("Case {id} could not be loaded"),
                        e,
                    ))),
                }
            });
        })
    };

    // Open a bundled case when the route names one that is not open yet.
    {
        let accept = accept.clone();
        let failure = failure.clone();
        let loading = loading.clone();
        let open_id = open.as_ref().map(|o| o.ledger.case.id.clone());
        let lib = (*library).clone();
        use_effect_with(
            ((*route).clone(), open_id, lib.is_some()),
            move |(route, open_id, _)| {
                if let (Route::Case(id), Some(lib)) = (route, lib) {
                    if open_id.as_deref() != Some(id.as_str()) {
                        match lib.as_ref().map(|l| l.find(id).cloned()) {
                        Ok(Some(card)) => {
                            let id = id.clone();
                            loading.set(Some(format!("Opening “{}”…", card.title)));
                            wasm_bindgen_futures::spawn_local(async move {
                                match fetch_text(&format!("scenarios/{}", card.file)).await {
                                    Ok(text) => accept.emit(Incoming::file(text, card.file.clone(), None)),
                                    Err(e) => failure.set(Some(Failure::single(format!("Case {id} could not be loaded"), e))),
                                }
                                loading.set(None);
                            });
                        }
                        Ok(None) => failure.set(Some(Failure::single(
                            "Case not found",
                            format!("the library has no case with id {id:?}; if it came from a file, open the file again"),
                        ))),
                        Err(e) => failure.set(Some(Failure::single("The library could not be loaded", e.clone()))),
                    }
                    }
                }
            },
        );
    }

    // Generate the case a `#/g/...` address names, unless it is the one open.
    {
        let accept = accept.clone();
        let failure = failure.clone();
        let loading = loading.clone();
        let open_route = open.as_ref().and_then(|o| o.generated.clone());
        use_effect_with(
            ((*route).clone(), open_route),
            move |(route, open_route)| {
                if let Route::Generated(address) = route {
                    if open_route.as_deref() != Some(address.as_str()) {
                        generate(address.clone(), accept, failure, loading);
                    }
                }
            },
        );
    }

    let open_file = {
        let accept = accept.clone();
        let accept_results = accept_results.clone();
        let failure = failure.clone();
        Callback::from(move |file: web_sys::File| {
            let accept = accept.clone();
            let accept_results = accept_results.clone();
            let failure = failure.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                let blob = gloo_file::Blob::from(file);
                match gloo_file::futures::read_as_text(&blob).await {
                    Ok(text) => match as_results(&text) {
                        Some(Ok(results)) => accept_results.emit((results, name)),
                        Some(Err(e)) => failure.set(Some(Failure::single(
                            format!("{name} could not be opened"),
                            e,
                        ))),
                        None => accept.emit(Incoming::file(text, name, None)),
                    },
                    Err(e) => failure.set(Some(Failure::single(
                        format!("{name} could not be read"),
                        e.to_string(),
                    ))),
                }
            });
        })
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
        let failure = failure.clone();
        Callback::from(move |_| failure.set(None))
    };

    let showing_case = match (&*route, open.as_ref()) {
        (Route::Case(id), Some(o)) => o.ledger.case.id == *id,
        (Route::Generated(address), Some(o)) => o.generated.as_deref() == Some(address.as_str()),
        _ => false,
    };
    let cancel = (matches!(&*route, Route::Generated(_)) && loading.is_some())
        .then(|| Callback::from(|_: MouseEvent| lab_client::cancel()));
    #[cfg(feature = "bench")]
    if let Route::Bench(query) = &*route {
        return html! { <bench::BenchPage query={query.clone()} /> };
    }
    let body = if showing_case {
        let case = open.as_ref().cloned().expect("checked above");
        let key = case.generation;
        html! { <workspace::Workspace {key} {case} /> }
    } else {
        html! { <library::LibraryPage library={(*library).clone()} loading={(*loading).clone()} {cancel} /> }
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
            if let Some(f) = &*failure {
                <Banner failure={f.clone()} on_dismiss={dismiss} />
            }
            { body }
        </div>
    }
}

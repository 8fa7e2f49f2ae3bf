//! The app's root: which case is open, which is on its way, and what the URL says.
//!
//! The route (the URL's hash) and the open case have one source of truth: this
//! state. The URL is written from it ([`Effect::SetHash`]) when a case opens, and a
//! hash change the app itself caused comes back as a [`Action::Navigate`] to the
//! route it already has, which does nothing. So opening a file while a library case
//! is open can never send the app back to the library case, and a reload opens
//! what the URL names: a file's case gets an address of its own (`#/f/<id>`) that
//! asks for the file again, never a bundled case of the same id.
//!
//! Every load (a bundled case fetched, a case generated, a file read) gets a
//! ticket; its progress and its end only count while it is the load under way, so
//! a late answer to a load that was cancelled, replaced or navigated away from is
//! dropped. Whatever was open stays open until another case has arrived whole.
//!
//! `C` is whatever the shell keeps for an open case (the app: its ledger and
//! workspace input); this module only moves it around, so it is tested natively.

use super::route::Route;
use crate::lab::Progress;
use crate::scenario::Limits;
use crate::scenario::Problem;

/// The root state; see the module documentation.
#[derive(Clone, Debug, PartialEq)]
pub struct Root<C> {
    route: Route,
    open: Option<Open<C>>,
    loading: Option<Loading>,
    failure: Option<Failure>,
    tickets: u64,
}

/// The open case and the route that shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Open<C> {
    pub route: Route,
    pub case: C,
}

/// A load under way.
#[derive(Clone, Debug, PartialEq)]
pub struct Loading {
    pub ticket: u64,
    pub source: Source,
    pub progress: Option<Progress>,
}

/// Where a case comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The library's case of this id.
    Bundled(String),
    /// A file the trainee chose or dropped, by name.
    File(String),
    /// The generator, at this address.
    Generated(String),
}

impl Source {
    /// The route that shows the case `id` from this source.
    fn route(&self, id: &str) -> Route {
        match self {
            Source::Bundled(_) => Route::Case(id.to_string()),
            Source::File(_) => Route::File(id.to_string()),
            Source::Generated(address) => Route::Generated(address.clone()),
        }
    }

    /// Whether the load was started by the URL (and belongs to that route).
    fn route_started(&self) -> Option<Route> {
        match self {
            Source::Bundled(id) => Some(Route::Case(id.clone())),
            Source::Generated(address) => Some(Route::Generated(address.clone())),
            Source::File(_) => None,
        }
    }

    /// Whether the load runs in the lab worker (which a cancel stops).
    fn in_lab(&self) -> bool {
        !matches!(self, Source::Bundled(_))
    }
}

/// Why something could not be opened, for the error banner.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    pub title: String,
    pub detail: Detail,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Detail {
    /// One sentence: the file could not be read, the case is not in the library…
    Sentence(String),
    /// Every problem of a file that is not a valid case, each with its place.
    Problems(Vec<Problem>),
}

impl Failure {
    pub fn single(title: impl Into<String>, message: impl Into<String>) -> Failure {
        Failure {
            title: title.into(),
            detail: Detail::Sentence(message.into()),
        }
    }

    pub fn problems(title: impl Into<String>, problems: Vec<Problem>) -> Failure {
        Failure {
            title: title.into(),
            detail: Detail::Problems(problems),
        }
    }
}

/// What happened.
#[derive(Clone, Debug, PartialEq)]
pub enum Action<C> {
    /// The URL's hash changed (a link, the back button, an address typed or
    /// reloaded, or the app's own [`Effect::SetHash`]).
    Navigate(String),
    /// The trainee chose or dropped a file; the shell holds it until
    /// [`Effect::ReadFile`] asks for it.
    OpenFile {
        name: String,
        size: u64,
    },
    Progress {
        ticket: u64,
        progress: Progress,
    },
    /// A load ended with a case, whose id is `id`, from `source`.
    Opened {
        ticket: u64,
        case: C,
        id: String,
        source: Source,
    },
    /// A load ended with the open case again, seen another way (a results file
    /// reviewed on it): it replaces the open case at its address.
    Reviewed {
        ticket: u64,
        case: C,
    },
    Failed {
        ticket: u64,
        failure: Failure,
    },
    /// The trainee stopped the load under way.
    Cancel,
    /// The trainee closed the error banner.
    Dismiss,
}

/// What the shell must do after an action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Write this hash (without `#`) into the URL.
    SetHash(String),
    /// Fetch and open the library's case `id`.
    FetchBundled { ticket: u64, id: String },
    /// Build the case at this generator address.
    Generate { ticket: u64, address: String },
    /// Open the file last chosen.
    ReadFile { ticket: u64 },
    /// Stop the lab worker and what it is doing.
    StopLab,
}

/// What the page shows.
#[derive(Debug, PartialEq)]
pub enum Screen<'a, C> {
    Library,
    Workspace(&'a C),
    #[cfg(feature = "bench")]
    Bench(&'a str),
}

impl<C> Root<C> {
    /// The state for a page opened at `hash`, and what to do first.
    pub fn new(hash: &str) -> (Root<C>, Vec<Effect>) {
        let mut root = Root {
            route: Route::Library,
            open: None,
            loading: None,
            failure: None,
            tickets: 0,
        };
        let effects = root.reduce(Action::Navigate(hash.to_string()));
        (root, effects)
    }

    pub fn route(&self) -> &Route {
        &self.route
    }

    pub fn loading(&self) -> Option<&Loading> {
        self.loading.as_ref()
    }

    pub fn failure(&self) -> Option<&Failure> {
        self.failure.as_ref()
    }

    /// The open case, shown or not.
    pub fn open(&self) -> Option<&Open<C>> {
        self.open.as_ref()
    }

    pub fn screen(&self) -> Screen<'_, C> {
        #[cfg(feature = "bench")]
        if let Route::Bench(query) = &self.route {
            return Screen::Bench(query);
        }
        match &self.open {
            Some(open) if self.shows_open_case() => Screen::Workspace(&open.case),
            _ => Screen::Library,
        }
    }

    fn shows_open_case(&self) -> bool {
        self.open.as_ref().is_some_and(|o| o.route == self.route)
    }

    fn ticket(&mut self) -> u64 {
        self.tickets += 1;
        self.tickets
    }

    /// Starts a load, replacing any under way (a lab load is stopped).
    fn start(&mut self, source: Source, effects: &mut Vec<Effect>) -> u64 {
        if self.loading.take().is_some_and(|l| l.source.in_lab()) {
            effects.push(Effect::StopLab);
        }
        let ticket = self.ticket();
        self.loading = Some(Loading {
            ticket,
            source,
            progress: None,
        });
        ticket
    }

    /// Takes the load `ticket` names, if it is the one under way.
    fn finish(&mut self, ticket: u64) -> Option<Loading> {
        match &self.loading {
            Some(l) if l.ticket == ticket => self.loading.take(),
            _ => None,
        }
    }

    pub fn reduce(&mut self, action: Action<C>) -> Vec<Effect> {
        let mut effects = Vec::new();
        match action {
            Action::Navigate(hash) => self.navigate(Route::parse(&hash), &mut effects),
            Action::OpenFile { name, size } => {
                self.failure = None;
                if let Err(too_large) = Limits::APP.check_size(size) {
                    self.failure = Some(Failure::single(
                        format!("{name} could not be opened"),
                        too_large.message,
                    ));
                } else {
                    let ticket = self.start(Source::File(name), &mut effects);
                    effects.push(Effect::ReadFile { ticket });
                }
            }
            Action::Progress { ticket, progress } => {
                if let Some(l) = self.loading.as_mut().filter(|l| l.ticket == ticket) {
                    l.progress = Some(progress);
                }
            }
            Action::Opened {
                ticket,
                case,
                id,
                source,
            } => {
                if self.finish(ticket).is_some() {
                    let route = source.route(&id);
                    self.failure = None;
                    self.open = Some(Open {
                        route: route.clone(),
                        case,
                    });
                    if route != self.route {
                        effects.push(Effect::SetHash(route.hash()));
                        self.route = route;
                    }
                }
            }
            Action::Reviewed { ticket, case } => {
                if self.finish(ticket).is_some() {
                    if let Some(open) = self.open.as_mut() {
                        open.case = case;
                        self.failure = None;
                        if open.route != self.route {
                            self.route = open.route.clone();
                            effects.push(Effect::SetHash(self.route.hash()));
                        }
                    }
                }
            }
            Action::Failed { ticket, failure } => {
                if self.finish(ticket).is_some() {
                    self.failure = Some(failure);
                }
            }
            Action::Cancel => {
                if let Some(loading) = self.loading.take() {
                    if loading.source.in_lab() {
                        effects.push(Effect::StopLab);
                    }
                    // A load the URL asked for leaves that URL behind for the library.
                    if loading.source.route_started().as_ref() == Some(&self.route)
                        && !self.shows_open_case()
                    {
                        self.route = Route::Library;
                        effects.push(Effect::SetHash(Route::Library.hash()));
                    }
                }
            }
            Action::Dismiss => self.failure = None,
        }
        effects
    }

    fn navigate(&mut self, route: Route, effects: &mut Vec<Effect>) {
        if route == self.route {
            return; // the app's own SetHash coming back, or nothing new
        }
        self.route = route.clone();
        // A load the URL asked for is not wanted once the URL names something else.
        if let Some(loading) = &self.loading {
            if loading.source.route_started().is_some_and(|r| r != route) {
                if loading.source.in_lab() {
                    effects.push(Effect::StopLab);
                }
                self.loading = None;
            }
        }
        if self.open.as_ref().is_some_and(|o| o.route == route) {
            return;
        }
        match route {
            Route::Case(id) => {
                self.failure = None;
                let ticket = self.start(Source::Bundled(id.clone()), effects);
                effects.push(Effect::FetchBundled { ticket, id });
            }
            Route::Generated(address) => {
                self.failure = None;
                let ticket = self.start(Source::Generated(address.clone()), effects);
                effects.push(Effect::Generate { ticket, address });
            }
            Route::File(id) => {
                self.failure = Some(Failure::single(
                    "This case came from a file",
                    format!(
                        "case “{id}” was opened from a file, which this tab no longer has (after a reload, or from a shared link); open the file again with “Open case file…”"
                    ),
                ));
            }
            Route::Library => {}
            #[cfg(feature = "bench")]
            Route::Bench(_) => {}
        }
    }
}

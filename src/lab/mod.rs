//! The lab: work the app does on demand, in a web worker loaded only when it is
//! first needed, rather than in the bundle every visit loads.
//!
//! Two kinds of work live there. The case generator is large (its twelve recipes
//! and their texts) and only instructors use it. The analytics tools (taint, path
//! search, auto-trace, clustering, heuristics, leg matching) would not fit in the
//! start-up bundle either, and some take long on a big case. Both run in a second
//! wasm module, `tracelab-lab` (`lab-worker/`), which keeps one [`Lab`] and passes
//! it every message; the worker also keeps the page responsive meanwhile.
//!
//! The messages are typed ([`protocol`]: a [`Request`], answered by a stream of
//! [`Event`]s) and travel as lists of strings; [`Lab::run`] answers a request.
//! Opening a case is the long one: the lab reads a file the trainee chose, checks
//! it against the app's limits and the validator, indexes it for the tools and
//! sends it to the page in parts ([`transfer`]), with progress all along, so the
//! page never stops for a big case. A bundled case is opened from the text the
//! page already has (it was validated when the library was built), a generated
//! one is built here.
//!
//! | request | outcome |
//! | --- | --- |
//! | `GenerateText` | the case's JSON, as `tracelab generate` writes it |
//! | `OpenGenerated`, `OpenFile`, `OpenText` | `Opened` (case id, version, transactions), after the parts when asked for; `Results` when the file was a results file |
//! | `Tool(Taint)` | `tracelab taint --json`'s document |
//! | `Tool(Path)` | `tracelab path --json`'s document |
//! | `Tool(Trace)` | `tracelab trace --json`'s document |
//! | `Tool(Clusters)` | `tracelab cluster --json`'s document |
//! | `Tool(ClusterOf)` | that address's cluster: `{address, members}` |
//! | `Tool(Heuristics)` | `tracelab heuristics --json`'s document |
//! | `Tool(Legs)` | `tracelab legs --json`'s document |
//!
//! The tools' documents come from [`crate::analytics::report`], the same functions
//! the command line prints, written as compact JSON. A blank optional field means
//! the command line's default (no asset choice, 10 hops, no passing through
//! services, the largest outflow). The tools work on the case the last successful
//! open gave; one that fails keeps the case open before it.
//!
//! A generated case also has an address in the app, `#/g/<typology>/<difficulty>/
//! <seed>[?scale=N&participant=NAME]` ([`route`]): the generator
//! is deterministic, so reloading that address rebuilds the same case (and the
//! saved work on it resumes), and an instructor can share the link.

pub mod protocol;
pub mod transfer;

use std::cell::OnceCell;

use serde_json::json;

use crate::analytics::cluster::Clusters;
use crate::analytics::path::PathParams;
use crate::analytics::report::{self, ReportError};
use crate::analytics::trace::TraceParams;
use crate::analytics::Index;
use crate::generator::{self, GenError, Params, Typology};
use crate::scenario::{self, Difficulty, Limits, Scenario};

pub use protocol::{Event, Failure, Opened, Outcome, Part, Progress, Request, Stage, Tool};

// The operations' names on the wire (see `protocol`).
const GENERATE: &str = "generate";
const OPEN_GENERATED: &str = "open-generated";
const OPEN_FILE: &str = "open-file";
const OPEN: &str = "open";
const TAINT: &str = "taint";
const PATH: &str = "path";
const TRACE: &str = "trace";
const CLUSTER: &str = "cluster";
const HEURISTICS: &str = "heuristics";
const LEGS: &str = "legs";

/// The largest case the app generates: bigger ones take the command line, which
/// goes to 2,000,000 transactions; a browser tab would need gigabytes for them.
pub const APP_MAX_SCALE: usize = 200_000;

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum LabError {
    #[error("unknown request {0:?}")]
    UnknownOperation(String),
    #[error("the request is incomplete: {0} is missing")]
    Missing(&'static str),
    #[error("unknown typology {0:?}")]
    UnknownTypology(String),
    #[error("unknown difficulty {0:?}: beginner, intermediate, advanced or expert")]
    UnknownDifficulty(String),
    #[error("the seed must be a whole number from 0 to 18446744073709551615, not {0:?}")]
    BadSeed(String),
    #[error("the number of transactions must be a whole number, not {0:?}")]
    BadScale(String),
    #[error(
        "{0} transactions is more than the app generates ({APP_MAX_SCALE}); use `tracelab generate --scale` for bigger cases"
    )]
    ScaleTooLarge(usize),
    #[error("the address of a generated case must start with /g/, not {0:?}")]
    NotAGeneratedRoute(String),
    #[error(transparent)]
    Generator(#[from] GenError),
    #[error("the message does not follow the lab's protocol: {0}")]
    Malformed(String),
    #[error("no case is open in the lab; open one first")]
    NoCase,
    #[error("the case cannot be read: {0}")]
    BadCase(String),
    #[error("{0} must be a whole number, not {1:?}")]
    BadNumber(&'static str, String),
    #[error("passing through services must be \"true\" or \"false\", not {0:?}")]
    BadFlag(String),
    #[error(transparent)]
    Report(#[from] ReportError),
}

/// The fields of a generate request: `[generate, typology, difficulty, seed,
/// scale, participant]`, an empty string for a field not given.
fn message(p: &Params) -> Vec<String> {
    vec![
        GENERATE.to_string(),
        p.typology.id().to_string(),
        p.difficulty.as_str().to_string(),
        p.seed.to_string(),
        p.scale.map(|s| s.to_string()).unwrap_or_default(),
        p.participant.clone().unwrap_or_default(),
    ]
}

/// Reads the fields of a generate message after the operation name.
pub fn params_from_fields(fields: &[String]) -> Result<Params, LabError> {
    let field = |i: usize, name: &'static str| {
        fields
            .get(i)
            .map(String::as_str)
            .ok_or(LabError::Missing(name))
    };
    let typology = field(0, "the typology")?;
    let difficulty = field(1, "the difficulty")?;
    let seed = field(2, "the seed")?;
    let scale = fields.get(3).map_or("", |s| s.as_str());
    let participant = fields.get(4).map_or("", |s| s.as_str());
    checked_params(typology, difficulty, seed, scale, participant)
}

/// Generator parameters from the text of a form or an address, each checked;
/// blank scale and participant mean "not given".
pub fn checked_params(
    typology: &str,
    difficulty: &str,
    seed: &str,
    scale: &str,
    participant: &str,
) -> Result<Params, LabError> {
    let typology = Typology::from_id(typology)
        .ok_or_else(|| LabError::UnknownTypology(typology.to_string()))?;
    let difficulty = Difficulty::from_name(difficulty)
        .ok_or_else(|| LabError::UnknownDifficulty(difficulty.to_string()))?;
    let seed = seed
        .trim()
        .parse::<u64>()
        .map_err(|_| LabError::BadSeed(seed.to_string()))?;
    let scale = match scale.trim() {
        "" => None,
        s => {
            let n = s
                .parse::<usize>()
                .map_err(|_| LabError::BadScale(s.to_string()))?;
            if n > APP_MAX_SCALE {
                return Err(LabError::ScaleTooLarge(n));
            }
            Some(n)
        }
    };
    let participant = Some(participant.trim())
        .filter(|p| !p.is_empty())
        .map(String::from);
    Ok(Params {
        scale,
        participant,
        ..Params::new(typology, seed, difficulty)
    })
}

/// The app's address of the case `p` generates, without the leading `#`.
pub fn route(p: &Params) -> String {
    let mut route = format!(
        "/g/{}/{}/{}",
        p.typology.id(),
        p.difficulty.as_str(),
        p.seed
    );
    let mut query = Vec::new();
    if let Some(s) = p.scale {
        query.push(format!("scale={s}"));
    }
    if let Some(name) = &p.participant {
        query.push(format!("participant={}", percent_encode(name)));
    }
    if !query.is_empty() {
        route.push('?');
        route.push_str(&query.join("&"));
    }
    route
}

/// Reads an address made by [`route`].
pub fn params_from_route(route: &str) -> Result<Params, LabError> {
    let rest = route
        .strip_prefix("/g/")
        .ok_or_else(|| LabError::NotAGeneratedRoute(route.to_string()))?;
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let mut parts = path.split('/');
    let typology = parts.next().unwrap_or("");
    let difficulty = parts.next().ok_or(LabError::Missing("the difficulty"))?;
    let seed = parts.next().ok_or(LabError::Missing("the seed"))?;
    let (mut scale, mut participant) = (String::new(), String::new());
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("scale", v)) => scale = v.to_string(),
            Some(("participant", v)) => participant = percent_decode(v),
            _ => {}
        }
    }
    checked_params(typology, difficulty, seed, &scale, &participant)
}

/// The lab worker's state: the case open for the analytics tools, with its index
/// built once. One lives as long as the worker; see the module documentation for
/// the requests [`Lab::run`] answers.
#[derive(Default)]
pub struct Lab {
    open: Option<OpenCase>,
}

struct OpenCase {
    case: Scenario,
    ix: Index,
    /// Computed on the first cluster question, then kept: a trainee asks for
    /// one address's cluster after another, and each would redo the whole case.
    clusters: OnceCell<Clusters>,
}

/// A file handed to the lab with [`Request::OpenFile`]: its size, known before
/// reading, and how to read it as text.
pub struct FileInput<'a> {
    pub size: u64,
    pub read: &'a mut dyn FnMut() -> Result<String, String>,
}

impl Lab {
    /// Runs one request. Progress and parts go to `emit` as they happen; the
    /// outcome is returned. `file` is the file of an [`Request::OpenFile`].
    pub fn run(
        &mut self,
        request: Request,
        file: Option<FileInput>,
        emit: &mut dyn FnMut(Event),
    ) -> Result<Outcome, Failure> {
        match request {
            Request::GenerateText(params) => Ok(Outcome::Text(
                generator::generate_json(&params).map_err(LabError::from)?,
            )),
            Request::OpenGenerated { params, send } => {
                emit(Event::Progress(Progress {
                    stage: Stage::Generating,
                    done: 0,
                    total: 0,
                }));
                let case = generator::generate(&params).map_err(LabError::from)?;
                Ok(self.keep(case, send, emit))
            }
            Request::OpenFile { name, send } => {
                let file = file.ok_or(LabError::Missing("the file"))?;
                self.open_file(&name, send, file, emit)
            }
            Request::OpenText(text) => {
                let case = scenario::parse(&text)
                    .map_err(|e| LabError::BadCase(e.into_problem().to_string()))?;
                Ok(self.keep(case, false, emit))
            }
            Request::Tool(tool) => Ok(Outcome::Text(self.tool(tool)?.to_string())),
        }
    }

    /// Decodes a message and runs it, for requests that need no file: the text
    /// the request produced (an opened case's summary as JSON), or why not.
    pub fn handle(&mut self, message: &[String]) -> Result<String, Failure> {
        let request = Request::decode(message)?;
        match self.run(request, None, &mut |_| {})? {
            Outcome::Text(text) | Outcome::Results(text) => Ok(text),
            Outcome::Opened(o) => Ok(json!({
                "case": o.id,
                "version": o.version,
                "transactions": o.transactions,
            })
            .to_string()),
        }
    }

    /// Reads, checks and opens a file the trainee chose; see [`Request::OpenFile`].
    /// Whatever fails leaves the case open before it open.
    fn open_file(
        &mut self,
        name: &str,
        send: bool,
        file: FileInput,
        emit: &mut dyn FnMut(Event),
    ) -> Result<Outcome, Failure> {
        Limits::APP
            .check_size(file.size)
            .map_err(|p| Failure::Lab(p.message))?;
        emit(Event::Progress(Progress {
            stage: Stage::Reading,
            done: 0,
            total: file.size,
        }));
        let text =
            (file.read)().map_err(|e| Failure::Lab(format!("{name} could not be read: {e}")))?;
        if is_results_file(&text) {
            return Ok(Outcome::Results(text));
        }
        emit(Event::Progress(Progress {
            stage: Stage::Checking,
            done: 0,
            total: file.size,
        }));
        let case = scenario::check_with(&text, &Limits::APP).map_err(Failure::Problems)?;
        drop(text);
        Ok(self.keep(case, send, emit))
    }

    /// Indexes `case` for the tools and keeps it, replacing the case open
    /// before; with `send`, the page gets it in parts.
    fn keep(&mut self, mut case: Scenario, send: bool, emit: &mut dyn FnMut(Event)) -> Outcome {
        let opened = Opened {
            id: case.id.clone(),
            version: case.version.clone(),
            transactions: case.transactions.len() as u64,
        };
        // The old case goes first: a big case and its index are hundreds of MB.
        self.open = None;
        if send {
            transfer::send(&mut case, emit);
        }
        let ix = Index::new(&case);
        self.open = Some(OpenCase {
            case,
            ix,
            clusters: OnceCell::new(),
        });
        Outcome::Opened(opened)
    }

    /// One of the analytics tools on the open case.
    fn tool(&self, tool: Tool) -> Result<serde_json::Value, LabError> {
        let OpenCase { case, ix, clusters } = self.open.as_ref().ok_or(LabError::NoCase)?;
        let optional = |s: &str| Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_string);
        let hops = |text: &str, default| {
            optional(text).map_or(Ok(default), |n| {
                n.parse::<usize>()
                    .map_err(|_| LabError::BadNumber("the number of hops", n.to_string()))
            })
        };
        Ok(match tool {
            Tool::Taint {
                method,
                source,
                asset,
            } => report::taint(case, ix, &method, &source, optional(&asset).as_deref())?,
            Tool::Path {
                from,
                to,
                max_hops,
                through_services,
            } => report::path(
                case,
                ix,
                &from,
                &to,
                hops(&max_hops, PathParams::default().max_hops)?,
                through_services,
            )?,
            Tool::Trace {
                from,
                hops: max_hops,
                method,
                min,
            } => report::trace(
                case,
                ix,
                &from,
                hops(&max_hops, TraceParams::default().max_hops)?,
                optional(&method).as_deref(),
                optional(&min).as_deref(),
            )?,
            Tool::Clusters => report::cluster(case, ix),
            Tool::ClusterOf(address) => {
                let clusters = clusters.get_or_init(|| report::clusters(ix));
                report::cluster_of(case, ix, clusters, &address)?
            }
            Tool::Heuristics(tx) => report::heuristics(case, ix, &tx)?,
            Tool::Legs(tx) => report::legs(case, ix, &tx)?,
        })
    }
}

/// Whether a text is a results file rather than a case: a JSON object with a
/// `results_version` member, whatever its value. Read without building a
/// `serde_json::Value` of the whole text.
pub fn is_results_file(text: &str) -> bool {
    #[derive(serde::Deserialize)]
    struct Probe {
        #[serde(default)]
        results_version: Present,
    }
    /// Whether the field is there: any JSON value, `null` included (an `Option`
    /// would read `null` as absent).
    #[derive(Default)]
    struct Present(bool);
    impl<'de> serde::Deserialize<'de> for Present {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            serde::de::IgnoredAny::deserialize(d).map(|_| Present(true))
        }
    }
    // An object: serde would also read the probe from an array.
    text.trim_start().starts_with('{')
        && serde_json::from_str::<Probe>(text).is_ok_and(|p| p.results_version.0)
}

/// Percent-encodes every byte of `text` but ASCII letters, digits and `-._~`.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Undoes [`percent_encode`] (and any other percent-encoding of UTF-8); a broken
/// escape is kept as it is.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoding_round_trips_any_text() {
        for text in ["Anna Berg", "ÅSA Öberg-Ü", "a&b=c?d/e#f%", "", "100%"] {
            assert_eq!(percent_decode(&percent_encode(text)), text);
        }
        assert_eq!(percent_encode("Anna Berg/2"), "Anna%20Berg%2F2");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }
}

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
//! The messages are lists of strings, the operation first, so neither side needs a
//! serializer for them: the app builds them (a generate request with [`message`])
//! and the worker reads them with [`Lab::handle`]; both are tested natively. A
//! reply is the text produced or a [`LabError`] in words a trainer can act on.
//!
//! | message | reply |
//! | --- | --- |
//! | `[generate, typology, difficulty, seed, scale, participant]` | the case's JSON, as `tracelab generate` writes it |
//! | `[open, case JSON text]` | `{"case": id, "version": v, "transactions": n}`; the case (parsed, not validated: the app validates it first) stays open for the tools |
//! | `[taint, method, source, asset]` | `tracelab taint --json`'s document |
//! | `[path, from, to, max_hops, through_services]` | `tracelab path --json`'s document |
//! | `[trace, from, hops, method, min]` | `tracelab trace --json`'s document |
//! | `[cluster]` | `tracelab cluster --json`'s document |
//! | `[cluster, address]` | that address's cluster: `{address, members}` |
//! | `[heuristics, tx]` | `tracelab heuristics --json`'s document |
//! | `[legs, tx]` | `tracelab legs --json`'s document |
//!
//! The tools' documents come from [`crate::analytics::report`], the same functions
//! the command line prints, written as compact JSON. Trailing fields may be left
//! out; a blank optional field means the command line's default (no asset choice,
//! 10 hops, no passing through services, the largest outflow). The tools work on
//! the case the last successful `open` gave; one that fails keeps the case open
//! before it.
//!
//! A generated case also has an address in the app, `#/g/<typology>/<difficulty>/
//! <seed>[?scale=N&participant=NAME]` ([`route`]): the generator
//! is deterministic, so reloading that address rebuilds the same case (and the
//! saved work on it resumes), and an instructor can share the link.

use std::cell::OnceCell;

use serde_json::{json, Value};

use crate::analytics::cluster::Clusters;
use crate::analytics::path::PathParams;
use crate::analytics::report::{self, ReportError};
use crate::analytics::trace::TraceParams;
use crate::analytics::Index;
use crate::generator::{self, GenError, Params, Typology};
use crate::scenario::{self, Difficulty, Scenario};

/// The operation that generates a case.
pub const GENERATE: &str = "generate";
/// The operation that opens a case for the analytics tools.
pub const OPEN: &str = "open";
/// The analytics tools' operations, named as the command line's subcommands.
pub const TAINT: &str = "taint";
pub const PATH: &str = "path";
pub const TRACE: &str = "trace";
pub const CLUSTER: &str = "cluster";
pub const HEURISTICS: &str = "heuristics";
pub const LEGS: &str = "legs";
/// The operations that need an open case.
pub const TOOLS: [&str; 6] = [TAINT, PATH, TRACE, CLUSTER, HEURISTICS, LEGS];

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

/// The worker message that generates `p`: `[generate, typology, difficulty, seed,
/// scale, participant]`, an empty string for a field not given.
pub fn message(p: &Params) -> Vec<String> {
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
/// the messages [`Lab::handle`] answers.
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

impl Lab {
    /// Runs one worker message: the text produced, or why not.
    pub fn handle(&mut self, message: &[String]) -> Result<String, LabError> {
        let (op, fields) = message
            .split_first()
            .ok_or(LabError::Missing("the operation"))?;
        match op.as_str() {
            GENERATE => Ok(generator::generate_json(&params_from_fields(fields)?)?),
            OPEN => self.open(fields).map(|v| v.to_string()),
            op if TOOLS.contains(&op) => self.tool(op, fields).map(|v| v.to_string()),
            _ => Err(LabError::UnknownOperation(op.clone())),
        }
    }

    /// Reads a case's text and keeps it with its index, replacing the case open
    /// before; text that cannot be read leaves that one open.
    ///
    /// The case is parsed (`scenario::parse`, with the JSON path, line and column
    /// of a syntax or shape error) but not run through the validator: the app
    /// only opens cases that passed `scenario::check`, and the validator would
    /// take the lab worker over its size budget. The tools never panic on a case
    /// that parses but is invalid; their answers on it are only as good as the
    /// case.
    fn open(&mut self, fields: &[String]) -> Result<Value, LabError> {
        let text = fields.first().ok_or(LabError::Missing("the case"))?;
        let case =
            scenario::parse(text).map_err(|e| LabError::BadCase(e.into_problem().to_string()))?;
        let ix = Index::new(&case);
        let reply = json!({
            "case": case.id,
            "version": case.version,
            "transactions": case.transactions.len(),
        });
        self.open = Some(OpenCase {
            case,
            ix,
            clusters: OnceCell::new(),
        });
        Ok(reply)
    }

    /// One of the [`TOOLS`] on the open case.
    fn tool(&self, op: &str, fields: &[String]) -> Result<Value, LabError> {
        let OpenCase { case, ix, clusters } = self.open.as_ref().ok_or(LabError::NoCase)?;
        let field = |i, name| required(fields, i, name);
        let optional = |i: usize| fields.get(i).map(|s| s.trim()).filter(|s| !s.is_empty());
        let hops = |i, default| {
            optional(i).map_or(Ok(default), |n| {
                n.parse::<usize>()
                    .map_err(|_| LabError::BadNumber("the number of hops", n.to_string()))
            })
        };
        Ok(match op {
            TAINT => report::taint(
                case,
                ix,
                field(0, "the method")?,
                field(1, "the source")?,
                optional(2),
            )?,
            PATH => report::path(
                case,
                ix,
                field(0, "the address to start from")?,
                field(1, "the address to reach")?,
                hops(2, PathParams::default().max_hops)?,
                match optional(3) {
                    None | Some("false") => false,
                    Some("true") => true,
                    Some(other) => return Err(LabError::BadFlag(other.to_string())),
                },
            )?,
            TRACE => report::trace(
                case,
                ix,
                field(0, "the address to start from")?,
                hops(1, TraceParams::default().max_hops)?,
                optional(2),
                optional(3),
            )?,
            CLUSTER => match optional(0) {
                None => report::cluster(case, ix),
                Some(address) => {
                    let clusters = clusters.get_or_init(|| report::clusters(ix));
                    report::cluster_of(case, ix, clusters, address)?
                }
            },
            HEURISTICS => report::heuristics(case, ix, field(0, "the transaction")?)?,
            LEGS => report::legs(case, ix, field(0, "the transaction")?)?,
            _ => return Err(LabError::UnknownOperation(op.to_string())),
        })
    }
}

/// Field `i` of a message, without surrounding spaces; `what` names it when it is
/// missing.
fn required<'m>(fields: &'m [String], i: usize, what: &'static str) -> Result<&'m str, LabError> {
    fields
        .get(i)
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .ok_or(LabError::Missing(what))
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

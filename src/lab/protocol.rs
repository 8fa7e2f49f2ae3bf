//! The messages between the app and its lab worker, typed on both sides.
//!
//! A [`Request`] goes from the page to the worker; the worker answers it with a
//! stream of [`Event`]s: any number of [`Event::Progress`] and [`Event::Part`], then
//! exactly one [`Event::Done`] or [`Event::Failed`]. Both are encoded here, and only
//! here, as lists of strings (operation or event name first), which a web worker's
//! `postMessage` carries without a serializer on either side; `encode` and
//! `decode` are inverses and tested natively. The page's shell adds a request id
//! in front and, for [`Request::OpenFile`], the `File` object itself behind the
//! strings (a `File` is cloned to the worker without reading it on the page).
//!
//! Tool fields are the text the trainee typed (a blank optional field means the
//! command line's default): the lab reads them with the same checks and messages
//! as `tracelab`'s options, so a bad number gets the same sentence in both shells.

use crate::generator::Params;
use crate::scenario::{JsonPath, Position, Problem, Rule};

use super::{params_from_fields, LabError};

/// What the page asks of the lab.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// The generated case's JSON text, exactly as `tracelab generate` writes it
    /// (the "Download this case file" button).
    GenerateText(Params),
    /// Generates the case and opens it in the lab for the tools; with `send`, the
    /// case also travels to the page in parts.
    OpenGenerated {
        params: Params,
        send: bool,
    },
    /// Reads the file handed beside the message, checks it against the app's
    /// limits and the validator, opens it for the tools and (with `send`) sends it
    /// to the page in parts; a results file comes back as text instead.
    OpenFile {
        name: String,
        send: bool,
    },
    /// Opens a case the page already holds (a bundled case, validated when the
    /// library was built), for the tools only.
    OpenText(String),
    Tool(Tool),
}

/// An analytics tool on the open case; see `tracelab <tool> --help` for each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tool {
    Taint {
        method: String,
        source: String,
        asset: String,
    },
    Path {
        from: String,
        to: String,
        max_hops: String,
        through_services: bool,
    },
    Trace {
        from: String,
        hops: String,
        method: String,
        min: String,
    },
    /// Every cluster of the case.
    Clusters,
    /// One address's cluster.
    ClusterOf(String),
    Heuristics(String),
    Legs(String),
}

/// How far a long piece of work has come.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    /// Units done and in all (bytes, transactions, parts); `total` 0 when unknown.
    pub done: u64,
    pub total: u64,
}

/// The stages of opening a case, in order: the first four happen in the lab, the
/// last two on the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    Generating,
    Reading,
    Checking,
    Sending,
    Receiving,
    Indexing,
}

impl Stage {
    const ALL: [Stage; 6] = [
        Stage::Generating,
        Stage::Reading,
        Stage::Checking,
        Stage::Sending,
        Stage::Receiving,
        Stage::Indexing,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Generating => "generating",
            Stage::Reading => "reading",
            Stage::Checking => "checking",
            Stage::Sending => "sending",
            Stage::Receiving => "receiving",
            Stage::Indexing => "indexing",
        }
    }

    fn from_name(name: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// A piece of a case on its way to the page (see `transfer`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// The case without its four long lists, as JSON.
    Head(String),
    /// A JSON array of consecutive elements of one long list.
    Entities(String),
    Addresses(String),
    Balances(String),
    Transactions(String),
}

/// How a request ended well.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A text: a generated case file, or a tool's JSON document.
    Text(String),
    /// A case is open in the lab (its parts, when asked for, came before).
    Opened(Opened),
    /// The file was a results file, not a case: its text, for the page to review.
    Results(String),
}

/// What the lab says of a case it opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opened {
    pub id: String,
    pub version: String,
    pub transactions: u64,
}

/// Why a request failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// A request the lab could not carry out, in words.
    Lab(String),
    /// The file is not a valid case: every problem, with its place.
    Problems(Vec<Problem>),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Lab(why) => f.write_str(why),
            Failure::Problems(problems) => {
                for (i, p) in problems.iter().enumerate() {
                    if i > 0 {
                        f.write_str("\n")?;
                    }
                    write!(f, "{p}")?;
                }
                Ok(())
            }
        }
    }
}

impl From<LabError> for Failure {
    fn from(e: LabError) -> Failure {
        Failure::Lab(e.to_string())
    }
}

/// One message from the lab about a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Progress(Progress),
    Part(Part),
    Done(Outcome),
    Failed(Failure),
}

/// A message that does not follow this protocol (a bug between two builds, or
/// input from elsewhere), in words.
fn malformed(what: &str) -> LabError {
    LabError::Malformed(what.to_string())
}

fn flag(send: bool) -> String {
    if send { "1" } else { "0" }.to_string()
}

fn read_flag(field: Option<&String>) -> bool {
    field.is_some_and(|f| f == "1" || f == "true")
}

impl Request {
    pub fn encode(&self) -> Vec<String> {
        let own = |op: &str, fields: &[&str]| {
            std::iter::once(op)
                .chain(fields.iter().copied())
                .map(String::from)
                .collect::<Vec<String>>()
        };
        match self {
            Request::GenerateText(p) => super::message(p),
            Request::OpenGenerated { params, send } => {
                let mut m = super::message(params);
                m[0] = super::OPEN_GENERATED.into();
                m.push(flag(*send));
                m
            }
            Request::OpenFile { name, send } => own(super::OPEN_FILE, &[name, &flag(*send)]),
            Request::OpenText(text) => own(super::OPEN, &[text]),
            Request::Tool(tool) => match tool {
                Tool::Taint {
                    method,
                    source,
                    asset,
                } => own(super::TAINT, &[method, source, asset]),
                Tool::Path {
                    from,
                    to,
                    max_hops,
                    through_services,
                } => own(
                    super::PATH,
                    &[
                        from,
                        to,
                        max_hops,
                        if *through_services { "true" } else { "false" },
                    ],
                ),
                Tool::Trace {
                    from,
                    hops,
                    method,
                    min,
                } => own(super::TRACE, &[from, hops, method, min]),
                Tool::Clusters => own(super::CLUSTER, &[]),
                Tool::ClusterOf(address) => own(super::CLUSTER, &[address]),
                Tool::Heuristics(tx) => own(super::HEURISTICS, &[tx]),
                Tool::Legs(tx) => own(super::LEGS, &[tx]),
            },
        }
    }

    /// Reads a request; a missing required field or an unknown operation is a
    /// [`LabError`] that names it. Optional trailing fields may be left out.
    pub fn decode(message: &[String]) -> Result<Request, LabError> {
        let (op, fields) = message
            .split_first()
            .ok_or(LabError::Missing("the operation"))?;
        let text = |i: usize| fields.get(i).cloned().unwrap_or_default();
        let required = |i: usize, what: &'static str| {
            fields
                .get(i)
                .filter(|s| !s.trim().is_empty())
                .map(|s| s.trim().to_string())
                .ok_or(LabError::Missing(what))
        };
        Ok(match op.as_str() {
            super::GENERATE => Request::GenerateText(params_from_fields(fields)?),
            super::OPEN_GENERATED => Request::OpenGenerated {
                params: params_from_fields(fields)?,
                send: read_flag(fields.get(5)),
            },
            super::OPEN_FILE => Request::OpenFile {
                name: text(0),
                send: read_flag(fields.get(1)),
            },
            super::OPEN => Request::OpenText(
                fields
                    .first()
                    .cloned()
                    .ok_or(LabError::Missing("the case"))?,
            ),
            super::TAINT => Request::Tool(Tool::Taint {
                method: required(0, "the method")?,
                source: required(1, "the source")?,
                asset: text(2),
            }),
            super::PATH => Request::Tool(Tool::Path {
                from: required(0, "the address to start from")?,
                to: required(1, "the address to reach")?,
                max_hops: text(2),
                through_services: match text(3).trim() {
                    "" | "false" => false,
                    "true" => true,
                    other => return Err(LabError::BadFlag(other.to_string())),
                },
            }),
            super::TRACE => Request::Tool(Tool::Trace {
                from: required(0, "the address to start from")?,
                hops: text(1),
                method: text(2),
                min: text(3),
            }),
            super::CLUSTER => match fields.first().map(|s| s.trim()) {
                None | Some("") => Request::Tool(Tool::Clusters),
                Some(address) => Request::Tool(Tool::ClusterOf(address.to_string())),
            },
            super::HEURISTICS => Request::Tool(Tool::Heuristics(required(0, "the transaction")?)),
            super::LEGS => Request::Tool(Tool::Legs(required(0, "the transaction")?)),
            _ => return Err(LabError::UnknownOperation(op.clone())),
        })
    }
}

const PROGRESS: &str = "progress";
const PART: &str = "part";
const DONE: &str = "done";
const FAILED: &str = "failed";

impl Event {
    pub fn encode(&self) -> Vec<String> {
        let list = |items: &[&str]| items.iter().map(|s| s.to_string()).collect();
        match self {
            Event::Progress(p) => list(&[
                PROGRESS,
                p.stage.as_str(),
                &p.done.to_string(),
                &p.total.to_string(),
            ]),
            Event::Part(part) => {
                let (kind, json) = match part {
                    Part::Head(j) => ("head", j),
                    Part::Entities(j) => ("entities", j),
                    Part::Addresses(j) => ("addresses", j),
                    Part::Balances(j) => ("balances", j),
                    Part::Transactions(j) => ("transactions", j),
                };
                list(&[PART, kind, json])
            }
            Event::Done(Outcome::Text(t)) => list(&[DONE, "text", t]),
            Event::Done(Outcome::Results(t)) => list(&[DONE, "results", t]),
            Event::Done(Outcome::Opened(o)) => list(&[
                DONE,
                "opened",
                &o.id,
                &o.version,
                &o.transactions.to_string(),
            ]),
            Event::Failed(Failure::Lab(why)) => list(&[FAILED, "lab", why]),
            Event::Failed(Failure::Problems(problems)) => {
                let mut out = list(&[FAILED, "problems"]);
                for p in problems {
                    let (line, column) = p.position.map_or((String::new(), String::new()), |q| {
                        (q.line.to_string(), q.column.to_string())
                    });
                    // The top level prints as words; on the wire it is empty.
                    let path = if p.path.0.is_empty() {
                        String::new()
                    } else {
                        p.path.to_string()
                    };
                    out.extend([
                        p.rule.as_str().to_string(),
                        path,
                        p.message.clone(),
                        line,
                        column,
                    ]);
                }
                out
            }
        }
    }

    pub fn decode(message: &[String]) -> Result<Event, LabError> {
        let field = |i: usize| message.get(i).map(String::as_str);
        let number = |i: usize| {
            field(i)
                .and_then(|n| n.parse::<u64>().ok())
                .ok_or_else(|| malformed("a number"))
        };
        let body = |i: usize| {
            field(i)
                .map(str::to_string)
                .ok_or_else(|| malformed("a message without its text"))
        };
        Ok(match (field(0), field(1)) {
            (Some(PROGRESS), Some(stage)) => Event::Progress(Progress {
                stage: Stage::from_name(stage).ok_or_else(|| malformed(stage))?,
                done: number(2)?,
                total: number(3)?,
            }),
            (Some(PART), Some(kind)) => Event::Part(match kind {
                "head" => Part::Head(body(2)?),
                "entities" => Part::Entities(body(2)?),
                "addresses" => Part::Addresses(body(2)?),
                "balances" => Part::Balances(body(2)?),
                "transactions" => Part::Transactions(body(2)?),
                other => return Err(malformed(other)),
            }),
            (Some(DONE), Some("text")) => Event::Done(Outcome::Text(body(2)?)),
            (Some(DONE), Some("results")) => Event::Done(Outcome::Results(body(2)?)),
            (Some(DONE), Some("opened")) => Event::Done(Outcome::Opened(Opened {
                id: body(2)?,
                version: body(3)?,
                transactions: number(4)?,
            })),
            (Some(FAILED), Some("lab")) => Event::Failed(Failure::Lab(body(2)?)),
            (Some(FAILED), Some("problems")) => {
                let mut problems = Vec::new();
                for p in message[2..].chunks(5) {
                    let [rule, path, text, line, column] = p else {
                        return Err(malformed("a problem without all its fields"));
                    };
                    let rule = Rule::from_name(rule).ok_or_else(|| malformed(rule))?;
                    let position = match (line.parse(), column.parse()) {
                        (Ok(line), Ok(column)) => Some(Position { line, column }),
                        _ => None,
                    };
                    problems.push(Problem {
                        rule,
                        path: JsonPath::parse(path),
                        message: text.clone(),
                        position,
                    });
                }
                Event::Failed(Failure::Problems(problems))
            }
            _ => return Err(malformed(field(0).unwrap_or("an empty message"))),
        })
    }
}

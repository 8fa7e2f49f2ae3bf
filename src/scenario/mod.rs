//! The case file format: types, loading, validation and the JSON Schema.
//!
//! Loading happens in two stages so that an author gets useful messages:
//! 1. [`parse`] turns text into a [`Scenario`]. A syntax error reports line and column;
//!    a shape error (missing field, wrong type, unknown field) also reports the JSON
//!    path, recovered from serde_json's error position by [`path::path_at`].
//! 2. [`validate`] checks every cross-field rule of the format and returns *all*
//!    problems, each with its path.
//!
//! [`check`] runs both and attaches line and column to every problem, which is what
//! the command line and the app's error banner show. When the typed parse fails,
//! `check` reports every shape problem rather than the first (`recover.rs`); `parse`
//! stays lean, as the app uses it alone on its bundled cases.

pub mod limits;
pub mod locate;
pub mod model;
pub mod path;
mod reach;
mod recover;
pub mod schema;
mod validate;
mod validate_flows;

use serde::{Deserialize, Serialize};

use crate::ledger::Ledger;

pub use limits::Limits;
pub use model::*;
pub use path::{JsonPath, Position};
pub use validate::validate;

/// Which rule a problem breaks; stable names for tests and `--json` output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// The text is not JSON.
    Syntax,
    /// JSON, but a field is missing, unknown or of the wrong type.
    Shape,
    SchemaVersion,
    /// An id or value is not in the form the format requires.
    BadValue,
    DuplicateId,
    UnresolvedReference,
    AddressSyntax,
    TransactionIdSyntax,
    /// A transaction uses the fields of the other chain model.
    WrongModel,
    AssetChain,
    DoubleSpend,
    SpendBeforeCreate,
    NegativeFee,
    NegativeBalance,
    TrailBroken,
    Unreachable,
    AnswerShape,
    /// The file, a list or a text is over a limit (`limits.rs`).
    TooLarge,
    /// More problems than one check lists ([`Limits::problems`]).
    TooManyProblems,
}

impl Rule {
    /// The rule of a stable name (`as_str`'s inverse).
    pub fn from_name(name: &str) -> Option<Rule> {
        use serde::de::IntoDeserializer;
        let name: serde::de::value::StrDeserializer<serde::de::value::Error> =
            name.into_deserializer();
        Rule::deserialize(name).ok()
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Syntax => "syntax",
            Rule::Shape => "shape",
            Rule::SchemaVersion => "schema-version",
            Rule::BadValue => "bad-value",
            Rule::DuplicateId => "duplicate-id",
            Rule::UnresolvedReference => "unresolved-reference",
            Rule::AddressSyntax => "address-syntax",
            Rule::TransactionIdSyntax => "transaction-id-syntax",
            Rule::WrongModel => "wrong-model",
            Rule::AssetChain => "asset-chain",
            Rule::DoubleSpend => "double-spend",
            Rule::SpendBeforeCreate => "spend-before-create",
            Rule::NegativeFee => "negative-fee",
            Rule::NegativeBalance => "negative-balance",
            Rule::TrailBroken => "trail-broken",
            Rule::Unreachable => "unreachable",
            Rule::AnswerShape => "answer-shape",
            Rule::TooLarge => "too-large",
            Rule::TooManyProblems => "too-many-problems",
        }
    }
}

/// One thing wrong with a case file, and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}: {message}", self.location())]
pub struct Problem {
    pub rule: Rule,
    pub path: JsonPath,
    pub message: String,
    /// Line and column in the source text, when the text was available.
    pub position: Option<Position>,
}

impl Problem {
    pub fn new(rule: Rule, path: JsonPath, message: impl Into<String>) -> Self {
        Problem {
            rule,
            path,
            message: message.into(),
            position: None,
        }
    }

    /// `transactions[2].id (line 40, column 13)`, or just the path.
    pub fn location(&self) -> String {
        match self.position {
            Some(p) => format!("{} (line {}, column {})", self.path, p.line, p.column),
            None => self.path.to_string(),
        }
    }
}

/// Why a text could not even be read as a case file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    #[error("not valid JSON at line {}, column {}: {message}", .position.line, .position.column)]
    Syntax { position: Position, message: String },
    #[error("{path} (line {}, column {}): {message}", .position.line, .position.column)]
    Shape {
        path: JsonPath,
        position: Position,
        message: String,
    },
    /// Lists and objects nested deeper than the parser goes ([`limits::MAX_DEPTH`]).
    #[error("{} (line {}, column {})", too_deep(), .position.line, .position.column)]
    TooDeep { position: Position },
}

fn too_deep() -> String {
    format!(
        "lists and objects are nested more than {} levels deep here; a case file nests about eight",
        limits::MAX_DEPTH
    )
}

impl LoadError {
    pub fn into_problem(self) -> Problem {
        match self {
            LoadError::Syntax { position, message } => Problem {
                rule: Rule::Syntax,
                path: JsonPath::root(),
                message: format!("not valid JSON: {message}"),
                position: Some(position),
            },
            LoadError::Shape {
                path,
                position,
                message,
            } => Problem {
                rule: Rule::Shape,
                path,
                message,
                position: Some(position),
            },
            LoadError::TooDeep { position } => Problem {
                rule: Rule::TooLarge,
                path: JsonPath::root(),
                message: too_deep(),
                position: Some(position),
            },
        }
    }
}

/// Reads a case file's text into the typed model (no cross-field checks).
pub fn parse(text: &str) -> Result<Scenario, LoadError> {
    serde_json::from_str(text).map_err(|e| {
        // A syntax error is reported as such, even where a shape error comes
        // first; a second, cheap pass tells the two apart (only on failure, so a
        // good file is read once).
        if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
            return LoadError::Syntax {
                position: Position {
                    line: e.line(),
                    column: e.column(),
                },
                message: strip_position(&e.to_string()),
            };
        }
        let message = e.to_string();
        // Skipping a value has no depth limit, building one has: serde_json says
        // so only in words (its error codes are private).
        if message.starts_with("recursion limit exceeded") {
            return LoadError::TooDeep {
                position: Position {
                    line: e.line(),
                    column: e.column(),
                },
            };
        }
        let path = path::path_at(text, e.line(), e.column());
        let position = path::locate(text, &path).unwrap_or(Position {
            line: e.line(),
            column: e.column(),
        });
        LoadError::Shape {
            path,
            position,
            message: strip_position(&message),
        }
    })
}

/// serde_json's message without the " at line L column C" it appends (we report
/// the position separately), and with any long value it quotes cut short.
fn strip_position(message: &str) -> String {
    let message = match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    crate::quote::shorten_message(message).into_owned()
}

/// Parses and validates within the command line's limits ([`Limits::CLI`]),
/// attaching line and column to every problem.
pub fn check(text: &str) -> Result<Scenario, Vec<Problem>> {
    check_with(text, &Limits::CLI)
}

/// Parses and validates within `limits` (the app's, [`Limits::APP`], or the
/// command line's), attaching line and column to every problem. A case over a
/// limit is not validated further: its size is the problem to fix first.
pub fn check_with(text: &str, limits: &Limits) -> Result<Scenario, Vec<Problem>> {
    limits.check_size(text.len() as u64).map_err(|p| vec![p])?;
    let scenario = match parse(text) {
        Ok(scenario) => scenario,
        Err(e @ (LoadError::Syntax { .. } | LoadError::TooDeep { .. })) => {
            return Err(vec![e.into_problem()])
        }
        Err(e) => return Err(recover::shape_problems(text, e, limits.problems)),
    };
    let mut problems = limits.check_case(&scenario);
    if problems.is_empty() {
        // The validator reads the case through a ledger; it takes the case and
        // gives it back, so a large case is never copied.
        let ledger = Ledger::new(scenario);
        problems = validate::validate_ledger(&ledger, limits.problems);
        if problems.is_empty() {
            return Ok(ledger.case);
        }
    }
    locate_problems(text, &mut problems);
    Err(problems)
}

/// Attaches line and column to every problem, in one pass over `text`.
pub fn locate_problems(text: &str, problems: &mut [Problem]) {
    let paths: Vec<&JsonPath> = problems.iter().map(|p| &p.path).collect();
    let positions = locate::locate_all(text, &paths);
    for (p, position) in problems.iter_mut().zip(positions) {
        p.position = position;
    }
}

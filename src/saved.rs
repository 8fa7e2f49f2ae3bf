//! A trainee's work as one saved document: the graph's command log and the
//! training session (answers, hints, requests, clock, submission).
//!
//! The app writes it to browser storage after every action and into exported case
//! files (`investigation` field); both read it back through [`load`]. It is
//! versioned: [`VERSION`] is the current shape, and `migrate` is where an older
//! shape is brought up to date, so a trainee's saved work survives an upgrade of
//! the app. The graph is stored as its command log rather than petgraph's
//! internals: replaying it rebuilds positions, marks and the undo history exactly.
//!
//! Fields added since version 1 are optional (`saved_at`), so every version-1
//! document still loads; what autosave decides with them is in `autosave`.

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::investigation::history::{History, Log};
use crate::investigation::Investigation;
use crate::ledger::Ledger;
use crate::training::Session;

/// The shape written today.
pub const VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub version: u32,
    /// The case this work belongs to, and its revision: work on another revision
    /// is not resumed silently.
    pub case_id: String,
    pub case_version: String,
    pub log: Log,
    pub session: Session,
    /// When the work was written (milliseconds since 1970, the browser's clock),
    /// so the trainee can be told which of two copies is newer. Absent in
    /// documents written before it was added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saved_at: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SaveError {
    #[error("the saved investigation is damaged: {0}")]
    Damaged(String),
    #[error("the saved investigation was written by a newer TraceLab (version {0})")]
    TooNew(u32),
    #[error("the saved investigation belongs to case {0} version {1}")]
    OtherCase(String, String),
}

/// The browser storage key for a case's autosave: one slot per case revision.
pub fn storage_key(ledger: &Ledger) -> String {
    format!(
        "tracelab.investigation.{}@{}",
        ledger.case.id, ledger.case.version
    )
}

pub fn save(ledger: &Ledger, history: &History, session: &Session) -> Saved {
    Saved {
        version: VERSION,
        case_id: ledger.case.id.clone(),
        case_version: ledger.case.version.clone(),
        log: history.log(),
        session: session.clone(),
        saved_at: None,
    }
}

/// Whether two documents hold the same work: the same graph commands and the
/// same session, whatever the case clock says and whenever each was written. The
/// clock moves every second while a request is pending, in every tab that has the
/// case open, so it alone never makes two copies different work.
pub fn same_work(a: &Saved, b: &Saved) -> bool {
    let mut session = a.session.clone();
    session.clock = b.session.clock;
    a.log == b.log && session == b.session
}

/// Just the version, read first so a newer or older shape is recognised before
/// the whole document is parsed.
#[derive(Deserialize)]
struct Versioned {
    version: u32,
}

/// Reads saved work from its JSON text, migrating older versions. Text rather than
/// a `serde_json::Value` keeps one parser per type in the wasm bundle.
pub fn load(ledger: &Ledger, text: &str) -> Result<Saved, SaveError> {
    let damaged = |e: serde_json::Error| SaveError::Damaged(e.to_string());
    let Versioned { version } = serde_json::from_str(text).map_err(damaged)?;
    if version > VERSION {
        return Err(SaveError::TooNew(version));
    }
    let text = migrate(version, text);
    let saved: Saved = serde_json::from_str(&text).map_err(damaged)?;
    if saved.case_id != ledger.case.id || saved.case_version != ledger.case.version {
        return Err(SaveError::OtherCase(saved.case_id, saved.case_version));
    }
    Ok(saved)
}

/// Brings an older shape up to [`VERSION`]. Version 1 is the first: nothing to do
/// yet; a version 2 adds its step here (`1 => ...`) and leaves the rest alone.
fn migrate(_from: u32, text: &str) -> std::borrow::Cow<'_, str> {
    std::borrow::Cow::Borrowed(text)
}

/// The graph, its undo history and the session the saved work describes.
pub fn resume(ledger: &Ledger, saved: &Saved) -> (Rc<Investigation>, History, Session) {
    let (graph, history) = History::replay(ledger, Investigation::open(ledger), &saved.log);
    (graph, history, saved.session.clone())
}

/// The case file to hand out: the case itself with the saved work attached.
pub fn case_file(ledger: &Ledger, saved: &Saved) -> String {
    // Through text, not `to_value`/`to_string_pretty`: those would add another
    // copy of the (large) case serializer to the wasm bundle.
    let mut case = ledger.case.clone();
    case.investigation = serde_json::to_string(saved)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok());
    serde_json::to_string(&case).unwrap_or_default()
}

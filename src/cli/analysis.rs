//! Shared plumbing for the analytics subcommands (`taint`, `cluster`,
//! `heuristics`, `path`, `trace`, `legs`): loading a case with its index and
//! reporting invalid input. The reports themselves, with the resolution of the ids
//! a user types, are the core's (`analytics::report`).

use std::path::Path;
use std::process::ExitCode;

use crate::analytics::report::{Lookup, ReportError};
use crate::analytics::Index;
use crate::scenario::Scenario;

/// A valid case and its analytics index.
pub struct Loaded {
    pub case: Scenario,
    pub ix: Index,
}

impl Loaded {
    pub fn lookup(&self) -> Lookup<'_> {
        Lookup::new(&self.case, &self.ix)
    }
}

pub fn load(file: &Path) -> Result<Loaded, ExitCode> {
    let case = super::load_case(file)?;
    let ix = Index::new(&case);
    Ok(Loaded { case, ix })
}

/// Loads the case and runs `report` on it: exit code 0 when it succeeds, 1 (with
/// the message) when the case is invalid or the report refuses the input.
pub fn with_case(
    file: &Path,
    report: impl FnOnce(Lookup<'_>) -> Result<(), ReportError>,
) -> ExitCode {
    match load(file) {
        Ok(l) => match report(l.lookup()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => invalid(e),
        },
        Err(code) => code,
    }
}

/// Reports invalid input (exit code 1).
pub fn invalid(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(1)
}

pub fn print_json(doc: &serde_json::Value) {
    println!("{}", serde_json::to_string_pretty(doc).unwrap_or_default());
}

//! The `tracelab` command line for instructors: a thin shell over the core.
//!
//! One module per subcommand; this file only declares the arguments (clap) and
//! dispatches. Every subcommand prints for people by default and a JSON document on
//! stdout with `--json`. Exit codes: 0 success, 1 the input is invalid (every
//! problem is listed), 2 a usage error (clap's own code for bad arguments).

mod grade;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::scenario;

#[derive(Parser)]
#[command(
    name = "tracelab",
    version,
    about = "TraceLab case tools for instructors"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check case files against the format and every semantic rule; lists all problems.
    Validate {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Print a JSON report on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Re-grade trainees' results files against the case: one row per participant.
    Grade {
        #[arg(value_name = "CASE")]
        case: PathBuf,
        #[arg(required = true, value_name = "RESULTS")]
        results: Vec<PathBuf>,
        /// Print JSON on stdout.
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// Print CSV for a spreadsheet.
        #[arg(long)]
        csv: bool,
    },
    /// Print the JSON Schema of the case file format.
    Schema {
        /// Accepted for symmetry with the other subcommands: the schema is JSON already.
        #[arg(long)]
        json: bool,
    },
}

/// Runs the command line and returns the process exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Validate { files, json } => validate::run(&files, json),
        Command::Grade {
            case,
            results,
            json,
            csv,
        } => grade::run(&case, &results, json, csv),
        Command::Schema { json: _ } => {
            print!("{}", scenario::schema::schema_json());
            ExitCode::SUCCESS
        }
    }
}

/// Reads and validates a case file, for subcommands that work on one case. On
/// failure the problems are printed (as `validate` would) and the exit code is 1.
pub fn load_case(file: &std::path::Path) -> Result<scenario::Scenario, ExitCode> {
    let text = std::fs::read_to_string(file).map_err(|e| {
        eprintln!("{}: cannot read the file: {e}", file.display());
        ExitCode::from(1)
    })?;
    scenario::check(&text).map_err(|problems| {
        eprintln!(
            "{}: {} problem(s); the case must be valid first:",
            file.display(),
            problems.len()
        );
        for p in &problems {
            eprintln!("  {p}");
        }
        ExitCode::from(1)
    })
}

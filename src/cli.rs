//! The `tracelab` command line for instructors: a thin shell over the core.
//!
//! Every subcommand prints for people by default and a JSON document with `--json`.
//! Exit codes: 0 success, 1 the input is invalid (every problem is listed), 2 a usage
//! error (clap's own code for bad arguments).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde_json::json;

use crate::scenario::{self, Problem};

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
        Command::Validate { files, json } => validate(&files, json),
        Command::Schema { json: _ } => {
            print!("{}", scenario::schema::schema_json());
            ExitCode::SUCCESS
        }
    }
}

struct FileReport {
    file: PathBuf,
    outcome: Result<scenario::Scenario, Vec<Problem>>,
}

fn validate(files: &[PathBuf], json: bool) -> ExitCode {
    let reports: Vec<FileReport> = files
        .iter()
        .map(|file| FileReport {
            file: file.clone(),
            outcome: match std::fs::read_to_string(file) {
                Ok(text) => scenario::check(&text),
                Err(e) => Err(vec![Problem::new(
                    scenario::Rule::Syntax,
                    scenario::JsonPath::root(),
                    format!("cannot read the file: {e}"),
                )]),
            },
        })
        .collect();
    let all_valid = reports.iter().all(|r| r.outcome.is_ok());
    if json {
        let files: Vec<_> = reports.iter().map(report_json).collect();
        let doc = json!({ "valid": all_valid, "files": files });
        println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
    } else {
        for r in &reports {
            print_human(r);
        }
    }
    if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn report_json(r: &FileReport) -> serde_json::Value {
    match &r.outcome {
        Ok(case) => json!({
            "file": r.file.display().to_string(),
            "valid": true,
            "id": case.id,
            "title": case.title,
            "transactions": case.transactions.len(),
            "addresses": case.addresses.len(),
            "objectives": case.objectives.len(),
            "problems": [],
        }),
        Err(problems) => json!({
            "file": r.file.display().to_string(),
            "valid": false,
            "problems": problems.iter().map(problem_json).collect::<Vec<_>>(),
        }),
    }
}

pub fn problem_json(p: &Problem) -> serde_json::Value {
    json!({
        "rule": p.rule.as_str(),
        "path": p.path.to_string(),
        "line": p.position.map(|x| x.line),
        "column": p.position.map(|x| x.column),
        "message": p.message,
    })
}

fn print_human(r: &FileReport) {
    let name = r.file.display();
    match &r.outcome {
        Ok(case) => println!(
            "{name}: valid — {} \"{}\" ({} transactions, {} addresses, {} objectives)",
            case.id,
            case.title,
            case.transactions.len(),
            case.addresses.len(),
            case.objectives.len()
        ),
        Err(problems) => {
            let n = problems.len();
            println!("{name}: {n} problem{}", if n == 1 { "" } else { "s" });
            for p in problems {
                println!("  {}: {} [{}]", p.location(), p.message, p.rule.as_str());
            }
        }
    }
}

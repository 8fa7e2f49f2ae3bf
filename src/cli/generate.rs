//! `tracelab generate`: a case from a typology recipe, a seed and a difficulty.
//!
//! The case goes to stdout (or `-o FILE`) as pretty JSON; the same arguments always
//! give the same bytes. `--list` prints the typologies, one line each. `--json`
//! makes the list and any error machine-readable (the case is JSON already).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::json;

use crate::generator::{self, Params, Typology};
use crate::scenario::Difficulty;

pub struct Args {
    pub typology: Option<String>,
    pub seed: Option<u64>,
    pub difficulty: Difficulty,
    pub scale: Option<usize>,
    pub participant: Option<String>,
    pub output: Option<PathBuf>,
    pub list: bool,
    pub json: bool,
}

fn usage(message: &str, json: bool) -> ExitCode {
    if json {
        println!("{}", json!({ "ok": false, "error": message }));
    }
    eprintln!("error: {message}");
    ExitCode::from(2)
}

pub fn run(a: Args) -> ExitCode {
    if a.list {
        if a.json {
            let list: Vec<_> = Typology::ALL
                .iter()
                .map(|t| json!({ "typology": t.id(), "description": t.description() }))
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&json!({ "typologies": list })).unwrap_or_default()
            );
        } else {
            for t in Typology::ALL {
                println!("{:<20} {}", t.id(), t.description());
            }
        }
        return ExitCode::SUCCESS;
    }
    let Some(name) = a.typology else {
        return usage("--typology is required (or --list to see them)", a.json);
    };
    let Some(typology) = Typology::from_id(&name) else {
        return usage(
            &generator::GenError::UnknownTypology(name).to_string(),
            a.json,
        );
    };
    let Some(seed) = a.seed else {
        return usage("--seed is required", a.json);
    };
    let params = Params {
        typology,
        seed,
        difficulty: a.difficulty,
        scale: a.scale,
        participant: a.participant,
    };
    let case = match generator::build(&params) {
        Ok(c) => c,
        Err(e) => return usage(&e.to_string(), a.json),
    };
    let written = match &a.output {
        Some(path) => {
            std::fs::File::create(path).and_then(|f| write_case(std::io::BufWriter::new(f), &case))
        }
        None => write_case(std::io::BufWriter::new(std::io::stdout().lock()), &case),
    };
    if let Err(e) = written {
        eprintln!("error: cannot write the case: {e}");
        return ExitCode::from(1);
    }
    if let Some(path) = &a.output {
        eprintln!(
            "wrote {} ({} transactions, {} addresses) to {}",
            case.head.id,
            case.tx_count(),
            case.address_count(),
            path.display()
        );
    }
    ExitCode::SUCCESS
}

/// Streams the case as pretty JSON with a final newline (what `generate_json` returns).
fn write_case(mut w: impl Write, case: &crate::generator::case::CaseDoc) -> std::io::Result<()> {
    case.write_json(&mut w)?;
    w.write_all(b"\n")?;
    w.flush()
}

//! `tracelab validate FILE...`: every problem of every file, with its place.
//!
//! A file is recognised as a case, the library index (each listed case is then
//! validated and compared with its entry) or the format's JSON Schema (skipped), so
//! `tracelab validate scenarios/*.json` checks a whole folder.

use std::path::PathBuf;
use std::process::ExitCode;

use serde::de::IgnoredAny;
use serde_json::json;

use crate::library::{CaseCard, Library};
use crate::quote::{quote, shorten_message};
use crate::scenario::{self, Problem};

struct FileReport {
    file: PathBuf,
    outcome: Result<Checked, Vec<Problem>>,
}

/// What a valid file turned out to be.
enum Checked {
    Case(Box<scenario::Scenario>),
    /// A library index and how many cases it lists (each validated too).
    Library(usize),
    /// The format's JSON Schema, which sits next to the cases in `scenarios/`.
    Schema,
}

enum FileKind {
    Case,
    Library,
    Schema,
}

/// Tells a library index or the schema from a case file, so that
/// `tracelab validate scenarios/*.json` checks a whole folder. Only the top-level
/// members are looked at (values are skipped, not built), so a 100 MB case is not
/// read into a `serde_json::Value` just to be recognised.
///
/// A file with `schema_version` is never taken for the schema: case files may
/// carry a `$schema` member for editors, and taking such a case for the schema
/// would skip it, broken or not. The schema is recognised by what only a JSON
/// Schema has: no `schema_version`, `properties`, and a `$schema` naming a
/// json-schema.org dialect. The library index lists `cases` and no transactions.
fn kind_of(text: &str) -> FileKind {
    #[derive(serde::Deserialize)]
    struct TopLevel {
        schema_version: Option<IgnoredAny>,
        #[serde(rename = "$schema")]
        schema: Option<serde_json::Value>,
        properties: Option<IgnoredAny>,
        cases: Option<IgnoredAny>,
        transactions: Option<IgnoredAny>,
    }
    let Ok(top) = serde_json::from_str::<TopLevel>(text) else {
        return FileKind::Case;
    };
    let dialect = top
        .schema
        .as_ref()
        .and_then(|s| s.as_str())
        .is_some_and(|s| s.contains("json-schema.org"));
    if top.cases.is_some() && top.transactions.is_none() {
        FileKind::Library
    } else if top.schema_version.is_none() && dialect && top.properties.is_some() {
        FileKind::Schema
    } else {
        FileKind::Case
    }
}

/// Validates a library index: it parses, each listed file is a valid case, and the
/// index repeats each case's headline fields exactly.
fn check_library(file: &std::path::Path, text: &str) -> Result<usize, Vec<Problem>> {
    use scenario::{JsonPath, Rule};
    let library: Library = serde_json::from_str(text).map_err(|e| {
        vec![Problem::new(
            Rule::Shape,
            JsonPath::root(),
            format!("not a library index: {}", shorten_message(&e.to_string())),
        )]
    })?;
    let dir = file.parent().unwrap_or(std::path::Path::new("."));
    let mut problems = Vec::new();
    for (i, card) in library.cases.iter().enumerate() {
        let path = JsonPath::root().key("cases").index(i);
        let case_text = match super::read_text(&dir.join(&card.file)) {
            Ok(t) => t,
            Err(e) => {
                problems.push(Problem::new(
                    Rule::UnresolvedReference,
                    path.key("file"),
                    format!("{}: {}", quote(&card.file), e.message),
                ));
                continue;
            }
        };
        match scenario::check(&case_text) {
            Err(ps) => problems.push(Problem::new(
                Rule::UnresolvedReference,
                path.key("file"),
                format!(
                    "{} has {} problem(s); validate it for details",
                    quote(&card.file),
                    ps.len()
                ),
            )),
            Ok(case) => {
                if CaseCard::from_case(&case, &card.file) != *card {
                    problems.push(Problem::new(
                        Rule::BadValue,
                        path,
                        format!("the entry differs from {}: copy its id, title, summary, difficulty, estimated_minutes, typologies and chains exactly", quote(&card.file)),
                    ));
                }
            }
        }
    }
    for (i, id) in library.path.iter().enumerate() {
        if library.find(id).is_none() {
            problems.push(Problem::new(
                Rule::UnresolvedReference,
                JsonPath::root().key("path").index(i),
                format!("no case {} in `cases`", quote(id)),
            ));
        }
    }
    if problems.is_empty() {
        Ok(library.cases.len())
    } else {
        scenario::locate_problems(text, &mut problems);
        Err(problems)
    }
}

/// A file that reads as a case is one; any other is recognised first (a library
/// index or the schema), so a good case is read only once.
fn check_file(file: &std::path::Path, text: &str) -> Result<Checked, Vec<Problem>> {
    let problems = match scenario::check(text) {
        Ok(case) => return Ok(Checked::Case(Box::new(case))),
        Err(problems) => problems,
    };
    match kind_of(text) {
        FileKind::Case => Err(problems),
        FileKind::Library => check_library(file, text).map(Checked::Library),
        FileKind::Schema => Ok(Checked::Schema),
    }
}

pub fn run(files: &[PathBuf], json: bool) -> ExitCode {
    let reports: Vec<FileReport> = files
        .iter()
        .map(|file| FileReport {
            file: file.clone(),
            outcome: match super::read_text(file) {
                Ok(text) => check_file(file, &text),
                Err(problem) => Err(vec![problem]),
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
        Ok(Checked::Library(n)) => {
            json!({"file": r.file.display().to_string(), "valid": true, "kind": "library", "cases": n, "problems": []})
        }
        Ok(Checked::Schema) => {
            json!({"file": r.file.display().to_string(), "valid": true, "kind": "schema", "problems": []})
        }
        Ok(Checked::Case(case)) => json!({
            "file": r.file.display().to_string(),
            "valid": true,
            "kind": "case",
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
        Ok(Checked::Library(n)) => {
            println!("{name}: valid library index — {n} cases, each valid and matching its entry")
        }
        Ok(Checked::Schema) => {
            println!("{name}: the JSON Schema of the case format (not a case; skipped)")
        }
        Ok(Checked::Case(case)) => println!(
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

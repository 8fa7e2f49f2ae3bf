//! `tracelab grade CASE RESULTS.json...`: a cohort table.
//!
//! Every results file is graded again against the case (the score written in the
//! file is never trusted) and any mismatch is flagged, as are a file without a
//! trainee name and two files of the same trainee (names compared as the
//! generator compares participants). One row per participant, as an aligned
//! table, `--csv` for a spreadsheet or `--json`; `--strict` exits 1 when any file
//! is flagged and lists why on stderr, for scripts that must not pass a cohort
//! with a doubtful file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::json;

use crate::scenario::Scenario;
use crate::training::grade::points_text;
use crate::training::results::{same_trainees, Discrepancy};
use crate::training::{regrade, ResultsFile};

struct Row {
    file: String,
    trainee: String,
    earned: String,
    max: String,
    percent: String,
    per_objective: Vec<String>,
    hints: u64,
    requests: usize,
    unfounded: usize,
    minutes: u64,
    actions: u32,
    flags: Vec<String>,
}

/// How `tracelab grade` reports: `--json`, `--csv` or a table, and whether any
/// flagged file makes it fail (`--strict`).
pub struct Output {
    pub json: bool,
    pub csv: bool,
    pub strict: bool,
}

pub fn run(case_file: &Path, results: &[PathBuf], output: Output) -> ExitCode {
    let case = match super::load_case(case_file) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let mut rows = Vec::new();
    let mut unreadable = false;
    for file in results {
        match read(file) {
            Ok(r) => rows.push((row(&case, file, &r), r.trainee)),
            Err(e) => {
                eprintln!("{}: {e}", file.display());
                unreadable = true;
            }
        }
    }
    let names: Vec<&str> = rows.iter().map(|(_, trainee)| trainee.as_str()).collect();
    let same = same_trainees(&names);
    let mut rows: Vec<Row> = rows.into_iter().map(|(row, _)| row).collect();
    for (i, others) in same.iter().enumerate() {
        for &j in others {
            let other = rows[j].file.clone();
            rows[i]
                .flags
                .push(Discrepancy::SameTrainee { other }.to_string());
        }
    }
    if output.json {
        print_json(&case, &rows);
    } else if output.csv {
        print_csv(&case, &rows);
    } else {
        print_table(&case, &rows);
    }
    let flagged: Vec<&Row> = rows.iter().filter(|r| !r.flags.is_empty()).collect();
    if output.strict && !flagged.is_empty() {
        eprintln!(
            "tracelab grade --strict: {} of {} results files are flagged:",
            flagged.len(),
            rows.len()
        );
        for r in &flagged {
            eprintln!("  {}: {}", r.file, r.flags.join("; "));
        }
    }
    if unreadable || (output.strict && !flagged.is_empty()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn read(file: &Path) -> Result<ResultsFile, String> {
    let text = super::read_text(file).map_err(|p| p.message)?;
    serde_json::from_str(&text).map_err(|e| {
        format!(
            "not a TraceLab results file: {}",
            crate::quote::shorten_message(&e.to_string())
        )
    })
}

fn row(case: &Scenario, file: &Path, r: &ResultsFile) -> Row {
    let (g, issues) = regrade(case, r);
    Row {
        file: file.display().to_string(),
        trainee: r.trainee.clone(),
        earned: points_text(g.earned_centi),
        max: points_text(g.max_centi),
        percent: g.percent(),
        per_objective: g
            .objectives
            .iter()
            .map(|o| {
                if o.auto_graded {
                    points_text(o.earned_centi)
                } else {
                    "review".into()
                }
            })
            .collect(),
        hints: r.hints_used.values().map(|&h| u64::from(h)).sum(),
        requests: r.requests.len(),
        unfounded: r.requests.iter().filter(|q| !q.founded).count(),
        minutes: r.time_spent_seconds.div_ceil(60),
        actions: r.actions,
        flags: issues.iter().map(ToString::to_string).collect(),
    }
}

fn header(case: &Scenario) -> Vec<String> {
    let mut h = vec![
        "trainee".to_string(),
        "score".into(),
        "max".into(),
        "percent".into(),
    ];
    h.extend(case.objectives.iter().map(|o| o.id.clone()));
    h.extend(
        [
            "hints",
            "requests",
            "unfounded",
            "minutes",
            "actions",
            "flags",
            "file",
        ]
        .map(String::from),
    );
    h
}

fn cells(r: &Row) -> Vec<String> {
    let mut c = vec![
        r.trainee.clone(),
        r.earned.clone(),
        r.max.clone(),
        r.percent.clone(),
    ];
    c.extend(r.per_objective.iter().cloned());
    c.extend([
        r.hints.to_string(),
        r.requests.to_string(),
        r.unfounded.to_string(),
        r.minutes.to_string(),
        r.actions.to_string(),
        if r.flags.is_empty() {
            "ok".into()
        } else {
            r.flags.join("; ")
        },
        r.file.clone(),
    ]);
    c
}

fn print_table(case: &Scenario, rows: &[Row]) {
    let mut table = vec![header(case)];
    table.extend(rows.iter().map(cells));
    let widths: Vec<usize> = (0..table[0].len())
        .map(|i| {
            table
                .iter()
                .map(|r| r[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    println!("{} — {} participant(s)", case.title, rows.len());
    for r in &table {
        let line: Vec<String> = r
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        println!("{}", line.join("  ").trim_end());
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn print_csv(case: &Scenario, rows: &[Row]) {
    let line = |cells: Vec<String>| {
        cells
            .iter()
            .map(|c| csv_field(c))
            .collect::<Vec<_>>()
            .join(",")
    };
    println!("{}", line(header(case)));
    for r in rows {
        println!("{}", line(cells(r)));
    }
}

fn print_json(case: &Scenario, rows: &[Row]) {
    let rows: Vec<_> = rows
        .iter()
        .map(|r| {
            json!({
                "file": r.file,
                "trainee": r.trainee,
                "score": r.earned,
                "max": r.max,
                "percent": r.percent,
                "objectives": case.objectives.iter().map(|o| o.id.clone()).zip(r.per_objective.iter().map(|p| serde_json::Value::from(p.as_str()))).collect::<serde_json::Map<_, _>>(),
                "hints_used": r.hints,
                "requests": r.requests,
                "unfounded_requests": r.unfounded,
                "minutes": r.minutes,
                "actions": r.actions,
                "flags": r.flags,
            })
        })
        .collect();
    let doc = json!({ "case": case.id, "version": case.version, "participants": rows });
    println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
}

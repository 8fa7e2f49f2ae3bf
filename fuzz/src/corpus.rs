//! The cases the targets read and the seeds the mutators start from.
//!
//! Everything comes from the repository (bundled cases in `scenarios/`, fixtures in
//! `tests/fixtures/`) or is made from it by the same public functions the app uses
//! (generated cases, results files from graded sessions, saved work from applied
//! commands), so the seeds are realistic and the fuzzer needs no corpus of its own.
//! Loaded once per process; [`cases`] panics with a clear message when the
//! repository's files are missing, which is a broken checkout, not a finding.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use serde_json::{json, Value};
use tracelab::ledger::Ledger;
use tracelab::scenario;

/// The repository root (this package is one level below it).
pub fn root() -> PathBuf {
    let package = Path::new(env!("CARGO_MANIFEST_DIR"));
    package.parent().unwrap_or(package).to_path_buf()
}

/// Cases at most this long are "small": cheap enough to run every analytics tool
/// on, or to replay saved work on, thousands of times a second.
const SMALL: usize = 64 * 1024;

pub struct Cases {
    /// Bundled cases and the fixture cases, as text, in file name order.
    pub texts: &'static [String],
    /// Those that pass the validator, by case id.
    pub ledgers: BTreeMap<String, Ledger>,
    /// Ids of the small valid ones; the first is the fallback case.
    pub small: Vec<String>,
    /// Their texts.
    pub small_texts: Vec<&'static str>,
}

static CASES: LazyLock<Cases> = LazyLock::new(load);

pub fn cases() -> &'static Cases {
    &CASES
}

/// The valid case with this id, or the fallback (a small fixture) for any other
/// id, so a mutated `case_id` still exercises everything behind the lookup.
pub fn ledger(case_id: &str) -> &'static Ledger {
    let c = cases();
    c.ledgers
        .get(case_id)
        .unwrap_or_else(|| &c.ledgers[&c.small[0]])
}

fn load() -> Cases {
    let mut texts = Vec::new();
    for dir in ["tests/fixtures", "scenarios"] {
        for path in json_files(&root().join(dir)) {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name != "index.json" && name != "schema.json" {
                texts.push(read(&path));
            }
        }
    }
    // Kept for the whole process anyway; leaked so that the list of small ones can
    // borrow from it.
    let texts: &'static [String] = texts.leak();
    let mut ledgers = BTreeMap::new();
    let mut small = Vec::new();
    let mut small_texts = Vec::new();
    for text in texts {
        if let Ok(case) = scenario::check(text) {
            if text.len() <= SMALL {
                small.push(case.id.clone());
                small_texts.push(text.as_str());
            }
            ledgers.insert(case.id.clone(), Ledger::new(case));
        }
    }
    assert!(
        !small.is_empty(),
        "no small valid case in tests/fixtures or scenarios"
    );
    Cases {
        texts,
        ledgers,
        small,
        small_texts,
    }
}

/// The `.json` files of a folder, sorted by name.
pub fn json_files(dir: &Path) -> Vec<PathBuf> {
    let entries =
        fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

pub fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Tool calls (lab messages) on a case, drawn from its own ids and addresses:
/// every taint method from several sources, paths, traces, clusters, heuristics
/// and legs.
pub fn tool_calls(case: &Value) -> Vec<Vec<String>> {
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| x.as_str().map(String::from))
            .collect()
    };
    let field_of = |list: &str, field: &str| -> Vec<String> {
        case[list]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| x[field].as_str().map(String::from))
            .collect()
    };
    let txs = field_of("transactions", "id");
    let addresses = field_of("addresses", "address");
    let assets = field_of("assets", "id");
    let trail = strings(&case["solution"]["trail"]);
    let keys = strings(&case["solution"]["key_addresses"]);
    let start = strings(&case["start"]["addresses"]);
    let pick =
        |list: &[String], i: usize| list.get(i % list.len().max(1)).cloned().unwrap_or_default();
    let first_tx = trail.first().cloned().unwrap_or_else(|| pick(&txs, 0));
    let from = pick(&start, 0);
    let sources = [
        from.clone(),
        first_tx.clone(),
        format!("{first_tx}:0"),
        pick(&txs, txs.len().saturating_sub(1)),
    ];
    let call = |parts: &[&str]| parts.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let mut calls = Vec::new();
    for method in ["poison", "haircut", "fifo", "lifo", "tiho", "libr"] {
        for source in &sources {
            calls.push(call(&["taint", method, source]));
        }
    }
    calls.push(call(&["taint", "fifo", &from, &pick(&assets, 1)]));
    for to in [pick(&keys, 0), pick(&addresses, addresses.len() / 2)] {
        calls.push(call(&["path", &from, &to]));
        calls.push(call(&["path", &from, &to, "3", "true"]));
    }
    for (method, min) in [
        ("", ""),
        ("largest", "0.01"),
        ("haircut", "1"),
        ("fifo", ""),
    ] {
        calls.push(call(&["trace", &from, "", method, min]));
    }
    calls.push(call(&["cluster"]));
    calls.push(call(&["cluster", &from]));
    calls.push(call(&["cluster", &pick(&addresses, 1)]));
    for i in 0..4 {
        let tx = trail.get(i).cloned().unwrap_or_else(|| pick(&txs, i * 7));
        calls.push(call(&["heuristics", &tx]));
        calls.push(call(&["legs", &tx]));
    }
    calls
}

/// The document the analytics target reads: tool calls and the case they run on.
pub fn envelope(case: Value) -> String {
    let calls = tool_calls(&case);
    serde_json::to_string_pretty(&json!({ "calls": calls, "case": case })).unwrap_or_default()
}

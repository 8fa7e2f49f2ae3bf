//! Data-driven tests of every validator rule.
//!
//! Each file in `tests/fixtures/validate/` is named after a rule and holds cases that
//! pass and cases that fail. A case starts from a small valid base case
//! (`tests/fixtures/mini-*.json`), applies JSON-pointer edits and lists the exact
//! problems expected as `[rule, path]` pairs. Exact lists keep the rules sharp: a
//! rule that starts reporting too much fails as surely as one that reports nothing.

use std::path::Path;

use serde_json::Value;
use tracelab::scenario;

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
}

fn apply(doc: &mut Value, edit: &Value) {
    let (op, pointer) = ["set", "append", "remove"]
        .iter()
        .find_map(|op| edit.get(*op).map(|p| (*op, p.as_str().expect("pointer"))))
        .expect("an edit is set, append or remove");
    let (parent, last) = pointer.rsplit_once('/').expect("pointer has a parent");
    match op {
        "append" => doc
            .pointer_mut(pointer)
            .and_then(Value::as_array_mut)
            .unwrap_or_else(|| panic!("no array at {pointer}"))
            .push(edit["value"].clone()),
        "set" => match doc
            .pointer_mut(parent)
            .unwrap_or_else(|| panic!("no {parent}"))
        {
            Value::Object(map) => {
                map.insert(last.to_string(), edit["value"].clone());
            }
            Value::Array(items) => items[last.parse::<usize>().unwrap()] = edit["value"].clone(),
            _ => panic!("cannot set {pointer}"),
        },
        _ => match doc
            .pointer_mut(parent)
            .unwrap_or_else(|| panic!("no {parent}"))
        {
            Value::Object(map) => {
                map.remove(last)
                    .unwrap_or_else(|| panic!("nothing at {pointer}"));
            }
            Value::Array(items) => {
                items.remove(last.parse::<usize>().unwrap());
            }
            _ => panic!("cannot remove {pointer}"),
        },
    }
}

/// Validates `input` (a case file's text) and compares the problems, as sorted
/// `(rule, path)` pairs, with `expected`. Returns a description of any mismatch.
fn check(input: &str, expected: &[(String, String)]) -> Result<(), String> {
    let mut got: Vec<(String, String)> = match scenario::check(input) {
        Ok(_) => Vec::new(),
        Err(problems) => problems
            .iter()
            .map(|p| (p.rule.as_str().to_string(), p.path.to_string()))
            .collect(),
    };
    got.sort();
    let mut want = expected.to_vec();
    want.sort();
    if got == want {
        Ok(())
    } else {
        let detail = match scenario::check(input) {
            Err(ps) => ps.iter().map(|p| format!("\n    {p}")).collect::<String>(),
            Ok(_) => String::new(),
        };
        Err(format!("expected {want:?}\n  got {got:?}{detail}"))
    }
}

#[test]
fn every_rule_passes_and_fails_as_its_fixtures_say() {
    let dir = fixtures().join("validate");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 15, "a fixture file per rule");
    let mut failures = Vec::new();
    let mut count = 0;
    for file in files {
        let suite: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let mut passing = 0;
        let mut failing = 0;
        for case in suite["cases"].as_array().unwrap() {
            let base =
                std::fs::read_to_string(fixtures().join(case["base"].as_str().unwrap())).unwrap();
            let mut doc: Value = serde_json::from_str(&base).unwrap();
            for edit in case["edits"].as_array().unwrap() {
                apply(&mut doc, edit);
            }
            let expected: Vec<(String, String)> = case["expect"]
                .as_array()
                .unwrap()
                .iter()
                .map(|pair| {
                    (
                        pair[0].as_str().unwrap().into(),
                        pair[1].as_str().unwrap().into(),
                    )
                })
                .collect();
            if expected.is_empty() {
                passing += 1;
            } else {
                failing += 1;
            }
            count += 1;
            let text = serde_json::to_string_pretty(&doc).unwrap();
            if let Err(e) = check(&text, &expected) {
                failures.push(format!("{} / {}: {e}", file.display(), case["name"]));
            }
        }
        assert!(
            passing > 0 && failing > 0,
            "{} needs a passing and a failing case",
            file.display()
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {count} fixture cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn bundled_and_base_cases_are_valid() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let index: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("scenarios/index.json")).unwrap())
            .unwrap();
    let cases = index["cases"].as_array().unwrap();
    assert!(cases.len() >= 2);
    for entry in cases {
        let text =
            std::fs::read_to_string(root.join("scenarios").join(entry["file"].as_str().unwrap()))
                .unwrap();
        check(&text, &[]).unwrap_or_else(|e| panic!("{}: {e}", entry["file"]));
    }
    for base in ["mini-utxo.json", "mini-account.json"] {
        check(
            &std::fs::read_to_string(fixtures().join(base)).unwrap(),
            &[],
        )
        .unwrap();
    }
}

//! `tracelab generate`, `solve` and `stats` as an instructor uses them: exit codes
//! 0/1/2, deterministic output, and answers in the case format's shape.

mod common;

use std::process::Output;

use common::tracelab;

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn temp(name: &str) -> String {
    std::env::temp_dir()
        .join(format!("tracelab-gen-{}-{name}", std::process::id()))
        .display()
        .to_string()
}

#[test]
fn generate_is_deterministic_and_valid() {
    let args = [
        "generate",
        "--typology",
        "ransomware",
        "--seed",
        "11",
        "--difficulty",
        "intermediate",
        "--scale",
        "150",
    ];
    let a = tracelab(&args);
    let b = tracelab(&args);
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(a.stdout, b.stdout, "same arguments, same bytes");
    let file = temp("case.json");
    let mut with_o = args.to_vec();
    with_o.extend(["-o", &file]);
    assert_eq!(tracelab(&with_o).status.code(), Some(0));
    assert_eq!(
        std::fs::read(&file).unwrap(),
        a.stdout,
        "-o writes the same bytes"
    );
    let v = tracelab(&["validate", &file]);
    assert_eq!(v.status.code(), Some(0), "{}", stdout(&v));
    let other = tracelab(&[
        "generate",
        "--typology",
        "ransomware",
        "--seed",
        "11",
        "--participant",
        "Kim Lee",
    ]);
    assert_ne!(other.stdout, a.stdout);
}

#[test]
fn list_names_every_typology() {
    let out = tracelab(&["generate", "--list"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for t in tracelab::generator::Typology::ALL {
        assert!(text.contains(t.id()), "{} missing", t.id());
    }
    let json: serde_json::Value =
        serde_json::from_slice(&tracelab(&["generate", "--list", "--json"]).stdout).unwrap();
    assert_eq!(json["typologies"].as_array().unwrap().len(), 12);
}

#[test]
fn generate_usage_errors_exit_2() {
    for args in [
        vec!["generate"],
        vec!["generate", "--typology", "nope", "--seed", "1"],
        vec!["generate", "--typology", "ransomware"],
        vec!["generate", "--typology", "ransomware", "--seed", "x"],
        vec![
            "generate",
            "--typology",
            "ransomware",
            "--seed",
            "1",
            "--difficulty",
            "hard",
        ],
        vec![
            "generate",
            "--typology",
            "ransomware",
            "--seed",
            "1",
            "--scale",
            "99000000",
        ],
    ] {
        assert_eq!(tracelab(&args).status.code(), Some(2), "{args:?}");
    }
    let out = tracelab(&["generate", "--typology", "nope", "--seed", "1", "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["ok"], false);
}

#[test]
fn solve_gives_the_trail_and_every_answer() {
    let file = temp("solve.json");
    let gen = tracelab(&[
        "generate",
        "--typology",
        "chain-hop",
        "--seed",
        "5",
        "--difficulty",
        "advanced",
        "-o",
        &file,
    ]);
    assert_eq!(gen.status.code(), Some(0));
    let case: tracelab::scenario::Scenario =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let human = tracelab(&["solve", &file]);
    assert_eq!(human.status.code(), Some(0));
    assert!(stdout(&human).contains(&case.solution.trail[0]));
    let json = tracelab(&["solve", "--json", &file]);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let objectives = doc["objectives"].as_array().unwrap();
    assert_eq!(objectives.len(), case.objectives.len());
    for (o, want) in objectives.iter().zip(&case.objectives) {
        assert_eq!(o["id"], want.id.as_str());
        assert_eq!(o["kind"], want.kind.as_str());
        assert_eq!(
            o["answer"],
            serde_json::to_value(&want.answer).unwrap(),
            "answer shape of {}",
            want.id
        );
    }
    let trail = doc["trail"].as_array().unwrap();
    assert_eq!(trail.len(), case.solution.trail.len());
    assert!(trail
        .iter()
        .all(|t| !t["moves"].as_array().unwrap().is_empty()));
}

#[test]
fn stats_counts_the_case() {
    let json = tracelab(&["stats", "--json", "scenarios/tutorial-peel-chain.json"]);
    assert_eq!(json.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(doc["trail_length"], 4);
    assert_eq!(doc["chains"][0]["chain"], "bitcoin");
    let buckets: u64 = doc["degree_distribution"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["addresses"].as_u64().unwrap())
        .sum();
    assert_eq!(
        buckets + doc["addresses_without_transactions"].as_u64().unwrap(),
        doc["addresses"].as_u64().unwrap()
    );
    let human = tracelab(&["stats", "scenarios/usdt-tron-otc.json"]);
    assert_eq!(human.status.code(), Some(0));
    assert!(stdout(&human).contains("USDT-TRC20"));
}

#[test]
fn solve_and_stats_reject_invalid_input() {
    assert_eq!(
        tracelab(&["solve", "no/such/file.json"]).status.code(),
        Some(1)
    );
    assert_eq!(
        tracelab(&["stats", "no/such/file.json"]).status.code(),
        Some(1)
    );
    assert_eq!(tracelab(&["solve"]).status.code(), Some(2));
    assert_eq!(tracelab(&["stats", "--bogus", "x"]).status.code(), Some(2));
}

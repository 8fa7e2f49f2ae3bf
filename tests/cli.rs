//! The `tracelab` command line as an instructor uses it: exit codes and output.

use std::path::Path;
mod common;

use common::tracelab;

/// Runs `args` and compares the exit code and a fragment of stdout with `expected`.
fn check(args: &[&str], expected: (i32, &str)) -> String {
    let out = tracelab(args);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        out.status.code(),
        Some(expected.0),
        "{args:?}\nstdout: {stdout}\nstderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(expected.1),
        "{args:?}: {stdout:?} lacks {:?}",
        expected.1
    );
    stdout
}

fn broken_copy(name: &str, from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini-utxo.json"),
    )
    .unwrap();
    let path = std::env::temp_dir().join(format!("tracelab-cli-{}-{name}", std::process::id()));
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path.display().to_string()
}

#[test]
fn validate_accepts_the_bundled_library() {
    check(
        &[
            "validate",
            "scenarios/tutorial-peel-chain.json",
            "scenarios/usdt-tron-otc.json",
        ],
        (0, "valid"),
    );
    check(
        &["validate", "scenarios/index.json", "scenarios/schema.json"],
        (0, "valid library index — 14 cases"),
    );
}

#[test]
fn validate_lists_every_problem_and_exits_1() {
    let file = broken_copy(
        "two.json",
        "\"vout\": 0}],\n     \"outputs\": [{\"address\": \"3FX",
        "\"vout\": 9}],\n     \"outputs\": [{\"address\": \"3FX",
    );
    let file2 = broken_copy("dup.json", "\"id\": \"deposit\"", "\"id\": \"exchange\"");
    let out = check(
        &["validate", &file, &file2],
        (1, "transactions[2].inputs[0].vout (line 41, column 100)"),
    );
    assert!(out.contains("objectives[1].id"), "{out}");
    let json = check(&["validate", "--json", &file2], (1, "\"valid\": false"));
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let problem = &doc["files"][0]["problems"][0];
    assert_eq!(problem["rule"], "duplicate-id");
    assert_eq!(problem["path"], "objectives[1].id");
    assert!(problem["line"].as_u64().unwrap() > 1);
}

/// A case with `"$schema"` (editors add it) is validated as a case, broken or
/// not; only the format's own JSON Schema is recognised and skipped.
#[test]
fn a_case_with_a_schema_reference_is_still_a_case() {
    let schema_ref = "{\n  \"$schema\": \"../scenarios/schema.json\",";
    let valid = broken_copy("schema-ok.json", "{", schema_ref);
    check(&["validate", &valid], (0, "valid — mini-utxo"));
    let broken = broken_copy(
        "schema-broken.json",
        "{",
        &format!("{schema_ref} \"blok\": 1,"),
    );
    check(&["validate", &broken], (1, "unknown field `blok`"));
    // Even one that points at json-schema.org and has `properties`.
    let dialect = broken_copy(
        "schema-dialect.json",
        "{",
        "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", \"properties\": {},",
    );
    check(&["validate", &dialect], (1, "unknown field `properties`"));
    let json = check(
        &["validate", "--json", "scenarios/schema.json"],
        (0, "\"kind\": \"schema\""),
    );
    assert!(json.contains("\"valid\": true"), "{json}");
    // No `schema_version`, no `properties`: not the schema, so a broken case.
    let lookalike = std::env::temp_dir().join(format!(
        "tracelab-cli-{}-lookalike.json",
        std::process::id()
    ));
    std::fs::write(
        &lookalike,
        r#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "x"}"#,
    )
    .unwrap();
    check(
        &["validate", &lookalike.display().to_string()],
        (1, "missing field"),
    );
}

#[test]
fn unreadable_and_malformed_files_are_invalid_input() {
    check(
        &["validate", "no/such/file.json"],
        (1, "cannot read the file"),
    );
    let file = broken_copy(
        "syntax.json",
        "\"version\": \"1.0.0\",",
        "\"version\": \"1.0.0\"",
    );
    check(&["validate", &file], (1, "(line 5, column 3)"));
}

#[test]
fn a_file_that_is_one_long_string_gets_a_short_report() {
    let path =
        std::env::temp_dir().join(format!("tracelab-cli-{}-string.json", std::process::id()));
    std::fs::write(&path, format!("{:?}", "x".repeat(1_000_000))).unwrap();
    let file = path.display().to_string();
    let json = check(
        &["validate", "--json", &file],
        (1, "999,940 more characters"),
    );
    assert!(json.len() < 2000, "{} bytes of JSON", json.len());
    let human = check(&["validate", &file], (1, "invalid type: string"));
    assert!(human.len() < 2000, "{} bytes of text", human.len());
}

/// A file over the command line's limit is refused from its size on disk,
/// before it is read (a sparse file: 3 GB that take no room and no time).
#[test]
fn a_file_over_the_limit_is_refused_before_it_is_read() {
    let path = std::env::temp_dir().join(format!("tracelab-cli-{}-huge.json", std::process::id()));
    std::fs::File::create(&path)
        .unwrap()
        .set_len(3_000_000_000)
        .unwrap();
    let file = path.display().to_string();
    let refused = "the file is 3 GB; tracelab opens case files of up to 2.5 GB";
    check(&["validate", &file], (1, refused));
    let out = tracelab(&["solve", &file]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr).unwrap().contains(refused));
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(tracelab(&["validate"]).status.code(), Some(2));
    assert_eq!(tracelab(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(
        tracelab(&["validate", "--jsn", "x.json"]).status.code(),
        Some(2)
    );
}

#[test]
fn schema_prints_the_committed_schema() {
    let out = check(
        &["schema"],
        (0, "\"title\": \"TraceLab case file (schema_version 1)\""),
    );
    let committed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/schema.json"),
    )
    .unwrap();
    assert_eq!(out, committed);
    let _: serde_json::Value = serde_json::from_str(&out).unwrap();
}

/// The mini case, checked, and a folder for results files of this test run.
fn grade_fixture(test: &str) -> (tracelab::scenario::Scenario, String, std::path::PathBuf) {
    let case_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini-utxo.json");
    let case = tracelab::scenario::check(&std::fs::read_to_string(&case_path).unwrap()).unwrap();
    let dir = std::env::temp_dir().join(format!("tracelab-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    (case, case_path.display().to_string(), dir)
}

/// Writes `name`.json: `trainee`'s submission (entity `entity`, the right
/// deposit address), changed by `edit` before it is written.
fn results_for(
    case: &tracelab::scenario::Scenario,
    dir: &Path,
    name: &str,
    trainee: &str,
    entity: &str,
    edit: impl FnOnce(&mut tracelab::training::ResultsFile),
) -> String {
    use tracelab::training::{results_file, Response, Session};
    let mut s = Session::default();
    s.set_response("exchange", Response::entity(entity));
    s.set_response(
        "deposit",
        Response::address("3FXRRa5fCJuiJaD8fZz6tj9Xw9zvsXTmrH"),
    );
    s.submit(case, trainee, 600);
    let mut r = results_file(case, &s, Default::default()).unwrap();
    edit(&mut r);
    let f = dir.join(format!("{name}.json"));
    std::fs::write(&f, serde_json::to_string(&r).unwrap()).unwrap();
    f.display().to_string()
}

#[test]
fn grade_regrades_results_files_into_a_cohort_table() {
    let (case, case_arg, dir) = grade_fixture("grade");
    let files = [
        results_for(&case, &dir, "ana", "ana", "kestrel", |_| {}),
        results_for(&case, &dir, "ben", "ben", "victim", |r| {
            r.score.earned = "45".into()
        }),
    ];
    let table = check(
        &["grade", &case_arg, &files[0], &files[1]],
        (0, "2 participant(s)"),
    );
    assert!(
        table.contains("ana") && table.contains("20") && table.contains("44.4"),
        "{table}"
    );
    assert!(
        table.contains("re-grading gives 10"),
        "the forged score is flagged: {table}"
    );
    let csv = check(
        &["grade", "--csv", &case_arg, &files[0]],
        (0, "trainee,score,max,percent,exchange"),
    );
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .starts_with("ana,20,45,44.4,10,10,"),
        "{csv}"
    );
    let json = check(
        &["grade", "--json", &case_arg, &files[1]],
        (0, "\"participants\""),
    );
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["participants"][0]["score"], "10");
    assert_eq!(doc["participants"][0]["objectives"]["exchange"], "0");
    check(&["grade", &case_arg, "no/such.json"], (1, ""));
}

#[test]
fn grade_adds_up_hint_counts_of_any_size() {
    let (case, case_arg, dir) = grade_fixture("grade-hints");
    let file = results_for(&case, &dir, "max", "max", "kestrel", |r| {
        r.hints_used.insert("exchange".into(), u32::MAX);
        r.hints_used.insert("deposit".into(), 5);
    });
    let json = check(
        &["grade", "--json", &case_arg, &file],
        (0, "\"participants\""),
    );
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["participants"][0]["hints_used"], 4_294_967_300u64);
}

/// The same trainee twice (names compared as the generator compares
/// participants) and a nameless file are flagged; `--strict` makes any flag an
/// error (exit 1) and says why, and without it the table is as before.
#[test]
fn grade_flags_duplicate_and_missing_names_and_strict_fails_on_flags() {
    let (case, case_arg, dir) = grade_fixture("grade-strict");
    let anna = results_for(&case, &dir, "anna", "Anna Berg", "kestrel", |_| {});
    let again = results_for(&case, &dir, "again", "ignored", "kestrel", |r| {
        r.trainee = "  anna   BERG ".into()
    });
    let nobody = results_for(&case, &dir, "nobody", "ignored", "kestrel", |r| {
        r.trainee = " ".into()
    });
    let ben = results_for(&case, &dir, "ben", "Ben", "kestrel", |_| {});
    let table = check(
        &["grade", &case_arg, &anna, &again, &nobody, &ben],
        (0, "4 participant(s)"),
    );
    let row = |name: &str| {
        table
            .lines()
            .find(|l| l.ends_with(&format!("{name}.json")))
            .unwrap()
            .to_string()
    };
    assert!(
        row("anna").contains(&format!("the same trainee as in {again}")),
        "{table}"
    );
    assert!(
        row("again").contains(&format!("the same trainee as in {anna}")),
        "{table}"
    );
    assert!(row("nobody").contains("no trainee name"), "{table}");
    assert!(row("ben").contains("  ok  "), "{table}");

    let out = tracelab(&["grade", "--strict", &case_arg, &anna, &again, &nobody, &ben]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("3 of 4 results files are flagged"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{nobody}: no trainee name")),
        "{stderr}"
    );
    assert!(!stderr.contains(&format!("{ben}:")), "{stderr}");
    // The table is printed all the same.
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("4 participant(s)"));

    check(
        &["grade", "--strict", &case_arg, &anna, &ben],
        (0, "2 participant(s)"),
    );
    let forged = results_for(&case, &dir, "forged", "Cleo", "victim", |r| {
        r.score.earned = "45".into()
    });
    let out = tracelab(&["grade", "--strict", "--json", &case_arg, &forged]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("re-grading gives 10"));
}

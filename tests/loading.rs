//! Loading errors name the place: JSON path, line and column; and going over a
//! limit is such an error too, never a crash.

use std::path::Path;

use tracelab::generator::{generate_json, Params, Typology};
use tracelab::scenario::limits::{Limits, MAX_DEPTH};
use tracelab::scenario::{self, schema::schema_json, Difficulty, LoadError, Rule};

fn base() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini-utxo.json"),
    )
    .unwrap()
}

/// Loads `input` and compares the first problem's rule, printed location and a
/// fragment of its message with `expected`.
fn check(input: &str, expected: (Rule, &str, &str)) {
    check_within(input, &Limits::CLI, expected);
}

/// [`check`] within `limits`.
fn check_within(input: &str, limits: &Limits, expected: (Rule, &str, &str)) {
    let problems = scenario::check_with(input, limits).expect_err("the input is broken");
    let p = &problems[0];
    assert_eq!(
        (p.rule, p.location().as_str()),
        (expected.0, expected.1),
        "{p}"
    );
    assert!(
        p.message.contains(expected.2),
        "message {:?} lacks {:?}",
        p.message,
        expected.2
    );
}

#[test]
fn syntax_errors_give_line_and_column() {
    let broken = base().replacen("\"version\": \"1.0.0\",", "\"version\": \"1.0.0\"", 1);
    check(
        &broken,
        (
            Rule::Syntax,
            "(top level) (line 5, column 3)",
            "expected `,`",
        ),
    );
    check("", (Rule::Syntax, "(top level) (line 1, column 0)", "EOF"));
    check(
        "{\"id\": \"x\",}",
        (
            Rule::Syntax,
            "(top level) (line 1, column 12)",
            "key must be a string",
        ),
    );
}

#[test]
fn shape_errors_give_path_line_and_column() {
    let number = base().replacen("\"value\": \"79990000\"", "\"value\": 79990000", 1);
    check(
        &number,
        (
            Rule::Shape,
            "transactions[2].outputs[0].value (line 42, column 77)",
            "with quotes",
        ),
    );
    let unknown = base().replacen("\"block\": 106,", "\"block\": 106, \"blok\": 1,", 1);
    check(
        &unknown,
        (
            Rule::Shape,
            "transactions[1].blok (line 35, column 60)",
            "unknown field `blok`",
        ),
    );
    let missing = base().replacen("\"title\": \"Mini UTXO case\",", "", 1);
    check(
        &missing,
        (
            Rule::Shape,
            "(top level) (line 1, column 1)",
            "missing field `title`",
        ),
    );
    let category = base().replacen(
        "\"category\": \"exchange\", \"jurisdiction\"",
        "\"category\": \"bank\", \"jurisdiction\"",
        1,
    );
    check(
        &category,
        (
            Rule::Shape,
            "entities[2].category (line 18, column 63)",
            "unknown variant `bank`",
        ),
    );
}

/// A value of a million characters is quoted by its first 60, and no message
/// grows with it: (the broken text, a fragment of the first problem's message).
#[test]
fn long_values_are_quoted_briefly() {
    let long = "x".repeat(1_000_000);
    let first_60 = format!("{:?}… (999,940 more characters)", "x".repeat(60));
    let cases = [
        // A file that is one long string.
        (
            format!("{long:?}"),
            format!("invalid type: string {first_60}"),
        ),
        // An unknown variant and an unknown field, in serde's own words.
        (
            base().replacen(
                "\"difficulty\": \"beginner\"",
                &format!("\"difficulty\": \"{long}\""),
                1,
            ),
            format!(
                "unknown variant `{}`… (999,940 more characters)",
                "x".repeat(60)
            ),
        ),
        (
            base().replacen(
                "\"block\": 106,",
                &format!("\"block\": 106, \"{long}\": 1,"),
                1,
            ),
            format!(
                "unknown field `{}`… (999,940 more characters)",
                "x".repeat(60)
            ),
        ),
        // The validator's own messages, on values within the length limit.
        (
            base().replacen(
                "\"id\": \"mini-utxo\"",
                &format!("\"id\": \"{}\"", &long[..900]),
                1,
            ),
            format!(
                "{:?}… (840 more characters) is not a case id",
                "x".repeat(60)
            ),
        ),
        (
            base().replacen(
                "\"2025-03-01T10:00:00Z\"",
                &format!("\"{}\"", &long[..900]),
                1,
            ),
            format!(
                "{:?}… (840 more characters) is not an RFC 3339 UTC time",
                "x".repeat(60)
            ),
        ),
        // Over it, the length is the problem.
        (
            base().replacen("\"id\": \"mini-utxo\"", &format!("\"id\": \"{long}\""), 1),
            "this is 1,000,000 characters long".to_string(),
        ),
    ];
    for (input, fragment) in cases {
        let problems = scenario::check(&input).expect_err("the input is broken");
        assert!(
            problems[0].message.contains(&fragment),
            "{:?} lacks {fragment:?}",
            problems[0].message.chars().take(300).collect::<String>()
        );
        for p in &problems {
            assert!(p.message.len() < 1000, "{} is long", p.location());
        }
    }
}

/// Three mistakes in three places: all three, each where it is; the first is
/// the one a plain parse reports, worded as it always was.
#[test]
fn every_shape_problem_is_reported_with_its_place() {
    let broken = base()
        .replacen("\"block\": 106,", "\"block\": 106, \"blok\": 1,", 1)
        .replacen(
            "\"category\": \"exchange\", \"jurisdiction\"",
            "\"category\": \"bank\", \"jurisdiction\"",
            1,
        )
        .replacen("\"value\": \"79990000\"", "\"value\": 79990000", 1);
    let problems = scenario::check(&broken).unwrap_err();
    let got: Vec<(Rule, String)> = problems.iter().map(|p| (p.rule, p.to_string())).collect();
    let first = scenario::parse(&broken).unwrap_err().into_problem();
    assert_eq!(problems[0], first);
    assert_eq!(
        got,
        [
            "entities[2].category (line 18, column 63): unknown variant `bank`, expected one of `exchange`, `otc`, `mixer`, `bridge`, `dex`, `swap_service`, `darknet_market`, `scam`, `ransomware`, `drainer`, `gambling`, `merchant`, `miner`, `individual`, `victim`, `perpetrator`, `mule`, `unknown`",
            "transactions[1].blok (line 35, column 60): unknown field `blok`, expected one of `id`, `chain`, `time`, `block`, `memo`, `coinbase`, `inputs`, `outputs`, `sender`, `fee`, `method`, `transfers`",
            "transactions[2].outputs[0].value (line 42, column 77): amounts are written as strings of base units: write \"79990000\" with quotes",
        ]
        .map(|p| (Rule::Shape, p.to_string()))
    );
}

/// Member names are read as serde reads them, escapes and all.
#[test]
fn escaped_member_names_are_the_names_they_spell() {
    let broken = base()
        .replacen("\"title\":", "\"\\u0074itle\":", 1)
        .replacen("\"beginner\"", "\"hard\"", 1);
    let problems = scenario::check(&broken).unwrap_err();
    let paths: Vec<String> = problems.iter().map(|p| p.path.to_string()).collect();
    assert_eq!(paths, ["difficulty"]);
}

/// A decimal point in a base-unit amount: the exact base units for that
/// asset's decimals, or why they cannot be worked out.
#[test]
fn a_decimal_amount_gets_its_base_units() {
    let amount = |value: &str, asset: &str| {
        let text = base()
            .replacen(
                "\"value\": \"79990000\", \"tolerance\"",
                &format!("\"value\": \"{value}\", \"tolerance\""),
                1,
            )
            .replacen(
                "\"asset\": \"BTC\", \"value\"",
                &format!("\"asset\": \"{asset}\", \"value\""),
                1,
            );
        scenario::check(&text).unwrap_err()[0].message.clone()
    };
    assert_eq!(
        amount("1.1494", "BTC"),
        "amount \"1.1494\" has a decimal point, but amounts in a case file are whole numbers of base units: with the 8 decimals of asset \"BTC\", 1.1494 is \"114940000\""
    );
    assert_eq!(
        amount("0.000000001", "BTC"),
        "amount \"0.000000001\" has a decimal point, but amounts in a case file are whole numbers of base units, and 0.000000001 has more decimals than asset \"BTC\" (8), so it is no whole number of them"
    );
    assert_eq!(
        amount("1.5", "XYZ"),
        "amount \"1.5\" has a decimal point, but amounts in a case file are whole numbers of base units; asset \"XYZ\" is not in `assets`, so how many base units 1.5 is cannot be worked out"
    );
    // An output's asset is its chain's native asset.
    let output = base().replacen("\"value\": \"79990000\"}]}", "\"value\": \"0.7999\"}]}", 1);
    let p = &scenario::check(&output).unwrap_err()[0];
    assert_eq!(p.path.to_string(), "transactions[2].outputs[0].value");
    assert!(
        p.message
            .ends_with("with the 8 decimals of asset \"BTC\", 0.7999 is \"79990000\""),
        "{}",
        p.message
    );
}

// Limits: going over one is a clear problem with the number and the limit, never
// a crash, a frozen tab or an out-of-memory; and they hold what TraceLab writes.

#[test]
fn sizes_counts_and_texts_over_their_limits() {
    let small = Limits {
        file_bytes: 1_000,
        ..Limits::APP
    };
    check_within(
        &base(),
        &small,
        (
            Rule::TooLarge,
            "(top level)",
            "the file is 4.7 kB; the browser app opens case files of up to 1 kB",
        ),
    );
    let few = Limits {
        transactions: 2,
        objectives: 5,
        ..Limits::CLI
    };
    let problems = scenario::check_with(&base(), &few).unwrap_err();
    let got: Vec<String> = problems
        .iter()
        .map(|p| format!("{}: {}", p.location(), p.message))
        .collect();
    assert_eq!(
        got,
        [
            "transactions (line 28, column 19): the case has 3 transactions; tracelab opens cases with up to 2",
            "objectives (line 47, column 17): the case has 6 objectives; tracelab opens cases with up to 5",
        ]
    );
    let long_id = base().replacen("\"mini-utxo\"", &format!("{:?}", "a".repeat(1_001)), 1);
    check_within(&long_id, &Limits::APP, (Rule::TooLarge, "id (line 3, column 9)", "this is 1,001 characters long; a one-line value (an id, a name, an address) can be up to 1,000"));
    let long_briefing = base().replacen(
        "\"Follow the coins.\"",
        &format!("{:?}", "é".repeat(1_000_000)),
        1,
    );
    check_within(
        &long_briefing,
        &Limits::APP,
        (
            Rule::TooLarge,
            "briefing (line 11, column 15)",
            "this is 1,000,000 characters long; a text can be up to 100,000",
        ),
    );
    // Texts are limited alike in the app and on the command line.
    check(
        &long_briefing,
        (
            Rule::TooLarge,
            "briefing (line 11, column 15)",
            "a text can be up to 100,000",
        ),
    );
}

/// More problems than a check lists: the first ones, then one that counts the
/// rest; for shape problems and for the validator's.
#[test]
fn problems_beyond_the_most_listed_are_counted() {
    let ten = Limits {
        problems: 10,
        ..Limits::CLI
    };
    let members: Vec<String> = (0..15).map(|i| format!("\"x{i}\": 0")).collect();
    let problems = scenario::check_with(&format!("{{{}}}", members.join(",")), &ten).unwrap_err();
    assert_eq!(problems.len(), 11);
    assert_eq!(problems[1].path.to_string(), "x1");
    let last = problems.last().unwrap();
    assert_eq!(last.rule, Rule::TooManyProblems);
    // 15 unknown members and 19 required ones missing, 10 listed.
    assert_eq!(
        last.message,
        "24 more problems are not listed (only the first 10 are): fix these and check again"
    );
    let twelve = base().replacen("\"id\": \"exchange\"", "\"id\": \"deposit\"", 1);
    let mut doc: serde_json::Value = serde_json::from_str(&twelve).unwrap();
    let first = doc["addresses"][0].clone();
    doc["addresses"]
        .as_array_mut()
        .unwrap()
        .extend(vec![first; 11]);
    let problems = scenario::check_with(&doc.to_string(), &ten).unwrap_err();
    assert_eq!(problems.len(), 11);
    assert_eq!(
        problems[10].message,
        "2 more problems are not listed (only the first 10 are): fix these and check again"
    );
}

#[test]
fn the_size_is_checked_before_reading() {
    let refused = |bytes: u64, limits: &Limits| limits.check_size(bytes).unwrap_err().message;
    assert_eq!(
        refused(300_000_000, &Limits::APP),
        "the file is 300 MB; the browser app opens case files of up to 256 MB"
    );
    assert_eq!(
        refused(256_000_001, &Limits::APP),
        "the file is 256.1 MB; the browser app opens case files of up to 256 MB"
    );
    assert_eq!(
        refused(3_000_000_000, &Limits::CLI),
        "the file is 3 GB; tracelab opens case files of up to 2.5 GB"
    );
    assert!(Limits::APP.check_size(256_000_000).is_ok());
}

/// Nesting deeper than the parser goes is a located problem, at any depth.
#[test]
fn deep_nesting_is_a_clear_problem() {
    for depth in [MAX_DEPTH + 1, 100_000] {
        let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let text = base().replacen(
            "\"briefing\"",
            &format!("\"generator\": {{\"x\": {nested}}}, \"briefing\""),
            1,
        );
        check_within(
            &text,
            &Limits::APP,
            (
                Rule::TooLarge,
                "(top level) (line 11, column 147)",
                "nested more than 128 levels deep here",
            ),
        );
    }
}

/// The largest case the app generates (`lab::APP_MAX_SCALE` transactions) fits
/// the app's limits with room to spare, judged from generated cases' size per
/// transaction; the generator's largest fit the command line's.
#[test]
fn the_limits_hold_what_tracelab_generates() {
    for typology in [Typology::ALL[0], Typology::ALL[3], Typology::ALL[7]] {
        let params = Params {
            scale: Some(2_000),
            ..Params::new(typology, 1, Difficulty::Expert)
        };
        let text = generate_json(&params).unwrap();
        let case = scenario::check_with(&text, &Limits::APP).unwrap();
        let n = case.transactions.len();
        let per_tx = |total: usize| total.div_ceil(n);
        let scaled = |total: usize, txs: usize| per_tx(total) * txs * 11 / 10;
        let app = tracelab::lab::APP_MAX_SCALE;
        assert!(
            scaled(text.len(), app) as u64 <= Limits::APP.file_bytes,
            "{typology:?}: {} bytes/tx",
            per_tx(text.len())
        );
        assert!(scaled(case.addresses.len(), app) <= Limits::APP.addresses);
        assert!(app * 11 / 10 <= Limits::APP.transactions);
        let max = tracelab::generator::MAX_SCALE;
        assert!(
            scaled(text.len(), max) as u64 <= Limits::CLI.file_bytes,
            "{typology:?}"
        );
        assert!(scaled(case.addresses.len(), max) <= Limits::CLI.addresses);
        assert!(max * 11 / 10 <= Limits::CLI.transactions);
    }
}

#[test]
fn semantic_problems_are_located_in_the_text() {
    let broken = base().replacen(
        "\"vout\": 0}],\n     \"outputs\": [{\"address\": \"3FX",
        "\"vout\": 7}],\n     \"outputs\": [{\"address\": \"3FX",
        1,
    );
    let problems = scenario::check(&broken).unwrap_err();
    let vout = problems
        .iter()
        .find(|p| p.rule == Rule::UnresolvedReference)
        .unwrap();
    assert_eq!(
        vout.location(),
        "transactions[2].inputs[0].vout (line 41, column 100)"
    );
}

#[test]
fn parse_reports_syntax_before_shape() {
    assert!(matches!(
        scenario::parse("[1, 2"),
        Err(LoadError::Syntax { .. })
    ));
    assert!(matches!(
        scenario::parse("[1, 2]"),
        Err(LoadError::Shape { .. })
    ));
}

/// Editors add `"$schema"` for completion; the case keeps it when saved again.
#[test]
fn a_schema_reference_is_part_of_a_case() {
    let with = base().replacen("{", "{\n  \"$schema\": \"../scenarios/schema.json\",", 1);
    let case = scenario::check(&with).unwrap();
    assert_eq!(case.schema.as_deref(), Some("../scenarios/schema.json"));
    let saved = serde_json::to_string_pretty(&case).unwrap();
    assert!(
        saved.starts_with(
            "{\n  \"$schema\": \"../scenarios/schema.json\",\n  \"schema_version\": 1,"
        ),
        "{saved}"
    );
    assert_eq!(scenario::parse(&saved).unwrap(), case);
    let without = serde_json::to_string(&scenario::check(&base()).unwrap()).unwrap();
    assert!(!without.contains("$schema"), "absent stays absent");
    let wrong = base().replacen("{", "{\"$schema\": 7,", 1);
    check(
        &wrong,
        (
            Rule::Shape,
            "$schema (line 1, column 13)",
            "invalid type: integer `7`, expected a string",
        ),
    );
}

#[test]
fn committed_schema_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/schema.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == schema_json(),
        "scenarios/schema.json is stale: run `cargo run --bin tracelab -- schema > scenarios/schema.json`"
    );
}

#[test]
fn index_matches_the_case_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let index: tracelab::library::Library =
        serde_json::from_str(&std::fs::read_to_string(dir.join("index.json")).unwrap()).unwrap();
    let mut ids = std::collections::BTreeSet::new();
    for entry in &index.cases {
        assert!(ids.insert(entry.id.clone()), "{} listed twice", entry.id);
        let case =
            scenario::parse(&std::fs::read_to_string(dir.join(&entry.file)).unwrap()).unwrap();
        assert_eq!(
            tracelab::library::CaseCard::from_case(&case, &entry.file),
            *entry,
            "index entry of {}",
            entry.file
        );
    }
    for id in &index.path {
        assert!(ids.contains(id), "learning path names unknown case {id}");
    }
}

/// `path_at` names the value the parser stopped in: (text, 1-based byte column of
/// the last byte read, expected path).
#[test]
fn path_at_names_the_value_being_read() {
    use tracelab::scenario::path::path_at;
    let cases = [
        // A missing field is reported at the closing brace: the object is named.
        (r#"{"a": 1, "b": [{"x": "s"}, {"x": "t"}]}"#, 37, "b[1]"),
        (r#"{"a": 1}"#, 8, "(top level)"),
        // A value of the wrong type, read to its last byte.
        (r#"{"a": 1, "b": [{"x": 5, "y": 2}]}"#, 22, "b[0].x"),
        (r#"{"a": "z, \"q\": 1", "b": []}"#, 18, "a"),
        // An unknown key, read to its closing quote.
        (r#"{"a": 1, "b": [], "q": 3}"#, 21, "q"),
        // Nested arrays count their own elements.
        (r#"{"m": [[1, 2], [3, [4, 5]]]}"#, 24, "m[1][1][1]"),
    ];
    for (text, column, expected) in cases {
        assert_eq!(path_at(text, 1, column).to_string(), expected, "{text}");
    }
    let two_lines = "{\"a\": 1,\n \"b\": [true, 7]}";
    assert_eq!(path_at(two_lines, 2, 14).to_string(), "b[1]");
}

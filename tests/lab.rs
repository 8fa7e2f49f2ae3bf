//! The lab worker's messages (`tracelab::lab`): a request made by the app is read
//! back as the same request, generates exactly what `tracelab generate` writes, and
//! every malformed request or address gets an error message, never a panic. The
//! analytics tools' messages are tested in `lab_analytics.rs`.

use tracelab::generator::{generate_json, Params, Typology};
use tracelab::lab::{
    checked_params, params_from_fields, params_from_route, route, Lab, LabError, Request,
    APP_MAX_SCALE,
};
use tracelab::scenario::Difficulty;

fn strings(fields: &[&str]) -> Vec<String> {
    fields.iter().map(|s| s.to_string()).collect()
}

/// One message to a fresh lab, as the worker runs it.
fn handle(message: &[String]) -> Result<String, String> {
    Lab::default().handle(message).map_err(|e| e.to_string())
}

/// One case of the table: a message and the error it must give.
fn check_error(message: &[&str], expected: &str) {
    match handle(&strings(message)) {
        Ok(_) => panic!("{message:?} was accepted"),
        Err(e) => assert_eq!(e.to_string(), expected, "for {message:?}"),
    }
}

#[test]
fn malformed_requests_are_refused_with_a_reason() {
    check_error(&[], "the request is incomplete: the operation is missing");
    check_error(&["ponzi"], "unknown request \"ponzi\"");
    check_error(
        &["generate"],
        "the request is incomplete: the typology is missing",
    );
    check_error(
        &["generate", "ransomware", "beginner"],
        "the request is incomplete: the seed is missing",
    );
    check_error(
        &["generate", "ponzi", "beginner", "1"],
        "unknown typology \"ponzi\"",
    );
    check_error(
        &["generate", "ransomware", "easy", "1"],
        "unknown difficulty \"easy\": beginner, intermediate, advanced or expert",
    );
    check_error(
        &["generate", "ransomware", "beginner", "-1"],
        "the seed must be a whole number from 0 to 18446744073709551615, not \"-1\"",
    );
    check_error(
        &["generate", "ransomware", "beginner", "1", "1e3"],
        "the number of transactions must be a whole number, not \"1e3\"",
    );
    check_error(
        &["generate", "ransomware", "beginner", "1", "200001"],
        "200001 transactions is more than the app generates (200000); use `tracelab generate --scale` for bigger cases",
    );
}

#[test]
fn a_request_generates_what_the_command_line_writes() {
    let params = Params {
        scale: Some(300),
        participant: Some("Anna Berg".into()),
        ..Params::new(Typology::PigButchering, 42, Difficulty::Intermediate)
    };
    let message = Request::GenerateText(params.clone()).encode();
    assert_eq!(
        message,
        strings(&[
            "generate",
            "pig-butchering",
            "intermediate",
            "42",
            "300",
            "Anna Berg"
        ])
    );
    assert_eq!(params_from_fields(&message[1..]).unwrap(), params);
    let expected = generate_json(&params).unwrap();
    assert_eq!(handle(&message).unwrap(), expected);
}

#[test]
fn blank_optional_fields_mean_the_defaults() {
    let message = strings(&["generate", "ransomware", "expert", " 7 ", "", "   "]);
    let expected = generate_json(&Params::new(Typology::Ransomware, 7, Difficulty::Expert));
    assert_eq!(handle(&message).unwrap(), expected.unwrap());
}

#[test]
fn routes_round_trip_and_are_readable() {
    let plain = checked_params("coinjoin", "advanced", "9", "", "").unwrap();
    assert_eq!(route(&plain), "/g/coinjoin/advanced/9");
    let full = checked_params("sextortion", "beginner", "3", "500", "Åsa Öberg/2").unwrap();
    assert_eq!(
        route(&full),
        "/g/sextortion/beginner/3?scale=500&participant=%C3%85sa%20%C3%96berg%2F2"
    );
    for params in [plain, full] {
        assert_eq!(params_from_route(&route(&params)).unwrap(), params);
    }
}

#[test]
fn bad_routes_are_refused_with_a_reason() {
    let cases: [(&str, LabError); 4] = [
        (
            "/s/tutorial",
            LabError::NotAGeneratedRoute("/s/tutorial".into()),
        ),
        ("/g/ransomware", LabError::Missing("the difficulty")),
        ("/g/ransomware/beginner", LabError::Missing("the seed")),
        (
            "/g/ransomware/beginner/1?scale=999999",
            LabError::ScaleTooLarge(999_999),
        ),
    ];
    for (address, expected) in cases {
        assert_eq!(params_from_route(address), Err(expected), "{address}");
    }
    // The app's largest case is accepted.
    let max = format!("/g/ransomware/beginner/1?scale={APP_MAX_SCALE}");
    assert!(params_from_route(&max).is_ok());
}

#[test]
fn an_empty_participant_name_after_trimming_is_no_participant() {
    let params = checked_params("structuring", "beginner", "5", "", "  ").unwrap();
    assert_eq!(params.participant, None);
}

/// Every request and event is read back as itself from its wire form.
#[test]
fn the_protocol_round_trips_every_message() {
    use tracelab::lab::{Event, Failure, Opened, Outcome, Part, Progress, Stage, Tool};
    use tracelab::scenario::{JsonPath, Position, Problem, Rule};
    let params = checked_params("coinjoin", "expert", "12", "400", "Åsa").unwrap();
    let requests = [
        Request::GenerateText(params.clone()),
        Request::OpenGenerated {
            params: params.clone(),
            send: true,
        },
        Request::OpenGenerated {
            params,
            send: false,
        },
        Request::OpenFile {
            name: "my case.json".into(),
            send: true,
        },
        Request::OpenText("{\"id\": \"x\"}".into()),
        Request::Tool(Tool::Taint {
            method: "fifo".into(),
            source: "abc:0".into(),
            asset: "".into(),
        }),
        Request::Tool(Tool::Path {
            from: "a".into(),
            to: "b".into(),
            max_hops: "4".into(),
            through_services: true,
        }),
        Request::Tool(Tool::Trace {
            from: "a".into(),
            hops: "".into(),
            method: "haircut".into(),
            min: "0.01".into(),
        }),
        Request::Tool(Tool::Clusters),
        Request::Tool(Tool::ClusterOf("a".into())),
        Request::Tool(Tool::Heuristics("t".into())),
        Request::Tool(Tool::Legs("t".into())),
    ];
    for request in requests {
        assert_eq!(Request::decode(&request.encode()), Ok(request.clone()));
    }
    let problems = vec![
        Problem {
            rule: Rule::DoubleSpend,
            path: JsonPath::parse("transactions[3].inputs[0]"),
            message: "spent twice".into(),
            position: Some(Position {
                line: 40,
                column: 9,
            }),
        },
        Problem::new(Rule::Syntax, JsonPath::root(), "not JSON"),
    ];
    let events = [
        Event::Progress(Progress {
            stage: Stage::Checking,
            done: 5,
            total: 100,
        }),
        Event::Part(Part::Head("{}".into())),
        Event::Part(Part::Transactions("[]".into())),
        Event::Part(Part::Entities("[{}]".into())),
        Event::Done(Outcome::Text("text".into())),
        Event::Done(Outcome::Results("{}".into())),
        Event::Done(Outcome::Opened(Opened {
            id: "tutorial".into(),
            version: "1.0.0".into(),
            transactions: 23,
        })),
        Event::Failed(Failure::Lab("no".into())),
        Event::Failed(Failure::Problems(problems)),
    ];
    for event in events {
        assert_eq!(Event::decode(&event.encode()), Ok(event.clone()));
    }
    assert!(Event::decode(&strings(&["progress", "dancing", "1", "2"])).is_err());
    assert!(Event::decode(&strings(&["failed", "problems", "syntax"])).is_err());
    assert!(Event::decode(&[]).is_err());
}

/// Opening a file: too big is refused before reading, a results file comes
/// back as text, an invalid case gives every problem and keeps the open case,
/// and a valid one arrives on the page in parts equal to the case.
#[test]
fn a_file_is_checked_opened_and_sent_in_parts() {
    use tracelab::lab::transfer::Assembler;
    use tracelab::lab::{Event, Failure, FileInput, Outcome};
    let open = |lab: &mut Lab, text: &str, size: u64| {
        let mut events = Vec::new();
        let mut read = || Ok(text.to_string());
        let outcome = lab.run(
            Request::OpenFile {
                name: "case.json".into(),
                send: true,
            },
            Some(FileInput {
                size,
                read: &mut read,
            }),
            &mut |e| events.push(e),
        );
        (outcome, events)
    };
    let mut lab = Lab::default();
    let (outcome, events) = open(&mut lab, "never read", 300_000_000);
    let Err(Failure::Lab(why)) = outcome else {
        panic!("a 300 MB file was not refused: {outcome:?}");
    };
    assert!(why.contains("300 MB"), "{why}");
    assert!(events.is_empty());

    let results = r#"{"results_version": 1, "case_id": "x"}"#;
    let (outcome, _) = open(&mut lab, results, results.len() as u64);
    assert_eq!(outcome, Ok(Outcome::Results(results.to_string())));

    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/exchange-hack-dormancy.json"
    ))
    .unwrap();
    let broken = text.replacen("\"schema_version\": 1", "\"schema_version\": 7", 1);
    let (outcome, _) = open(&mut lab, &broken, broken.len() as u64);
    assert!(matches!(outcome, Err(Failure::Problems(_))), "{outcome:?}");
    assert_eq!(
        lab.handle(&strings(&["cluster"])).unwrap_err().to_string(),
        LabError::NoCase.to_string()
    );

    let (outcome, events) = open(&mut lab, &text, text.len() as u64);
    let case = tracelab::scenario::check(&text).unwrap();
    assert!(matches!(outcome, Ok(Outcome::Opened(ref o)) if o.id == case.id));
    let mut assembler = Assembler::default();
    let mut parts = 0;
    for event in events {
        if let Event::Part(part) = event {
            parts += 1;
            assembler.add(part).unwrap();
        }
    }
    assert_eq!(
        parts, 4,
        "the head, the entities, the addresses, the transactions"
    );
    assert_eq!(assembler.finish().unwrap(), case);
    assert!(lab.handle(&strings(&["cluster"])).is_ok());
}

/// A big case travels in many parts, each about `PART_BYTES`, and arrives whole.
#[test]
fn a_big_case_travels_in_parts_of_bounded_size() {
    use tracelab::generator::generate;
    use tracelab::lab::transfer::{send, Assembler, PART_BYTES};
    use tracelab::lab::{Event, Part};
    let params = Params {
        scale: Some(6_000),
        ..Params::new(Typology::MoneyMules, 3, Difficulty::Advanced)
    };
    let mut case = generate(&params).unwrap();
    let before = case.clone();
    let mut assembler = Assembler::default();
    let (mut parts, mut progress) = (0, Vec::new());
    send(&mut case, &mut |event| match event {
        Event::Part(part) => {
            let json = match &part {
                Part::Head(j)
                | Part::Entities(j)
                | Part::Addresses(j)
                | Part::Balances(j)
                | Part::Transactions(j) => j,
            };
            // An element may end a part past the mark, never by much.
            assert!(json.len() < PART_BYTES + PART_BYTES / 2, "{}", json.len());
            parts += 1;
            assembler.add(part).unwrap();
        }
        Event::Progress(p) => progress.push(p.done),
        other => panic!("unexpected {other:?}"),
    });
    assert_eq!(case, before, "the worker keeps its case whole");
    assert!(parts > 4, "{parts} parts");
    assert!(progress.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(assembler.received, *progress.last().unwrap());
    assert_eq!(assembler.finish().unwrap(), before);
}

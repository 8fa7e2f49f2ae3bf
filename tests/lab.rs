//! The lab worker's messages (`tracelab::lab`): a request made by the app is read
//! back as the same request, generates exactly what `tracelab generate` writes, and
//! every malformed request or address gets an error message, never a panic. The
//! analytics tools' messages are tested in `lab_analytics.rs`.

use tracelab::generator::{generate_json, Params, Typology};
use tracelab::lab::{
    checked_params, message, params_from_fields, params_from_route, route, Lab, LabError,
    APP_MAX_SCALE,
};
use tracelab::scenario::Difficulty;

fn strings(fields: &[&str]) -> Vec<String> {
    fields.iter().map(|s| s.to_string()).collect()
}

/// One message to a fresh lab, as the worker runs it.
fn handle(message: &[String]) -> Result<String, LabError> {
    Lab::default().handle(message)
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
    let message = message(&params);
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

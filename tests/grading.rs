//! Grading, hints, requests and results files on the small UTXO fixture case.
//!
//! The fixture's objectives: `exchange` (entity kestrel, 10 pts, one 2-pt hint),
//! `deposit` (address, 10), `path` (3 addresses, 10), `amount` (BTC 79990000,
//! tolerance 0, 10), `pattern` (choice, correct [0], 5), `notes` (text, 5).

use std::collections::BTreeMap;
use std::path::Path;

use tracelab::amount::Amount;
use tracelab::scenario::{self, Scenario};
use tracelab::training::{
    grade, regrade, results::session_from_results, results_file, RequestKind, Response, Session,
};

const FRAUD: &str = "bc1qf2ngss446pzy40wpc6x5h67eqds2cpkaghstg6";
const HOP: &str = "bc1qcky88wcl8dydt9md5cm436k9pwdpfxfvakwrw9";
const DEPOSIT: &str = "3FXRRa5fCJuiJaD8fZz6tj9Xw9zvsXTmrH";
const PEEL: &str = "bc1qe026e3au4jrave0d38auqy2jy98sgfv0v6wa9m";

fn case() -> Scenario {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini-utxo.json"),
    )
    .unwrap();
    scenario::check(&text).unwrap()
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// Grades one response to `objective` and compares (earned hundredths, a
/// fragment of the feedback) with `expected`.
fn check(case: &Scenario, objective: &str, response: Option<Response>, expected: (u64, &str)) {
    let mut responses = BTreeMap::new();
    if let Some(r) = response {
        responses.insert(objective.to_string(), r);
    }
    let g = grade(case, &responses, &BTreeMap::new(), 0);
    let o = g.objectives.iter().find(|o| o.id == objective).unwrap();
    assert_eq!(o.earned_centi, expected.0, "{objective}: {}", o.feedback);
    assert!(
        o.feedback.contains(expected.1),
        "{objective}: {:?} lacks {:?}",
        o.feedback,
        expected.1
    );
}

#[test]
fn all_or_nothing_kinds() {
    let c = case();
    check(
        &c,
        "exchange",
        Some(Response::entity("kestrel")),
        (1000, "Correct: Kestrel Exchange"),
    );
    check(
        &c,
        "exchange",
        Some(Response::entity("victim")),
        (0, "Not The victim"),
    );
    check(&c, "exchange", None, (0, "No answer"));
    check(
        &c,
        "deposit",
        Some(Response::address(DEPOSIT)),
        (1000, "Correct"),
    );
    check(
        &c,
        "deposit",
        Some(Response::address(&format!("  {DEPOSIT} "))),
        (1000, "Correct"),
    );
    check(
        &c,
        "deposit",
        Some(Response::address(HOP)),
        (0, "not the address"),
    );
    check(
        &c,
        "deposit",
        Some(Response::address("")),
        (0, "No address"),
    );
    check(
        &c,
        "pattern",
        Some(Response::choice(vec![0])),
        (500, "Correct"),
    );
    check(
        &c,
        "pattern",
        Some(Response::choice(vec![0, 1])),
        (0, "1 of your 2"),
    );
    check(
        &c,
        "pattern",
        Some(Response::choice(vec![])),
        (0, "No option"),
    );
}

#[test]
fn amounts_within_tolerance() {
    let mut c = case();
    check(
        &c,
        "amount",
        Some(Response::amount("BTC", Amount(79_990_000))),
        (1000, "Correct amount"),
    );
    check(
        &c,
        "amount",
        Some(Response::amount("BTC", Amount(79_990_001))),
        (0, "too high by 0.00000001 BTC"),
    );
    check(
        &c,
        "amount",
        Some(Response::amount("ETH", Amount(79_990_000))),
        (0, "wrong asset"),
    );
    c.objectives[3].answer.as_mut().unwrap().tolerance = Some(Amount(10_000));
    check(
        &c,
        "amount",
        Some(Response::amount("BTC", Amount(79_980_000))),
        (1000, "Correct amount"),
    );
    check(
        &c,
        "amount",
        Some(Response::amount("BTC", Amount(79_979_999))),
        (0, "too low by 0.00010001 BTC (allowed margin 0.0001 BTC)"),
    );
}

#[test]
fn paths_score_the_longest_common_subsequence() {
    let c = case();
    check(
        &c,
        "path",
        Some(Response::addresses(strings(&[FRAUD, HOP, DEPOSIT]))),
        (1000, "whole path"),
    );
    check(
        &c,
        "path",
        Some(Response::addresses(strings(&[FRAUD, DEPOSIT]))),
        (667, "2 of the 3"),
    );
    check(
        &c,
        "path",
        Some(Response::addresses(strings(&[DEPOSIT, HOP, FRAUD]))),
        (333, "1 of the 3"),
    );
    check(
        &c,
        "path",
        Some(Response::addresses(strings(&[FRAUD, PEEL, HOP, DEPOSIT]))),
        (1000, "1 address(es) that are not on it"),
    );
    check(
        &c,
        "path",
        Some(Response::addresses(vec![])),
        (0, "No path"),
    );
}

#[test]
fn address_sets_score_f1_and_ignore_duplicates_and_case() {
    let mut c = case();
    // Turn `deposit` into an address_set of two addresses, one an EIP-55 account.
    c.objectives[1].kind = scenario::ObjectiveKind::AddressSet;
    let eth = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
    c.objectives[1].answer = Some(scenario::Answer {
        addresses: Some(strings(&[DEPOSIT, eth])),
        ..Default::default()
    });
    check(
        &c,
        "deposit",
        Some(Response::addresses(strings(&[
            DEPOSIT,
            &eth.to_lowercase(),
        ]))),
        (1000, "2 of 2 found"),
    );
    check(
        &c,
        "deposit",
        Some(Response::addresses(strings(&[DEPOSIT, DEPOSIT]))),
        (667, "1 of 2 found, 1 missed"),
    );
    // F1 with one hit, one wrong: 2·1/(2+2) = 0.5
    check(
        &c,
        "deposit",
        Some(Response::addresses(strings(&[DEPOSIT, HOP]))),
        (500, "1 not part of the answer"),
    );
    check(
        &c,
        "deposit",
        Some(Response::addresses(strings(&[HOP]))),
        (0, "0 of 2 found"),
    );
    check(
        &c,
        "deposit",
        Some(Response::addresses(vec![])),
        (0, "No addresses"),
    );
    // A Bitcoin address is never an Ethereum one, whatever the case.
    check(
        &c,
        "deposit",
        Some(Response::addresses(strings(&[&DEPOSIT.to_lowercase()]))),
        (0, "0 of 2"),
    );
}

#[test]
fn text_is_kept_for_the_instructor() {
    let c = case();
    check(
        &c,
        "notes",
        Some(Response::text("Send a production order to Kestrel.")),
        (0, "6 words"),
    );
    let g = grade(&c, &BTreeMap::new(), &BTreeMap::new(), 0);
    assert_eq!(
        g.max_centi, 4500,
        "text points are not in the auto-graded total"
    );
}

#[test]
fn a_full_session_with_hints_requests_and_results() {
    let c = case();
    let mut s = Session::default();
    // Hints: one tier, 2 points.
    assert_eq!(s.take_hint(&c, "exchange").map(|h| h.cost), Some(2));
    assert!(s.take_hint(&c, "exchange").is_none(), "only one hint tier");
    // Requests: Kestrel holds the deposit address; the hop address is nobody's account.
    s.send_request(
        &c,
        RequestKind::Records,
        "kestrel",
        vec![DEPOSIT.to_string()],
    );
    s.send_request(&c, RequestKind::Records, "kestrel", vec![HOP.to_string()]);
    assert_eq!(s.pending(), 2);
    assert!(
        s.records_for(DEPOSIT).is_empty(),
        "records arrive after the delay"
    );
    s.skip_to_next_reply();
    assert_eq!(s.clock, 60);
    assert_eq!(s.pending(), 0);
    assert_eq!(s.records_for(DEPOSIT)[0].1.holder.name, "A. Person");
    assert!(s.requests[0].reply.founded);
    assert!(!s.requests[1].reply.founded);
    assert!(s.requests[1].reply.summary.contains("no records"));
    assert_eq!(s.unfounded(), 1);
    for (id, r) in [
        ("exchange", Response::entity("kestrel")),
        ("deposit", Response::address(DEPOSIT)),
        ("path", Response::addresses(strings(&[FRAUD, HOP, DEPOSIT]))),
        ("amount", Response::amount("BTC", Amount(79_990_000))),
        ("pattern", Response::choice(vec![1])),
        ("notes", Response::text("Freeze at Kestrel")),
    ] {
        assert!(s.set_response(id, r));
    }
    let sub = s.submit(&c, " Officer Test ", 754).clone();
    assert_eq!(sub.trainee, "Officer Test");
    // 10 - 2 (hint) + 10 + 10 + 10 + 0 (wrong choice) = 38 of 45
    assert_eq!(sub.grade.earned_centi, 3800);
    assert_eq!(sub.grade.percent(), "84.4");
    assert!(
        !s.set_response("pattern", Response::choice(vec![0])),
        "answers are frozen once submitted"
    );
    assert!(s.take_hint(&c, "path").is_none());

    let file = results_file(&c, &s, Default::default()).unwrap();
    assert_eq!(file.score.earned, "38");
    assert_eq!(file.points["exchange"], "8");
    let text = serde_json::to_string_pretty(&file).unwrap();
    assert!(
        text.contains("\"exchange\": {\n      \"entity\": \"kestrel\""),
        "answers keep the case format's shapes:\n{text}"
    );
    let back: tracelab::training::ResultsFile = serde_json::from_str(&text).unwrap();
    let (g, issues) = regrade(&c, &back);
    assert_eq!(g.earned_centi, 3800);
    assert!(issues.is_empty(), "{issues:?}");
    // A tampered score is flagged, never trusted.
    let mut forged = back.clone();
    forged.score.earned = "45".into();
    let (g, issues) = regrade(&c, &forged);
    assert_eq!(g.earned_centi, 3800);
    assert_eq!(issues.len(), 1);
    assert!(issues[0].to_string().contains("re-grading gives 38"));
}

#[test]
fn unfounded_requests_cost_what_the_case_says() {
    let mut c = case();
    c.grading = Some(scenario::Grading {
        unfounded_request_cost: 3,
    });
    let mut s = Session::default();
    s.set_response("exchange", Response::entity("kestrel"));
    s.send_request(
        &c,
        RequestKind::Freeze,
        "kestrel",
        vec![HOP.to_string(), DEPOSIT.to_string()],
    );
    assert!(
        !s.requests[0].reply.founded,
        "one address in the request is not Kestrel's"
    );
    assert!(
        s.requests[0].reply.frozen,
        "the account it does hold is frozen"
    );
    let g = s.grade(&c);
    assert_eq!((g.request_penalty_centi, g.earned_centi), (300, 700));
    // The penalty never takes the total below zero.
    let empty = Session {
        requests: s.requests.clone(),
        ..Session::default()
    };
    assert_eq!(empty.grade(&c).earned_centi, 0);
}

/// Points at the largest a `u32` holds, many objectives, every request unfounded:
/// the arithmetic is exact and never overflows (which panicked in debug builds and
/// gave a wrong percentage in release ones).
#[test]
fn the_largest_numbers_never_overflow() {
    let mut c = case();
    let template = c.objectives[0].clone();
    c.objectives = (0..50_000)
        .map(|i| scenario::Objective {
            id: format!("o{i}"),
            points: u32::MAX,
            ..template.clone()
        })
        .collect();
    let mut responses: BTreeMap<String, Response> = (0..49_999)
        .map(|i| (format!("o{i}"), Response::entity("kestrel")))
        .collect();
    let g = grade(&c, &responses, &BTreeMap::new(), 0);
    assert_eq!(g.max_centi, 50_000 * u64::from(u32::MAX) * 100);
    assert_eq!(g.percent(), "100.0", "49,999 of 50,000 is 99.998%");
    responses.clear();
    responses.insert("o0".into(), Response::entity("kestrel"));
    assert_eq!(grade(&c, &responses, &BTreeMap::new(), 0).percent(), "0.0");

    // Hints that cost everything, and requests that cost more than everything.
    c.objectives[0].hints = vec![template.hints[0].clone(); 3];
    for h in &mut c.objectives[0].hints {
        h.cost = u32::MAX;
    }
    c.grading = Some(scenario::Grading {
        unfounded_request_cost: u32::MAX,
    });
    let hints = BTreeMap::from([("o0".to_string(), u32::MAX)]);
    let g = grade(&c, &responses, &hints, u32::MAX);
    assert_eq!((g.earned_centi, g.request_penalty_centi), (0, 0));
    let g = grade(&c, &responses, &BTreeMap::new(), u32::MAX);
    assert_eq!(g.request_penalty_centi, u64::from(u32::MAX) * 100);
    assert_eq!(g.earned_centi, 0);
}

/// A results file from anywhere: minutes and counts at their largest are read
/// back without overflowing the case clock.
#[test]
fn a_results_file_with_the_largest_numbers_opens() {
    let c = case();
    let mut s = Session::default();
    s.send_request(
        &c,
        RequestKind::Records,
        "kestrel",
        vec![DEPOSIT.to_string()],
    );
    s.submit(&c, "Max", u64::MAX);
    let mut file = results_file(&c, &s, Default::default()).unwrap();
    file.requests[0].sent_at_minute = u64::MAX;
    file.actions = u32::MAX;
    file.hints_used.insert("exchange".into(), u32::MAX);
    let review = session_from_results(&c, &file);
    assert_eq!(review.requests[0].due_at, u64::MAX);
    assert_eq!(review.clock, u64::MAX);
}

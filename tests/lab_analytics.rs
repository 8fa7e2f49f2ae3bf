//! The lab worker's analytics tools (`tracelab::lab::Lab`): once a case is open,
//! every tool's reply is exactly the document of `analytics::report` that `tracelab
//! <tool> --json` prints; bad ids, methods, numbers and the wrong order of
//! messages get an error message, never a panic.

mod common;

use serde_json::Value;
use tracelab::analytics::report;
use tracelab::analytics::Index;
use tracelab::lab::{Lab, LabError};
use tracelab::scenario::{self, Scenario};

const TUTORIAL: &str = "scenarios/tutorial-peel-chain.json";
/// The victim's payment, the address it paid, the peel chain's first hop and the
/// exchange deposit address where the chain ends.
const VICTIM_TX: &str = "21448f87ad3d2115419f6bf6b3a6c555cc9b6f739c478028c74512804123ca68";
const VICTIM_PAID: &str = "bc1qcky88wcl8dydt9md5cm436k9pwdpfxfvakwrw9";
const HOP1: &str = "d7b33c5dd7c1955abfdc32039cc11687e221636e8b09927f323b19935abe500a";
const DEPOSIT: &str = "3FXRRa5fCJuiJaD8fZz6tj9Xw9zvsXTmrH";
const NO_CASE: &str = "no case is open in the lab; open one first";

fn strings(fields: &[&str]) -> Vec<String> {
    fields.iter().map(|s| s.to_string()).collect()
}

fn read(file: &str) -> String {
    std::fs::read_to_string(file).unwrap()
}

/// The tutorial as the command line loads it.
fn tutorial() -> (Scenario, Index) {
    let case = scenario::check(&read(TUTORIAL)).unwrap();
    let ix = Index::new(&case);
    (case, ix)
}

/// A lab with `file` open.
fn lab_with(file: &str) -> Lab {
    let mut lab = Lab::default();
    lab.handle(&strings(&["open", &read(file)])).unwrap();
    lab
}

/// The one check of every table: `message`'s reply is `expected`'s JSON, written
/// compactly, or its error has `expected`'s message.
fn check(lab: &mut Lab, message: &[&str], expected: Result<Value, String>) {
    match (lab.handle(&strings(message)), expected) {
        (Ok(text), Ok(doc)) => assert_eq!(text, doc.to_string(), "{message:?}"),
        (Err(e), Err(why)) => assert_eq!(e.to_string(), why, "{message:?}"),
        (got, expected) => panic!("{message:?}: got {got:?}, expected {expected:?}"),
    }
}

fn fails(message: impl std::fmt::Display) -> Result<Value, String> {
    Err(message.to_string())
}

#[test]
fn every_tool_replies_the_command_lines_document() {
    let (case, ix) = tutorial();
    let (c, i) = (&case, &ix);
    let output = format!("{HOP1}:0");
    let table: Vec<(Vec<&str>, Result<Value, report::ReportError>)> = vec![
        (
            vec!["taint", "fifo", VICTIM_TX],
            report::taint(c, i, "fifo", VICTIM_TX, None),
        ),
        (
            vec!["taint", "haircut", VICTIM_PAID, "BTC"],
            report::taint(c, i, "haircut", VICTIM_PAID, Some("BTC")),
        ),
        (
            vec!["taint", "poison", &output, ""],
            report::taint(c, i, "poison", &output, None),
        ),
        (
            vec!["path", VICTIM_PAID, DEPOSIT],
            report::path(c, i, VICTIM_PAID, DEPOSIT, 10, false),
        ),
        (
            vec!["path", VICTIM_PAID, DEPOSIT, "2", "true"],
            report::path(c, i, VICTIM_PAID, DEPOSIT, 2, true),
        ),
        (
            vec!["path", DEPOSIT, VICTIM_PAID, "", "false"],
            report::path(c, i, DEPOSIT, VICTIM_PAID, 10, false),
        ),
        (
            vec!["trace", VICTIM_PAID],
            report::trace(c, i, VICTIM_PAID, 10, None, None),
        ),
        (
            vec!["trace", VICTIM_PAID, " 2 ", "fifo"],
            report::trace(c, i, VICTIM_PAID, 2, Some("fifo"), None),
        ),
        (
            vec!["trace", VICTIM_PAID, "", "", "1"],
            report::trace(c, i, VICTIM_PAID, 10, None, Some("1")),
        ),
        (vec!["cluster"], Ok(report::cluster(c, i))),
        (
            vec!["cluster", VICTIM_PAID],
            report::cluster_of(c, i, &report::clusters(i), VICTIM_PAID),
        ),
        (vec!["heuristics", HOP1], report::heuristics(c, i, HOP1)),
        (vec!["legs", HOP1], report::legs(c, i, HOP1)),
    ];
    let mut lab = lab_with(TUTORIAL);
    for (message, expected) in table {
        let doc = expected.unwrap_or_else(|e| panic!("{message:?}: {e}"));
        check(&mut lab, &message, Ok(doc));
    }
}

#[test]
fn bad_input_is_refused_with_the_command_lines_message() {
    let mut lab = lab_with(TUTORIAL);
    let table: [(&[&str], &str); 17] = [
        (&["taint"], "the request is incomplete: the method is missing"),
        (
            &["taint", "fifo", " "],
            "the request is incomplete: the source is missing",
        ),
        (&["taint", "magic", VICTIM_TX], "unknown method \"magic\""),
        (
            &["taint", "fifo", "nothing"],
            "\"nothing\" is neither an address, a transaction id nor an output (txid:vout) of this case",
        ),
        (
            &["taint", "fifo", VICTIM_TX, "ETH"],
            "no asset \"ETH\" in this case",
        ),
        (
            &["taint", "libr", VICTIM_TX],
            "LIBR (lowest intermediate balance rule) applies to account balances; on a UTXO chain use poison, haircut, fifo, lifo or tiho",
        ),
        (
            &["path", VICTIM_PAID],
            "the request is incomplete: the address to reach is missing",
        ),
        (&["path", "x", DEPOSIT], "no address \"x\" in this case"),
        (
            &["path", VICTIM_PAID, DEPOSIT, "ten"],
            "the number of hops must be a whole number, not \"ten\"",
        ),
        (
            &["path", VICTIM_PAID, DEPOSIT, "99999999999999999999999"],
            "the number of hops must be a whole number, not \"99999999999999999999999\"",
        ),
        (
            &["path", VICTIM_PAID, DEPOSIT, "3", "yes"],
            "passing through services must be \"true\" or \"false\", not \"yes\"",
        ),
        (
            &["trace", VICTIM_PAID, "-1"],
            "the number of hops must be a whole number, not \"-1\"",
        ),
        (
            &["trace", VICTIM_PAID, "", "magic"],
            "unknown method \"magic\"",
        ),
        (
            &["heuristics"],
            "the request is incomplete: the transaction is missing",
        ),
        (&["heuristics", "00"], "no transaction \"00\" in this case"),
        (&["legs", "00"], "no transaction \"00\" in this case"),
        (&["Taint", "fifo", VICTIM_TX], "unknown request \"Taint\""),
    ];
    for (message, why) in table {
        check(&mut lab, message, fails(why));
    }
}

#[test]
fn the_tools_need_an_open_case_and_work_on_the_last_one_opened() {
    let mut lab = Lab::default();
    let every_tool: [&[&str]; 7] = [
        &["taint", "fifo", "x"],
        &["path", "x", "y"],
        &["trace", "x"],
        &["cluster"],
        &["cluster", "x"],
        &["heuristics", "x"],
        &["legs", "x"],
    ];
    for message in every_tool {
        check(&mut lab, message, fails(NO_CASE));
    }
    check(&mut lab, &["open"], fails(LabError::Missing("the case")));
    // Text that is not a case is refused with where it goes wrong, and opens
    // nothing.
    check(
        &mut lab,
        &["open", "{\"id\": 1"],
        fails("the case cannot be read: (top level) (line 1, column 8): not valid JSON: EOF while parsing an object"),
    );
    check(&mut lab, &["cluster"], fails(NO_CASE));

    let tutorial = read(TUTORIAL);
    check(
        &mut lab,
        &["open", &tutorial],
        Ok(serde_json::json!({
            "case": "tutorial-peel-chain", "version": "1.0.0", "transactions": 23,
        })),
    );
    check(&mut lab, &["heuristics", HOP1], Ok(heuristics_of_hop1()));
    // Text that is not a case keeps the open one.
    let broken = tutorial.replacen("\"transactions\"", "\"transactionz\"", 1);
    assert!(lab.handle(&strings(&["open", &broken])).is_err());
    check(&mut lab, &["heuristics", HOP1], Ok(heuristics_of_hop1()));
    // The clusters the lab keeps after the first question belong to that case.
    let case = scenario::check(&tutorial).unwrap();
    let ix = Index::new(&case);
    let kept = report::cluster_of(&case, &ix, &report::clusters(&ix), VICTIM_PAID);
    check(&mut lab, &["cluster", VICTIM_PAID], Ok(kept.unwrap()));
    // Another case replaces it, and its clusters replace the kept ones.
    let swap_file = "scenarios/chain-hop-swap-service.json";
    lab.handle(&strings(&["open", &read(swap_file)])).unwrap();
    check(
        &mut lab,
        &["heuristics", HOP1],
        fails(format!("no transaction \"{HOP1}\" in this case")),
    );
    check(
        &mut lab,
        &["cluster", VICTIM_PAID],
        fails(format!("no address \"{VICTIM_PAID}\" in this case")),
    );
    let swap = scenario::check(&read(swap_file)).unwrap();
    let swap_ix = Index::new(&swap);
    let first = swap.addresses[0].address.as_str();
    check(
        &mut lab,
        &["cluster", first],
        Ok(report::cluster_of(&swap, &swap_ix, &report::clusters(&swap_ix), first).unwrap()),
    );
    // Generating a case neither needs nor changes the open case.
    assert!(lab
        .handle(&strings(&[
            "generate",
            "ransomware",
            "beginner",
            "1",
            "300"
        ]))
        .is_ok());
    assert!(lab.handle(&strings(&["cluster"])).is_ok());
}

fn heuristics_of_hop1() -> Value {
    let (case, ix) = tutorial();
    report::heuristics(&case, &ix, HOP1).unwrap()
}

#[test]
fn replies_parse_to_what_the_native_command_line_prints() {
    let mut lab = lab_with(TUTORIAL);
    let table: [(&[&str], &[&str]); 4] = [
        (
            &["taint", "fifo", VICTIM_TX],
            &["taint", TUTORIAL, "--method", "fifo", "--from", VICTIM_TX],
        ),
        (
            &["path", VICTIM_PAID, DEPOSIT],
            &["path", TUTORIAL, "--from", VICTIM_PAID, "--to", DEPOSIT],
        ),
        (
            &["trace", VICTIM_PAID, "", "haircut"],
            &[
                "trace",
                TUTORIAL,
                "--from",
                VICTIM_PAID,
                "--method",
                "haircut",
            ],
        ),
        (&["legs", HOP1], &["legs", TUTORIAL, "--tx", HOP1]),
    ];
    for (message, args) in table {
        let out = common::tracelab(&[args, &["--json"]].concat());
        assert!(out.status.success(), "{args:?}");
        let native: Value = serde_json::from_slice(&out.stdout).unwrap();
        check(&mut lab, message, Ok(native));
    }
}

/// A change that breaks a case's rules but not its shape.
type Corruption = Box<dyn Fn(&mut Value)>;

/// The worker opens cases without the validator (the app validates first): on a
/// case that parses but breaks the rules, every tool still answers or refuses,
/// and never panics.
#[test]
fn the_tools_never_panic_on_a_case_that_parses_but_is_invalid() {
    let tutorial = read(TUTORIAL);
    let case: Value = serde_json::from_str(&tutorial).unwrap();
    let v = case["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .position(|t| t["id"] == VICTIM_TX)
        .unwrap();
    let corruptions: Vec<(&str, Corruption)> = vec![
        (
            "unknown spent transaction",
            Box::new(move |c: &mut Value| {
                c["transactions"][v + 1]["inputs"][0]["tx"] = "ff".repeat(32).into();
            }),
        ),
        (
            "spent output out of range",
            Box::new(move |c: &mut Value| {
                c["transactions"][v + 1]["inputs"][0]["vout"] = 99.into();
            }),
        ),
        (
            "unknown chain and asset",
            Box::new(move |c: &mut Value| {
                c["transactions"][0]["chain"] = "dogecoin".into();
                c["assets"] = Value::Array(vec![]);
            }),
        ),
        (
            "no chains",
            Box::new(move |c: &mut Value| {
                c["chains"] = Value::Array(vec![]);
            }),
        ),
        (
            "no addresses",
            Box::new(move |c: &mut Value| {
                c["addresses"] = Value::Array(vec![]);
            }),
        ),
        (
            "duplicate transaction ids",
            Box::new(move |c: &mut Value| {
                let copy = c["transactions"][v].clone();
                c["transactions"].as_array_mut().unwrap().push(copy);
            }),
        ),
        (
            "bad time",
            Box::new(move |c: &mut Value| {
                c["transactions"][v]["time"] = "yesterday".into();
            }),
        ),
        (
            "spends a coin before it exists",
            Box::new(move |c: &mut Value| {
                c["transactions"][v + 1]["time"] = "2000-01-01T00:00:00Z".into();
            }),
        ),
    ];
    let messages: [&[&str]; 9] = [
        &["taint", "poison", VICTIM_TX],
        &["taint", "fifo", VICTIM_PAID],
        &["taint", "haircut", &format!("{HOP1}:1")],
        &["path", VICTIM_PAID, DEPOSIT, "", "true"],
        &["trace", VICTIM_PAID, "", "tiho"],
        &["cluster"],
        &["heuristics", HOP1],
        &["legs", VICTIM_TX],
        &["legs", HOP1],
    ];
    for (what, corrupt) in corruptions {
        let mut bad = case.clone();
        corrupt(&mut bad);
        let text = bad.to_string();
        assert!(
            scenario::check(&text).is_err(),
            "{what}: the case is still valid"
        );
        let mut lab = Lab::default();
        lab.handle(&strings(&["open", &text]))
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        for message in messages {
            // An answer or a refusal; a panic fails the test.
            let _ = lab.handle(&strings(message));
        }
    }
}

/// An address's cluster is the group of `tracelab cluster` that holds it, or the
/// address alone; in the CoinJoin case every group is checked.
#[test]
fn an_addresss_cluster_is_its_group_in_the_full_report() {
    let file = "scenarios/coinjoin-postmix.json";
    let case = scenario::check(&read(file)).unwrap();
    let ix = Index::new(&case);
    let all = report::cluster(&case, &ix);
    let groups = all["clusters"].as_array().unwrap();
    assert!(!groups.is_empty(), "the case has clusters");
    let mut lab = lab_with(file);
    for group in groups {
        let first = group[0].as_str().unwrap();
        let reply: Value =
            serde_json::from_str(&lab.handle(&strings(&["cluster", first])).unwrap()).unwrap();
        assert_eq!(&reply["members"], group, "the cluster of {first}");
    }
    let alone = case
        .addresses
        .iter()
        .map(|a| a.address.as_str())
        .find(|a| {
            !groups
                .iter()
                .flat_map(|g| g.as_array().unwrap())
                .any(|m| m == a)
        })
        .unwrap();
    let reply: Value =
        serde_json::from_str(&lab.handle(&strings(&["cluster", alone])).unwrap()).unwrap();
    assert_eq!(reply["members"], serde_json::json!([alone]));
}

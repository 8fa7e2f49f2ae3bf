//! The Tools tab's view of the lab worker's reports (`tracelab::tools_view`): what
//! a trainee reads is exactly what the report says, in the asset's units, for the
//! tutorial's peel chain and the chain-hop case's swap.

use serde_json::Value;
use tracelab::address::address_key;
use tracelab::amount::{format_units_grouped, Amount};
use tracelab::lab::Lab;
use tracelab::ledger::Ledger;
use tracelab::scenario;
use tracelab::tools_view;

const TUTORIAL: &str = "scenarios/tutorial-peel-chain.json";
const CHAIN_HOP: &str = "scenarios/chain-hop-swap-service.json";
const VICTIM_TX: &str = "21448f87ad3d2115419f6bf6b3a6c555cc9b6f739c478028c74512804123ca68";
const VICTIM_PAID: &str = "bc1qcky88wcl8dydt9md5cm436k9pwdpfxfvakwrw9";
const DEPOSIT: &str = "3FXRRa5fCJuiJaD8fZz6tj9Xw9zvsXTmrH";

/// The case's ledger and a lab with it open, as the app has them.
fn open(file: &str) -> (Ledger, Lab) {
    let text = std::fs::read_to_string(file).unwrap();
    let mut lab = Lab::default();
    lab.handle(&["open".to_string(), text.clone()]).unwrap();
    (Ledger::new(scenario::check(&text).unwrap()), lab)
}

fn ask(lab: &mut Lab, message: &[&str]) -> Value {
    let message: Vec<String> = message.iter().map(|s| s.to_string()).collect();
    serde_json::from_str(&lab.handle(&message).unwrap()).unwrap()
}

#[test]
fn taint_rows_carry_the_reports_exact_amounts_and_shares() {
    let (ledger, mut lab) = open(TUTORIAL);
    let doc = ask(&mut lab, &["taint", "fifo", VICTIM_TX]);
    let view = tools_view::taint(&doc, &ledger).unwrap();
    let per_address = doc["per_address"].as_object().unwrap();
    assert_eq!(view.rows.len(), per_address.len());
    let seeded: u128 = doc["seeded"].as_str().unwrap().parse().unwrap();
    for (address, value) in per_address {
        let value: u128 = value.as_str().unwrap().parse().unwrap();
        let row = &view.rows[&address_key(address)];
        assert_eq!(row.amount, Amount(value));
        assert_eq!(
            row.text,
            format!("{} BTC", format_units_grouped(Amount(value), 8))
        );
        assert_eq!(
            row.percent,
            tools_view::percent(Amount(value), Amount(seeded))
        );
        assert!((0.0..=1.0).contains(&row.shade));
    }
    assert_eq!(view.method, "fifo");
}

#[test]
fn a_path_becomes_a_trail_of_transactions_and_addresses() {
    let (ledger, mut lab) = open(TUTORIAL);
    let doc = ask(&mut lab, &["path", VICTIM_PAID, DEPOSIT]);
    let trail = tools_view::trail(&doc, &ledger).unwrap().unwrap();
    let hops = doc["hops"].as_array().unwrap();
    assert_eq!(trail.txs.len(), hops.len());
    assert_eq!(trail.keys.first(), Some(&address_key(VICTIM_PAID)));
    assert_eq!(trail.keys.last(), Some(&address_key(DEPOSIT)));
    let bottleneck: u128 = doc["bottleneck"].as_str().unwrap().parse().unwrap();
    assert!(trail
        .summary
        .contains(&format_units_grouped(Amount(bottleneck), 8)));

    // An auto-trace says why it stopped; a path not found is no trail.
    let doc = ask(&mut lab, &["trace", VICTIM_PAID]);
    let trace = tools_view::trail(&doc, &ledger).unwrap().unwrap();
    assert!(trace.summary.starts_with("Stopped: "), "{}", trace.summary);
    let doc = ask(&mut lab, &["path", DEPOSIT, VICTIM_PAID]);
    assert_eq!(tools_view::trail(&doc, &ledger).unwrap(), None);
}

#[test]
fn heuristics_and_legs_read_as_findings_with_reasons() {
    let (_, mut lab) = open(TUTORIAL);
    let doc = ask(&mut lab, &["heuristics", VICTIM_TX]);
    let findings = tools_view::heuristics(&doc);
    let change = doc["change"].as_array().unwrap();
    assert_eq!(
        findings.len(),
        change.len() + 2,
        "change heuristics, CoinJoin, peel"
    );
    for (f, v) in findings.iter().zip(change) {
        assert_eq!(f.reason, v["reason"].as_str().unwrap());
        assert_eq!(f.decided, v["change"].is_u64());
    }

    let (ledger, mut lab) = open(CHAIN_HOP);
    let case: Value = serde_json::from_str(&std::fs::read_to_string(CHAIN_HOP).unwrap()).unwrap();
    // The case's swap: the trail's transaction that pays the swap service.
    let trail = case["solution"]["trail"].as_array().unwrap();
    let pay_in = trail
        .iter()
        .map(|t| t.as_str().unwrap())
        .find(|t| {
            let doc = ask(&mut lab, &["legs", t]);
            !doc["candidates"].as_array().unwrap().is_empty()
        })
        .expect("a trail transaction with a matching leg");
    let doc = ask(&mut lab, &["legs", pay_in]);
    let legs = tools_view::legs(&doc, &ledger).unwrap();
    let candidates = doc["candidates"].as_array().unwrap();
    assert_eq!(legs.len(), candidates.len());
    for (leg, c) in legs.iter().zip(candidates) {
        assert_eq!(leg.reveal.as_deref(), c["tx"].as_str());
        assert_eq!(leg.reason, c["why"].as_str().unwrap());
    }
}

//! The investigation graph on the bundled tutorial: opening, expanding, layout rules.

use std::path::Path;

use proptest::prelude::*;
use tracelab::investigation::{Direction, Investigation, ROW_HEIGHT};
use tracelab::ledger::Ledger;
use tracelab::scenario;

fn tutorial() -> Ledger {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/tutorial-peel-chain.json");
    Ledger::new(scenario::check(&std::fs::read_to_string(path).unwrap()).unwrap())
}

fn no_overlaps(inv: &Investigation) {
    let nodes: Vec<_> = inv.nodes().collect();
    for (i, a) in nodes.iter().enumerate() {
        for b in &nodes[i + 1..] {
            let apart = (a.x - b.x).abs() >= 1.0 || (a.y - b.y).abs() >= ROW_HEIGHT * 0.5;
            assert!(apart, "{} and {} overlap", a.key, b.key);
        }
    }
}

#[test]
fn opening_places_the_start_and_the_start_transactions() {
    let ledger = tutorial();
    let inv = Investigation::open(&ledger);
    let start = &ledger.case.start.addresses[0];
    let node = inv.node(start).expect("start address is on the graph");
    assert!(node.is_start);
    assert_eq!(node.column, 0);
    for id in &ledger.case.start.transactions {
        assert!(inv.is_revealed(ledger.tx_index(id).unwrap()));
    }
    no_overlaps(&inv);
}

#[test]
fn expanding_out_follows_the_peel_chain_to_the_right_and_keeps_nodes_still() {
    let ledger = tutorial();
    let mut inv = Investigation::open(&ledger);
    let start = ledger.case.start.addresses[0].clone();
    let before: Vec<_> = inv.nodes().map(|n| (n.key.clone(), n.x, n.y)).collect();
    let added = inv.expand(&ledger, &start, Direction::Out);
    assert!(!added.is_empty());
    for (key, x, y) in before {
        let n = inv.node(&key).unwrap();
        assert_eq!((n.x, n.y), (x, y), "{key} moved");
    }
    let start_col = inv.node(&start).unwrap().column;
    for key in &added {
        assert_eq!(
            inv.node(key).unwrap().column,
            start_col + 1,
            "{key} is one hop right"
        );
    }
    // Following the trail hop by hop reaches the deposit address of the solution.
    let trail = &ledger.case.solution.trail;
    for id in trail {
        let tx = ledger.tx_index(id).unwrap();
        for sender in ledger.senders(tx) {
            if inv.contains(&sender) {
                inv.expand(&ledger, &sender, Direction::Out);
            }
        }
    }
    let last = ledger.tx_index(trail.last().unwrap()).unwrap();
    for receiver in ledger.receivers(last) {
        assert!(inv.contains(&receiver), "{receiver} reached");
    }
    assert!(inv.edges().count() >= trail.len());
    no_overlaps(&inv);
    // Expanding again reveals nothing new and changes no totals.
    let totals: Vec<_> = inv.edges().map(|(_, _, e)| e.totals.clone()).collect();
    assert!(inv.expand(&ledger, &start, Direction::Out).is_empty());
    assert_eq!(
        totals,
        inv.edges()
            .map(|(_, _, e)| e.totals.clone())
            .collect::<Vec<_>>()
    );
}

#[test]
fn expanding_in_puts_payers_to_the_left() {
    let ledger = tutorial();
    let mut inv = Investigation::open(&ledger);
    let start = ledger.case.start.addresses[0].clone();
    let col = inv.node(&start).unwrap().column;
    for key in inv.expand(&ledger, &start, Direction::In) {
        assert_eq!(inv.node(&key).unwrap().column, col - 1);
    }
    assert!(inv.unrevealed(&ledger, &start, Direction::In).is_empty());
}

#[test]
fn hit_test_finds_the_node_under_the_pointer() {
    let ledger = tutorial();
    let inv = Investigation::open(&ledger);
    let n = inv.node(&ledger.case.start.addresses[0]).unwrap();
    assert_eq!(
        inv.hit_test(n.x + 5.0, n.y - 5.0).map(|h| h.key.clone()),
        Some(n.key.clone())
    );
    assert!(inv.hit_test(n.x + 500.0, n.y + 500.0).is_none());
}

proptest! {
    /// Whatever the order of expansions, nodes never overlap and never move.
    #[test]
    fn random_expansions_never_overlap(steps in proptest::collection::vec((0usize..64, any::<bool>()), 1..25)) {
        let ledger = tutorial();
        let mut inv = Investigation::open(&ledger);
        for (pick, out) in steps {
            let keys: Vec<String> = inv.nodes().map(|n| n.key.clone()).collect();
            let key = &keys[pick % keys.len()];
            let before: Vec<_> = inv.nodes().map(|n| (n.key.clone(), n.x, n.y)).collect();
            inv.expand(&ledger, key, if out { Direction::Out } else { Direction::In });
            for (k, x, y) in before {
                let n = inv.node(&k).unwrap();
                prop_assert_eq!((n.x, n.y), (x, y));
            }
        }
        no_overlaps(&inv);
    }
}

/// The ledger built in steps of any size answers every question exactly as the
/// one built at once, and its progress only grows to the total.
#[test]
fn a_ledger_built_in_steps_is_the_ledger_built_at_once() {
    use tracelab::ledger::LedgerBuilder;
    for file in [
        "tutorial-peel-chain",
        "mule-network-usdt",
        "bridge-hack-cross-chain",
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("scenarios/{file}.json"));
        let case = scenario::check(&std::fs::read_to_string(path).unwrap()).unwrap();
        let whole = Ledger::new(case.clone());
        for items in [1, 7, 1000] {
            let mut builder = LedgerBuilder::new(case.clone());
            let mut last = (0, 0);
            while !builder.step(items) {
                let now = builder.progress();
                assert!(
                    now.0 >= last.0 && now.0 <= now.1,
                    "{file}: {last:?} then {now:?}"
                );
                last = now;
            }
            assert_eq!(builder.progress().0, builder.progress().1);
            let stepped = builder.finish();
            for a in &case.addresses {
                assert_eq!(
                    stepped.txs_of(&a.address),
                    whole.txs_of(&a.address),
                    "{file}"
                );
            }
            for (i, t) in case.transactions.iter().enumerate() {
                assert_eq!(stepped.tx_index(&t.id), whole.tx_index(&t.id));
                assert_eq!(stepped.time(i), whole.time(i));
            }
        }
    }
}

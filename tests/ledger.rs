//! The ledger's indexes answer what a plain reading of the case says: who pays
//! and who receives in each transaction, and which transactions touch each
//! address in time order. Checked on the library, generated cases of every
//! typology, and a case with dangling references (the validator reads those too).

use std::collections::BTreeSet;

use tracelab::address::address_key;
use tracelab::generator::{generate, Params, Typology};
use tracelab::ledger::Ledger;
use tracelab::scenario::{self, Difficulty, Scenario};

/// The parties of each transaction and the transactions of each address, read
/// straight from the case, compared with the ledger's answers.
fn check(case: &Scenario) {
    let ledger = Ledger::new(case.clone());
    let mut everyone = BTreeSet::new();
    for (t, tx) in case.transactions.iter().enumerate() {
        let mut payers: BTreeSet<String> = (0..tx.inputs.as_ref().map_or(0, Vec::len))
            .filter_map(|i| ledger.input_coin(t, i).map(|(a, _)| a))
            .collect();
        payers.extend(tx.sender.iter().map(|s| address_key(s)));
        payers.extend(
            tx.transfers
                .iter()
                .flatten()
                .map(|tr| address_key(&tr.from)),
        );
        let payees: BTreeSet<String> = tx
            .outputs
            .iter()
            .flatten()
            .map(|o| address_key(&o.address))
            .chain(tx.transfers.iter().flatten().map(|tr| address_key(&tr.to)))
            .collect();
        assert_eq!(
            ledger.senders(t),
            payers.iter().cloned().collect::<Vec<_>>(),
            "{}",
            tx.id
        );
        assert_eq!(
            ledger.receivers(t),
            payees.iter().cloned().collect::<Vec<_>>(),
            "{}",
            tx.id
        );
        everyone.extend(payers);
        everyone.extend(payees);
    }
    everyone.extend(case.addresses.iter().map(|a| address_key(&a.address)));
    for key in &everyone {
        let mut expected: Vec<usize> = (0..case.transactions.len())
            .filter(|&t| ledger.senders(t).contains(key) || ledger.receivers(t).contains(key))
            .collect();
        expected.sort_by_key(|&t| ledger.order_key(t));
        assert_eq!(ledger.txs_of(key), expected.as_slice(), "{key}");
        // Any letter case of a hex account finds the same list.
        if let Some(hex) = key.strip_prefix("0x") {
            let shouted = format!("0x{}", hex.to_ascii_uppercase());
            assert_eq!(ledger.txs_of(&shouted), expected.as_slice(), "{shouted}");
        }
    }
    assert!(ledger.txs_of("no such address").is_empty());
}

fn read(path: &str) -> Scenario {
    let text = std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    scenario::parse(&text).unwrap()
}

#[test]
fn library_cases() {
    for file in [
        "scenarios/tutorial-peel-chain.json",
        "scenarios/usdt-tron-otc.json",
        "tests/fixtures/mini-utxo.json",
        "tests/fixtures/mini-account.json",
    ] {
        check(&read(file));
    }
}

#[test]
fn generated_cases_of_every_typology() {
    for (i, typology) in Typology::ALL.iter().enumerate() {
        let params = Params {
            scale: Some(300),
            ..Params::new(*typology, i as u64, Difficulty::Expert)
        };
        check(&generate(&params).unwrap());
    }
}

#[test]
fn dangling_references_are_skipped() {
    let mut case = read("tests/fixtures/mini-utxo.json");
    let tx = &mut case.transactions[2];
    tx.inputs.as_mut().unwrap()[0].tx = Some("no such transaction".into());
    case.transactions[1].inputs.as_mut().unwrap()[0].vout = Some(99);
    case.transactions[0].time = "not a time".into();
    check(&case);
}

//! Taint through whole ledgers: the reference examples as cases, forward
//! propagation over several hops, and conservation as properties.

use proptest::prelude::*;
use tracelab::analytics::synth::{CaseBuilder, In};
use tracelab::analytics::taint::{self, Method, Source};
use tracelab::analytics::Index;
use tracelab::scenario::Scenario;

/// Runs `method` from `source` (a tx id, `txid:vout` or an address) and compares
/// the tainted amount each named address received with `expected`.
fn check(case: &Scenario, source: &str, method: Method, expected: &[(&str, u128)]) {
    let ix = Index::new(case);
    let src = if let Some(c) = ix.find_output(case, source) {
        Source::Output(c)
    } else if let Some(t) = ix.find_tx(case, source) {
        Source::Tx(t)
    } else {
        Source::Address(ix.find_address(case, source).expect("source exists"))
    };
    let result = taint::run(&ix, src, method, None).expect("taint runs");
    for &(address, amount) in expected {
        let a = ix.find_address(case, address).expect("address exists");
        assert_eq!(result.received(a).0, amount, "{method:?}: {address}");
    }
}

/// Example 1 of the reference as a ledger: the stolen 300 arrives in tx 1.
fn example_1() -> (Scenario, String) {
    let mut b = CaseBuilder::bitcoin();
    let theft = b.utxo_tx(&[In::Coin("victim".into(), 300)], &[("thief", 300)]);
    b.utxo_tx(
        &[
            In::Coin("clean-a".into(), 300),
            In::Spend(theft.clone(), 0),
            In::Coin("clean-b".into(), 400),
        ],
        &[("o1", 500), ("o2", 400)],
    );
    (b.build(), format!("{theft}:0"))
}

#[test]
fn example_1_as_a_ledger() {
    let (case, source) = example_1();
    let table = [
        (Method::Poison, 500, 400),
        (Method::Haircut, 150, 120),
        (Method::Fifo, 200, 100),
        (Method::Lifo, 100, 200),
        (Method::Tiho, 300, 0),
    ];
    for (method, o1, o2) in table {
        check(
            &case,
            &source,
            method,
            &[("o1", o1), ("o2", o2), ("thief", 300)],
        );
    }
    let ix = Index::new(&case);
    let haircut = taint::run(&ix, Source::Output(0), Method::Haircut, None).unwrap();
    assert_eq!(haircut.total_fees().0, 30);
    assert!(taint::run(&ix, Source::Output(0), Method::Libr, None).is_err());
}

/// Example 2 in base units (×10^17 wei: 0.1 ETH steps), fee-free.
fn example_2() -> (Scenario, String) {
    const U: u128 = 100_000_000_000_000_000;
    let mut b = CaseBuilder::ethereum();
    for (who, v) in [("x", 5), ("s", 3), ("y", 4)] {
        b.opening_balance(who, "ETH", v * 10 * U);
    }
    b.account_tx("ethereum", 0, &[("x", "a", "ETH", 50 * U)]);
    let stolen = b.account_tx("ethereum", 0, &[("s", "a", "ETH", 30 * U)]);
    b.account_tx("ethereum", 0, &[("y", "a", "ETH", 40 * U)]);
    b.account_tx("ethereum", 0, &[("a", "b", "ETH", 60 * U)]);
    b.account_tx("ethereum", 0, &[("a", "c", "ETH", 40 * U)]);
    b.account_tx("ethereum", 0, &[("a", "d", "ETH", 20 * U)]);
    (b.build(), stolen)
}

#[test]
fn example_2_as_a_ledger() {
    const U: u128 = 100_000_000_000_000_000;
    let (case, stolen) = example_2();
    check(
        &case,
        &stolen,
        Method::Fifo,
        &[("b", 10 * U), ("c", 20 * U), ("d", 0)],
    );
    check(
        &case,
        &stolen,
        Method::Lifo,
        &[("b", 20 * U), ("c", 10 * U), ("d", 0)],
    );
    check(
        &case,
        &stolen,
        Method::Haircut,
        &[("b", 15 * U), ("c", 10 * U), ("d", 5 * U)],
    );
}

#[test]
fn example_3_libr_as_a_ledger() {
    let mut b = CaseBuilder::ethereum();
    b.opening_balance("s", "ETH", 3)
        .opening_balance("y", "ETH", 5);
    let stolen = b.account_tx("ethereum", 0, &[("s", "a", "ETH", 3)]);
    b.account_tx("ethereum", 0, &[("a", "z", "ETH", 2)]);
    b.account_tx("ethereum", 0, &[("y", "a", "ETH", 5)]);
    b.account_tx("ethereum", 0, &[("a", "w", "ETH", 6)]);
    let case = b.build();
    // −2 carries 2 (the balance falls to 1); the last 6 carry the 1 still traceable.
    check(&case, &stolen, Method::Libr, &[("z", 2), ("w", 1)]);
}

#[test]
fn taint_follows_the_money_over_several_hops() {
    let mut b = CaseBuilder::bitcoin();
    let t1 = b.utxo_tx(&[In::Coin("victim".into(), 1_000)], &[("p1", 1_000)]);
    let t2 = b.utxo_tx(&[In::Spend(t1, 0)], &[("peel1", 100), ("p2", 890)]);
    let t3 = b.utxo_tx(
        &[In::Spend(t2, 1), In::Coin("other".into(), 110)],
        &[("peel2", 500), ("p3", 490)],
    );
    b.utxo_tx(&[In::Spend(t3, 1)], &[("exchange", 480)]);
    let case = b.build();
    let source = "victim";
    // Haircut at t3: 890 tainted of 1,000 in; outputs 500/490, fee 10.
    check(
        &case,
        source,
        Method::Haircut,
        &[
            ("peel1", 100),
            ("p2", 890),
            ("peel2", 445),
            ("p3", 436),
            ("exchange", 427),
        ],
    );
    check(
        &case,
        source,
        Method::Fifo,
        &[("peel2", 500), ("p3", 390), ("exchange", 390)],
    );
}

#[test]
fn tokens_are_traced_and_fees_leave_in_the_native_asset() {
    let mut b = CaseBuilder::ethereum();
    b.asset(
        "USDT",
        "ethereum",
        6,
        Some("0xdac17f958d2ee523a2206206994597c13d831ec7"),
    );
    b.opening_balance("v", "USDT", 1_000)
        .opening_balance("v", "ETH", 50);
    let pay = b.account_tx("ethereum", 7, &[("v", "m", "USDT", 1_000)]);
    b.account_tx("ethereum", 0, &[("m", "n", "USDT", 600)]);
    let case = b.build();
    check(&case, &pay, Method::Fifo, &[("m", 1_000), ("n", 600)]);
    let ix = Index::new(&case);
    let v = ix.find_address(&case, "v").unwrap();
    // The address received nothing in the window: only opening balances.
    assert!(taint::run(&ix, Source::Address(v), Method::Fifo, None).is_err());
}

/// A random valid UTXO ledger: each transaction spends 1–3 unspent coins and pays
/// 1–3 outputs and a fee.
fn random_ledger() -> impl Strategy<Value = Scenario> {
    prop::collection::vec(
        (
            1usize..=3,
            prop::collection::vec(1u128..1_000, 1..=3),
            0u128..50,
            any::<u64>(),
        ),
        1..40,
    )
    .prop_map(|steps| {
        let mut b = CaseBuilder::bitcoin();
        let mut unspent: Vec<(String, u32, u128)> = Vec::new();
        for (i, (n_in, outs, fee, pick)) in steps.into_iter().enumerate() {
            let mut inputs = Vec::new();
            let mut total = 0;
            for k in 0..n_in.min(unspent.len()) {
                let j = (pick as usize + k * 7) % unspent.len();
                let (tx, vout, v) = unspent.swap_remove(j);
                inputs.push(In::Spend(tx, vout));
                total += v;
            }
            if inputs.is_empty() || i % 5 == 0 {
                let v: u128 = outs.iter().sum::<u128>() + fee;
                inputs.push(In::Coin(format!("ext{i}"), v));
                total += v;
            }
            // Scale the outputs to what the inputs hold minus the fee.
            let sum: u128 = outs.iter().sum();
            let avail = total.saturating_sub(fee.min(total));
            let names: Vec<String> = (0..outs.len())
                .map(|o| format!("a{}", (i * 3 + o) % 17))
                .collect();
            let mut paid = 0;
            let values: Vec<u128> = outs
                .iter()
                .map(|&o| {
                    let v = o * avail / sum;
                    paid += v;
                    v
                })
                .collect();
            let outputs: Vec<(&str, u128)> = names
                .iter()
                .map(String::as_str)
                .zip(values.iter().copied())
                .collect();
            let id = b.utxo_tx(&inputs, &outputs);
            for (o, &v) in values.iter().enumerate() {
                unspent.push((id.clone(), o as u32, v));
            }
            let _ = paid;
        }
        b.build()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn taint_is_conserved_and_poison_marks_most(case in random_ledger(), src in 0usize..40) {
        let ix = Index::new(&case);
        let tx = (src % ix.tx_count()) as u32;
        let source = Source::Tx(tx);
        let poison = taint::run(&ix, source, Method::Poison, None).unwrap();
        for method in [Method::Haircut, Method::Fifo, Method::Lifo, Method::Tiho] {
            let r = taint::run(&ix, source, method, None).unwrap();
            // Overall: injected = still held + fees.
            prop_assert_eq!(r.seeded.0, r.held.0 + r.total_fees().0, "{:?}", method);
            // Per transaction: tainted in = tainted out + tainted fee.
            for t in 0..ix.tx_count() as u32 {
                if t == tx { continue; }
                let tin: u128 = ix.inputs(t).iter().map(|&c| r.coin(c).0).sum();
                let tout: u128 = ix.outputs(t).map(|c| r.coin(c).0).sum();
                prop_assert_eq!(tin, tout + r.fee(t).0, "{:?} tx {}", method, t);
            }
            for c in 0..ix.coin_count() as u32 {
                prop_assert!(r.coin(c) <= poison.coin(c));
                prop_assert!(r.coin(c) <= ix.coin_value(c));
            }
            for a in 0..ix.address_count() as u32 {
                prop_assert!(r.received(a) <= poison.received(a));
            }
        }
    }
}

/// A random account ledger in ETH with fees: six addresses with opening balances,
/// each step a transfer of part of the sender's balance (fee included).
fn random_account_ledger() -> impl Strategy<Value = Scenario> {
    prop::collection::vec((0usize..6, 0usize..6, 1u128..100, 0u128..3), 1..40).prop_map(|steps| {
        let mut b = CaseBuilder::ethereum();
        let mut balance = [1_000u128; 6];
        for (i, bal) in balance.iter().enumerate() {
            b.opening_balance(&format!("acct{i}"), "ETH", *bal);
        }
        for (from, to, pct, fee) in steps {
            let value = balance[from].saturating_sub(fee) * pct / 100;
            if value == 0 || balance[from] < value + fee {
                continue;
            }
            balance[from] -= value + fee;
            balance[to] += value;
            b.account_tx(
                "ethereum",
                fee,
                &[(&format!("acct{from}"), &format!("acct{to}"), "ETH", value)],
            );
        }
        // Always at least one transaction.
        b.account_tx("ethereum", 0, &[("acct0", "acct1", "ETH", 1)]);
        b.build()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn account_taint_is_conserved_and_poison_marks_most(case in random_account_ledger(), src in 0usize..40) {
        let ix = Index::new(&case);
        let tx = (src % ix.tx_count()) as u32;
        let source = Source::Tx(tx);
        let poison = taint::run(&ix, source, Method::Poison, None).unwrap();
        for method in [Method::Haircut, Method::Fifo, Method::Lifo, Method::Tiho, Method::Libr] {
            let r = taint::run(&ix, source, method, None).unwrap();
            prop_assert_eq!(r.seeded.0, r.held.0 + r.total_fees().0, "{:?}", method);
            for x in 0..ix.transfer_count() as u32 {
                prop_assert!(r.transfer(x) <= poison.transfer(x), "{:?} transfer {}", method, x);
            }
            for a in 0..ix.address_count() as u32 {
                prop_assert!(r.received(a) <= poison.received(a));
            }
        }
    }
}

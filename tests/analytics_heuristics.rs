//! Clustering, CoinJoins, change heuristics, peel chains, paths and auto-trace on
//! small ledgers (the reference's examples) and on the bundled tutorial case.

use tracelab::analytics::change::{change_verdicts, Heuristic};
use tracelab::analytics::cluster::cluster;
use tracelab::analytics::coinjoin::{coinjoin_verdict, CoinJoinRule, CoinJoinRules};
use tracelab::analytics::path::{find_path, PathParams};
use tracelab::analytics::peel::{peel_chain, peel_verdict};
use tracelab::analytics::synth::{CaseBuilder, In};
use tracelab::analytics::trace::{auto_trace, Stop, TraceParams};
use tracelab::analytics::Index;
use tracelab::scenario::{Category, Scenario};

const W1: &str = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4";
const W2: &str = "bc1q6stlhxk8sa5ud7gdxdrcqycx3lye7yxqajyvcj";
const W3: &str = "bc1qf2ngss446pzy40wpc6x5h67eqds2cpkaghstg6";
const W4: &str = "bc1qcky88wcl8dydt9md5cm436k9pwdpfxfvakwrw9";
const L1: &str = "1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH";
const L2: &str = "1J3EcNUm1iJY8mdq7q7pKqTwwoHaQoj7CJ";

fn tutorial() -> Scenario {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/tutorial-peel-chain.json"
    ))
    .unwrap();
    tracelab::scenario::check(&text).unwrap()
}

/// Builds a one-transaction case (inputs are coins from before the window, so
/// every output address is new) and checks one heuristic's chosen output.
fn check(
    inputs: &[(&str, u128)],
    outputs: &[(&str, u128)],
    heuristic: Heuristic,
    expected: Option<u32>,
) {
    let mut b = CaseBuilder::bitcoin();
    let ins: Vec<In> = inputs
        .iter()
        .map(|(a, v)| In::Coin(a.to_string(), *v))
        .collect();
    b.utxo_tx(&ins, outputs);
    let case = b.build();
    let ix = Index::new(&case);
    let v = change_verdicts(&ix, &case, 0);
    let got = v.iter().find(|v| v.heuristic == heuristic).unwrap();
    assert_eq!(got.change, expected, "{heuristic:?}: {}", got.reason);
    assert!(!got.reason.is_empty());
}

#[test]
fn change_heuristics_reference_examples() {
    // Optimal change: inputs [0.5, 0.3], outputs [0.6, 0.19] → 0.19.
    check(
        &[(W1, 50_000_000), (W2, 30_000_000)],
        &[(L1, 60_000_000), (W3, 19_000_000)],
        Heuristic::OptimalChange,
        Some(1),
    );
    // Power of ten: outputs [100,000,000; 23,456,789] → 23,456,789.
    check(
        &[(W1, 123_500_000)],
        &[(L1, 100_000_000), (W3, 23_456_789)],
        Heuristic::PowerOfTen,
        Some(1),
    );
    // Address type: inputs P2WPKH, outputs [P2PKH, P2WPKH] → the P2WPKH output.
    check(
        &[(W1, 1_000)],
        &[(L1, 600), (W3, 300)],
        Heuristic::AddressType,
        Some(1),
    );
    check(
        &[(W1, 1_000)],
        &[(W2, 600), (W3, 300)],
        Heuristic::AddressType,
        None,
    );
    // Address reuse: an output paying an input address.
    check(
        &[(W1, 1_000)],
        &[(L1, 600), (W1, 300)],
        Heuristic::AddressReuse,
        Some(1),
    );
    check(
        &[(W1, 1_000)],
        &[(L1, 600), (W3, 300)],
        Heuristic::AddressReuse,
        None,
    );
}

#[test]
fn one_time_change_needs_exactly_one_fresh_address() {
    let mut b = CaseBuilder::bitcoin();
    b.utxo_tx(&[In::Coin(W1.into(), 1_000)], &[(L1, 990)]);
    b.utxo_tx(&[In::Coin(W2.into(), 1_000)], &[(L1, 600), (W3, 390)]);
    b.utxo_tx(&[In::Coin(W4.into(), 1_000)], &[(L2, 600), (W1, 390)]);
    let case = b.build();
    let ix = Index::new(&case);
    let one_time = |tx| {
        change_verdicts(&ix, &case, tx)
            .into_iter()
            .find(|v| v.heuristic == Heuristic::OneTimeChange)
            .unwrap()
            .change
    };
    assert_eq!(one_time(1), Some(1), "L1 was seen in tx 0; W3 is fresh");
    assert_eq!(one_time(2), Some(0), "W1 was seen in tx 0; L2 is fresh");
}

#[test]
fn clustering_merges_common_inputs_and_skips_coinjoins() {
    let mut b = CaseBuilder::bitcoin();
    b.utxo_tx(
        &[In::Coin("a".into(), 10), In::Coin("b".into(), 10)],
        &[("x", 19)],
    );
    b.utxo_tx(
        &[In::Coin("b".into(), 10), In::Coin("c".into(), 10)],
        &[("y", 19)],
    );
    // A Whirlpool-style round: five payers, five equal 0.01 BTC outputs.
    let payers: Vec<In> = ["p1", "p2", "p3", "p4", "p5"]
        .iter()
        .map(|p| In::Coin(p.to_string(), 1_005_000))
        .collect();
    let outs: Vec<(&str, u128)> = ["m1", "m2", "m3", "m4", "m5"]
        .iter()
        .map(|m| (*m, 1_000_000))
        .collect();
    b.utxo_tx(&payers, &outs);
    let case = b.build();
    let ix = Index::new(&case);
    let id = |a: &str| ix.find_address(&case, a).unwrap();
    let c = cluster(&ix, &CoinJoinRules::default());
    assert!(c.same(id("a"), id("c")));
    assert_eq!(c.members(id("b")), vec![id("a"), id("b"), id("c")]);
    assert!(!c.same(id("p1"), id("p2")));
    assert_eq!(c.coinjoins_skipped, vec![2]);
    assert_eq!(c.groups().len(), 1);
    let v = coinjoin_verdict(&ix, 2, &CoinJoinRules::default());
    assert_eq!(v.rule, Some(CoinJoinRule::EqualOutputRound), "{}", v.reason);
    assert!(v.reason.contains("0.01 BTC"), "{}", v.reason);
    assert!(!coinjoin_verdict(&ix, 0, &CoinJoinRules::default()).is_coinjoin());
}

#[test]
fn peel_needs_a_neighbour_of_the_same_shape() {
    let mut b = CaseBuilder::bitcoin();
    let t0 = b.utxo_tx(&[In::Coin("v".into(), 1_000)], &[("p1", 100), ("c1", 890)]);
    let t1 = b.utxo_tx(&[In::Spend(t0, 1)], &[("p2", 100), ("c2", 780)]);
    b.utxo_tx(&[In::Spend(t1, 1)], &[("ex", 770)]);
    b.utxo_tx(
        &[In::Coin("lone".into(), 1_000)],
        &[("q1", 100), ("q2", 890)],
    );
    let case = b.build();
    let ix = Index::new(&case);
    assert!(peel_verdict(&ix, 0).is_peel);
    assert_eq!(peel_verdict(&ix, 1).parent, Some(0));
    assert!(!peel_verdict(&ix, 2).is_peel, "one output");
    let lone = peel_verdict(&ix, 3);
    assert!(!lone.is_peel, "{}", lone.reason);
    assert_eq!(peel_chain(&ix, 1), vec![0, 1]);
}

#[test]
fn the_tutorial_peel_chain() {
    let case = tutorial();
    let ix = Index::new(&case);
    let tx = |id: &str| {
        let full = case
            .transactions
            .iter()
            .find(|t| t.id.starts_with(id))
            .unwrap();
        ix.find_tx(&case, &full.id).unwrap()
    };
    let (hop1, hop2, hop3) = (tx("d7b33c5dd7"), tx("bc109b9027"), tx("913139247c"));
    assert_eq!(
        peel_chain(&ix, hop2),
        vec![tx("21448f87ad"), hop1, hop2, hop3]
    );
    // The remainder of hop 1 keeps the input's type (P2WPKH); the peel-off is P2PKH.
    let v = change_verdicts(&ix, &case, hop1);
    let by = |h| v.iter().find(|v| v.heuristic == h).unwrap().change;
    assert_eq!(by(Heuristic::AddressType), Some(1));
    assert_eq!(by(Heuristic::PowerOfTen), Some(1));

    let addr = |a: &str| ix.find_address(&case, a).unwrap();
    let from = addr("bc1qcky88wcl8dydt9md5cm436k9pwdpfxfvakwrw9");
    let deposit = addr("3FXRRa5fCJuiJaD8fZz6tj9Xw9zvsXTmrH");
    let path = find_path(&ix, from, deposit, &PathParams::default()).unwrap();
    assert_eq!(
        path.hops.iter().map(|h| h.tx).collect::<Vec<_>>(),
        vec![hop1, hop2, hop3]
    );
    assert_eq!(path.bottleneck.unwrap().0, 85_144_257);

    let trace = auto_trace(&ix, from, &TraceParams::default(), None);
    assert_eq!(trace.stop, Stop::Service(Category::Exchange));
    assert_eq!(trace.steps.last().unwrap().hop.to, deposit);
    assert_eq!(trace.steps.len(), 3);
}

#[test]
fn paths_respect_time() {
    let mut b = CaseBuilder::bitcoin();
    // b pays c *before* a pays b: there is no path a → b → c.
    b.utxo_tx(&[In::Coin("b".into(), 100)], &[("c", 90)]);
    b.utxo_tx(&[In::Coin("a".into(), 100)], &[("b", 90)]);
    let case = b.build();
    let ix = Index::new(&case);
    let id = |a: &str| ix.find_address(&case, a).unwrap();
    assert!(find_path(&ix, id("a"), id("c"), &PathParams::default()).is_none());
    assert!(find_path(&ix, id("a"), id("b"), &PathParams::default()).is_some());
}

/// Auto-trace on an account chain with two assets: "largest" keeps to the asset
/// the money arrived in, and otherwise compares whole units, never base units
/// (0.01 ETH is 10¹⁶ base units, 990 USDT only 9.9·10⁸).
#[test]
fn auto_trace_follows_the_asset_it_arrived_in() {
    let mut b = CaseBuilder::ethereum();
    b.asset(
        "USDT",
        "ethereum",
        6,
        Some("0xdAC17F958D2ee523a2206206994597C13D831ec7"),
    );
    b.opening_balance("victim", "USDT", 1_000_000_000)
        .opening_balance("victim", "ETH", 10u128.pow(18))
        .opening_balance("scammer", "ETH", 10u128.pow(18));
    b.account_tx(
        "ethereum",
        0,
        &[("victim", "scammer", "USDT", 1_000_000_000)],
    );
    b.account_tx(
        "ethereum",
        0,
        &[("scammer", "gas-payer", "ETH", 10u128.pow(16))],
    );
    b.account_tx(
        "ethereum",
        0,
        &[("scammer", "cash-out", "USDT", 990_000_000)],
    );
    let case = b.build();
    let ix = Index::new(&case);
    let id = |a: &str| ix.find_address(&case, a).unwrap();
    let reached = |from: &str| {
        let trace = auto_trace(&ix, id(from), &TraceParams::default(), None);
        trace.steps.iter().map(|s| s.hop.to).collect::<Vec<_>>()
    };
    // Arrived as USDT: the USDT pay-out is followed, not the larger number of wei.
    assert_eq!(reached("victim"), vec![id("scammer"), id("cash-out")]);
    // Starting at the scammer, nothing arrived yet: 990 USDT outweighs 0.01 ETH.
    assert_eq!(reached("scammer"), vec![id("cash-out")]);
}

//! `tracelab stats FILE`: the shape of a case at a glance: transactions and
//! addresses per chain, transfers and value moved per asset, how many addresses
//! take part in how many transactions (degree distribution), links and the length
//! of the solution trail.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use serde_json::json;

use crate::amount::Amount;
use crate::ledger::Ledger;

/// Degree buckets: an address touched by 1, 2, 3-5, 6-10, 11-100 or more transactions.
const BUCKETS: [(usize, usize, &str); 6] = [
    (1, 1, "1"),
    (2, 2, "2"),
    (3, 5, "3-5"),
    (6, 10, "6-10"),
    (11, 100, "11-100"),
    (101, usize::MAX, ">100"),
];

pub fn run(file: &Path, json: bool) -> ExitCode {
    let case = match super::load_case(file) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let ledger = Ledger::new(case);
    let case = &ledger.case;
    let mut per_chain: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for tx in &case.transactions {
        per_chain.entry(tx.chain.clone()).or_default().0 += 1;
    }
    for a in &case.addresses {
        per_chain.entry(a.chain.clone()).or_default().1 += 1;
    }
    // asset → (movements, value moved)
    let mut per_asset: BTreeMap<String, (usize, Amount)> = BTreeMap::new();
    for (i, tx) in case.transactions.iter().enumerate() {
        if let Some(outs) = &tx.outputs {
            let asset = ledger
                .native_asset(&tx.chain)
                .map(|a| a.id.clone())
                .unwrap_or_default();
            let slot = per_asset.entry(asset).or_default();
            slot.0 += outs.len();
            slot.1 = slot.1.saturating_add(ledger.output_total(i));
        }
        for t in tx.transfers.iter().flatten() {
            let slot = per_asset.entry(t.asset.clone()).or_default();
            slot.0 += 1;
            slot.1 = slot.1.saturating_add(t.value);
        }
    }
    let mut degrees = [0usize; BUCKETS.len()];
    let mut max_degree = (0usize, String::new());
    for a in &case.addresses {
        let d = ledger.txs_of(&a.address).len();
        if d > max_degree.0 {
            max_degree = (d, a.address.clone());
        }
        if let Some(b) = BUCKETS.iter().position(|(lo, hi, _)| d >= *lo && d <= *hi) {
            degrees[b] += 1;
        }
    }
    let unused = case
        .addresses
        .iter()
        .filter(|a| ledger.txs_of(&a.address).is_empty())
        .count();
    let trail = case.solution.trail.len();
    if json {
        let doc = json!({
            "id": case.id,
            "transactions": case.transactions.len(),
            "addresses": case.addresses.len(),
            "entities": case.entities.len(),
            "links": case.links.len(),
            "trail_length": trail,
            "chains": per_chain.iter().map(|(c, (t, a))| json!({"chain": c, "transactions": t, "addresses": a})).collect::<Vec<_>>(),
            "assets": per_asset.iter().map(|(a, (n, v))| json!({"asset": a, "movements": n, "value_moved": v.to_string()})).collect::<Vec<_>>(),
            "degree_distribution": BUCKETS.iter().zip(degrees).map(|((_, _, label), n)| json!({"transactions_per_address": label, "addresses": n})).collect::<Vec<_>>(),
            "addresses_without_transactions": unused,
            "busiest_address": {"address": max_degree.1, "transactions": max_degree.0},
        });
        println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        return ExitCode::SUCCESS;
    }
    println!("{} — {}", case.id, case.title);
    println!(
        "{} transactions, {} addresses, {} entities, {} links; solution trail: {} transactions\n",
        case.transactions.len(),
        case.addresses.len(),
        case.entities.len(),
        case.links.len(),
        trail
    );
    println!("Per chain:");
    for (c, (t, a)) in &per_chain {
        println!("  {c:<10} {t:>9} transactions {a:>9} addresses");
    }
    println!("\nPer asset (outputs or transfers, value moved):");
    for (asset, (n, v)) in &per_asset {
        println!(
            "  {asset:<12} {n:>9} movements  {}",
            ledger.format_amount(asset, *v)
        );
    }
    println!("\nDegree distribution (transactions per address):");
    for ((_, _, label), n) in BUCKETS.iter().zip(degrees) {
        println!("  {label:>7}: {n}");
    }
    println!(
        "  busiest: {} ({} transactions)",
        max_degree.1, max_degree.0
    );
    ExitCode::SUCCESS
}

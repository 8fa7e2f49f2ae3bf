//! `tracelab cluster FILE`: addresses that spent together (common-input
//! ownership), CoinJoins skipped.

use std::path::Path;
use std::process::ExitCode;

use serde_json::json;

use super::analysis::{load, print_json};
use crate::analytics::cluster::cluster;
use crate::analytics::coinjoin::CoinJoinRules;

pub fn run(file: &Path, json: bool) -> ExitCode {
    let l = match load(file) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let c = cluster(&l.ix, &CoinJoinRules::default());
    let groups = c.groups();
    if json {
        print_json(&json!({
            "clusters": groups.iter().map(|g| g.iter().map(|&a| l.addr_str(a)).collect::<Vec<_>>()).collect::<Vec<_>>(),
            "coinjoins_skipped": c.coinjoins_skipped.iter().map(|&t| l.tx_str(t)).collect::<Vec<_>>(),
            "merging_transactions": c.merging_txs,
        }));
        return ExitCode::SUCCESS;
    }
    println!(
        "{} cluster(s) of two or more addresses, from {} transaction(s) with several inputs; {} CoinJoin(s) skipped.",
        groups.len(),
        c.merging_txs,
        c.coinjoins_skipped.len()
    );
    for (i, g) in groups.iter().enumerate() {
        println!("\nCluster {} ({} addresses):", i + 1, g.len());
        for &a in g {
            let label =
                l.ix.category(a)
                    .map_or(String::new(), |c| format!("  [{}]", c.display()));
            println!("  {}{label}", l.addr_str(a));
        }
    }
    for &t in &c.coinjoins_skipped {
        println!("\nSkipped CoinJoin {}", l.tx_str(t));
    }
    ExitCode::SUCCESS
}

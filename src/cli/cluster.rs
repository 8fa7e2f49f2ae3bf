//! `tracelab cluster FILE`: addresses that spent together (common-input
//! ownership), CoinJoins skipped.

use std::path::Path;
use std::process::ExitCode;

use super::analysis::{print_json, with_case};
use crate::analytics::report::ClusterReport;

pub fn run(file: &Path, json: bool) -> ExitCode {
    with_case(file, |k| {
        let report = ClusterReport::run(k);
        if json {
            print_json(&report.json());
            return Ok(());
        }
        let (k, c, groups) = (&report.k, &report.clusters, &report.groups);
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
                    k.ix.category(a)
                        .map_or(String::new(), |c| format!("  [{}]", c.display()));
                println!("  {}{label}", k.addr_str(a));
            }
        }
        for &t in &c.coinjoins_skipped {
            println!("\nSkipped CoinJoin {}", k.tx_str(t));
        }
        Ok(())
    })
}

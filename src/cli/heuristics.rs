//! `tracelab heuristics FILE --tx ID`: every change heuristic's verdict on one
//! transaction, and whether it is a CoinJoin or part of a peel chain.

use std::path::Path;
use std::process::ExitCode;

use super::analysis::{print_json, with_case};
use crate::analytics::report::HeuristicsReport;

pub fn run(file: &Path, tx: &str, json: bool) -> ExitCode {
    with_case(file, |k| {
        let report = HeuristicsReport::run(k, tx)?;
        if json {
            print_json(&report.json());
            return Ok(());
        }
        let (k, cj, peel) = (&report.k, &report.coinjoin, &report.peel);
        println!("Transaction {tx}\n\nChange heuristics:");
        for v in &report.change {
            let verdict = v.change.map_or("no verdict".to_string(), |o| {
                format!("change = output {o} ({})", report.out_addr(o))
            });
            println!(
                "  {:<16} {verdict}\n  {:<16} {}",
                v.heuristic.title(),
                "",
                v.reason
            );
        }
        println!(
            "\nCoinJoin: {}\n  {}",
            if cj.is_coinjoin() { "yes" } else { "no" },
            cj.reason
        );
        println!(
            "\nPeel chain: {}\n  {}",
            if peel.is_peel { "yes" } else { "no" },
            peel.reason
        );
        if !report.chain.is_empty() {
            println!("  The chain ({} steps):", report.chain.len());
            for &c in &report.chain {
                println!("    {}", k.tx_str(c));
            }
        }
        Ok(())
    })
}

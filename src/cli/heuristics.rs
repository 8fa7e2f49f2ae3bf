//! `tracelab heuristics FILE --tx ID`: every change heuristic's verdict on one
//! transaction, and whether it is a CoinJoin or part of a peel chain.

use std::path::Path;
use std::process::ExitCode;

use serde_json::json;

use super::analysis::{load, print_json};
use crate::analytics::change::change_verdicts;
use crate::analytics::coinjoin::{coinjoin_verdict, CoinJoinRule, CoinJoinRules};
use crate::analytics::peel::{peel_chain, peel_verdict};

pub fn run(file: &Path, tx: &str, json: bool) -> ExitCode {
    let l = match load(file) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let t = match l.tx(tx) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let change = change_verdicts(&l.ix, &l.case, t);
    let cj = coinjoin_verdict(&l.ix, t, &CoinJoinRules::default());
    let peel = peel_verdict(&l.ix, t);
    let chain = peel_chain(&l.ix, t);
    let out_addr = |vout: u32| {
        let outs = l.ix.outputs(t);
        l.addr_str(l.ix.coin_address(outs.start + vout)).to_string()
    };
    if json {
        print_json(&json!({
            "tx": tx,
            "change": change.iter().map(|v| json!({
                "heuristic": v.heuristic.as_str(),
                "change": v.change,
                "address": v.change.map(out_addr),
                "reason": v.reason,
            })).collect::<Vec<_>>(),
            "coinjoin": {
                "coinjoin": cj.is_coinjoin(),
                "rule": cj.rule.map(|r| match r { CoinJoinRule::BlockSci => "blocksci", CoinJoinRule::EqualOutputRound => "equal_output_round" }),
                "reason": cj.reason,
            },
            "peel": {
                "peel": peel.is_peel,
                "parent": peel.parent.map(|p| l.tx_str(p)),
                "children": peel.children.iter().map(|&c| l.tx_str(c)).collect::<Vec<_>>(),
                "chain": chain.iter().map(|&c| l.tx_str(c)).collect::<Vec<_>>(),
                "reason": peel.reason,
            },
        }));
        return ExitCode::SUCCESS;
    }
    println!("Transaction {tx}\n\nChange heuristics:");
    for v in &change {
        let verdict = v.change.map_or("no verdict".to_string(), |o| {
            format!("change = output {o} ({})", out_addr(o))
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
    if !chain.is_empty() {
        println!("  The chain ({} steps):", chain.len());
        for &c in &chain {
            println!("    {}", l.tx_str(c));
        }
    }
    ExitCode::SUCCESS
}

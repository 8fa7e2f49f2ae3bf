//! `tracelab taint FILE --method M --from ID`: how much of a source's value each
//! address, output and transfer received, by one taint method.

use std::path::Path;
use std::process::ExitCode;

use super::analysis::{print_json, with_case};
use crate::analytics::report::TaintReport;

pub fn run(file: &Path, method: &str, from: &str, asset: Option<&str>, json: bool) -> ExitCode {
    with_case(file, |k| {
        let report = TaintReport::run(k, method, from, asset)?;
        if json {
            print_json(&report.json());
            return Ok(());
        }
        let (k, result, kind) = (&report.k, &report.result, report.kind);
        let method = report.method;
        let fmt = |v| k.fmt(result.asset, v);
        println!("Taint by {} from {kind} {from}", method.as_str());
        println!("{}", method.describe());
        println!(
            "Injected {}; still held {}; paid as fees {}.",
            fmt(result.seeded),
            fmt(result.held),
            fmt(result.total_fees())
        );
        let mut rows = result.per_address();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        println!("\nTainted value received, per address ({}):", rows.len());
        for (a, v) in &rows {
            println!("  {:>28}  {}", fmt(*v), k.addr_str(*a));
        }
        let outputs = result.outputs(k.ix);
        if !outputs.is_empty() {
            println!("\nTainted outputs ({}):", outputs.len());
            for o in &outputs {
                println!(
                    "  {}:{}  {} of {}  → {}",
                    k.tx_str(o.tx),
                    o.vout,
                    fmt(o.tainted),
                    fmt(o.value),
                    k.addr_str(o.address)
                );
            }
        }
        let transfers = result.transfers(k.ix);
        if !transfers.is_empty() {
            println!("\nTainted transfers ({}):", transfers.len());
            for x in &transfers {
                println!(
                    "  {}  {} of {}  {} → {}",
                    k.tx_str(x.tx),
                    fmt(x.tainted),
                    fmt(x.value),
                    k.addr_str(x.from),
                    k.addr_str(x.to)
                );
            }
        }
        Ok(())
    })
}

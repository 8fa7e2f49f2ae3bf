//! `tracelab legs FILE --tx ID`: the pay-outs that may be the other leg of a
//! transaction's pay-in to a bridge, swap service, DEX or mixer, best first.

use std::path::Path;
use std::process::ExitCode;

use super::analysis::{print_json, with_case};
use crate::analytics::report::LegsReport;
use crate::time::format_utc;

pub fn run(file: &Path, tx: &str, json: bool) -> ExitCode {
    with_case(file, |k| {
        let report = LegsReport::run(k, tx)?;
        if json {
            print_json(&report.json());
            return Ok(());
        }
        let (k, p) = (&report.k, &report.pay_in);
        let (kind, index) = k.item(p.tx, p.item);
        println!(
            "Transaction {tx} pays {} to {} ({kind} {index}).",
            k.fmt(p.asset, p.value),
            k.addr_str(p.to)
        );
        let hours = report.params.window_secs / 3600;
        if report.matches.is_empty() {
            println!("No later payment within {hours} h can be its other leg.");
            return Ok(());
        }
        println!(
            "Candidates for the other leg within {hours} h, best first ({}):",
            report.matches.len()
        );
        for (i, m) in report.matches.iter().enumerate() {
            let out = &m.pay_out;
            println!(
                "  {}. {}  → {}  {}  (tx {})\n     {}",
                i + 1,
                format_utc(k.ix.tx_time(out.tx)),
                k.addr_str(out.to),
                k.fmt(out.asset, out.value),
                k.tx_str(out.tx),
                crate::analytics::legs::describe(k.ix, m)
            );
        }
        Ok(())
    })
}

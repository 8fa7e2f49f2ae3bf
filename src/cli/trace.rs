//! `tracelab trace FILE --from A [--hops N] [--method M]`: auto-trace from an
//! address, following the largest (or, with a taint method, the most tainted)
//! outflow until a service, a dead end or the hop limit.

use std::path::Path;
use std::process::ExitCode;

use super::analysis::{print_json, with_case};
use crate::analytics::report::TraceReport;
use crate::time::format_utc;

pub fn run(
    file: &Path,
    from: &str,
    hops: usize,
    method: Option<&str>,
    min: Option<&str>,
    json: bool,
) -> ExitCode {
    with_case(file, |k| {
        let report = TraceReport::run(k, from, hops, method, min)?;
        if json {
            print_json(&report.json());
            return Ok(());
        }
        let (k, trace) = (&report.k, &report.trace);
        println!(
            "Auto-trace from {from}, following the {} outflow:",
            if report.by_taint {
                "most tainted"
            } else {
                "largest"
            }
        );
        for (i, s) in trace.steps.iter().enumerate() {
            println!(
                "  {}. {}  → {}  {}  (tx {})",
                i + 1,
                format_utc(k.ix.tx_time(s.hop.tx)),
                k.addr_str(s.hop.to),
                k.fmt(s.hop.asset, s.hop.value),
                k.tx_str(s.hop.tx)
            );
        }
        println!("Stopped: {}", trace.stop.describe());
        Ok(())
    })
}

//! `tracelab path FILE --from A --to B`: a time-respecting path of payments from
//! one address to another and the value that can have flowed along it.

use std::path::Path;
use std::process::ExitCode;

use super::analysis::{print_json, with_case};
use crate::analytics::report::PathReport;
use crate::time::format_utc;

pub fn run(
    file: &Path,
    from: &str,
    to: &str,
    max_hops: usize,
    through_services: bool,
    json: bool,
) -> ExitCode {
    with_case(file, |k| {
        let report = PathReport::run(k, from, to, max_hops, through_services)?;
        if json {
            print_json(&report.json());
            return Ok(());
        }
        let k = &report.k;
        let Some(p) = &report.found else {
            println!(
                "No path from {from} to {to} within {max_hops} hops that moves forward in time{}.",
                if through_services {
                    ""
                } else {
                    " (service addresses are not passed through; try --through-services)"
                }
            );
            return Ok(());
        };
        println!("Path from {from} to {to} in {} hop(s):", p.hops.len());
        for h in &p.hops {
            println!(
                "  {}  {} → {}  {}  (tx {})",
                format_utc(k.ix.tx_time(h.tx)),
                k.addr_str(h.from),
                k.addr_str(h.to),
                k.fmt(h.asset, h.value),
                k.tx_str(h.tx)
            );
        }
        match p.bottleneck {
            Some(v) => println!(
                "At most {} can have flowed along this path (the smallest hop).",
                k.fmt(p.hops[0].asset, v)
            ),
            None => println!("The hops move different assets, so no single amount can be given."),
        }
        Ok(())
    })
}

//! `tracelab path FILE --from A --to B`: a time-respecting path of payments from
//! one address to another and the value that can have flowed along it.

use std::path::Path;
use std::process::ExitCode;

use serde_json::json;

use super::analysis::{load, print_json};
use crate::analytics::path::{find_path, PathParams};
use crate::time::format_utc;

pub fn run(
    file: &Path,
    from: &str,
    to: &str,
    max_hops: usize,
    through_services: bool,
    json: bool,
) -> ExitCode {
    let l = match load(file) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let (a, b) = match (l.address(from), l.address(to)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let params = PathParams {
        max_hops,
        through_services,
        ..PathParams::default()
    };
    let found = find_path(&l.ix, a, b, &params);
    if json {
        print_json(&json!({
            "from": from,
            "to": to,
            "found": found.is_some(),
            "hops": found.iter().flat_map(|p| &p.hops).map(|h| json!({
                "tx": l.tx_str(h.tx), "from": l.addr_str(h.from), "to": l.addr_str(h.to),
                "value": h.value.to_string(), "asset": l.asset_name(h.asset),
                "time": crate::analytics::synth::rfc3339(l.ix.tx_time(h.tx)),
            })).collect::<Vec<_>>(),
            "bottleneck": found.as_ref().and_then(|p| p.bottleneck).map(|v| v.to_string()),
        }));
        return ExitCode::SUCCESS;
    }
    let Some(p) = found else {
        println!(
            "No path from {from} to {to} within {max_hops} hops that moves forward in time{}.",
            if through_services {
                ""
            } else {
                " (service addresses are not passed through; try --through-services)"
            }
        );
        return ExitCode::SUCCESS;
    };
    println!("Path from {from} to {to} in {} hop(s):", p.hops.len());
    for h in &p.hops {
        println!(
            "  {}  {} → {}  {}  (tx {})",
            format_utc(l.ix.tx_time(h.tx)),
            l.addr_str(h.from),
            l.addr_str(h.to),
            l.fmt(h.asset, h.value),
            l.tx_str(h.tx)
        );
    }
    match p.bottleneck {
        Some(v) => println!(
            "At most {} can have flowed along this path (the smallest hop).",
            l.fmt(p.hops[0].asset, v)
        ),
        None => println!("The hops move different assets, so no single amount can be given."),
    }
    ExitCode::SUCCESS
}

//! `tracelab trace FILE --from A [--hops N] [--method M]`: auto-trace from an
//! address, following the largest (or, with a taint method, the most tainted)
//! outflow until a service, a dead end or the hop limit.

use std::path::Path;
use std::process::ExitCode;

use serde_json::json;

use super::analysis::{invalid, load, print_json};
use crate::analytics::taint::{self, Method, Source};
use crate::analytics::trace::{auto_trace, TraceParams};
use crate::time::format_utc;

pub fn run(file: &Path, from: &str, hops: usize, method: Option<&str>, json: bool) -> ExitCode {
    let l = match load(file) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let a = match l.address(from) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let taint = match method {
        None => None,
        Some(m) => {
            let Some(m) = Method::parse(m) else {
                return invalid(format!("unknown method {m:?}"));
            };
            match taint::run(&l.ix, Source::Address(a), m, None) {
                Ok(t) => Some(t),
                Err(e) => return invalid(e),
            }
        }
    };
    let params = TraceParams {
        max_hops: hops,
        ..TraceParams::default()
    };
    let trace = auto_trace(&l.ix, a, &params, taint.as_ref());
    if json {
        print_json(&json!({
            "from": from,
            "steps": trace.steps.iter().map(|s| json!({
                "tx": l.tx_str(s.hop.tx), "from": l.addr_str(s.hop.from), "to": l.addr_str(s.hop.to),
                "value": s.hop.value.to_string(), "asset": l.asset_name(s.hop.asset),
                "tainted": s.tainted.map(|t| t.to_string()),
            })).collect::<Vec<_>>(),
            "stop": trace.stop.as_str(),
            "reason": trace.stop.describe(),
        }));
        return ExitCode::SUCCESS;
    }
    println!(
        "Auto-trace from {from}, following the {} outflow:",
        if taint.is_some() {
            "most tainted"
        } else {
            "largest"
        }
    );
    for (i, s) in trace.steps.iter().enumerate() {
        println!(
            "  {}. {}  → {}  {}  (tx {})",
            i + 1,
            format_utc(l.ix.tx_time(s.hop.tx)),
            l.addr_str(s.hop.to),
            l.fmt(s.hop.asset, s.hop.value),
            l.tx_str(s.hop.tx)
        );
    }
    println!("Stopped: {}", trace.stop.describe());
    ExitCode::SUCCESS
}

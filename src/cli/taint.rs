//! `tracelab taint FILE --method M --from ID`: how much of a source's value each
//! address, output and transfer received, by one taint method.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use serde_json::json;

use super::analysis::{invalid, load, print_json};
use crate::analytics::taint::{self, Method, Source};

pub fn run(file: &Path, method: &str, from: &str, asset: Option<&str>, json: bool) -> ExitCode {
    let l = match load(file) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let Some(method) = Method::parse(method) else {
        return invalid(format!("unknown method {method:?}"));
    };
    let (source, kind) = if let Some(c) = l.ix.find_output(&l.case, from) {
        (Source::Output(c), "output")
    } else if let Some(t) = l.ix.find_tx(&l.case, from) {
        (Source::Tx(t), "transaction")
    } else if let Some(a) = l.ix.find_address(&l.case, from) {
        (Source::Address(a), "address")
    } else {
        return invalid(format!(
            "{from:?} is neither an address, a transaction id nor an output (txid:vout) of this case"
        ));
    };
    let asset = match asset {
        Some(name) => match l.ix.asset_id(name) {
            Some(a) => Some(a),
            None => return invalid(format!("no asset {name:?} in this case")),
        },
        None => None,
    };
    let result = match taint::run(&l.ix, source, method, asset) {
        Ok(r) => r,
        Err(e) => return invalid(e),
    };
    let per_address: BTreeMap<&str, String> = result
        .per_address()
        .into_iter()
        .map(|(a, v)| (l.addr_str(a), v.to_string()))
        .collect();
    let outputs = result.outputs(&l.ix);
    let transfers = result.transfers(&l.ix);
    if json {
        let doc = json!({
            "method": method.as_str(),
            "source": {"kind": kind, "id": from},
            "asset": l.asset_name(result.asset),
            "seeded": result.seeded.to_string(),
            "held": result.held.to_string(),
            "fees_total": result.total_fees().to_string(),
            "per_address": per_address,
            "outputs": outputs.iter().map(|o| json!({
                "tx": l.tx_str(o.tx), "vout": o.vout, "address": l.addr_str(o.address),
                "value": o.value.to_string(), "tainted": o.tainted.to_string(),
            })).collect::<Vec<_>>(),
            "transfers": transfers.iter().map(|x| json!({
                "tx": l.tx_str(x.tx), "index": x.xfer - l.ix.transfers(x.tx).start,
                "from": l.addr_str(x.from), "to": l.addr_str(x.to),
                "value": x.value.to_string(), "tainted": x.tainted.to_string(),
            })).collect::<Vec<_>>(),
            "fees": result.fees().iter().map(|(t, v)| json!({"tx": l.tx_str(*t), "tainted": v.to_string()})).collect::<Vec<_>>(),
        });
        print_json(&doc);
        return ExitCode::SUCCESS;
    }
    let fmt = |v| l.fmt(result.asset, v);
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
        println!("  {:>28}  {}", fmt(*v), l.addr_str(*a));
    }
    if !outputs.is_empty() {
        println!("\nTainted outputs ({}):", outputs.len());
        for o in &outputs {
            println!(
                "  {}:{}  {} of {}  → {}",
                l.tx_str(o.tx),
                o.vout,
                fmt(o.tainted),
                fmt(o.value),
                l.addr_str(o.address)
            );
        }
    }
    if !transfers.is_empty() {
        println!("\nTainted transfers ({}):", transfers.len());
        for x in &transfers {
            println!(
                "  {}  {} of {}  {} → {}",
                l.tx_str(x.tx),
                fmt(x.tainted),
                fmt(x.value),
                l.addr_str(x.from),
                l.addr_str(x.to)
            );
        }
    }
    ExitCode::SUCCESS
}

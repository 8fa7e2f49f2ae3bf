//! What the app's Tools tab shows, read from the lab worker's reports.
//!
//! The analytics run in the lab worker (`lab`), which answers with the same JSON
//! documents as `tracelab taint|path|trace --json`. This module turns one of
//! those documents into what a trainee reads and what the graph needs: exact
//! amounts in the asset's units, integer percentages, a shade per tainted address,
//! and a trail's transactions and addresses to put on the graph. It is pure and
//! tested natively, so the browser side only draws its answers. Graph keys are
//! [`address_key`]s, as in [`crate::investigation`].

use std::collections::BTreeMap;

use serde_json::Value;

use crate::address::address_key;
use crate::amount::Amount;
use crate::analytics::arith::mul_div;
use crate::ledger::Ledger;

/// One address's share of a taint run.
#[derive(Clone, Debug, PartialEq)]
pub struct TaintRow {
    /// Tainted value received, in base units.
    pub amount: Amount,
    /// The same, in the asset's units with its symbol.
    pub text: String,
    /// Share of the injected value, "12.5 %", by integer arithmetic.
    pub percent: String,
    /// The share as a fraction for the colour only (0 to 1).
    pub shade: f64,
}

/// A taint run as the graph shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct TaintView {
    /// The method's name as the report gives it ("fifo").
    pub method: String,
    /// The value injected at the source, formatted.
    pub seeded: String,
    /// Per address key.
    pub rows: BTreeMap<String, TaintRow>,
}

/// A found path or an auto-trace, ready to be revealed on the graph.
#[derive(Clone, Debug, PartialEq)]
pub struct Trail {
    /// Transaction ids in order.
    pub txs: Vec<String>,
    /// Address keys along the trail, in order, without repeats.
    pub keys: Vec<String>,
    /// One line per hop: "A → B · 1.5 BTC".
    pub hops: Vec<String>,
    /// How the trail ends: the path's largest possible flow or why the trace stopped.
    pub summary: String,
}

/// The elements of the array `field` (none when it is missing).
fn items<'a>(doc: &'a Value, field: &str) -> impl Iterator<Item = &'a Value> {
    doc.get(field)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

fn text<'a>(doc: &'a Value, field: &str) -> &'a str {
    doc.get(field).and_then(Value::as_str).unwrap_or("")
}

fn amount(doc: &Value, field: &str) -> Result<Amount, String> {
    let digits = text(doc, field);
    digits
        .parse::<u128>()
        .map(Amount)
        .map_err(|_| format!("the report's {field} is not an amount: {digits:?}"))
}

/// `part` as a percentage of `whole` with one decimal, by integer arithmetic.
pub fn percent(part: Amount, whole: Amount) -> String {
    match mul_div(part.0, 1000, whole.0) {
        Some((permille, _)) => format!("{}.{} %", permille / 10, permille % 10),
        None => "–".to_string(),
    }
}

/// Reads a `taint` report.
pub fn taint(doc: &Value, ledger: &Ledger) -> Result<TaintView, String> {
    let asset = text(doc, "asset");
    let seeded = amount(doc, "seeded")?;
    let mut rows = BTreeMap::new();
    if let Some(per_address) = doc.get("per_address").and_then(Value::as_object) {
        for (address, value) in per_address {
            let value = value.as_str().unwrap_or("");
            let v = value
                .parse::<u128>()
                .map(Amount)
                .map_err(|_| format!("the report's amount for {address} is {value:?}"))?;
            let shade = if seeded.0 == 0 {
                0.0
            } else {
                (v.0 as f64 / seeded.0 as f64).min(1.0)
            };
            rows.insert(
                address_key(address),
                TaintRow {
                    amount: v,
                    text: ledger.format_amount(asset, v),
                    percent: percent(v, seeded),
                    shade,
                },
            );
        }
    }
    Ok(TaintView {
        method: text(doc, "method").to_string(),
        seeded: ledger.format_amount(asset, seeded),
        rows,
    })
}

/// Reads a `path` report (`hops`, `bottleneck`) or a `trace` report (`steps`,
/// `reason`); `None` when the path search found nothing.
pub fn trail(doc: &Value, ledger: &Ledger) -> Result<Option<Trail>, String> {
    let hops = doc
        .get("hops")
        .or_else(|| doc.get("steps"))
        .and_then(Value::as_array)
        .ok_or("the report has no hops")?;
    if hops.is_empty() && doc.get("found") == Some(&Value::Bool(false)) {
        return Ok(None);
    }
    let mut trail = Trail {
        txs: Vec::new(),
        keys: Vec::new(),
        hops: Vec::new(),
        summary: String::new(),
    };
    for hop in hops {
        let (from, to) = (text(hop, "from"), text(hop, "to"));
        for key in [address_key(from), address_key(to)] {
            if !trail.keys.contains(&key) {
                trail.keys.push(key);
            }
        }
        trail.txs.push(text(hop, "tx").to_string());
        let value = ledger.format_amount(text(hop, "asset"), amount(hop, "value")?);
        trail.hops.push(format!(
            "{} → {} · {value}",
            crate::address::shorten(from),
            crate::address::shorten(to)
        ));
    }
    trail.summary = match (doc.get("reason"), doc.get("bottleneck")) {
        (Some(reason), _) => format!("Stopped: {}", reason.as_str().unwrap_or("")),
        (_, Some(Value::String(v))) => {
            let asset = hops.first().map_or("", |h| text(h, "asset"));
            let v = v.parse::<u128>().map(Amount).unwrap_or(Amount(0));
            format!(
                "At most {} can have flowed along this path (its smallest hop).",
                ledger.format_amount(asset, v)
            )
        }
        _ => "The hops move different assets, so no single amount can be given.".into(),
    };
    Ok(Some(trail))
}

/// Reads a `[cluster, address]` report: the cluster's member addresses.
pub fn cluster(doc: &Value) -> Vec<String> {
    items(doc, "members")
        .filter_map(Value::as_str)
        .map(String::from)
        .collect()
}

/// One finding about a transaction: a heuristic's verdict or a possible other leg.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub title: String,
    pub verdict: String,
    /// Why, in words a trainee can check.
    pub reason: String,
    /// Whether the heuristic reached a verdict (a badge stands out when it did).
    pub decided: bool,
    /// A transaction the trainee can put on the graph (a leg's pay-out).
    pub reveal: Option<String>,
}

/// Reads a `heuristics` report: one finding per change heuristic, then the
/// CoinJoin and peel-chain verdicts.
pub fn heuristics(doc: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    for v in items(doc, "change") {
        let (verdict, decided) = match v.get("change").and_then(Value::as_u64) {
            Some(vout) => (
                format!(
                    "output {vout} is the change ({})",
                    crate::address::shorten(text(v, "address"))
                ),
                true,
            ),
            None => ("no verdict".to_string(), false),
        };
        out.push(Finding {
            title: format!("Change: {}", text(v, "heuristic").replace('_', " ")),
            verdict,
            reason: text(v, "reason").to_string(),
            decided,
            reveal: None,
        });
    }
    for (field, title) in [("coinjoin", "CoinJoin"), ("peel", "Peel chain")] {
        let Some(v) = doc.get(field) else { continue };
        let yes = v.get(field) == Some(&Value::Bool(true));
        out.push(Finding {
            title: title.to_string(),
            verdict: if yes { "yes" } else { "no" }.to_string(),
            reason: text(v, "reason").to_string(),
            decided: yes,
            reveal: None,
        });
    }
    out
}

/// Reads a `legs` report: one finding per candidate pay-out, best first.
pub fn legs(doc: &Value, ledger: &Ledger) -> Result<Vec<Finding>, String> {
    let mut out = Vec::new();
    for c in items(doc, "candidates") {
        let value = ledger.format_amount(text(c, "asset"), amount(c, "value")?);
        let minutes = c.get("delay_secs").and_then(Value::as_u64).unwrap_or(0) / 60;
        out.push(Finding {
            title: format!("{value} to {}", crate::address::shorten(text(c, "to"))),
            verdict: if c.get("paid_by_service").is_some_and(|v| !v.is_null()) {
                format!("{minutes} min later, paid by a service")
            } else {
                format!("{minutes} min later")
            },
            reason: text(c, "why").to_string(),
            decided: true,
            reveal: Some(text(c, "tx").to_string()),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_exact_and_never_divide_by_zero() {
        assert_eq!(percent(Amount(1), Amount(8)), "12.5 %");
        assert_eq!(percent(Amount(2), Amount(3)), "66.6 %");
        assert_eq!(percent(Amount(5), Amount(5)), "100.0 %");
        assert_eq!(percent(Amount(5), Amount(0)), "–");
    }
}

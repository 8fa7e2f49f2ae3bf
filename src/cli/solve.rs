//! `tracelab solve FILE`: the ground truth an instructor projects in the debrief:
//! the solution trail transaction by transaction with its amounts, and every
//! objective's answer. `--json` gives each objective's answer in exactly the shape
//! of the case format's `answer` field.

use std::path::Path;
use std::process::ExitCode;

use serde_json::json;

use crate::amount::format_units_grouped;
use crate::ledger::Ledger;
use crate::scenario::{Answer, ObjectiveKind};

pub fn run(file: &Path, json: bool) -> ExitCode {
    let case = match super::load_case(file) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let ledger = Ledger::new(case);
    let case = &ledger.case;
    let trail: Vec<serde_json::Value> = case
        .solution
        .trail
        .iter()
        .filter_map(|id| ledger.tx_index(id))
        .map(|i| {
            let tx = ledger.tx(i);
            let flows: Vec<_> = moves(&ledger, i)
                .into_iter()
                .map(|(from, to, asset, value)| json!({"from": from, "to": to, "asset": asset, "value": value.to_string()}))
                .collect();
            json!({"tx": tx.id, "chain": tx.chain, "time": tx.time, "block": tx.block, "fee": ledger.fee(i).map(|f| f.to_string()), "moves": flows})
        })
        .collect();
    if json {
        let objectives: Vec<_> = case
            .objectives
            .iter()
            .map(|o| json!({"id": o.id, "kind": o.kind.as_str(), "points": o.points, "answer": o.answer}))
            .collect();
        let doc = json!({
            "id": case.id,
            "trail": trail,
            "key_addresses": case.solution.key_addresses,
            "links": case.links,
            "objectives": objectives,
        });
        println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        return ExitCode::SUCCESS;
    }
    println!("{} — {}\n", case.id, case.title);
    println!(
        "Trail ({} transactions, in the order the money moved):",
        case.solution.trail.len()
    );
    for (n, id) in case.solution.trail.iter().enumerate() {
        let Some(i) = ledger.tx_index(id) else {
            continue;
        };
        let tx = ledger.tx(i);
        println!(
            "{:>3}. {} {} block {} {}",
            n + 1,
            tx.time,
            tx.chain,
            tx.block,
            tx.id
        );
        for (from, to, asset, value) in moves(&ledger, i) {
            println!(
                "       {} → {}: {}",
                from,
                to,
                ledger.format_amount(&asset, value)
            );
        }
    }
    if !case.solution.key_addresses.is_empty() {
        println!("\nKey addresses:");
        for a in &case.solution.key_addresses {
            let owner = ledger
                .address(a)
                .and_then(|e| e.owner.clone())
                .unwrap_or_default();
            println!("  {a} ({owner})");
        }
    }
    println!("\nObjectives:");
    for o in &case.objectives {
        println!(
            "  {} [{}, {} points]: {}",
            o.id,
            o.kind.as_str(),
            o.points,
            answer_text(&ledger, o.kind, o.answer.as_ref())
        );
    }
    ExitCode::SUCCESS
}

/// What a transaction moved: (from, to, asset, value). A UTXO transaction shows
/// its inputs' addresses joined, then each output.
fn moves(ledger: &Ledger, i: usize) -> Vec<(String, String, String, crate::amount::Amount)> {
    let tx = ledger.tx(i);
    if let Some(outputs) = &tx.outputs {
        let senders = ledger.senders(i);
        let from = if tx.coinbase {
            "(coinbase)".to_string()
        } else {
            senders
                .iter()
                .map(|s| ledger.display_address(s).to_string())
                .collect::<Vec<_>>()
                .join(" + ")
        };
        let asset = ledger
            .native_asset(&tx.chain)
            .map(|a| a.id.clone())
            .unwrap_or_default();
        return outputs
            .iter()
            .map(|o| (from.clone(), o.address.clone(), asset.clone(), o.value))
            .collect();
    }
    tx.transfers
        .iter()
        .flatten()
        .map(|t| (t.from.clone(), t.to.clone(), t.asset.clone(), t.value))
        .collect()
}

fn answer_text(ledger: &Ledger, kind: ObjectiveKind, answer: Option<&Answer>) -> String {
    let Some(a) = answer else {
        return "(free text, graded by the instructor)".into();
    };
    match kind {
        ObjectiveKind::Entity => {
            let id = a.entity.clone().unwrap_or_default();
            let name = ledger
                .entity(&id)
                .map(|e| e.name.clone())
                .unwrap_or_default();
            format!("{id} ({name})")
        }
        ObjectiveKind::Address => a.address.clone().unwrap_or_default(),
        ObjectiveKind::AddressSet => a.addresses.clone().unwrap_or_default().join(", "),
        ObjectiveKind::Path => a.addresses.clone().unwrap_or_default().join(" → "),
        ObjectiveKind::Amount => {
            let asset = a.asset.clone().unwrap_or_default();
            let d = ledger.decimals(&asset);
            format!(
                "{} {} (± {})",
                format_units_grouped(a.value.unwrap_or_default(), d),
                ledger.symbol(&asset),
                format_units_grouped(a.tolerance.unwrap_or_default(), d)
            )
        }
        ObjectiveKind::Choice => {
            let options = a.options.clone().unwrap_or_default();
            a.correct
                .iter()
                .flatten()
                .map(|&k| format!("[{k}] {}", options.get(k).cloned().unwrap_or_default()))
                .collect::<Vec<_>>()
                .join("; ")
        }
        ObjectiveKind::Text => "(free text, graded by the instructor)".into(),
    }
}

//! Value rules: coins are spent once and only after they exist, fees are never
//! negative, and no account ever holds less than nothing.
//!
//! Account balances are replayed in time order (time, then block, then file order)
//! from the opening balances, fees first, then each transfer in the order written,
//! so a swap routed through a pool inside one transaction is judged step by step.
//! Only the first overdraft of each address and asset is reported: later ones are
//! usually the same mistake seen again.

use std::borrow::Cow;
use std::collections::HashMap;

use super::path::JsonPath;
use super::validate::Checker;
use super::{ChainModel, Rule};
use crate::address::address_key_ref;
use crate::amount::{format_units, Amount};
use crate::quote::quote;

fn tx_path(i: usize) -> JsonPath {
    JsonPath::root().key("transactions").index(i)
}

pub(super) fn spends(c: &mut Checker) {
    let ledger = c.ledger;
    // (tx id, vout) → index of the transaction that spends it first. Only looked
    // up: the reports follow the transactions' order.
    let mut spent: HashMap<(&str, u32), usize> = HashMap::with_capacity(c.case.transactions.len());
    for (i, tx) in c.case.transactions.iter().enumerate() {
        if ledger.chain_model(&tx.chain) != Some(ChainModel::Utxo) {
            continue;
        }
        for (j, input) in tx.inputs.iter().flatten().enumerate() {
            let (Some(prev), Some(vout)) = (&input.tx, input.vout) else {
                continue;
            };
            let path = tx_path(i).key("inputs").index(j);
            let first = *spent.entry((prev, vout)).or_insert(i);
            if first != i {
                c.report(
                    Rule::DoubleSpend,
                    path.clone(),
                    format!(
                        "output {}:{vout} is already spent by transaction {}",
                        quote(prev),
                        quote(&c.case.transactions[first].id)
                    ),
                );
            }
            let Some(p) = ledger.tx_index(prev) else {
                continue;
            };
            if p == i {
                c.report(
                    Rule::SpendBeforeCreate,
                    path,
                    "a transaction cannot spend its own output",
                );
                continue;
            }
            let (created, spending) = (ledger.order_key(p), ledger.order_key(i));
            if spending.0 < created.0 || spending.1 < created.1 {
                c.report(
                    Rule::SpendBeforeCreate,
                    path,
                    format!(
                        "spends output {}:{vout}, created at {} (block {}), before it existed: this transaction is at {} (block {})",
                        quote(prev), quote(&c.case.transactions[p].time), c.case.transactions[p].block, quote(&tx.time), tx.block
                    ),
                );
            }
        }
        if !tx.coinbase {
            let (ins, outs) = (ledger.input_total(i), ledger.output_total(i));
            if outs > ins {
                let decimals = ledger.native_asset(&tx.chain).map_or(0, |a| a.decimals);
                c.report(
                    Rule::NegativeFee,
                    tx_path(i).key("outputs"),
                    format!(
                        "outputs ({} base units) exceed inputs ({}) by {} = {}: the fee would be negative",
                        outs,
                        ins,
                        outs.0 - ins.0,
                        format_units(Amount(outs.0 - ins.0), decimals)
                    ),
                );
            }
        }
    }
}

pub(super) fn balances(c: &mut Checker) {
    let ledger = c.ledger;
    let mut replay = Replay::default();
    for b in &c.case.opening_balances {
        replay.credit(&b.address, &b.asset, b.value);
    }
    let mut order: Vec<usize> = (0..c.case.transactions.len())
        .filter(|&i| ledger.chain_model(&c.case.transactions[i].chain) == Some(ChainModel::Account))
        .collect();
    crate::sort::sort_by_key(&mut order, |&i| ledger.order_key(i));
    for i in order {
        let tx = &c.case.transactions[i];
        let fee = tx.fee.unwrap_or_default();
        if let (Some(sender), true) = (&tx.sender, fee > Amount::ZERO) {
            match ledger.native_asset(&tx.chain) {
                Some(native) => replay.debit(c, tx_path(i).key("fee"), sender, &native.id, fee, &tx.time),
                None => c.report(
                    Rule::UnresolvedReference,
                    tx_path(i).key("fee"),
                    format!("chain {} has no native asset (an asset without `contract`) to pay the fee in", quote(&tx.chain)),
                ),
            }
        }
        // A transfer of an unknown asset is already reported; replaying it would only
        // add an overdraft of an asset that does not exist.
        let known = tx
            .transfers
            .iter()
            .flatten()
            .enumerate()
            .filter(|(_, tr)| ledger.asset(&tr.asset).is_some());
        for (j, tr) in known {
            let path = tx_path(i).key("transfers").index(j).key("value");
            replay.debit(c, path, &tr.from, &tr.asset, tr.value, &tx.time);
            replay.credit(&tr.to, &tr.asset, tr.value);
        }
    }
}

/// Running balances per (address key, asset), and whether an overdraft of that
/// pair was reported already. Only looked up: reports follow the replay's order.
#[derive(Default)]
struct Replay<'c> {
    held: HashMap<(Cow<'c, str>, &'c str), (Amount, bool)>,
}

impl<'c> Replay<'c> {
    fn credit(&mut self, address: &'c str, asset: &'c str, value: Amount) {
        let slot = self
            .held
            .entry((address_key_ref(address), asset))
            .or_default();
        slot.0 = slot.0.saturating_add(value);
    }

    fn debit(
        &mut self,
        c: &mut Checker,
        path: JsonPath,
        address: &'c str,
        asset: &'c str,
        value: Amount,
        time: &str,
    ) {
        let (held, reported) = self
            .held
            .entry((address_key_ref(address), asset))
            .or_default();
        let have = *held;
        let rest = have.checked_sub(value);
        *held = rest.unwrap_or_default();
        if rest.is_none() && !*reported {
            *reported = true;
            let d = c.ledger.decimals(asset);
            let sym = c.ledger.symbol(asset).to_string();
            c.report(
                Rule::NegativeBalance,
                path,
                format!(
                    "{} holds {} {sym} at {} but this pays out {} {sym}: add an opening balance or an earlier incoming transfer",
                    quote(address),
                    format_units(have, d),
                    quote(time),
                    format_units(value, d)
                ),
            );
        }
    }
}

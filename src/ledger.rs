//! An indexed, read-only view of a case's ledger.
//!
//! The case file is a list of records; investigating needs questions answered fast:
//! which transactions touch this address, who paid whom in this transaction, what is
//! this address's balance. [`Ledger`] builds those indexes once. It is tolerant: it
//! is also used by the validator on files that are not valid yet, so a dangling
//! reference is skipped here (the validator reports it), never a panic.
//!
//! Addresses are indexed by [`address_key`] so that Ethereum's checksum casing does
//! not split one account in two. The indexes are hash maps used for lookups only,
//! never iterated; what is iterated is ordered (sorted vectors, `BTreeMap`s built
//! per question), so the same case always gives the same order, natively and in
//! wasm.
//!
//! Building the indexes of a 100,000-transaction case takes a second or more in
//! the browser, too long for one task on the page's thread. [`LedgerBuilder`]
//! does the same work in steps of a chosen size, so the app can draw and answer
//! between steps; [`Ledger::new`] runs all the steps at once.

use std::collections::{BTreeMap, HashMap};

use crate::address::address_key;
use crate::amount::Amount;
use crate::scenario::{AddressEntry, Asset, ChainModel, Entity, Scenario, Transaction};
use crate::time::{parse_rfc3339, UnixTime};

/// Money moving from one address to another inside one transaction: a UTXO output
/// seen from each of the transaction's input addresses, or an account transfer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flow {
    pub tx: usize,
    /// Address key of the payer, `None` for a coinbase.
    pub from: Option<String>,
    pub to: String,
    pub asset: String,
    pub value: Amount,
}

/// What one address received and sent of one asset.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AssetBalance {
    pub asset: String,
    pub opening: Amount,
    pub received: Amount,
    pub sent: Amount,
    pub fees: Amount,
}

impl AssetBalance {
    /// Opening + received − sent − fees; `None` if the history overdraws.
    pub fn balance(&self) -> Option<Amount> {
        self.opening
            .checked_add(self.received)?
            .checked_sub(self.sent)?
            .checked_sub(self.fees)
    }
}

#[derive(Clone, Debug)]
pub struct Ledger {
    pub case: Scenario,
    // Each map gives the first record with that key (the validator reports
    // duplicates); lookups only.
    addresses: HashMap<String, usize>,
    txs: HashMap<String, usize>,
    entities: HashMap<String, usize>,
    assets: HashMap<String, usize>,
    times: Vec<Option<UnixTime>>,
    /// Address key → its slot in `touching`.
    touched: HashMap<String, usize>,
    /// Per slot, the indices of the transactions touching that address, in time
    /// order.
    touching: Vec<Vec<usize>>,
}

/// Where a [`LedgerBuilder`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Addresses,
    Transactions,
    Touching,
    Sorting,
    Done,
}

/// Builds a [`Ledger`]'s indexes a step at a time; see the module documentation.
pub struct LedgerBuilder {
    ledger: Ledger,
    phase: Phase,
    /// The next item of the phase: an address, a transaction or a list.
    next: usize,
}

fn first_index<'a>(keys: impl Iterator<Item = &'a str>) -> HashMap<String, usize> {
    let mut map = HashMap::new();
    for (i, k) in keys.enumerate() {
        if !map.contains_key(k) {
            map.insert(k.to_string(), i);
        }
    }
    map
}

impl LedgerBuilder {
    pub fn new(case: Scenario) -> LedgerBuilder {
        // The short lists are indexed at once; the long ones in steps.
        let entities = first_index(case.entities.iter().map(|e| e.id.as_str()));
        let assets = first_index(case.assets.iter().map(|a| a.id.as_str()));
        let n = case.transactions.len();
        LedgerBuilder {
            ledger: Ledger {
                addresses: HashMap::with_capacity(case.addresses.len()),
                txs: HashMap::with_capacity(n),
                entities,
                assets,
                times: Vec::with_capacity(n),
                touched: HashMap::new(),
                touching: Vec::new(),
                case,
            },
            phase: Phase::Addresses,
            next: 0,
        }
    }

    /// Items done and in all (addresses, then transactions twice, then lists).
    pub fn progress(&self) -> (u64, u64) {
        let l = &self.ledger;
        let (a, t) = (l.case.addresses.len(), l.case.transactions.len());
        let total = a + 3 * t;
        let done = match self.phase {
            Phase::Addresses => self.next,
            Phase::Transactions => a + self.next,
            Phase::Touching => a + t + self.next,
            // The lists are at most as many as the addresses touched; counted as
            // a share of one pass over the transactions.
            Phase::Sorting => a + 2 * t + self.next * t / l.touching.len().max(1),
            Phase::Done => total,
        };
        (done.min(total) as u64, total as u64)
    }

    /// Does up to `items` items of work; true once the ledger is complete.
    pub fn step(&mut self, items: usize) -> bool {
        let l = &mut self.ledger;
        let start = self.next;
        match self.phase {
            Phase::Addresses => {
                let end = (start + items).min(l.case.addresses.len());
                for i in start..end {
                    let key = address_key(&l.case.addresses[i].address);
                    l.addresses.entry(key).or_insert(i);
                }
                self.advance(end, Phase::Transactions);
            }
            Phase::Transactions => {
                let end = (start + items).min(l.case.transactions.len());
                for i in start..end {
                    let t = &l.case.transactions[i];
                    if !l.txs.contains_key(&t.id) {
                        l.txs.insert(t.id.clone(), i);
                    }
                    l.times.push(parse_rfc3339(&t.time).ok());
                }
                self.advance(end, Phase::Touching);
            }
            Phase::Touching => {
                // Needs every transaction indexed: an input names the one it spends.
                let end = (start + items).min(l.case.transactions.len());
                for i in start..end {
                    let mut parties = l.senders(i);
                    parties.extend(l.receivers(i));
                    crate::sort::sort(&mut parties);
                    parties.dedup();
                    for p in parties {
                        let next_slot = l.touching.len();
                        let slot = *l.touched.entry(p).or_insert(next_slot);
                        if slot == next_slot {
                            l.touching.push(Vec::new());
                        }
                        l.touching[slot].push(i);
                    }
                }
                self.advance(end, Phase::Sorting);
            }
            Phase::Sorting => {
                let end = (start + items).min(l.touching.len());
                for slot in start..end {
                    let mut list = std::mem::take(&mut l.touching[slot]);
                    // In file order already; a case written in time order is
                    // sorted already, and the stable sort checks that in one pass.
                    crate::sort::sort_by_key(&mut list, |&i| l.order_key(i));
                    l.touching[slot] = list;
                }
                self.advance(end, Phase::Done);
            }
            Phase::Done => {}
        }
        self.phase == Phase::Done
    }

    /// Moves to `then` once the phase's items are all done.
    fn advance(&mut self, end: usize, then: Phase) {
        let l = &self.ledger;
        let count = match self.phase {
            Phase::Addresses => l.case.addresses.len(),
            Phase::Transactions | Phase::Touching => l.case.transactions.len(),
            Phase::Sorting => l.touching.len(),
            Phase::Done => 0,
        };
        if end >= count {
            self.phase = then;
            self.next = 0;
        } else {
            self.next = end;
        }
    }

    /// The ledger, after whatever steps are left.
    pub fn finish(mut self) -> Ledger {
        while !self.step(usize::MAX) {}
        self.ledger
    }
}

impl Ledger {
    pub fn new(case: Scenario) -> Ledger {
        LedgerBuilder::new(case).finish()
    }

    /// Sort key that replays the ledger in time order: time, then block, then file order.
    pub fn order_key(&self, tx: usize) -> (UnixTime, u64, usize) {
        let t = &self.case.transactions[tx];
        (self.times[tx].unwrap_or(i64::MIN), t.block, tx)
    }

    pub fn time(&self, tx: usize) -> Option<UnixTime> {
        self.times[tx]
    }

    pub fn tx_index(&self, id: &str) -> Option<usize> {
        self.txs.get(id).copied()
    }

    pub fn tx(&self, index: usize) -> &Transaction {
        &self.case.transactions[index]
    }

    pub fn address(&self, address: &str) -> Option<&AddressEntry> {
        self.addresses
            .get(&address_key(address))
            .map(|&i| &self.case.addresses[i])
    }

    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities.get(id).map(|&i| &self.case.entities[i])
    }

    pub fn asset(&self, id: &str) -> Option<&Asset> {
        self.assets.get(id).map(|&i| &self.case.assets[i])
    }

    pub fn chain_model(&self, chain_id: &str) -> Option<ChainModel> {
        self.case
            .chains
            .iter()
            .find(|c| c.id == chain_id)
            .map(|c| c.model)
    }

    /// The chain's own coin: its asset without a contract.
    pub fn native_asset(&self, chain_id: &str) -> Option<&Asset> {
        self.case
            .assets
            .iter()
            .find(|a| a.chain == chain_id && a.contract.is_none())
    }

    /// The address as the case file spells it (checksum casing kept).
    pub fn display_address<'a>(&'a self, key: &'a str) -> &'a str {
        self.address(key).map_or(key, |a| a.address.as_str())
    }

    /// Transactions touching an address, in time order.
    pub fn txs_of(&self, address: &str) -> &[usize] {
        self.touched
            .get(&address_key(address))
            .map_or(&[], |&slot| self.touching[slot].as_slice())
    }

    /// The address and value an input spends, resolving `{tx, vout}` references.
    pub fn input_coin(&self, tx: usize, input: usize) -> Option<(String, Amount)> {
        let inp = self.tx(tx).inputs.as_ref()?.get(input)?;
        if let (Some(prev), Some(vout)) = (&inp.tx, inp.vout) {
            let prev = self.tx(self.tx_index(prev)?);
            let out = prev.outputs.as_ref()?.get(vout as usize)?;
            return Some((address_key(&out.address), out.value));
        }
        Some((address_key(inp.address.as_ref()?), inp.value?))
    }

    /// Address keys that pay in a transaction (input owners, or sender and `from`s).
    pub fn senders(&self, tx: usize) -> Vec<String> {
        let t = self.tx(tx);
        let mut out: Vec<String> = match &t.inputs {
            Some(inputs) => (0..inputs.len())
                .filter_map(|i| self.input_coin(tx, i).map(|(a, _)| a))
                .collect(),
            None => Vec::new(),
        };
        out.extend(t.sender.iter().map(|s| address_key(s)));
        out.extend(t.transfers.iter().flatten().map(|tr| address_key(&tr.from)));
        crate::sort::sort(&mut out);
        out.dedup();
        out
    }

    /// Address keys that receive in a transaction.
    pub fn receivers(&self, tx: usize) -> Vec<String> {
        let t = self.tx(tx);
        let mut out: Vec<String> = t
            .outputs
            .iter()
            .flatten()
            .map(|o| address_key(&o.address))
            .chain(t.transfers.iter().flatten().map(|tr| address_key(&tr.to)))
            .collect();
        crate::sort::sort(&mut out);
        out.dedup();
        out
    }

    /// Sum of a UTXO transaction's resolvable inputs.
    pub fn input_total(&self, tx: usize) -> Amount {
        let n = self.tx(tx).inputs.as_ref().map_or(0, Vec::len);
        (0..n)
            .filter_map(|i| self.input_coin(tx, i))
            .fold(Amount::ZERO, |acc, (_, v)| acc.saturating_add(v))
    }

    pub fn output_total(&self, tx: usize) -> Amount {
        self.tx(tx)
            .outputs
            .iter()
            .flatten()
            .fold(Amount::ZERO, |acc, o| acc.saturating_add(o.value))
    }

    /// The fee: inputs − outputs for UTXO (`None` if negative), `fee` for accounts.
    pub fn fee(&self, tx: usize) -> Option<Amount> {
        let t = self.tx(tx);
        match self.chain_model(&t.chain) {
            Some(ChainModel::Utxo) if t.coinbase => Some(Amount::ZERO),
            Some(ChainModel::Utxo) => self.input_total(tx).checked_sub(self.output_total(tx)),
            _ => Some(t.fee.unwrap_or_default()),
        }
    }

    /// Who paid whom in a transaction. A UTXO output is seen from each distinct
    /// input address, valued at the output's value; the inspector shows the exact
    /// inputs and outputs.
    pub fn flows(&self, tx: usize) -> Vec<Flow> {
        let t = self.tx(tx);
        if let Some(outputs) = &t.outputs {
            let asset = self
                .native_asset(&t.chain)
                .map_or_else(String::new, |a| a.id.clone());
            let payers = self.senders(tx);
            let payers: Vec<Option<String>> = if payers.is_empty() {
                vec![None]
            } else {
                payers.into_iter().map(Some).collect()
            };
            let mut flows = Vec::new();
            for out in outputs {
                for payer in &payers {
                    flows.push(Flow {
                        tx,
                        from: payer.clone(),
                        to: address_key(&out.address),
                        asset: asset.clone(),
                        value: out.value,
                    });
                }
            }
            return flows;
        }
        t.transfers
            .iter()
            .flatten()
            .map(|tr| Flow {
                tx,
                from: Some(address_key(&tr.from)),
                to: address_key(&tr.to),
                asset: tr.asset.clone(),
                value: tr.value,
            })
            .collect()
    }

    /// Per-asset totals for an address over the whole case.
    pub fn balances(&self, address: &str) -> Vec<AssetBalance> {
        let key = address_key(address);
        let mut by_asset: BTreeMap<String, AssetBalance> = BTreeMap::new();
        fn entry<'m>(
            map: &'m mut BTreeMap<String, AssetBalance>,
            asset: &str,
        ) -> &'m mut AssetBalance {
            map.entry(asset.to_string())
                .or_insert_with(|| AssetBalance {
                    asset: asset.to_string(),
                    ..AssetBalance::default()
                })
        }
        for b in &self.case.opening_balances {
            if address_key(&b.address) == key {
                let e = entry(&mut by_asset, &b.asset);
                e.opening = e.opening.saturating_add(b.value);
            }
        }
        for &tx in self.txs_of(&key) {
            let t = self.tx(tx);
            let native = self.native_asset(&t.chain).map(|a| a.id.clone());
            if let Some(inputs) = &t.inputs {
                for i in 0..inputs.len() {
                    if let (Some((a, v)), Some(n)) = (self.input_coin(tx, i), &native) {
                        if a == key {
                            let e = entry(&mut by_asset, n);
                            e.sent = e.sent.saturating_add(v);
                        }
                    }
                }
            }
            if let Some(sender) = &t.sender {
                if address_key(sender) == key {
                    if let (Some(fee), Some(n)) = (t.fee, &native) {
                        let e = entry(&mut by_asset, n);
                        e.fees = e.fees.saturating_add(fee);
                    }
                }
            }
            if t.outputs.is_some() {
                for out in t.outputs.iter().flatten() {
                    if let (true, Some(n)) = (address_key(&out.address) == key, &native) {
                        let e = entry(&mut by_asset, n);
                        e.received = e.received.saturating_add(out.value);
                    }
                }
            }
            for tr in t.transfers.iter().flatten() {
                if address_key(&tr.from) == key {
                    let e = entry(&mut by_asset, &tr.asset);
                    e.sent = e.sent.saturating_add(tr.value);
                }
                if address_key(&tr.to) == key {
                    let e = entry(&mut by_asset, &tr.asset);
                    e.received = e.received.saturating_add(tr.value);
                }
            }
        }
        by_asset.into_values().collect()
    }

    /// What one transaction did to one address, per asset: (asset, received, sent).
    /// Fees are not included; they are shown with the transaction.
    pub fn effect_on(&self, tx: usize, address: &str) -> Vec<(String, Amount, Amount)> {
        let key = address_key(address);
        let t = self.tx(tx);
        let mut by_asset: BTreeMap<String, (Amount, Amount)> = BTreeMap::new();
        if let Some(native) = self.native_asset(&t.chain).filter(|_| t.outputs.is_some()) {
            let n = t.inputs.as_ref().map_or(0, Vec::len);
            let sent = (0..n)
                .filter_map(|i| self.input_coin(tx, i))
                .filter(|(a, _)| *a == key)
                .fold(Amount::ZERO, |acc, (_, v)| acc.saturating_add(v));
            let received = t
                .outputs
                .iter()
                .flatten()
                .filter(|o| address_key(&o.address) == key)
                .fold(Amount::ZERO, |acc, o| acc.saturating_add(o.value));
            by_asset.insert(native.id.clone(), (received, sent));
        }
        for tr in t.transfers.iter().flatten() {
            let slot = by_asset.entry(tr.asset.clone()).or_default();
            if address_key(&tr.to) == key {
                slot.0 = slot.0.saturating_add(tr.value);
            }
            if address_key(&tr.from) == key {
                slot.1 = slot.1.saturating_add(tr.value);
            }
        }
        by_asset.into_iter().map(|(a, (r, s))| (a, r, s)).collect()
    }

    /// `1,234.5 USDT`: an amount with its asset's decimals and symbol.
    pub fn format_amount(&self, asset: &str, value: Amount) -> String {
        format!(
            "{} {}",
            crate::amount::format_units_grouped(value, self.decimals(asset)),
            self.symbol(asset)
        )
    }

    /// The decimals of an asset, 0 when unknown.
    pub fn decimals(&self, asset: &str) -> u8 {
        self.asset(asset).map_or(0, |a| a.decimals)
    }

    pub fn symbol<'a>(&'a self, asset: &'a str) -> &'a str {
        self.asset(asset).map_or(asset, |a| a.symbol.as_str())
    }
}

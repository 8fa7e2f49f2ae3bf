//! An indexed, read-only view of a case's ledger.
//!
//! The case file is a list of records; investigating needs questions answered fast:
//! which transactions touch this address, who paid whom in this transaction, what is
//! this address's balance. [`Ledger`] builds those indexes once. It is tolerant: it
//! is also used by the validator on files that are not valid yet, so a dangling
//! reference is skipped here (the validator reports it), never a panic.
//!
//! Addresses are indexed by [`address_key`] so that Ethereum's checksum casing does
//! not split one account in two. Ids, transaction hashes and addresses are found
//! through hash maps, which are only looked up and never iterated; everything
//! that is listed (a transaction's parties, an address's transactions in time
//! order, balances per asset) comes from vectors in a fixed order, so the same
//! case always gives the same answers in the same order, natively and in wasm.
//!
//! Validation builds a ledger for every case it checks, up to hundreds of
//! thousands of transactions, so building is a few linear passes: every address
//! is interned to a dense id once, and who takes part in what is kept as offsets
//! into flat arrays (CSR) rather than a map of vectors.

use std::collections::{BTreeMap, HashMap};

use crate::address::{address_key, address_key_ref};
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
    txs: HashMap<String, usize>,
    entities: HashMap<String, usize>,
    assets: HashMap<String, usize>,
    times: Vec<Option<UnixTime>>,
    parties: Parties,
}

/// Every address of the case by an interned id (each address key that is listed,
/// pays or receives gets one), and who takes part in which transaction, stored
/// CSR-style: offsets into one flat array instead of a vector per transaction or
/// address. One table serves both questions, so a large case hashes each address
/// once.
#[derive(Clone, Debug, Default)]
struct Parties {
    ids: HashMap<String, usize>,
    /// Id → address key.
    keys: Vec<String>,
    /// Id → the address's first entry in `case.addresses`, if it is listed.
    listed: Vec<Option<usize>>,
    /// Transaction `t`'s payers are `of_tx[tx_start[t]..tx_mid[t]]`, its payees
    /// `of_tx[tx_mid[t]..tx_start[t + 1]]`, each list without repeats.
    tx_start: Vec<usize>,
    tx_mid: Vec<usize>,
    of_tx: Vec<usize>,
    /// Address `a` takes part in `of_address[address_start[a]..address_start[a + 1]]`,
    /// in time order, each transaction once.
    address_start: Vec<usize>,
    of_address: Vec<usize>,
}

/// Maps each id to the index of its first occurrence.
fn first_index(ids: impl ExactSizeIterator<Item = String>) -> HashMap<String, usize> {
    let mut map = HashMap::with_capacity(ids.len());
    for (i, id) in ids.enumerate() {
        map.entry(id).or_insert(i);
    }
    map
}

impl Ledger {
    pub fn new(case: Scenario) -> Ledger {
        let txs = first_index(case.transactions.iter().map(|t| t.id.clone()));
        let entities = first_index(case.entities.iter().map(|e| e.id.clone()));
        let assets = first_index(case.assets.iter().map(|a| a.id.clone()));
        let times = case
            .transactions
            .iter()
            .map(|t| parse_rfc3339(&t.time).ok())
            .collect();
        let mut ledger = Ledger {
            case,
            txs,
            entities,
            assets,
            times,
            parties: Parties::default(),
        };
        ledger.parties = ledger.index_parties();
        ledger
    }

    /// Interns every payer and payee, lists them per transaction, then lists each
    /// address's transactions by walking the transactions once in time order.
    fn index_parties(&self) -> Parties {
        let n = self.case.transactions.len();
        let mut p = Parties {
            // Most parties are listed addresses: room for them all at once.
            ids: HashMap::with_capacity(self.case.addresses.len()),
            keys: Vec::with_capacity(self.case.addresses.len()),
            listed: Vec::with_capacity(self.case.addresses.len()),
            tx_start: Vec::with_capacity(n + 1),
            tx_mid: Vec::with_capacity(n),
            ..Parties::default()
        };
        for (i, entry) in self.case.addresses.iter().enumerate() {
            let id = p.intern(&entry.address);
            p.listed[id].get_or_insert(i);
        }
        for t in 0..n {
            let tx = self.tx(t);
            let start = p.of_tx.len();
            p.tx_start.push(start);
            for i in 0..tx.inputs.as_ref().map_or(0, Vec::len) {
                if let Some((address, _)) = self.coin(t, i) {
                    let id = p.intern(address);
                    p.of_tx.push(id);
                }
            }
            for address in tx
                .sender
                .iter()
                .chain(tx.transfers.iter().flatten().map(|tr| &tr.from))
            {
                let id = p.intern(address);
                p.of_tx.push(id);
            }
            dedup_tail(&mut p.of_tx, start);
            let mid = p.of_tx.len();
            p.tx_mid.push(mid);
            let payees = tx
                .outputs
                .iter()
                .flatten()
                .map(|o| &o.address)
                .chain(tx.transfers.iter().flatten().map(|tr| &tr.to));
            for address in payees {
                let id = p.intern(address);
                p.of_tx.push(id);
            }
            dedup_tail(&mut p.of_tx, mid);
        }
        p.tx_start.push(p.of_tx.len());
        // Each address's transactions: counted, then filled in time order.
        let mut order: Vec<usize> = (0..n).collect();
        crate::sort::sort_by_key(&mut order, |&t| self.order_key(t));
        let mut count = vec![0usize; p.keys.len() + 1];
        let mut seen = vec![usize::MAX; p.keys.len()];
        for &t in &order {
            for &id in p.all_of(t) {
                if seen[id] != t {
                    seen[id] = t;
                    count[id + 1] += 1;
                }
            }
        }
        for a in 0..p.keys.len() {
            count[a + 1] += count[a];
        }
        let mut next = count.clone();
        let mut of_address = vec![0; count[p.keys.len()]];
        seen.fill(usize::MAX);
        for &t in &order {
            for &id in p.all_of(t) {
                if seen[id] != t {
                    seen[id] = t;
                    of_address[next[id]] = t;
                    next[id] += 1;
                }
            }
        }
        p.of_address = of_address;
        p.address_start = count;
        p
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
        let id = self.address_id(address)?;
        self.parties.listed[id].map(|i| &self.case.addresses[i])
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
        self.address_id(address)
            .map_or(&[], |id| self.parties.txs_of(id))
    }

    /// The interned id of an address the case lists or that pays or receives.
    pub(crate) fn address_id(&self, address: &str) -> Option<usize> {
        self.parties
            .ids
            .get(address_key_ref(address).as_ref())
            .copied()
    }

    /// How many addresses have an id (ids are below this).
    pub(crate) fn address_count(&self) -> usize {
        self.parties.keys.len()
    }

    /// The address key of an id.
    fn key_of(&self, id: usize) -> &str {
        &self.parties.keys[id]
    }

    /// The ids of everyone who pays or receives in a transaction (an address that
    /// does both is there twice).
    pub(crate) fn party_ids(&self, tx: usize) -> &[usize] {
        self.parties.all_of(tx)
    }

    /// Transactions touching the address with this id, in time order.
    pub(crate) fn txs_of_id(&self, id: usize) -> &[usize] {
        self.parties.txs_of(id)
    }

    /// The address (as written) and value an input spends, without copying.
    fn coin(&self, tx: usize, input: usize) -> Option<(&str, Amount)> {
        let inp = self.tx(tx).inputs.as_ref()?.get(input)?;
        if let (Some(prev), Some(vout)) = (&inp.tx, inp.vout) {
            let prev = self.tx(self.tx_index(prev)?);
            let out = prev.outputs.as_ref()?.get(vout as usize)?;
            return Some((&out.address, out.value));
        }
        Some((inp.address.as_ref()?, inp.value?))
    }

    /// The address and value an input spends, resolving `{tx, vout}` references.
    pub fn input_coin(&self, tx: usize, input: usize) -> Option<(String, Amount)> {
        self.coin(tx, input).map(|(a, v)| (address_key(a), v))
    }

    /// Address keys that pay in a transaction (input owners, or sender and `from`s).
    pub fn senders(&self, tx: usize) -> Vec<String> {
        let p = &self.parties;
        self.keys_sorted(&p.of_tx[p.tx_start[tx]..p.tx_mid[tx]])
    }

    /// Address keys that receive in a transaction.
    pub fn receivers(&self, tx: usize) -> Vec<String> {
        let p = &self.parties;
        self.keys_sorted(&p.of_tx[p.tx_mid[tx]..p.tx_start[tx + 1]])
    }

    fn keys_sorted(&self, ids: &[usize]) -> Vec<String> {
        let mut out: Vec<String> = ids.iter().map(|&id| self.key_of(id).to_string()).collect();
        crate::sort::sort(&mut out);
        out
    }

    /// Sum of a UTXO transaction's resolvable inputs.
    pub fn input_total(&self, tx: usize) -> Amount {
        let n = self.tx(tx).inputs.as_ref().map_or(0, Vec::len);
        (0..n)
            .filter_map(|i| self.coin(tx, i))
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

impl Parties {
    /// The id of an address's key, given on first sight.
    fn intern(&mut self, address: &str) -> usize {
        let key = address_key_ref(address);
        if let Some(&id) = self.ids.get(key.as_ref()) {
            return id;
        }
        let id = self.keys.len();
        self.ids.insert(key.to_string(), id);
        self.keys.push(key.into_owned());
        self.listed.push(None);
        id
    }

    fn all_of(&self, tx: usize) -> &[usize] {
        &self.of_tx[self.tx_start[tx]..self.tx_start[tx + 1]]
    }

    fn txs_of(&self, id: usize) -> &[usize] {
        &self.of_address[self.address_start[id]..self.address_start[id + 1]]
    }
}

/// Sorts `v[from..]` and drops repeats there, leaving `v[..from]` as it is.
fn dedup_tail(v: &mut Vec<usize>, from: usize) {
    crate::sort::sort_unstable(&mut v[from..]);
    let mut kept = from;
    for i in from..v.len() {
        if kept == from || v[i] != v[kept - 1] {
            v[kept] = v[i];
            kept += 1;
        }
    }
    v.truncate(kept);
}

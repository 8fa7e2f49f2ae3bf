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

/// Where a [`LedgerBuilder`] is. Each phase walks one list, a step at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Transaction ids and times.
    Transactions,
    /// Every listed address gets its id.
    Listed,
    /// Each transaction's payers and payees (needs every transaction indexed:
    /// an input names the one it spends).
    Parties,
    /// How many transactions each address takes part in, in time order.
    Count,
    /// Each address's transactions, in time order.
    Fill,
    Done,
}

/// Builds a [`Ledger`]'s indexes a step at a time: the same passes as
/// [`Ledger::new`], cut wherever the caller likes, so that a page can draw
/// between steps while a 100,000-transaction case is indexed.
pub struct LedgerBuilder {
    ledger: Ledger,
    phase: Phase,
    /// The next item of the phase.
    next: usize,
    /// The transactions in time order (from the end of `Parties` on).
    order: Vec<usize>,
    /// Per address id, the last transaction counted or filled (each once).
    seen: Vec<usize>,
    /// Per address id, where its next transaction goes (while filling).
    cursor: Vec<usize>,
}

impl LedgerBuilder {
    pub fn new(case: Scenario) -> LedgerBuilder {
        let entities = first_index(case.entities.iter().map(|e| e.id.clone()));
        let assets = first_index(case.assets.iter().map(|a| a.id.clone()));
        let (n, listed) = (case.transactions.len(), case.addresses.len());
        let parties = Parties {
            // Most parties are listed addresses: room for them all at once.
            ids: HashMap::with_capacity(listed),
            keys: Vec::with_capacity(listed),
            listed: Vec::with_capacity(listed),
            tx_start: Vec::with_capacity(n + 1),
            tx_mid: Vec::with_capacity(n),
            ..Parties::default()
        };
        LedgerBuilder {
            ledger: Ledger {
                txs: HashMap::with_capacity(n),
                entities,
                assets,
                times: Vec::with_capacity(n),
                parties,
                case,
            },
            phase: Phase::Transactions,
            next: 0,
            order: Vec::new(),
            seen: Vec::new(),
            cursor: Vec::new(),
        }
    }

    /// Items done and in all: the transactions four times over, the listed
    /// addresses once.
    pub fn progress(&self) -> (u64, u64) {
        let (n, a) = (
            self.ledger.case.transactions.len(),
            self.ledger.case.addresses.len(),
        );
        let total = 4 * n + a;
        let done = match self.phase {
            Phase::Transactions => self.next,
            Phase::Listed => n + self.next,
            Phase::Parties => n + a + self.next,
            Phase::Count => 2 * n + a + self.next,
            Phase::Fill => 3 * n + a + self.next,
            Phase::Done => total,
        };
        (done as u64, total as u64)
    }

    /// Does up to `items` items of work; true once the ledger is complete.
    pub fn step(&mut self, items: usize) -> bool {
        let n = self.ledger.case.transactions.len();
        let start = self.next;
        let (end, length) = match self.phase {
            Phase::Listed => {
                let length = self.ledger.case.addresses.len();
                (start.saturating_add(items).min(length), length)
            }
            Phase::Done => return true,
            _ => (start.saturating_add(items).min(n), n),
        };
        let l = &mut self.ledger;
        match self.phase {
            Phase::Transactions => {
                for t in &l.case.transactions[start..end] {
                    if !l.txs.contains_key(&t.id) {
                        l.txs.insert(t.id.clone(), l.times.len());
                    }
                    l.times.push(parse_rfc3339(&t.time).ok());
                }
            }
            Phase::Listed => {
                for i in start..end {
                    let id = l.parties.intern(&l.case.addresses[i].address);
                    l.parties.listed[id].get_or_insert(i);
                }
            }
            Phase::Parties => {
                let p = &mut l.parties;
                for t in start..end {
                    let (payers, payees) = parties_of(&l.case, &l.txs, t);
                    p.tx_start.push(p.of_tx.len());
                    let from = p.of_tx.len();
                    for address in payers {
                        let id = p.intern(address);
                        p.of_tx.push(id);
                    }
                    dedup_tail(&mut p.of_tx, from);
                    let mid = p.of_tx.len();
                    p.tx_mid.push(mid);
                    for address in payees {
                        let id = p.intern(address);
                        p.of_tx.push(id);
                    }
                    dedup_tail(&mut p.of_tx, mid);
                }
            }
            Phase::Count => {
                let (p, seen) = (&mut l.parties, &mut self.seen);
                for &t in &self.order[start..end] {
                    for k in p.tx_start[t]..p.tx_start[t + 1] {
                        let id = p.of_tx[k];
                        if seen[id] != t {
                            seen[id] = t;
                            p.address_start[id + 1] += 1;
                        }
                    }
                }
            }
            Phase::Fill => {
                let (p, seen, cursor) = (&mut l.parties, &mut self.seen, &mut self.cursor);
                for &t in &self.order[start..end] {
                    for k in p.tx_start[t]..p.tx_start[t + 1] {
                        let id = p.of_tx[k];
                        if seen[id] != t {
                            seen[id] = t;
                            p.of_address[cursor[id]] = t;
                            cursor[id] += 1;
                        }
                    }
                }
            }
            Phase::Done => {}
        }
        if end < length {
            self.next = end;
        } else {
            self.next = 0;
            self.finish_phase();
        }
        self.phase == Phase::Done
    }

    /// The work between two phases (each one pass over a short list or a sort).
    fn finish_phase(&mut self) {
        let p = &mut self.ledger.parties;
        self.phase = match self.phase {
            Phase::Transactions => Phase::Listed,
            Phase::Listed => Phase::Parties,
            Phase::Parties => {
                p.tx_start.push(p.of_tx.len());
                let ledger = &self.ledger;
                let mut order: Vec<usize> = (0..ledger.case.transactions.len()).collect();
                crate::sort::sort_by_key(&mut order, |&t| ledger.order_key(t));
                self.order = order;
                let ids = self.ledger.parties.keys.len();
                self.ledger.parties.address_start = vec![0; ids + 1];
                self.seen = vec![usize::MAX; ids];
                Phase::Count
            }
            Phase::Count => {
                let starts = &mut p.address_start;
                for a in 1..starts.len() {
                    starts[a] += starts[a - 1];
                }
                p.of_address = vec![0; starts.last().copied().unwrap_or(0)];
                self.cursor = starts.clone();
                self.seen.fill(usize::MAX);
                Phase::Fill
            }
            Phase::Fill | Phase::Done => Phase::Done,
        };
        // A phase over an empty list ends at once.
        if self.phase != Phase::Done && self.phase_length() == 0 {
            self.finish_phase();
        }
    }

    fn phase_length(&self) -> usize {
        match self.phase {
            Phase::Listed => self.ledger.case.addresses.len(),
            Phase::Done => 0,
            _ => self.ledger.case.transactions.len(),
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
        coin(&self.case, &self.txs, tx, input)
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

/// The address (as written) and value input `input` of transaction `tx` spends,
/// resolving `{tx, vout}` through the transaction index `txs`.
fn coin<'c>(
    case: &'c Scenario,
    txs: &HashMap<String, usize>,
    tx: usize,
    input: usize,
) -> Option<(&'c str, Amount)> {
    let inp = case.transactions[tx].inputs.as_ref()?.get(input)?;
    if let (Some(prev), Some(vout)) = (&inp.tx, inp.vout) {
        let prev = &case.transactions[*txs.get(prev.as_str())?];
        let out = prev.outputs.as_ref()?.get(vout as usize)?;
        return Some((&out.address, out.value));
    }
    Some((inp.address.as_ref()?, inp.value?))
}

/// The addresses (as written) that pay and that are paid in transaction `t`.
fn parties_of<'c>(
    case: &'c Scenario,
    txs: &HashMap<String, usize>,
    t: usize,
) -> (Vec<&'c str>, Vec<&'c str>) {
    let tx = &case.transactions[t];
    let inputs = (0..tx.inputs.as_ref().map_or(0, Vec::len))
        .filter_map(|i| coin(case, txs, t, i).map(|(address, _)| address));
    let payers = inputs
        .chain(tx.sender.iter().map(String::as_str))
        .chain(tx.transfers.iter().flatten().map(|tr| tr.from.as_str()))
        .collect();
    let payees = tx
        .outputs
        .iter()
        .flatten()
        .map(|o| o.address.as_str())
        .chain(tx.transfers.iter().flatten().map(|tr| tr.to.as_str()))
        .collect();
    (payers, payees)
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

//! The analytics index: a case's ledger as dense integer arrays.
//!
//! Every analytic in this module works on [`Index`], built once from a
//! [`Scenario`]. Addresses, transactions, UTXO coins (outputs) and account
//! transfers become dense `u32` ids, and the structure is stored CSR-style
//! (compressed sparse rows): one flat array per kind of record plus an offsets
//! array per owner, so the hot loops (taint, clustering) touch contiguous memory,
//! never a `String`, and never allocate per transaction.
//!
//! - Transactions are numbered in replay order (time, then block, then position in
//!   the file), the same order as [`crate::ledger::Ledger::order_key`]. A smaller
//!   [`TxId`] is never later, so "forward in time" is "upwards in id".
//! - A UTXO transaction owns a range of input slots (each naming the [`CoinId`] it
//!   spends) and a range of coins (its outputs, `vout` order). An input that brings
//!   a coin from before the case window (`{address, value}`) gets a coin of its own
//!   with no creating transaction ("external" coins, numbered after all outputs).
//! - An account transaction owns a range of transfers; the fee is stored as one
//!   more transfer from the sender to nobody ([`NONE`]), in the native asset, after
//!   the real ones.
//! - Each address has its events (coins it received; transfers it sent or
//!   received) in time order, for path search and auto-trace.
//!
//! Amounts are stored in 64 bits with an exact escape to a side table for the rare
//! value that does not fit, so nothing is rounded and the common case is small.
//! The index keeps no address or transaction *text*: names are read back from the
//! case on demand (`address_str`, `find_address`), which keeps the memory overhead
//! below 100 bytes per transaction (see `docs/performance.md`). Looking a name up
//! is a linear scan, fine for the one lookup per user action.
//!
//! Like [`crate::ledger::Ledger`], building is tolerant: dangling references (an
//! input spending an unknown or later output, a second spend of one output, an
//! unknown asset) are dropped, never a panic. The validator reports them.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::address::address_key;
use crate::amount::Amount;
use crate::scenario::{Category, ChainModel, Scenario};
use crate::time::{parse_rfc3339, UnixTime};

/// A transaction, numbered in replay (time) order.
pub type TxId = u32;
/// A UTXO coin: a transaction output, or an external coin brought in by an input.
pub type CoinId = u32;
/// An address (by [`address_key`], so checksum casing never splits one).
pub type AddrId = u32;
/// An account-chain transfer (or a transaction's fee, paid to nobody).
pub type XferId = u32;
/// An asset, by its position in the case's `assets`.
pub type AssetId = u16;

/// "No such thing": an unspent coin's spender, a fee's recipient, an unresolved input.
pub const NONE: u32 = u32::MAX;
const NO_CHAIN: u8 = u8::MAX;
const NO_ASSET: AssetId = AssetId::MAX;
const NO_CATEGORY: u8 = u8::MAX;
const TRANSFER_BIT: u32 = 1 << 31;
const SPOT_EXTRA: u32 = 1 << 31;
const FLAG_UTXO: u8 = 1;
const FLAG_COINBASE: u8 = 2;

/// Amounts in 64 bits, with an exact side table for the few that need more.
#[derive(Clone, Debug, Default)]
pub(crate) struct Values {
    small: Vec<u64>,
    big: BTreeMap<u32, u128>,
}

impl Values {
    fn push(&mut self, v: u128) {
        let i = self.small.len() as u32;
        match u64::try_from(v) {
            Ok(v) if v != u64::MAX => self.small.push(v),
            _ => {
                self.small.push(u64::MAX);
                self.big.insert(i, v);
            }
        }
    }

    #[inline]
    pub(crate) fn get(&self, i: u32) -> u128 {
        match self.small[i as usize] {
            u64::MAX => self.big.get(&i).copied().unwrap_or(0),
            v => u128::from(v),
        }
    }

    fn heap_bytes(&self) -> usize {
        // A B-tree entry costs its key and value plus roughly the same again in nodes.
        self.small.capacity() * 8 + self.big.len() * 2 * (4 + 16)
    }
}

/// A chain of the case.
#[derive(Clone, Debug)]
pub struct ChainInfo {
    pub id: String,
    pub model: ChainModel,
}

/// An asset of the case.
#[derive(Clone, Debug)]
pub struct AssetInfo {
    pub id: String,
    pub symbol: String,
    pub decimals: u8,
    /// Position of the asset's chain in [`Index::chains`], if the chain exists.
    pub chain: Option<u8>,
    /// The chain's own coin (no token contract).
    pub native: bool,
}

/// Where the text of an address can be read back from the case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Spot {
    Listed(u32),
    Balance(u32),
    Output(u32, u32),
    ExtInput(u32, u32),
    Sender(u32),
    From(u32, u32),
    To(u32, u32),
}

impl Spot {
    fn pack(self) -> u64 {
        let (kind, a, b) = match self {
            Spot::Listed(i) => (0, i, 0),
            Spot::Balance(i) => (1, i, 0),
            Spot::Output(t, k) => (2, t, k),
            Spot::ExtInput(t, k) => (3, t, k),
            Spot::Sender(t) => (4, t, 0),
            Spot::From(t, k) => (5, t, k),
            Spot::To(t, k) => (6, t, k),
        };
        (kind << 61) | (u64::from(a) << 29) | u64::from(b.min((1 << 29) - 1))
    }

    fn unpack(v: u64) -> Spot {
        let a = ((v >> 29) & u64::from(u32::MAX)) as u32;
        let b = (v & ((1 << 29) - 1)) as u32;
        match v >> 61 {
            0 => Spot::Listed(a),
            1 => Spot::Balance(a),
            2 => Spot::Output(a, b),
            3 => Spot::ExtInput(a, b),
            4 => Spot::Sender(a),
            5 => Spot::From(a, b),
            _ => Spot::To(a, b),
        }
    }

    fn text(self, case: &Scenario) -> Option<&str> {
        let tx = |t: u32| case.transactions.get(t as usize);
        match self {
            Spot::Listed(i) => case.addresses.get(i as usize).map(|a| a.address.as_str()),
            Spot::Balance(i) => case
                .opening_balances
                .get(i as usize)
                .map(|b| b.address.as_str()),
            Spot::Output(t, k) => tx(t)?
                .outputs
                .as_ref()?
                .get(k as usize)
                .map(|o| o.address.as_str()),
            Spot::ExtInput(t, k) => tx(t)?.inputs.as_ref()?.get(k as usize)?.address.as_deref(),
            Spot::Sender(t) => tx(t)?.sender.as_deref(),
            Spot::From(t, k) => tx(t)?
                .transfers
                .as_ref()?
                .get(k as usize)
                .map(|x| x.from.as_str()),
            Spot::To(t, k) => tx(t)?
                .transfers
                .as_ref()?
                .get(k as usize)
                .map(|x| x.to.as_str()),
        }
    }
}

/// The bytes of [`address_key`] without allocating: hex accounts and bech32 are
/// compared in lower case, everything else as written.
fn key_bytes(s: &str) -> impl Iterator<Item = u8> + '_ {
    let lower = ["0x", "bc1"]
        .iter()
        .any(|p| s.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p)));
    s.bytes()
        .map(move |b| if lower { b.to_ascii_lowercase() } else { b })
}

fn same_key(a: &str, b: &str) -> bool {
    a.len() == b.len() && key_bytes(a).eq(key_bytes(b))
}

/// FNV-1a with a final avalanche (MurmurHash3's fmix64): a fixed, portable hash,
/// so building is the same natively and in wasm. Without the final mix the low bits
/// (the ones a table uses) would depend only on the low bits of each byte.
fn fnv(bytes: impl Iterator<Item = u8>) -> u64 {
    let mut h = bytes.fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Open-addressing hash table of ids, used only while building.
struct Table {
    slots: Vec<u32>,
    hashes: Vec<u64>,
}

impl Table {
    fn with_capacity(n: usize) -> Table {
        Table {
            slots: vec![NONE; (n * 2).next_power_of_two().max(16)],
            hashes: Vec::with_capacity(n),
        }
    }

    /// The id whose entry `same` accepts, or a new id (the next one) for `hash`.
    fn find_or_insert(&mut self, hash: u64, same: impl Fn(u32) -> bool) -> (u32, bool) {
        if (self.hashes.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let id = self.slots[i];
            if id == NONE {
                let new = self.hashes.len() as u32;
                self.slots[i] = new;
                self.hashes.push(hash);
                return (new, true);
            }
            if self.hashes[id as usize] == hash && same(id) {
                return (id, false);
            }
            i = (i + 1) & mask;
        }
    }

    fn find(&self, hash: u64, same: impl Fn(u32) -> bool) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let id = self.slots[i];
            if id == NONE {
                return None;
            }
            if self.hashes[id as usize] == hash && same(id) {
                return Some(id);
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let mut slots = vec![NONE; self.slots.len() * 2];
        let mask = slots.len() - 1;
        for (id, &h) in self.hashes.iter().enumerate() {
            let mut i = h as usize & mask;
            while slots[i] != NONE {
                i = (i + 1) & mask;
            }
            slots[i] = id as u32;
        }
        self.slots = slots;
    }
}

/// See the module documentation.
#[derive(Clone, Debug)]
pub struct Index {
    pub(crate) chains: Vec<ChainInfo>,
    pub(crate) assets: Vec<AssetInfo>,
    /// Per chain, its native asset.
    pub(crate) native: Vec<Option<AssetId>>,
    // Transactions, by TxId.
    pub(crate) tx_file: Vec<u32>,
    /// Times as seconds after `time_base` (the earliest valid time).
    pub(crate) time_base: UnixTime,
    pub(crate) tx_dt: Vec<u32>,
    pub(crate) tx_chain: Vec<u8>,
    pub(crate) tx_flags: Vec<u8>,
    pub(crate) in_off: Vec<u32>,
    pub(crate) inputs: Vec<CoinId>,
    pub(crate) out_off: Vec<u32>,
    pub(crate) xf_off: Vec<u32>,
    // Coins, by CoinId.
    pub(crate) coin_addr: Vec<AddrId>,
    pub(crate) coin_val: Values,
    pub(crate) coin_spender: Vec<TxId>,
    pub(crate) n_out_coins: u32,
    // Transfers, by XferId.
    pub(crate) xf_from: Vec<AddrId>,
    pub(crate) xf_to: Vec<AddrId>,
    pub(crate) xf_asset: Vec<AssetId>,
    pub(crate) xf_val: Values,
    /// Opening balances (account chains): address, asset, value.
    pub(crate) openings: Vec<(AddrId, AssetId, u128)>,
    // Addresses, by AddrId.
    /// Per address: its position in the case's `addresses` or, with the top bit
    /// set, an index into `extra_spots` (addresses the case does not list).
    addr_spot: Vec<u32>,
    extra_spots: Vec<u64>,
    addr_cat: Vec<u8>,
    ev_off: Vec<u32>,
    events: Vec<u32>,
}

/// One thing that happened to an address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// The address received this coin (later spent by `coin_spender`, if ever).
    Coin(CoinId),
    /// The address sent or received this transfer.
    Transfer(XferId),
}

mod build;

impl Index {
    /// Builds the index of a case (valid or not; see the module documentation).
    pub fn new(case: &Scenario) -> Index {
        build::build(case)
    }

    pub fn tx_count(&self) -> usize {
        self.tx_file.len()
    }

    pub fn coin_count(&self) -> usize {
        self.coin_addr.len()
    }

    pub fn transfer_count(&self) -> usize {
        self.xf_from.len()
    }

    pub fn address_count(&self) -> usize {
        self.addr_spot.len()
    }

    pub fn chains(&self) -> &[ChainInfo] {
        &self.chains
    }

    pub fn assets(&self) -> &[AssetInfo] {
        &self.assets
    }

    pub fn asset(&self, id: AssetId) -> Option<&AssetInfo> {
        self.assets.get(usize::from(id))
    }

    /// The asset with this id in the case file.
    pub fn asset_id(&self, name: &str) -> Option<AssetId> {
        self.assets
            .iter()
            .position(|a| a.id == name)
            .map(|i| i as AssetId)
    }

    /// The native asset of a transaction's chain.
    pub fn native_asset(&self, tx: TxId) -> Option<AssetId> {
        self.native
            .get(usize::from(self.tx_chain[tx as usize]))
            .copied()
            .flatten()
    }

    /// The chain a transaction belongs to, if the case declares it.
    pub fn tx_chain(&self, tx: TxId) -> Option<&ChainInfo> {
        self.chains.get(usize::from(self.tx_chain[tx as usize]))
    }

    pub(crate) fn tx_chain_raw(&self, tx: TxId) -> u8 {
        self.tx_chain[tx as usize]
    }

    /// The transaction's position in the case file's `transactions`.
    pub fn tx_file_index(&self, tx: TxId) -> usize {
        self.tx_file[tx as usize] as usize
    }

    pub fn tx_time(&self, tx: TxId) -> UnixTime {
        self.time_base + UnixTime::from(self.tx_dt[tx as usize])
    }

    /// A UTXO transaction (inputs and outputs), as opposed to an account one.
    pub fn is_utxo(&self, tx: TxId) -> bool {
        self.tx_flags[tx as usize] & FLAG_UTXO != 0
    }

    pub fn is_coinbase(&self, tx: TxId) -> bool {
        self.tx_flags[tx as usize] & FLAG_COINBASE != 0
    }

    /// The coins a UTXO transaction spends, in input order ([`NONE`] where an input
    /// could not be resolved).
    pub fn inputs(&self, tx: TxId) -> &[CoinId] {
        let t = tx as usize;
        &self.inputs[self.in_off[t] as usize..self.in_off[t + 1] as usize]
    }

    /// The coins a UTXO transaction creates, in `vout` order.
    pub fn outputs(&self, tx: TxId) -> Range<CoinId> {
        let t = tx as usize;
        self.out_off[t]..self.out_off[t + 1]
    }

    /// An account transaction's transfers, the fee (if any) last.
    pub fn transfers(&self, tx: TxId) -> Range<XferId> {
        let t = tx as usize;
        match self.xf_off.get(t..t + 2) {
            Some(&[a, b]) => a..b,
            _ => 0..0,
        }
    }

    pub fn coin_value(&self, coin: CoinId) -> Amount {
        Amount(self.coin_val.get(coin))
    }

    pub fn coin_address(&self, coin: CoinId) -> AddrId {
        self.coin_addr[coin as usize]
    }

    /// The transaction that spends a coin, if any.
    pub fn coin_spender(&self, coin: CoinId) -> Option<TxId> {
        Some(self.coin_spender[coin as usize]).filter(|&t| t != NONE)
    }

    /// A coin brought in by an input from before the case window.
    pub fn is_external(&self, coin: CoinId) -> bool {
        coin >= self.n_out_coins
    }

    /// The transaction that created a coin (`None` for an external coin).
    pub fn coin_creator(&self, coin: CoinId) -> Option<TxId> {
        if self.is_external(coin) {
            return None;
        }
        let after = self.out_off.partition_point(|&o| o <= coin);
        Some((after - 1) as TxId)
    }

    /// The transaction in which a coin first appears: its creator, or for an
    /// external coin the transaction that spends it.
    pub fn coin_appears(&self, coin: CoinId) -> TxId {
        self.coin_creator(coin)
            .unwrap_or(self.coin_spender[coin as usize])
    }

    /// A coin's output position in its creating transaction.
    pub fn coin_vout(&self, coin: CoinId) -> Option<u32> {
        self.coin_creator(coin)
            .map(|t| coin - self.out_off[t as usize])
    }

    /// Opening balances of account chains: (address, asset, value).
    pub fn openings(&self) -> impl Iterator<Item = (AddrId, AssetId, Amount)> + '_ {
        self.openings.iter().map(|&(a, s, v)| (a, s, Amount(v)))
    }

    pub fn transfer_from(&self, x: XferId) -> AddrId {
        self.xf_from[x as usize]
    }

    /// The recipient, or `None` for a fee.
    pub fn transfer_to(&self, x: XferId) -> Option<AddrId> {
        Some(self.xf_to[x as usize]).filter(|&a| a != NONE)
    }

    pub fn transfer_asset(&self, x: XferId) -> Option<AssetId> {
        Some(self.xf_asset[x as usize]).filter(|&a| a != NO_ASSET)
    }

    pub fn transfer_value(&self, x: XferId) -> Amount {
        Amount(self.xf_val.get(x))
    }

    /// The transaction a transfer belongs to.
    pub fn transfer_tx(&self, x: XferId) -> TxId {
        debug_assert!(!self.xf_off.is_empty());
        (self.xf_off.partition_point(|&o| o <= x) - 1) as TxId
    }

    /// What the trainee's attribution data says the address is (its label's
    /// category), never the hidden owner.
    pub fn category(&self, addr: AddrId) -> Option<Category> {
        Category::ALL
            .get(usize::from(self.addr_cat[addr as usize]))
            .copied()
    }

    /// The address's events in time order.
    pub fn events(&self, addr: AddrId) -> impl Iterator<Item = Event> + '_ {
        let a = addr as usize;
        self.events[self.ev_off[a] as usize..self.ev_off[a + 1] as usize]
            .iter()
            .map(|&e| {
                if e & TRANSFER_BIT != 0 {
                    Event::Transfer(e & !TRANSFER_BIT)
                } else {
                    Event::Coin(e)
                }
            })
    }

    /// The time-order key of an event's transaction.
    pub fn event_tx(&self, event: Event) -> TxId {
        match event {
            Event::Coin(c) => self.coin_appears(c),
            Event::Transfer(x) => self.transfer_tx(x),
        }
    }

    /// The address as the case file spells it.
    pub fn address_str<'c>(&self, case: &'c Scenario, addr: AddrId) -> &'c str {
        self.addr_spot
            .get(addr as usize)
            .and_then(|&s| self.spot(s).text(case))
            .unwrap_or("?")
    }

    fn spot(&self, packed: u32) -> Spot {
        if packed & SPOT_EXTRA == 0 {
            Spot::Listed(packed)
        } else {
            Spot::unpack(self.extra_spots[(packed & !SPOT_EXTRA) as usize])
        }
    }

    /// The transaction's id (its hash) as the case file spells it.
    pub fn tx_str<'c>(&self, case: &'c Scenario, tx: TxId) -> &'c str {
        case.transactions
            .get(self.tx_file_index(tx))
            .map_or("?", |t| t.id.as_str())
    }

    /// Finds an address by its text (any checksum casing).
    pub fn find_address(&self, case: &Scenario, text: &str) -> Option<AddrId> {
        let key = address_key(text);
        (0..self.address_count() as AddrId).find(|&a| same_key(self.address_str(case, a), &key))
    }

    /// Finds a transaction by its id.
    pub fn find_tx(&self, case: &Scenario, id: &str) -> Option<TxId> {
        let file = case.transactions.iter().position(|t| t.id == id)? as u32;
        self.tx_file
            .iter()
            .position(|&f| f == file)
            .map(|t| t as TxId)
    }

    /// Finds an output written `txid:vout`.
    pub fn find_output(&self, case: &Scenario, text: &str) -> Option<CoinId> {
        let (id, vout) = text.rsplit_once(':')?;
        let vout: u32 = vout.parse().ok()?;
        let tx = self.find_tx(case, id)?;
        let outs = self.outputs(tx);
        (vout < outs.end - outs.start).then_some(outs.start + vout)
    }

    /// Releases the spare capacity left by building with `push`.
    fn shrink(&mut self) {
        self.tx_file.shrink_to_fit();
        self.tx_dt.shrink_to_fit();
        self.tx_chain.shrink_to_fit();
        self.tx_flags.shrink_to_fit();
        self.in_off.shrink_to_fit();
        self.inputs.shrink_to_fit();
        self.out_off.shrink_to_fit();
        self.xf_off.shrink_to_fit();
        self.coin_addr.shrink_to_fit();
        self.coin_val.small.shrink_to_fit();
        self.coin_spender.shrink_to_fit();
        self.xf_from.shrink_to_fit();
        self.xf_to.shrink_to_fit();
        self.xf_asset.shrink_to_fit();
        self.xf_val.small.shrink_to_fit();
        self.openings.shrink_to_fit();
        self.addr_spot.shrink_to_fit();
        self.extra_spots.shrink_to_fit();
        self.addr_cat.shrink_to_fit();
        self.ev_off.shrink_to_fit();
        self.events.shrink_to_fit();
    }

    /// Bytes this index holds on the heap (its memory overhead over the case).
    pub fn heap_bytes(&self) -> usize {
        fn v<T>(x: &Vec<T>) -> usize {
            x.capacity() * std::mem::size_of::<T>()
        }
        let names: usize = self
            .chains
            .iter()
            .map(|c| c.id.capacity())
            .chain(
                self.assets
                    .iter()
                    .map(|a| a.id.capacity() + a.symbol.capacity()),
            )
            .sum();
        names
            + v(&self.chains)
            + v(&self.assets)
            + v(&self.native)
            + v(&self.tx_file)
            + v(&self.tx_dt)
            + v(&self.tx_chain)
            + v(&self.tx_flags)
            + v(&self.in_off)
            + v(&self.inputs)
            + v(&self.out_off)
            + v(&self.xf_off)
            + v(&self.coin_addr)
            + self.coin_val.heap_bytes()
            + v(&self.coin_spender)
            + v(&self.xf_from)
            + v(&self.xf_to)
            + v(&self.xf_asset)
            + self.xf_val.heap_bytes()
            + v(&self.openings)
            + v(&self.addr_spot)
            + v(&self.extra_spots)
            + v(&self.addr_cat)
            + v(&self.ev_off)
            + v(&self.events)
    }
}

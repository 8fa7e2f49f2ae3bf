//! Taint analysis: how much of a source's value reaches each output, transfer and
//! address when the money is followed forward in time through the whole ledger.
//!
//! [`run`] is the entry point. A source is a transaction (all it pays), one UTXO
//! output (`txid:vout`) or an address (everything it received in the case window;
//! opening balances are not part of it). The source is tainted in full; from there
//! every transaction in time order passes taint on by the chosen [`Method`]:
//!
//! - UTXO chains: per transaction, inputs to outputs and fee ([`split`]).
//! - Account chains: per address over time, its incoming transfers forming its
//!   holdings and its outgoing transfers (and fees) taking from them ([`account`]).
//!
//! One run follows one asset (an account transaction can move several; a swap or
//! a bridge converts one asset into another, which is a job for the leg matcher,
//! [`crate::analytics::legs`]). The fee's share leaves the ledger (it goes to the
//! miner or validator). Everything is integer arithmetic; haircut apportions by
//! largest remainder, so for haircut, FIFO, LIFO and TIHO the taint is conserved:
//! what the source injects equals what the unspent coins or balances still hold
//! plus what went to fees. Poison is not conserving by design: it marks at least
//! as much as any other method, per output and per address.

mod account;
mod split;
mod utxo;

use std::collections::BTreeSet;

pub use account::Account;
pub use split::{split_utxo, Seg, TxSplit};

use crate::amount::Amount;
use crate::analytics::index::{AddrId, AssetId, CoinId, Event, Index, TxId, XferId, NONE};
use crate::scenario::ChainModel;

/// A taint method. See the module documentation of [`split`] (UTXO) and
/// [`account`] (account chains) for the exact rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    Poison,
    Haircut,
    Fifo,
    Lifo,
    Tiho,
    /// Lowest intermediate balance rule: account chains only.
    Libr,
}

impl Method {
    pub const ALL: [Method; 6] = [
        Method::Poison,
        Method::Haircut,
        Method::Fifo,
        Method::Lifo,
        Method::Tiho,
        Method::Libr,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Poison => "poison",
            Method::Haircut => "haircut",
            Method::Fifo => "fifo",
            Method::Lifo => "lifo",
            Method::Tiho => "tiho",
            Method::Libr => "libr",
        }
    }

    pub fn parse(text: &str) -> Option<Method> {
        Method::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(text))
    }

    /// One sentence for the trainee.
    pub fn describe(self) -> &'static str {
        match self {
            Method::Poison => "Poison: anything touched by tainted money counts as tainted in full.",
            Method::Haircut => "Haircut: tainted money is spread over everything it mixes with, in proportion to value.",
            Method::Fifo => "FIFO: the money that came in first goes out first.",
            Method::Lifo => "LIFO: the money that came in last goes out first.",
            Method::Tiho => "TIHO: the tainted money goes into the largest payments first.",
            Method::Libr => "LIBR: an account keeps the tainted money as long as its balance allows; only what the balance cannot hold leaves.",
        }
    }
}

/// Where the taint starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// Everything the transaction pays (its outputs, or its transfers).
    Tx(TxId),
    /// One UTXO output.
    Output(CoinId),
    /// Everything the address received in the case window.
    Address(AddrId),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TaintError {
    #[error("LIBR (lowest intermediate balance rule) applies to account balances; on a UTXO chain use poison, haircut, fifo, lifo or tiho")]
    LibrOnUtxo,
    #[error("the source pays nothing that can be traced")]
    NothingToTrace,
    #[error("the source moves several assets ({0}); choose one")]
    AmbiguousAsset(String),
    #[error("the source does not move the asset {0}")]
    AssetNotInSource(String),
}

/// An output that received taint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaintedOutput {
    pub coin: CoinId,
    pub tx: TxId,
    pub vout: u32,
    pub address: AddrId,
    pub value: Amount,
    pub tainted: Amount,
}

/// An account transfer that carried taint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaintedTransfer {
    pub xfer: XferId,
    pub tx: TxId,
    pub from: AddrId,
    pub to: AddrId,
    pub value: Amount,
    pub tainted: Amount,
}

/// The result of a taint run.
#[derive(Clone, Debug)]
pub struct Taint {
    pub method: Method,
    pub source: Source,
    /// The asset followed (`None` on a UTXO chain without a declared native asset).
    pub asset: Option<AssetId>,
    /// Total value the source injected.
    pub seeded: Amount,
    /// Tainted value still held at the end (unspent coins, account balances);
    /// meaningless for poison.
    pub held: Amount,
    utxo: bool,
    coins: Vec<u128>,
    xfers: Vec<u128>,
    fees: Vec<(TxId, Amount)>,
    received: Vec<u128>,
}

impl Taint {
    /// The tainted part of a coin.
    pub fn coin(&self, coin: CoinId) -> Amount {
        Amount(self.coins.get(coin as usize).copied().unwrap_or(0))
    }

    /// The tainted part of a transfer (or of a fee stored as a transfer).
    pub fn transfer(&self, x: XferId) -> Amount {
        Amount(self.xfers.get(x as usize).copied().unwrap_or(0))
    }

    /// The tainted part of a transaction's fee.
    pub fn fee(&self, tx: TxId) -> Amount {
        self.fees
            .binary_search_by_key(&tx, |f| f.0)
            .map_or(Amount::ZERO, |i| self.fees[i].1)
    }

    /// Fees that carried taint, in time order.
    pub fn fees(&self) -> &[(TxId, Amount)] {
        &self.fees
    }

    pub fn total_fees(&self) -> Amount {
        Amount(self.fees.iter().map(|f| f.1 .0).sum())
    }

    /// Total tainted value an address received (seeds included).
    pub fn received(&self, addr: AddrId) -> Amount {
        Amount(self.received.get(addr as usize).copied().unwrap_or(0))
    }

    /// Every address that received taint, by id, with the total it received.
    pub fn per_address(&self) -> Vec<(AddrId, Amount)> {
        self.received
            .iter()
            .enumerate()
            .filter(|(_, &v)| v > 0)
            .map(|(a, &v)| (a as AddrId, Amount(v)))
            .collect()
    }

    /// Case outputs that carry taint, in time order.
    pub fn outputs(&self, ix: &Index) -> Vec<TaintedOutput> {
        if !self.utxo {
            return Vec::new();
        }
        (0..ix.n_out_coins)
            .filter(|&c| self.coins[c as usize] > 0)
            .map(|c| {
                let tx = ix.coin_creator(c).unwrap_or(NONE);
                TaintedOutput {
                    coin: c,
                    tx,
                    vout: ix.coin_vout(c).unwrap_or(0),
                    address: ix.coin_address(c),
                    value: ix.coin_value(c),
                    tainted: Amount(self.coins[c as usize]),
                }
            })
            .collect()
    }

    /// Transfers (not fees) that carry taint, in time order.
    pub fn transfers(&self, ix: &Index) -> Vec<TaintedTransfer> {
        self.xfers
            .iter()
            .enumerate()
            .filter(|(_, &v)| v > 0)
            .filter_map(|(x, &v)| {
                let x = x as XferId;
                Some(TaintedTransfer {
                    xfer: x,
                    tx: ix.transfer_tx(x),
                    from: ix.transfer_from(x),
                    to: ix.transfer_to(x)?,
                    value: ix.transfer_value(x),
                    tainted: Amount(v),
                })
            })
            .collect()
    }
}

/// Runs a taint analysis from `source` by `method`, following `asset` (needed only
/// when the source moves several assets).
pub fn run(
    ix: &Index,
    source: Source,
    method: Method,
    asset: Option<AssetId>,
) -> Result<Taint, TaintError> {
    // Candidate seeds: coins (UTXO) and transfers (account), each with its asset.
    let mut coins: Vec<CoinId> = Vec::new();
    let mut xfers: Vec<XferId> = Vec::new();
    match source {
        Source::Output(c) => coins.push(c),
        Source::Tx(t) => {
            coins.extend(ix.outputs(t));
            xfers.extend(ix.transfers(t).filter(|&x| ix.transfer_to(x).is_some()));
        }
        Source::Address(a) => {
            for e in ix.events(a) {
                match e {
                    Event::Coin(c) => coins.push(c),
                    Event::Transfer(x) if ix.transfer_to(x) == Some(a) => xfers.push(x),
                    Event::Transfer(_) => {}
                }
            }
        }
    }
    const NATIVE_UNKNOWN: AssetId = AssetId::MAX;
    let coin_asset = |c: CoinId| {
        ix.native_asset(ix.coin_appears(c))
            .unwrap_or(NATIVE_UNKNOWN)
    };
    let xfer_asset = |x: XferId| ix.transfer_asset(x).unwrap_or(NATIVE_UNKNOWN);
    // `extend`, not `collect`: no slice sort compiled in for it.
    let mut found: BTreeSet<AssetId> = BTreeSet::new();
    found.extend(
        coins
            .iter()
            .map(|&c| coin_asset(c))
            .chain(xfers.iter().map(|&x| xfer_asset(x))),
    );
    let name = |a: AssetId| ix.asset(a).map_or("(native)".to_string(), |a| a.id.clone());
    let chosen = match asset {
        Some(a) if found.contains(&a) => a,
        Some(a) => return Err(TaintError::AssetNotInSource(name(a))),
        None if found.len() == 1 => *found.iter().next().unwrap_or(&NATIVE_UNKNOWN),
        None if found.is_empty() => return Err(TaintError::NothingToTrace),
        None => {
            let names: Vec<String> = found.iter().map(|&a| name(a)).collect();
            return Err(TaintError::AmbiguousAsset(names.join(", ")));
        }
    };
    coins.retain(|&c| coin_asset(c) == chosen);
    xfers.retain(|&x| xfer_asset(x) == chosen);
    let asset_out = Some(chosen).filter(|&a| a != NATIVE_UNKNOWN);
    let mut received = vec![0u128; ix.address_count()];

    if let Some(&first) = coins.first() {
        let chain = ix.tx_chain_raw(ix.coin_appears(first));
        let on_utxo_model = ix
            .tx_chain(ix.coin_appears(first))
            .is_none_or(|c| c.model == ChainModel::Utxo);
        if method == Method::Libr && on_utxo_model {
            return Err(TaintError::LibrOnUtxo);
        }
        crate::sort::sort_unstable(&mut coins);
        coins.dedup();
        let seeded = coins
            .iter()
            .fold(0u128, |sum, &c| sum.saturating_add(ix.coin_val.get(c)));
        let result = utxo::propagate(ix, method, chain, &coins);
        let mut held = 0u128;
        for (c, &k) in result.coins.iter().enumerate() {
            // An unvalidated case can hold outputs whose sum is over u128::MAX.
            if k > 0 {
                let at = &mut received[ix.coin_addr[c] as usize];
                *at = at.saturating_add(k);
                if ix.coin_spender[c] == NONE {
                    held = held.saturating_add(k);
                }
            }
        }
        return Ok(Taint {
            method,
            source,
            asset: asset_out,
            seeded: Amount(seeded),
            held: Amount(held),
            utxo: true,
            coins: result.coins,
            xfers: Vec::new(),
            fees: result
                .fees
                .into_iter()
                .map(|(t, v)| (t, Amount(v)))
                .collect(),
            received,
        });
    }
    if xfers.is_empty() {
        return Err(TaintError::NothingToTrace);
    }
    crate::sort::sort_unstable(&mut xfers);
    xfers.dedup();
    let chain = ix.tx_chain_raw(ix.transfer_tx(xfers[0]));
    let seeded = xfers.iter().map(|&x| ix.xf_val.get(x)).sum();
    let r = propagate_account(ix, method, chosen, chain, &xfers, &mut received);
    Ok(Taint {
        method,
        source,
        asset: asset_out,
        seeded: Amount(seeded),
        held: Amount(r.1),
        utxo: false,
        coins: Vec::new(),
        xfers: r.0,
        fees: r.2,
        received,
    })
}

type AccountRun = (Vec<u128>, u128, Vec<(TxId, Amount)>);

/// Replays the chain's transfers of `asset` in time order (all of them: balances
/// before the source matter for haircut and LIBR) through per-address [`Account`]s.
fn propagate_account(
    ix: &Index,
    method: Method,
    asset: AssetId,
    chain: u8,
    seeds: &[XferId],
    received: &mut [u128],
) -> AccountRun {
    let mut accounts = vec![Account::default(); ix.address_count()];
    let mut xfers = vec![0u128; ix.transfer_count()];
    let mut fees = Vec::new();
    for (a, s, v) in ix.openings() {
        if s == asset {
            accounts[a as usize].credit(method, v.0, &[Seg::clean(v.0)]);
        }
    }
    let mut order: Vec<XferId> = Vec::new();
    let mut piece: Vec<Seg> = Vec::new();
    for t in 0..ix.tx_count() as TxId {
        if ix.is_utxo(t) || ix.tx_chain_raw(t) != chain {
            continue;
        }
        order.clear();
        order.extend(
            ix.transfers(t)
                .filter(|&x| ix.xf_asset[x as usize] == asset),
        );
        if method == Method::Tiho {
            // Largest payments first; the fee (paid to nobody) stays last.
            crate::sort::sort_by_key(&mut order, |&x| {
                (
                    ix.xf_to[x as usize] == NONE,
                    std::cmp::Reverse(ix.xf_val.get(x)),
                )
            });
        }
        let mut fee_taint = 0u128;
        for &x in &order {
            let v = ix.xf_val.get(x);
            let from = ix.xf_from[x as usize] as usize;
            let mut out = accounts[from].debit(method, v, &mut piece);
            if seeds.binary_search(&x).is_ok() {
                out = v;
                piece.clear();
                piece.push(Seg::tainted(v));
            }
            xfers[x as usize] = out;
            match ix.xf_to[x as usize] {
                NONE => fee_taint += out,
                to => {
                    accounts[to as usize].credit(method, v, &piece);
                    received[to as usize] += out;
                }
            }
        }
        if fee_taint > 0 {
            fees.push((t, Amount(fee_taint)));
        }
    }
    let held = accounts.iter().map(|a| a.tainted).sum();
    (xfers, held, fees)
}

//! Path search between two addresses that respects time.
//!
//! Money can only move forward: a path A → X → B is real only if the transaction
//! that pays X → B is not earlier than the one that paid A → X. Each step (a
//! "hop") is ordered by its transaction's [`TxId`] (time order) and, inside one
//! account transaction, by transfer position; a UTXO hop must be in a strictly
//! later transaction (an output cannot be spent by the transaction creating it).
//!
//! The value of a hop X → Y is what can have flowed: for an account transfer its
//! value; for a UTXO transaction min(what X's inputs put in, the output to Y). The
//! value that can have flowed along a path is the smallest hop value (the
//! bottleneck), reported when all hops move one asset.
//!
//! The search is breadth first over hops, keeping per address the earliest arrival
//! found so far (arriving earlier never loses a continuation), so it returns a path
//! with the fewest hops and, among those, the earliest arrival. Service addresses
//! (labelled exchange, mixer, bridge, OTC, swap service or DEX) can end a path but
//! are not passed through by default: their funds are pooled, so a path through
//! one proves nothing.

use crate::amount::Amount;
use crate::analytics::index::{AddrId, AssetId, Event, Index, TxId, NONE};
use crate::scenario::Category;

/// One step of money from one address to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hop {
    pub tx: TxId,
    pub from: AddrId,
    pub to: AddrId,
    pub value: Amount,
    pub asset: Option<AssetId>,
    /// The output (UTXO) or transfer (account) that paid `to`.
    pub item: HopItem,
    /// Time-order key: later hops have larger keys.
    pub key: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum HopItem {
    Output(u32),
    Transfer(u32),
}

/// Categories where tracing stops: the trainee's next step is a request to the service.
pub const STOP_CATEGORIES: [Category; 6] = [
    Category::Exchange,
    Category::Mixer,
    Category::Bridge,
    Category::Otc,
    Category::SwapService,
    Category::Dex,
];

pub fn is_stop_service(ix: &Index, addr: AddrId) -> bool {
    ix.category(addr)
        .is_some_and(|c| STOP_CATEGORIES.contains(&c))
}

/// Every hop out of `addr` later than `after` (0: any time), in time order.
pub fn hops_from(ix: &Index, addr: AddrId, after: u64, asset: Option<AssetId>, out: &mut Vec<Hop>) {
    out.clear();
    let mut last_utxo_tx = NONE;
    for e in ix.events(addr) {
        match e {
            Event::Coin(c) => {
                let Some(s) = ix.coin_spender(c) else {
                    continue;
                };
                let key = u64::from(s) << 32;
                if key <= after || s == last_utxo_tx {
                    continue;
                }
                let native = ix.native_asset(s);
                if asset.is_some() && asset != native {
                    continue;
                }
                last_utxo_tx = s;
                let put_in: u128 = ix
                    .inputs(s)
                    .iter()
                    .filter(|&&i| i != NONE && ix.coin_address(i) == addr)
                    .map(|&i| ix.coin_value(i).0)
                    .sum();
                for o in ix.outputs(s) {
                    let to = ix.coin_address(o);
                    if to == addr {
                        continue;
                    }
                    out.push(Hop {
                        tx: s,
                        from: addr,
                        to,
                        value: Amount(put_in.min(ix.coin_value(o).0)),
                        asset: native,
                        item: HopItem::Output(o),
                        key,
                    });
                }
            }
            Event::Transfer(x) => {
                if ix.transfer_from(x) != addr {
                    continue;
                }
                let Some(to) = ix.transfer_to(x).filter(|&t| t != addr) else {
                    continue;
                };
                let t = ix.transfer_tx(x);
                let key = (u64::from(t) << 32) | u64::from(x - ix.transfers(t).start + 1);
                let a = ix.transfer_asset(x);
                if key <= after || (asset.is_some() && asset != a) {
                    continue;
                }
                out.push(Hop {
                    tx: t,
                    from: addr,
                    to,
                    value: ix.transfer_value(x),
                    asset: a,
                    item: HopItem::Transfer(x),
                    key,
                });
            }
        }
    }
    // Coin events are in the order the coins arrived, not spent: sort by time, and
    // drop the repeats of a transaction that spent several of the address's coins.
    crate::sort::sort_by_key(out, |h| (h.key, h.to, h.item));
    out.dedup();
}

/// Options for [`find_path`].
#[derive(Clone, Debug)]
pub struct PathParams {
    pub max_hops: usize,
    /// Follow only this asset.
    pub asset: Option<AssetId>,
    /// Allow paths through service addresses (off by default).
    pub through_services: bool,
}

impl Default for PathParams {
    fn default() -> Self {
        PathParams {
            max_hops: 10,
            asset: None,
            through_services: false,
        }
    }
}

/// A path and the value that can have flowed along it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundPath {
    pub hops: Vec<Hop>,
    /// The smallest hop value, when every hop moves the same asset.
    pub bottleneck: Option<Amount>,
}

/// The time-respecting path from `from` to `to` with the fewest hops (then the
/// earliest arrival), if there is one within `max_hops`.
pub fn find_path(ix: &Index, from: AddrId, to: AddrId, params: &PathParams) -> Option<FoundPath> {
    if from == to {
        return None;
    }
    // Labels: (hop that arrived, parent label); the arrival key is the hop's.
    let mut labels: Vec<(Hop, u32)> = Vec::new();
    let mut best = vec![u64::MAX; ix.address_count()];
    best[from as usize] = 0;
    let mut layer: Vec<(AddrId, u64, u32)> = vec![(from, 0, NONE)];
    let mut hops = Vec::new();
    for _ in 0..params.max_hops {
        let mut next = Vec::new();
        let mut found: Option<u32> = None;
        for &(addr, key, label) in &layer {
            hops_from(ix, addr, key, params.asset, &mut hops);
            for h in &hops {
                if h.key >= best[h.to as usize] {
                    continue;
                }
                best[h.to as usize] = h.key;
                labels.push((*h, label));
                let l = labels.len() as u32 - 1;
                if h.to == to {
                    if found.is_none_or(|f| labels[f as usize].0.key > h.key) {
                        found = Some(l);
                    }
                } else if params.through_services || !is_stop_service(ix, h.to) {
                    next.push((h.to, h.key, l));
                }
            }
        }
        if let Some(mut l) = found {
            let mut path = Vec::new();
            while l != NONE {
                let (h, parent) = labels[l as usize];
                path.push(h);
                l = parent;
            }
            path.reverse();
            let asset = path[0].asset;
            let bottleneck = path
                .iter()
                .all(|h| h.asset == asset)
                .then(|| path.iter().map(|h| h.value).min().unwrap_or(Amount::ZERO));
            return Some(FoundPath {
                hops: path,
                bottleneck,
            });
        }
        if next.is_empty() {
            return None;
        }
        layer = next;
    }
    None
}

//! Layering moves that make a trail longer or murkier without changing hands:
//! structuring below a reporting threshold, dormancy, and decoy loops that send
//! money round in a circle back to where it started.

use crate::generator::builder::{AddrId, Builder, Coin, TxId};
use crate::generator::chain::{AssetId, ChainId};
use crate::scenario::Role;

/// Payments from `sources` (in turn) to `to`, each just below `threshold` (by 1-9 %,
/// rounded to whole units), spread over `hours` hours from `time`.
pub fn structure(
    b: &mut Builder,
    sources: &[AddrId],
    to: AddrId,
    asset: AssetId,
    threshold: u128,
    count: usize,
    time: i64,
    hours: i64,
) -> Vec<(TxId, u128)> {
    let mut out = Vec::new();
    let step = hours * 3600 / count.max(1) as i64;
    let mut t = time;
    for i in 0..count {
        let below = threshold * u128::from(b.rng.range(1, 9)) / 100;
        let value = (threshold - below) / asset.unit() * asset.unit();
        let from = sources[i % sources.len()];
        out.push((b.pay(t, from, to, asset, value, None), value));
        t += b.rng.range(step as u64 / 2, step as u64 * 3 / 2) as i64;
    }
    out
}

/// A dormancy of `min_days` to `max_days` days, in seconds.
pub fn dormancy(b: &mut Builder, min_days: u64, max_days: u64) -> i64 {
    (b.rng.range(min_days, max_days) * 86_400 + b.rng.range(0, 86_399)) as i64
}

/// A Bitcoin round trip: `coin` goes through two fresh addresses of `owner` and
/// comes back to its own address, a little smaller. Returns the three transactions
/// and the returned coin.
pub fn loop_utxo(b: &mut Builder, coin: Coin, owner: &str, time: i64) -> (Vec<TxId>, Coin) {
    let mut c = coin;
    let mut txs = Vec::new();
    let mut t = time;
    let hops = [
        b.addr(ChainId::Bitcoin, None, owner, Role::Personal),
        b.addr(ChainId::Bitcoin, None, owner, Role::Personal),
        coin.addr,
    ];
    for to in hops {
        t += b.rng.range(1_800, 20_000) as i64;
        let (tx, next) = b.sweep(t, &[c], to, None);
        txs.push(tx);
        c = next;
    }
    (txs, c)
}

/// An account round trip: `start` → x → y → `start`, each hop keeping back 1-3 %
/// (the "decay" that makes it look like trade). Returns the transactions.
pub fn loop_account(
    b: &mut Builder,
    start: AddrId,
    asset: AssetId,
    value: u128,
    owner: &str,
    time: i64,
) -> Vec<TxId> {
    let chain = asset.chain();
    let x = b.addr(chain, None, owner, Role::Personal);
    let y = b.addr(chain, None, owner, Role::Personal);
    let mut txs = Vec::new();
    let mut v = value;
    let mut t = time;
    for (from, to) in [(start, x), (x, y), (y, start)] {
        t += b.rng.range(600, 10_800) as i64;
        txs.push(b.pay(t, from, to, asset, v, None));
        v -= v * u128::from(b.rng.range(1, 3)) / 100;
    }
    txs
}

//! Gathering and scattering: consolidation of many coins, fan-out of one coin or
//! balance to many fresh addresses (or mules), and fan-in on account chains.

use crate::generator::builder::{AddrId, Builder, Coin, TxId};
use crate::generator::chain::{AssetId, ChainId};
use crate::scenario::Role;

/// Spends many coins in one transaction to one address.
pub fn consolidate(b: &mut Builder, coins: &[Coin], to: AddrId, time: i64) -> (TxId, Coin) {
    b.sweep(time, coins, to, None)
}

/// Splits `value` into `n` uneven parts, each a multiple of `step`, summing to at
/// most `value`.
pub fn split(b: &mut Builder, value: u128, n: usize, step: u128) -> Vec<u128> {
    let weights: Vec<u128> = (0..n).map(|_| u128::from(b.rng.range(60, 140))).collect();
    let total: u128 = weights.iter().sum();
    weights
        .iter()
        .map(|w| (value * w / total / step * step).max(step.min(value / n as u128)))
        .collect()
}

/// One coin to `n` fresh addresses of `owner` (fee from the last part).
pub fn fan_out_utxo(
    b: &mut Builder,
    coin: Coin,
    n: usize,
    owner: &str,
    time: i64,
) -> (TxId, Vec<Coin>) {
    let parts = split(b, u128::from(coin.value) * 98 / 100, n, 100_000);
    let outs: Vec<(AddrId, u64)> = parts
        .iter()
        .map(|&v| {
            (
                b.addr(ChainId::Bitcoin, None, owner, Role::Personal),
                v as u64,
            )
        })
        .collect();
    let mut outs = outs;
    // The last output takes the rest of the coin minus the fee.
    let used: u64 = outs[..n - 1].iter().map(|o| o.1).sum();
    outs[n - 1].1 = coin.value - used;
    b.utxo(time, &[coin], &outs, None, None)
}

/// Account-chain fan-out: `from` pays each of `to` its part, one transaction each,
/// `gap` seconds apart on average. Returns the transactions.
pub fn fan_out_account(
    b: &mut Builder,
    from: AddrId,
    to: &[(AddrId, u128)],
    asset: AssetId,
    time: i64,
    gap: i64,
) -> Vec<TxId> {
    let mut t = time;
    let mut txs = Vec::new();
    for &(dest, value) in to {
        txs.push(b.pay(t, from, dest, asset, value, None));
        t += b.rng.range(gap as u64 / 2, gap as u64 * 3 / 2) as i64;
    }
    txs
}

/// Account-chain fan-in: each of `from` sends its amount to `to`.
pub fn fan_in_account(
    b: &mut Builder,
    from: &[(AddrId, u128)],
    to: AddrId,
    asset: AssetId,
    time: i64,
    gap: i64,
) -> Vec<TxId> {
    let mut t = time;
    let mut txs = Vec::new();
    for &(src, value) in from {
        txs.push(b.pay(t, src, to, asset, value, None));
        t += b.rng.range(gap as u64 / 2, gap as u64 * 3 / 2) as i64;
    }
    txs
}

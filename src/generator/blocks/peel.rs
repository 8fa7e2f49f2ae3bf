//! Peel chains: one coin, many hops; at each hop a small, round payment leaves and
//! the remainder moves on to a fresh change address of the same type as the coin.

use crate::generator::builder::{AddrId, Builder, Coin, TxId};
use crate::generator::chain::{AssetId, ChainId};
use crate::generator::market::round_down;
use crate::scenario::Role;

pub struct Peel {
    pub txs: Vec<TxId>,
    /// The addresses that held the remainder, the first one included.
    pub holders: Vec<AddrId>,
    /// Where each peel went and how much.
    pub peels: Vec<(AddrId, u64)>,
    /// The remainder after the last hop.
    pub last: Coin,
}

/// Runs `targets.len()` hops from `coin`, starting at `time` and waiting between
/// `gap.0` and `gap.1` seconds per hop. Peel `i` pays `targets[i]`; when `end` is
/// given, the last hop's remainder goes there instead of to a change address.
pub fn peel_chain(
    b: &mut Builder,
    coin: Coin,
    targets: &[AddrId],
    owner: &str,
    time: i64,
    gap: (i64, i64),
    end: Option<AddrId>,
) -> Peel {
    let mut holders = vec![coin.addr];
    let mut txs = Vec::new();
    let mut peels = Vec::new();
    let mut current = coin;
    let mut t = time;
    for (i, &target) in targets.iter().enumerate() {
        t += b.rng.range(gap.0 as u64, gap.1 as u64) as i64;
        // A round fiat-sized payment, 4-14 % of what is left.
        let share = u128::from(current.value) * u128::from(b.rng.range(4, 14)) / 100;
        let usd = b.market.usd_of(AssetId::Btc, share, t);
        let usd_round = round_down(usd, 50_000_000); // whole 50 dollars
        let value = round_down(b.market.units_for_usd(AssetId::Btc, usd_round, t), 10_000) as u64;
        let is_last = i + 1 == targets.len();
        let next = match (is_last, end) {
            (true, Some(e)) => e,
            _ => {
                let kind = b.btc_kind(current.addr);
                b.addr(ChainId::Bitcoin, Some(kind), owner, Role::Change)
            }
        };
        let (tx, coins) = b.utxo(t, &[current], &[(target, value)], Some(next), None);
        peels.push((target, value));
        txs.push(tx);
        current = coins[coins.len() - 1];
        t = current.time;
        if !(is_last && end.is_some()) {
            holders.push(next);
        }
    }
    if let Some(e) = end {
        holders.push(e);
    }
    Peel {
        txs,
        holders,
        peels,
        last: current,
    }
}

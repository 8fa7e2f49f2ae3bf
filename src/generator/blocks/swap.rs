//! Changing asset or chain: DEX swaps inside one transaction, and two-legged hops
//! through a bridge or an instant swap service.
//!
//! A hop has a pay-in on one chain and a pay-out, minutes later, from the service's
//! own wallet on the other, worth `amount × rate × (1 − fee)` less the network fee
//! of the pay-out, computed exactly from the market's prices at the pay-in. The two
//! legs share no address, so only amounts and times connect them; the case records
//! the truth in `links`.

use crate::generator::builder::{AddrId, Builder, Coin, TxId};
use crate::generator::chain::{AssetId, ChainId};
use crate::generator::market::Call;
use crate::generator::services::Service;
use crate::scenario::{LinkKind, Method};

/// A swap on a DEX pool: `trader` pays `value` of `from` and receives `to` in the
/// same transaction, at the market price less the pool's 0.3 %.
pub fn dex_swap(
    b: &mut Builder,
    dex: &Service,
    trader: AddrId,
    from: AssetId,
    value: u128,
    to: AssetId,
    time: i64,
) -> (TxId, u128) {
    let pool = dex.main(from.chain());
    let out = b.market.convert(from, to, value, time, 30);
    let tx = b.account(
        time,
        trader,
        Method::Swap,
        Call::Swap,
        &[(trader, pool, from, value), (pool, trader, to, out)],
        None,
    );
    (tx, out)
}

/// How the money goes into a hop.
pub enum PayIn {
    /// Pay `amount` of this Bitcoin coin, change to the address given.
    Coin(Coin, u64, AddrId),
    /// Pay from an account: (address, asset, value).
    Account(AddrId, AssetId, u128),
}

pub struct Hop {
    pub in_tx: TxId,
    pub out_tx: TxId,
    /// What went in (in the pay-in asset) and what came out (in the pay-out asset).
    pub paid: u128,
    pub received: u128,
    /// The service address the pay-in went to.
    pub entry: AddrId,
    /// The Bitcoin change of the pay-in, if any.
    pub change: Option<Coin>,
    /// The Bitcoin coin paid out, if the pay-out was on Bitcoin.
    pub out_coin: Option<Coin>,
    pub out_time: i64,
}

/// The flat network fee a service deducts from a pay-out of `asset`.
fn network_fee(asset: AssetId) -> u128 {
    match asset {
        AssetId::Btc => 15_000,
        AssetId::Eth => 1_500_000_000_000_000,
        AssetId::Trx => 1_000_000,
        _ => 3_000_000,
    }
}

/// A two-legged hop through `svc` (a bridge or a swap service): pay-in now,
/// pay-out of `to` to `recipient` after `delay` seconds.
pub fn hop(
    b: &mut Builder,
    svc: &mut Service,
    pay_in: PayIn,
    to: AssetId,
    recipient: AddrId,
    time: i64,
    delay: i64,
    fee_bp: u128,
    kind: LinkKind,
) -> Hop {
    let (in_tx, paid, from, entry, change, t_in) = match pay_in {
        PayIn::Coin(coin, amount, change_to) => {
            let entry = if kind == LinkKind::Bridge {
                svc.main(ChainId::Bitcoin)
            } else {
                svc.deposit(b, ChainId::Bitcoin)
            };
            let (tx, coins) = b.utxo(time, &[coin], &[(entry, amount)], Some(change_to), None);
            let change = (coins.len() > 1).then(|| coins[1]);
            let t = b.tx_time(tx);
            (tx, u128::from(amount), AssetId::Btc, entry, change, t)
        }
        PayIn::Account(from_addr, asset, value) => {
            let chain = asset.chain();
            let (entry, method, call) = if kind == LinkKind::Bridge {
                (svc.main(chain), Method::Bridge, Call::Bridge)
            } else {
                let d = svc.deposit(b, chain);
                (
                    d,
                    Method::Transfer,
                    if asset.is_native() {
                        Call::Native
                    } else {
                        Call::Token
                    },
                )
            };
            let tx = b.account(
                time,
                from_addr,
                method,
                call,
                &[(from_addr, entry, asset, value)],
                None,
            );
            let t = b.tx_time(tx);
            (tx, value, asset, entry, None, t)
        }
    };
    let gross = b.market.convert(from, to, paid, t_in, fee_bp);
    let received = gross.saturating_sub(network_fee(to));
    let t_out = t_in + delay;
    let (out_tx, out_coin) = if to == AssetId::Btc {
        let (tx, coins) = svc.withdraw_utxo(b, t_out, &[(recipient, received as u64)], None);
        (tx, Some(coins[0]))
    } else {
        let hot = svc.main(to.chain());
        let method = if kind == LinkKind::Bridge {
            Method::Bridge
        } else {
            Method::Transfer
        };
        let call = if to.is_native() {
            Call::Native
        } else {
            Call::Token
        };
        (
            b.account(
                t_out,
                hot,
                method,
                call,
                &[(hot, recipient, to, received)],
                None,
            ),
            None,
        )
    };
    b.link(kind, in_tx, out_tx);
    Hop {
        in_tx,
        out_tx,
        paid,
        received,
        entry,
        change,
        out_coin,
        out_time: b.tx_time(out_tx),
    }
}

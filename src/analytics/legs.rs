//! Matching the two legs of a cross-chain or cross-asset move (Yousaf, Kappos and
//! Meiklejohn, "Tracing Transactions Across Cryptocurrency Ledgers", USENIX
//! Security 2019; reference: `tracing-methods.md`): a pay-in to a bridge or swap
//! service on chain A is followed, shortly after, by a pay-out on chain B worth
//! amount × rate − fee.
//!
//! Design. A pay-out candidate is any payment (a UTXO output or an account
//! transfer) in a later transaction within `window_secs` of the pay-in. Rates are
//! exact rationals given by the caller ([`Rate`]: `num / den` base units of the
//! target asset per base unit of the source asset); the same asset on both legs
//! (a bridged token, a mixer) has rate 1. With a rate the expected pay-out is
//! ⌊amount × num / den⌋ and a candidate matches when it is at most that and the
//! difference (the service's fee) is at most `max_fee_bps` basis points of it.
//! Without a rate for the pair the rate is derived from each candidate (its
//! implied rate, reported as a fraction) and only time ranks them: the trainee
//! judges whether the implied rate is plausible. Matches are ranked by fee share,
//! then delay.
//!
//! A transaction paid for by the deposit address itself is never the other leg:
//! that is the service moving the deposit on (a sweep into its hot wallet, which
//! on the same asset looks like a pay-out less a small fee). The other leg comes
//! from the service's pay-out wallet.

use crate::amount::{format_units_grouped, Amount};
use crate::analytics::arith::mul_div;
use crate::analytics::index::{AddrId, AssetId, CoinId, Index, TxId, XferId, NONE};
use crate::analytics::path::HopItem;
use crate::scenario::Category;

/// `num / den` base units of `to` per base unit of `from`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rate {
    pub from: AssetId,
    pub to: AssetId,
    pub num: u128,
    pub den: u128,
}

#[derive(Clone, Debug)]
pub struct LegParams {
    pub window_secs: i64,
    pub max_fee_bps: u32,
    pub rates: Vec<Rate>,
    /// At most this many candidates per pay-in.
    pub limit: usize,
}

impl Default for LegParams {
    fn default() -> Self {
        LegParams {
            window_secs: 6 * 3600,
            max_fee_bps: 300,
            rates: Vec::new(),
            limit: 10,
        }
    }
}

/// One payment: a UTXO output or an account transfer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Payment {
    pub tx: TxId,
    pub item: HopItem,
    pub to: AddrId,
    pub asset: Option<AssetId>,
    pub value: Amount,
}

impl Payment {
    pub fn output(ix: &Index, coin: CoinId) -> Option<Payment> {
        Some(Payment {
            tx: ix.coin_creator(coin)?,
            item: HopItem::Output(coin),
            to: ix.coin_address(coin),
            asset: ix.native_asset(ix.coin_creator(coin)?),
            value: ix.coin_value(coin),
        })
    }

    pub fn transfer(ix: &Index, x: XferId) -> Option<Payment> {
        Some(Payment {
            tx: ix.transfer_tx(x),
            item: HopItem::Transfer(x),
            to: ix.transfer_to(x)?,
            asset: ix.transfer_asset(x),
            value: ix.transfer_value(x),
        })
    }
}

/// Every payment a transaction makes: its outputs or its transfers, in order.
pub fn payments(ix: &Index, tx: TxId) -> Vec<Payment> {
    if ix.is_utxo(tx) {
        ix.outputs(tx)
            .filter_map(|c| Payment::output(ix, c))
            .collect()
    } else {
        ix.transfers(tx)
            .filter_map(|x| Payment::transfer(ix, x))
            .collect()
    }
}

/// How the rate of a match was obtained.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RateUsed {
    Given(Rate),
    SameAsset,
    /// No rate known for the pair: the candidate's implied rate.
    Derived,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LegMatch {
    pub pay_in: Payment,
    pub pay_out: Payment,
    pub rate: RateUsed,
    /// amount × rate (given or same-asset rates only).
    pub expected: Option<Amount>,
    /// expected − pay-out.
    pub fee: Option<Amount>,
    /// pay-out ÷ pay-in as a reduced fraction of base units.
    pub implied: (u128, u128),
    pub delay_secs: i64,
    /// The label category of a service paying the pay-out: a bridge or swap
    /// service pays out from its own wallet, so these candidates come first.
    /// When the pay-in address is labelled, only the same kind of service counts;
    /// when it is not (a deposit address nobody has attributed yet), any of
    /// [`LEG_SERVICES`].
    pub by_service: Option<Category>,
}

/// The kinds of service whose pay-outs are the other leg of a pay-in.
pub const LEG_SERVICES: [Category; 4] = [
    Category::Bridge,
    Category::SwapService,
    Category::Dex,
    Category::Mixer,
];

fn reduce(a: u128, b: u128) -> (u128, u128) {
    let (mut x, mut y) = (a, b);
    while y != 0 {
        (x, y) = (y, x % y);
    }
    let g = x.max(1);
    (a / g, b / g)
}

/// The addresses paying in transaction `t`: its inputs' coins' addresses, or its
/// transfers' senders.
fn payers(ix: &Index, t: TxId) -> impl Iterator<Item = AddrId> + '_ {
    let from_coins = ix
        .inputs(t)
        .iter()
        .filter(|&&c| c != NONE)
        .map(|&c| ix.coin_address(c));
    let from_transfers = ix.transfers(t).map(|x| ix.transfer_from(x));
    from_coins.chain(from_transfers).filter(|&a| a != NONE)
}

/// Candidate pay-outs for one pay-in, best first.
pub fn match_leg(ix: &Index, pay_in: &Payment, params: &LegParams) -> Vec<LegMatch> {
    let t_in = ix.tx_time(pay_in.tx);
    let service = ix.category(pay_in.to);
    let end = ix
        .tx_dt
        .partition_point(|&dt| ix.time_base + i64::from(dt) <= t_in + params.window_secs);
    let mut out: Vec<(u128, u128, LegMatch)> = Vec::new();
    for t in pay_in.tx + 1..end as TxId {
        if payers(ix, t).any(|a| a == pay_in.to) {
            continue; // the deposit moved on: not a pay-out (module documentation)
        }
        let by_service = payers(ix, t).find_map(|a| {
            let c = ix.category(a)?;
            let counts = match service {
                Some(s) => c == s,
                None => LEG_SERVICES.contains(&c),
            };
            counts.then_some(c)
        });
        for p in payments(ix, t) {
            if p.to == pay_in.to || p.value.0 == 0 {
                continue;
            }
            let given = params
                .rates
                .iter()
                .find(|r| Some(r.from) == pay_in.asset && Some(r.to) == p.asset)
                .copied();
            let rate = match given {
                Some(r) => RateUsed::Given(r),
                None if p.asset == pay_in.asset => RateUsed::SameAsset,
                None => RateUsed::Derived,
            };
            let (num, den) = match rate {
                RateUsed::Given(r) => (r.num, r.den),
                _ => (1, 1),
            };
            let delay = ix.tx_time(t) - t_in;
            let m = LegMatch {
                pay_in: *pay_in,
                pay_out: p,
                rate,
                expected: None,
                fee: None,
                implied: reduce(p.value.0, pay_in.value.0.max(1)),
                delay_secs: delay,
                by_service,
            };
            if rate == RateUsed::Derived {
                out.push((0, 1, m));
                continue;
            }
            let Some((expected, _)) = mul_div(pay_in.value.0, num, den) else {
                continue;
            };
            let Some(fee) = expected.checked_sub(p.value.0) else {
                continue;
            };
            let allowed =
                mul_div(expected, u128::from(params.max_fee_bps), 10_000).map_or(0, |q| q.0);
            if fee > allowed {
                continue;
            }
            out.push((
                fee,
                expected.max(1),
                LegMatch {
                    expected: Some(Amount(expected)),
                    fee: Some(Amount(fee)),
                    ..m
                },
            ));
        }
    }
    // Pay-outs by a service first, then rated matches, by fee
    // share (exact cross-multiplication), then delay.
    crate::sort::sort_by(&mut out, |a, b| {
        let derived = |m: &LegMatch| m.rate == RateUsed::Derived;
        b.2.by_service
            .is_some()
            .cmp(&a.2.by_service.is_some())
            .then(derived(&a.2).cmp(&derived(&b.2)))
            .then_with(|| match (mul_div(a.0, b.1, 1), mul_div(b.0, a.1, 1)) {
                (Some(x), Some(y)) => x.0.cmp(&y.0),
                _ => std::cmp::Ordering::Equal,
            })
            .then(a.2.delay_secs.cmp(&b.2.delay_secs))
            .then(a.2.pay_out.tx.cmp(&b.2.pay_out.tx))
    });
    out.truncate(params.limit);
    out.into_iter().map(|(_, _, m)| m).collect()
}

/// A sentence describing a match for the trainee.
pub fn describe(ix: &Index, m: &LegMatch) -> String {
    let fmt = |p: &Payment| {
        p.asset
            .and_then(|a| ix.asset(a))
            .map_or(p.value.to_string(), |a| {
                format!("{} {}", format_units_grouped(p.value, a.decimals), a.symbol)
            })
    };
    let mins = m.delay_secs / 60;
    let from_service = match m.by_service {
        Some(c) => format!(
            " It is paid by an address labelled \"{}\": a bridge or swap pays the other leg from its own wallet.",
            c.display()
        ),
        None => String::new(),
    };
    let sentence = match (m.rate, m.fee) {
        (RateUsed::Derived, _) => format!(
            "{} paid out {mins} min after {} was paid in; no rate is known for this pair, the implied rate is {}/{} base units.",
            fmt(&m.pay_out),
            fmt(&m.pay_in),
            m.implied.0,
            m.implied.1
        ),
        (_, Some(fee)) => format!(
            "{} paid out {mins} min after {} was paid in: the expected amount at the rate, less a fee of {} base units.",
            fmt(&m.pay_out),
            fmt(&m.pay_in),
            fee
        ),
        _ => String::new(),
    };
    sentence + &from_service
}

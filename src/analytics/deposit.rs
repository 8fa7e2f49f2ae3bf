//! Ethereum deposit-address detection (Victor, "Address Clustering Heuristics
//! for Ethereum", FC 2020; reference: `tracing-methods.md`).
//!
//! Exchanges give each customer a deposit address D and sweep it: EOA → D →
//! exchange. A transfer from D to an address *labelled* exchange that forwards
//! what D received shortly before (amount within α, by default 0.01 of the asset's
//! unit, and within τ = 3,200 blocks) marks D as a deposit address, and every
//! address feeding D as one customer (one cluster). The confidence of a pair is
//!
//!   κ = 1 − [½·|a_f − a_r| / α + ½·(t_f − t_r) / τ]
//!
//! with a_r, t_r the received amount and block, a_f, t_f the forwarded ones. κ is
//! computed as an exact fraction of integers ([`Kappa`]); its `f64` value is a
//! score for display, never money.

use crate::analytics::index::{AddrId, Event, Index, XferId};
use crate::scenario::{Category, Scenario};

#[derive(Clone, Debug)]
pub struct DepositParams {
    /// Amount tolerance in base units; `None`: 10^(decimals − 2) of the asset.
    pub alpha: Option<u128>,
    /// Block window.
    pub tau_blocks: u64,
}

impl Default for DepositParams {
    fn default() -> Self {
        DepositParams {
            alpha: None,
            tau_blocks: 3_200,
        }
    }
}

/// κ as the exact fraction `num / den` (reduced).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kappa {
    pub num: u128,
    pub den: u128,
}

impl Kappa {
    pub fn value(self) -> f64 {
        self.num as f64 / self.den as f64
    }
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// κ for one received/forwarded pair, or `None` outside the window (forwarded
/// before received, amounts further apart than α, or more than τ blocks later).
pub fn kappa(
    received: u128,
    forwarded: u128,
    received_block: u64,
    forwarded_block: u64,
    alpha: u128,
    tau: u64,
) -> Option<Kappa> {
    let dt = u128::from(forwarded_block.checked_sub(received_block)?);
    let da = received.abs_diff(forwarded);
    let tau = u128::from(tau);
    if alpha == 0 || tau == 0 || da > alpha || dt > tau {
        return None;
    }
    // κ = (2ατ − |Δa|·τ − Δt·α) / 2ατ
    let den = alpha.checked_mul(tau)?.checked_mul(2)?;
    let num = den - da * tau - dt * alpha;
    let g = gcd(num, den).max(1);
    Some(Kappa {
        num: num / g,
        den: den / g,
    })
}

/// One forward from a deposit address to an exchange, with the receipt it matches.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DepositMatch {
    pub received: XferId,
    pub forwarded: XferId,
    pub exchange: AddrId,
    pub kappa: Kappa,
}

/// An address found to be an exchange deposit address.
#[derive(Clone, Debug, PartialEq)]
pub struct DepositAddress {
    pub address: AddrId,
    pub matches: Vec<DepositMatch>,
    /// Every address that paid into it: one customer, by this heuristic.
    pub feeders: Vec<AddrId>,
}

fn is_exchange(ix: &Index, a: AddrId) -> bool {
    ix.category(a) == Some(Category::Exchange)
}

/// Finds deposit addresses on the account chains of a case.
pub fn deposit_addresses(
    ix: &Index,
    case: &Scenario,
    params: &DepositParams,
) -> Vec<DepositAddress> {
    let block = |x: XferId| {
        case.transactions
            .get(ix.tx_file_index(ix.transfer_tx(x)))
            .map_or(0, |t| t.block)
    };
    let mut found: Vec<DepositAddress> = Vec::new();
    for f in 0..ix.transfer_count() as XferId {
        let (d, Some(e)) = (ix.transfer_from(f), ix.transfer_to(f)) else {
            continue;
        };
        if !is_exchange(ix, e) || is_exchange(ix, d) {
            continue;
        }
        let asset = ix.transfer_asset(f);
        let alpha = params.alpha.unwrap_or_else(|| {
            let decimals = asset.and_then(|a| ix.asset(a)).map_or(2, |a| a.decimals);
            10u128.pow(u32::from(decimals.saturating_sub(2)))
        });
        let best = ix
            .events(d)
            .filter_map(|ev| match ev {
                Event::Transfer(r)
                    if r < f
                        && ix.transfer_to(r) == Some(d)
                        && ix.transfer_from(r) != d
                        && ix.transfer_asset(r) == asset =>
                {
                    kappa(
                        ix.transfer_value(r).0,
                        ix.transfer_value(f).0,
                        block(r),
                        block(f),
                        alpha,
                        params.tau_blocks,
                    )
                    .map(|k| (r, k))
                }
                _ => None,
            })
            .max_by(|a, b| a.1.value().total_cmp(&b.1.value()).then(a.0.cmp(&b.0)));
        let Some((r, k)) = best else { continue };
        let m = DepositMatch {
            received: r,
            forwarded: f,
            exchange: e,
            kappa: k,
        };
        match found.iter_mut().find(|x| x.address == d) {
            Some(x) => x.matches.push(m),
            None => found.push(DepositAddress {
                address: d,
                matches: vec![m],
                feeders: Vec::new(),
            }),
        }
    }
    for dep in &mut found {
        let mut feeders: Vec<AddrId> = ix
            .events(dep.address)
            .filter_map(|ev| match ev {
                Event::Transfer(x) if ix.transfer_to(x) == Some(dep.address) => {
                    Some(ix.transfer_from(x))
                }
                _ => None,
            })
            .filter(|&a| a != dep.address && !is_exchange(ix, a))
            .collect();
        crate::sort::sort_unstable(&mut feeders);
        feeders.dedup();
        dep.feeders = feeders;
    }
    crate::sort::sort_by_key(&mut found, |d| d.address);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_kappa() {
        // 1.000 ETH in at block 100, 0.999 ETH forwarded at block 150.
        let eth = 10u128.pow(18);
        let k = kappa(eth, eth - eth / 1_000, 100, 150, eth / 100, 3_200).unwrap();
        assert_eq!((k.num, k.den), (603, 640));
        assert_eq!(k.value(), 0.9421875);
    }

    #[test]
    fn outside_the_window_there_is_no_kappa() {
        let eth = 10u128.pow(18);
        assert_eq!(kappa(eth, eth / 2, 100, 150, eth / 100, 3_200), None);
        assert_eq!(kappa(eth, eth, 100, 3_301, eth / 100, 3_200), None);
        assert_eq!(kappa(eth, eth, 150, 100, eth / 100, 3_200), None);
        assert_eq!(
            kappa(eth, eth, 100, 100, eth / 100, 3_200),
            Some(Kappa { num: 1, den: 1 })
        );
    }
}

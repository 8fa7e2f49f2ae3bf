//! Auto-trace: follow the money from an address hop by hop, taking at each step
//! the largest outflow (or, given a taint result, the most tainted one), until it
//! reaches a service (by its *label*: exchange, mixer, bridge, OTC, swap service,
//! DEX — the trainee's attribution data, never the hidden owner), runs out, falls
//! below a minimum value, loops, or has taken the maximum number of hops.
//!
//! Hops are those of [`super::path::hops_from`]: later than the previous one, so
//! the trace moves forward in time. Ties go to the earlier hop, then the smaller
//! address id.
//!
//! "Largest" must not compare base units of different assets (a USDT payment of
//! 5,000 is 5·10⁹ units, 0.1 ETH is 10¹⁷). The case has no prices, so the trace
//! keeps to the money it is following: after the first hop it takes only hops in
//! the asset it arrived in, when the address paid any out; only where it did not
//! (the address converted the money elsewhere) does it look at every asset. Among
//! hops of different assets, amounts are compared in whole units (1 USDT against
//! 0.1 ETH), the one comparison the ledger supports without a rate.

use crate::amount::{parse_units, Amount, AmountError};
use crate::analytics::index::{AddrId, Index};
use crate::analytics::path::{hops_from, Hop, HopItem, STOP_CATEGORIES};
use crate::analytics::taint::Taint;
use crate::scenario::Category;
use std::cmp::Ordering;

#[derive(Clone, Debug)]
pub struct TraceParams {
    pub max_hops: usize,
    /// Stop when the followed outflow is smaller than this, in its own asset.
    pub min: Option<MinAmount>,
}

impl Default for TraceParams {
    fn default() -> Self {
        TraceParams {
            max_hops: 10,
            min: None,
        }
    }
}

/// A minimum payment as a person writes it ("0.5"): in the units of whatever
/// asset the next hop moves, so one stop rule works along a trail that changes
/// asset (a swap, a bridge). Kept as digits and a decimal scale, never a float.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MinAmount {
    digits: u128,
    scale: u8,
}

impl MinAmount {
    pub fn parse(text: &str) -> Result<MinAmount, AmountError> {
        let text = text.trim();
        let fraction = text.split_once('.').map_or("", |(_, f)| f);
        let scale = u8::try_from(fraction.len()).map_err(|_| AmountError::Overflow)?;
        Ok(MinAmount {
            digits: parse_units(text, scale)?.0,
            scale,
        })
    }

    /// The minimum in base units of an asset with `decimals`, rounded up (so a
    /// payment below the written amount never passes); saturates rather than wraps.
    pub fn in_base_units(self, decimals: u8) -> Amount {
        let (d, s) = (u32::from(decimals), u32::from(self.scale));
        Amount(if d >= s {
            times_ten_to(self.digits, d - s)
        } else {
            10u128
                .checked_pow(s - d)
                .map_or(u128::from(self.digits > 0), |p| self.digits.div_ceil(p))
        })
    }
}

/// Why the trace ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    Service(Category),
    NoOutflow,
    BelowMinimum,
    Loop,
    MaxHops,
}

impl Stop {
    pub fn as_str(self) -> &'static str {
        match self {
            Stop::Service(_) => "service",
            Stop::NoOutflow => "no_outflow",
            Stop::BelowMinimum => "below_minimum",
            Stop::Loop => "loop",
            Stop::MaxHops => "max_hops",
        }
    }

    pub fn describe(self) -> String {
        match self {
            Stop::Service(c) => format!(
                "Reached a service labelled {}: the next step is a request to it, not the ledger.",
                c.display()
            ),
            Stop::NoOutflow => "The money has not moved on (no later outgoing payment).".into(),
            Stop::BelowMinimum => "The largest next payment is below the minimum value.".into(),
            Stop::Loop => "The next payment goes back to an address already on the trace.".into(),
            Stop::MaxHops => "Stopped after the maximum number of hops.".into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceStep {
    pub hop: Hop,
    /// The tainted part of the hop, when tracing by taint.
    pub tainted: Option<Amount>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trace {
    pub steps: Vec<TraceStep>,
    pub stop: Stop,
}

/// Auto-traces from `start`. With `taint`, follows the outflow carrying the most
/// taint (and stops when none carries any); otherwise the largest outflow.
pub fn auto_trace(ix: &Index, start: AddrId, params: &TraceParams, taint: Option<&Taint>) -> Trace {
    let mut steps: Vec<TraceStep> = Vec::new();
    let mut visited = vec![start];
    let (mut at, mut after) = (start, 0u64);
    let mut hops = Vec::new();
    let tainted_of = |h: &Hop| {
        taint.map(|t| match h.item {
            HopItem::Output(c) => t.coin(c),
            HopItem::Transfer(x) => t.transfer(x),
        })
    };
    let asset = taint.and_then(|t| t.asset);
    let decimals = |h: &Hop| h.asset.and_then(|a| ix.asset(a)).map_or(0, |a| a.decimals);
    let mut arrived_in = None;
    let stop = loop {
        if let Some(c) = ix.category(at).filter(|c| STOP_CATEGORIES.contains(c)) {
            break Stop::Service(c);
        }
        if steps.len() >= params.max_hops {
            break Stop::MaxHops;
        }
        hops_from(ix, at, after, asset, &mut hops);
        if arrived_in.is_some() && hops.iter().any(|h| h.asset == arrived_in) {
            hops.retain(|h| h.asset == arrived_in);
        }
        let weight = |h: &Hop| (tainted_of(h).unwrap_or(h.value), decimals(h));
        let best = hops.iter().copied().reduce(|best, h| {
            if compare_whole_units(weight(&h), weight(&best)) == Ordering::Greater {
                h
            } else {
                best
            }
        });
        let Some(h) = best.filter(|h| weight(h).0 > Amount::ZERO || taint.is_none()) else {
            break Stop::NoOutflow;
        };
        if let Some(min) = params.min {
            if h.value < min.in_base_units(decimals(&h)) {
                break Stop::BelowMinimum;
            }
        }
        if visited.contains(&h.to) {
            break Stop::Loop;
        }
        steps.push(TraceStep {
            hop: h,
            tainted: tainted_of(&h),
        });
        visited.push(h.to);
        at = h.to;
        after = h.key;
        arrived_in = h.asset;
    };
    Trace { steps, stop }
}

/// Compares two amounts given as (base units, decimals) in whole units of their
/// assets, exactly: the one with fewer decimals is scaled up. Scaling saturates,
/// which can only matter for amounts beyond 10²⁰ whole units.
fn compare_whole_units((a, a_dec): (Amount, u8), (b, b_dec): (Amount, u8)) -> Ordering {
    let top = a_dec.max(b_dec);
    let scaled = |v: u128, dec: u8| times_ten_to(v, u32::from(top - dec));
    scaled(a.0, a_dec).cmp(&scaled(b.0, b_dec))
}

/// `v` × 10^`exp`, saturating at `u128::MAX` instead of wrapping.
fn times_ten_to(v: u128, exp: u32) -> u128 {
    10u128
        .checked_pow(exp)
        .and_then(|p| v.checked_mul(p))
        .unwrap_or(u128::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_of_different_assets_compare_in_whole_units() {
        let usdt = |v: u128| (Amount(v), 6);
        let eth = |v: u128| (Amount(v), 18);
        // 5 USDT against 0.1 ETH: more whole units, although fewer base units.
        assert_eq!(
            compare_whole_units(usdt(5_000_000), eth(100_000_000_000_000_000)),
            Ordering::Greater
        );
        assert_eq!(
            compare_whole_units(usdt(1_000_000), eth(1_000_000_000_000_000_000)),
            Ordering::Equal
        );
        assert_eq!(compare_whole_units(usdt(1), usdt(2)), Ordering::Less);
        assert_eq!(
            compare_whole_units((Amount(u128::MAX), 0), eth(1)),
            Ordering::Greater
        );
    }

    #[test]
    fn a_minimum_is_read_in_each_assets_units_and_rounded_up() {
        let min = |text: &str| MinAmount::parse(text).unwrap();
        assert_eq!(min("0.01").in_base_units(8), Amount(1_000_000));
        assert_eq!(min("1").in_base_units(0), Amount(1));
        assert_eq!(min("1").in_base_units(6), Amount(1_000_000));
        assert_eq!(min(" 0.015 ").in_base_units(2), Amount(2));
        assert_eq!(min("0.001").in_base_units(0), Amount(1));
        assert_eq!(min("0").in_base_units(18), Amount(0));
        assert_eq!(min("1").in_base_units(60), Amount(u128::MAX));
        for bad in ["", "1x", "1.2.3", "-1", "1e5"] {
            assert!(MinAmount::parse(bad).is_err(), "{bad:?}");
        }
    }
}

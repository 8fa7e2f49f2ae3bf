//! Auto-trace: follow the money from an address hop by hop, taking at each step
//! the largest outflow (or, given a taint result, the most tainted one), until it
//! reaches a service (by its *label*: exchange, mixer, bridge, OTC, swap service,
//! DEX — the trainee's attribution data, never the hidden owner), runs out, falls
//! below a minimum value, loops, or has taken the maximum number of hops.
//!
//! Hops are those of [`super::path::hops_from`]: later than the previous one, so
//! the trace moves forward in time. Ties go to the earlier hop, then the smaller
//! address id.

use crate::amount::Amount;
use crate::analytics::index::{AddrId, Index};
use crate::analytics::path::{hops_from, Hop, HopItem, STOP_CATEGORIES};
use crate::analytics::taint::Taint;
use crate::scenario::Category;

#[derive(Clone, Debug)]
pub struct TraceParams {
    pub max_hops: usize,
    /// Stop when the followed outflow is smaller than this.
    pub min_value: Amount,
}

impl Default for TraceParams {
    fn default() -> Self {
        TraceParams {
            max_hops: 10,
            min_value: Amount::ZERO,
        }
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
    let stop = loop {
        if let Some(c) = ix.category(at).filter(|c| STOP_CATEGORIES.contains(c)) {
            break Stop::Service(c);
        }
        if steps.len() >= params.max_hops {
            break Stop::MaxHops;
        }
        hops_from(ix, at, after, asset, &mut hops);
        let weight = |h: &Hop| tainted_of(h).unwrap_or(h.value);
        let best = hops.iter().copied().reduce(
            |best, h| {
                if weight(&h) > weight(&best) {
                    h
                } else {
                    best
                }
            },
        );
        let Some(h) = best.filter(|h| weight(h) > Amount::ZERO || taint.is_none()) else {
            break Stop::NoOutflow;
        };
        if h.value < params.min_value {
            break Stop::BelowMinimum;
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
    };
    Trace { steps, stop }
}

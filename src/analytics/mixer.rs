//! Linking deposits into and withdrawals from a mixing pool (Tornado-style pools
//! of fixed denominations; heuristics after Wang et al., "On How Zero-Knowledge
//! Proof Blockchain Mixers Improve, and Worsen User Privacy", WWW 2023; reference:
//! `tracing-methods.md`). Mixer addresses are those *labelled* mixer.
//!
//! - **Same address**: an address withdraws from a pool it deposited into earlier.
//! - **Portfolio**: the multiset of values one address withdraws equals the
//!   multiset another deposited (at least `min_portfolio` transfers, e.g. 2 × 10 +
//!   1 × 1 ETH), all withdrawals come after all deposits, and the last withdrawal
//!   is within `window_secs` (24 h) of the last deposit.
//!
//! These are leads for the trainee, not proof: common denominations match by
//! chance, which is why a portfolio needs several transfers.

use std::collections::BTreeMap;

use crate::amount::format_units_grouped;
use crate::analytics::index::{AddrId, Index, XferId};
use crate::scenario::Category;

#[derive(Clone, Debug)]
pub struct MixerParams {
    pub window_secs: i64,
    pub min_portfolio: usize,
}

impl Default for MixerParams {
    fn default() -> Self {
        MixerParams {
            window_secs: 24 * 3600,
            min_portfolio: 2,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MixerRule {
    SameAddress,
    Portfolio,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MixerLink {
    pub rule: MixerRule,
    pub mixer: AddrId,
    pub depositor: AddrId,
    pub recipient: AddrId,
    pub deposits: Vec<XferId>,
    pub withdrawals: Vec<XferId>,
    pub reason: String,
}

/// Every link the two rules find, by mixer, then depositor, then recipient.
pub fn mixer_links(ix: &Index, params: &MixerParams) -> Vec<MixerLink> {
    // Per mixer: deposits by depositor and withdrawals by recipient.
    type ByAddr = BTreeMap<AddrId, Vec<XferId>>;
    let mut pools: BTreeMap<AddrId, (ByAddr, ByAddr)> = BTreeMap::new();
    for x in 0..ix.transfer_count() as XferId {
        let (from, Some(to)) = (ix.transfer_from(x), ix.transfer_to(x)) else {
            continue;
        };
        let mixer = |a| ix.category(a) == Some(Category::Mixer);
        if mixer(to) && !mixer(from) {
            pools
                .entry(to)
                .or_default()
                .0
                .entry(from)
                .or_default()
                .push(x);
        } else if mixer(from) && !mixer(to) {
            pools
                .entry(from)
                .or_default()
                .1
                .entry(to)
                .or_default()
                .push(x);
        }
    }
    let time = |x: XferId| ix.tx_time(ix.transfer_tx(x));
    let amount = |x: XferId| {
        let v = ix.transfer_value(x);
        ix.transfer_asset(x)
            .and_then(|a| ix.asset(a))
            .map_or(v.to_string(), |a| {
                format!("{} {}", format_units_grouped(v, a.decimals), a.symbol)
            })
    };
    let mut links = Vec::new();
    for (&mixer, (deposits, withdrawals)) in &pools {
        for (&r, ws) in withdrawals {
            if let Some(ds) = deposits.get(&r) {
                let first_w = ws.iter().map(|&w| time(w)).min().unwrap_or(i64::MAX);
                let before: Vec<XferId> =
                    ds.iter().copied().filter(|&d| time(d) <= first_w).collect();
                if !before.is_empty() {
                    links.push(MixerLink {
                        rule: MixerRule::SameAddress,
                        mixer,
                        depositor: r,
                        recipient: r,
                        deposits: before,
                        withdrawals: ws.clone(),
                        reason: "The same address deposited into the pool and later withdrew from it: the mixer hid nothing.".into(),
                    });
                }
            }
        }
        let key = |xs: &[XferId]| {
            let mut v: Vec<u128> = xs.iter().map(|&x| ix.transfer_value(x).0).collect();
            crate::sort::sort_unstable(&mut v);
            v
        };
        for (&d, ds) in deposits {
            if ds.len() < params.min_portfolio {
                continue;
            }
            let dkey = key(ds);
            let last_d = ds.iter().map(|&x| time(x)).max().unwrap_or(i64::MIN);
            for (&r, ws) in withdrawals {
                if r == d || ws.len() != ds.len() || key(ws) != dkey {
                    continue;
                }
                let first_w = ws.iter().map(|&x| time(x)).min().unwrap_or(i64::MIN);
                let last_w = ws.iter().map(|&x| time(x)).max().unwrap_or(i64::MAX);
                if first_w < last_d || last_w - last_d > params.window_secs {
                    continue;
                }
                let list: Vec<String> = ds.iter().map(|&x| amount(x)).collect();
                links.push(MixerLink {
                    rule: MixerRule::Portfolio,
                    mixer,
                    depositor: d,
                    recipient: r,
                    deposits: ds.clone(),
                    withdrawals: ws.clone(),
                    reason: format!(
                        "One address deposited {} and another withdrew exactly the same set within {} hours after: probably the same person.",
                        list.join(" + "),
                        params.window_secs / 3600
                    ),
                });
            }
        }
    }
    links
}

//! CoinJoin detection: transactions where several people pay together, so their
//! inputs do *not* share an owner and clustering must skip them.
//!
//! Two rules, either one suffices:
//!
//! - **BlockSci's rule** (Kalodner et al., BlockSci, `isCoinjoin`; reference:
//!   `tracing-methods.md`): at least 2 inputs and 3 outputs; with
//!   p = (outputs + 1) / 2 participants (each takes an equal output and usually
//!   change), p is at most the number of inputs and at most the number of distinct
//!   input addresses, and the most common output value occurs exactly p times.
//! - **Equal-output round** (ours, for Whirlpool-style rounds where every output is
//!   the pool denomination and there is no change, which BlockSci's rule misses
//!   because p = 3 of 5 outputs): at least 3 outputs, all of one value and to
//!   distinct addresses, that value a known pool denomination (default: Whirlpool's
//!   0.001, 0.01, 0.05 and 0.5 BTC; an empty list accepts any value), at least as
//!   many distinct input addresses as outputs, at most twice as many inputs as
//!   outputs, and no output back to an input address.

use crate::amount::format_units_grouped;
use crate::analytics::index::{AddrId, Index, TxId, NONE};

/// Parameters of the equal-output rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoinJoinRules {
    /// Pool denominations in base units; empty accepts any equal value.
    pub pool_denominations: Vec<u128>,
}

impl Default for CoinJoinRules {
    /// Whirlpool's pools: 0.001, 0.01, 0.05 and 0.5 BTC.
    fn default() -> Self {
        CoinJoinRules {
            pool_denominations: vec![100_000, 1_000_000, 5_000_000, 50_000_000],
        }
    }
}

/// Which rule recognised a CoinJoin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoinJoinRule {
    BlockSci,
    EqualOutputRound,
}

/// A CoinJoin verdict with a sentence for the trainee.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoinJoinVerdict {
    pub rule: Option<CoinJoinRule>,
    pub reason: String,
}

impl CoinJoinVerdict {
    pub fn is_coinjoin(&self) -> bool {
        self.rule.is_some()
    }
}

/// Reusable buffers, so checking a million transactions allocates nothing.
#[derive(Default)]
pub struct Scratch {
    addrs: Vec<AddrId>,
    values: Vec<u128>,
}

/// What a failed check says, or which rule matched, with the numbers for the text.
enum Outcome {
    Match(CoinJoinRule, usize, u128),
    Fail(&'static str),
}

/// Classifies a transaction given its input addresses and its outputs.
fn classify(
    inputs: &[AddrId],
    outputs: &[(AddrId, u128)],
    rules: &CoinJoinRules,
    s: &mut Scratch,
) -> Outcome {
    let (n_in, n_out) = (inputs.len(), outputs.len());
    if n_out < 3 || n_in < 2 {
        return Outcome::Fail("a CoinJoin needs at least 2 inputs and 3 outputs");
    }
    s.addrs.clear();
    s.addrs.extend_from_slice(inputs);
    crate::sort::sort_unstable(&mut s.addrs);
    s.addrs.dedup();
    let distinct_in = s.addrs.len();
    s.values.clear();
    s.values.extend(outputs.iter().map(|o| o.1));
    crate::sort::sort_unstable(&mut s.values);
    // Most common output value and its count (ties: the smaller value).
    let (mut best, mut best_n, mut i) = (0u128, 0usize, 0usize);
    while i < s.values.len() {
        let v = s.values[i];
        let j = s.values[i..].partition_point(|&x| x == v) + i;
        if j - i > best_n {
            best = v;
            best_n = j - i;
        }
        i = j;
    }
    let p = n_out.div_ceil(2);
    if p <= n_in && p <= distinct_in && best_n == p {
        return Outcome::Match(CoinJoinRule::BlockSci, p, best);
    }
    // Equal-output round.
    let all_equal = best_n == n_out;
    let pool_ok = rules.pool_denominations.is_empty() || rules.pool_denominations.contains(&best);
    let distinct_out = {
        let mut outs: Vec<AddrId> = outputs.iter().map(|o| o.0).collect();
        crate::sort::sort_unstable(&mut outs);
        outs.dedup();
        outs.len()
    };
    let back_to_input = outputs.iter().any(|o| s.addrs.binary_search(&o.0).is_ok());
    if all_equal
        && pool_ok
        && distinct_out == n_out
        && distinct_in >= n_out
        && n_in <= 2 * n_out
        && !back_to_input
    {
        return Outcome::Match(CoinJoinRule::EqualOutputRound, n_out, best);
    }
    if all_equal && !pool_ok {
        return Outcome::Fail(
            "the outputs are all equal, but not a known mixing-pool denomination",
        );
    }
    if best_n != p && !all_equal {
        return Outcome::Fail("the outputs do not include one equal output per participant");
    }
    Outcome::Fail("there are too few distinct input addresses for that many participants")
}

fn gather(ix: &Index, tx: TxId, inputs: &mut Vec<AddrId>, outputs: &mut Vec<(AddrId, u128)>) {
    inputs.clear();
    outputs.clear();
    inputs.extend(
        ix.inputs(tx)
            .iter()
            .filter(|&&c| c != NONE)
            .map(|&c| ix.coin_address(c)),
    );
    outputs.extend(
        ix.outputs(tx)
            .map(|c| (ix.coin_address(c), ix.coin_val.get(c))),
    );
}

/// Fast check for clustering: is this UTXO transaction a CoinJoin?
pub fn is_coinjoin(
    ix: &Index,
    tx: TxId,
    rules: &CoinJoinRules,
    s: &mut Scratch,
    buf: &mut (Vec<AddrId>, Vec<(AddrId, u128)>),
) -> bool {
    if !ix.is_utxo(tx) || ix.inputs(tx).len() < 2 || ix.outputs(tx).len() < 3 {
        return false;
    }
    gather(ix, tx, &mut buf.0, &mut buf.1);
    matches!(classify(&buf.0, &buf.1, rules, s), Outcome::Match(..))
}

/// The verdict on one transaction, with its reason.
pub fn coinjoin_verdict(ix: &Index, tx: TxId, rules: &CoinJoinRules) -> CoinJoinVerdict {
    if !ix.is_utxo(tx) {
        return CoinJoinVerdict {
            rule: None,
            reason: "Not a UTXO transaction: CoinJoins are a UTXO technique.".into(),
        };
    }
    let (mut inputs, mut outputs) = (Vec::new(), Vec::new());
    gather(ix, tx, &mut inputs, &mut outputs);
    let (decimals, symbol) = ix
        .native_asset(tx)
        .and_then(|a| ix.asset(a))
        .map_or((0, String::new()), |a| {
            (a.decimals, format!(" {}", a.symbol))
        });
    let amount = |v: u128| {
        format!(
            "{}{symbol}",
            format_units_grouped(crate::amount::Amount(v), decimals)
        )
    };
    match classify(&inputs, &outputs, rules, &mut Scratch::default()) {
        Outcome::Match(CoinJoinRule::BlockSci, p, v) => CoinJoinVerdict {
            rule: Some(CoinJoinRule::BlockSci),
            reason: format!(
                "CoinJoin (BlockSci rule): {} inputs and {} outputs, {p} of them worth exactly {} — one equal output per participant, usually with change. Its inputs belong to different people: do not cluster them.",
                inputs.len(),
                outputs.len(),
                amount(v)
            ),
        },
        Outcome::Match(CoinJoinRule::EqualOutputRound, n, v) => CoinJoinVerdict {
            rule: Some(CoinJoinRule::EqualOutputRound),
            reason: format!(
                "CoinJoin round: all {n} outputs are worth {}, a mixing-pool denomination, paid for by {} different input addresses. Its inputs belong to different people: do not cluster them.",
                amount(v),
                {
                    let mut a = inputs.clone();
                    crate::sort::sort_unstable(&mut a);
                    a.dedup();
                    a.len()
                }
            ),
        },
        Outcome::Fail(why) => CoinJoinVerdict {
            rule: None,
            reason: format!("Not a CoinJoin: {why}."),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(inputs: &[AddrId], outputs: &[(AddrId, u128)], expected: Option<CoinJoinRule>) {
        let got = match classify(
            inputs,
            outputs,
            &CoinJoinRules::default(),
            &mut Scratch::default(),
        ) {
            Outcome::Match(rule, ..) => Some(rule),
            Outcome::Fail(_) => None,
        };
        assert_eq!(got, expected, "{inputs:?} → {outputs:?}");
    }

    #[test]
    fn reference_examples() {
        // 5 distinct inputs; 5 × 5,000,000 sat + 4 change → BlockSci CoinJoin.
        let mut outs: Vec<(AddrId, u128)> = (10..15).map(|a| (a, 5_000_000)).collect();
        outs.extend([
            (20, 1_234_567),
            (21, 2_345_678),
            (22, 345_678),
            (23, 4_567_890),
        ]);
        check(&[1, 2, 3, 4, 5], &outs, Some(CoinJoinRule::BlockSci));
        // Whirlpool 5-in/5-out at 0.01 BTC: BlockSci's p = 3 ≠ 5, our round rule fires.
        let round: Vec<(AddrId, u128)> = (10..15).map(|a| (a, 1_000_000)).collect();
        check(
            &[1, 2, 3, 4, 5],
            &round,
            Some(CoinJoinRule::EqualOutputRound),
        );
    }

    #[test]
    fn ordinary_payments_are_not_coinjoins() {
        // Payment plus change.
        check(&[1], &[(2, 500), (3, 400)], None);
        // Batch payout from one wallet (two inputs of one address).
        check(&[1, 1], &[(2, 100), (3, 200), (4, 300)], None);
        // Equal outputs but not a pool denomination.
        check(&[1, 2, 3], &[(4, 777), (5, 777), (6, 777)], None);
        // Equal pool outputs from a single payer address.
        check(
            &[1, 1, 1],
            &[(4, 100_000), (5, 100_000), (6, 100_000)],
            None,
        );
        // Too few distinct input addresses for BlockSci's p.
        let outs: Vec<(AddrId, u128)> = (10..15)
            .map(|a| (a, 5_000_000))
            .chain([(20, 1), (21, 2), (22, 3), (23, 4)])
            .collect();
        check(&[1, 1, 1, 2, 2], &outs, None);
    }
}

//! Taint through a UTXO ledger: every transaction from the source on, in time
//! order, split by [`super::split`]'s rules.
//!
//! The loop visits only transactions that spend a tainted coin, each once, in
//! [`TxId`] order (time order; a min-heap of pending spenders), sums the taint of
//! the coins it spends and splits it onto its outputs and fee. A coin's taint is a `u128` in a dense array; for FIFO and LIFO a coin
//! that is partly tainted also has its segments in an append-only arena. Scratch
//! buffers are reused, so nothing is allocated per transaction; a transaction the
//! taint never reaches costs nothing.
//!
//! Seed coins (the source) are tainted in full before the loop and keep that taint
//! even if the transaction that creates them is visited: the source injects taint.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::analytics::arith::apportion;
use crate::analytics::index::{CoinId, Index, TxId, NONE};

use super::split::{push_seg, tiho, Cutter, Seg};
use super::Method;

pub(super) struct UtxoTaint {
    pub coins: Vec<u128>,
    pub fees: Vec<(TxId, u128)>,
}

/// Per-coin segments for FIFO/LIFO: only partly tainted coins have an entry.
struct Segments {
    of_coin: Vec<u32>,
    ranges: Vec<(u32, u32)>,
    arena: Vec<Seg>,
}

impl Segments {
    fn get(&self, coin: CoinId) -> Option<&[Seg]> {
        match self.of_coin[coin as usize] {
            NONE => None,
            r => {
                let (start, len) = self.ranges[r as usize];
                Some(&self.arena[start as usize..(start + len) as usize])
            }
        }
    }

    fn set(&mut self, coin: CoinId, segs: &[Seg]) {
        self.of_coin[coin as usize] = self.ranges.len() as u32;
        self.ranges
            .push((self.arena.len() as u32, segs.len() as u32));
        self.arena.extend_from_slice(segs);
    }
}

pub(super) fn propagate(ix: &Index, method: Method, chain: u8, seeds: &[CoinId]) -> UtxoTaint {
    let n_coins = ix.coin_count();
    let mut coins = vec![0u128; n_coins];
    let mut fees = Vec::new();
    // Transactions to visit: the spenders of tainted coins, smallest TxId (earliest)
    // first, each once. Only the part of the ledger the taint reaches is touched.
    let mut queue: BinaryHeap<Reverse<TxId>> = BinaryHeap::new();
    let mut queued = vec![0u64; ix.tx_count().div_ceil(64)];
    let mut enqueue = |queue: &mut BinaryHeap<Reverse<TxId>>, coin: CoinId| {
        if let Some(s) = ix.coin_spender(coin) {
            let (w, bit) = (s as usize / 64, 1u64 << (s % 64));
            if queued[w] & bit == 0 {
                queued[w] |= bit;
                queue.push(Reverse(s));
            }
        }
    };
    for &c in seeds {
        coins[c as usize] = ix.coin_val.get(c);
        enqueue(&mut queue, c);
    }
    let positional = matches!(method, Method::Fifo | Method::Lifo);
    let mut segs = Segments {
        of_coin: if positional {
            vec![NONE; n_coins]
        } else {
            Vec::new()
        },
        ranges: Vec::new(),
        arena: Vec::new(),
    };
    // Reused scratch space.
    let mut weights: Vec<u128> = Vec::new();
    let mut shares: Vec<u128> = Vec::new();
    let mut rem: Vec<(u128, u32)> = Vec::new();
    let mut order: Vec<u32> = Vec::new();
    let mut stream: Vec<Seg> = Vec::new();
    let mut piece: Vec<Seg> = Vec::new();
    let mut seed_cursor = 0usize;

    while let Some(Reverse(t)) = queue.pop() {
        let t_us = t as usize;
        let ins = &ix.inputs[ix.in_off[t_us] as usize..ix.in_off[t_us + 1] as usize];
        let mut tainted_in = 0u128;
        let mut total_in = 0u128;
        let mut all_full = true;
        for &c in ins {
            if c == NONE {
                continue;
            }
            let v = ix.coin_val.get(c);
            let k = coins[c as usize];
            tainted_in += k;
            total_in = total_in.saturating_add(v);
            all_full &= k == v;
        }
        if tainted_in == 0 || ix.tx_chain[t_us] != chain {
            continue;
        }
        let (o0, o1) = (ix.out_off[t_us], ix.out_off[t_us + 1]);
        let n_out = (o1 - o0) as usize;
        weights.clear();
        let mut total_out = 0u128;
        for o in o0..o1 {
            let v = ix.coin_val.get(o);
            weights.push(v);
            total_out = total_out.saturating_add(v);
        }
        let fee = total_in.saturating_sub(total_out);
        weights.push(fee);
        shares.clear();
        shares.resize(n_out + 1, 0);
        match method {
            Method::Poison => shares.copy_from_slice(&weights),
            Method::Haircut | Method::Libr => {
                apportion(tainted_in, &weights, &mut shares, &mut rem);
            }
            Method::Tiho => tiho(tainted_in, &weights[..n_out], fee, &mut shares, &mut order),
            Method::Fifo | Method::Lifo if all_full && total_out <= total_in => {
                shares.copy_from_slice(&weights)
            }
            Method::Fifo | Method::Lifo => {
                stream.clear();
                for &c in ins {
                    if c == NONE {
                        continue;
                    }
                    match segs.get(c) {
                        Some(s) => s.iter().for_each(|&s| push_seg(&mut stream, s)),
                        None => {
                            let v = ix.coin_val.get(c);
                            push_seg(
                                &mut stream,
                                Seg {
                                    len: v,
                                    tainted: v > 0 && coins[c as usize] == v,
                                },
                            );
                        }
                    }
                }
                let mut cut = Cutter::new(&stream, method == Method::Fifo);
                for (i, o) in (o0..o1).enumerate() {
                    let k = cut.take(weights[i], &mut piece);
                    shares[i] = k;
                    if k > 0 && k < weights[i] {
                        segs.set(o, &piece);
                    }
                }
                shares[n_out] = cut.rest_tainted();
            }
        }
        for (i, o) in (o0..o1).enumerate() {
            while seed_cursor < seeds.len() && seeds[seed_cursor] < o {
                seed_cursor += 1;
            }
            if seeds.get(seed_cursor) != Some(&o) {
                coins[o as usize] = shares[i];
            } else if positional {
                segs.of_coin[o as usize] = NONE;
            }
            if coins[o as usize] > 0 {
                enqueue(&mut queue, o);
            }
        }
        if shares[n_out] > 0 {
            fees.push((t, shares[n_out]));
        }
    }
    UtxoTaint { coins, fees }
}

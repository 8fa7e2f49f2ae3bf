//! How one UTXO transaction passes taint from its inputs to its outputs and fee.
//!
//! Definitions (reference: `tracing-methods.md`, "Taint methods"; poison and
//! haircut as named by Möser, Böhme and Breuker 2013; FIFO after Clayton's Case as
//! argued by Anderson et al., "Bitcoin Redux", WEIS 2018; LIFO and TIHO as compared
//! by Tironsakkul et al. 2019):
//!
//! - **Poison**: one tainted input taints every output and the fee in full.
//! - **Haircut**: the tainted input value is shared over the outputs and the fee in
//!   proportion to their values, by exact largest-remainder apportionment
//!   ([`super::super::arith::apportion`]), so the shares add up to the tainted
//!   input exactly.
//! - **FIFO**: the inputs' value is laid end to end in input order; outputs are cut
//!   off the front in output order; the fee is what is left at the tail.
//! - **LIFO**: the same stream, but outputs are cut off the back (the last input
//!   first); the fee is what is left at the front.
//! - **TIHO**: the tainted input total fills the largest outputs first (ties: lower
//!   output index); only what exceeds all outputs reaches the fee.
//!
//! FIFO and LIFO are positional, so a coin remembers *where* its taint sits: a coin
//! is a list of segments ([`Seg`]), each wholly clean or wholly tainted, in stream
//! order. Every piece cut from a stream keeps the order it had in the stream. If
//! the outputs claim more than the inputs hold (an invalid case), the missing part
//! is untraced and counted clean.

use crate::analytics::arith::apportion;

use super::Method;

/// A run of value inside a coin or an account queue, wholly tainted or clean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seg {
    pub len: u128,
    pub tainted: bool,
}

impl Seg {
    pub fn clean(len: u128) -> Seg {
        Seg {
            len,
            tainted: false,
        }
    }

    pub fn tainted(len: u128) -> Seg {
        Seg { len, tainted: true }
    }
}

/// Appends a segment, merging it with the last one when both have the same kind.
pub(crate) fn push_seg(segs: &mut Vec<Seg>, s: Seg) {
    if s.len == 0 {
        return;
    }
    match segs.last_mut() {
        Some(last) if last.tainted == s.tainted => last.len += s.len,
        _ => segs.push(s),
    }
}

pub(crate) fn tainted_sum(segs: &[Seg]) -> u128 {
    segs.iter().filter(|s| s.tainted).map(|s| s.len).sum()
}

/// Cuts pieces off a segment stream, from the front (FIFO) or the back (LIFO).
pub(crate) struct Cutter<'a> {
    stream: &'a [Seg],
    /// Front: next segment to use. Back: one past the next segment to use.
    idx: usize,
    /// Value already taken from the segment at the cursor.
    off: u128,
    front: bool,
}

impl<'a> Cutter<'a> {
    pub(crate) fn new(stream: &'a [Seg], front: bool) -> Cutter<'a> {
        Cutter {
            stream,
            idx: if front { 0 } else { stream.len() },
            off: 0,
            front,
        }
    }

    /// Takes `value` off the stream into `out` (cleared first), in stream order.
    /// Returns the tainted part.
    pub(crate) fn take(&mut self, value: u128, out: &mut Vec<Seg>) -> u128 {
        out.clear();
        let mut need = value;
        if self.front {
            while need > 0 && self.idx < self.stream.len() {
                let s = self.stream[self.idx];
                let k = (s.len - self.off).min(need);
                push_seg(out, Seg { len: k, ..s });
                need -= k;
                self.off += k;
                if self.off == s.len {
                    self.idx += 1;
                    self.off = 0;
                }
            }
            push_seg(out, Seg::clean(need));
        } else {
            let mut raw_end = 0;
            while need > 0 && self.idx > 0 {
                let s = self.stream[self.idx - 1];
                let k = (s.len - self.off).min(need);
                out.push(Seg { len: k, ..s });
                raw_end += 1;
                need -= k;
                self.off += k;
                if self.off == s.len {
                    self.idx -= 1;
                    self.off = 0;
                }
            }
            if need > 0 {
                out.push(Seg::clean(need));
                raw_end += 1;
            }
            out[..raw_end].reverse();
            normalize(out);
        }
        tainted_sum(out)
    }

    /// The tainted value not taken yet.
    pub(crate) fn rest_tainted(&self) -> u128 {
        let (range, partial) = if self.front {
            (self.idx..self.stream.len(), self.stream.get(self.idx))
        } else {
            (
                0..self.idx,
                self.idx.checked_sub(1).map(|i| &self.stream[i]),
            )
        };
        let whole = tainted_sum(&self.stream[range]);
        match partial {
            Some(s) if s.tainted => whole - self.off,
            _ => whole,
        }
    }
}

/// Merges neighbours of the same kind and drops empty segments.
fn normalize(segs: &mut Vec<Seg>) {
    let mut w = 0;
    for r in 0..segs.len() {
        let s = segs[r];
        if s.len == 0 {
            continue;
        }
        if w > 0 && segs[w - 1].tainted == s.tainted {
            segs[w - 1].len += s.len;
        } else {
            segs[w] = s;
            w += 1;
        }
    }
    segs.truncate(w);
}

/// The outcome of one transaction: each output's tainted amount (and, for FIFO and
/// LIFO, its segments) and the fee's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TxSplit {
    pub outputs: Vec<u128>,
    /// Per output, its segments (FIFO and LIFO only; empty otherwise).
    pub output_segs: Vec<Vec<Seg>>,
    pub fee: u128,
}

/// Splits one UTXO transaction by `method`. Each input is its segments (a clean
/// coin of 300 is `[Seg::clean(300)]`); outputs are values; the fee is what the
/// inputs hold beyond the outputs. LIBR is not defined for a UTXO transaction and
/// is treated as haircut here; [`super::run`] refuses it on UTXO chains.
pub fn split_utxo(method: Method, inputs: &[Vec<Seg>], outputs: &[u128]) -> TxSplit {
    let total_in: u128 = inputs.iter().flatten().map(|s| s.len).sum();
    let tainted_in: u128 = inputs.iter().map(|c| tainted_sum(c)).sum();
    let total_out: u128 = outputs.iter().sum();
    let fee = total_in.saturating_sub(total_out);
    let mut shares = vec![0u128; outputs.len() + 1];
    let mut output_segs = Vec::new();
    match method {
        Method::Poison => {
            if tainted_in > 0 {
                shares[..outputs.len()].copy_from_slice(outputs);
                shares[outputs.len()] = fee;
            }
        }
        Method::Haircut | Method::Libr => {
            let mut weights = outputs.to_vec();
            weights.push(fee);
            apportion(tainted_in, &weights, &mut shares, &mut Vec::new());
        }
        Method::Tiho => tiho(tainted_in, outputs, fee, &mut shares, &mut Vec::new()),
        Method::Fifo | Method::Lifo => {
            let mut stream = Vec::new();
            for s in inputs.iter().flatten() {
                push_seg(&mut stream, *s);
            }
            let mut cut = Cutter::new(&stream, method == Method::Fifo);
            let mut piece = Vec::new();
            for (i, &v) in outputs.iter().enumerate() {
                shares[i] = cut.take(v, &mut piece);
                output_segs.push(piece.clone());
            }
            shares[outputs.len()] = cut.rest_tainted();
        }
    }
    let fee_share = shares.pop().unwrap_or(0);
    TxSplit {
        outputs: shares,
        output_segs,
        fee: fee_share,
    }
}

/// TIHO: `tainted` fills the outputs largest first (ties to the lower index), then
/// the fee. `shares` has one slot per output plus the fee's.
pub(crate) fn tiho(
    tainted: u128,
    outputs: &[u128],
    fee: u128,
    shares: &mut [u128],
    order: &mut Vec<u32>,
) {
    order.clear();
    order.extend(0..outputs.len() as u32);
    crate::sort::sort_by(order, |&a, &b| {
        outputs[b as usize]
            .cmp(&outputs[a as usize])
            .then(a.cmp(&b))
    });
    let mut left = tainted;
    for &i in order.iter() {
        let k = outputs[i as usize].min(left);
        shares[i as usize] = k;
        left -= k;
    }
    shares[outputs.len()] = fee.min(left);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Example 1: inputs [clean 300, stolen 300, clean 400], outputs [500, 400], fee 100.
    #[test]
    fn example_1_every_method() {
        let inputs = [
            vec![Seg::clean(300)],
            vec![Seg::tainted(300)],
            vec![Seg::clean(400)],
        ];
        let check = |method, expected: [u128; 3]| {
            let s = split_utxo(method, &inputs, &[500, 400]);
            assert_eq!([s.outputs[0], s.outputs[1], s.fee], expected, "{method:?}");
        };
        check(Method::Poison, [500, 400, 100]);
        check(Method::Haircut, [150, 120, 30]);
        check(Method::Fifo, [200, 100, 0]);
        check(Method::Lifo, [100, 200, 0]);
        check(Method::Tiho, [300, 0, 0]);
    }

    #[test]
    fn fifo_and_lifo_keep_stream_order_inside_outputs() {
        let inputs = [
            vec![Seg::clean(300)],
            vec![Seg::tainted(300)],
            vec![Seg::clean(400)],
        ];
        let fifo = split_utxo(Method::Fifo, &inputs, &[500, 400]);
        assert_eq!(fifo.output_segs[0], [Seg::clean(300), Seg::tainted(200)]);
        assert_eq!(fifo.output_segs[1], [Seg::tainted(100), Seg::clean(300)]);
        let lifo = split_utxo(Method::Lifo, &inputs, &[500, 400]);
        assert_eq!(lifo.output_segs[0], [Seg::tainted(100), Seg::clean(400)]);
        assert_eq!(lifo.output_segs[1], [Seg::clean(200), Seg::tainted(200)]);
    }

    #[test]
    fn partially_tainted_coins_are_cut_by_position() {
        // One coin [tainted 10, clean 90] paying 50 + 40, fee 10.
        let inputs = [vec![Seg::tainted(10), Seg::clean(90)]];
        let fifo = split_utxo(Method::Fifo, &inputs, &[50, 40]);
        assert_eq!((fifo.outputs.clone(), fifo.fee), (vec![10, 0], 0));
        let lifo = split_utxo(Method::Lifo, &inputs, &[50, 40]);
        assert_eq!((lifo.outputs, lifo.fee), (vec![0, 0], 10));
    }

    #[test]
    fn outputs_beyond_the_inputs_are_untraced_clean() {
        let s = split_utxo(Method::Fifo, &[vec![Seg::tainted(10)]], &[6, 6]);
        assert_eq!((s.outputs, s.fee), (vec![6, 4], 0));
        assert_eq!(s.output_segs[1], [Seg::tainted(4), Seg::clean(2)]);
    }
}

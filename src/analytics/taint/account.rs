//! Taint on account chains: per address, over time.
//!
//! An account has one balance per asset, so taint is tracked per address: incoming
//! transfers join the address's holdings in time order, outgoing transfers take
//! from them (reference: `tracing-methods.md`, "Taint on account chains"). Each
//! method decides *which* part of the holdings an outgoing transfer carries:
//!
//! - **Poison**: from the first tainted receipt on, everything the address sends
//!   is tainted in full.
//! - **Haircut**: each outgoing transfer carries the address's current tainted
//!   share (tainted ÷ balance) of its value, rounded to the nearest base unit
//!   (halves up: two-part largest remainder between the payment and what stays).
//!   What is not carried stays, so nothing is created or lost.
//! - **FIFO**: incoming value forms a queue; payments take from the front (oldest).
//! - **LIFO**: payments take from the back (newest).
//! - **TIHO**: payments take tainted value first; within one transaction the
//!   address's largest payments are served first.
//! - **LIBR** (lowest intermediate balance rule, from US and UK tracing case law):
//!   the address keeps as much taint as it can; a payment carries taint only when
//!   the balance after it falls below the tainted amount, so what is traceable
//!   never exceeds the lowest balance reached since the tainted deposit.
//!
//! A payment larger than the balance (an invalid case, or funds from before the
//! window without an opening balance) is topped up with untraced clean value.

use std::collections::VecDeque;

use crate::analytics::arith::apportion;

use super::split::{push_seg, tainted_sum, Seg};
use super::Method;

/// One address's holdings of one asset.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Account {
    pub balance: u128,
    pub tainted: u128,
    /// Has ever received taint (poison).
    pub poisoned: bool,
    /// FIFO/LIFO: the holdings as a queue of segments, oldest first. `None` while
    /// the holdings are uniform (all clean or all tainted).
    queue: Option<VecDeque<Seg>>,
}

impl Account {
    /// Receives `value`, of which `piece` says what is tainted (segments in order;
    /// for methods without positions a single segment list of the tainted part
    /// and the clean rest is enough).
    pub fn credit(&mut self, method: Method, value: u128, piece: &[Seg]) {
        let tainted = tainted_sum(piece).min(value);
        if matches!(method, Method::Fifo | Method::Lifo) {
            let mixed_after = {
                let t = self.tainted + tainted;
                t > 0 && t < self.balance + value
            };
            if self.queue.is_none() && mixed_after {
                let mut q = VecDeque::new();
                if self.balance > 0 {
                    q.push_back(Seg {
                        len: self.balance,
                        tainted: self.tainted > 0,
                    });
                }
                self.queue = Some(q);
            }
            if let Some(q) = &mut self.queue {
                let mut placed = 0;
                for s in piece {
                    push_back(q, *s);
                    placed += s.len;
                }
                push_back(q, Seg::clean(value.saturating_sub(placed)));
            }
        }
        self.balance += value;
        self.tainted += tainted;
        self.poisoned |= tainted > 0;
        self.settle();
    }

    /// Pays `value` out; returns the tainted part and writes the piece's segments
    /// (in queue order) into `piece`.
    pub fn debit(&mut self, method: Method, value: u128, piece: &mut Vec<Seg>) -> u128 {
        piece.clear();
        if value > self.balance {
            let top_up = value - self.balance;
            self.credit(method, top_up, &[Seg::clean(top_up)]);
        }
        let (b, t) = (self.balance, self.tainted);
        let out = match method {
            Method::Poison => {
                if self.poisoned {
                    value
                } else {
                    0
                }
            }
            Method::Haircut => {
                let mut shares = [0u128; 2];
                apportion(t, &[value, b - value], &mut shares, &mut Vec::new());
                shares[0]
            }
            Method::Tiho => t.min(value),
            Method::Libr => t - t.min(b - value),
            Method::Fifo | Method::Lifo => match &mut self.queue {
                Some(q) => take(q, value, method == Method::Fifo, piece),
                None if t == 0 => 0,
                None => value,
            },
        };
        if !matches!(method, Method::Fifo | Method::Lifo) || self.queue.is_none() {
            piece.clear();
            push_seg(piece, Seg::tainted(out));
            push_seg(piece, Seg::clean(value - out));
        }
        self.balance = b - value;
        if method != Method::Poison {
            self.tainted = t - out;
        }
        self.settle();
        out
    }

    /// Drops the queue once the holdings are uniform again.
    fn settle(&mut self) {
        if self.queue.is_some() && (self.tainted == 0 || self.tainted == self.balance) {
            self.queue = None;
        }
    }
}

fn push_back(q: &mut VecDeque<Seg>, s: Seg) {
    if s.len == 0 {
        return;
    }
    match q.back_mut() {
        Some(last) if last.tainted == s.tainted => last.len += s.len,
        _ => q.push_back(s),
    }
}

/// Takes `value` from the front or back of the queue; the piece keeps queue order.
fn take(q: &mut VecDeque<Seg>, value: u128, front: bool, piece: &mut Vec<Seg>) -> u128 {
    let mut need = value;
    let mut raw = Vec::new();
    while need > 0 {
        let s = if front { q.front_mut() } else { q.back_mut() };
        let Some(s) = s else { break };
        let k = s.len.min(need);
        raw.push(Seg { len: k, ..*s });
        s.len -= k;
        need -= k;
        if s.len == 0 {
            if front {
                q.pop_front();
            } else {
                q.pop_back();
            }
        }
    }
    if !front {
        raw.reverse();
    }
    for s in raw {
        push_seg(piece, s);
    }
    push_seg(piece, Seg::clean(need));
    tainted_sum(piece)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Example 2 in tenths: +5 clean, +3 stolen, +4 clean, then pay 6, 4, 2.
    fn example_2(method: Method) -> [u128; 3] {
        let mut a = Account::default();
        a.credit(method, 50, &[Seg::clean(50)]);
        a.credit(method, 30, &[Seg::tainted(30)]);
        a.credit(method, 40, &[Seg::clean(40)]);
        let mut piece = Vec::new();
        [60, 40, 20].map(|v| a.debit(method, v, &mut piece))
    }

    #[test]
    fn example_2_fifo_lifo_haircut() {
        assert_eq!(example_2(Method::Fifo), [10, 20, 0]);
        assert_eq!(example_2(Method::Lifo), [20, 10, 0]);
        assert_eq!(example_2(Method::Haircut), [15, 10, 5]);
        assert_eq!(example_2(Method::Poison), [60, 40, 20]);
        assert_eq!(example_2(Method::Tiho), [30, 0, 0]);
    }

    #[test]
    fn example_3_libr() {
        // +3 stolen, −2, +5 clean: traceable stolen 1; haircut ratio then 1/6.
        let mut a = Account::default();
        let mut piece = Vec::new();
        a.credit(Method::Libr, 3, &[Seg::tainted(3)]);
        assert_eq!(a.debit(Method::Libr, 2, &mut piece), 2);
        a.credit(Method::Libr, 5, &[Seg::clean(5)]);
        assert_eq!((a.tainted, a.balance), (1, 6));
        // A later payment of 3 leaves a balance of 3 ≥ 1: it carries no taint.
        assert_eq!(a.debit(Method::Libr, 3, &mut piece), 0);
        assert_eq!(a.debit(Method::Libr, 3, &mut piece), 1);
    }

    #[test]
    fn haircut_rounds_half_up_and_keeps_the_rest() {
        let mut a = Account::default();
        let mut piece = Vec::new();
        a.credit(Method::Haircut, 3, &[Seg::tainted(1), Seg::clean(2)]);
        // 1 × 1/3 = 0.33 → 0; 1 × 1/2 = 0.5 → 1 (half up); nothing is lost.
        assert_eq!(a.debit(Method::Haircut, 1, &mut piece), 0);
        assert_eq!(a.debit(Method::Haircut, 1, &mut piece), 1);
        assert_eq!((a.balance, a.tainted), (1, 0));
    }

    #[test]
    fn overdraft_is_topped_up_with_clean_value() {
        let mut a = Account::default();
        let mut piece = Vec::new();
        a.credit(Method::Fifo, 4, &[Seg::tainted(4)]);
        assert_eq!(a.debit(Method::Fifo, 10, &mut piece), 4);
        assert_eq!(piece, [Seg::tainted(4), Seg::clean(6)]);
        assert_eq!(a.balance, 0);
    }
}

//! Seeded randomness for the generator, integers only.
//!
//! Every random choice in a generated case comes from ChaCha8 (`rand_chacha`), whose
//! output is specified bit for bit and is the same natively and in wasm. The helpers
//! here draw integers by rejection sampling, never through floats, so the same seed
//! gives the same case on every platform. Independent streams (the trail, the
//! background noise, names) are derived from the case seed with SHA-256 and a label,
//! so that changing the amount of noise never changes the trail itself.

use rand_chacha::rand_core::{Rng as _, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};

/// A deterministic random stream.
pub struct Rng(ChaCha8Rng);

impl Rng {
    /// The stream for `seed` and a purpose `label` (e.g. `"trail"`, `"background"`).
    pub fn derive(seed: u64, label: &str) -> Rng {
        let mut h = Sha256::new();
        h.update(b"tracelab-generator-v1");
        h.update(seed.to_le_bytes());
        h.update(label.as_bytes());
        Rng(ChaCha8Rng::from_seed(h.finalize().into()))
    }

    pub fn u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// Uniform in `0..n`; `n == 0` gives 0.
    pub fn below(&mut self, n: u64) -> u64 {
        if n <= 1 {
            return 0;
        }
        // Reject the top partial range so every value is equally likely.
        let zone = u64::MAX - (u64::MAX % n);
        loop {
            let x = self.u64();
            if x < zone {
                return x % n;
            }
        }
    }

    /// Uniform in `lo..=hi` (returns `lo` when `hi < lo`).
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below(hi - lo + 1)
    }

    /// Uniform `usize` in `lo..=hi`.
    pub fn count(&mut self, lo: usize, hi: usize) -> usize {
        self.range(lo as u64, hi as u64) as usize
    }

    /// True with probability `num / den`.
    pub fn chance(&mut self, num: u64, den: u64) -> bool {
        self.below(den) < num
    }

    /// Uniform index into a non-empty slice.
    pub fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }

    pub fn bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        self.0.fill_bytes(&mut out);
        out
    }

    /// Fisher-Yates shuffle.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }

    /// A value `base` varied by up to ±`pct` percent, never below 1.
    pub fn around(&mut self, base: u128, pct: u64) -> u128 {
        let spread = (base * u128::from(pct) / 100).min(u128::from(u64::MAX));
        let delta = u128::from(self.below(spread as u64 * 2 + 1));
        (base + delta).saturating_sub(spread).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_independent() {
        let a: Vec<u64> = (0..4).map(|_| Rng::derive(7, "x").u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        assert_ne!(Rng::derive(7, "x").u64(), Rng::derive(7, "y").u64());
        let mut r = Rng::derive(1, "t");
        for _ in 0..1000 {
            assert!(r.below(7) < 7);
            let v = r.range(5, 9);
            assert!((5..=9).contains(&v));
        }
    }
}

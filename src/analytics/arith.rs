//! Exact integer arithmetic for splitting money.
//!
//! Taint methods divide a tainted amount over several parts (outputs and fee, or a
//! payment and what stays in an account) in proportion to their values. Doing that
//! with floats would create or lose base units; doing it with plain `u128` would
//! overflow for 18-decimal tokens (value × value exceeds 2^128). So:
//!
//! - [`mul_div`] computes `a × b ÷ c` with a 256-bit intermediate product and returns
//!   quotient and remainder. The common case (the product fits in 128 bits, always
//!   true for bitcoin amounts) takes a fast path.
//! - [`apportion`] is the largest-remainder method (Hamilton's method): every part
//!   gets the floor of its exact share, and the few base units left over go one each
//!   to the parts with the largest remainders, ties to the lower index. The shares
//!   always add up to the total exactly, so no value is created or lost, and the
//!   result is deterministic.

/// `a × b = q × c + r` with `r < c`. `None` when `c` is zero or the quotient does
/// not fit in 128 bits (never the case when `a ≤ c` or `b ≤ c`).
pub fn mul_div(a: u128, b: u128, c: u128) -> Option<(u128, u128)> {
    if c == 0 {
        return None;
    }
    if let Some(p) = a.checked_mul(b) {
        // One division; the remainder by multiplication (u128 division is a call).
        let q = p / c;
        return Some((q, p - q * c));
    }
    let (hi, lo) = mul_wide(a, b);
    div_wide(hi, lo, c)
}

/// The full 256-bit product of two `u128`s as (high, low) halves.
fn mul_wide(a: u128, b: u128) -> (u128, u128) {
    const MASK: u128 = u64::MAX as u128;
    let (a1, a0) = (a >> 64, a & MASK);
    let (b1, b0) = (b >> 64, b & MASK);
    let p00 = a0 * b0;
    let p01 = a0 * b1;
    let p10 = a1 * b0;
    let p11 = a1 * b1;
    let mid = (p00 >> 64) + (p01 & MASK) + (p10 & MASK);
    let lo = (p00 & MASK) | (mid << 64);
    let hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    (hi, lo)
}

/// Divides the 256-bit number `hi:lo` by `c` (schoolbook, one bit at a time; only
/// reached for products beyond 128 bits, which are rare).
fn div_wide(hi: u128, lo: u128, c: u128) -> Option<(u128, u128)> {
    if hi >= c {
        return None;
    }
    let mut r = hi;
    let mut q = 0u128;
    for i in (0..128).rev() {
        let carry = r >> 127;
        r = (r << 1) | ((lo >> i) & 1);
        if carry == 1 || r >= c {
            r = r.wrapping_sub(c);
            q |= 1 << i;
        }
    }
    Some((q, r))
}

/// Splits `total` over parts in proportion to `weights` (largest remainder, ties to
/// the lower index), writing each part's share into `shares`. `total` must not
/// exceed the sum of the weights; if it does (or the weights sum to zero or
/// overflow), the excess goes to no part and the function returns what it could
/// not place, so a caller can still account for every base unit.
///
/// `scratch` is reused between calls to avoid allocating per transaction.
pub fn apportion(
    total: u128,
    weights: &[u128],
    shares: &mut [u128],
    scratch: &mut Vec<(u128, u32)>,
) -> u128 {
    debug_assert_eq!(weights.len(), shares.len());
    let sum = weights.iter().try_fold(0u128, |acc, &w| acc.checked_add(w));
    let Some(sum) = sum.filter(|&s| s > 0) else {
        shares.iter_mut().for_each(|s| *s = 0);
        return total;
    };
    let placeable = total.min(sum);
    if placeable == sum {
        // Everything is tainted: every part gets its whole weight.
        shares.copy_from_slice(weights);
        return total - placeable;
    }
    let mut placed = 0u128;
    scratch.clear();
    for (i, (&w, share)) in weights.iter().zip(shares.iter_mut()).enumerate() {
        // w ≤ sum, so the quotient fits.
        let (q, r) = mul_div(w, placeable, sum).unwrap_or((0, 0));
        *share = q;
        placed += q;
        if r > 0 {
            scratch.push((r, i as u32));
        }
    }
    let mut left = placeable - placed;
    if left > 0 && scratch.len() <= 8 {
        // Few parts: pick the largest remainders one by one (ties: lower index).
        while left > 0 {
            let Some(best) =
                (0..scratch.len()).reduce(|b, j| if scratch[j].0 > scratch[b].0 { j } else { b })
            else {
                break;
            };
            shares[scratch[best].1 as usize] += 1;
            scratch[best].0 = 0;
            left -= 1;
        }
    } else if left > 0 {
        crate::sort::sort_unstable_by(scratch, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for &(_, i) in scratch.iter() {
            if left == 0 {
                break;
            }
            shares[i as usize] += 1;
            left -= 1;
        }
    }
    total - placeable
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mul_div_wide_products() {
        assert_eq!(mul_div(6, 7, 4), Some((10, 2)));
        // 10^30 × 10^30 ÷ 10^31 = 10^29, far beyond 128-bit products.
        let e30 = 10u128.pow(30);
        assert_eq!(mul_div(e30, e30, 10 * e30), Some((e30 / 10, 0)));
        assert_eq!(
            mul_div(u128::MAX, u128::MAX, u128::MAX),
            Some((u128::MAX, 0))
        );
        assert_eq!(mul_div(u128::MAX, 3, u128::MAX - 1), Some((3, 3)));
        assert_eq!(mul_div(1, 1, 0), None);
        assert_eq!(mul_div(u128::MAX, u128::MAX, 1), None);
    }

    #[test]
    fn apportion_is_exact_and_deterministic() {
        let mut scratch = Vec::new();
        let mut shares = [0u128; 3];
        // 10 over three equal parts: 3.33 each; the spare unit goes to index 0.
        assert_eq!(apportion(10, &[5, 5, 5], &mut shares, &mut scratch), 0);
        assert_eq!(shares, [4, 3, 3]);
        // Example 1 haircut: 300 tainted of 1000 over outputs 500, 400 and fee 100.
        apportion(300, &[500, 400, 100], &mut shares, &mut scratch);
        assert_eq!(shares, [150, 120, 30]);
        // Largest remainder wins: 5 over [3, 6] → 1.67, 3.33 → [2, 3].
        let mut two = [0u128; 2];
        apportion(5, &[3, 6], &mut two, &mut scratch);
        assert_eq!(two, [2, 3]);
        // Zero weights place nothing and report the whole total back.
        assert_eq!(apportion(7, &[0, 0], &mut two, &mut scratch), 7);
        assert_eq!(two, [0, 0]);
    }
}

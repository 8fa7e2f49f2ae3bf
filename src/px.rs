//! Drawing coordinates as text (the SVG export, the inspector's sparklines).
//!
//! Written with integer arithmetic: Rust's `{}` and `{:.1}` for floats bring
//! float printing (about 11 KB of code) into the wasm app.

use std::fmt;

/// `x` rounded to a tenth and written with one decimal, as `{:.1}` does; an exact
/// half rounds away from zero (`{:.1}` rounds it to even), a tenth of a pixel
/// nobody sees.
pub struct Tenths(pub f64);

impl fmt::Display for Tenths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `as` saturates, and NaN becomes 0: coordinates are finite anyway.
        let tenths = (self.0 * 10.0).round() as i64;
        let sign = if tenths < 0 { "-" } else { "" };
        let tenths = tenths.unsigned_abs();
        write!(f, "{sign}{}.{}", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::Tenths;

    #[test]
    fn like_one_decimal() {
        for x in [
            0.0,
            1.0,
            -80.0,
            12.34,
            -12.34,
            0.96,
            -0.96,
            99.99,
            1234.56,
            36.0 - 32.0 / 3.0,
        ] {
            assert_eq!(Tenths(x).to_string(), format!("{x:.1}"), "{x}");
        }
        assert_eq!(Tenths(-0.04).to_string(), "0.0");
    }
}

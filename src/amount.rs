//! Money as integers.
//!
//! Every amount in TraceLab is a count of an asset's base units (satoshi, wei, sun,
//! token units) held in a `u128`; floats never touch money. In case files an amount is
//! a JSON *string* of decimal digits (`"150000000"`), because JSON numbers lose
//! precision past 2^53 and 18-decimal tokens pass that easily.
//!
//! Two textual forms exist and have separate parsers:
//! - base units (`Amount::from_str`, used by the file format): digits only;
//! - display units with the asset's decimals (`parse_units`, used by answer fields
//!   where a trainee types `1.5`), converted exactly by string arithmetic.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A non-negative number of base units of some asset.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(pub u128);

/// Why a piece of text is not an amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("an amount cannot be empty")]
    Empty,
    #[error("{0:?} is not allowed in an amount: write only the digits 0-9")]
    BadCharacter(char),
    #[error("more than one decimal point")]
    TwoPoints,
    #[error("too large: the largest amount is 340282366920938463463374607431768211455 base units")]
    Overflow,
    #[error("more than {decimals} digits after the decimal point: this asset has no smaller unit")]
    TooPrecise { decimals: u8 },
    /// A decimal point in a base-unit amount. How many base units were meant
    /// depends on the asset's decimals, which only the case knows, so this says
    /// no number (the validator suggests the exact one).
    #[error("amounts in a case file are whole numbers of the asset's base units, without a decimal point (1.5 BTC is written \"150000000\")")]
    NotWhole,
}

impl Amount {
    pub const ZERO: Amount = Amount(0);

    pub fn checked_add(self, other: Amount) -> Option<Amount> {
        self.0.checked_add(other.0).map(Amount)
    }

    pub fn checked_sub(self, other: Amount) -> Option<Amount> {
        self.0.checked_sub(other.0).map(Amount)
    }

    pub fn saturating_add(self, other: Amount) -> Amount {
        Amount(self.0.saturating_add(other.0))
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for Amount {
    type Err = AmountError;

    /// Parses base units: decimal digits only (leading zeros are accepted, a sign,
    /// spaces, exponents or a decimal point are not).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.is_empty() {
            return Err(AmountError::Empty);
        }
        if s.contains('.') {
            return Err(AmountError::NotWhole);
        }
        accumulate_digits(0, s).map(Amount)
    }
}

/// Appends the decimal digits of `digits` to `acc`, refusing anything else.
fn accumulate_digits(mut acc: u128, digits: &str) -> Result<u128, AmountError> {
    for c in digits.chars() {
        let d = c.to_digit(10).ok_or(AmountError::BadCharacter(c))?;
        acc = acc
            .checked_mul(10)
            .and_then(|v| v.checked_add(u128::from(d)))
            .ok_or(AmountError::Overflow)?;
    }
    Ok(acc)
}

/// Parses a human amount such as `1.5` or `0.00012` into base units of an asset with
/// `decimals` decimals. Digits beyond the asset's precision are accepted only when
/// they are zeros, so no value is ever rounded away silently. Digit-group separators
/// (`,`, `_`, spaces) are refused rather than guessed at.
pub fn parse_units(text: &str, decimals: u8) -> Result<Amount, AmountError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AmountError::Empty);
    }
    let mut parts = text.splitn(3, '.');
    let whole = parts.next().unwrap_or("");
    let frac = parts.next().unwrap_or("");
    if parts.next().is_some() {
        return Err(AmountError::TwoPoints);
    }
    if whole.is_empty() && frac.is_empty() {
        return Err(AmountError::Empty);
    }
    // Only ASCII digits from here on, so splitting at a byte count is splitting at
    // a digit count (a multi-byte character cannot be cut in two).
    if let Some(c) = whole
        .chars()
        .chain(frac.chars())
        .find(|c| !c.is_ascii_digit())
    {
        return Err(AmountError::BadCharacter(c));
    }
    let decimals_usize = usize::from(decimals);
    let (kept, dropped) = if frac.len() > decimals_usize {
        frac.split_at(decimals_usize)
    } else {
        (frac, "")
    };
    if dropped.chars().any(|c| c != '0') {
        return Err(AmountError::TooPrecise { decimals });
    }
    let mut value = accumulate_digits(0, whole)?;
    value = accumulate_digits(value, kept)?;
    for _ in kept.len()..decimals_usize {
        value = value.checked_mul(10).ok_or(AmountError::Overflow)?;
    }
    Ok(Amount(value))
}

/// Like [`parse_units`], for an optional bound in a filter field: an empty (or
/// blank) field is no bound.
pub fn parse_optional_units(text: &str, decimals: u8) -> Result<Option<Amount>, AmountError> {
    match text.trim() {
        "" => Ok(None),
        t => parse_units(t, decimals).map(Some),
    }
}

/// Formats base units with the asset's decimals, exactly, without trailing zeros:
/// `format_units(Amount(150_000_000), 8) == "1.5"`.
pub fn format_units(amount: Amount, decimals: u8) -> String {
    let digits = amount.0.to_string();
    let decimals = usize::from(decimals);
    if decimals == 0 {
        return digits;
    }
    let padded = if digits.len() <= decimals {
        format!("{}{}", "0".repeat(decimals + 1 - digits.len()), digits)
    } else {
        digits
    };
    let (whole, frac) = padded.split_at(padded.len() - decimals);
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        whole.to_string()
    } else {
        format!("{whole}.{frac}")
    }
}

/// Like [`format_units`] but with thin groups of three in the whole part
/// (`12,345.6789`), for labels a trainee reads at a glance.
pub fn format_units_grouped(amount: Amount, decimals: u8) -> String {
    let plain = format_units(amount, decimals);
    let (whole, frac) = match plain.split_once('.') {
        Some((w, f)) => (w.to_string(), Some(f.to_string())),
        None => (plain.clone(), None),
    };
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{grouped}.{f}"),
        None => grouped,
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Amount;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an amount as a string of base units, e.g. \"150000000\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Amount, E> {
                v.parse()
                    .map_err(|e| E::custom(format!("amount {}: {e}", crate::quote::quote(v))))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Amount, E> {
                Err(E::custom(format!(
                    "amounts are written as strings of base units: write \"{v}\" with quotes"
                )))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Amount, E> {
                Err(E::custom(format!(
                    "amounts are strings of whole base units, not numbers: {} is not allowed",
                    plain_number(v)
                )))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// `v` as Rust's `{}` writes it (the shortest digits that read back as `v`, never
/// an exponent), made from serde_json's own float printing (Ryū): Rust's float
/// formatting would add about 11 KB to the wasm app for this one error message.
fn plain_number(v: f64) -> String {
    // Always finite here: it was read from JSON.
    let text = serde_json::to_string(&v).unwrap_or_default();
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (mantissa, exponent) = match unsigned.split_once('e') {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (unsigned, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // The value is DIGITS × 10^last, DIGITS without leading or trailing zeros.
    let all = format!("{int}{frac}");
    let digits = all.trim_matches('0');
    if digits.is_empty() {
        return format!("{sign}0");
    }
    let trailing = all.len() - all.trim_end_matches('0').len();
    let mut last = exponent - frac.len() as i32 + trailing as i32;
    // At most 17 significant digits: fits a u64.
    let mut d: u64 = digits.parse().unwrap_or(0);
    // Two shortest candidates equally close to `v`: Ryū takes the even one, Rust
    // the one above.
    if exact_midpoint(d * 10 + 5, last - 1, v.abs()) {
        d += 1;
        while d.is_multiple_of(10) {
            d /= 10;
            last += 1;
        }
    }
    let digits = d.to_string();
    let point = digits.len() as i32 + last;
    let n = digits.len() as i32;
    let body = if point <= 0 {
        format!("0.{}{digits}", "0".repeat(point.unsigned_abs() as usize))
    } else if point >= n {
        format!("{digits}{}", "0".repeat((point - n) as usize))
    } else {
        let (whole, decimals) = digits.split_at(point as usize);
        format!("{whole}.{decimals}")
    };
    format!("{sign}{body}")
}

/// Is `m` × 10^`e` exactly `v` (positive)? Both as odd × 2^power, compared.
fn exact_midpoint(m: u64, e: i32, v: f64) -> bool {
    let mut odd = u128::from(m);
    if e < 0 {
        // m / 10^-e is a binary fraction only if 5^-e divides m.
        for _ in 0..e.unsigned_abs() {
            if odd % 5 != 0 {
                return false;
            }
            odd /= 5;
        }
    } else {
        for _ in 0..e {
            odd *= 5;
            if odd >= 1 << 53 {
                return false;
            }
        }
    }
    let (odd, power) = odd_part(odd, e);
    let bits = v.to_bits();
    let (significand, exponent) = match (bits >> 52) as i32 & 0x7ff {
        0 => (bits & ((1 << 52) - 1), -1074),
        biased => ((bits & ((1 << 52) - 1)) | 1 << 52, biased - 1075),
    };
    (odd, power) == odd_part(u128::from(significand), exponent)
}

/// `x` × 2^`power` with the factors of two of `x` moved into the power.
fn odd_part(mut x: u128, mut power: i32) -> (u128, i32) {
    while x != 0 && x.is_multiple_of(2) {
        x /= 2;
        power += 1;
    }
    (x, power)
}

impl JsonSchema for Amount {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Amount".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]+$",
            "description": "A whole number of the asset's base units (satoshi, wei, sun, token units) written as a decimal string, e.g. \"150000000\" for 1.5 BTC."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::plain_number;

    #[test]
    fn plain_number_is_rusts_display() {
        let mut values = vec![
            0.0,
            -0.0,
            1.0,
            -1.5,
            0.1,
            0.001,
            1.5e-7,
            1e20,
            1e21,
            1.25e300,
            5e-324,
            123.456,
            1e15,
            1e16,
            9007199254740993.0,
            f64::MAX,
            f64::MIN_POSITIVE,
            2.0f64.powi(70),
            0.3,
            99.5,
            0.125,
            1e23,
            // Ties between two shortest candidates (Rust takes the upper one).
            1658206780088562.0 + 0.25,
            233115890514796.0 + 0.125,
            -1052730259603333.0 - 0.25,
        ];
        // And a spread of bit patterns across the whole range.
        let mut bits: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..200_000 {
            bits ^= bits << 13;
            bits ^= bits >> 7;
            bits ^= bits << 17;
            let v = f64::from_bits(bits);
            if v.is_finite() {
                values.push(v);
            }
        }
        for v in values {
            assert_eq!(plain_number(v), format!("{v}"), "{v:e}");
        }
    }
}

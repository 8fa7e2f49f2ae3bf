//! Timestamps: RFC 3339 text in case files, Unix seconds inside.
//!
//! The case format only needs UTC instants with second precision, so a small exact
//! parser (civil-from-days arithmetic) replaces a date-time crate that would add to
//! the wasm bundle. Offsets other than `Z` are accepted and normalised, fractional
//! seconds are accepted and truncated.

/// Seconds since 1970-01-01T00:00:00Z.
pub type UnixTime = i64;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} is not an RFC 3339 time such as \"2025-03-14T09:21:07Z\"", crate::quote::quote(.0))]
pub struct TimeError(pub String);

/// Parses `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`.
pub fn parse_rfc3339(text: &str) -> Result<UnixTime, TimeError> {
    let err = || TimeError(text.to_string());
    let b = text.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return Err(err());
    }
    if b[13] != b':' || b[16] != b':' {
        return Err(err());
    }
    let num = |range: std::ops::Range<usize>| digits(&b[range]).ok_or_else(err);
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return Err(err());
    }
    if hour > 23 || minute > 59 || second > 60 {
        return Err(err());
    }
    // Everything is matched as bytes, never sliced as text: the string may hold
    // any character, and slicing inside a multi-byte one would panic.
    let mut rest = &b[19..];
    if let [b'.', frac @ ..] = rest {
        let digits = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return Err(err());
        }
        rest = &frac[digits..];
    }
    let offset = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let h = digits(&[*h1, *h2]).ok_or_else(err)?;
            let m = digits(&[*m1, *m2]).ok_or_else(err)?;
            if h > 23 || m > 59 {
                return Err(err());
            }
            let sign = if *sign == b'-' { -1 } else { 1 };
            sign * (h * 3600 + m * 60)
        }
        _ => return Err(err()),
    };
    let days = days_from_civil(year, month, day);
    Ok(days * 86_400 + hour * 3600 + minute * 60 + second - offset)
}

/// The value of a short run of ASCII digits (`None` if any byte is not one).
fn digits(bytes: &[u8]) -> Option<i64> {
    bytes.iter().try_fold(0, |acc, c| {
        c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
    })
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Formats as `2025-03-14 09:21:07 UTC`, the form shown to trainees.
pub fn format_utc(time: UnixTime) -> String {
    let (year, month, day) = civil_from_days(time.div_euclid(86_400));
    let secs = time.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let t = parse_rfc3339("2025-03-14T09:21:07Z").unwrap();
        assert_eq!(t, 1_741_944_067);
        assert_eq!(format_utc(t), "2025-03-14 09:21:07 UTC");
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Ok(0));
        assert_eq!(
            parse_rfc3339("2024-02-29T12:00:00+02:00"),
            parse_rfc3339("2024-02-29T10:00:00Z")
        );
        assert_eq!(parse_rfc3339("2025-03-14T09:21:07.123Z"), Ok(t));
        for bad in [
            "",
            "2025-02-29T00:00:00Z",
            "2025-13-01T00:00:00Z",
            "2025-03-14 09:21",
            "2025-03-14T09:21:07",
            "2025-03-14T25:00:00Z",
            // Multi-byte characters where the offset's digits or colon belong.
            "2024-03-01T10:00:00+0é00",
            "2024-03-01T10:00:00+00é0",
            "2024-03-01T10:00:00+é:00",
            "2024-03-01T10:00:00.5é",
            "2024-03-01T10:00:00€",
            "2024-03-01T10:00:0é",
            "2024-03-01T10:00:00+24:00",
            "2024-03-01T10:00:00+00:60",
        ] {
            assert!(parse_rfc3339(bad).is_err(), "{bad}");
        }
    }

    proptest::proptest! {
        /// Total over any text: an error, never a panic.
        #[test]
        fn any_string_is_parsed_or_refused(text in ".*") {
            let _ = parse_rfc3339(&text);
        }

        /// Near misses: a valid time with one character replaced by any other.
        #[test]
        fn one_changed_character_never_panics(at in 0usize..25, c in proptest::char::any()) {
            let mut chars: Vec<char> = "2024-03-01T10:00:00+01:00".chars().collect();
            chars[at] = c;
            let text: String = chars.into_iter().collect();
            let _ = parse_rfc3339(&text);
        }
    }
}

//! Quoting values from a file in messages, briefly.
//!
//! Case files, results files and what users type are untrusted and can be huge: a
//! 100 MB briefing, or a file that is one 100 MB string. A message that repeated
//! such a value would be as large as the file (and `validate --json` would print
//! it whole), so every message that quotes a value goes through [`quote`], which
//! keeps the first [`QUOTE_CHARS`] characters and says how many more there are.
//! serde writes its own messages (`invalid type: string "…"`, ``unknown variant
//! `…` ``), so [`shorten_message`] shortens the values inside those after the fact.
//!
//! Cuts are made at character boundaries (never inside a multi-byte character),
//! and values are quoted as Rust's `{:?}` does, so a control character or a quote
//! inside a value is visible as an escape rather than breaking the message.

use std::borrow::Cow;
use std::fmt::Write;

/// How many characters of a value a message quotes.
pub const QUOTE_CHARS: usize = 60;

/// The longest message [`shorten_message`] lets through, in characters: room for
/// several quoted values and serde's list of expected names.
const MESSAGE_CHARS: usize = 2000;

/// `"value"`, or its first [`QUOTE_CHARS`] characters as `"first…"… (N more
/// characters)`.
pub fn quote(value: &str) -> String {
    match value.char_indices().nth(QUOTE_CHARS) {
        None => format!("{value:?}"),
        Some((cut, _)) => {
            let mut out = format!("{:?}", &value[..cut]);
            more(&mut out, value[cut..].chars().count());
            out
        }
    }
}

/// Appends `… (N more characters)`.
fn more(out: &mut String, count: usize) {
    let grouped = crate::amount::format_units_grouped(crate::amount::Amount(count as u128), 0);
    let unit = if count == 1 {
        "character"
    } else {
        "characters"
    };
    let _ = write!(out, "… ({grouped} more {unit})");
}

/// A message written by serde (or any other library) with every overlong quoted
/// value cut to [`QUOTE_CHARS`] characters: `"…"` strings as `{:?}` writes them
/// (escapes respected) and `` `…` `` names in serde's unknown field and variant
/// messages. Whatever is left is capped at a length no sensible message reaches.
pub fn shorten_message(message: &str) -> Cow<'_, str> {
    if message.chars().nth(QUOTE_CHARS).is_none() {
        return Cow::Borrowed(message);
    }
    let mut out = String::new();
    let mut rest = message;
    while let Some(open) = rest.find(['"', '`']) {
        let delimiter = &rest[open..open + 1];
        let escaped = delimiter == "\"";
        out.push_str(&rest[..open + 1]);
        let (value, after) = if escaped {
            debug_quoted(&rest[open + 1..])
        } else {
            backticked(&rest[open + 1..])
        };
        let mut units = unit_starts(value, escaped);
        let cut = units.nth(QUOTE_CHARS);
        out.push_str(&value[..cut.unwrap_or(value.len())]);
        // The closing delimiter is part of the quote, never the opening of another.
        let closed = after.strip_prefix(delimiter);
        if cut.is_some() || closed.is_some() {
            out.push_str(delimiter);
        }
        if cut.is_some() {
            more(&mut out, 1 + units.count());
        }
        rest = closed.unwrap_or(after);
    }
    out.push_str(rest);
    if let Some((cut, _)) = out.char_indices().nth(MESSAGE_CHARS) {
        let count = out[cut..].chars().count();
        out.truncate(cut);
        more(&mut out, count);
    }
    Cow::Owned(out)
}

/// Byte offsets where the characters of a quoted value start. In `{:?}`-escaped
/// text an escape such as `\n` or `\u{1f}` is one character of the original, so
/// a cut never falls inside it.
fn unit_starts(text: &str, escaped: bool) -> impl Iterator<Item = usize> + '_ {
    let mut chars = text.char_indices();
    std::iter::from_fn(move || {
        let (start, c) = chars.next()?;
        if escaped && c == '\\' && chars.next().is_some_and(|(_, e)| e == 'u') {
            // `\u{…}`: the escape runs to its closing brace.
            chars.by_ref().find(|&(_, c)| c == '}');
        }
        Some(start)
    })
}

/// Splits the inside of a `{:?}`-quoted string (after its opening quote) from
/// what follows, which starts at the closing quote (or is empty when unclosed).
fn debug_quoted(text: &str) -> (&str, &str) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return (&text[..i], &text[i..]),
            _ => i += 1,
        }
    }
    (text, "")
}

/// Splits a backticked name (after its opening backtick) from what follows. serde
/// does not escape backticks inside names, so the name runs to the last backtick
/// that is followed by serde's `, expected` or `, there are no`, or else to the
/// next backtick.
fn backticked(text: &str) -> (&str, &str) {
    let end = ["`, expected", "`, there are no"]
        .iter()
        .filter_map(|tail| text.rfind(tail))
        .max()
        .or_else(|| text.find('`'))
        .unwrap_or(text.len());
    (&text[..end], &text[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(quote(input), expected, "{input}");
    }

    #[test]
    fn short_values_are_quoted_whole() {
        check("bc1q", "\"bc1q\"");
        check("a\"b\n", "\"a\\\"b\\n\"");
        check(&"é".repeat(60), &format!("{:?}", "é".repeat(60)));
    }

    #[test]
    fn long_values_are_cut_at_a_character() {
        check(
            &"é".repeat(61),
            &format!("{:?}… (1 more character)", "é".repeat(60)),
        );
        check(
            &"x".repeat(1_000_060),
            &format!("{:?}… (1,000,000 more characters)", "x".repeat(60)),
        );
    }

    #[test]
    fn serde_messages_keep_their_shape() {
        let long = "y".repeat(100);
        let short = format!("{:?}… (40 more characters)", "y".repeat(60));
        let cases = [
            (
                format!("invalid type: string {long:?}, expected struct Scenario"),
                format!("invalid type: string {short}, expected struct Scenario"),
            ),
            (
                format!("unknown variant `{long}`, expected one of `exchange`, `otc`"),
                format!(
                    "unknown variant `{}`… (40 more characters), expected one of `exchange`, `otc`",
                    "y".repeat(60)
                ),
            ),
            (
                format!("unknown field `a`b{long}`, there are no fields"),
                format!(
                    "unknown field `a`b{}`… (43 more characters), there are no fields",
                    "y".repeat(57)
                ),
            ),
            (
                "unknown variant `bank`, expected one of `exchange`, `otc`".to_string(),
                "unknown variant `bank`, expected one of `exchange`, `otc`".to_string(),
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(shorten_message(&input), expected);
        }
        let escaped = format!("invalid value: string {:?}", format!("\"{long}"));
        assert_eq!(
            shorten_message(&escaped),
            format!(
                "invalid value: string \"\\\"{}\"… (41 more characters)",
                "y".repeat(59)
            )
        );
        let controls = format!("invalid value: string {:?}", "\u{1f}".repeat(100));
        assert_eq!(
            shorten_message(&controls),
            format!(
                "invalid value: string \"{}\"… (40 more characters)",
                "\\u{1f}".repeat(60)
            )
        );
        // Text between quoted values is never taken for a value.
        let expecting = format!(
            "invalid value: string \"abc\", expected {} such as \"1\"",
            "a whole number of base units ".repeat(3)
        );
        assert_eq!(shorten_message(&expecting), expecting);
        let unquoted = "z".repeat(5000);
        assert_eq!(
            shorten_message(&unquoted),
            format!("{}… (3,000 more characters)", "z".repeat(2000))
        );
    }
}

//! Byte-level mutation: what a damaged file, a bad copy and paste or a hostile
//! author does to text without caring about its structure.
//!
//! The operations are the classic ones (bit flips, random and "interesting" bytes,
//! inserting, deleting and duplicating ranges, truncation, a long run of one byte),
//! plus tokens from a small dictionary: JSON punctuation, Markdown and HTML that a
//! renderer must neutralise, and Unicode that breaks byte arithmetic. Bytes that
//! are not UTF-8 stay in: the targets take `&str`, so the runner turns the result
//! into text with `String::from_utf8_lossy`, as a browser's file reader would.

use tracelab::generator::rng::Rng;

use super::UNICODE;

/// Longest input a mutation may produce: a few MB, as the brief for long strings
/// asks, and a bound on memory and time per run.
pub const MAX_LEN: usize = 4 << 20;

/// Tokens worth inserting whole (random bytes rarely spell them), besides
/// [`UNICODE`].
const DICTIONARY: &[&str] = &[
    "\"",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\\",
    "\\u",
    "\\ud800",
    "null",
    "true",
    "-",
    "0",
    "9",
    "e999",
    ".",
    "-1",
    "18446744073709551616",
    "\n",
    "\r\n",
    "\t",
    " ",
    "<script>",
    "</",
    "<img src=x onerror=alert(1)>",
    "javascript:",
    "](",
    "[x](",
    "![a](",
    "<http://",
    "`",
    "```",
    "*",
    "_",
    "|",
    "---",
    "#",
    "&#",
    "&lt;",
    ">",
    "T",
    "Z",
    "+00:00",
    "2024-02-29T23:59:60Z",
    "%",
    "/g/",
    "?",
    "&",
    "=",
];

/// Applies one to six byte-level operations to `bytes`.
pub fn mutate(bytes: &mut Vec<u8>, rng: &mut Rng) {
    for _ in 0..rng.range(1, 6) {
        one(bytes, rng);
    }
    bytes.truncate(MAX_LEN);
}

fn one(bytes: &mut Vec<u8>, rng: &mut Rng) {
    let len = bytes.len();
    let at = rng.index(len + 1);
    match rng.below(8) {
        0 if len > 0 => {
            let i = rng.index(len);
            bytes[i] ^= 1 << rng.below(8);
        }
        1 if len > 0 => {
            let i = rng.index(len);
            bytes[i] = interesting_byte(rng);
        }
        2 => {
            let n = rng.count(1, 8);
            let new: Vec<u8> = (0..n).map(|_| interesting_byte(rng)).collect();
            bytes.splice(at..at, new);
        }
        3 => {
            let words = if rng.chance(1, 3) {
                UNICODE
            } else {
                DICTIONARY
            };
            let token = rng.pick(words).as_bytes().to_vec();
            bytes.splice(at..at, token);
        }
        4 if len > 0 => {
            let from = rng.index(len);
            let n = rng.count(1, 64.min(len - from));
            bytes.drain(from..from + n);
        }
        5 if len > 0 => {
            let from = rng.index(len);
            let n = rng.count(1, 256.min(len - from));
            let chunk = bytes[from..from + n].to_vec();
            let to = rng.index(len + 1);
            bytes.splice(to..to, chunk);
        }
        6 => bytes.truncate(at),
        _ => {
            let n = [16, 4096, 1 << 16][rng.index(3)];
            let b = interesting_byte(rng);
            bytes.splice(at..at, std::iter::repeat_n(b, n));
        }
    }
}

/// A byte, biased towards the ones parsers treat specially.
fn interesting_byte(rng: &mut Rng) -> u8 {
    const SPECIAL: &[u8] = b"\0\"\\{}[],:-+.eE0 \n<>&`*#\x7f\x80\xbf\xc3\xe2\xed\xf0\xff";
    if rng.chance(1, 2) {
        *rng.pick(SPECIAL)
    } else {
        rng.below(256) as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutations_are_deterministic_and_bounded() {
        let run = |label: &str| {
            let mut rng = Rng::derive(1, label);
            let mut bytes = b"{\"a\": [1, 2, \"x\"]}".to_vec();
            for _ in 0..200 {
                mutate(&mut bytes, &mut rng);
                assert!(bytes.len() <= MAX_LEN);
            }
            bytes
        };
        assert_eq!(run("a"), run("a"));
        assert_ne!(run("a"), run("b"));
    }
}

//! Structure-aware mutation of JSON documents: the seed is parsed into a
//! `serde_json::Value`, one to four operations change it, and it is written back.
//!
//! Most byte-level mutants of a case file are not JSON and stop at the parser;
//! these stay JSON, so they reach the shape checks, the validator and everything
//! behind it. The operations are what an author's mistakes and an attacker's
//! tricks look like: fields and array elements deleted, duplicated and swapped;
//! values replaced by other types; huge, negative and fractional numbers; numbers
//! written as strings and back; strings of a few MB; Unicode that breaks byte
//! arithmetic (multi-byte characters, combining marks, RTL marks, NUL) inserted at
//! any position of a string; references pointing at other records or near-misses
//! of real ids; times with junk at any position; extra fields.
//!
//! Two changes cannot be expressed as a `Value` and are spliced into the text after
//! it is written: lone-surrogate escapes (`\ud800`, which serde_json refuses to put
//! in a string) and deep nesting (a `Value` thousands of levels deep would overflow
//! the fuzzer's own stack when written or dropped). The `Value` carries marker
//! characters from Unicode's private use area in their place.

use serde_json::{Map, Number, Value};
use tracelab::generator::rng::Rng;

use super::raw::MAX_LEN;
use super::UNICODE;

/// Replaced after writing by a lone high or low surrogate escape.
const HIGH_SURROGATE: &str = "\u{f8f1}";
const LOW_SURROGATE: &str = "\u{f8f2}";
/// A string value `"\u{f8f0}N"` is replaced by N levels of nesting.
const DEEP: char = '\u{f8f0}';

/// What goes into a time besides Unicode.
const JUNK: &[&str] = &["x", " ", "-", ":", "+", "9", "T", "Z", ".", "0", "é", "+0é"];

/// A seed document, parsed once, with what the operations pick from.
pub struct JsonSeed {
    pub value: Value,
    /// JSON pointers of every node but the root.
    nodes: Vec<String>,
    /// Pointers of the strings that look like RFC 3339 times.
    times: Vec<String>,
    /// Pointers of the numbers (counts, points, coordinates, indices).
    numbers: Vec<String>,
    /// The document's distinct strings: ids and addresses to misuse as references.
    strings: Vec<String>,
}

impl JsonSeed {
    /// `None` when `text` is not JSON.
    pub fn new(text: &str) -> Option<JsonSeed> {
        let value: Value = serde_json::from_str(text).ok()?;
        let mut seed = JsonSeed {
            value: Value::Null,
            nodes: Vec::new(),
            times: Vec::new(),
            numbers: Vec::new(),
            strings: Vec::new(),
        };
        seed.index(&value, String::new());
        seed.strings.sort();
        seed.strings.dedup();
        seed.value = value;
        Some(seed)
    }

    fn index(&mut self, v: &Value, at: String) {
        let children: Vec<(String, &Value)> = match v {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, c)| (format!("{at}/{i}"), c))
                .collect(),
            Value::Object(map) => map
                .iter()
                .map(|(k, c)| {
                    (
                        format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                        c,
                    )
                })
                .collect(),
            Value::String(s) => {
                if looks_like_time(s) {
                    self.times.push(at.clone());
                }
                if s.len() <= 200 {
                    self.strings.push(s.clone());
                }
                Vec::new()
            }
            Value::Number(_) => {
                self.numbers.push(at.clone());
                Vec::new()
            }
            _ => Vec::new(),
        };
        if !at.is_empty() {
            self.nodes.push(at);
        }
        for (p, c) in children {
            self.index(c, p);
        }
    }
}

fn looks_like_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 19 && b[4] == b'-' && b[7] == b'-' && b[13] == b':'
}

/// A mutant of `seed` as JSON text (usually; the splices may make it invalid).
pub fn mutate(seed: &JsonSeed, rng: &mut Rng) -> String {
    let mut doc = seed.value.clone();
    for _ in 0..rng.range(1, 4) {
        one(&mut doc, seed, rng);
    }
    let text = if rng.chance(3, 4) {
        serde_json::to_string_pretty(&doc)
    } else {
        serde_json::to_string(&doc)
    }
    .unwrap_or_default();
    let mut text = splice_markers(&text);
    if text.len() > MAX_LEN {
        text.truncate(text.floor_char_boundary(MAX_LEN));
    }
    text
}

fn one(doc: &mut Value, seed: &JsonSeed, rng: &mut Rng) {
    let Some(at) = (!seed.nodes.is_empty()).then(|| rng.pick(&seed.nodes).as_str()) else {
        return;
    };
    // Times get three shares of fifteen: they are few in a document but a whole
    // parser's worth of arithmetic.
    match rng.below(15) {
        0 => {
            remove(doc, at);
        }
        1 => duplicate(doc, at, rng),
        2 => swap(doc, at, rng),
        3 => set(doc, at, other_type(seed, rng)),
        4 => {
            // Half the time a number of the document, the likeliest to overflow.
            let at = if seed.numbers.is_empty() || rng.chance(1, 2) {
                at
            } else {
                rng.pick(&seed.numbers).as_str()
            };
            set(doc, at, extreme_number(rng));
        }
        5 => {
            if let Some(v) = doc.pointer_mut(at) {
                *v = retyped(v);
            }
        }
        6 => {
            let old = doc.pointer(at).and_then(Value::as_str).unwrap_or("");
            set(doc, at, Value::String(long_string(old, rng)));
        }
        7 => {
            let edit: fn(&mut String, &mut Rng) = if rng.chance(3, 4) {
                |s, rng| {
                    let unicode = *rng.pick::<&str>(UNICODE);
                    insert_at(s, unicode, rng)
                }
            } else {
                overwrite_same_length
            };
            edit_string(doc, at, rng, edit);
        }
        8 => set(doc, at, Value::String(reference(seed, rng))),
        9 | 13 | 14 => {
            if !seed.times.is_empty() {
                let time = rng.pick(&seed.times).clone();
                edit_string(doc, &time, rng, junk_time);
            }
        }
        10 => {
            let depth = [2, 5, 127, 128, 129, 1000, 5000][rng.index(7)];
            set(doc, at, Value::String(format!("{DEEP}{depth}")));
        }
        11 => {
            let mark: fn(&mut String, &mut Rng) = if rng.chance(1, 2) {
                |s, rng| insert_at(s, HIGH_SURROGATE, rng)
            } else {
                |s, rng| insert_at(s, LOW_SURROGATE, rng)
            };
            edit_string(doc, at, rng, mark);
        }
        _ => add(doc, at, seed, rng),
    }
}

/// The parent's pointer and the last reference token, unescaped.
fn split(at: &str) -> Option<(&str, String)> {
    let i = at.rfind('/')?;
    Some((&at[..i], at[i + 1..].replace("~1", "/").replace("~0", "~")))
}

fn remove(doc: &mut Value, at: &str) -> Option<Value> {
    let (parent, key) = split(at)?;
    match doc.pointer_mut(parent)? {
        Value::Array(items) => {
            let i: usize = key.parse().ok()?;
            (i < items.len()).then(|| items.remove(i))
        }
        Value::Object(map) => map.remove(&key),
        _ => None,
    }
}

fn set(doc: &mut Value, at: &str, new: Value) {
    if let Some(v) = doc.pointer_mut(at) {
        *v = new;
    }
}

/// Array: a copy of the element inserted elsewhere; object: the field's value
/// also written into a sibling field.
fn duplicate(doc: &mut Value, at: &str, rng: &mut Rng) {
    let Some(value) = doc.pointer(at).cloned() else {
        return;
    };
    let Some((parent, _)) = split(at) else {
        return;
    };
    match doc.pointer_mut(parent) {
        Some(Value::Array(items)) => {
            let to = rng.index(items.len() + 1);
            items.insert(to, value);
        }
        Some(Value::Object(map)) if !map.is_empty() => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let key = rng.pick(&keys).clone();
            map.insert(key, value);
        }
        _ => {}
    }
}

/// The node's value exchanged with a sibling's.
fn swap(doc: &mut Value, at: &str, rng: &mut Rng) {
    let Some((parent, key)) = split(at) else {
        return;
    };
    match doc.pointer_mut(parent) {
        Some(Value::Array(items)) => {
            if let Ok(i) = key.parse::<usize>() {
                let j = rng.index(items.len());
                if i < items.len() {
                    items.swap(i, j);
                }
            }
        }
        Some(Value::Object(map)) if !map.is_empty() => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let other = rng.pick(&keys).clone();
            if let (Some(a), Some(b)) = (map.get(&key).cloned(), map.get(&other).cloned()) {
                map.insert(key, b);
                map.insert(other, a);
            }
        }
        _ => {}
    }
}

/// A field added to the parent object (a known name elsewhere, or an unknown one),
/// or an element added to the parent array.
fn add(doc: &mut Value, at: &str, seed: &JsonSeed, rng: &mut Rng) {
    let Some((parent, _)) = split(at) else {
        return;
    };
    let value = other_type(seed, rng);
    match doc.pointer_mut(parent) {
        Some(Value::Array(items)) => items.push(value),
        Some(Value::Object(map)) => {
            let name = match rng.below(3) {
                0 => "unexpected".to_string(),
                _ => split(rng.pick(&seed.nodes).as_str()).map_or(String::new(), |(_, k)| k),
            };
            map.insert(name, value);
        }
        _ => {}
    }
}

fn other_type(seed: &JsonSeed, rng: &mut Rng) -> Value {
    match rng.below(10) {
        0 => Value::Null,
        1 => Value::Bool(rng.chance(1, 2)),
        2 => Value::from(0),
        3 => Value::String(String::new()),
        4 => Value::Array(Vec::new()),
        5 => Value::Object(Map::new()),
        6 => Value::Array(vec![Value::Null]),
        7 => Value::String(reference(seed, rng)),
        8 => extreme_number(rng),
        _ => Value::from("x"),
    }
}

fn extreme_number(rng: &mut Rng) -> Value {
    match rng.below(16) {
        0 => Value::from(u64::MAX),
        1 => Value::from(i64::MIN),
        2 => Value::from(-1),
        3 => Value::from(0),
        4 => Value::from(u64::from(u32::MAX) + 1),
        5 => Value::from((1u64 << 53) + 1),
        6 => Number::from_f64(1e308).map_or(Value::Null, Value::Number),
        7 => Number::from_f64(-0.0).map_or(Value::Null, Value::Number),
        8 => Number::from_f64(0.5).map_or(Value::Null, Value::Number),
        9 => Number::from_f64(1e40).map_or(Value::Null, Value::Number),
        10 => Value::from("340282366920938463463374607431768211455"),
        11 => Value::from("340282366920938463463374607431768211456"),
        12 => Value::from("-1"),
        13 => Value::from("99999999999999999999999999999999999999999999999999"),
        14 => Value::from(u64::from(u32::MAX)),
        _ => Value::from(rng.u64() >> rng.below(64)),
    }
}

/// Numbers written as strings and strings of digits as numbers.
fn retyped(v: &Value) -> Value {
    match v {
        Value::Number(n) => Value::String(n.to_string()),
        Value::String(s) => serde_json::from_str::<Number>(s.trim())
            .map(Value::Number)
            .unwrap_or_else(|_| v.clone()),
        other => other.clone(),
    }
}

/// Up to a few MB: the old text repeated, or one character many times.
fn long_string(old: &str, rng: &mut Rng) -> String {
    let len = [1_000, 65_536, 1 << 20, 3 << 20][rng.index(4)];
    let unit = if !old.is_empty() && rng.chance(1, 2) {
        old
    } else {
        *rng.pick(&["a", "é", "😀", "\u{301}", "0", " "])
    };
    let mut s = unit.repeat(len / unit.len() + 1);
    s.truncate(s.floor_char_boundary(len));
    s
}

/// Another record's id or address, or a near miss of one (a changed character or
/// letter case, a suffix), so references resolve to the wrong thing or to nothing.
fn reference(seed: &JsonSeed, rng: &mut Rng) -> String {
    let Some(s) = (!seed.strings.is_empty()).then(|| rng.pick(&seed.strings).clone()) else {
        return String::new();
    };
    match rng.below(4) {
        0 | 1 => s,
        2 => {
            let flipped: String = s
                .chars()
                .map(|c| {
                    if c.is_ascii_lowercase() {
                        c.to_ascii_uppercase()
                    } else {
                        c.to_ascii_lowercase()
                    }
                })
                .collect();
            flipped
        }
        _ => {
            let mut s = s;
            if s.is_empty() || rng.chance(1, 2) {
                s.push_str(":1");
            } else {
                let at = s.floor_char_boundary(rng.index(s.len()));
                let end = s.ceil_char_boundary(at + 1);
                s.replace_range(at..end, "0");
            }
            s
        }
    }
}

fn edit_string(doc: &mut Value, at: &str, rng: &mut Rng, edit: fn(&mut String, &mut Rng)) {
    if let Some(Value::String(s)) = doc.pointer_mut(at) {
        edit(s, rng);
    }
}

/// Inserts `what` at a character boundary chosen uniformly.
fn insert_at(s: &mut String, what: &str, rng: &mut Rng) {
    let boundaries = s.chars().count() + 1;
    let nth = rng.index(boundaries);
    let at = s.char_indices().nth(nth).map_or(s.len(), |(i, _)| i);
    s.insert_str(at, what);
}

/// A time with its zone written another way half the time (an offset, a
/// fraction), then junk inserted, written over (keeping the length in bytes,
/// or not) or cut at any position.
fn junk_time(s: &mut String, rng: &mut Rng) {
    if let (Some(zone), true) = (s.find(['Z', 'z']), rng.chance(1, 2)) {
        let offset = *rng.pick::<&str>(&["+01:00", "-23:59", ".5Z", "+00:00"]);
        s.replace_range(zone.., offset);
    }
    let junk = if rng.chance(1, 2) {
        *rng.pick(JUNK)
    } else {
        *rng.pick(UNICODE)
    };
    match rng.below(4) {
        0 => insert_at(s, junk, rng),
        1 => overwrite_same_length(s, rng),
        2 if !s.is_empty() => {
            let at = s.floor_char_boundary(rng.index(s.len()));
            let end = s.ceil_char_boundary(at + 1);
            s.replace_range(at..end, junk);
        }
        _ => {
            let at = s.floor_char_boundary(rng.index(s.len() + 1));
            s.truncate(at);
        }
    }
}

/// Overwrites ASCII bytes with a character of as many bytes, so the length in
/// bytes is unchanged: what gets past a length check to code that then indexes
/// bytes at fixed positions.
fn overwrite_same_length(s: &mut String, rng: &mut Rng) {
    let wide = *rng.pick(&["é", "é", "€", "😀"]);
    if s.len() < wide.len() {
        return;
    }
    let at = rng.index(s.len() - wide.len() + 1);
    if s.is_char_boundary(at) && s[at..].bytes().take(wide.len()).all(|b| b.is_ascii()) {
        s.replace_range(at..at + wide.len(), wide);
    }
}

/// Replaces the private-use markers by what they stand for.
fn splice_markers(text: &str) -> String {
    let text = text
        .replace(HIGH_SURROGATE, "\\ud800")
        .replace(LOW_SURROGATE, "\\udc00");
    let marker = format!("\"{DEEP}");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(i) = rest.find(&marker) {
        out.push_str(&rest[..i]);
        let after = &rest[i + marker.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        match (
            after[..digits].parse::<usize>(),
            after[digits..].strip_prefix('"'),
        ) {
            (Ok(depth), Some(tail)) => {
                out.push_str(&"[".repeat(depth));
                out.push('1');
                out.push_str(&"]".repeat(depth));
                rest = tail;
            }
            _ => {
                out.push_str(&marker);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_index_nodes_times_and_strings() {
        let seed = JsonSeed::new(r#"{"a/b": [1, "2025-03-01T10:00:00Z"], "id": "tx1"}"#).unwrap();
        assert_eq!(seed.nodes, ["/a~1b", "/a~1b/0", "/a~1b/1", "/id"]);
        assert_eq!(seed.times, ["/a~1b/1"]);
        assert_eq!(seed.numbers, ["/a~1b/0"]);
        assert_eq!(seed.strings, ["2025-03-01T10:00:00Z", "tx1"]);
        let mut doc = seed.value.clone();
        assert_eq!(remove(&mut doc, "/a~1b/0"), Some(Value::from(1)));
        assert!(JsonSeed::new("{").is_none());
    }

    #[test]
    fn markers_become_surrogate_escapes_and_nesting() {
        let text = format!("[\"a{HIGH_SURROGATE}\", \"{DEEP}3\", \"{DEEP}x\"]");
        assert_eq!(
            splice_markers(&text),
            format!("[\"a\\ud800\", [[[1]]], \"{DEEP}x\"]")
        );
    }

    #[test]
    fn mutants_are_deterministic() {
        let seed =
            JsonSeed::new(r#"{"t": "2025-03-01T10:00:00Z", "n": [1, 2, {"x": "y"}]}"#).unwrap();
        let run = |label: &str| -> Vec<String> {
            let mut rng = Rng::derive(3, label);
            (0..100).map(|_| mutate(&seed, &mut rng)).collect()
        };
        assert_eq!(run("a"), run("a"));
        assert_ne!(run("a"), run("b"));
    }
}

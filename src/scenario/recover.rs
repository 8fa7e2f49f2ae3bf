//! Every shape problem of a file at once, on the `check` path.
//!
//! serde stops at the first field that is missing, unknown or of the wrong type,
//! so [`super::parse`] reports one shape problem, and an author fixing three
//! mistakes would need three runs. When the typed parse fails, this pass reads
//! the file again piece by piece: the top level's members and the elements of the
//! top-level lists are found as byte ranges by the scanner `locate` uses (the
//! text is known to be well-formed JSON by then, and nothing is copied), and each
//! member and each element is parsed on its own as its model type. Each failure
//! names the place serde stopped at inside its piece ([`path_at`] on the piece's
//! text), prefixed with where the piece is, and is located in the file from the
//! piece's byte offset. (serde_json's `RawValue` would split the text as well,
//! but its feature adds to every deserializer in the app's bundle.)
//! Unknown and missing top-level members are found by comparing names with the
//! model's, worded as serde words them. Inside one element only its first
//! mistake is found (that is serde's limit), but every element is read.
//!
//! A decimal point in a base-unit amount is reported with the exact base units it
//! stands for, worked out from the asset's decimals (see [`amount_hint`]).
//!
//! Only `check` runs this (the command line and the lab worker); the app's fast
//! `parse` of its bundled cases does not carry it.

use std::ops::Range;

use serde::de::{DeserializeOwned, Error as _, IgnoredAny};
use serde_json::Value;

use super::limits::not_listed;
use super::locate::{locate_all, positions};
use super::path::{path_at, JsonPath, Scanner, Seg};
use super::{model::*, strip_position, LoadError, Problem, Rule};
use crate::amount::{parse_units, AmountError};
use crate::quote::quote;

/// All shape problems of `text`, whose typed parse failed with `first` (which is
/// reported first, as `parse` reports it), then the others in file order.
/// At most `listed` are kept; the rest are counted.
pub(super) fn shape_problems(text: &str, first: LoadError, listed: usize) -> Vec<Problem> {
    let first = first.into_problem();
    let Some(members) = members(text) else {
        return vec![first];
    };
    let mut found = Findings {
        kept: Vec::new(),
        listed,
        more: 0,
    };
    let mut seen = [false; FIELDS.len()];
    for (name, raw) in &members {
        let path = JsonPath::root().key(name);
        match FIELDS.iter().position(|f| f.name == name) {
            None => found.push(Found::at(
                path,
                serde_json::Error::unknown_field(name, field_names()),
            )),
            Some(f) if seen[f] => {
                found.push(Found::at(
                    path,
                    serde_json::Error::duplicate_field(FIELDS[f].name),
                ));
            }
            Some(f) => {
                seen[f] = true;
                FIELDS[f].read.check(text, raw.clone(), path, &mut found);
            }
        }
    }
    for (f, field) in FIELDS.iter().enumerate() {
        if field.required && !seen[f] {
            found.push(Found::at(
                JsonPath::root(),
                serde_json::Error::missing_field(field.name),
            ));
        }
    }
    let assets = members
        .iter()
        .find(|(name, _)| name == "assets")
        .map(|(_, raw)| readable::<Asset>(text, raw.clone()))
        .unwrap_or_default();
    let more = found.more;
    let mut problems = problems_of(text, found.kept, &assets);
    // The first problem is the one `parse` reports (with its hint, if an amount).
    let first = match problems.iter().position(|p| p.path == first.path) {
        Some(i) => problems.remove(i),
        None => first,
    };
    problems.retain(|p| p.path != first.path || p.message != first.message);
    problems.insert(0, first);
    if more > 0 {
        problems.push(not_listed(more, listed));
    }
    problems
}

/// The top level's members in file order, duplicates kept, each value as the
/// byte range it takes in `text` (`None` if the top level is not an object).
fn members(text: &str) -> Option<Vec<(String, Range<usize>)>> {
    let mut s = Scanner {
        bytes: text.as_bytes(),
        pos: 0,
    };
    s.expect(b'{')?;
    items(&mut s, b'}', |s| {
        let key = s.pos;
        let name = s.string()?;
        // The scanner keeps `\u` escapes as written; serde decodes them.
        let name = if text[key..s.pos].contains('\\') {
            serde_json::from_str(&text[key..s.pos]).ok()?
        } else {
            name
        };
        s.expect(b':')?;
        Some((name, value(s)?))
    })
}

/// The byte ranges of a list's elements (`None` if `range` is not a list).
fn elements(text: &str, range: Range<usize>) -> Option<Vec<Range<usize>>> {
    let mut s = Scanner {
        bytes: text.as_bytes(),
        pos: range.start,
    };
    s.expect(b'[')?;
    items(&mut s, b']', value)
}

/// The items of an object or list whose opening bracket the scanner has read,
/// each read by `item`, up to the `close` bracket.
fn items<T>(
    s: &mut Scanner,
    close: u8,
    mut item: impl FnMut(&mut Scanner) -> Option<T>,
) -> Option<Vec<T>> {
    let mut items = Vec::new();
    loop {
        s.skip_ws();
        if s.peek()? == close {
            return Some(items);
        }
        items.push(item(s)?);
        s.skip_ws();
        if s.peek()? == b',' {
            s.pos += 1;
        }
    }
}

/// The range of the value at the scanner, which it moves past.
fn value(s: &mut Scanner) -> Option<Range<usize>> {
    s.skip_ws();
    let start = s.pos;
    s.skip_value()?;
    Some(start..s.pos)
}

/// One top-level member of the case: its name, whether the format requires it,
/// and how to read it on its own.
struct Field {
    name: &'static str,
    required: bool,
    read: Read,
}

/// A member read whole, or element by element (a list).
enum Read {
    One(fn(&str) -> serde_json::Result<()>),
    Each(fn(&str) -> serde_json::Result<()>),
}

fn try_read<T: DeserializeOwned>(text: &str) -> serde_json::Result<()> {
    serde_json::from_str::<T>(text).map(drop)
}

/// The members of [`Scenario`] in its order; a test keeps this list equal to
/// the model's fields and their `default`s.
const FIELDS: &[Field] = &[
    field("$schema", false, Read::One(try_read::<Option<String>>)),
    field("schema_version", true, Read::One(try_read::<u32>)),
    field("id", true, Read::One(try_read::<String>)),
    field("version", true, Read::One(try_read::<String>)),
    field("title", true, Read::One(try_read::<String>)),
    field("summary", true, Read::One(try_read::<String>)),
    field("language", true, Read::One(try_read::<String>)),
    field("difficulty", true, Read::One(try_read::<Difficulty>)),
    field("estimated_minutes", true, Read::One(try_read::<u32>)),
    field("typologies", true, Read::Each(try_read::<String>)),
    field("authors", false, Read::Each(try_read::<String>)),
    field("briefing", true, Read::One(try_read::<String>)),
    field("debrief", true, Read::One(try_read::<String>)),
    field("chains", true, Read::Each(try_read::<Chain>)),
    field("assets", true, Read::Each(try_read::<Asset>)),
    field("entities", true, Read::Each(try_read::<Entity>)),
    field("addresses", true, Read::Each(try_read::<AddressEntry>)),
    field("opening_balances", false, Read::Each(try_read::<Balance>)),
    field("transactions", true, Read::Each(try_read::<Transaction>)),
    field("links", false, Read::Each(try_read::<Link>)),
    field("start", true, Read::One(try_read::<Start>)),
    field("objectives", true, Read::Each(try_read::<Objective>)),
    field("requests", false, Read::Each(try_read::<ServiceRecords>)),
    field("tools", false, Read::One(try_read::<Option<Tools>>)),
    field("solution", true, Read::One(try_read::<Solution>)),
    field("grading", false, Read::One(try_read::<Option<Grading>>)),
    field(
        "generator",
        false,
        Read::One(try_read::<Option<JsonObject>>),
    ),
    field(
        "investigation",
        false,
        Read::One(try_read::<Option<JsonObject>>),
    ),
];

type JsonObject = serde_json::Map<String, Value>;

const fn field(name: &'static str, required: bool, read: Read) -> Field {
    Field {
        name,
        required,
        read,
    }
}

/// The names serde lists in its "unknown field" message for the case.
fn field_names() -> &'static [&'static str] {
    const NAMES: [&str; FIELDS.len()] = {
        let mut names = [""; FIELDS.len()];
        let mut i = 0;
        while i < FIELDS.len() {
            names[i] = FIELDS[i].name;
            i += 1;
        }
        names
    };
    &NAMES
}

/// A problem found in a piece of the text: where (the piece's path and the place
/// inside it), and serde's error.
struct Found {
    path: JsonPath,
    /// Byte offset in the file where serde stopped, if it says.
    offset: Option<usize>,
    error: serde_json::Error,
    /// The piece, to look at its values again for an amount's hint.
    piece: Option<(usize, JsonPath)>,
}

/// What the pass found, at most `listed` of it kept (a file of a million
/// broken elements would otherwise hold a million serde messages).
struct Findings {
    kept: Vec<Found>,
    listed: usize,
    more: usize,
}

impl Findings {
    fn push(&mut self, found: Found) {
        if self.kept.len() < self.listed {
            self.kept.push(found);
        } else {
            self.more += 1;
        }
    }
}

impl Found {
    fn at(path: JsonPath, error: serde_json::Error) -> Found {
        Found {
            path,
            offset: None,
            error,
            piece: None,
        }
    }
}

impl Read {
    fn check(&self, text: &str, range: Range<usize>, path: JsonPath, found: &mut Findings) {
        match self {
            Read::One(read) => piece(text, range, &path, *read, found),
            Read::Each(read) => match elements(text, range.clone()) {
                Some(items) => {
                    for (i, item) in items.into_iter().enumerate() {
                        piece(text, item, &path.index(i), *read, found);
                    }
                }
                // Not a list: serde's words for that.
                None => piece(text, range, &path, try_read::<Vec<IgnoredAny>>, found),
            },
        }
    }
}

/// Parses the piece of `text` in `range` (at `path`) with `read`, and records
/// where serde stopped if it fails.
fn piece(
    text: &str,
    range: Range<usize>,
    path: &JsonPath,
    read: fn(&str) -> serde_json::Result<()>,
    found: &mut Findings,
) {
    let piece = &text[range.clone()];
    if let Err(e) = read(piece) {
        let inside = path_at(piece, e.line(), e.column());
        let mut full = path.clone();
        full.0.extend(inside.0);
        found.push(Found {
            path: full,
            offset: Some(range.start + byte_offset(piece, e.line(), e.column())),
            error: e,
            piece: Some((range.start, path.clone())),
        });
    }
}

/// serde_json's 1-based line and byte column as a byte offset in `text`.
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    (line_start + column.saturating_sub(1)).min(text.len())
}

/// The elements of a list that read as `T` (the others are reported already).
fn readable<T: DeserializeOwned>(text: &str, range: Range<usize>) -> Vec<T> {
    elements(text, range)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|item| serde_json::from_str(&text[item]).ok())
        .collect()
}

/// Problems located in one pass over the text (where a path is not in the text,
/// at the byte serde stopped at), in file order.
fn problems_of(text: &str, found: Vec<Found>, assets: &[Asset]) -> Vec<Problem> {
    let paths: Vec<&JsonPath> = found.iter().map(|f| &f.path).collect();
    let located = locate_all(text, &paths);
    let fallback = positions(text, &found.iter().map(|f| f.offset).collect::<Vec<_>>());
    let mut problems: Vec<Problem> = found
        .into_iter()
        .zip(located.into_iter().zip(fallback))
        .map(|(f, (at, near))| {
            let message = f
                .piece
                .and_then(|(start, piece_path)| {
                    amount_hint(text, start, &piece_path, &f.path, assets)
                })
                .unwrap_or_else(|| strip_position(&f.error.to_string()));
            Problem {
                rule: Rule::Shape,
                path: f.path,
                message,
                position: at.or(near),
            }
        })
        .collect();
    crate::sort::sort_by_key(&mut problems, |p| p.position.map(|p| (p.line, p.column)));
    problems
}

/// For an amount written with a decimal point (`"1.1494"`), the message with the
/// exact base units it stands for: the asset's decimals come from the amount's
/// own `asset` (answers, transfers, balances) or its chain's native asset
/// (outputs, inputs, fees). `None` for any other problem.
fn amount_hint(
    text: &str,
    start: usize,
    piece_path: &JsonPath,
    path: &JsonPath,
    assets: &[Asset],
) -> Option<String> {
    let inside = &path.0[piece_path.0.len()..];
    let (Seg::Key(last), parents) = inside.split_last()? else {
        return None;
    };
    if !matches!(last.as_str(), "value" | "tolerance" | "fee") {
        return None;
    }
    let piece: Value = serde_json::Deserializer::from_str(&text[start..])
        .into_iter()
        .next()?
        .ok()?;
    let mut holder = &piece;
    for seg in parents {
        holder = match seg {
            Seg::Key(k) => holder.get(k)?,
            Seg::Index(i) => holder.get(i)?,
        };
    }
    let written = holder.get(last)?.as_str()?;
    if !written.contains('.') {
        return None;
    }
    let asset_id = match holder.get("asset").and_then(Value::as_str) {
        Some(id) => id.to_string(),
        // An output, an input or a fee: the transaction's chain's own coin.
        None => {
            let chain = piece.get("chain")?.as_str()?;
            assets
                .iter()
                .find(|a| a.chain == chain && a.contract.is_none())
                .map_or_else(
                    || format!("(the native asset of chain {chain})"),
                    |a| a.id.clone(),
                )
        }
    };
    let head = format!(
        "amount {} has a decimal point, but amounts in a case file are whole numbers of base units",
        quote(written)
    );
    // The number as written, unless it is too long to repeat.
    let shown = if written.chars().count() <= crate::quote::QUOTE_CHARS {
        written.to_string()
    } else {
        quote(written)
    };
    Some(match assets.iter().find(|a| a.id == asset_id) {
        None => format!(
            "{head}; asset {} is not in `assets`, so how many base units {shown} is cannot be worked out",
            quote(&asset_id)
        ),
        Some(asset) => match parse_units(written, asset.decimals) {
            Ok(units) => format!(
                "{head}: with the {} decimals of asset {}, {shown} is \"{units}\"",
                asset.decimals,
                quote(&asset.id)
            ),
            Err(AmountError::TooPrecise { decimals }) => format!(
                "{head}, and {shown} has more decimals than asset {} ({decimals}), so it is no whole number of them",
                quote(&asset.id)
            ),
            Err(e) => format!("{head}; read with the decimals of asset {}: {e}", quote(&asset.id)),
        },
    })
}

#[cfg(test)]
mod tests {
    use serde::de::Visitor;
    use serde::Deserialize;

    use super::*;

    /// The names serde's derive gives `deserialize_struct` for the case.
    fn model_fields() -> &'static [&'static str] {
        struct Probe<'a>(&'a mut &'static [&'static str]);
        impl<'de> serde::Deserializer<'de> for Probe<'_> {
            type Error = serde_json::Error;
            fn deserialize_any<V: Visitor<'de>>(self, _: V) -> serde_json::Result<V::Value> {
                Err(serde_json::Error::custom("only structs"))
            }
            fn deserialize_struct<V: Visitor<'de>>(
                self,
                _: &'static str,
                fields: &'static [&'static str],
                _: V,
            ) -> serde_json::Result<V::Value> {
                *self.0 = fields;
                Err(serde_json::Error::custom("probed"))
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
                bytes byte_buf option unit unit_struct newtype_struct seq tuple
                tuple_struct map enum identifier ignored_any
            }
        }
        let mut fields: &'static [&'static str] = &[];
        let _ = Scenario::deserialize(Probe(&mut fields));
        fields
    }

    fn mini() -> Value {
        serde_json::from_str(include_str!("../../tests/fixtures/mini-utxo.json")).unwrap()
    }

    #[test]
    fn the_field_list_is_the_models() {
        assert_eq!(field_names(), model_fields());
        // Required exactly where the model has no default: removing the member
        // makes the typed parse miss it.
        let mut full = mini();
        for (name, value) in [
            ("$schema", Value::from("schema.json")),
            ("authors", Value::from(vec!["A"])),
            ("tools", serde_json::json!({"taint": false})),
            ("grading", serde_json::json!({"unfounded_request_cost": 1})),
            ("generator", serde_json::json!({"seed": 1})),
            ("investigation", serde_json::json!({"v": 1})),
        ] {
            full[name] = value;
        }
        let text = serde_json::to_string(&full).unwrap();
        assert!(super::super::parse(&text).is_ok());
        for field in FIELDS {
            let mut without = full.clone();
            without.as_object_mut().unwrap().remove(field.name);
            let missed = serde_json::from_value::<Scenario>(without)
                .err()
                .is_some_and(|e| {
                    e.to_string()
                        .contains(&format!("missing field `{}`", field.name))
                });
            assert_eq!(missed, field.required, "{}", field.name);
        }
        // Each member reads as the type the list says: a valid case gives nothing.
        let members = members(&text).unwrap();
        let mut found = Findings {
            kept: Vec::new(),
            listed: usize::MAX,
            more: 0,
        };
        for (name, raw) in &members {
            let field = FIELDS.iter().find(|f| f.name == name).unwrap();
            field
                .read
                .check(&text, raw.clone(), JsonPath::root().key(name), &mut found);
        }
        let messages: Vec<String> = found
            .kept
            .iter()
            .map(|f| format!("{}: {}", f.path, f.error))
            .collect();
        assert!(messages.is_empty(), "{messages:?}");
    }
}

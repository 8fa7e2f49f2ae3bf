//! Locating many problems at once gives the same lines and columns as locating
//! each one on its own, in one pass over the text however many there are.

use proptest::prelude::*;
use serde_json::Value;
use tracelab::scenario::locate::locate_all;
use tracelab::scenario::path::locate;
use tracelab::scenario::{self, JsonPath, Rule};

/// Locates `paths` in `text` together and compares each with `locate` alone.
fn check(text: &str, paths: &[JsonPath]) -> Result<(), TestCaseError> {
    let refs: Vec<&JsonPath> = paths.iter().collect();
    let together = locate_all(text, &refs);
    for (path, position) in paths.iter().zip(together) {
        prop_assert_eq!(position, locate(text, path), "{} in {}", path, text);
    }
    Ok(())
}

/// Every path in a document, and near misses: one index too far, an unknown key.
fn paths_of(value: &Value, here: JsonPath, out: &mut Vec<JsonPath>) {
    match value {
        Value::Object(map) => {
            out.push(here.key("missing"));
            for (k, v) in map {
                paths_of(v, here.key(k), out);
            }
        }
        Value::Array(items) => {
            out.push(here.index(items.len()));
            for (i, v) in items.iter().enumerate() {
                paths_of(v, here.index(i), out);
            }
        }
        _ => out.push(here.key("inside-a-scalar")),
    }
    out.push(here);
}

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "[a-zé\"\\\\{}\\[\\],: \n]{0,8}".prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-cé\"{]{1,3}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn together_equals_one_by_one(value in json(), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&value).unwrap()
        } else {
            serde_json::to_string(&value).unwrap()
        };
        let mut paths = Vec::new();
        paths_of(&value, JsonPath::root(), &mut paths);
        check(&text, &paths)?;
    }
}

#[test]
fn a_key_written_twice_is_found_where_it_is_first_written() {
    let text = "{\"a\": {\"x\": 1},\n \"a\": {\"y\": 2}, \"b\": [3, {\"a\": 4}]}";
    let paths = ["a", "a.x", "a.y", "b[1].a", "b[2]", "c"].map(JsonPath::parse);
    check(text, &paths).unwrap();
    let refs: Vec<&JsonPath> = paths.iter().collect();
    let found: Vec<_> = locate_all(text, &refs)
        .into_iter()
        .map(|p| p.map(|p| (p.line, p.column)))
        .collect();
    assert_eq!(
        found,
        [Some((1, 7)), Some((1, 13)), None, Some((2, 32)), None, None]
    );
}

/// Ten thousand duplicate addresses: every one is reported and located where
/// `locate` finds it (checked on a sample: `locate` alone is what was too slow).
#[test]
fn ten_thousand_problems_are_all_located() {
    let base = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/mini-utxo.json"
    ))
    .unwrap();
    let mut doc: Value = serde_json::from_str(&base).unwrap();
    let first = doc["addresses"][0].clone();
    let addresses = doc["addresses"].as_array_mut().unwrap();
    let listed = addresses.len();
    addresses.extend(std::iter::repeat_n(first, 10_000));
    let text = serde_json::to_string_pretty(&doc).unwrap();
    let problems = scenario::check(&text).unwrap_err();
    let duplicates: Vec<_> = problems
        .iter()
        .filter(|p| p.rule == Rule::DuplicateId)
        .collect();
    assert_eq!(duplicates.len(), 10_000);
    let mut line = 0;
    for (n, p) in duplicates.iter().enumerate() {
        assert_eq!(
            p.path.to_string(),
            format!("addresses[{}].address", listed + n)
        );
        let position = p.position.unwrap();
        // Pretty-printed: each on a later line, after `      "address": `.
        assert!(
            position.line > line && position.column == 18,
            "{position:?}"
        );
        line = position.line;
        if n % 499 == 0 || n == 9_999 {
            assert_eq!(p.position, locate(&text, &p.path), "{}", p.path);
        }
    }
}

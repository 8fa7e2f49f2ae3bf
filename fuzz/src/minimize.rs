//! Shrinking a failing input to a small reproducer that fails at the same place.
//!
//! Delta debugging in the style of ddmin: remove chunks of a list, halving the
//! chunk size, keeping every removal after which the target still fails at the same
//! location (the same panic site or broken invariant; the message may differ).
//! Input that is JSON is shrunk on its structure (array elements in chunks, then
//! every node deleted or replaced by an empty or shorter value) and written
//! pretty, so the reproducer is readable; other text is shrunk by lines, then by
//! characters. The number of target runs is bounded, not the time, so the result
//! is the same on every machine; a candidate that times out ends the search.

use serde_json::{Map, Value};

use crate::catch::Failure;

/// Runs the target on a candidate: its failure if any, or `None` when the run
/// did not return in time (then minimising stops with what it has).
pub type Attempt<'a> = &'a mut dyn FnMut(&str) -> Option<Option<Failure>>;

/// Target runs one minimisation may spend.
pub const ATTEMPTS: usize = 3000;

/// Inputs longer than this (in characters) skip the character pass.
const CHAR_PASS_MAX: usize = 4096;

struct Shrinker<'a> {
    attempt: Attempt<'a>,
    location: &'a str,
    left: usize,
}

impl Shrinker<'_> {
    fn fails(&mut self, candidate: &str) -> bool {
        if self.left == 0 {
            return false;
        }
        self.left -= 1;
        match (self.attempt)(candidate) {
            Some(failure) => failure.is_some_and(|f| f.location == self.location),
            None => {
                self.left = 0;
                false
            }
        }
    }

    /// ddmin over a list: the shortest sub-list found whose rendering still fails.
    fn list<T: Clone>(&mut self, mut items: Vec<T>, render: impl Fn(&[T]) -> String) -> Vec<T> {
        let mut chunk = (items.len() / 2).max(1);
        while !items.is_empty() && self.left > 0 {
            let mut removed = false;
            let mut i = 0;
            while i < items.len() && self.left > 0 {
                let end = (i + chunk).min(items.len());
                let mut without = items[..i].to_vec();
                without.extend_from_slice(&items[end..]);
                if self.fails(&render(&without)) {
                    items = without;
                    removed = true;
                } else {
                    i += chunk;
                }
            }
            // Single elements are tried again until none can go.
            if chunk == 1 && !removed {
                break;
            }
            chunk = (chunk / 2).max(1);
        }
        items
    }

    fn json(&mut self, mut doc: Value) -> Value {
        loop {
            let before = self.left;
            let mut progress = false;
            for at in pointers(&doc) {
                if self.left == 0 {
                    break;
                }
                if let Some(Value::Array(items)) = doc.pointer(&at) {
                    let n = items.len();
                    let items = items.clone();
                    let kept = self.list(items, |xs| {
                        pretty(&with(&doc, &at, Value::Array(xs.to_vec())))
                    });
                    if kept.len() < n {
                        doc = with(&doc, &at, Value::Array(kept));
                        progress = true;
                    }
                }
                if let Some(smaller) = simpler(&doc, &at)
                    .into_iter()
                    .find(|c| self.fails(&pretty(c)))
                {
                    doc = smaller;
                    progress = true;
                }
            }
            if !progress || self.left == before {
                return doc;
            }
        }
    }
}

/// Shrinks `input`, which fails at `location` when `attempt` runs it.
pub fn minimize(attempt: Attempt<'_>, input: &str, location: &str) -> String {
    let mut s = Shrinker {
        attempt,
        location,
        left: ATTEMPTS,
    };
    if let Ok(doc) = serde_json::from_str::<Value>(input) {
        if s.fails(&pretty(&doc)) {
            return pretty(&s.json(doc));
        }
    }
    let lines: Vec<&str> = input.split_inclusive('\n').collect();
    let text = s.list(lines, |ls| ls.concat()).concat();
    if text.chars().count() > CHAR_PASS_MAX {
        return text;
    }
    let chars: Vec<char> = text.chars().collect();
    s.list(chars, |cs| cs.iter().collect())
        .into_iter()
        .collect()
}

fn pretty(doc: &Value) -> String {
    serde_json::to_string_pretty(doc).unwrap_or_default()
}

/// JSON pointers of every node but the root, parents first.
fn pointers(doc: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![(String::new(), doc)];
    while let Some((at, v)) = stack.pop() {
        match v {
            Value::Array(items) => {
                for (i, c) in items.iter().enumerate().rev() {
                    stack.push((format!("{at}/{i}"), c));
                }
            }
            Value::Object(map) => {
                for (k, c) in map.iter().rev() {
                    let k = k.replace('~', "~0").replace('/', "~1");
                    stack.push((format!("{at}/{k}"), c));
                }
            }
            _ => {}
        }
        if !at.is_empty() {
            out.push(at);
        }
    }
    out
}

/// `doc` with the node at `at` replaced.
fn with(doc: &Value, at: &str, new: Value) -> Value {
    let mut copy = doc.clone();
    if let Some(v) = copy.pointer_mut(at) {
        *v = new;
    }
    copy
}

/// Smaller documents: the node deleted, then replaced by an empty or shorter value.
fn simpler(doc: &Value, at: &str) -> Vec<Value> {
    let Some(node) = doc.pointer(at) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(i) = at.rfind('/') {
        let key = at[i + 1..].replace("~1", "/").replace("~0", "~");
        let mut copy = doc.clone();
        let removed = match copy.pointer_mut(&at[..i]) {
            Some(Value::Object(map)) => map.remove(&key).is_some(),
            Some(Value::Array(items)) => key.parse::<usize>().is_ok_and(|j| {
                j < items.len() && {
                    items.remove(j);
                    true
                }
            }),
            _ => false,
        };
        if removed {
            out.push(copy);
        }
    }
    let replacements = match node {
        Value::Object(map) if !map.is_empty() => vec![Value::Object(Map::new())],
        Value::Array(items) if !items.is_empty() => vec![Value::Array(Vec::new())],
        Value::String(s) if !s.is_empty() => {
            let half = s.floor_char_boundary(s.len() / 2);
            let mut shorter = vec![
                Value::from(""),
                Value::from(&s[..half]),
                Value::from(&s[half..]),
            ];
            shorter.retain(|c| c.as_str() != Some(s));
            shorter
        }
        Value::Number(n) if n.as_u64() != Some(0) => vec![Value::from(0)],
        Value::Bool(true) => vec![Value::Bool(false)],
        _ => Vec::new(),
    };
    out.extend(replacements.into_iter().map(|r| with(doc, at, r)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catch::{self, Broken, QuietPanics};

    /// Fails when the text has a "boom" string somewhere under a "deep" field.
    fn boom(text: &str) -> Result<(), Broken> {
        let deep = text
            .find("\"deep\"")
            .is_some_and(|i| text[i..].contains("boom"));
        if deep {
            return Err(Broken {
                invariant: "no-boom",
                detail: String::new(),
            });
        }
        Ok(())
    }

    #[test]
    fn json_shrinks_to_the_failing_part() {
        let input = r#"{"a": [1, 2, 3, {"deep": ["x", "boom!", 7]}], "b": "long text here"}"#;
        let small = minimize(
            &mut |c| Some(catch::run(boom, c)),
            input,
            "invariant no-boom",
        );
        assert_eq!(
            small,
            "{\n  \"a\": [\n    {\n      \"deep\": [\n        \"boom!\"\n      ]\n    }\n  ]\n}"
        );
    }

    #[test]
    fn text_shrinks_by_lines_then_characters() {
        let _quiet = QuietPanics::install();
        fn slices(text: &str) -> Result<(), Broken> {
            if let Some(i) = text.find('T') {
                let _ = &text[i + 1..i + 3];
            }
            Ok(())
        }
        let input = "line one\n2024-03-01T1é\nline three\n";
        let location = catch::run(slices, input).unwrap().location;
        // "T" alone still slices past the end, at the same place.
        let small = minimize(&mut |c| Some(catch::run(slices, c)), input, &location);
        assert_eq!(small, "T");
    }
}

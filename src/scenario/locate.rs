//! Line and column of many paths at once, in one pass over the text.
//!
//! A broken case can have thousands of problems (a pasted block of ten thousand
//! duplicate addresses). Locating each one by scanning from the start of the
//! text, as [`super::path::locate`] does for a single path, made validation
//! quadratic: 10,000 problems took 45 s. Here the wanted paths go into a trie,
//! the JSON is walked once (descending only into members some path wants and
//! skipping the rest), each wanted value's byte offset is recorded, and the
//! offsets are turned into lines and columns in one sorted sweep. The answers are
//! those of `locate` path by path (a key written twice is found at its first
//! occurrence, a path that is not in the text has no position), which the tests
//! check on random documents.

use std::collections::BTreeMap;

use super::path::{JsonPath, Position, Scanner, Seg};

/// The position of each of `paths` in `source`, in the same order (`None` for a
/// path that is not in the text).
pub fn locate_all(source: &str, paths: &[&JsonPath]) -> Vec<Option<Position>> {
    let mut trie = Trie {
        nodes: vec![Node::default()],
    };
    for (i, path) in paths.iter().enumerate() {
        trie.insert(path, i);
    }
    let mut walk = Walk {
        trie: &trie,
        scanner: Scanner {
            bytes: source.as_bytes(),
            pos: 0,
        },
        offsets: vec![None; paths.len()],
        entered: vec![false; trie.nodes.len()],
    };
    walk.scanner.skip_ws();
    // A document that ends early leaves the paths after that point unfound.
    let _ = walk.value(0);
    positions(source, &walk.offsets)
}

/// The wanted paths, merged where they share a beginning.
struct Trie {
    nodes: Vec<Node>,
}

#[derive(Default)]
struct Node {
    /// Which of the wanted paths end here.
    ends: Vec<usize>,
    /// Object members some path goes on into, by key.
    keys: BTreeMap<String, usize>,
    /// Array elements some path goes on into, by index.
    indices: BTreeMap<usize, usize>,
}

impl Trie {
    fn insert(&mut self, path: &JsonPath, wanted: usize) {
        let mut node = 0;
        for seg in &path.0 {
            let next = self.nodes.len();
            let children = &mut self.nodes[node];
            let child = match seg {
                Seg::Key(k) => *children.keys.entry(k.clone()).or_insert(next),
                Seg::Index(i) => *children.indices.entry(*i).or_insert(next),
            };
            if child == next {
                self.nodes.push(Node::default());
            }
            node = child;
        }
        self.nodes[node].ends.push(wanted);
    }
}

struct Walk<'a> {
    trie: &'a Trie,
    scanner: Scanner<'a>,
    offsets: Vec<Option<usize>>,
    /// Trie nodes walked into already: a key written twice in one object is
    /// found where it is first written, as `locate` does.
    entered: Vec<bool>,
}

impl Walk<'_> {
    /// Records the value at the scanner (whitespace skipped) for the paths ending
    /// at `node`, goes into the members paths continue into, and moves past it.
    /// Recursion is as deep as the longest wanted path, not the document.
    fn value(&mut self, node: usize) -> Option<()> {
        let n = &self.trie.nodes[node];
        for &wanted in &n.ends {
            self.offsets[wanted] = Some(self.scanner.pos);
        }
        match self.scanner.peek()? {
            b'{' if !n.keys.is_empty() => self.object(&n.keys),
            b'[' if !n.indices.is_empty() => self.array(&n.indices),
            _ => self.scanner.skip_value(),
        }
    }

    fn object(&mut self, keys: &BTreeMap<String, usize>) -> Option<()> {
        self.scanner.pos += 1;
        loop {
            self.scanner.skip_ws();
            if self.scanner.peek()? == b'}' {
                self.scanner.pos += 1;
                return Some(());
            }
            let name = self.scanner.string()?;
            self.scanner.expect(b':')?;
            self.scanner.skip_ws();
            match keys.get(&name) {
                Some(&child) if !self.entered[child] => {
                    self.entered[child] = true;
                    self.value(child)?;
                }
                _ => self.scanner.skip_value()?,
            }
            self.scanner.skip_ws();
            if self.scanner.peek()? == b',' {
                self.scanner.pos += 1;
            }
        }
    }

    fn array(&mut self, indices: &BTreeMap<usize, usize>) -> Option<()> {
        self.scanner.pos += 1;
        let mut index = 0;
        loop {
            self.scanner.skip_ws();
            if self.scanner.peek()? == b']' {
                self.scanner.pos += 1;
                return Some(());
            }
            match indices.get(&index) {
                Some(&child) => self.value(child)?,
                None => self.scanner.skip_value()?,
            }
            self.scanner.skip_ws();
            if self.scanner.peek()? == b',' {
                self.scanner.pos += 1;
            }
            index += 1;
        }
    }
}

/// Byte offsets as 1-based lines and columns (columns count characters, as
/// [`super::path::position_of`] does), in one sweep over the text.
pub(super) fn positions(source: &str, offsets: &[Option<usize>]) -> Vec<Option<Position>> {
    let mut order: Vec<(usize, usize)> = offsets
        .iter()
        .enumerate()
        .filter_map(|(i, o)| o.map(|offset| (offset.min(source.len()), i)))
        .collect();
    crate::sort::sort_unstable(&mut order);
    let bytes = source.as_bytes();
    let mut out = vec![None; offsets.len()];
    let (mut at, mut line, mut column) = (0, 1, 1);
    for (offset, i) in order {
        for &b in &bytes[at..offset] {
            if b == b'\n' {
                line += 1;
                column = 1;
            } else if b & 0xC0 != 0x80 {
                // Not a UTF-8 continuation byte: a character starts here.
                column += 1;
            }
        }
        at = offset;
        out[i] = Some(Position { line, column });
    }
    out
}

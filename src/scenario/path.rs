//! JSON paths and where they are in the source text.
//!
//! Every problem the loader or validator reports names a path such as
//! `transactions[3].outputs[1].address`. When the original text is at hand,
//! [`locate`] turns that path into a line and column by scanning the JSON once along
//! the path (serde keeps no spans, and a full span-keeping parser would be a second
//! JSON implementation). The scan is tolerant: if the path is not in the text it
//! returns `None` rather than failing.

use std::fmt;

/// One step of a path: an object key or an array index.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A location inside a case file, printed as `transactions[3].outputs[1].address`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct JsonPath(pub Vec<Seg>);

impl JsonPath {
    pub fn root() -> Self {
        JsonPath(Vec::new())
    }

    pub fn key(&self, key: &str) -> Self {
        let mut segs = self.0.clone();
        segs.push(Seg::Key(key.to_string()));
        JsonPath(segs)
    }

    pub fn index(&self, index: usize) -> Self {
        let mut segs = self.0.clone();
        segs.push(Seg::Index(index));
        JsonPath(segs)
    }

    /// Builds a path from its printed form (used by tests and fixtures).
    pub fn parse(text: &str) -> Self {
        let mut segs = Vec::new();
        for part in text.split('.').filter(|p| !p.is_empty()) {
            let mut rest = part;
            if let Some(bracket) = rest.find('[') {
                if bracket > 0 {
                    segs.push(Seg::Key(rest[..bracket].to_string()));
                }
                rest = &rest[bracket..];
                while let Some(end) = rest.find(']') {
                    if let Ok(i) = rest[1..end].parse() {
                        segs.push(Seg::Index(i));
                    }
                    rest = &rest[end + 1..];
                }
            } else {
                segs.push(Seg::Key(rest.to_string()));
            }
        }
        JsonPath(segs)
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(top level)");
        }
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if i == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// A 1-based line and column in the source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Finds where the value at `path` starts in `source` (a JSON document).
pub fn locate(source: &str, path: &JsonPath) -> Option<Position> {
    let mut scanner = Scanner {
        bytes: source.as_bytes(),
        pos: 0,
    };
    scanner.skip_ws();
    for seg in &path.0 {
        match seg {
            Seg::Key(key) => scanner.enter_key(key)?,
            Seg::Index(index) => scanner.enter_index(*index)?,
        }
    }
    Some(position_of(source, scanner.pos))
}

/// The path of the value that the parser was reading when it stopped at 1-based
/// `line` and byte `column` (serde_json's error position: the last byte it consumed).
///
/// serde_json reports where a shape error happened but not in which field. Rather
/// than instantiating a second, path-tracking deserializer for the whole case model
/// (which doubled that code in the wasm bundle), we replay the JSON structure up to
/// that byte. A value that was just read (`"x"`, `5`) or a key that was just read
/// (unknown field) is named; a container that was just closed (missing field) is
/// named by its own path.
pub fn path_at(source: &str, line: usize, column: usize) -> JsonPath {
    let bytes = source.as_bytes();
    let line_start = if line <= 1 {
        0
    } else {
        bytes
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(line - 2)
            .map_or(bytes.len(), |(i, _)| i + 1)
    };
    let end = (line_start + column).min(bytes.len());

    enum Frame {
        Object { key: Option<String>, want_key: bool },
        Array { index: usize },
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut pos = 0;
    while pos < end {
        match bytes[pos] {
            b'"' => {
                let mut scanner = Scanner { bytes, pos };
                let text = scanner.string();
                if let Some(Frame::Object { key, want_key }) = stack.last_mut() {
                    if *want_key {
                        *key = text;
                        *want_key = false;
                    }
                }
                pos = scanner.pos;
                continue;
            }
            b'{' => stack.push(Frame::Object {
                key: None,
                want_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { key, want_key }) => {
                    *key = None;
                    *want_key = true;
                }
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            _ => {}
        }
        pos += 1;
    }
    JsonPath(
        stack
            .into_iter()
            .filter_map(|frame| match frame {
                Frame::Object { key, .. } => key.map(Seg::Key),
                Frame::Array { index } => Some(Seg::Index(index)),
            })
            .collect(),
    )
}

/// Converts a byte offset into a 1-based line and column (columns count characters).
pub fn position_of(source: &str, offset: usize) -> Position {
    let before = &source[..offset.min(source.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    Position { line, column }
}

/// A cursor over JSON text that the scanning functions here and in `locate.rs`
/// share: it reads keys and skips values without building anything.
pub(super) struct Scanner<'a> {
    pub bytes: &'a [u8],
    pub pos: usize,
}

impl Scanner<'_> {
    pub fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    pub fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.pos += 1;
        }
    }

    pub fn expect(&mut self, byte: u8) -> Option<()> {
        self.skip_ws();
        (self.peek()? == byte).then(|| self.pos += 1)
    }

    /// Reads a string literal and returns its decoded content (escapes resolved
    /// enough to compare keys; `\u` escapes are kept raw, which only affects keys
    /// that use them).
    pub fn string(&mut self) -> Option<String> {
        self.skip_ws();
        if self.peek()? != b'"' {
            return None;
        }
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            let b = self.peek()?;
            self.pos += 1;
            match b {
                b'"' => return String::from_utf8(out).ok(),
                b'\\' => {
                    let e = self.peek()?;
                    self.pos += 1;
                    out.push(match e {
                        b'n' => b'\n',
                        b't' => b'\t',
                        b'r' => b'\r',
                        other => other,
                    });
                }
                other => out.push(other),
            }
        }
    }

    /// Skips one complete value of any type.
    pub fn skip_value(&mut self) -> Option<()> {
        self.skip_ws();
        match self.peek()? {
            b'"' => self.string().map(|_| ()),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.pos += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.pos += 1;
                }
            }
            _ => {
                while !matches!(self.peek(), None | Some(b',' | b'}' | b']')) {
                    self.pos += 1;
                }
                Some(())
            }
        }
    }

    fn enter_key(&mut self, key: &str) -> Option<()> {
        self.expect(b'{')?;
        loop {
            self.skip_ws();
            if self.peek()? == b'}' {
                return None;
            }
            let name = self.string()?;
            self.expect(b':')?;
            self.skip_ws();
            if name == key {
                return Some(());
            }
            self.skip_value()?;
            self.skip_ws();
            if self.peek()? == b',' {
                self.pos += 1;
            }
        }
    }

    fn enter_index(&mut self, index: usize) -> Option<()> {
        self.expect(b'[')?;
        for _ in 0..index {
            self.skip_value()?;
            self.expect(b',')?;
        }
        self.skip_ws();
        (self.peek()? != b']').then_some(())
    }
}

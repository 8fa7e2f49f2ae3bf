//! Saved reproducers: `tests/fixtures/fuzz/<target>/<hash>.<ext>`, each with a
//! one-line sidecar `<hash>.why` (`location: message` of the failure it showed).
//!
//! A reproducer in `<target>/` is a regression test: `fuzz/tests/fuzz_regressions.rs`
//! fails while it still fails. One in `<target>/pending/` is a known failure that
//! is not fixed yet (the fix is someone else's change): the test lists it without
//! running it (a freeze would stall the test for minutes), and the fuzzer does not
//! count a failure at the location its sidecar names as new. Once the fix is in,
//! `git mv` it and its sidecar up one level so that it stays fixed. (An edit that
//! moves the failing line without fixing it makes the fuzzer report the failure
//! as new: save the new reproducer to `pending/` in place of the old one.)

use std::fs;
use std::path::{Path, PathBuf};

use crate::catch::Failure;
use crate::corpus;
use crate::targets::{self, Target};

pub struct Fixture {
    pub target: &'static Target,
    pub path: PathBuf,
    pub pending: bool,
    pub text: String,
    /// The failure it showed when saved (its sidecar).
    pub why: Option<Failure>,
}

/// A reproducer's path as printed: relative to the repository root.
pub fn shown(path: &Path) -> String {
    let root = corpus::root();
    path.strip_prefix(&root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Where reproducers live.
pub fn dir() -> PathBuf {
    corpus::root().join("tests/fixtures/fuzz")
}

/// Every saved reproducer, by target and file name; a folder that names no target
/// is an error (a typo would otherwise hide its reproducers).
pub fn all() -> Result<Vec<Fixture>, String> {
    let mut out = Vec::new();
    for folder in sorted(&dir())? {
        let name = folder.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let Some(target) = targets::by_name(name) else {
            if folder.is_dir() {
                return Err(format!("{} names no fuzz target", folder.display()));
            }
            continue;
        };
        for (sub, pending) in [(folder.clone(), false), (folder.join("pending"), true)] {
            for path in sorted(&sub)? {
                if path.extension().is_some_and(|e| e == target.ext) {
                    let text = fs::read_to_string(&path)
                        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                    let why = fs::read_to_string(path.with_extension("why"))
                        .ok()
                        .and_then(|line| Failure::from_line(&line));
                    out.push(Fixture {
                        target,
                        path,
                        pending,
                        text,
                        why,
                    });
                }
            }
        }
    }
    Ok(out)
}

/// A folder's entries by name; none when it does not exist.
fn sorted(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut paths = entries
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    paths.sort();
    Ok(paths)
}

/// Writes a reproducer and its sidecar; the path of the reproducer.
pub fn save(target: &Target, text: &str, failure: &Failure) -> Result<PathBuf, String> {
    let folder = dir().join(target.name);
    fs::create_dir_all(&folder).map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
    let hash = short_hash(text);
    let path = folder.join(format!("{hash}.{}", target.ext));
    let why = folder.join(format!("{hash}.why"));
    fs::write(&path, text)
        .and_then(|()| fs::write(&why, format!("{}\n", failure.line())))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// 48 bits of FNV-1a, in hex: a stable file name for a reproducer's content.
fn short_hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:012x}", h >> 16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_stable_content_hashes() {
        assert_eq!(short_hash(""), "cbf29ce48422");
        assert_eq!(short_hash("a"), short_hash("a"));
        assert_ne!(short_hash("a"), short_hash("b"));
    }
}

//! Free disk space, reported before a CI run starts writing.
//!
//! A run in a fresh clone writes about 2 GB (measured: target/ 1.4 GB for the
//! native, test and wasm builds and 0.5 GB for the fuzz step's `fuzz` profile;
//! the npm tools 0.1 GB; dist/ a few MB). When the disk fills up, cargo and npm fail
//! with ENOSPC in whatever step happens to be running, which reads like a broken
//! build. Saying up front how much room there is, and warning when it is short,
//! points at the real cause. It only reports: a run on a small disk may still fit.

use std::path::Path;
use std::process::Command;

/// What a full `cargo xtask test` in a fresh clone writes, with room to spare.
pub const RUN_NEEDS_BYTES: u64 = 3 * GB;
const GB: u64 = 1 << 30;

/// Bytes available to this user on the file system holding `path`, from POSIX
/// `df -Pk` (no extra crate for one number); `None` where `df` is missing or its
/// output is not what POSIX says.
pub fn available(path: &Path) -> Option<u64> {
    let out = Command::new("df").arg("-Pk").arg(path).output().ok()?;
    if !out.status.success() {
        return None;
    }
    parse_df(&String::from_utf8_lossy(&out.stdout))
}

/// The "Available" column (1024-byte blocks) of the one data line of `df -Pk`.
fn parse_df(text: &str) -> Option<u64> {
    let line = text.lines().nth(1)?;
    let kib: u64 = line.split_whitespace().nth(3)?.parse().ok()?;
    kib.checked_mul(1024)
}

/// The line printed before the steps: free space, and a warning when short.
pub fn report(path: &Path) -> String {
    match available(path) {
        None => format!("disk: free space at {} unknown (no df)", path.display()),
        Some(free) if free < RUN_NEEDS_BYTES => format!(
            "disk: WARNING only {} free at {}; a full run writes about {}, \
             so steps may fail with \"No space left on device\"",
            gb(free),
            path.display(),
            gb(RUN_NEEDS_BYTES)
        ),
        Some(free) => format!("disk: {} free at {}", gb(free), path.display()),
    }
}

fn gb(bytes: u64) -> String {
    format!("{:.1} GB", bytes as f64 / GB as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_available_column() {
        let df = "Filesystem     1024-blocks     Used Available Capacity Mounted on\n\
                  /dev/vda        264091588 94371840   1032192      99% /\n";
        assert_eq!(parse_df(df), Some(1032192 * 1024));
    }

    #[test]
    fn rejects_what_is_not_df_output() {
        assert_eq!(parse_df(""), None);
        assert_eq!(parse_df("header only\n"), None);
        assert_eq!(parse_df("h\n/dev/vda 1 2 lots 3% /\n"), None);
    }

    #[test]
    fn gigabytes_have_one_decimal() {
        assert_eq!(gb(3 * GB), "3.0 GB");
        assert_eq!(gb(GB / 2), "0.5 GB");
    }
}

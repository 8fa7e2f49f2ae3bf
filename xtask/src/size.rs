//! The size budget of the release build (product brief: the app's wasm + JS at most
//! 1.5 MB raw and 500 KB gzipped, with 1 MB = 1,000,000 bytes and 1 KB = 1,000 bytes).
//!
//! Download size is what workshop participants on a slow training-room network
//! feel, so the build fails as soon as the budget is exceeded, instead of the
//! app growing unnoticed. Only `.wasm` and `.js` files count (the bundled case
//! files, CSS and icons are data, not code). Gzipped sizes use level 9 (`gzip -9`),
//! each file compressed on its own as a web server would.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use flate2::{write::GzEncoder, Compression};

pub const RAW_BUDGET: u64 = 1_500_000;
pub const GZIP_BUDGET: u64 = 500_000;

#[derive(Debug)]
pub struct FileSize {
    pub path: PathBuf,
    pub raw: u64,
    pub gzip: u64,
}

/// Measures every `.wasm` and `.js` file under `dist`.
pub fn measure(dist: &Path) -> Result<Vec<FileSize>> {
    let mut files = Vec::new();
    collect(dist, &mut files)?;
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let bytes =
                fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            let gzip = gzip_len(&bytes)?;
            let path = path.strip_prefix(dist).unwrap_or(&path).to_path_buf();
            Ok(FileSize {
                path,
                raw: bytes.len() as u64,
                gzip,
            })
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("wasm" | "js")
        ) {
            out.push(path);
        }
    }
    Ok(())
}

pub fn gzip_len(bytes: &[u8]) -> Result<u64> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    enc.write_all(bytes)?;
    Ok(enc.finish()?.len() as u64)
}

/// `1234567` → `1,234,567 B (1.23 MB)`.
pub fn human(bytes: u64) -> String {
    let digits = bytes.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let scaled = if bytes >= 1_000_000 {
        format!("{:.2} MB", bytes as f64 / 1e6)
    } else {
        format!("{:.1} KB", bytes as f64 / 1e3)
    };
    format!("{grouped} B ({scaled})")
}

/// The budget verdict for totals: `Err` names every limit that is exceeded.
pub fn verdict(raw: u64, gzip: u64) -> Result<(), String> {
    let mut over = Vec::new();
    if raw > RAW_BUDGET {
        over.push(format!("raw {} > {}", human(raw), human(RAW_BUDGET)));
    }
    if gzip > GZIP_BUDGET {
        over.push(format!("gzipped {} > {}", human(gzip), human(GZIP_BUDGET)));
    }
    if over.is_empty() {
        Ok(())
    } else {
        Err(over.join("; "))
    }
}

/// Prints the size table of `dist` and fails when over budget.
pub fn check(dist: &Path) -> Result<()> {
    if !dist.is_dir() {
        bail!(
            "{} does not exist: run `cargo xtask build` first",
            dist.display()
        );
    }
    let files = measure(dist)?;
    if !files
        .iter()
        .any(|f| f.path.extension().is_some_and(|e| e == "wasm"))
    {
        bail!(
            "no .wasm file in {}: is it a Trunk release build?",
            dist.display()
        );
    }
    println!(
        "size of the app's code in {} (1 MB = 1,000,000 bytes, gzip -9):",
        dist.display()
    );
    for f in &files {
        println!(
            "  {:<48} raw {:>26}   gzip {:>24}",
            f.path.display(),
            human(f.raw),
            human(f.gzip)
        );
    }
    let raw: u64 = files.iter().map(|f| f.raw).sum();
    let gzip: u64 = files.iter().map(|f| f.gzip).sum();
    println!(
        "  {:<48} raw {:>26}   gzip {:>24}",
        "total (wasm + JS)",
        human(raw),
        human(gzip)
    );
    println!(
        "  {:<48} raw {:>26}   gzip {:>24}",
        "budget",
        human(RAW_BUDGET),
        human(GZIP_BUDGET)
    );
    match verdict(raw, gzip) {
        Ok(()) => {
            println!("size: within budget");
            Ok(())
        }
        Err(over) => bail!("size budget exceeded: {over}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_sizes() {
        assert_eq!(human(0), "0 B (0.0 KB)");
        assert_eq!(human(999), "999 B (1.0 KB)");
        assert_eq!(human(1_500_000), "1,500,000 B (1.50 MB)");
        assert_eq!(human(79_123), "79,123 B (79.1 KB)");
    }

    #[test]
    fn budget_limits_are_inclusive() {
        assert!(verdict(RAW_BUDGET, GZIP_BUDGET).is_ok());
        let err = verdict(RAW_BUDGET + 1, GZIP_BUDGET + 1).unwrap_err();
        assert!(err.contains("raw") && err.contains("gzipped"), "{err}");
        assert!(verdict(10, GZIP_BUDGET + 1)
            .unwrap_err()
            .starts_with("gzipped"));
    }

    #[test]
    fn gzip_shrinks_repetitive_data() {
        let data = vec![b'a'; 100_000];
        let n = gzip_len(&data).unwrap();
        assert!(n > 0 && n < 1_000, "{n}");
    }

    #[test]
    fn measures_only_code_files() {
        let dir = std::env::temp_dir().join(format!("xtask-size-{}", std::process::id()));
        fs::create_dir_all(dir.join("snippets/x")).unwrap();
        fs::write(dir.join("app_bg.wasm"), [0u8; 300]).unwrap();
        fs::write(dir.join("snippets/x/inline0.js"), "export const a = 1;").unwrap();
        fs::write(dir.join("case.json"), "{}").unwrap();
        let files = measure(&dir).unwrap();
        fs::remove_dir_all(&dir).unwrap();
        let names: Vec<String> = files.iter().map(|f| f.path.display().to_string()).collect();
        assert_eq!(names, ["app_bg.wasm", "snippets/x/inline0.js"]);
        assert_eq!(files[0].raw, 300);
    }
}

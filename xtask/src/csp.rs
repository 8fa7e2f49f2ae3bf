//! The page's Content-Security-Policy, finished after each build.
//!
//! `www/index.html` states the policy with no inline script allowed: everything
//! comes from the page's own origin, and nothing connects anywhere else. Trunk
//! then writes one inline `<script type="module">` of its own into the built page
//! (it loads the app's wasm). Rather than allow every inline script
//! (`'unsafe-inline'`), this step, run by Trunk after every build (a
//! `post_build` hook in `Trunk.toml`, so `cargo xtask build` and `serve` both get
//! it), adds the SHA-256 of exactly the inline scripts the built page has to its
//! `script-src`. A script injected later by anyone else has another hash and
//! does not run.

use std::fs;
use std::path::Path;

use anyhow::{bail, Context, Result};
use base64::Engine;
use sha2::{Digest, Sha256};

/// The policy's marker for where the hashes go: the end of `script-src`.
const SCRIPT_SRC: &str = "script-src 'self' 'wasm-unsafe-eval'";

/// Adds the hashes of `dir/index.html`'s inline scripts to its policy.
pub fn harden(dir: &Path) -> Result<()> {
    let file = dir.join("index.html");
    let html =
        fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
    let hardened = with_hashes(&html)?;
    fs::write(&file, hardened).with_context(|| format!("cannot write {}", file.display()))
}

/// The bodies of the `<script>` elements that have no `src`.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        let body_start = open_end + 1;
        let Some(close) = after[body_start..].find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            out.push(&after[body_start..body_start + close]);
        }
        rest = &after[body_start + close..];
    }
    out
}

/// `html` with the hash of each inline script added to `script-src`.
fn with_hashes(html: &str) -> Result<String> {
    if html.matches(SCRIPT_SRC).count() != 1 {
        bail!("index.html must state `{SCRIPT_SRC}` once in its Content-Security-Policy");
    }
    let hashes: String = inline_scripts(html)
        .iter()
        .map(|body| {
            let digest = Sha256::digest(body.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    // Built twice in a row (serve rebuilds), the old hashes go first.
    let start = html.find(SCRIPT_SRC).expect("counted above") + SCRIPT_SRC.len();
    let end = start + html[start..].find(';').unwrap_or(0);
    Ok(format!("{}{hashes}{}", &html[..start], &html[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'">
<script src="theme.js"></script>
<script type="module">
import init from '/app.js';
</script>"#;

    #[test]
    fn each_inline_script_is_allowed_by_its_hash_only() {
        assert_eq!(
            inline_scripts(PAGE),
            vec!["\nimport init from '/app.js';\n"]
        );
        let once = with_hashes(PAGE).unwrap();
        let digest = Sha256::digest(b"\nimport init from '/app.js';\n");
        let expected = format!(
            "script-src 'self' 'wasm-unsafe-eval' 'sha256-{}'; connect-src",
            base64::engine::general_purpose::STANDARD.encode(digest)
        );
        assert!(once.contains(&expected), "{once}");
        // Running it again gives the same page.
        assert_eq!(with_hashes(&once).unwrap(), once);
        assert!(with_hashes("<html></html>").is_err());
    }
}

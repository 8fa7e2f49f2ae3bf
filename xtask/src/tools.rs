//! `cargo xtask setup`: pinned, idempotent installation of the tools the build and
//! the browser tests need.
//!
//! Why pinned and why this way (see the project's toolchain notes):
//! - Trunk 0.22 needs a newer rustc than the project's 1.95, so Trunk is pinned to
//!   0.21.14 and installed with `--locked`.
//! - Trunk calls wasm-bindgen-cli, which must be exactly the `wasm-bindgen` version
//!   in Cargo.lock. It is installed *without* `--locked`: its own lock file names a
//!   dependency version that the crate registry no longer serves.
//! - Debian's binaryen (wasm-opt 108) cannot parse current wasm-bindgen output; the
//!   npm package `binaryen@132` can, so it goes into the project-local, git-ignored
//!   `.tools/` and Trunk.toml pins `wasm_opt = "version_132"`. Trunk runs with
//!   `offline = true`, so it never downloads tools itself: they must be on PATH.
//! - The browser tests drive Debian's Chromium with playwright-core (a test tool's
//!   own browser download does not work here).
//!
//! Every check prints what it found; something is installed only when missing or
//! at the wrong version, so running setup twice does nothing the second time.

use std::fs;
use std::path::Path;
use std::time::SystemTime;

use anyhow::{bail, Context, Result};

use crate::ctx::{run, Ctx};

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const TRUNK_VERSION: &str = "0.21.14";
pub const BINARYEN_VERSION: &str = "132";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Which part of the tool set a command needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// What `trunk build` needs: the wasm target, Trunk, wasm-bindgen, wasm-opt.
    Build,
    /// What the browser tests need: Chromium and playwright-core.
    Browser,
    /// Both.
    Full,
}

pub fn setup(ctx: &Ctx, scope: Scope) -> Result<()> {
    if matches!(scope, Scope::Build | Scope::Full) {
        wasm_target(ctx)?;
        trunk(ctx)?;
        wasm_bindgen(ctx)?;
        wasm_opt(ctx)?;
    }
    if matches!(scope, Scope::Browser | Scope::Full) {
        chromium(ctx)?;
        playwright(ctx)?;
    }
    println!("setup: done");
    Ok(())
}

fn found(what: &str, detail: &str) {
    println!("setup: {what}: ok ({detail})");
}

fn installing(what: &str, why: &str) {
    println!("setup: {what}: {why}; installing");
}

/// The rustup target for the browser build.
pub fn wasm_target(ctx: &Ctx) -> Result<()> {
    let what = format!("rust target {WASM_TARGET}");
    if ctx.which("rustup").is_none() {
        bail!("rustup is not on PATH: install Rust with rustup, then run `rustup target add {WASM_TARGET}`");
    }
    let out = ctx
        .command("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .context("cannot run `rustup target list --installed`")?;
    if !out.status.success() {
        bail!(
            "`rustup target list --installed` failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    if String::from_utf8_lossy(&out.stdout)
        .lines()
        .any(|l| l.trim() == WASM_TARGET)
    {
        found(&what, "installed");
        return Ok(());
    }
    installing(&what, "not installed");
    run(ctx.command("rustup").args(["target", "add", WASM_TARGET]))
}

/// Trunk, exactly [`TRUNK_VERSION`].
fn trunk(ctx: &Ctx) -> Result<()> {
    let what = format!("trunk {TRUNK_VERSION}");
    match ctx.version_of("trunk", &["--version"]) {
        Some(line) if version_token(&line) == Some(TRUNK_VERSION) => {
            found(&what, &line);
            return Ok(());
        }
        Some(line) => installing(&what, &format!("found `{line}`")),
        None => installing(&what, "not found"),
    }
    println!("setup: (compiling Trunk takes about 8 minutes on 2 cores)");
    run(ctx
        .command("cargo")
        .args(["install", "--locked", "trunk", "--version", TRUNK_VERSION]))?;
    check_installed(ctx, "trunk", TRUNK_VERSION)
}

/// wasm-bindgen-cli at the version of the `wasm-bindgen` package in Cargo.lock.
fn wasm_bindgen(ctx: &Ctx) -> Result<()> {
    let lock_path = ctx.root().join("Cargo.lock");
    let lock = fs::read_to_string(&lock_path).with_context(|| {
        format!(
            "cannot read {} (run `cargo generate-lockfile`)",
            lock_path.display()
        )
    })?;
    let wanted = lockfile_version(&lock, "wasm-bindgen")
        .with_context(|| format!("in {}", lock_path.display()))?;
    let what = format!("wasm-bindgen-cli {wanted} (the wasm-bindgen version in Cargo.lock)");
    match ctx.version_of("wasm-bindgen", &["--version"]) {
        Some(line) if version_token(&line) == Some(wanted.as_str()) => {
            found(&what, &line);
            return Ok(());
        }
        Some(line) => installing(&what, &format!("found `{line}`")),
        None => installing(&what, "not found"),
    }
    // No --locked: the CLI's own lock file pins a dependency the registry lacks.
    run(ctx
        .command("cargo")
        .args(["install", "wasm-bindgen-cli", "--version", &wanted]))?;
    check_installed(ctx, "wasm-bindgen", &wanted)
}

/// wasm-opt from npm `binaryen@132`, in the project-local `.tools/`.
fn wasm_opt(ctx: &Ctx) -> Result<()> {
    let what = format!("wasm-opt {BINARYEN_VERSION} (npm binaryen@{BINARYEN_VERSION} in .tools/)");
    let local = ctx.tools_dir().join("node_modules/.bin/wasm-opt");
    let local = local.to_str().context(".tools path is not UTF-8")?;
    match ctx.version_of(local, &["--version"]) {
        Some(line) if wasm_opt_version(&line) == Some(BINARYEN_VERSION) => {
            found(&what, &line);
            return Ok(());
        }
        Some(line) => installing(&what, &format!("found `{line}`")),
        None => installing(&what, "not found"),
    }
    need_npm(ctx)?;
    fs::create_dir_all(ctx.tools_dir()).context("cannot create .tools/")?;
    let tools = ctx.tools_dir();
    run(ctx.command("npm").args([
        "install".as_ref(),
        "--prefix".as_ref(),
        tools.as_os_str(),
        "--no-audit".as_ref(),
        "--no-fund".as_ref(),
        "--save-exact".as_ref(),
        format!("binaryen@{BINARYEN_VERSION}").as_ref(),
    ]))?;
    match ctx.version_of(local, &["--version"]) {
        Some(line) if wasm_opt_version(&line) == Some(BINARYEN_VERSION) => {
            found(&what, &line);
            Ok(())
        }
        other => bail!("after installing, `{local} --version` printed {other:?}, expected version {BINARYEN_VERSION}"),
    }
}

/// Debian's Chromium and ChromeDriver.
fn chromium(ctx: &Ctx) -> Result<()> {
    let what = "Debian chromium + chromium-driver";
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        let version = ctx
            .version_of(CHROMIUM, &["--version"])
            .unwrap_or_else(|| format!("{CHROMIUM} present"));
        found(what, &version);
        return Ok(());
    }
    let command = "apt-get update && apt-get install -y chromium chromium-driver";
    if !is_root(ctx) {
        bail!(
            "{CHROMIUM} or {CHROMEDRIVER} is missing and installing Debian packages needs root; \
             run:\n    sudo sh -c 'DEBIAN_FRONTEND=noninteractive {command}'\nthen run this again"
        );
    }
    installing(what, "missing");
    run(ctx
        .command("apt-get")
        .arg("update")
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    run(ctx
        .command("apt-get")
        .args(["install", "-y", "chromium", "chromium-driver"])
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    if !Path::new(CHROMIUM).exists() {
        bail!("`{command}` succeeded but {CHROMIUM} is still missing");
    }
    Ok(())
}

fn is_root(ctx: &Ctx) -> bool {
    ctx.version_of("id", &["-u"]).as_deref() == Some("0")
}

/// playwright-core (and anything else in tests/e2e/package-lock.json), by `npm ci`.
fn playwright(ctx: &Ctx) -> Result<()> {
    npm_folder(
        ctx,
        &ctx.e2e_dir(),
        "browser-test packages (npm ci in tests/e2e)",
        "playwright-core",
    )
}

/// The rendering benchmark's comparison library (cytoscape, npm ci in bench/ui).
pub fn bench_packages(ctx: &Ctx) -> Result<()> {
    npm_folder(
        ctx,
        &ctx.root().join("bench").join("ui"),
        "benchmark packages (npm ci in bench/ui)",
        "cytoscape",
    )
}

/// `npm ci` in `dir` unless `package` is installed there and newer than the lock.
fn npm_folder(ctx: &Ctx, dir: &Path, what: &str, package: &str) -> Result<()> {
    let lock = dir.join("package-lock.json");
    let lock_time = mtime(&lock).with_context(|| format!("cannot read {}", lock.display()))?;
    let installed = dir.join("node_modules").join(package).join("package.json");
    // npm writes node_modules/.package-lock.json when it installs: its age tells
    // whether node_modules predates the last change of package-lock.json.
    let stamp = dir.join("node_modules/.package-lock.json");
    let up_to_date = installed.is_file() && mtime(&stamp).map(|t| t >= lock_time).unwrap_or(false);
    if up_to_date {
        let version = fs::read_to_string(&installed)
            .ok()
            .and_then(|s| json_string_field(&s, "version"))
            .unwrap_or_else(|| "?".into());
        found(what, &format!("{package} {version}"));
        return Ok(());
    }
    installing(
        what,
        if installed.is_file() {
            "node_modules is older than package-lock.json"
        } else {
            "node_modules missing"
        },
    );
    need_npm(ctx)?;
    run(ctx.command("npm").arg("ci").current_dir(dir))
}

fn need_npm(ctx: &Ctx) -> Result<()> {
    if ctx.which("npm").is_none() || ctx.which("node").is_none() {
        bail!("node and npm are needed (Node.js 20 or newer) but are not on PATH");
    }
    Ok(())
}

fn check_installed(ctx: &Ctx, program: &str, wanted: &str) -> Result<()> {
    match ctx.version_of(program, &["--version"]) {
        Some(line) if version_token(&line) == Some(wanted) => {
            println!("setup: {program}: installed ({line})");
            Ok(())
        }
        other => bail!(
            "after installing, `{program} --version` printed {other:?}, expected {wanted} \
             (is another {program} earlier on PATH than {}?)",
            ctx.cargo_bin().display()
        ),
    }
}

fn mtime(path: &Path) -> Result<SystemTime> {
    Ok(fs::metadata(path)?.modified()?)
}

/// The version from a `name X.Y.Z` line, as printed by `trunk --version` and
/// `wasm-bindgen --version`.
pub fn version_token(line: &str) -> Option<&str> {
    line.split_whitespace().nth(1)
}

/// The version from `wasm-opt --version`, e.g. `wasm-opt version 132 (version_132)`.
pub fn wasm_opt_version(line: &str) -> Option<&str> {
    let mut words = line.split_whitespace();
    words.find(|w| *w == "version")?;
    words.next()
}

/// The version of `package` in a Cargo.lock; an error when it is absent or locked
/// at more than one version.
pub fn lockfile_version(lock: &str, package: &str) -> Result<String> {
    let mut versions: Vec<String> = Vec::new();
    for block in lock.split("[[package]]").skip(1) {
        let field = |key: &str| {
            block.lines().find_map(|l| {
                let (k, v) = l.split_once('=')?;
                (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
            })
        };
        if field("name").as_deref() == Some(package) {
            if let Some(v) = field("version") {
                if !versions.contains(&v) {
                    versions.push(v);
                }
            }
        }
    }
    match versions.as_slice() {
        [one] => Ok(one.clone()),
        [] => bail!("package `{package}` is not in the lock file"),
        many => bail!(
            "package `{package}` is locked at several versions: {}",
            many.join(", ")
        ),
    }
}

/// A top-level string field of a small JSON document, without a JSON parser
/// (enough for a package.json's `"version"`).
fn json_string_field(json: &str, key: &str) -> Option<String> {
    let pattern = format!("\"{key}\"");
    let rest = &json[json.find(&pattern)? + pattern.len()..];
    let rest = rest
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
version = 4

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://example.invalid/index"
dependencies = [
 "wasm-bindgen-macro",
]

[[package]]
name = "wasm-bindgen-macro"
version = "0.2.130"
"#;

    #[test]
    fn reads_the_locked_version() {
        assert_eq!(lockfile_version(LOCK, "wasm-bindgen").unwrap(), "0.2.130");
        assert!(lockfile_version(LOCK, "yew").is_err());
        let two = format!("{LOCK}\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.99\"\n");
        assert!(lockfile_version(&two, "wasm-bindgen").is_err());
    }

    #[test]
    fn reads_the_project_lock_file() {
        let lock = include_str!("../../Cargo.lock");
        assert!(lockfile_version(lock, "wasm-bindgen").is_ok());
    }

    #[test]
    fn parses_tool_version_lines() {
        assert_eq!(version_token("trunk 0.21.14"), Some("0.21.14"));
        assert_eq!(version_token("wasm-bindgen 0.2.130"), Some("0.2.130"));
        assert_eq!(
            wasm_opt_version("wasm-opt version 132 (version_132)"),
            Some("132")
        );
        assert_eq!(wasm_opt_version("wasm-opt version 108"), Some("108"));
        assert_eq!(wasm_opt_version("garbage"), None);
    }

    #[test]
    fn reads_a_json_string_field() {
        let json = "{\n  \"name\": \"playwright-core\",\n  \"version\" : \"1.65.1\"\n}";
        assert_eq!(
            json_string_field(json, "version").as_deref(),
            Some("1.65.1")
        );
        assert_eq!(json_string_field(json, "main"), None);
    }
}

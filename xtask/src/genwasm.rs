//! What the browser tests need besides the app in dist/: the native `tracelab`
//! command line (the reference the app and the wasm generator are compared with)
//! and the generator alone as a wasm module (the `generator-wasm` crate), built
//! into `target/generator-wasm/` and never into dist/, so the shipped bundle does
//! not change.
//!
//! The module is compiled with the `wasm-release` profile, the app's, so its size is what
//! the generator would cost the app before wasm-opt, and the browser benchmark
//! times the code the app would run.

use std::path::PathBuf;

use anyhow::Result;

use crate::ctx::{run, Ctx};
use crate::size;
use crate::tools::{self, WASM_TARGET};

/// The crate (`generator-wasm/`) and the name of its wasm file.
const CRATE: &str = "generator-wasm";
const WASM_NAME: &str = "generator_wasm";

/// Paths handed to the browser tests.
pub struct TestInputs {
    /// The native `tracelab` binary (debug build: what `cargo test` builds anyway).
    pub tracelab: PathBuf,
    /// Folder with wasm-bindgen's `generator_wasm.js` and `generator_wasm_bg.wasm`.
    pub generator_wasm: PathBuf,
}

/// Builds the native command line and the generator's wasm module.
pub fn build(ctx: &Ctx) -> Result<TestInputs> {
    run(ctx.command("cargo").args(["build", "--bin", "tracelab"]))?;
    let generator_wasm = generator_module(ctx)?;
    Ok(TestInputs {
        tracelab: ctx.root().join("target/debug/tracelab"),
        generator_wasm,
    })
}

/// `cargo build --profile wasm-release --target wasm32 -p generator-wasm`, then
/// wasm-bindgen (`--target web`) into target/generator-wasm/; prints its size.
pub fn generator_module(ctx: &Ctx) -> Result<PathBuf> {
    // The wasm target and wasm-bindgen-cli at the Cargo.lock version.
    tools::setup(ctx, tools::Scope::Build)?;
    run(ctx.command("cargo").args([
        "build",
        "--profile",
        "wasm-release",
        "--target",
        WASM_TARGET,
        "-p",
        CRATE,
    ]))?;
    let input = ctx.root().join(format!(
        "target/{WASM_TARGET}/wasm-release/{WASM_NAME}.wasm"
    ));
    let out = ctx.root().join("target/generator-wasm");
    run(ctx
        .command("wasm-bindgen")
        .args(["--target", "web", "--no-typescript", "--out-dir"])
        .arg(&out)
        .arg(&input))?;
    let wasm = out.join(format!("{WASM_NAME}_bg.wasm"));
    let bytes = std::fs::read(&wasm)?;
    println!(
        "generator wasm: {} raw, {} gzipped ({}; before wasm-opt)",
        size::human(bytes.len() as u64),
        size::human(size::gzip_len(&bytes)?),
        wasm.display()
    );
    Ok(out)
}

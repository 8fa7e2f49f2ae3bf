//! The case generator alone as a wasm module, for tests and measurements only: it
//! is never part of the app bundle (Trunk builds `tracelab-app`, not this).
//!
//! `cargo xtask generator-wasm` compiles it for wasm32 with the release profile
//! (the app's) and runs wasm-bindgen into `target/generator-wasm/`. The browser
//! tests load it in Chromium to check that the generator gives byte-identical JSON
//! in wasm and natively (`tests/e2e/generator-wasm.test.mjs`), the benchmark times
//! it (`tests/e2e/bench-generator.mjs`), and its size is the generator's own cost
//! in wasm (docs/performance.md).
//!
//! Natively the crate is empty: `cargo test` and clippy still compile it.
#![cfg(target_arch = "wasm32")]

use tracelab::generator::{self, Params, Typology};
use tracelab::scenario::Difficulty;
use wasm_bindgen::prelude::*;

/// `generator::generate_json` for a typology id, a seed, a difficulty name and an
/// optional scale (transactions; none for the difficulty's default).
#[wasm_bindgen]
pub fn generate_json(
    typology: &str,
    seed: u64,
    difficulty: &str,
    scale: Option<u32>,
) -> Result<String, JsError> {
    let typology = Typology::from_id(typology)
        .ok_or_else(|| JsError::new(&format!("unknown typology {typology:?}")))?;
    // The difficulty's names are its serde names, so the case format's parser reads them.
    let difficulty: Difficulty = serde_json::from_value(difficulty.into())
        .map_err(|_| JsError::new(&format!("unknown difficulty {difficulty:?}")))?;
    let params = Params {
        scale: scale.map(|s| s as usize),
        ..Params::new(typology, seed, difficulty)
    };
    generator::generate_json(&params).map_err(|e| JsError::new(&e.to_string()))
}

/// The typology ids, so the tests cover every one without a copy of the list.
#[wasm_bindgen]
pub fn typologies() -> Vec<String> {
    Typology::ALL.iter().map(|t| t.id().to_string()).collect()
}

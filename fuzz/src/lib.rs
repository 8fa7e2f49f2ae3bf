//! `tracelab-fuzz`: a fuzzing harness for TraceLab's core that runs on stable Rust
//! (`cargo xtask fuzz`, docs/fuzzing.md).
//!
//! The promise under test: bad input never panics, never freezes, never loses work.
//! Without the nightly-only coverage instrumentation of libFuzzer, the harness
//! relies on good seeds and structure-aware mutation instead: it starts from the
//! project's own valid inputs (bundled cases, fixtures, results files and saved
//! work made by the real code) and damages them the way people and attackers do.
//!
//! - [`targets`]: the functions under test, one per kind of untrusted text, shared
//!   with the regression test over saved reproducers;
//! - [`seeds`] and [`corpus`]: the valid inputs each target starts from;
//! - [`mutate`]: deterministic structured (JSON) and raw (byte) mutation;
//! - [`catch`]: a run with panics caught and recorded, quietly;
//! - [`html_check`]: what rendered Markdown may contain;
//! - [`minimize`] and [`fixtures`]: shrinking a failure and saving it;
//! - [`runner`]: the loop, the statistics and the verdict.

#[cfg(target_arch = "wasm32")]
compile_error!("tracelab-fuzz is a native tool; it is never built for the browser");

pub mod catch;
pub mod corpus;
pub mod fixtures;
pub mod html_check;
pub mod minimize;
pub mod mutate;
pub mod runner;
pub mod seeds;
pub mod targets;

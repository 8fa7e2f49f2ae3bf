//! TraceLab: a fund-tracing training sandbox.
//!
//! The crate is a functional core with two thin shells. Everything at the top level
//! here is pure Rust, free of browser APIs, and tested natively: the money type, the
//! address codecs, the case format and its validator, the ledger index, the
//! investigation graph and Markdown rendering. The shells are the `tracelab` command
//! line (`cli`, native only) and the yew app (`app`, wasm32 only). See
//! `ARCHITECTURE.md` for the code map and the invariants.

pub mod address;
pub mod amount;
pub mod analytics;
pub mod autosave;
pub mod generator;
pub mod investigation;
pub mod lab;
pub mod layout;
pub mod ledger;
pub mod library;
pub mod markdown;
pub mod px;
pub mod quote;
pub mod saved;
pub mod scenario;
pub mod sort;
pub mod time;
pub mod tools_view;
pub mod training;
pub mod ui;
pub mod view;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(target_arch = "wasm32")]
pub mod app;

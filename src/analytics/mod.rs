//! Analytics: the investigator's tools, pure and exact.
//!
//! Everything here works on an [`Index`] (dense integer ids and flat arrays built
//! once from a case) and never touches a browser, a clock, a thread or a file, so
//! the same code runs in the app (wasm) and the command line, and is tested
//! natively. Money stays in integer base units; the only floats are confidence
//! scores, which are not money.
//!
//! - [`taint`]: how much of a source's value reaches each output, transfer and
//!   address, by poison, haircut, FIFO, LIFO, TIHO (and LIBR on account chains).
//! - [`cluster`]: common-input ownership with union-find, skipping CoinJoins
//!   ([`coinjoin`]).
//! - [`change`], [`peel`]: change-output heuristics and peel chains, each with a
//!   sentence a trainee can read.
//! - [`deposit`], [`mixer`], [`legs`]: Ethereum deposit addresses, mixer
//!   deposit/withdrawal links, bridge and swap-service legs across chains.
//! - [`path`], [`trace`]: time-respecting path search and auto-trace.
//! - [`report`]: each tool's report from what a user typed (ids as text), as the
//!   JSON document `tracelab <tool> --json` prints and the app's lab worker replies.
//! - [`synth`]: small case builders for tests, benchmarks and examples.
//!
//! The reference for every definition is `shared/reference/tracing-methods.md`
//! (the literature it cites is named in each module).

pub mod arith;
pub mod change;
pub mod cluster;
pub mod coinjoin;
pub mod deposit;
pub mod index;
pub mod legs;
pub mod mixer;
pub mod path;
pub mod peel;
pub mod report;
pub mod synth;
pub mod taint;
pub mod trace;

pub use index::{AddrId, AssetId, CoinId, Event, Index, TxId, XferId, NONE};

//! Building blocks of laundering: each is a function over the ledger under
//! construction that adds the transactions of one well-known move and returns the
//! handles a recipe needs (transactions for the trail, coins or addresses to carry
//! on from, amounts for the texts).
//!
//! - `peel`: peel chains.
//! - `fan`: consolidation, fan-out to many addresses or mules, fan-in.
//! - `coinjoin`: Whirlpool-like equal-output rounds and Wasabi-like rounds with change.
//! - `mixer`: a fixed-denomination pool (Tornado-like) and a custodial Bitcoin mixer.
//! - `swap`: DEX swaps, bridges and instant swap services across chains.
//! - `layering`: structuring below a threshold, dormancy, decoy loops.
//! - `drain`: approve / transferFrom drains split between kit operator and affiliate.

// Each block spells out its parties, amounts and times as plain arguments, so a
// recipe reads like the story it tells; bundling them in structs would hide that.
#![allow(clippy::too_many_arguments)]

pub mod coinjoin;
pub mod drain;
pub mod fan;
pub mod layering;
pub mod mixer;
pub mod peel;
pub mod swap;

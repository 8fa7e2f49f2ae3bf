//! One recipe per typology. Each builds its trail with the building blocks on a
//! [`Ctx`], writes the texts for the trainee, and returns a [`Draft`]; `run` then
//! assembles the case (background, labels, tools).
//!
//! Recipes scale with the difficulty through [`Knobs`](super::case::Knobs): more
//! hops, more decoys, more noise and thinner labels as the level rises.

pub mod bridge_hack;
mod chain_hop;
mod coinjoin;
mod common;
mod darknet;
mod drainer;
mod exchange_hack;
mod mules;
mod pig_butchering;
mod ransomware;
mod sextortion;
mod structuring;
mod terrorist;

use super::builder::Builder;
use super::case::{assemble, knobs, CaseDoc, Ctx, Meta};
use super::rng::Rng;
use super::Typology;
use crate::scenario::Difficulty;

/// 2024-01-01T00:00:00Z.
const EPOCH_2024: i64 = 1_704_067_200;

pub fn run(typology: Typology, seed: u64, difficulty: Difficulty, meta: Meta) -> CaseDoc {
    let mut rng = Rng::derive(seed, "start");
    let t0 = EPOCH_2024 + rng.range(0, 540) as i64 * 86_400 + rng.range(7 * 3600, 19 * 3600) as i64;
    let b = Builder::new(seed, t0 - 3 * 86_400, 420);
    let mut cx = Ctx {
        b,
        difficulty,
        k: knobs(difficulty),
        exchanges: Vec::new(),
        t0,
        key_entities: Vec::new(),
    };
    let draft = match typology {
        Typology::Ransomware => ransomware::build(&mut cx),
        Typology::PigButchering => pig_butchering::build(&mut cx),
        Typology::ExchangeHack => exchange_hack::build(&mut cx),
        Typology::BridgeHack => bridge_hack::build(&mut cx),
        Typology::PhishingDrainer => drainer::build(&mut cx),
        Typology::DarknetMarket => darknet::build(&mut cx),
        Typology::TerroristFinancing => terrorist::build(&mut cx),
        Typology::MoneyMules => mules::build(&mut cx),
        Typology::Structuring => structuring::build(&mut cx),
        Typology::CoinjoinLaundering => coinjoin::build(&mut cx),
        Typology::ChainHop => chain_hop::build(&mut cx),
        Typology::Sextortion => sextortion::build(&mut cx),
    };
    assemble(cx, draft, meta)
}

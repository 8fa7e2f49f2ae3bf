//! Turning a seed into a run's input, deterministically.
//!
//! Every run draws from its own ChaCha8 stream (`generator::rng::Rng::derive`, the
//! generator's seeded randomness) labelled with the fuzz seed, the target and the
//! run number, so run `i` of a target gets the same input whatever ran before it,
//! on any machine: `--seed S --runs N` repeats a run exactly, and a finding is
//! reproducible from the numbers printed with it.
//!
//! Two families: [`structured`] mutation of JSON seeds (three runs in four when the
//! seed is JSON) and [`raw`] byte-level mutation of any seed's text.

pub mod raw;
pub mod structured;

use tracelab::generator::rng::Rng;

use structured::JsonSeed;

/// Characters that break code which slices by bytes, compares case-insensitively
/// or trusts what is "a digit"; inserted into
/// strings and text.
pub const UNICODE: &[&str] = &[
    "é",
    "\u{301}",
    "\u{202e}",
    "\u{200f}",
    "\u{0}",
    "\u{feff}",
    "😀",
    "\u{10ffff}",
    "ǅ",
    "İ",
    "ß",
    "\u{2028}",
    "\r\n",
    "\u{fffd}",
    "٣",
    "１",
    "\u{a0}",
];

/// A starting point: its text, and the parsed document when it is JSON.
pub struct Seed {
    pub text: String,
    json: Option<JsonSeed>,
}

impl Seed {
    pub fn new(text: String) -> Seed {
        let json = JsonSeed::new(&text);
        Seed { text, json }
    }
}

/// The random stream of one run.
pub fn stream(seed: u64, target: &str, run: u64) -> Rng {
    Rng::derive(seed, &format!("tracelab-fuzz/{target}/{run}"))
}

/// One run's input: a seed picked at random, mutated by one of the two families.
pub fn input(seeds: &[Seed], rng: &mut Rng) -> String {
    let Some(seed) = (!seeds.is_empty()).then(|| rng.pick(seeds)) else {
        return String::new();
    };
    match &seed.json {
        Some(json) if rng.chance(3, 4) => structured::mutate(json, rng),
        _ => {
            let mut bytes = seed.text.as_bytes().to_vec();
            raw::mutate(&mut bytes, rng);
            String::from_utf8_lossy(&bytes).into_owned()
        }
    }
}

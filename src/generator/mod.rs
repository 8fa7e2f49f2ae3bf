//! The case generator: typology recipes over a seeded ledger builder.
//!
//! [`generate`] turns a [`Params`] (typology, seed, difficulty, scale, optional
//! participant) into a complete, valid [`Scenario`]: a laundering trail built from
//! the building blocks in `blocks`, hidden in background activity, with briefing,
//! objectives, hints, service records, solution and debrief. It is pure and
//! deterministic: the same parameters give byte-identical JSON ([`generate_json`])
//! natively and in wasm, because all randomness is ChaCha8 seeded from the
//! parameters, all amounts are integers and all collections are ordered.
//!
//! Per-participant variants: [`participant_seed`] derives a seed from the case seed
//! and the participant's name or code, so each trainee gets the same story with
//! different addresses, amounts and times, and answers cannot be copied.
//!
//! Layout: `rng` (seeded integers), `encode` (addresses, hashes, times), `chain`
//! (chains, assets, clocks), `market` (prices and fees), `builder` (the ledger under
//! construction), `services`, `names`, `blocks` (laundering moves), `background`
//! (the ordinary economy), `case` (draft → case) and `recipes` (one per typology).

pub mod background;
pub mod blocks;
pub mod builder;
pub mod case;
pub mod chain;
pub mod encode;
pub mod market;
pub mod names;
pub mod recipes;
pub mod rng;
pub mod services;

use sha2::{Digest, Sha256};

use crate::scenario::{Difficulty, Scenario};

/// The largest `scale` accepted (transactions in one case).
pub const MAX_SCALE: usize = 2_000_000;

/// A laundering typology the generator can build.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Typology {
    Ransomware,
    PigButchering,
    ExchangeHack,
    BridgeHack,
    PhishingDrainer,
    DarknetMarket,
    TerroristFinancing,
    MoneyMules,
    Structuring,
    CoinjoinLaundering,
    ChainHop,
    Sextortion,
}

impl Typology {
    pub const ALL: [Typology; 12] = [
        Typology::Ransomware,
        Typology::PigButchering,
        Typology::ExchangeHack,
        Typology::BridgeHack,
        Typology::PhishingDrainer,
        Typology::DarknetMarket,
        Typology::TerroristFinancing,
        Typology::MoneyMules,
        Typology::Structuring,
        Typology::CoinjoinLaundering,
        Typology::ChainHop,
        Typology::Sextortion,
    ];

    /// The name used on the command line and in `generator.typology`.
    pub fn id(self) -> &'static str {
        match self {
            Typology::Ransomware => "ransomware",
            Typology::PigButchering => "pig-butchering",
            Typology::ExchangeHack => "exchange-hack",
            Typology::BridgeHack => "bridge-hack",
            Typology::PhishingDrainer => "phishing-drainer",
            Typology::DarknetMarket => "darknet-market",
            Typology::TerroristFinancing => "terrorist-financing",
            Typology::MoneyMules => "money-mules",
            Typology::Structuring => "structuring",
            Typology::CoinjoinLaundering => "coinjoin",
            Typology::ChainHop => "chain-hop",
            Typology::Sextortion => "sextortion",
        }
    }

    /// One line for `tracelab generate --list` and the app's dialog.
    pub fn description(self) -> &'static str {
        match self {
            Typology::Ransomware => "Bitcoin: victims pay unique addresses, consolidation, peel chain, exchange deposits",
            Typology::PigButchering => "Tron USDT: repeated victim payments, small fake-profit payouts, pool, OTC desk",
            Typology::ExchangeHack => "Bitcoin: hot-wallet theft, fan-out, months of dormancy, peel chains to exchanges",
            Typology::BridgeHack => "Ethereum to Bitcoin: bridge drain, DEX swap, mixer pool, bridge, exchange",
            Typology::PhishingDrainer => "Ethereum: approve/transferFrom drain, operator/affiliate split, DEX, cash-out",
            Typology::DarknetMarket => "Bitcoin: buyer deposits, market hot wallet, vendor withdrawals, cash-out",
            Typology::TerroristFinancing => "Bitcoin: many small donations to per-donor addresses, consolidation, unlicensed OTC",
            Typology::MoneyMules => "Ethereum USDT: fan-out to mules below a threshold, each forwarding to an exchange",
            Typology::Structuring => "Tron USDT: repeated deposits just below a reporting threshold into one account",
            Typology::CoinjoinLaundering => "Bitcoin: equal-output CoinJoin rounds and the post-mix consolidation that undoes them",
            Typology::ChainHop => "Bitcoin to Ethereum through an instant swap service, then to an exchange",
            Typology::Sextortion => "Bitcoin: many small payments to an address from spam e-mails, quick sweep, cash-out",
        }
    }

    pub fn from_id(id: &str) -> Option<Typology> {
        Typology::ALL.into_iter().find(|t| t.id() == id)
    }
}

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Params {
    pub typology: Typology,
    pub seed: u64,
    pub difficulty: Difficulty,
    /// Transactions in the case (about); `None` for the difficulty's default.
    pub scale: Option<usize>,
    /// A participant's name or code: gives that participant's variant.
    pub participant: Option<String>,
}

impl Params {
    pub fn new(typology: Typology, seed: u64, difficulty: Difficulty) -> Params {
        Params {
            typology,
            seed,
            difficulty,
            scale: None,
            participant: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GenError {
    #[error("unknown typology {0:?}; `tracelab generate --list` shows the typologies")]
    UnknownTypology(String),
    #[error("scale {0} is above the maximum of {MAX_SCALE} transactions")]
    ScaleTooLarge(usize),
    #[error("the participant name is empty once spaces are removed")]
    EmptyParticipant,
}

/// A name or code as it is compared: trimmed, inner runs of white space made one
/// space, lower case. "  Anna  Berg " and "anna berg" are the same participant.
pub fn normalise_participant(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The seed of a participant's variant: the first 8 bytes (little-endian) of
/// SHA-256 over `"tracelab-participant-v1"`, the case seed (8 bytes little-endian),
/// a zero byte and the normalised name in UTF-8.
pub fn participant_seed(seed: u64, name: &str) -> u64 {
    let mut h = Sha256::new();
    h.update(b"tracelab-participant-v1");
    h.update(seed.to_le_bytes());
    h.update([0u8]);
    h.update(normalise_participant(name).as_bytes());
    let d = h.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&d[..8]);
    u64::from_le_bytes(first)
}

/// Generates a complete case.
pub fn generate(p: &Params) -> Result<Scenario, GenError> {
    build(p).map(case::CaseDoc::into_scenario)
}

/// Generates a case, ready to be turned into a [`Scenario`] or written as JSON.
pub fn build(p: &Params) -> Result<case::CaseDoc, GenError> {
    let k = case::knobs(p.difficulty);
    let scale = p.scale.unwrap_or(k.scale);
    if scale > MAX_SCALE {
        return Err(GenError::ScaleTooLarge(scale));
    }
    let participant = match &p.participant {
        Some(name) if normalise_participant(name).is_empty() => {
            return Err(GenError::EmptyParticipant)
        }
        Some(name) => Some(normalise_participant(name)),
        None => None,
    };
    let effective = participant
        .as_deref()
        .map_or(p.seed, |n| participant_seed(p.seed, n));
    // The typology and difficulty are mixed into the stream so that two typologies
    // at one seed do not share their first draws.
    let stream = effective ^ ((p.typology as u64) << 56) ^ ((p.difficulty as u64) << 52);
    let mut id = format!(
        "gen-{}-{}-{}",
        p.typology.id(),
        p.difficulty.as_str(),
        p.seed
    );
    if participant.is_some() {
        id = format!("{id}-p{:08x}", effective >> 32);
    }
    id.truncate(64);
    let mut gen = serde_json::Map::new();
    gen.insert("typology".into(), p.typology.id().into());
    gen.insert("seed".into(), p.seed.into());
    let mut params = serde_json::Map::new();
    params.insert("difficulty".into(), p.difficulty.as_str().into());
    params.insert("scale".into(), scale.into());
    if let Some(n) = &participant {
        params.insert("participant".into(), n.clone().into());
        params.insert("participant_seed".into(), effective.to_string().into());
    }
    gen.insert("params".into(), params.into());
    Ok(recipes::run(
        p.typology,
        stream,
        p.difficulty,
        case::Meta {
            id,
            scale,
            generator: gen,
        },
    ))
}

/// The case as the JSON text the command line writes (pretty, newline-terminated):
/// exactly `serde_json::to_string_pretty` of [`generate`]'s case, plus a newline.
pub fn generate_json(p: &Params) -> Result<String, GenError> {
    let doc = build(p)?;
    let mut bytes = Vec::new();
    // Writing JSON into memory cannot fail: every value is a string, number or map.
    let _ = doc.write_json(&mut bytes);
    bytes.push(b'\n');
    Ok(String::from_utf8(bytes).unwrap_or_default())
}

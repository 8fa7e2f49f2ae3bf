//! From a recipe's draft to a complete case.
//!
//! A recipe builds the trail on the [`Ctx`] and returns a [`Draft`]: texts, start,
//! objectives, the solution and the service records. [`assemble`] then adds the
//! background economy, thins the attribution labels to suit the difficulty, sets
//! the tools the difficulty allows, and turns everything into a [`Scenario`].
//! Small helpers here keep the recipes short: objective and answer constructors,
//! KYC records, amounts written for people.

use std::collections::BTreeMap;

use super::background;
use serde::Serialize;

use super::builder::{AddrId, Builder, Finished, TxId};
use super::chain::AssetId;
use super::encode::{rfc3339, when_text};
use super::names::{self, Person};
use super::services::Service;
use crate::amount::{format_units_grouped, Amount};
use crate::scenario::{
    Account, Answer, Asset, Balance, Category, Chain, Confidence, Difficulty, Entity, Hint, Holder,
    Link, Login, Objective, ObjectiveKind, Role, Scenario, ServiceRecords, Solution, Start, Tools,
    SCHEMA_VERSION,
};

/// How a difficulty shapes a case.
#[derive(Clone, Copy, Debug)]
pub struct Knobs {
    /// Hops in peel chains and similar layering.
    pub hops: usize,
    /// Decoy branches (loops, look-alike payments) off the trail.
    pub decoys: usize,
    /// Default number of transactions in the case.
    pub scale: usize,
    pub minutes: u32,
}

pub fn knobs(d: Difficulty) -> Knobs {
    match d {
        Difficulty::Beginner => Knobs {
            hops: 3,
            decoys: 0,
            scale: 120,
            minutes: 35,
        },
        Difficulty::Intermediate => Knobs {
            hops: 4,
            decoys: 1,
            scale: 220,
            minutes: 50,
        },
        Difficulty::Advanced => Knobs {
            hops: 6,
            decoys: 2,
            scale: 350,
            minutes: 75,
        },
        Difficulty::Expert => Knobs {
            hops: 8,
            decoys: 3,
            scale: 500,
            minutes: 100,
        },
    }
}

/// What a recipe works with.
pub struct Ctx {
    pub b: Builder,
    pub difficulty: Difficulty,
    pub k: Knobs,
    /// Exchanges of the case, trail and background alike.
    pub exchanges: Vec<Service>,
    /// The first moment of the case.
    pub t0: i64,
    /// Entities whose main-wallet labels must survive (the services the trail uses).
    pub key_entities: Vec<String>,
}

impl Ctx {
    pub fn beginner(&self) -> bool {
        self.difficulty == Difficulty::Beginner
    }

    pub fn at_least(&self, d: Difficulty) -> bool {
        self.difficulty >= d
    }

    /// Adds an exchange (name and country from the pool, not yet used) on `chains`
    /// and returns its index in `exchanges`.
    pub fn exchange(&mut self, chains: &[super::chain::ChainId]) -> usize {
        let taken: Vec<String> = self.exchanges.iter().map(|e| e.name.clone()).collect();
        let free: Vec<(&str, &str)> = names::EXCHANGES
            .iter()
            .copied()
            .filter(|(n, _)| !taken.iter().any(|t| t == n))
            .collect();
        let (name, place) = *self.b.rng.pick(&free);
        let svc = Service::new(&mut self.b, Category::Exchange, name, Some(place), chains, "Custodial exchange with per-customer deposit addresses swept into a shared hot wallet. Answers law-enforcement requests.");
        self.exchanges.push(svc);
        self.exchanges.len() - 1
    }

    // Out of line on purpose: see the note above `hints`.
    #[inline(never)]
    pub fn addr(&self, a: AddrId) -> String {
        self.b.address(a).to_string()
    }

    #[inline(never)]
    pub fn hash(&self, t: TxId) -> String {
        self.b.tx_hash(t).to_string()
    }

    /// `1,234.5 USDT`.
    #[inline(never)]
    pub fn amount(&self, asset: AssetId, value: u128) -> String {
        format!(
            "{} {}",
            format_units_grouped(Amount(value), asset.decimals()),
            asset.symbol()
        )
    }

    /// `about USD 12,300` at the time given.
    #[inline(never)]
    pub fn usd(&self, asset: AssetId, value: u128, time: i64) -> String {
        let usd = self.b.market.usd_of(asset, value, time) / 1_000_000;
        let rounded = if usd >= 1000 { usd / 100 * 100 } else { usd };
        format!("about USD {}", format_units_grouped(Amount(rounded), 0))
    }

    #[inline(never)]
    pub fn when(&self, t: TxId) -> String {
        when_text(self.b.tx_time(t))
    }

    #[inline(never)]
    pub fn short(&self, a: AddrId) -> String {
        crate::address::shorten(self.b.address(a))
    }

    #[inline(never)]
    pub fn person(&mut self) -> Person {
        names::person(&mut self.b.rng)
    }

    /// A KYC account record at an exchange for `addresses`.
    pub fn kyc(
        &mut self,
        id_prefix: &str,
        addresses: &[AddrId],
        holder: &Person,
        opened: i64,
        active: i64,
        notes: String,
    ) -> Account {
        let mut logins = vec![Login {
            time: rfc3339(opened),
            ip: names::ip(&mut self.b.rng),
            country: Some(holder.country.clone()),
        }];
        let elsewhere = names::elsewhere(&mut self.b.rng).to_string();
        let ip2 = names::ip(&mut self.b.rng);
        for k in 0..2 {
            logins.push(Login {
                time: rfc3339(active + 600 + k * self.b.rng.range(3_600, 40_000) as i64),
                ip: ip2.clone(),
                country: Some(elsewhere.clone()),
            });
        }
        Account {
            account_id: format!("{id_prefix}-{}", self.b.rng.range(1_000_000, 9_999_999)),
            addresses: addresses.iter().map(|&a| self.addr(a)).collect(),
            holder: Holder {
                name: holder.name.clone(),
                date_of_birth: Some(holder.date_of_birth.clone()),
                nationality: Some(holder.nationality.clone()),
            },
            email: Some(holder.email.clone()),
            phone: Some(holder.phone.clone()),
            logins,
            notes: Some(notes),
        }
    }
}

/// A recipe's result, before the background and the finishing touches.
#[derive(Default)]
pub struct Draft {
    pub title: String,
    pub summary: String,
    pub typologies: Vec<&'static str>,
    pub briefing: String,
    pub debrief: String,
    pub start_addresses: Vec<AddrId>,
    pub start_txs: Vec<TxId>,
    pub start_note: String,
    pub objectives: Vec<Objective>,
    pub trail: Vec<TxId>,
    pub key_addresses: Vec<AddrId>,
    /// Service records per entity: (delay minutes, can freeze, accounts).
    pub requests: BTreeMap<String, (u32, bool, Vec<Account>)>,
    /// The last moment of the case's story.
    pub end: i64,
    /// Tools the case needs whatever the difficulty (e.g. swap matching across chains).
    pub needs_swap_matching: bool,
}

impl Draft {
    pub fn records(&mut self, entity: &str, delay: u32, can_freeze: bool, account: Account) {
        self.requests
            .entry(entity.to_string())
            .or_insert((delay, can_freeze, Vec::new()))
            .2
            .push(account);
    }
}

// These helpers and `Ctx`'s text helpers are called at dozens of places in the
// recipes, which the compiler folds into one function (`recipes::run`); inlined at
// every call they cost the wasm build about 5 KB (docs/performance.md).
#[inline(never)]
pub fn hints(list: &[(&str, u32)]) -> Vec<Hint> {
    list.iter()
        .map(|(t, c)| Hint {
            text: t.to_string(),
            cost: *c,
        })
        .collect()
}

#[inline(never)]
pub fn objective(
    id: &str,
    kind: ObjectiveKind,
    points: u32,
    prompt: String,
    answer: Answer,
    hint_list: Vec<Hint>,
    explanation: String,
) -> Objective {
    Objective {
        id: id.to_string(),
        prompt,
        points,
        kind,
        answer: Some(answer),
        hints: hint_list,
        explanation,
    }
}

#[inline(never)]
pub fn a_entity(e: &str) -> Answer {
    Answer {
        entity: Some(e.to_string()),
        ..Answer::default()
    }
}

#[inline(never)]
pub fn a_address(a: String) -> Answer {
    Answer {
        address: Some(a),
        ..Answer::default()
    }
}

#[inline(never)]
pub fn a_addresses(list: Vec<String>) -> Answer {
    Answer {
        addresses: Some(list),
        ..Answer::default()
    }
}

#[inline(never)]
pub fn a_amount(asset: AssetId, value: u128, tolerance: u128) -> Answer {
    Answer {
        asset: Some(asset.id().to_string()),
        value: Some(Amount(value)),
        tolerance: Some(Amount(tolerance)),
        ..Answer::default()
    }
}

#[inline(never)]
pub fn a_choice(options: &[&str], correct: usize) -> Answer {
    Answer {
        options: Some(options.iter().map(|s| s.to_string()).collect()),
        correct: Some(vec![correct]),
        ..Answer::default()
    }
}

/// Which tools a difficulty allows.
pub fn tools(d: Difficulty, swap_matching: bool) -> Tools {
    let at = |x: Difficulty| d >= x;
    Tools {
        expand: true,
        path_finder: at(Difficulty::Intermediate),
        auto_trace: at(Difficulty::Advanced) && d != Difficulty::Expert,
        taint: true,
        clustering: at(Difficulty::Intermediate),
        change_heuristics: true,
        swap_matching: swap_matching || at(Difficulty::Advanced),
        requests: true,
    }
}

/// Thins attribution labels with difficulty: deposit addresses lose theirs first,
/// then confidence drops, and at expert some service wallets outside the trail go
/// unlabelled. Perpetrators' addresses are never labelled by the generator.
fn thin_labels(b: &mut Builder, d: Difficulty, keep: &[String]) {
    b.use_stream("labels");
    for i in 0..b.addrs.len() {
        if b.addrs[i].label.is_none() {
            continue;
        }
        let key = keep.iter().any(|k| k == b.owner(i as AddrId));
        let deposit = b.addrs[i].role == Role::Deposit;
        let roll = b.rng.below(100);
        let drop = match (d, deposit) {
            (Difficulty::Beginner, _) => false,
            (Difficulty::Intermediate, true) => roll < 50,
            (Difficulty::Advanced, true) => roll < 80,
            (Difficulty::Expert, true) => true,
            (Difficulty::Expert, false) => !key && roll < 30,
            _ => false,
        };
        let entry = &mut b.addrs[i];
        if drop {
            entry.label = None;
        } else if let Some(l) = &mut entry.label {
            l.confidence = match d {
                Difficulty::Beginner | Difficulty::Intermediate => l.confidence,
                Difficulty::Advanced => l.confidence.max(Confidence::Medium),
                Difficulty::Expert if deposit || roll < 60 => Confidence::Low,
                Difficulty::Expert => Confidence::Medium,
            };
        }
    }
}

pub struct Meta {
    pub id: String,
    pub scale: usize,
    pub generator: serde_json::Map<String, serde_json::Value>,
}

/// A generated case before its ledger is written out: the case's texts and
/// exercise (`head`, whose `addresses` and `transactions` are left empty) and the
/// compact ledger. [`CaseDoc::into_scenario`] makes the full model;
/// [`CaseDoc::write_json`] writes the same JSON text without ever holding every
/// transaction at once, which keeps a million-transaction case within budget.
pub struct CaseDoc {
    pub head: Scenario,
    pub ledger: Finished,
}

impl CaseDoc {
    pub fn tx_count(&self) -> usize {
        self.ledger.tx_count()
    }

    pub fn address_count(&self) -> usize {
        self.ledger.address_count()
    }

    pub fn into_scenario(self) -> Scenario {
        let mut case = self.head;
        let parts = self.ledger.into_parts();
        case.chains = parts.chains;
        case.assets = parts.assets;
        case.entities = parts.entities;
        case.addresses = parts.addresses;
        case.opening_balances = parts.opening_balances;
        case.transactions = parts.transactions;
        case.links = parts.links;
        case
    }

    /// Writes exactly what `serde_json::to_writer_pretty` writes for
    /// [`into_scenario`](Self::into_scenario)'s result.
    pub fn write_json(&self, w: impl std::io::Write) -> serde_json::Result<()> {
        let h = &self.head;
        let l = &self.ledger;
        let view = View {
            schema_version: h.schema_version,
            id: &h.id,
            version: &h.version,
            title: &h.title,
            summary: &h.summary,
            language: &h.language,
            difficulty: h.difficulty,
            estimated_minutes: h.estimated_minutes,
            typologies: &h.typologies,
            authors: &h.authors,
            briefing: &h.briefing,
            debrief: &h.debrief,
            chains: &l.chains,
            assets: &l.assets,
            entities: &l.entities,
            addresses: Addresses(l),
            opening_balances: &l.opening_balances,
            transactions: Transactions(l),
            links: &l.links,
            start: &h.start,
            objectives: &h.objectives,
            requests: &h.requests,
            tools: h.tools.as_ref(),
            solution: &h.solution,
            grading: h.grading.as_ref(),
            generator: h.generator.as_ref(),
        };
        serde_json::to_writer_pretty(w, &view)
    }
}

/// The case's fields in the order and with the omissions of [`Scenario`]'s own
/// serialisation (`scenario/model.rs`); a test checks the bytes are identical.
#[derive(Serialize)]
struct View<'a> {
    schema_version: u32,
    id: &'a str,
    version: &'a str,
    title: &'a str,
    summary: &'a str,
    language: &'a str,
    difficulty: Difficulty,
    estimated_minutes: u32,
    typologies: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    authors: &'a [String],
    briefing: &'a str,
    debrief: &'a str,
    chains: &'a [Chain],
    assets: &'a [Asset],
    entities: &'a [Entity],
    addresses: Addresses<'a>,
    opening_balances: &'a [Balance],
    transactions: Transactions<'a>,
    links: &'a [Link],
    start: &'a Start,
    objectives: &'a [Objective],
    requests: &'a [ServiceRecords],
    #[serde(skip_serializing_if = "Option::is_none")]
    tools: Option<&'a Tools>,
    solution: &'a Solution,
    #[serde(skip_serializing_if = "Option::is_none")]
    grading: Option<&'a crate::scenario::Grading>,
    #[serde(skip_serializing_if = "Option::is_none")]
    generator: Option<&'a serde_json::Map<String, serde_json::Value>>,
}

struct Addresses<'a>(&'a Finished);

impl Serialize for Addresses<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((0..self.0.address_count()).map(|i| self.0.address_entry(i)))
    }
}

struct Transactions<'a>(&'a Finished);

impl Serialize for Transactions<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((0..self.0.tx_count()).map(|i| self.0.transaction(i)))
    }
}

/// Adds the background, finishes the ledger and writes the case's texts.
pub fn assemble(mut cx: Ctx, draft: Draft, meta: Meta) -> CaseDoc {
    let trail: Vec<String> = draft.trail.iter().map(|&t| cx.hash(t)).collect();
    let key_addresses: Vec<String> = draft.key_addresses.iter().map(|&a| cx.addr(a)).collect();
    let start = Start {
        addresses: draft.start_addresses.iter().map(|&a| cx.addr(a)).collect(),
        transactions: draft.start_txs.iter().map(|&t| cx.hash(t)).collect(),
        note: draft.start_note,
    };
    cx.b.use_stream("background");
    cx.b.reserve(meta.scale);
    background::fill(
        &mut cx.b,
        &mut cx.exchanges,
        meta.scale,
        cx.t0 - 2 * 86_400,
        draft.end + 86_400,
    );
    thin_labels(&mut cx.b, cx.difficulty, &cx.key_entities);
    let ledger = cx.b.finish();
    let head = Scenario {
        schema: None,
        schema_version: SCHEMA_VERSION,
        id: meta.id,
        version: "1.0.0".to_string(),
        title: draft.title,
        summary: draft.summary,
        language: "en".to_string(),
        difficulty: cx.difficulty,
        estimated_minutes: cx.k.minutes,
        typologies: draft.typologies.iter().map(|s| s.to_string()).collect(),
        authors: vec!["TraceLab generator".to_string()],
        briefing: draft.briefing,
        debrief: draft.debrief,
        chains: Vec::new(),
        assets: Vec::new(),
        entities: Vec::new(),
        addresses: Vec::new(),
        opening_balances: Vec::new(),
        transactions: Vec::new(),
        links: Vec::new(),
        start,
        objectives: draft.objectives,
        requests: draft
            .requests
            .into_iter()
            .map(
                |(entity, (delay_minutes, can_freeze, accounts))| ServiceRecords {
                    entity,
                    delay_minutes,
                    can_freeze,
                    accounts,
                },
            )
            .collect(),
        tools: Some(tools(cx.difficulty, draft.needs_swap_matching)),
        solution: Solution {
            trail,
            key_addresses,
        },
        // From advanced up, a request to a service that does not hold the address
        // costs points: asking the right service is part of the skill.
        grading: (cx.difficulty >= crate::scenario::Difficulty::Advanced).then_some(
            crate::scenario::Grading {
                unfounded_request_cost: 2,
            },
        ),
        generator: Some(meta.generator),
        investigation: None,
    };
    CaseDoc { head, ledger }
}

//! Limits on what a case file may hold, each with the reason for its number.
//!
//! A case file comes from anywhere, so its size is checked before it is read
//! (the command line asks the file system, the app asks the browser's `File`),
//! then its counts and text lengths right after parsing, before the validator
//! runs. Going over a limit is a `too-large` problem that says the number and the
//! limit, never a crash, a frozen tab or an out-of-memory. `docs/limits.md` lists
//! them for instructors.
//!
//! Two sets: the browser app's ([`Limits::APP`]), sized so that a tab stays
//! responsive and within a browser's memory, and the command line's
//! ([`Limits::CLI`]), which also reads the largest cases the generator writes.
//! Text lengths are the same in both, so a case that passes `tracelab validate`
//! opens in the app unless it is too large for a browser. Points are limits of the
//! format itself.

use super::path::JsonPath;
use super::{Problem, Rule, Scenario};
use crate::amount::{format_units, format_units_grouped, Amount};

/// The most points one objective can award, and the most one hint or one
/// unfounded request can cost: a case never needs more, and bounded points keep
/// every sum and percentage a trainer sees readable (grading itself stays exact
/// for any `u32`).
pub const MAX_POINTS: u32 = 1_000_000;

/// The most points all of a case's objectives can award together.
pub const MAX_TOTAL_POINTS: u64 = 1_000_000;

/// How deep lists and objects may nest: serde_json's own recursion limit, which
/// protects the parser's stack. A case file nests about eight levels deep.
pub const MAX_DEPTH: usize = 128;

/// The problem that stands for `more` problems beyond what a check lists
/// ([`Limits::problems`]).
pub(super) fn not_listed(more: usize, listed: usize) -> Problem {
    Problem::new(
        Rule::TooManyProblems,
        JsonPath::root(),
        format!(
            "{} more problems are not listed (only the first {} are): fix these and check again",
            grouped(more),
            grouped(listed)
        ),
    )
}

/// What a case file may hold where it is opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Who applies these limits, for messages ("the browser app").
    pub applies_to: &'static str,
    /// The largest file, in bytes (1 MB = 1,000,000 bytes).
    pub file_bytes: u64,
    pub transactions: usize,
    pub addresses: usize,
    pub objectives: usize,
    /// Ids, names, addresses, times and every other one-line value, in characters.
    pub line_chars: usize,
    /// Markdown and free texts (briefing, debrief, summary, prompts, hints,
    /// explanations, notes, descriptions), in characters.
    pub text_chars: usize,
    /// The most problems one check lists; the rest are counted. A broken file
    /// can have millions (a pasted block of duplicates): nobody reads that many,
    /// and keeping them all could take more memory than the file.
    pub problems: usize,
}

impl Limits {
    /// The browser app: a generated 100,000-transaction case is about 105 MB and
    /// the app generates up to 200,000 transactions (about 210 MB).
    pub const APP: Limits = Limits {
        applies_to: "the browser app",
        file_bytes: 256_000_000,
        transactions: 250_000,
        addresses: 1_000_000,
        objectives: 1_000,
        line_chars: 1_000,
        text_chars: 100_000,
        problems: 100_000,
    };

    /// The command line: up to the generator's largest cases (2,000,000
    /// transactions, about 2.1 GB). Validating takes about 3.5 times the file's
    /// size in memory.
    pub const CLI: Limits = Limits {
        applies_to: "tracelab",
        file_bytes: 2_500_000_000,
        transactions: 2_500_000,
        addresses: 10_000_000,
        ..Limits::APP
    };

    /// A file of `bytes`, before it is read.
    pub fn check_size(&self, bytes: u64) -> Result<(), Problem> {
        if bytes <= self.file_bytes {
            return Ok(());
        }
        Err(Problem::new(
            Rule::TooLarge,
            JsonPath::root(),
            format!(
                "the file is {}; {} opens case files of up to {}",
                megabytes(bytes),
                self.applies_to,
                megabytes(self.file_bytes)
            ),
        ))
    }

    /// Counts and text lengths of a parsed case, each over its limit a problem.
    pub fn check_case(&self, case: &Scenario) -> Vec<Problem> {
        let mut c = Checker {
            limits: self,
            problems: Vec::new(),
        };
        let root = JsonPath::root;
        for (list, count, limit) in [
            ("transactions", case.transactions.len(), self.transactions),
            ("addresses", case.addresses.len(), self.addresses),
            ("objectives", case.objectives.len(), self.objectives),
        ] {
            if count > limit {
                c.problems.push(Problem::new(
                    Rule::TooLarge,
                    root().key(list),
                    format!(
                        "the case has {} {list}; {} opens cases with up to {}",
                        grouped(count),
                        self.applies_to,
                        grouped(limit)
                    ),
                ));
            }
        }
        texts(case, &mut c);
        c.problems
    }
}

/// `2.1 GB`, `256 MB`, `12.5 kB`: a size with one decimal at most, exactly.
fn megabytes(bytes: u64) -> String {
    let (unit, scale) = match bytes {
        b if b >= 1_000_000_000 => ("GB", 8),
        b if b >= 1_000_000 => ("MB", 5),
        _ => ("kB", 2),
    };
    // Tenths of the unit, rounded up (a file one byte over a limit is not shown
    // as the limit), then written with one decimal.
    let tenths = u128::from(bytes).div_ceil(10u128.pow(scale));
    format!("{} {unit}", format_units(Amount(tenths), 1))
}

fn grouped(n: usize) -> String {
    format_units_grouped(Amount(n as u128), 0)
}

struct Checker<'l> {
    limits: &'l Limits,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    /// A one-line value: an id, a name, an address, a time.
    fn line(&mut self, path: impl FnOnce() -> JsonPath, value: &str) {
        self.length(
            path,
            value,
            self.limits.line_chars,
            "a one-line value (an id, a name, an address)",
        );
    }

    /// A Markdown or free text.
    fn text(&mut self, path: impl FnOnce() -> JsonPath, value: &str) {
        self.length(path, value, self.limits.text_chars, "a text");
    }

    fn length(&mut self, path: impl FnOnce() -> JsonPath, value: &str, limit: usize, what: &str) {
        // Bytes first: a string of at most `limit` bytes has at most `limit` characters.
        if value.len() <= limit {
            return;
        }
        let chars = value.chars().count();
        if chars > limit {
            self.problems.push(Problem::new(
                Rule::TooLarge,
                path(),
                format!(
                    "this is {} characters long; {what} can be up to {}",
                    grouped(chars),
                    grouped(limit)
                ),
            ));
        }
    }

    fn lines<'a>(
        &mut self,
        path: impl Fn() -> JsonPath,
        values: impl IntoIterator<Item = &'a String>,
    ) {
        for (i, v) in values.into_iter().enumerate() {
            self.line(|| path().index(i), v);
        }
    }

    fn line_opt(&mut self, path: impl FnOnce() -> JsonPath, value: &Option<String>) {
        if let Some(v) = value {
            self.line(path, v);
        }
    }
}

/// Every string of the case, as a one-line value or a text.
fn texts(case: &Scenario, c: &mut Checker) {
    let at = |key: &'static str| move || JsonPath::root().key(key);
    c.line_opt(at("$schema"), &case.schema);
    for (key, v) in [
        ("id", &case.id),
        ("version", &case.version),
        ("title", &case.title),
        ("language", &case.language),
    ] {
        c.line(at(key), v);
    }
    for (key, v) in [
        ("summary", &case.summary),
        ("briefing", &case.briefing),
        ("debrief", &case.debrief),
    ] {
        c.text(at(key), v);
    }
    c.lines(at("typologies"), &case.typologies);
    c.lines(at("authors"), &case.authors);
    for (i, chain) in case.chains.iter().enumerate() {
        let p = || at("chains")().index(i);
        c.line(|| p().key("id"), &chain.id);
        c.line(|| p().key("name"), &chain.name);
    }
    for (i, asset) in case.assets.iter().enumerate() {
        let p = || at("assets")().index(i);
        c.line(|| p().key("id"), &asset.id);
        c.line(|| p().key("chain"), &asset.chain);
        c.line(|| p().key("symbol"), &asset.symbol);
        c.line_opt(|| p().key("contract"), &asset.contract);
    }
    for (i, e) in case.entities.iter().enumerate() {
        let p = || at("entities")().index(i);
        c.line(|| p().key("id"), &e.id);
        c.line(|| p().key("name"), &e.name);
        c.line_opt(|| p().key("jurisdiction"), &e.jurisdiction);
        if let Some(d) = &e.description {
            c.text(|| p().key("description"), d);
        }
    }
    for (i, a) in case.addresses.iter().enumerate() {
        let p = || at("addresses")().index(i);
        c.line(|| p().key("address"), &a.address);
        c.line(|| p().key("chain"), &a.chain);
        c.line_opt(|| p().key("owner"), &a.owner);
        if let Some(label) = &a.label {
            c.line(|| p().key("label").key("text"), &label.text);
            c.line(|| p().key("label").key("source"), &label.source);
        }
    }
    for (i, b) in case.opening_balances.iter().enumerate() {
        let p = || at("opening_balances")().index(i);
        c.line(|| p().key("address"), &b.address);
        c.line(|| p().key("asset"), &b.asset);
    }
    for (i, tx) in case.transactions.iter().enumerate() {
        let p = || at("transactions")().index(i);
        c.line(|| p().key("id"), &tx.id);
        c.line(|| p().key("chain"), &tx.chain);
        c.line(|| p().key("time"), &tx.time);
        c.line_opt(|| p().key("memo"), &tx.memo);
        c.line_opt(|| p().key("sender"), &tx.sender);
        for (j, input) in tx.inputs.iter().flatten().enumerate() {
            c.line_opt(|| p().key("inputs").index(j).key("tx"), &input.tx);
            c.line_opt(|| p().key("inputs").index(j).key("address"), &input.address);
        }
        for (j, output) in tx.outputs.iter().flatten().enumerate() {
            c.line(
                || p().key("outputs").index(j).key("address"),
                &output.address,
            );
        }
        for (j, tr) in tx.transfers.iter().flatten().enumerate() {
            let t = || p().key("transfers").index(j);
            c.line(|| t().key("from"), &tr.from);
            c.line(|| t().key("to"), &tr.to);
            c.line(|| t().key("asset"), &tr.asset);
        }
    }
    for (i, link) in case.links.iter().enumerate() {
        c.line(|| at("links")().index(i).key("in_tx"), &link.in_tx);
        c.line(|| at("links")().index(i).key("out_tx"), &link.out_tx);
    }
    c.lines(|| at("start")().key("addresses"), &case.start.addresses);
    c.lines(
        || at("start")().key("transactions"),
        &case.start.transactions,
    );
    c.text(|| at("start")().key("note"), &case.start.note);
    for (i, o) in case.objectives.iter().enumerate() {
        let p = || at("objectives")().index(i);
        c.line(|| p().key("id"), &o.id);
        c.text(|| p().key("prompt"), &o.prompt);
        c.text(|| p().key("explanation"), &o.explanation);
        for (k, hint) in o.hints.iter().enumerate() {
            c.text(|| p().key("hints").index(k).key("text"), &hint.text);
        }
        if let Some(a) = &o.answer {
            let ap = || p().key("answer");
            c.line_opt(|| ap().key("entity"), &a.entity);
            c.line_opt(|| ap().key("address"), &a.address);
            c.line_opt(|| ap().key("asset"), &a.asset);
            c.lines(|| ap().key("addresses"), a.addresses.iter().flatten());
            for (k, option) in a.options.iter().flatten().enumerate() {
                c.text(|| ap().key("options").index(k), option);
            }
        }
    }
    for (i, r) in case.requests.iter().enumerate() {
        let p = || at("requests")().index(i);
        c.line(|| p().key("entity"), &r.entity);
        for (j, acc) in r.accounts.iter().enumerate() {
            let ap = || p().key("accounts").index(j);
            c.line(|| ap().key("account_id"), &acc.account_id);
            c.lines(|| ap().key("addresses"), &acc.addresses);
            c.line(|| ap().key("holder").key("name"), &acc.holder.name);
            c.line_opt(
                || ap().key("holder").key("date_of_birth"),
                &acc.holder.date_of_birth,
            );
            c.line_opt(
                || ap().key("holder").key("nationality"),
                &acc.holder.nationality,
            );
            c.line_opt(|| ap().key("email"), &acc.email);
            c.line_opt(|| ap().key("phone"), &acc.phone);
            for (k, login) in acc.logins.iter().enumerate() {
                let lp = || ap().key("logins").index(k);
                c.line(|| lp().key("time"), &login.time);
                c.line(|| lp().key("ip"), &login.ip);
                c.line_opt(|| lp().key("country"), &login.country);
            }
            if let Some(notes) = &acc.notes {
                c.text(|| ap().key("notes"), notes);
            }
        }
    }
    c.lines(|| at("solution")().key("trail"), &case.solution.trail);
    c.lines(
        || at("solution")().key("key_addresses"),
        &case.solution.key_addresses,
    );
}

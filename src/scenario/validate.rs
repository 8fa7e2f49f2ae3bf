//! The semantic rules of the case format.
//!
//! Serde has already checked types; here we check everything that spans fields:
//! unique ids, references, address and hash syntax per chain, which fields a
//! transaction uses for its chain's model, answer shapes per objective kind. The
//! value rules (spends, fees, balances) live in `validate_flows`, the graph rules
//! (trail, reachability) in `reach`.
//!
//! Every rule appends to one list and carries on, so an author fixing a file sees all
//! of its problems in one run. Paths are built from the same field names as the
//! file, so they can be found in an editor.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};

use super::limits::{not_listed, Limits, MAX_POINTS, MAX_TOTAL_POINTS};
use super::path::JsonPath;
use super::{reach, validate_flows, ObjectiveKind, Problem, Rule, Scenario, SCHEMA_VERSION};
use crate::address::{address_key_ref, check_address, AddressFormat};
use crate::ledger::Ledger;
use crate::quote::quote;
use crate::scenario::{AddressFormatName, ChainModel, Transaction};

/// Checks every rule and returns all problems (empty when the case is valid).
pub fn validate(case: &Scenario) -> Vec<Problem> {
    validate_ledger(&Ledger::new(case.clone()), Limits::CLI.problems)
}

/// [`validate`] on a ledger already built from the case, listing at most
/// `listed` problems and counting the rest.
pub(super) fn validate_ledger(ledger: &Ledger, listed: usize) -> Vec<Problem> {
    let mut c = Checker {
        case: &ledger.case,
        ledger,
        problems: Vec::new(),
        listed,
        more: 0,
    };
    c.top_level();
    c.chains_and_assets();
    c.entities_and_addresses();
    c.opening_balances();
    c.transactions();
    validate_flows::spends(&mut c);
    validate_flows::balances(&mut c);
    c.links_start_solution();
    c.objectives();
    c.requests();
    reach::trail(&mut c);
    reach::answers(&mut c);
    if c.more > 0 {
        c.problems.push(not_listed(c.more, listed));
    }
    c.problems
}

pub(super) struct Checker<'a> {
    pub case: &'a Scenario,
    pub ledger: &'a Ledger,
    pub problems: Vec<Problem>,
    /// How many problems are kept; those found beyond are counted.
    listed: usize,
    more: usize,
}

fn root() -> JsonPath {
    JsonPath::root()
}

impl Checker<'_> {
    pub fn report(&mut self, rule: Rule, path: JsonPath, message: impl Into<String>) {
        if self.problems.len() < self.listed {
            self.problems.push(Problem::new(rule, path, message));
        } else {
            self.more += 1;
        }
    }

    /// Reports every id that occurs more than once in a list, in list order.
    fn unique<'k>(&mut self, list: &str, field: &str, ids: impl Iterator<Item = Cow<'k, str>>) {
        // A hash map only looks ids up; the reports follow the list's order.
        let mut seen: HashMap<Cow<str>, usize> = HashMap::with_capacity(ids.size_hint().0);
        for (i, id) in ids.enumerate() {
            match seen.entry(id) {
                Entry::Vacant(slot) => {
                    slot.insert(i);
                }
                Entry::Occupied(slot) => {
                    let message = format!(
                        "{} is used again; it was first used at {list}[{}]",
                        quote(slot.key()),
                        slot.get()
                    );
                    self.report(
                        Rule::DuplicateId,
                        root().key(list).index(i).key(field),
                        message,
                    );
                }
            }
        }
    }

    fn top_level(&mut self) {
        let case = self.case;
        if case.schema_version != SCHEMA_VERSION {
            self.report(
                Rule::SchemaVersion,
                root().key("schema_version"),
                format!(
                    "schema_version {} is not supported; this TraceLab reads version {SCHEMA_VERSION}",
                    case.schema_version
                ),
            );
        }
        if !is_case_id(&case.id) {
            self.report(
                Rule::BadValue,
                root().key("id"),
                format!("{} is not a case id: use 1-64 characters a-z, 0-9 and '-', starting with a letter or digit", quote(&case.id)),
            );
        }
        for (field, text) in [
            ("title", &case.title),
            ("version", &case.version),
            ("language", &case.language),
        ] {
            if text.trim().is_empty() {
                self.report(
                    Rule::BadValue,
                    root().key(field),
                    format!("{field} must not be empty"),
                );
            }
        }
    }

    fn chains_and_assets(&mut self) {
        let case = self.case;
        self.unique(
            "chains",
            "id",
            case.chains.iter().map(|c| c.id.as_str().into()),
        );
        self.unique(
            "assets",
            "id",
            case.assets.iter().map(|a| a.id.as_str().into()),
        );
        for (i, chain) in case.chains.iter().enumerate() {
            if AddressFormat::for_chain_id(&chain.id).is_none() && chain.address_format.is_none() {
                self.report(
                    Rule::BadValue,
                    root().key("chains").index(i).key("id"),
                    format!(
                        "chain id {} has no known address syntax (bitcoin, ethereum, tron); add \"address_format\": \"any\" to use it",
                        quote(&chain.id)
                    ),
                );
            }
            let natives = case
                .assets
                .iter()
                .filter(|a| a.chain == chain.id && a.contract.is_none())
                .count();
            if chain.model == ChainModel::Utxo && natives == 0 {
                self.report(
                    Rule::UnresolvedReference,
                    root().key("chains").index(i),
                    format!(
                        "UTXO chain {} needs its native asset in `assets` (one without `contract`)",
                        quote(&chain.id)
                    ),
                );
            }
            if natives > 1 {
                self.report(
                    Rule::DuplicateId,
                    root().key("chains").index(i),
                    format!("chain {} has {natives} native assets (assets without `contract`); it can have only one", quote(&chain.id)),
                );
            }
        }
        for (i, asset) in case.assets.iter().enumerate() {
            let path = root().key("assets").index(i);
            if !self.chain_exists(&asset.chain) {
                self.report(
                    Rule::UnresolvedReference,
                    path.key("chain"),
                    unknown("chain", &asset.chain, "chains"),
                );
            }
            if asset.decimals > 36 {
                self.report(
                    Rule::BadValue,
                    path.key("decimals"),
                    "decimals above 36 cannot be represented",
                );
            }
            if let Some(contract) = &asset.contract {
                self.address_syntax(|| path.key("contract"), &asset.chain, contract);
            }
        }
    }

    fn chain_exists(&self, id: &str) -> bool {
        self.case.chains.iter().any(|c| c.id == id)
    }

    fn chain_format(&self, chain_id: &str) -> Option<AddressFormat> {
        let chain = self.case.chains.iter().find(|c| c.id == chain_id)?;
        match chain.address_format {
            Some(AddressFormatName::Any) => Some(AddressFormat::Any),
            None => AddressFormat::for_chain_id(&chain.id),
        }
    }

    fn address_syntax(&mut self, path: impl FnOnce() -> JsonPath, chain: &str, address: &str) {
        if let Some(format) = self.chain_format(chain) {
            if let Err(e) = check_address(format, address) {
                self.report(
                    Rule::AddressSyntax,
                    path(),
                    format!("{} is not a valid {chain} address: {e}", quote(address)),
                );
            }
        }
    }

    fn entities_and_addresses(&mut self) {
        let case = self.case;
        self.unique(
            "entities",
            "id",
            case.entities.iter().map(|e| e.id.as_str().into()),
        );
        self.unique(
            "addresses",
            "address",
            case.addresses.iter().map(|a| address_key_ref(&a.address)),
        );
        for (i, entry) in case.addresses.iter().enumerate() {
            let path = root().key("addresses").index(i);
            if !self.chain_exists(&entry.chain) {
                self.report(
                    Rule::UnresolvedReference,
                    path.key("chain"),
                    unknown("chain", &entry.chain, "chains"),
                );
            }
            self.address_syntax(|| path.key("address"), &entry.chain, &entry.address);
            if let Some(owner) = &entry.owner {
                self.entity_ref(|| path.key("owner"), owner);
            }
        }
    }

    pub fn entity_ref(&mut self, path: impl FnOnce() -> JsonPath, id: &str) {
        if self.ledger.entity(id).is_none() {
            self.report(
                Rule::UnresolvedReference,
                path(),
                unknown("entity", id, "entities"),
            );
        }
    }

    /// The address must be listed in `addresses` (and on `chain`, when given).
    pub fn address_ref(
        &mut self,
        path: impl FnOnce() -> JsonPath,
        address: &str,
        chain: Option<&str>,
    ) {
        match self.ledger.address(address) {
            None => self.report(
                Rule::UnresolvedReference,
                path(),
                format!("address {} is not listed in `addresses`", quote(address)),
            ),
            Some(entry) => {
                if let Some(chain) = chain.filter(|c| *c != entry.chain) {
                    let listed = entry.chain.clone();
                    self.report(
                        Rule::UnresolvedReference,
                        path(),
                        format!(
                            "address {} is listed on chain {} but used on {}",
                            quote(address),
                            quote(&listed),
                            quote(chain)
                        ),
                    );
                }
            }
        }
    }

    fn asset_ref(&mut self, path: impl FnOnce() -> JsonPath, asset: &str, chain: Option<&str>) {
        match self.ledger.asset(asset) {
            None => self.report(
                Rule::UnresolvedReference,
                path(),
                unknown("asset", asset, "assets"),
            ),
            Some(a) => {
                if let Some(chain) = chain.filter(|c| *c != a.chain) {
                    let own = a.chain.clone();
                    self.report(
                        Rule::AssetChain,
                        path(),
                        format!(
                            "asset {} belongs to chain {}, not to this transaction's chain {}",
                            quote(asset),
                            quote(&own),
                            quote(chain)
                        ),
                    );
                }
            }
        }
    }

    fn opening_balances(&mut self) {
        for (i, b) in self.case.opening_balances.iter().enumerate() {
            let path = root().key("opening_balances").index(i);
            let chain = self.ledger.asset(&b.asset).map(|a| a.chain.clone());
            self.asset_ref(|| path.key("asset"), &b.asset, None);
            self.address_ref(|| path.key("address"), &b.address, chain.as_deref());
        }
    }

    fn transactions(&mut self) {
        let case = self.case;
        self.unique(
            "transactions",
            "id",
            case.transactions.iter().map(|t| t.id.as_str().into()),
        );
        for (i, tx) in case.transactions.iter().enumerate() {
            let path = root().key("transactions").index(i);
            self.tx_id_syntax(path.key("id"), tx);
            if self.ledger.time(i).is_none() {
                self.report(
                    Rule::BadValue,
                    path.key("time"),
                    format!(
                        "{} is not an RFC 3339 UTC time such as \"2025-03-14T09:21:07Z\"",
                        quote(&tx.time)
                    ),
                );
            }
            match self.ledger.chain_model(&tx.chain) {
                None => self.report(
                    Rule::UnresolvedReference,
                    path.key("chain"),
                    unknown("chain", &tx.chain, "chains"),
                ),
                Some(ChainModel::Utxo) => self.utxo_fields(&path, tx),
                Some(ChainModel::Account) => self.account_fields(&path, tx),
            }
        }
    }

    fn tx_id_syntax(&mut self, path: JsonPath, tx: &Transaction) {
        let hex64 =
            |s: &str| s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        let ok = match tx.chain.as_str() {
            "ethereum" => tx
                .id
                .strip_prefix("0x")
                .is_some_and(|h| hex64(&h.to_ascii_lowercase())),
            "bitcoin" | "tron" => hex64(&tx.id),
            _ => !tx.id.is_empty(),
        };
        if !ok {
            let message = match tx.chain.as_str() {
                "ethereum" => "0x followed by 64 hex digits",
                "bitcoin" | "tron" => "64 lowercase hex digits",
                _ => "any text that is not empty",
            };
            self.report(
                Rule::TransactionIdSyntax,
                path,
                format!(
                    "{} is not a transaction hash of this chain: expected {message}",
                    quote(&tx.id)
                ),
            );
        }
    }

    fn wrong_model(&mut self, path: &JsonPath, fields: &[(&str, bool)], model: &str) {
        for (field, present) in fields {
            if *present {
                self.report(
                    Rule::WrongModel,
                    path.key(field),
                    format!("`{field}` is not used on a {model} chain"),
                );
            }
        }
    }

    fn utxo_fields(&mut self, path: &JsonPath, tx: &Transaction) {
        self.wrong_model(
            path,
            &[
                ("sender", tx.sender.is_some()),
                ("fee", tx.fee.is_some()),
                ("method", tx.method.is_some()),
                ("transfers", tx.transfers.is_some()),
            ],
            "UTXO",
        );
        let inputs = tx.inputs.as_deref().unwrap_or(&[]);
        if tx.coinbase && !inputs.is_empty() {
            self.report(
                Rule::Shape,
                path.key("inputs"),
                "a coinbase transaction has no inputs",
            );
        }
        if !tx.coinbase && inputs.is_empty() {
            self.report(
                Rule::Shape,
                path.key("inputs"),
                "a UTXO transaction needs at least one input (or \"coinbase\": true)",
            );
        }
        match &tx.outputs {
            None => self.report(
                Rule::Shape,
                path.key("outputs"),
                "a UTXO transaction needs `outputs`",
            ),
            Some(outputs) => {
                for (j, out) in outputs.iter().enumerate() {
                    self.address_ref(
                        || path.key("outputs").index(j).key("address"),
                        &out.address,
                        Some(&tx.chain),
                    );
                }
            }
        }
        for (j, input) in inputs.iter().enumerate() {
            let ipath = || path.key("inputs").index(j);
            match (&input.tx, input.vout, &input.address, input.value) {
                (Some(prev), Some(vout), None, None) => match self.ledger.tx_index(prev) {
                    None => self.report(Rule::UnresolvedReference, ipath().key("tx"), unknown("transaction", prev, "transactions")),
                    Some(p) => {
                        let prev_tx = self.ledger.tx(p);
                        if prev_tx.chain != tx.chain {
                            let other = prev_tx.chain.clone();
                            self.report(Rule::UnresolvedReference, ipath().key("tx"), format!("spends a transaction on chain {}", quote(&other)));
                        }
                        let n = prev_tx.outputs.as_ref().map_or(0, Vec::len);
                        if vout as usize >= n {
                            self.report(
                                Rule::UnresolvedReference,
                                ipath().key("vout"),
                                format!("transaction {} has {n} outputs, so vout {vout} does not exist (outputs count from 0)", quote(prev)),
                            );
                        }
                    }
                },
                (None, None, Some(address), Some(_)) => self.address_ref(|| ipath().key("address"), address, Some(&tx.chain)),
                _ => self.report(
                    Rule::Shape,
                    ipath(),
                    "an input is either {\"tx\": id, \"vout\": n} (spends a case output) or {\"address\": A, \"value\": amount} (a coin from before the case)",
                ),
            }
        }
    }

    fn account_fields(&mut self, path: &JsonPath, tx: &Transaction) {
        self.wrong_model(
            path,
            &[
                ("inputs", tx.inputs.is_some()),
                ("outputs", tx.outputs.is_some()),
                ("coinbase", tx.coinbase),
            ],
            "account",
        );
        for (field, present) in [
            ("sender", tx.sender.is_some()),
            ("fee", tx.fee.is_some()),
            ("method", tx.method.is_some()),
            ("transfers", tx.transfers.is_some()),
        ] {
            if !present {
                self.report(
                    Rule::Shape,
                    path.key(field),
                    format!("an account-chain transaction needs `{field}`"),
                );
            }
        }
        if let Some(sender) = &tx.sender {
            self.address_ref(|| path.key("sender"), sender, Some(&tx.chain));
        }
        for (j, tr) in tx.transfers.iter().flatten().enumerate() {
            let tpath = || path.key("transfers").index(j);
            self.address_ref(|| tpath().key("from"), &tr.from, Some(&tx.chain));
            self.address_ref(|| tpath().key("to"), &tr.to, Some(&tx.chain));
            self.asset_ref(|| tpath().key("asset"), &tr.asset, Some(&tx.chain));
        }
    }

    fn tx_ref(&mut self, path: impl FnOnce() -> JsonPath, id: &str) {
        if self.ledger.tx_index(id).is_none() {
            self.report(
                Rule::UnresolvedReference,
                path(),
                unknown("transaction", id, "transactions"),
            );
        }
    }

    fn links_start_solution(&mut self) {
        let case = self.case;
        for (i, link) in case.links.iter().enumerate() {
            let path = root().key("links").index(i);
            self.tx_ref(|| path.key("in_tx"), &link.in_tx);
            self.tx_ref(|| path.key("out_tx"), &link.out_tx);
        }
        let start = root().key("start");
        if case.start.addresses.is_empty() {
            self.report(
                Rule::BadValue,
                start.key("addresses"),
                "the trainee needs at least one starting address",
            );
        }
        for (i, a) in case.start.addresses.iter().enumerate() {
            self.address_ref(|| start.key("addresses").index(i), a, None);
        }
        for (i, t) in case.start.transactions.iter().enumerate() {
            self.tx_ref(|| start.key("transactions").index(i), t);
        }
        let solution = root().key("solution");
        if case.solution.trail.is_empty() {
            self.report(
                Rule::BadValue,
                solution.key("trail"),
                "the solution trail needs at least one transaction",
            );
        }
        for (i, t) in case.solution.trail.iter().enumerate() {
            self.tx_ref(|| solution.key("trail").index(i), t);
        }
        for (i, a) in case.solution.key_addresses.iter().enumerate() {
            self.address_ref(|| solution.key("key_addresses").index(i), a, None);
        }
    }

    fn objectives(&mut self) {
        let case = self.case;
        if case.objectives.is_empty() {
            self.report(
                Rule::BadValue,
                root().key("objectives"),
                "a case needs at least one objective",
            );
        }
        self.unique(
            "objectives",
            "id",
            case.objectives.iter().map(|o| o.id.as_str().into()),
        );
        for (i, obj) in case.objectives.iter().enumerate() {
            let path = root().key("objectives").index(i);
            if obj.points == 0 {
                self.report(
                    Rule::BadValue,
                    path.key("points"),
                    "points must be greater than 0",
                );
            }
            self.at_most_max_points(path.key("points"), "an objective's points", obj.points);
            for (k, hint) in obj.hints.iter().enumerate() {
                self.at_most_max_points(
                    path.key("hints").index(k).key("cost"),
                    "a hint's cost",
                    hint.cost,
                );
            }
            self.answer(&path, obj.kind, obj.answer.as_ref());
        }
        let total: u64 = case.objectives.iter().map(|o| u64::from(o.points)).sum();
        if total > MAX_TOTAL_POINTS {
            self.report(
                Rule::BadValue,
                root().key("objectives"),
                format!(
                    "the objectives' points add up to {}; a case can award at most {} points in all",
                    grouped(total),
                    grouped(MAX_TOTAL_POINTS)
                ),
            );
        }
        if let Some(grading) = &case.grading {
            self.at_most_max_points(
                root().key("grading").key("unfounded_request_cost"),
                "the cost of an unfounded request",
                grading.unfounded_request_cost,
            );
        }
    }

    fn at_most_max_points(&mut self, path: JsonPath, what: &str, points: u32) {
        if points > MAX_POINTS {
            self.report(
                Rule::BadValue,
                path,
                format!(
                    "{what} is {} points; the most is {}",
                    grouped(points.into()),
                    grouped(MAX_POINTS.into())
                ),
            );
        }
    }

    fn answer(&mut self, path: &JsonPath, kind: ObjectiveKind, answer: Option<&super::Answer>) {
        let apath = path.key("answer");
        let Some(a) = answer else {
            if kind != ObjectiveKind::Text {
                self.report(
                    Rule::AnswerShape,
                    apath,
                    format!("a {} objective needs an `answer`", kind.as_str()),
                );
            }
            return;
        };
        let present = [
            ("entity", a.entity.is_some()),
            ("address", a.address.is_some()),
            ("addresses", a.addresses.is_some()),
            ("asset", a.asset.is_some()),
            ("value", a.value.is_some()),
            ("tolerance", a.tolerance.is_some()),
            ("options", a.options.is_some()),
            ("correct", a.correct.is_some()),
        ];
        let (required, optional): (&[&str], &[&str]) = match kind {
            ObjectiveKind::Entity => (&["entity"], &[]),
            ObjectiveKind::Address => (&["address"], &[]),
            ObjectiveKind::AddressSet | ObjectiveKind::Path => (&["addresses"], &[]),
            ObjectiveKind::Amount => (&["asset", "value"], &["tolerance"]),
            ObjectiveKind::Choice => (&["options", "correct"], &[]),
            ObjectiveKind::Text => (&[], &[]),
        };
        for (field, is_present) in present {
            if required.contains(&field) && !is_present {
                self.report(
                    Rule::AnswerShape,
                    apath.key(field),
                    format!("a {} answer needs `{field}`", kind.as_str()),
                );
            }
            if is_present && !required.contains(&field) && !optional.contains(&field) {
                let why = if kind == ObjectiveKind::Text {
                    " (text answers are not auto-graded)"
                } else {
                    ""
                };
                self.report(
                    Rule::AnswerShape,
                    apath.key(field),
                    format!(
                        "`{field}` does not belong in a {} answer{why}",
                        kind.as_str()
                    ),
                );
            }
        }
        if let Some(e) = &a.entity {
            self.entity_ref(|| apath.key("entity"), e);
        }
        if let Some(addr) = &a.address {
            self.address_ref(|| apath.key("address"), addr, None);
        }
        if let Some(list) = &a.addresses {
            if list.is_empty() {
                self.report(
                    Rule::AnswerShape,
                    apath.key("addresses"),
                    "the answer lists no address",
                );
            }
            for (k, addr) in list.iter().enumerate() {
                self.address_ref(|| apath.key("addresses").index(k), addr, None);
            }
        }
        if let Some(asset) = &a.asset {
            self.asset_ref(|| apath.key("asset"), asset, None);
        }
        if let (Some(options), Some(correct)) = (&a.options, &a.correct) {
            if options.len() < 2 {
                self.report(
                    Rule::AnswerShape,
                    apath.key("options"),
                    "a choice needs at least two options",
                );
            }
            if correct.is_empty() {
                self.report(
                    Rule::AnswerShape,
                    apath.key("correct"),
                    "a choice needs at least one correct option",
                );
            }
            let mut seen = BTreeSet::new();
            for (k, &index) in correct.iter().enumerate() {
                if index >= options.len() {
                    self.report(
                        Rule::UnresolvedReference,
                        apath.key("correct").index(k),
                        format!(
                            "option {index} does not exist: there are {} options, counted from 0",
                            options.len()
                        ),
                    );
                }
                if !seen.insert(index) {
                    self.report(
                        Rule::DuplicateId,
                        apath.key("correct").index(k),
                        format!("option {index} is listed twice"),
                    );
                }
            }
        }
    }

    fn requests(&mut self) {
        let case = self.case;
        self.unique(
            "requests",
            "entity",
            case.requests.iter().map(|r| r.entity.as_str().into()),
        );
        for (i, rec) in case.requests.iter().enumerate() {
            let path = root().key("requests").index(i);
            self.entity_ref(|| path.key("entity"), &rec.entity);
            for (j, account) in rec.accounts.iter().enumerate() {
                for (k, addr) in account.addresses.iter().enumerate() {
                    self.address_ref(
                        || path.key("accounts").index(j).key("addresses").index(k),
                        addr,
                        None,
                    );
                }
            }
        }
    }
}

/// `1,000,000`: counts as a trainer reads them.
fn grouped(n: u64) -> String {
    crate::amount::format_units_grouped(crate::amount::Amount(n.into()), 0)
}

fn unknown(what: &str, id: &str, list: &str) -> String {
    format!("{what} {} does not exist in `{list}`", quote(id))
}

/// `[a-z0-9][a-z0-9-]{0,63}`
pub fn is_case_id(id: &str) -> bool {
    let b = id.as_bytes();
    !b.is_empty()
        && b.len() <= 64
        && b[0].is_ascii_lowercase() | b[0].is_ascii_digit()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

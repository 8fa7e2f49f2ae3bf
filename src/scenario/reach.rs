//! Graph rules: the solution trail follows the money, and every answer can be found.
//!
//! "Reachable" models what a trainee can do in the app: start from the case's start
//! addresses and transactions, expand any address to all transactions touching it,
//! open any transaction to all its parties, and follow a ground-truth link (bridge,
//! swap service, mixer, OTC) from one leg to the other, as the matching tools do.

use std::borrow::Cow;
use std::collections::{BTreeSet, VecDeque};

use super::path::JsonPath;
use super::validate::Checker;
use super::Rule;
use crate::address::address_key_ref;
use crate::ledger::Ledger;
use crate::quote::quote;

pub(super) fn trail(c: &mut Checker) {
    let ledger = c.ledger;
    let trail = &c.case.solution.trail;
    let mut touched: BTreeSet<String> = BTreeSet::new();
    let mut earlier: BTreeSet<&str> = BTreeSet::new();
    for (i, id) in trail.iter().enumerate() {
        let Some(tx) = ledger.tx_index(id) else {
            continue;
        };
        let mut parties = ledger.senders(tx);
        parties.extend(ledger.receivers(tx));
        if i > 0 {
            let connected = parties.iter().any(|p| touched.contains(p));
            let linked = c
                .case
                .links
                .iter()
                .any(|l| l.out_tx == *id && earlier.contains(l.in_tx.as_str()));
            if !connected && !linked {
                c.report(
                    Rule::TrailBroken,
                    JsonPath::root().key("solution").key("trail").index(i),
                    format!(
                        "transaction {} neither spends from nor pays an address of the earlier trail transactions, and no link leads to it from them: the trail must follow the money in order",
                        quote(id)
                    ),
                );
            }
        }
        touched.extend(parties);
        earlier.insert(id);
    }
}

/// Addresses and transactions a trainee can reach from the start: a breadth-first
/// search over the ledger's address ids (no strings copied), plus start addresses
/// the case neither lists nor uses.
struct Reach<'l> {
    ledger: &'l Ledger,
    /// By address id.
    addresses: Vec<bool>,
    /// Start addresses that have no id, by address key.
    idle: BTreeSet<Cow<'l, str>>,
    /// By transaction index.
    txs: Vec<bool>,
}

impl Reach<'_> {
    fn address(&self, address: &str) -> bool {
        match self.ledger.address_id(address) {
            Some(id) => self.addresses[id],
            None => self.idle.contains(address_key_ref(address).as_ref()),
        }
    }
}

fn reachable(ledger: &Ledger) -> Reach<'_> {
    let case = &ledger.case;
    let mut reach = Reach {
        ledger,
        addresses: vec![false; ledger.address_count()],
        idle: BTreeSet::new(),
        txs: vec![false; case.transactions.len()],
    };
    // Links by transaction index, both ways (a link names its legs by id).
    let mut linked: Vec<(usize, usize)> = Vec::new();
    for link in &case.links {
        if let (Some(a), Some(b)) = (ledger.tx_index(&link.in_tx), ledger.tx_index(&link.out_tx)) {
            linked.extend([(a, b), (b, a)]);
        }
    }
    crate::sort::sort_unstable(&mut linked);
    let mut queue: VecDeque<Item> = VecDeque::new();
    for a in &case.start.addresses {
        match ledger.address_id(a) {
            Some(id) => queue.push_back(Item::Address(id)),
            None => {
                reach.idle.insert(address_key_ref(a));
            }
        }
    }
    queue.extend(
        case.start
            .transactions
            .iter()
            .filter_map(|t| ledger.tx_index(t))
            .map(Item::Tx),
    );
    while let Some(item) = queue.pop_front() {
        match item {
            Item::Address(a) => {
                if !std::mem::replace(&mut reach.addresses[a], true) {
                    queue.extend(ledger.txs_of_id(a).iter().map(|&t| Item::Tx(t)));
                }
            }
            Item::Tx(t) => {
                if std::mem::replace(&mut reach.txs[t], true) {
                    continue;
                }
                queue.extend(ledger.party_ids(t).iter().map(|&a| Item::Address(a)));
                let from = linked.partition_point(|&(a, _)| a < t);
                let others = linked[from..].iter().take_while(|&&(a, _)| a == t);
                queue.extend(others.map(|&(_, b)| Item::Tx(b)));
            }
        }
    }
    reach
}

enum Item {
    Address(usize),
    Tx(usize),
}

pub(super) fn answers(c: &mut Checker) {
    let ledger = c.ledger;
    let reach = reachable(ledger);
    // Only the entities and assets some answer names are looked for: a case has
    // a handful of those and can have hundreds of thousands of reachable addresses.
    let keys = c.case.objectives.iter().filter_map(|o| o.answer.as_ref());
    let wanted_entities: BTreeSet<&str> =
        crate::sort::set(keys.clone().filter_map(|a| a.entity.as_deref()));
    let wanted_assets: BTreeSet<&str> = crate::sort::set(keys.filter_map(|a| a.asset.as_deref()));
    let mut entities: BTreeSet<&str> = BTreeSet::new();
    for entry in &c.case.addresses {
        if let Some(owner) = entry.owner.as_deref() {
            // An address listed twice counts with its first entry's owner.
            let first = || {
                ledger
                    .address(&entry.address)
                    .is_some_and(|e| std::ptr::eq(e, entry))
            };
            if wanted_entities.contains(owner) && first() && reach.address(&entry.address) {
                entities.insert(owner);
            }
        }
    }
    // The assets reachable transactions move: a UTXO chain's native asset (none
    // known: the empty id, as `Ledger::flows` says) or each transfer's asset.
    let mut assets: BTreeSet<&str> = BTreeSet::new();
    let mut moved = |asset: &'_ str| {
        if let Some(&a) = wanted_assets.get(asset) {
            assets.insert(a);
        }
    };
    let txs = if wanted_assets.is_empty() {
        0
    } else {
        reach.txs.len()
    };
    for t in (0..txs).filter(|&t| reach.txs[t]) {
        let tx = ledger.tx(t);
        match &tx.outputs {
            Some(outputs) if !outputs.is_empty() => {
                moved(ledger.native_asset(&tx.chain).map_or("", |a| a.id.as_str()));
            }
            Some(_) => {}
            None => tx
                .transfers
                .iter()
                .flatten()
                .for_each(|tr| moved(&tr.asset)),
        }
    }
    let mut problems = Vec::new();
    for (i, obj) in c.case.objectives.iter().enumerate() {
        let Some(answer) = &obj.answer else { continue };
        let path = JsonPath::root().key("objectives").index(i).key("answer");
        let unreachable = |what: &str| {
            format!("{what}: a trainee starting from `start` and expanding addresses and following links can never find it")
        };
        if let Some(e) = answer
            .entity
            .as_deref()
            .filter(|e| ledger.entity(e).is_some())
        {
            if !entities.contains(e) {
                problems.push((
                    path.key("entity"),
                    unreachable(&format!("entity {} owns no reachable address", quote(e))),
                ));
            }
        }
        let singles = answer.address.iter().map(|a| (path.key("address"), a));
        let many = answer
            .addresses
            .iter()
            .flatten()
            .enumerate()
            .map(|(k, a)| (path.key("addresses").index(k), a));
        for (apath, a) in singles.chain(many) {
            if ledger.address(a).is_some() && !reach.address(a) {
                problems.push((
                    apath,
                    unreachable(&format!("address {} is not reachable", quote(a))),
                ));
            }
        }
        if let Some(asset) = answer
            .asset
            .as_deref()
            .filter(|a| ledger.asset(a).is_some())
        {
            if !assets.contains(asset) {
                problems.push((
                    path.key("asset"),
                    unreachable(&format!(
                        "no reachable transaction moves asset {}",
                        quote(asset)
                    )),
                ));
            }
        }
    }
    for (path, message) in problems {
        c.report(Rule::Unreachable, path, message);
    }
}

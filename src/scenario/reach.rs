//! Graph rules: the solution trail follows the money, and every answer can be found.
//!
//! "Reachable" models what a trainee can do in the app: start from the case's start
//! addresses and transactions, expand any address to all transactions touching it,
//! open any transaction to all its parties, and follow a ground-truth link (bridge,
//! swap service, mixer, OTC) from one leg to the other, as the matching tools do.

use std::collections::{BTreeSet, VecDeque};

use super::path::JsonPath;
use super::validate::Checker;
use super::Rule;
use crate::address::address_key;
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

/// Addresses and transactions a trainee can reach from the start.
pub struct Reach {
    pub addresses: BTreeSet<String>,
    pub txs: BTreeSet<usize>,
}

pub fn reachable(ledger: &Ledger) -> Reach {
    let case = &ledger.case;
    let mut reach = Reach {
        addresses: BTreeSet::new(),
        txs: BTreeSet::new(),
    };
    let mut queue: VecDeque<Item> = VecDeque::new();
    queue.extend(
        case.start
            .addresses
            .iter()
            .map(|a| Item::Address(address_key(a))),
    );
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
                if reach.addresses.insert(a.clone()) {
                    queue.extend(ledger.txs_of(&a).iter().map(|&t| Item::Tx(t)));
                }
            }
            Item::Tx(t) => {
                if !reach.txs.insert(t) {
                    continue;
                }
                queue.extend(ledger.senders(t).into_iter().map(Item::Address));
                queue.extend(ledger.receivers(t).into_iter().map(Item::Address));
                let id = &ledger.tx(t).id;
                for link in &case.links {
                    let other = if link.in_tx == *id {
                        &link.out_tx
                    } else if link.out_tx == *id {
                        &link.in_tx
                    } else {
                        continue;
                    };
                    queue.extend(ledger.tx_index(other).map(Item::Tx));
                }
            }
        }
    }
    reach
}

enum Item {
    Address(String),
    Tx(usize),
}

pub(super) fn answers(c: &mut Checker) {
    let ledger = c.ledger;
    let reach = reachable(ledger);
    let entities: BTreeSet<&str> = crate::sort::set(
        reach
            .addresses
            .iter()
            .filter_map(|a| ledger.address(a)?.owner.as_deref()),
    );
    let assets: BTreeSet<String> = crate::sort::set(
        reach
            .txs
            .iter()
            .flat_map(|&t| ledger.flows(t).into_iter().map(|f| f.asset)),
    );
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
            if ledger.address(a).is_some() && !reach.addresses.contains(&address_key(a)) {
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

//! The solution overlay of the debrief: the trainee's own graph laid over the true
//! trail.
//!
//! Trail transactions the trainee put on the graph are *found*; the others are
//! *missed* and are added to a copy of the graph (with their addresses, placed by
//! the usual layout rules) so the trainee sees where the money really went. An
//! address the trainee expanded that no trail transaction touches is a *false
//! lead*: time spent on a branch the money did not take.

use std::collections::BTreeSet;

use crate::investigation::Investigation;
use crate::ledger::Ledger;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overlay {
    pub trail_txs: BTreeSet<usize>,
    pub found_txs: BTreeSet<usize>,
    /// Addresses touched by the trail.
    pub trail_nodes: BTreeSet<String>,
    /// Trail addresses that were not on the trainee's graph.
    pub missed_nodes: BTreeSet<String>,
    /// Expanded addresses that no trail transaction touches.
    pub false_leads: BTreeSet<String>,
}

/// How an edge of the overlay graph relates to the trail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeStatus {
    Found,
    Missed,
    OffTrail,
}

impl Overlay {
    pub fn edge_status(&self, txs: &BTreeSet<usize>) -> EdgeStatus {
        if txs.iter().any(|t| self.found_txs.contains(t)) {
            EdgeStatus::Found
        } else if txs.iter().any(|t| self.trail_txs.contains(t)) {
            EdgeStatus::Missed
        } else {
            EdgeStatus::OffTrail
        }
    }
}

/// The trainee's graph completed with the missed trail, and what is what.
pub fn overlay(ledger: &Ledger, trainee: &Investigation) -> (Investigation, Overlay) {
    let mut graph = trainee.clone();
    let mut o = Overlay::default();
    for id in &ledger.case.solution.trail {
        let Some(tx) = ledger.tx_index(id) else {
            continue;
        };
        o.trail_txs.insert(tx);
        if trainee.is_revealed(tx) {
            o.found_txs.insert(tx);
        }
        o.trail_nodes.extend(ledger.senders(tx));
        o.trail_nodes.extend(ledger.receivers(tx));
    }
    // Reveal missed trail transactions in trail order, so each lands next to the
    // hop before it.
    for &tx in ledger
        .case
        .solution
        .trail
        .iter()
        .filter_map(|id| ledger.tx_index(id))
        .collect::<Vec<_>>()
        .iter()
    {
        if !graph.is_revealed(tx) {
            graph.reveal_tx(ledger, tx);
        }
    }
    o.missed_nodes = crate::sort::set(
        o.trail_nodes
            .iter()
            .filter(|k| !trainee.contains(k))
            .cloned(),
    );
    o.false_leads = crate::sort::set(
        trainee
            .expanded()
            .iter()
            .filter(|k| !o.trail_nodes.contains(*k))
            .cloned(),
    );
    (graph, o)
}

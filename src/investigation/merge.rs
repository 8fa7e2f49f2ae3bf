//! Merging a cluster into one node, and taking it apart again.
//!
//! Clustering says several addresses belong to one owner; an investigator then
//! wants one node for that owner. A merged address keeps no node of its own: it is
//! an alias of the cluster's node, so everything that looks an address up
//! ([`Investigation::node`], `contains`, marks, revealing, expanding, edges) lands
//! on that node, and flows between two members disappear as internal. Edges are
//! rebuilt from the revealed transactions after every merge or unmerge, so their
//! totals are always the ledger's, never patched by hand. Both are commands in the
//! history, so undo restores the exact earlier picture (positions and pins too).
//!
//! Only addresses on the graph can be merged, so every member had a node before;
//! unmerging gives each of them one again, beside the cluster's node. A member's
//! tag and note stay stored under its own key while it is merged (its node's marks
//! answer for it) and come back with it; a hidden mark goes, since the node it hid
//! is gone.

use super::Investigation;
use crate::address::address_key;
use crate::ledger::Ledger;

impl Investigation {
    /// Merges the nodes of `members` (any address a node shows names it) into the
    /// node of `into`. Addresses not on the graph are skipped. Returns false when
    /// nothing changed: `into` not on the graph, or no member to merge.
    pub fn merge(&mut self, ledger: &Ledger, into: &str, members: &[String]) -> bool {
        let Some(rep) = self.index_of(into) else {
            return false;
        };
        let rep_key = self.graph[rep].key.clone();
        let mut changed = false;
        for m in members {
            let Some(i) = self.index_of(m) else {
                continue;
            };
            if i == rep {
                continue;
            }
            let gone = self.graph.remove_node(i).expect("indexed nodes exist");
            self.nodes.remove(&gone.key);
            self.hidden.remove(&gone.key);
            // The start keeps its thick border when merged into another node.
            self.graph[rep].is_start |= gone.is_start;
            // A merged node brings the addresses merged into it along.
            for target in self.merged.values_mut().filter(|t| **t == gone.key) {
                target.clone_from(&rep_key);
            }
            self.merged.insert(gone.key, rep_key.clone());
            changed = true;
        }
        if changed {
            self.rebuild_edges(ledger);
        }
        changed
    }

    /// Gives every address merged into the node showing `key` its own node again,
    /// in free slots of the node's column. Returns false when that node holds no
    /// merged address (or `key` is not on the graph).
    pub fn unmerge(&mut self, ledger: &Ledger, key: &str) -> bool {
        let Some(rep) = self.index_of(key) else {
            return false;
        };
        let (rep_key, column, slot_y) = {
            let n = &self.graph[rep];
            (n.key.clone(), n.column, n.slot_y)
        };
        let members = self.merged_into(&rep_key);
        if members.is_empty() {
            return false;
        }
        self.merged.retain(|_, t| *t != rep_key);
        self.graph[rep].is_start = is_start_address(ledger, &rep_key);
        for m in members {
            let y = self.free_slot(column, slot_y);
            let start = is_start_address(ledger, &m);
            self.insert(m, column, y, start);
        }
        self.rebuild_edges(ledger);
        true
    }

    /// The addresses merged into the node showing `key`, sorted (empty if none).
    pub fn merged_into(&self, key: &str) -> Vec<String> {
        let node = self.resolve(key);
        self.merged
            .iter()
            .filter(|(_, t)| **t == node)
            .map(|(m, _)| m.clone())
            .collect()
    }

    /// How many addresses the node showing `key` stands for: 1 for a plain node,
    /// more for a merged cluster, 0 when `key` is not on the graph. For labels
    /// such as "+2 merged".
    pub fn stands_for(&self, key: &str) -> usize {
        if !self.contains(key) {
            return 0;
        }
        let node = self.resolve(key);
        1 + self.merged.values().filter(|t| **t == node).count()
    }

    /// The addresses behind the node showing `key` (its own first, then the merged
    /// ones, sorted), or just `key` when it is not on the graph.
    pub fn addresses_of(&self, key: &str) -> Vec<String> {
        let node = self.resolve(key);
        let mut out = vec![node.clone()];
        if self.nodes.contains_key(&node) {
            out.extend(self.merged_into(&node));
        }
        out
    }

    /// Edges again from scratch: which flows are internal changed.
    fn rebuild_edges(&mut self, ledger: &Ledger) {
        self.graph.clear_edges();
        self.edges.clear();
        self.counted.clear();
        self.connect_revealed(ledger);
        self.refresh_filter(ledger);
    }
}

fn is_start_address(ledger: &Ledger, key: &str) -> bool {
    ledger
        .case
        .start
        .addresses
        .iter()
        .any(|a| address_key(a) == key)
}

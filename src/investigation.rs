//! The investigation graph: what the trainee has put on screen so far.
//!
//! Nodes are addresses, edges aggregate every revealed flow between two addresses
//! (several transfers between the same pair are one edge with per-asset totals).
//! The graph grows only through explicit actions (open the case, expand an address
//! in or out, reveal an address from the inspector), mirroring how investigators
//! work in GraphSense or Reactor: the ledger is big, the trail is followed one step
//! at a time.
//!
//! Layout is the time-ordered flow layout: money moves left to right, one column
//! per hop. Expanding never moves an existing node; new nodes take the nearest free
//! slots in the neighbouring column, so the picture stays stable as it grows.
//! Positions are world coordinates (floats are fine here: they are pixels, not money).
//!
//! The graph is a `petgraph::StableGraph` so node indices stay valid when later
//! work removes nodes.
//!
//! What the trainee marks (hidden addresses, tags, notes) and the transaction
//! filter live here too, so that `nodes()` and `edges()` already answer "what is
//! shown" and every view (canvas, list, exports) agrees. Hidden or filtered nodes
//! stay in the graph: hiding is a view decision, undone by removing the mark.
//! Merging a cluster (`merge.rs`) is different: the members leave the graph as
//! nodes and become aliases of the cluster's node, so every lookup by address
//! resolves through `merged` first. Changes go through [`history`], the undoable
//! command log.

pub mod export;
pub mod history;
pub mod marks;
mod merge;
mod placement;

use std::collections::{BTreeMap, BTreeSet};

use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::EdgeRef;

use crate::address::address_key;
use crate::amount::Amount;
use crate::ledger::Ledger;

pub use marks::{expand_candidates, tag_colour_hex, tag_colour_var, ExpandQuery, Tag, TxFilter};
pub use placement::LayoutKind;

/// Horizontal distance between hop columns, in world units.
pub const COLUMN_WIDTH: f64 = 260.0;
/// Vertical distance between slots in a column.
pub const ROW_HEIGHT: f64 = 90.0;
/// Radius of a node's disc, used for drawing and hit-testing.
pub const NODE_RADIUS: f64 = 16.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Who paid this address.
    In,
    /// Whom this address paid.
    Out,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Address key (see [`address_key`]).
    pub key: String,
    /// Hop column: 0 for the start, negative to the left (sources), positive right.
    pub column: i32,
    pub x: f64,
    pub y: f64,
    pub is_start: bool,
    /// Placed by hand (dragged): no layout ever moves it again.
    pub pinned: bool,
    /// Its slot in the flow layout, kept so switching back from the force layout
    /// puts it where it was.
    pub slot_y: f64,
}

/// Everything revealed that moved from one address to another.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Edge {
    /// Transaction indices behind this edge, in ledger order.
    pub txs: BTreeSet<usize>,
    /// Total per asset id.
    pub totals: BTreeMap<String, Amount>,
}

impl Edge {
    /// Each asset's total, formatted in its units with its symbol ("0.5 BTC"):
    /// the label of the edge on the canvas, in the SVG export and the inspector.
    pub fn total_labels(&self, ledger: &Ledger) -> Vec<String> {
        self.totals
            .iter()
            .map(|(asset, v)| ledger.format_amount(asset, *v))
            .collect()
    }
}

#[derive(Clone, Debug, Default)]
pub struct Investigation {
    graph: StableDiGraph<Node, Edge>,
    nodes: BTreeMap<String, NodeIndex>,
    edges: BTreeMap<(NodeIndex, NodeIndex), EdgeIndex>,
    /// Transactions whose flows are on the graph.
    revealed: BTreeSet<usize>,
    /// (tx, from, to) flows already counted into an edge, so revealing twice never
    /// double counts.
    counted: BTreeSet<(usize, String, String)>,
    /// Addresses the trainee expanded (in or out): what they chose to explore.
    expanded: BTreeSet<String>,
    /// Addresses the trainee hid from view.
    hidden: BTreeSet<String>,
    tags: BTreeMap<String, Tag>,
    notes: BTreeMap<String, String>,
    /// Notes on edges, keyed by (from key, to key).
    edge_notes: BTreeMap<(String, String), String>,
    filter: TxFilter,
    /// Addresses merged into another node (a cluster shown as one), as member →
    /// the node's key. A member has no node of its own; see `merge.rs`.
    merged: BTreeMap<String, String>,
    /// Revealed transactions the filter rejects, and the nodes left with no
    /// accepted edge: both derived from `filter`, refreshed whenever it or the
    /// graph changes so drawing never consults the ledger.
    excluded: BTreeSet<usize>,
    filtered_out: BTreeSet<String>,
    /// How nodes added from now on are placed (set by [`history::Command::Arrange`]).
    layout: LayoutKind,
}

/// Equal when the same things are on screen the same way: nodes with their
/// positions, edges with their transactions, and every mark and filter. Indices
/// inside petgraph are not compared, so a replayed graph equals the original.
impl PartialEq for Investigation {
    fn eq(&self, other: &Self) -> bool {
        let nodes = |g: &Investigation| g.all_nodes().cloned().collect::<Vec<_>>();
        let edges = |g: &Investigation| {
            g.all_edges()
                .map(|(a, b, e)| (a.key.clone(), b.key.clone(), e.clone()))
                .collect::<Vec<_>>()
        };
        self.revealed == other.revealed
            && self.counted == other.counted
            && self.expanded == other.expanded
            && self.hidden == other.hidden
            && self.tags == other.tags
            && self.notes == other.notes
            && self.edge_notes == other.edge_notes
            && self.filter == other.filter
            && self.merged == other.merged
            && self.excluded == other.excluded
            && self.filtered_out == other.filtered_out
            && self.layout == other.layout
            && nodes(self) == nodes(other)
            && edges(self) == edges(other)
    }
}

impl Investigation {
    /// The starting picture: the start addresses in column 0 and the parties of the
    /// start transactions around them.
    pub fn open(ledger: &Ledger) -> Investigation {
        let mut inv = Investigation::default();
        for a in &ledger.case.start.addresses {
            let key = address_key(a);
            if !inv.contains(&key) {
                let y = inv.free_slot(0, 0.0);
                inv.insert(key, 0, y, true);
            }
        }
        for id in &ledger.case.start.transactions {
            if let Some(tx) = ledger.tx_index(id) {
                inv.reveal_tx(ledger, tx);
            }
        }
        inv
    }

    /// Whether the address is on the graph: as a node of its own, or merged into one.
    pub fn contains(&self, key: &str) -> bool {
        self.index_of(key).is_some()
    }

    /// The node showing this address: its own, or the one it is merged into.
    pub fn node(&self, key: &str) -> Option<&Node> {
        self.index_of(key).map(|i| &self.graph[i])
    }

    /// The key marks and nodes are kept under for this address: the key of the
    /// node it is merged into, else its own address key (on the graph or not).
    fn resolve(&self, key: &str) -> String {
        let key = address_key(key);
        self.merged.get(&key).cloned().unwrap_or(key)
    }

    fn index_of(&self, key: &str) -> Option<NodeIndex> {
        self.index_of_key(&address_key(key))
    }

    /// [`Self::index_of`] for a key already in [`address_key`] form (what the
    /// ledger hands out), without normalising it again: for the per-flow loops.
    fn index_of_key(&self, key: &str) -> Option<NodeIndex> {
        let key = self.merged.get(key).map_or(key, String::as_str);
        self.nodes.get(key).copied()
    }

    /// Nodes shown (neither hidden nor filtered out), in a stable order (by key).
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.all_nodes().filter(|n| self.is_shown(&n.key))
    }

    /// Every node on the graph, shown or not.
    pub fn all_nodes(&self) -> impl Iterator<Item = &Node> {
        self.nodes.values().map(|&i| &self.graph[i])
    }

    fn is_shown(&self, key: &str) -> bool {
        !self.hidden.contains(key) && !self.filtered_out.contains(key)
    }

    /// Nodes in the order a list should show them: left to right, top to bottom.
    pub fn nodes_in_reading_order(&self) -> Vec<&Node> {
        let mut list: Vec<&Node> = self.nodes().collect();
        crate::sort::sort_by(&mut list, |a, b| {
            (a.column, a.y)
                .partial_cmp(&(b.column, b.y))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        list
    }

    /// Number of nodes on the graph, shown or not.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// Edges shown as (from node, to node, edge data), in a stable order: both ends
    /// shown and at least one transaction accepted by the filter.
    pub fn edges(&self) -> impl Iterator<Item = (&Node, &Node, &Edge)> {
        self.all_edges().filter(|(a, b, e)| {
            self.is_shown(&a.key)
                && self.is_shown(&b.key)
                && e.txs.iter().any(|t| !self.excluded.contains(t))
        })
    }

    fn all_edges(&self) -> impl Iterator<Item = (&Node, &Node, &Edge)> {
        self.edges.values().map(|&e| {
            let (a, b) = self.graph.edge_endpoints(e).expect("indexed edges exist");
            (&self.graph[a], &self.graph[b], &self.graph[e])
        })
    }

    /// The edge from `from` to `to`, shown or not.
    pub fn edge(&self, from: &str, to: &str) -> Option<&Edge> {
        let a = self.index_of(from)?;
        let b = self.index_of(to)?;
        self.edges.get(&(a, b)).map(|&e| &self.graph[e])
    }

    /// Transactions behind the shown edges, in ledger order: what tables and
    /// exports list.
    pub fn shown_txs(&self) -> Vec<usize> {
        let mut txs: BTreeSet<usize> = BTreeSet::new();
        for (_, _, e) in self.edges() {
            txs.extend(e.txs.iter().filter(|t| !self.excluded.contains(t)));
        }
        txs.into_iter().collect()
    }

    /// Transactions on the graph, in ledger order.
    pub fn revealed_txs(&self) -> impl Iterator<Item = usize> + '_ {
        self.revealed.iter().copied()
    }

    /// Addresses the trainee has expanded.
    pub fn expanded(&self) -> &BTreeSet<String> {
        &self.expanded
    }

    /// Rebuilds a graph from the addresses and transaction ids it held (as kept in
    /// a results file); unknown ids are skipped.
    pub fn restore(ledger: &Ledger, addresses: &[String], txs: &[String]) -> Investigation {
        let mut inv = Investigation::open(ledger);
        for id in txs {
            if let Some(tx) = ledger.tx_index(id) {
                if !inv.is_revealed(tx) {
                    inv.reveal_tx(ledger, tx);
                }
            }
        }
        for a in addresses {
            inv.reveal_address(ledger, a, None);
        }
        inv
    }

    /// Reveals the given transactions (e.g. one page of an address's many), with
    /// new parties placed next to `anchor`. Returns the keys of the nodes added.
    pub fn reveal_txs(&mut self, ledger: &Ledger, anchor: &str, txs: &[usize]) -> Vec<String> {
        let anchor = address_key(anchor);
        if !self.contains(&anchor) {
            return Vec::new();
        }
        let mut added = Vec::new();
        for &tx in txs {
            if tx < ledger.case.transactions.len() && !self.revealed.contains(&tx) {
                added.extend(self.reveal_tx_from(ledger, tx, Some(&anchor)));
            }
        }
        self.refresh_filter(ledger);
        added
    }

    pub fn is_revealed(&self, tx: usize) -> bool {
        self.revealed.contains(&tx)
    }

    /// Transactions in `direction` of `key`, or of every address its node stands
    /// for (a merged cluster), that are not on the graph yet, in time order.
    pub fn unrevealed(&self, ledger: &Ledger, key: &str, direction: Direction) -> Vec<usize> {
        let keys = self.addresses_of(key);
        let mut txs: Vec<usize> = keys
            .iter()
            .flat_map(|k| ledger.txs_of(k).iter().copied())
            .filter(|&tx| !self.revealed.contains(&tx))
            .filter(|&tx| {
                let parties = match direction {
                    Direction::In => ledger.receivers(tx),
                    Direction::Out => ledger.senders(tx),
                };
                parties.iter().any(|p| keys.contains(p))
            })
            .collect();
        if keys.len() > 1 {
            // Several addresses' lists, each in time order: one list in time order,
            // each transaction once (`order_key` ends with the index, so it is unique).
            crate::sort::sort_by_key(&mut txs, |&t| ledger.order_key(t));
            txs.dedup();
        }
        txs
    }

    /// Reveals every transaction in which `key` pays (Out) or is paid (In), adding
    /// the counterparties next to it. Returns the keys of the nodes added.
    pub fn expand(&mut self, ledger: &Ledger, key: &str, direction: Direction) -> Vec<String> {
        let key = address_key(key);
        if !self.contains(&key) {
            return Vec::new();
        }
        self.expanded.insert(key.clone());
        let mut added = Vec::new();
        for tx in self.unrevealed(ledger, &key, direction) {
            added.extend(self.reveal_tx_from(ledger, tx, Some(&key)));
        }
        self.refresh_filter(ledger);
        added
    }

    /// Puts one address on the graph next to `near` (or in column 0) if it is not
    /// there yet; used when the trainee picks an address in the inspector.
    pub fn reveal_address(&mut self, ledger: &Ledger, key: &str, near: Option<&str>) -> bool {
        let key = address_key(key);
        if self.contains(&key) || ledger.address(&key).is_none() {
            return false;
        }
        let (column, y) = match near.and_then(|n| self.node(n)) {
            Some(n) => (n.column + 1, n.y),
            None => (0, 0.0),
        };
        let y = self.free_slot(column, y);
        self.insert(key, column, y, false);
        self.connect_revealed(ledger);
        self.refresh_filter(ledger);
        true
    }

    /// Reveals a transaction: its parties join the graph, senders one column left
    /// of receivers.
    pub fn reveal_tx(&mut self, ledger: &Ledger, tx: usize) -> Vec<String> {
        let added = self.reveal_tx_from(ledger, tx, None);
        self.refresh_filter(ledger);
        added
    }

    fn reveal_tx_from(&mut self, ledger: &Ledger, tx: usize, anchor: Option<&str>) -> Vec<String> {
        self.revealed.insert(tx);
        let senders = ledger.senders(tx);
        let receivers = ledger.receivers(tx);
        // Anchor the new nodes on a node already on the graph: the expanded address,
        // else any party already present.
        let anchor = anchor.map(str::to_string).or_else(|| {
            senders
                .iter()
                .chain(&receivers)
                .find(|k| self.contains(k))
                .cloned()
        });
        // The anchor pays when one of the senders is shown by its node (itself, or
        // an address merged into it).
        let anchor = anchor.as_deref().and_then(|a| self.index_of(a));
        let pays = anchor.is_some_and(|i| senders.iter().any(|s| self.index_of_key(s) == Some(i)));
        let (send_col, recv_col, anchor_y) = match anchor.map(|i| &self.graph[i]) {
            Some(n) if pays => (n.column, n.column + 1, n.y),
            Some(n) => (n.column - 1, n.column, n.y),
            None => (0, 1, 0.0),
        };
        let mut added = Vec::new();
        for (keys, column) in [(&senders, send_col), (&receivers, recv_col)] {
            for k in keys {
                if !self.contains(k) {
                    let y = self.free_slot(column, anchor_y);
                    self.insert(k.clone(), column, y, false);
                    added.push(k.clone());
                }
            }
        }
        self.connect_revealed(ledger);
        added
    }

    /// Adds the flows of every revealed transaction whose two ends are on the graph.
    fn connect_revealed(&mut self, ledger: &Ledger) {
        let revealed: Vec<usize> = self.revealed.iter().copied().collect();
        for tx in revealed {
            for flow in ledger.flows(tx) {
                let Some(from) = flow.from else { continue };
                if from == flow.to {
                    continue; // change paid back to the same address: no edge
                }
                let (Some(a), Some(b)) = (self.index_of_key(&from), self.index_of_key(&flow.to))
                else {
                    continue;
                };
                if a == b {
                    continue; // between addresses of one merged cluster: internal
                }
                if !self.counted.insert((tx, from.clone(), flow.to.clone())) {
                    continue;
                }
                let e = *self
                    .edges
                    .entry((a, b))
                    .or_insert_with(|| self.graph.add_edge(a, b, Edge::default()));
                let edge = &mut self.graph[e];
                edge.txs.insert(tx);
                let total = edge.totals.entry(flow.asset.clone()).or_default();
                *total = total.saturating_add(flow.value);
            }
        }
    }

    /// The node whose disc contains the world point, nearest first.
    pub fn hit_test(&self, x: f64, y: f64) -> Option<&Node> {
        self.nodes()
            .map(|n| (n, (n.x - x).powi(2) + (n.y - y).powi(2)))
            .filter(|(_, d2)| *d2 <= NODE_RADIUS * NODE_RADIUS * 1.44)
            .min_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal))
            .map(|(n, _)| n)
    }

    /// Bounding box of all nodes as (min x, min y, max x, max y).
    pub fn bounds(&self) -> Option<(f64, f64, f64, f64)> {
        self.nodes().fold(None, |acc, n| {
            Some(match acc {
                None => (n.x, n.y, n.x, n.y),
                Some((a, b, c, d)) => (a.min(n.x), b.min(n.y), c.max(n.x), d.max(n.y)),
            })
        })
    }

    /// Keys of the addresses connected to `key` by an edge on the graph.
    pub fn neighbours(&self, key: &str) -> Vec<String> {
        let Some(i) = self.index_of(key) else {
            return Vec::new();
        };
        let mut out: Vec<String> = self
            .graph
            .edges_directed(i, petgraph::Direction::Outgoing)
            .map(|e| self.graph[e.target()].key.clone())
            .chain(
                self.graph
                    .edges_directed(i, petgraph::Direction::Incoming)
                    .map(|e| self.graph[e.source()].key.clone()),
            )
            .collect();
        crate::sort::sort(&mut out);
        out.dedup();
        out
    }

    pub fn is_hidden(&self, key: &str) -> bool {
        self.hidden.contains(&self.resolve(key))
    }

    pub fn hidden(&self) -> &BTreeSet<String> {
        &self.hidden
    }

    /// Hides or shows a node; false if it is not on the graph or already so.
    pub fn set_hidden(&mut self, key: &str, hidden: bool) -> bool {
        let key = self.resolve(key);
        if !self.contains(&key) {
            return false;
        }
        if hidden {
            self.hidden.insert(key)
        } else {
            self.hidden.remove(&key)
        }
    }

    pub fn tag(&self, key: &str) -> Option<Tag> {
        self.tags.get(&self.resolve(key)).copied()
    }

    pub fn tags(&self) -> &BTreeMap<String, Tag> {
        &self.tags
    }

    /// Sets or clears (None) the tag of a node on the graph.
    pub fn set_tag(&mut self, key: &str, tag: Option<Tag>) -> bool {
        let key = self.resolve(key);
        if !self.contains(&key) {
            return false;
        }
        match tag {
            Some(t) => self.tags.insert(key, t) != Some(t),
            None => self.tags.remove(&key).is_some(),
        }
    }

    pub fn note(&self, key: &str) -> Option<&str> {
        self.notes.get(&self.resolve(key)).map(String::as_str)
    }

    pub fn notes(&self) -> &BTreeMap<String, String> {
        &self.notes
    }

    /// Sets the note of a node on the graph; blank text removes it.
    pub fn set_note(&mut self, key: &str, text: &str) -> bool {
        let key = self.resolve(key);
        if !self.contains(&key) {
            return false;
        }
        set_text(&mut self.notes, key, text)
    }

    pub fn edge_note(&self, from: &str, to: &str) -> Option<&str> {
        self.edge_notes
            .get(&(self.resolve(from), self.resolve(to)))
            .map(String::as_str)
    }

    pub fn edge_notes(&self) -> &BTreeMap<(String, String), String> {
        &self.edge_notes
    }

    /// Sets the note of an edge on the graph; blank text removes it.
    pub fn set_edge_note(&mut self, from: &str, to: &str, text: &str) -> bool {
        if self.edge(from, to).is_none() {
            return false;
        }
        let key = (self.resolve(from), self.resolve(to));
        set_text(&mut self.edge_notes, key, text)
    }

    pub fn filter(&self) -> &TxFilter {
        &self.filter
    }

    pub fn set_filter(&mut self, ledger: &Ledger, filter: TxFilter) -> bool {
        if self.filter == filter {
            return false;
        }
        self.filter = filter;
        self.refresh_filter(ledger);
        true
    }

    /// Whether the filter hides this revealed transaction.
    pub fn is_excluded(&self, tx: usize) -> bool {
        self.excluded.contains(&tx)
    }

    /// Recomputes what the filter hides. A node disappears only when it has edges
    /// and the filter rejects all of them, so the start and lone nodes stay put.
    fn refresh_filter(&mut self, ledger: &Ledger) {
        self.excluded.clear();
        self.filtered_out.clear();
        if self.filter.is_empty() {
            return;
        }
        self.excluded = crate::sort::set(
            self.revealed
                .iter()
                .copied()
                .filter(|&t| !self.filter.accepts(ledger, t)),
        );
        let mut kept: BTreeSet<&str> = BTreeSet::new();
        let mut touched: BTreeSet<&str> = BTreeSet::new();
        for (a, b, e) in self.all_edges() {
            touched.extend([a.key.as_str(), b.key.as_str()]);
            if e.txs.iter().any(|t| !self.excluded.contains(t)) {
                kept.extend([a.key.as_str(), b.key.as_str()]);
            }
        }
        let out: BTreeSet<String> = crate::sort::set(
            touched
                .difference(&kept)
                .filter(|k| self.node(k).is_some_and(|n| !n.is_start))
                .map(|k| k.to_string()),
        );
        self.filtered_out = out;
    }

    /// The shortest chain of shown edges linking two nodes, as keys from `from` to
    /// `to`: following the money (edge direction) if possible, else ignoring it.
    pub fn shortest_path(&self, from: &str, to: &str) -> Option<Vec<String>> {
        let (from, to) = (self.resolve(from), self.resolve(to));
        if !self.is_shown(&from) || !self.is_shown(&to) || !self.contains(&from) {
            return None;
        }
        self.bfs(&from, &to, true)
            .or_else(|| self.bfs(&from, &to, false))
    }

    fn bfs(&self, from: &str, to: &str, directed: bool) -> Option<Vec<String>> {
        let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (a, b, _) in self.edges() {
            next.entry(&a.key).or_default().push(&b.key);
            if !directed {
                next.entry(&b.key).or_default().push(&a.key);
            }
        }
        let mut parent: BTreeMap<&str, &str> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([from]);
        parent.insert(from, from);
        while let Some(k) = queue.pop_front() {
            if k == to {
                let mut path = vec![to.to_string()];
                let mut cur = to;
                while cur != from {
                    cur = parent[cur];
                    path.push(cur.to_string());
                }
                path.reverse();
                return Some(path);
            }
            for &n in next.get(k).into_iter().flatten() {
                if !parent.contains_key(n) {
                    parent.insert(n, k);
                    queue.push_back(n);
                }
            }
        }
        None
    }

    /// The shown edge passing within `tolerance` world units of the point, nearest
    /// first, as (from key, to key). Points inside a node's disc belong to the node.
    pub fn edge_hit_test(&self, x: f64, y: f64, tolerance: f64) -> Option<(String, String)> {
        self.edges()
            .map(|(a, b, _)| (a, b, segment_distance((x, y), (a.x, a.y), (b.x, b.y))))
            .filter(|&(_, _, d)| d <= tolerance)
            .min_by(|p, q| p.2.partial_cmp(&q.2).unwrap_or(std::cmp::Ordering::Equal))
            .map(|(a, b, _)| (a.key.clone(), b.key.clone()))
    }
}

fn set_text<K: Ord>(map: &mut BTreeMap<K, String>, key: K, text: &str) -> bool {
    let text = text.trim();
    if text.is_empty() {
        map.remove(&key).is_some()
    } else if map.get(&key).map(String::as_str) == Some(text) {
        false
    } else {
        map.insert(key, text.to_string());
        true
    }
}

/// Distance from point p to the segment a–b.
fn segment_distance(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    };
    (p.0 - a.0 - t * dx).hypot(p.1 - a.1 - t * dy)
}

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
//! work (hiding nodes, undo) removes nodes.

use std::collections::{BTreeMap, BTreeSet};

use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::EdgeRef;

use crate::address::address_key;
use crate::amount::Amount;
use crate::ledger::Ledger;

/// Horizontal distance between hop columns, in world units.
pub const COLUMN_WIDTH: f64 = 260.0;
/// Vertical distance between slots in a column.
pub const ROW_HEIGHT: f64 = 90.0;
/// Radius of a node's disc, used for drawing and hit-testing.
pub const NODE_RADIUS: f64 = 16.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

/// How unpinned nodes are placed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LayoutKind {
    /// One column per hop, money left to right (the default).
    #[default]
    Flow,
    /// Positions from the force-directed layout (`layout::force`).
    Force,
}

/// Everything revealed that moved from one address to another.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Edge {
    /// Transaction indices behind this edge, in ledger order.
    pub txs: BTreeSet<usize>,
    /// Total per asset id.
    pub totals: BTreeMap<String, Amount>,
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
    layout: LayoutKind,
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

    pub fn contains(&self, key: &str) -> bool {
        self.nodes.contains_key(&address_key(key))
    }

    pub fn node(&self, key: &str) -> Option<&Node> {
        self.nodes.get(&address_key(key)).map(|&i| &self.graph[i])
    }

    /// Nodes in a stable order (by address key).
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.nodes.values().map(|&i| &self.graph[i])
    }

    /// Nodes in the order a list should show them: left to right, top to bottom.
    pub fn nodes_in_reading_order(&self) -> Vec<&Node> {
        let mut list: Vec<&Node> = self.nodes().collect();
        list.sort_by(|a, b| {
            (a.column, a.y)
                .partial_cmp(&(b.column, b.y))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        list
    }

    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// Edges as (from node, to node, edge data), in a stable order.
    pub fn edges(&self) -> impl Iterator<Item = (&Node, &Node, &Edge)> {
        self.edges.values().map(|&e| {
            let (a, b) = self.graph.edge_endpoints(e).expect("indexed edges exist");
            (&self.graph[a], &self.graph[b], &self.graph[e])
        })
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

    pub fn is_revealed(&self, tx: usize) -> bool {
        self.revealed.contains(&tx)
    }

    /// Transactions of `key` in `direction` that are not on the graph yet.
    pub fn unrevealed(&self, ledger: &Ledger, key: &str, direction: Direction) -> Vec<usize> {
        let key = address_key(key);
        ledger
            .txs_of(&key)
            .iter()
            .copied()
            .filter(|&tx| !self.revealed.contains(&tx))
            .filter(|&tx| match direction {
                Direction::In => ledger.receivers(tx).contains(&key),
                Direction::Out => ledger.senders(tx).contains(&key),
            })
            .collect()
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
        true
    }

    /// Reveals a transaction: its parties join the graph, senders one column left
    /// of receivers.
    pub fn reveal_tx(&mut self, ledger: &Ledger, tx: usize) -> Vec<String> {
        self.reveal_tx_from(ledger, tx, None)
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
        let (send_col, recv_col, anchor_y) = match anchor.as_deref().and_then(|a| self.node(a)) {
            Some(n) if senders.contains(&n.key) => (n.column, n.column + 1, n.y),
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
                let (Some(&a), Some(&b)) = (self.nodes.get(&from), self.nodes.get(&flow.to)) else {
                    continue;
                };
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

    fn insert(&mut self, key: String, column: i32, y: f64, is_start: bool) {
        let flow = (f64::from(column) * COLUMN_WIDTH, y);
        // Under the force layout the flow slot may be far from the neighbour (or on
        // top of a node): place the newcomer in free space next to the neighbour.
        let (x, y) = match self.layout {
            LayoutKind::Flow => flow,
            LayoutKind::Force => self.free_spot_near(self.anchor_for(column, y)),
        };
        let node = Node {
            key: key.clone(),
            column,
            x,
            y,
            is_start,
            pinned: false,
            slot_y: flow.1,
        };
        let index = self.graph.add_node(node);
        self.nodes.insert(key, index);
    }

    /// The free slot in `column` nearest to `y`: y, y+row, y−row, y+2·row, …
    /// A slot is taken by a node of the column, or by any node (a dragged one)
    /// sitting where the slot would be drawn.
    fn free_slot(&self, column: i32, y: f64) -> f64 {
        let cx = f64::from(column) * COLUMN_WIDTH;
        let taken = |candidate: f64| {
            self.nodes().any(|n| {
                (n.column == column && (n.slot_y - candidate).abs() < ROW_HEIGHT * 0.5)
                    || ((n.x - cx).abs() < NODE_RADIUS * 3.0
                        && (n.y - candidate).abs() < ROW_HEIGHT * 0.5)
            })
        };
        let y = (y / ROW_HEIGHT).round() * ROW_HEIGHT;
        for step in 0i32.. {
            let offset = f64::from((step + 1) / 2) * ROW_HEIGHT;
            let candidate = if step % 2 == 1 {
                y + offset
            } else {
                y - offset
            };
            if !taken(candidate) {
                return candidate;
            }
        }
        unreachable!("a column has finitely many nodes")
    }

    /// Where a new node of flow slot (column, y) should go under the force layout:
    /// beside the existing node nearest to that slot's neighbouring column.
    fn anchor_for(&self, column: i32, y: f64) -> (f64, f64) {
        let near = self
            .nodes()
            .filter(|n| (n.column - column).abs() == 1)
            .min_by(|a, b| (a.slot_y - y).abs().total_cmp(&(b.slot_y - y).abs()));
        match near {
            Some(n) => {
                let side = if column > n.column { 1.0 } else { -1.0 };
                (n.x + side * COLUMN_WIDTH * 0.6, n.y)
            }
            None => (f64::from(column) * COLUMN_WIDTH, y),
        }
    }

    /// The point nearest to `p` on a spiral around it with no node within two
    /// diameters.
    fn free_spot_near(&self, p: (f64, f64)) -> (f64, f64) {
        let clear = NODE_RADIUS * 4.0;
        let free = |(x, y): (f64, f64)| self.nodes().all(|n| (n.x - x).hypot(n.y - y) >= clear);
        for i in 0..10_000u32 {
            let r = f64::from(i).sqrt() * clear * 0.8;
            let a = f64::from(i) * 2.399_963; // golden angle: even coverage
            let c = (p.0 + r * a.cos(), p.1 + r * a.sin());
            if free(c) {
                return c;
            }
        }
        p
    }

    pub fn layout(&self) -> LayoutKind {
        self.layout
    }

    /// Moves a node by hand and pins it there. Returns false for an unknown key.
    pub fn move_node(&mut self, key: &str, x: f64, y: f64) -> bool {
        let Some(&i) = self.nodes.get(&address_key(key)) else {
            return false;
        };
        if !(x.is_finite() && y.is_finite()) {
            return false;
        }
        let node = &mut self.graph[i];
        (node.x, node.y, node.pinned) = (x, y, true);
        true
    }

    /// Switches the layout. Back to flow, unpinned nodes return to their slots;
    /// to force, positions stay until [`Investigation::set_positions`] brings the
    /// layout's result.
    pub fn set_layout(&mut self, kind: LayoutKind) {
        self.layout = kind;
        if kind == LayoutKind::Flow {
            for i in self.nodes.values() {
                let n = &mut self.graph[*i];
                if !n.pinned {
                    (n.x, n.y) = (f64::from(n.column) * COLUMN_WIDTH, n.slot_y);
                }
            }
        }
    }

    /// Takes positions computed by a layout; pinned nodes and unknown keys are
    /// left alone.
    pub fn set_positions(&mut self, positions: &[(String, f64, f64)]) {
        for (key, x, y) in positions {
            if let Some(&i) = self.nodes.get(key) {
                let n = &mut self.graph[i];
                if !n.pinned && x.is_finite() && y.is_finite() {
                    (n.x, n.y) = (*x, *y);
                }
            }
        }
    }

    /// Edges as pairs of indices into [`Investigation::nodes`]' order.
    pub fn edge_indices(&self) -> Vec<(usize, usize)> {
        let order: BTreeMap<NodeIndex, usize> = self
            .nodes
            .values()
            .enumerate()
            .map(|(i, &n)| (n, i))
            .collect();
        self.edges
            .keys()
            .map(|(a, b)| (order[a], order[b]))
            .collect()
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
        let Some(&i) = self.nodes.get(&address_key(key)) else {
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
        out.sort();
        out.dedup();
        out
    }
}

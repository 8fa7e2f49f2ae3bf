//! The render model: everything the canvas needs to draw, computed once per graph
//! change instead of once per frame.
//!
//! Panning and zooming redraw the same graph many times a second, so the per-frame
//! work must not look up labels in the ledger, format amounts or scan all nodes to
//! hit-test. A `Scene` holds the nodes and edges as flat arrays with their colour
//! group, chain shape, label strings and edge widths resolved, plus a [`Grid`]
//! index for culling and hit-testing. It is built from an investigation (the app)
//! or from a synthetic graph (the benchmarks), so both draw through the same code.

use std::collections::{BTreeMap, BTreeSet};

use super::grid::Grid;
#[cfg(any(test, feature = "bench"))]
use super::synthetic::SyntheticGraph;
use crate::address::shorten;
use crate::investigation::export::merged_label;
use crate::investigation::{Investigation, Tag, NODE_RADIUS};
use crate::ledger::Ledger;
use crate::scenario::{Category, ChainModel};
use crate::training::debrief::{EdgeStatus, Overlay};

/// Colour groups of label categories, in legend order.
pub const GROUPS: [(&str, &str); 7] = [
    ("exchange", "Exchange / OTC"),
    ("mixer", "Mixer"),
    ("bridge", "Bridge / swap"),
    ("scam", "Scam / perpetrator"),
    ("victim", "Victim"),
    ("merchant", "Merchant / other service"),
    ("unlabelled", "No label"),
];

/// The index into [`GROUPS`] of a label category.
pub fn group_of(category: Option<Category>) -> u8 {
    use Category::*;
    match category {
        Some(Exchange | Otc) => 0,
        Some(Mixer) => 1,
        Some(Bridge | Dex | SwapService) => 2,
        Some(Scam | Ransomware | Drainer | Perpetrator | Mule | DarknetMarket) => 3,
        Some(Victim) => 4,
        Some(Merchant | Gambling | Miner | Individual) => 5,
        Some(Unknown) | None => 6,
    }
}

/// A ring the debrief draws around a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ring {
    TrailFound,
    TrailMissed,
    FalseLead,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SceneNode {
    pub key: String,
    pub x: f64,
    pub y: f64,
    pub group: u8,
    /// Account chain (drawn as a rounded square) or UTXO chain (a disc).
    pub account: bool,
    pub start: bool,
    pub pinned: bool,
    /// Shortened address, drawn under the node ("+2 merged" after it for a
    /// merged cluster).
    pub short: String,
    pub label: Option<String>,
    pub ring: Option<Ring>,
    /// The trainee's tag: a coloured ring.
    pub tag: Option<Tag>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SceneEdge {
    pub from: u32,
    pub to: u32,
    /// Line width in pixels, from the log of the value moved.
    pub width: f64,
    pub label: String,
    pub txs: Vec<usize>,
    pub status: Option<EdgeStatus>,
    /// Whether the reverse edge exists too (then both are drawn as arcs).
    pub curved: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Scene {
    pub nodes: Vec<SceneNode>,
    pub edges: Vec<SceneEdge>,
    index: BTreeMap<String, u32>,
    grid: Grid,
}

/// Grid cell size: a few node spacings, so a hit-test looks at one or four cells.
const CELL: f64 = 200.0;

/// Edge width from the largest whole-unit amount it carries.
pub fn edge_width(units: f64) -> f64 {
    (1.0 + (1.0 + units.max(0.0)).log10() * 0.6).min(5.0)
}

impl Scene {
    pub fn from_investigation(
        graph: &Investigation,
        ledger: &Ledger,
        overlay: Option<&Overlay>,
    ) -> Scene {
        let nodes = graph
            .nodes()
            .map(|n| {
                let entry = ledger.address(&n.key);
                let label = entry.and_then(|a| a.label.as_ref());
                let account = entry
                    .and_then(|a| ledger.chain_model(&a.chain))
                    .is_some_and(|m| m == ChainModel::Account);
                let ring = overlay.and_then(|o| ring_of(o, &graph.addresses_of(&n.key)));
                SceneNode {
                    key: n.key.clone(),
                    x: n.x,
                    y: n.y,
                    group: group_of(label.map(|l| l.category)),
                    account,
                    start: n.is_start,
                    pinned: n.pinned,
                    short: match merged_label(graph, &n.key) {
                        Some(more) => format!("{} {more}", shorten(ledger.display_address(&n.key))),
                        None => shorten(ledger.display_address(&n.key)),
                    },
                    label: label.map(|l| truncate(&l.text, 24)),
                    ring,
                    tag: graph.tag(&n.key),
                }
            })
            .collect();
        let edges = graph
            .edge_indices()
            .into_iter()
            .zip(graph.edges())
            .map(|((from, to), (_, _, edge))| {
                let units = edge
                    .totals
                    .iter()
                    .map(|(asset, v)| v.0 as f64 / 10f64.powi(i32::from(ledger.decimals(asset))))
                    .fold(0.0, f64::max);
                let mut label = edge.total_labels(ledger);
                if edge.txs.len() > 1 {
                    label.push(format!("{} tx", edge.txs.len()));
                }
                SceneEdge {
                    from: from as u32,
                    to: to as u32,
                    width: edge_width(units),
                    label: label.join(" · "),
                    txs: edge.txs.iter().copied().collect(),
                    status: overlay.map(|o| o.edge_status(&edge.txs)),
                    curved: false,
                }
            })
            .collect();
        Scene::assemble(nodes, edges)
    }

    #[cfg(any(test, feature = "bench"))]
    pub fn from_synthetic(g: &SyntheticGraph) -> Scene {
        let nodes = g
            .positions
            .iter()
            .enumerate()
            .map(|(i, &(x, y))| SceneNode {
                key: format!("n{i}"),
                x,
                y,
                group: g.group[i],
                account: g.account[i],
                start: i == 0,
                pinned: false,
                short: format!("bc1q{:04x}…{:04x}", i * 7919 % 65536, i),
                label: (g.group[i] != 6).then(|| GROUPS[usize::from(g.group[i])].1.to_string()),
                ring: None,
                tag: None,
            })
            .collect();
        let edges = g
            .edges
            .iter()
            .zip(&g.value)
            .map(|(&(a, b), &v)| SceneEdge {
                from: a as u32,
                to: b as u32,
                width: edge_width(v),
                label: format!("{v:.4} BTC"),
                txs: Vec::new(),
                status: None,
                curved: false,
            })
            .collect();
        Scene::assemble(nodes, edges)
    }

    fn assemble(nodes: Vec<SceneNode>, mut edges: Vec<SceneEdge>) -> Scene {
        // Sets and maps filled by `insert`, not `collect`: collecting into a B-tree
        // sorts first, and each sort instance adds kilobytes to the wasm bundle.
        let mut pairs = BTreeSet::new();
        for e in &edges {
            pairs.insert((e.from, e.to));
        }
        for e in &mut edges {
            e.curved = pairs.contains(&(e.to, e.from));
        }
        let mut index = BTreeMap::new();
        for (i, n) in nodes.iter().enumerate() {
            index.insert(n.key.clone(), i as u32);
        }
        let mut scene = Scene {
            nodes,
            edges,
            index,
            grid: Grid::default(),
        };
        scene.reindex();
        scene
    }

    /// Rebuilds the spatial index after positions changed.
    pub fn reindex(&mut self) {
        let points: Vec<(f64, f64)> = self.nodes.iter().map(|n| (n.x, n.y)).collect();
        self.grid = Grid::build(&points, CELL);
    }

    pub fn index_of(&self, key: &str) -> Option<usize> {
        self.index.get(key).map(|&i| i as usize)
    }

    /// The node under the world point: within the node's radius (at least
    /// `min_radius` world units, so tiny zoomed-out nodes stay clickable).
    pub fn hit(&self, x: f64, y: f64, min_radius: f64) -> Option<usize> {
        self.grid.nearest(x, y, NODE_RADIUS.max(min_radius) * 1.2)
    }

    /// Nodes whose centre is in the world box, in index order.
    pub fn within(&self, bounds: (f64, f64, f64, f64)) -> Vec<usize> {
        self.grid.within(bounds)
    }

    /// Calls `f` with the nodes in or near the world box (a superset; cheap).
    pub fn visit(&self, bounds: (f64, f64, f64, f64), f: impl FnMut(usize)) {
        self.grid.query(bounds, f)
    }

    /// Bounding box of the given nodes (all when `None`).
    pub fn bounds_of(&self, which: Option<&[usize]>) -> Option<(f64, f64, f64, f64)> {
        let all: Vec<usize>;
        let which = match which {
            Some(w) => w,
            None => {
                all = (0..self.nodes.len()).collect();
                &all
            }
        };
        which
            .iter()
            .filter_map(|&i| self.nodes.get(i))
            .fold(None, |acc, n| {
                Some(match acc {
                    None => (n.x, n.y, n.x, n.y),
                    Some((a, b, c, d)) => (a.min(n.x), b.min(n.y), c.max(n.x), d.max(n.y)),
                })
            })
    }
}

/// The debrief ring of a node standing for `addresses` (one, or a merged
/// cluster's several): a cluster is on the trail when any member is.
fn ring_of(o: &Overlay, addresses: &[String]) -> Option<Ring> {
    let any = |set: &BTreeSet<String>| addresses.iter().any(|a| set.contains(a));
    if any(&o.missed_nodes) {
        Some(Ring::TrailMissed)
    } else if any(&o.trail_nodes) {
        Some(Ring::TrailFound)
    } else if any(&o.false_leads) {
        Some(Ring::FalseLead)
    } else {
        None
    }
}

/// Shortens long labels on the canvas; the inspector shows them in full.
fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut t: String = text.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::synthetic;

    /// The tutorial with every node expanded out, `rounds` times over.
    fn expanded_tutorial(rounds: usize) -> (Ledger, Investigation) {
        let case = crate::scenario::parse(
            &std::fs::read_to_string("scenarios/tutorial-peel-chain.json").unwrap(),
        )
        .unwrap();
        let ledger = Ledger::new(case);
        let mut inv = Investigation::open(&ledger);
        for _ in 0..rounds {
            for key in inv.nodes().map(|n| n.key.clone()).collect::<Vec<_>>() {
                inv.expand(&ledger, &key, crate::investigation::Direction::Out);
            }
        }
        (ledger, inv)
    }

    #[test]
    fn hit_test_equals_the_investigation_linear_scan() {
        let (ledger, inv) = expanded_tutorial(1);
        let scene = Scene::from_investigation(&inv, &ledger, None);
        let (x0, y0, x1, y1) = inv.bounds().unwrap();
        let mut probes = 0;
        let mut y = y0 - 30.0;
        while y < y1 + 30.0 {
            let mut x = x0 - 30.0;
            while x < x1 + 30.0 {
                let linear = inv.hit_test(x, y).map(|n| n.key.clone());
                let grid = scene.hit(x, y, 0.0).map(|i| scene.nodes[i].key.clone());
                assert_eq!(grid, linear, "at ({x}, {y})");
                x += 3.7;
                probes += 1;
            }
            y += 3.1;
        }
        assert!(probes > 1000);
    }

    /// A trail address merged into an off-trail node still rings that node as
    /// found: the cluster holds money of the trail.
    #[test]
    fn a_merged_cluster_is_on_the_trail_when_a_member_is() {
        let (ledger, mut inv) = expanded_tutorial(3);
        let (_, o) = crate::training::debrief::overlay(&ledger, &inv);
        let keys: Vec<String> = inv.nodes().map(|n| n.key.clone()).collect();
        let on = keys.iter().find(|k| o.trail_nodes.contains(*k)).unwrap();
        let off = keys.iter().find(|k| !o.trail_nodes.contains(*k)).unwrap();
        assert!(inv.merge(&ledger, off, std::slice::from_ref(on)));
        let (_, o) = crate::training::debrief::overlay(&ledger, &inv);
        let scene = Scene::from_investigation(&inv, &ledger, Some(&o));
        let node = &scene.nodes[scene.index_of(off).unwrap()];
        assert_eq!(node.ring, Some(Ring::TrailFound));
    }

    #[test]
    fn reverse_pairs_are_curved() {
        let g = synthetic::graph(500, 4, 3);
        let scene = Scene::from_synthetic(&g);
        let pairs: BTreeSet<(u32, u32)> = scene.edges.iter().map(|e| (e.from, e.to)).collect();
        assert!(scene.edges.iter().any(|e| e.curved));
        for e in &scene.edges {
            assert_eq!(e.curved, pairs.contains(&(e.to, e.from)));
        }
        assert_eq!(scene.index_of("n42"), Some(42));
    }
}

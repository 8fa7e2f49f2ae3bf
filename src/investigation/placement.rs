//! Where nodes go: the flow layout's slots, new nodes under the force layout,
//! hand-placed (pinned) nodes, and applying a layout's positions.
//!
//! Every node remembers its flow slot (`column`, `slot_y`) even while another
//! layout or a drag has moved it, so switching back to the flow layout puts it
//! where it was. A node the trainee dragged is pinned: no layout moves it again.
//! Changes arrive as commands ([`super::history::Command::MoveNode`] and
//! [`super::history::Command::Arrange`]), so undo, redo and a reload replay them,
//! pins and layout choice included.

use serde::{Deserialize, Serialize};

use super::{Investigation, Node, COLUMN_WIDTH, NODE_RADIUS, ROW_HEIGHT};

/// How far from the origin a node may be placed, in drawing units (a million
/// rows): far enough for any real graph, near enough that a row's height still
/// counts. A move or a layout beyond it (from damaged saved work) stops there.
pub const MAX_COORDINATE: f64 = 1.0e8;

/// `v` within ±[`MAX_COORDINATE`]; `None` when it is not a number at all.
fn bounded(v: f64) -> Option<f64> {
    v.is_finite()
        .then(|| v.clamp(-MAX_COORDINATE, MAX_COORDINATE))
}

/// How unpinned nodes are placed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LayoutKind {
    /// One column per hop, money left to right (the default).
    #[default]
    Flow,
    /// Positions from the force-directed layout (`layout::force`).
    Force,
}

impl Investigation {
    pub(super) fn insert(&mut self, key: String, column: i32, y: f64, is_start: bool) {
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
    pub(super) fn free_slot(&self, column: i32, y: f64) -> f64 {
        let cx = f64::from(column) * COLUMN_WIDTH;
        let taken = |candidate: f64| {
            self.all_nodes().any(|n| {
                (n.column == column && (n.slot_y - candidate).abs() < ROW_HEIGHT * 0.5)
                    || ((n.x - cx).abs() < NODE_RADIUS * 3.0
                        && (n.y - candidate).abs() < ROW_HEIGHT * 0.5)
            })
        };
        // Far from the origin a row's height is lost in the float's precision and
        // every candidate would be the same (saved work can put a node anywhere).
        let y = (bounded(y).unwrap_or(0.0) / ROW_HEIGHT).round() * ROW_HEIGHT;
        // Each node takes at most one candidate, so one more than there are nodes
        // is enough steps; the bound makes that true whatever the floats do.
        let steps = 2 * self.all_nodes().count() + 2;
        let candidate = |step: usize| {
            let offset = step.div_ceil(2) as f64 * ROW_HEIGHT;
            if step % 2 == 1 {
                y + offset
            } else {
                y - offset
            }
        };
        (0..steps)
            .map(candidate)
            .find(|&c| !taken(c))
            .unwrap_or_else(|| candidate(steps))
    }

    /// Where a new node of flow slot (column, y) should go under the force layout:
    /// beside the existing node nearest to that slot's neighbouring column.
    fn anchor_for(&self, column: i32, y: f64) -> (f64, f64) {
        let near = self
            .all_nodes()
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
        let free = |(x, y): (f64, f64)| self.all_nodes().all(|n| (n.x - x).hypot(n.y - y) >= clear);
        // Each step turns by the golden angle (even coverage), as a rotation of
        // the direction vector: no sin/cos, whose code would weigh on the bundle.
        let (cos, sin) = (-0.737_368_878_078_319_6, 0.675_490_294_261_524_4);
        let mut dir: (f64, f64) = (1.0, 0.0);
        for i in 0..10_000u32 {
            let r = f64::from(i).sqrt() * clear * 0.8;
            let c = (p.0 + r * dir.0, p.1 + r * dir.1);
            if free(c) {
                return c;
            }
            dir = (dir.0 * cos - dir.1 * sin, dir.0 * sin + dir.1 * cos);
        }
        p
    }

    pub fn layout(&self) -> LayoutKind {
        self.layout
    }

    /// Moves a node by hand and pins it there. False for an unknown key, a
    /// position that is not finite, or a node already pinned at that spot.
    pub fn move_node(&mut self, key: &str, x: f64, y: f64) -> bool {
        let Some(i) = self.index_of(key) else {
            return false;
        };
        let node = &mut self.graph[i];
        let (Some(x), Some(y)) = (bounded(x), bounded(y)) else {
            return false;
        };
        if (node.x, node.y, node.pinned) == (x, y, true) {
            return false;
        }
        (node.x, node.y, node.pinned) = (x, y, true);
        true
    }

    /// Applies a layout: switches to `layout` (if given) and moves unpinned nodes
    /// to the positions given. Pinned nodes, unknown keys and positions that are
    /// not finite are left alone. False when nothing changed.
    pub fn arrange(
        &mut self,
        layout: Option<LayoutKind>,
        positions: &[(String, f64, f64)],
    ) -> bool {
        let mut changed = false;
        if let Some(kind) = layout {
            changed |= self.layout != kind;
            self.layout = kind;
        }
        for (key, x, y) in positions {
            if let Some(i) = self.index_of(key) {
                let n = &mut self.graph[i];
                if let (false, Some(x), Some(y)) = (n.pinned, bounded(*x), bounded(*y)) {
                    if (n.x, n.y) != (x, y) {
                        (n.x, n.y) = (x, y);
                        changed = true;
                    }
                }
            }
        }
        changed
    }

    /// Every unpinned node's flow slot: the positions switching back to the flow
    /// layout moves them to.
    pub fn flow_positions(&self) -> Vec<(String, f64, f64)> {
        self.all_nodes()
            .filter(|n| !n.pinned)
            .map(|n| (n.key.clone(), f64::from(n.column) * COLUMN_WIDTH, n.slot_y))
            .collect()
    }

    /// Shown edges as pairs of indices into [`Investigation::nodes`]' order, in
    /// the order of [`Investigation::edges`].
    pub fn edge_indices(&self) -> Vec<(usize, usize)> {
        // `nodes()` runs in key order, so a binary search finds a key's index.
        let keys: Vec<&str> = self.nodes().map(|n| n.key.as_str()).collect();
        let at = |k: &str| keys.binary_search(&k).unwrap_or_default();
        self.edges()
            .map(|(a, b, _)| (at(&a.key), at(&b.key)))
            .collect()
    }
}

//! Deterministic synthetic graphs for the benchmarks (`benches/layout.rs` and the
//! browser benchmark behind `cargo xtask bench-ui`).
//!
//! Shaped like a big flow layout: columns of nodes, each node paying about
//! `per_node` nodes in the next few columns at nearby rows, so edges are mostly
//! short and local as on a real trail, with some long ones and some pairs paid in
//! both directions. Seeded with SplitMix64 so every run, natively and in wasm, and
//! the cytoscape.js side of the browser benchmark get exactly the same graph.

use crate::investigation::{COLUMN_WIDTH, ROW_HEIGHT};

pub struct SyntheticGraph {
    pub positions: Vec<(f64, f64)>,
    /// (from, to), no self loops, no duplicates.
    pub edges: Vec<(usize, usize)>,
    /// Colour group 0..7 per node (see `scene::Group`).
    pub group: Vec<u8>,
    /// Whether the node is on an account chain (else UTXO).
    pub account: Vec<bool>,
    /// Whole units moved per edge.
    pub value: Vec<f64>,
}

struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// `nodes` nodes with about `nodes × per_node` edges.
pub fn graph(nodes: usize, per_node: usize, seed: u64) -> SyntheticGraph {
    let mut rng = SplitMix(seed);
    // Columns about as tall as the 16:9 screen is wide, in slots.
    let rows = ((nodes as f64 * COLUMN_WIDTH / ROW_HEIGHT * 9.0 / 16.0)
        .sqrt()
        .ceil() as usize)
        .max(1);
    let positions: Vec<(f64, f64)> = (0..nodes)
        .map(|i| {
            let (col, row) = (i / rows, i % rows);
            (col as f64 * COLUMN_WIDTH, row as f64 * ROW_HEIGHT)
        })
        .collect();
    let mut edges = std::collections::BTreeSet::new();
    for i in 0..nodes {
        let (col, row) = ((i / rows) as i64, (i % rows) as i64);
        let mut tries = 0;
        let mut made = 0;
        while made < per_node && tries < per_node * 4 {
            tries += 1;
            let j = if rng.below(10) == 0 {
                rng.below(nodes as u64) as i64 // a long edge
            } else {
                let dc = 1 + rng.below(2) as i64;
                let dr = rng.below(7) as i64 - 3;
                (col + dc) * rows as i64 + (row + dr).clamp(0, rows as i64 - 1)
            };
            if j < 0 || j as usize >= nodes || j as usize == i {
                continue;
            }
            if edges.insert((i, j as usize)) {
                made += 1;
                // Now and then money comes back: a pair in both directions.
                if rng.below(25) == 0 {
                    edges.insert((j as usize, i));
                }
            }
        }
    }
    let edges: Vec<(usize, usize)> = edges.into_iter().collect();
    let group = (0..nodes).map(|_| rng.below(7) as u8).collect();
    let account = (0..nodes).map(|_| rng.below(3) == 0).collect();
    let value = edges
        .iter()
        .map(|_| 10f64.powf(rng.below(600) as f64 / 100.0 - 2.0))
        .collect();
    SyntheticGraph {
        positions,
        edges,
        group,
        account,
        value,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn deterministic_with_about_the_asked_size() {
        let a = super::graph(2000, 4, 42);
        let b = super::graph(2000, 4, 42);
        assert_eq!(a.edges, b.edges);
        assert_eq!(a.positions, b.positions);
        assert!(
            a.edges.len() >= 7600 && a.edges.len() <= 8400,
            "{}",
            a.edges.len()
        );
        assert!(a.edges.iter().all(|&(x, y)| x != y && x < 2000 && y < 2000));
    }
}

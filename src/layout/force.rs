//! Force-directed layout: Fruchterman–Reingold forces with Barnes–Hut repulsion.
//!
//! Springs along edges pull neighbours to about [`IDEAL`] apart; every pair of
//! nodes repels, approximated by a quadtree (a far-away group of nodes acts as one
//! mass at its centre), so one step is O(n log n) instead of O(n²): 5,000 nodes fit
//! in a frame budget. The layout is incremental (`step` moves every free node a
//! little and cools down), so the canvas can animate it a few steps per frame, and
//! deterministic: no randomness, coincident nodes are separated along a direction
//! derived from their indices. Fixed (pinned) nodes act on others but never move.

/// Ideal edge length in world units.
pub const IDEAL: f64 = 140.0;
/// Barnes–Hut opening angle: a quad is one mass when size / distance < THETA.
const THETA: f64 = 0.9;
/// Quadtree depth limit: bodies at the same spot share a leaf instead of recursing.
const MAX_DEPTH: u32 = 20;
/// Pull towards the centroid so that disconnected parts do not drift apart.
const GRAVITY: f64 = 0.02;

#[derive(Clone, Debug)]
pub struct ForceLayout {
    pub positions: Vec<(f64, f64)>,
    edges: Vec<(u32, u32)>,
    fixed: Vec<bool>,
    /// Largest move allowed in one step; shrinks every step (simulated annealing).
    temperature: f64,
    steps: u32,
    // Scratch buffers reused between steps.
    order: Vec<u32>,
    quads: Vec<Quad>,
    disp: Vec<(f64, f64)>,
}

#[derive(Clone, Copy, Debug)]
struct Quad {
    /// Centre of mass and mass (number of bodies).
    mx: f64,
    my: f64,
    mass: f64,
    /// Side length of the square.
    size: f64,
    /// Children (index into `quads`), or u32::MAX.
    child: [u32; 4],
    /// For a leaf: its bodies are `order[first..first + count]`.
    first: u32,
    count: u32,
}

impl ForceLayout {
    /// `fixed[i]` nodes never move. Edges referring to missing nodes are ignored.
    pub fn new(positions: Vec<(f64, f64)>, edges: &[(usize, usize)], fixed: Vec<bool>) -> Self {
        let n = positions.len();
        let edges = edges
            .iter()
            .filter(|(a, b)| a != b && *a < n && *b < n)
            .map(|&(a, b)| (a as u32, b as u32))
            .collect();
        let mut fixed = fixed;
        fixed.resize(n, false);
        // Start hot enough to untangle, scaled with the graph's size.
        let temperature = IDEAL * (1.0 + (n as f64).sqrt() / 10.0).min(6.0);
        let positions = positions
            .into_iter()
            .map(|(x, y)| {
                if x.is_finite() && y.is_finite() {
                    (x, y)
                } else {
                    (0.0, 0.0)
                }
            })
            .collect();
        ForceLayout {
            positions,
            edges,
            fixed,
            temperature,
            steps: 0,
            order: Vec::new(),
            quads: Vec::new(),
            disp: Vec::new(),
        }
    }

    pub fn steps(&self) -> u32 {
        self.steps
    }

    /// Whether further steps would hardly move anything.
    pub fn settled(&self) -> bool {
        self.temperature < 1.0 || self.fixed.iter().all(|&f| f)
    }

    /// One iteration; returns the largest distance a node moved.
    pub fn step(&mut self) -> f64 {
        let n = self.positions.len();
        if n == 0 {
            return 0.0;
        }
        self.build_tree();
        self.disp.clear();
        self.disp.resize(n, (0.0, 0.0));
        let k2 = IDEAL * IDEAL;
        let (cx, cy) = {
            let q = &self.quads[0];
            (q.mx, q.my)
        };
        for i in 0..n {
            if self.fixed[i] {
                continue;
            }
            let (fx, fy) = self.repulsion(i, k2);
            let (x, y) = self.positions[i];
            self.disp[i] = (fx + (cx - x) * GRAVITY, fy + (cy - y) * GRAVITY);
        }
        for &(a, b) in &self.edges {
            let (a, b) = (a as usize, b as usize);
            let (dx, dy) = (
                self.positions[a].0 - self.positions[b].0,
                self.positions[a].1 - self.positions[b].1,
            );
            let d = dx.hypot(dy).max(0.01);
            // Attraction d²/k along the edge.
            let f = d / IDEAL;
            let (fx, fy) = (dx * f, dy * f);
            self.disp[a].0 -= fx;
            self.disp[a].1 -= fy;
            self.disp[b].0 += fx;
            self.disp[b].1 += fy;
        }
        let mut moved: f64 = 0.0;
        for i in 0..n {
            if self.fixed[i] {
                continue;
            }
            let (dx, dy) = self.disp[i];
            let len = dx.hypot(dy);
            if len > 0.0 && len.is_finite() {
                let s = len.min(self.temperature) / len;
                self.positions[i].0 += dx * s;
                self.positions[i].1 += dy * s;
                moved = moved.max(len.min(self.temperature));
            }
        }
        self.temperature *= 0.95;
        self.steps += 1;
        moved
    }

    /// Barnes–Hut sum of k²/d repulsions on body `i`.
    fn repulsion(&self, i: usize, k2: f64) -> (f64, f64) {
        let (x, y) = self.positions[i];
        let (mut fx, mut fy) = (0.0, 0.0);
        let mut stack = vec![0u32];
        while let Some(q) = stack.pop() {
            let quad = &self.quads[q as usize];
            let (dx, dy) = (x - quad.mx, y - quad.my);
            let d2 = dx * dx + dy * dy;
            if quad.count > 0 {
                // Leaf: exact, body by body.
                for &j in &self.order[quad.first as usize..(quad.first + quad.count) as usize] {
                    let j = j as usize;
                    if j == i {
                        continue;
                    }
                    let (ddx, ddy) = (x - self.positions[j].0, y - self.positions[j].1);
                    let (ddx, ddy, dd2) = separate(ddx, ddy, i, j);
                    fx += ddx * k2 / dd2;
                    fy += ddy * k2 / dd2;
                }
            } else if quad.size * quad.size < THETA * THETA * d2 {
                fx += dx * k2 * quad.mass / d2;
                fy += dy * k2 * quad.mass / d2;
            } else {
                stack.extend(quad.child.iter().copied().filter(|&c| c != u32::MAX));
            }
        }
        (fx, fy)
    }

    fn build_tree(&mut self) {
        let n = self.positions.len();
        self.order.clear();
        self.order.extend(0..n as u32);
        self.quads.clear();
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &(x, y) in &self.positions {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
        let size = (x1 - x0).max(y1 - y0).max(1.0);
        self.build(0, n, x0, y0, size, 0);
    }

    /// Builds the quad for `order[lo..hi]` in the square at (x, y) of side `size`;
    /// returns its index.
    fn build(&mut self, lo: usize, hi: usize, x: f64, y: f64, size: f64, depth: u32) -> u32 {
        let index = self.quads.len() as u32;
        let (mut mx, mut my) = (0.0, 0.0);
        for &b in &self.order[lo..hi] {
            mx += self.positions[b as usize].0;
            my += self.positions[b as usize].1;
        }
        let mass = (hi - lo) as f64;
        self.quads.push(Quad {
            mx: mx / mass,
            my: my / mass,
            mass,
            size,
            child: [u32::MAX; 4],
            first: lo as u32,
            count: (hi - lo) as u32,
        });
        if hi - lo <= 1 || depth >= MAX_DEPTH {
            return index;
        }
        // Partition in place into the four quadrants: by x, then each half by y.
        let half = size / 2.0;
        let (midx, midy) = (x + half, y + half);
        let positions = &self.positions;
        let split_x = partition(&mut self.order[lo..hi], |b| positions[b as usize].0 < midx) + lo;
        let split_l = partition(&mut self.order[lo..split_x], |b| {
            positions[b as usize].1 < midy
        }) + lo;
        let split_r = partition(&mut self.order[split_x..hi], |b| {
            positions[b as usize].1 < midy
        }) + split_x;
        let parts = [
            (lo, split_l, x, y),
            (split_l, split_x, x, midy),
            (split_x, split_r, midx, y),
            (split_r, hi, midx, midy),
        ];
        let mut child = [u32::MAX; 4];
        for (slot, (a, b, qx, qy)) in parts.into_iter().enumerate() {
            if b > a {
                child[slot] = self.build(a, b, qx, qy, half, depth + 1);
            }
        }
        let quad = &mut self.quads[index as usize];
        quad.child = child;
        quad.count = 0;
        index
    }
}

/// Moves the elements satisfying `pred` to the front; returns how many there are.
fn partition(items: &mut [u32], pred: impl Fn(u32) -> bool) -> usize {
    let mut split = 0;
    for i in 0..items.len() {
        if pred(items[i]) {
            items.swap(i, split);
            split += 1;
        }
    }
    split
}

/// The offset between two bodies with its squared length, never zero: bodies at
/// the same spot are pushed apart along a direction fixed by their indices.
fn separate(dx: f64, dy: f64, i: usize, j: usize) -> (f64, f64, f64) {
    let d2 = dx * dx + dy * dy;
    if d2 > 1e-6 {
        return (dx, dy, d2);
    }
    // A direction from the pair's indices, by arithmetic only (no sin/cos: their
    // code is several kilobytes of the wasm bundle).
    let h = i.min(j) * 7919 + i.max(j) * 104_729;
    let (x, y) = ((h % 199) as f64 - 99.0, ((h / 199) % 199) as f64 - 99.5);
    let len = x.hypot(y);
    let sign = if i < j { 1.0 } else { -1.0 };
    (x / len * sign, y / len * sign, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::synthetic;
    use proptest::prelude::*;

    fn run(layout: &mut ForceLayout, steps: usize) {
        for _ in 0..steps {
            layout.step();
        }
    }

    #[test]
    fn deterministic_and_pinned_nodes_stay() {
        let g = synthetic::graph(300, 4, 7);
        let fixed: Vec<bool> = (0..300).map(|i| i % 10 == 0).collect();
        let mut a = ForceLayout::new(g.positions.clone(), &g.edges, fixed.clone());
        let mut b = ForceLayout::new(g.positions.clone(), &g.edges, fixed.clone());
        run(&mut a, 30);
        run(&mut b, 30);
        assert_eq!(a.positions, b.positions);
        for (i, f) in fixed.iter().enumerate() {
            if *f {
                assert_eq!(a.positions[i], g.positions[i]);
            }
        }
        assert!(a
            .positions
            .iter()
            .all(|p| p.0.is_finite() && p.1.is_finite()));
        assert_ne!(a.positions, g.positions, "free nodes moved");
    }

    #[test]
    fn coincident_nodes_are_separated() {
        let mut l = ForceLayout::new(vec![(5.0, 5.0); 4], &[(0, 1)], vec![false; 4]);
        run(&mut l, 20);
        for i in 0..4 {
            for j in i + 1..4 {
                let (a, b) = (l.positions[i], l.positions[j]);
                assert!(
                    (a.0 - b.0).hypot(a.1 - b.1) > 10.0,
                    "{i} and {j} still overlap"
                );
            }
        }
    }

    #[test]
    fn cools_down() {
        let g = synthetic::graph(50, 3, 1);
        let mut l = ForceLayout::new(g.positions, &g.edges, vec![false; 50]);
        let mut steps = 0;
        while !l.settled() {
            l.step();
            steps += 1;
        }
        assert!(steps < 200 && l.steps() == steps);
    }

    proptest! {
        #[test]
        fn never_nan(
            points in prop::collection::vec((-1e4..1e4f64, -1e4..1e4f64), 1..60),
            edges in prop::collection::vec((0usize..80, 0usize..80), 0..120),
            fixed_every in 1usize..6,
        ) {
            let n = points.len();
            let fixed = (0..n).map(|i| i % fixed_every == 0 && fixed_every > 1).collect::<Vec<_>>();
            let mut l = ForceLayout::new(points.clone(), &edges, fixed.clone());
            run(&mut l, 15);
            for (i, p) in l.positions.iter().enumerate() {
                prop_assert!(p.0.is_finite() && p.1.is_finite());
                if fixed[i] { prop_assert_eq!(*p, points[i]); }
            }
        }
    }
}

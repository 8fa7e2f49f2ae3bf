//! A uniform-grid spatial index over points: hit-testing and viewport culling.
//!
//! Why a grid and not a quadtree: node positions are spread fairly evenly (flow
//! columns, force layouts), the index is rebuilt in O(n) whenever positions change
//! (after a drag or a layout step), and queries are a handful of array lookups. The
//! cells are stored compactly (counting sort into one `items` array with per-cell
//! offsets), so a rebuild allocates twice and a query touches contiguous memory.
//! Iteration order is deterministic: cells row by row, points by index within a cell.

#[derive(Clone, Debug, Default)]
pub struct Grid {
    cell: f64,
    x0: f64,
    y0: f64,
    cols: usize,
    rows: usize,
    /// `starts[c]..starts[c + 1]` indexes `items` for cell `c`.
    starts: Vec<u32>,
    items: Vec<u32>,
    points: Vec<(f64, f64)>,
}

/// The most cells a grid gets, so a few far-flung points cannot blow up memory.
const MAX_CELLS: usize = 1 << 16;

impl Grid {
    /// Indexes `points` with cells of about `cell` world units (grown if the points
    /// are spread so far that the cell count would exceed a fixed cap).
    pub fn build(points: &[(f64, f64)], cell: f64) -> Grid {
        let finite = |p: &&(f64, f64)| p.0.is_finite() && p.1.is_finite();
        let Some(first) = points.iter().find(finite) else {
            return Grid {
                cell: cell.max(1.0),
                points: points.to_vec(),
                ..Grid::default()
            };
        };
        let (mut x0, mut y0, mut x1, mut y1) = (first.0, first.1, first.0, first.1);
        for p in points.iter().filter(finite) {
            x0 = x0.min(p.0);
            y0 = y0.min(p.1);
            x1 = x1.max(p.0);
            y1 = y1.max(p.1);
        }
        let mut cell = cell.max(1.0);
        // Spans as floats first: a huge spread must not overflow the cell count.
        let span = |lo: f64, hi: f64, c: f64| ((hi - lo) / c).floor() + 1.0;
        while span(x0, x1, cell) * span(y0, y1, cell) > MAX_CELLS as f64 {
            cell *= 2.0;
        }
        let (cols, rows) = (span(x0, x1, cell) as usize, span(y0, y1, cell) as usize);
        let mut grid = Grid {
            cell,
            x0,
            y0,
            cols,
            rows,
            starts: vec![0; cols * rows + 1],
            items: Vec::with_capacity(points.len()),
            points: points.to_vec(),
        };
        // Counting sort: count per cell, prefix sums, then place.
        let cells: Vec<Option<usize>> = points.iter().map(|&p| grid.cell_of(p)).collect();
        for c in cells.iter().flatten() {
            grid.starts[c + 1] += 1;
        }
        for c in 0..cols * rows {
            grid.starts[c + 1] += grid.starts[c];
        }
        let mut next = grid.starts.clone();
        grid.items = vec![0; grid.starts[cols * rows] as usize];
        for (i, c) in cells.iter().enumerate() {
            if let Some(c) = *c {
                grid.items[next[c] as usize] = i as u32;
                next[c] += 1;
            }
        }
        grid
    }

    fn cell_of(&self, (x, y): (f64, f64)) -> Option<usize> {
        if !(x.is_finite() && y.is_finite()) || self.cols == 0 {
            return None;
        }
        let cx = ((x - self.x0) / self.cell).floor() as usize;
        let cy = ((y - self.y0) / self.cell).floor() as usize;
        Some(cy.min(self.rows - 1) * self.cols + cx.min(self.cols - 1))
    }

    /// Calls `f` with every point index inside the world box (inclusive), or near
    /// it: callers that need exactness check the point themselves.
    pub fn query(&self, (x0, y0, x1, y1): (f64, f64, f64, f64), mut f: impl FnMut(usize)) {
        if self.cols == 0 || x1 < x0 || y1 < y0 {
            return;
        }
        let clamp = |v: f64, origin: f64, n: usize| {
            (((v - origin) / self.cell).floor().max(0.0) as usize).min(n - 1)
        };
        if x1 < self.x0 || y1 < self.y0 {
            return;
        }
        let (cx0, cx1) = (clamp(x0, self.x0, self.cols), clamp(x1, self.x0, self.cols));
        let (cy0, cy1) = (clamp(y0, self.y0, self.rows), clamp(y1, self.y0, self.rows));
        for cy in cy0..=cy1 {
            let row = cy * self.cols;
            let (a, b) = (self.starts[row + cx0], self.starts[row + cx1 + 1]);
            for &i in &self.items[a as usize..b as usize] {
                f(i as usize);
            }
        }
    }

    /// The point nearest to (x, y) within `radius`; ties go to the lower index, as
    /// in a linear scan.
    pub fn nearest(&self, x: f64, y: f64, radius: f64) -> Option<usize> {
        let mut best: Option<(f64, usize)> = None;
        let r2 = radius * radius;
        self.query((x - radius, y - radius, x + radius, y + radius), |i| {
            let (px, py) = self.points[i];
            let d2 = (px - x).powi(2) + (py - y).powi(2);
            if d2 <= r2 && best.is_none_or(|(bd, bi)| d2 < bd || (d2 == bd && i < bi)) {
                best = Some((d2, i));
            }
        });
        best.map(|(_, i)| i)
    }

    /// Indices of the points inside the box, in ascending order.
    pub fn within(&self, (x0, y0, x1, y1): (f64, f64, f64, f64)) -> Vec<usize> {
        let mut out = Vec::new();
        self.query((x0, y0, x1, y1), |i| {
            let (px, py) = self.points[i];
            if px >= x0 && px <= x1 && py >= y0 && py <= y1 {
                out.push(i);
            }
        });
        crate::sort::sort(&mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn linear_nearest(points: &[(f64, f64)], x: f64, y: f64, r: f64) -> Option<usize> {
        points
            .iter()
            .enumerate()
            .map(|(i, p)| (i, (p.0 - x).powi(2) + (p.1 - y).powi(2)))
            .filter(|(_, d2)| *d2 <= r * r)
            .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)))
            .map(|(i, _)| i)
    }

    proptest! {
        #[test]
        fn nearest_equals_the_linear_scan(
            points in prop::collection::vec((-2000.0..2000.0f64, -2000.0..2000.0f64), 0..300),
            probes in prop::collection::vec((-2100.0..2100.0f64, -2100.0..2100.0f64), 1..40),
            cell in 5.0..400.0f64,
            radius in 1.0..60.0f64,
        ) {
            let grid = Grid::build(&points, cell);
            for (x, y) in probes {
                prop_assert_eq!(grid.nearest(x, y, radius), linear_nearest(&points, x, y, radius));
            }
        }

        #[test]
        fn within_equals_the_linear_filter(
            points in prop::collection::vec((-500.0..500.0f64, -500.0..500.0f64), 0..200),
            b in (-600.0..600.0f64, -600.0..600.0f64, 0.0..800.0f64, 0.0..800.0f64),
        ) {
            let bx = (b.0, b.1, b.0 + b.2, b.1 + b.3);
            let grid = Grid::build(&points, 64.0);
            let expected: Vec<usize> = points.iter().enumerate()
                .filter(|(_, p)| p.0 >= bx.0 && p.0 <= bx.2 && p.1 >= bx.1 && p.1 <= bx.3)
                .map(|(i, _)| i).collect();
            prop_assert_eq!(grid.within(bx), expected);
        }
    }

    #[test]
    fn survives_non_finite_and_far_points() {
        let g = Grid::build(&[(f64::NAN, 0.0), (0.0, 0.0), (1e12, -1e12)], 10.0);
        assert_eq!(g.nearest(0.0, 0.0, 5.0), Some(1));
        assert_eq!(g.nearest(1e12, -1e12, 5.0), Some(2));
        assert!(Grid::build(&[], 10.0).nearest(0.0, 0.0, 5.0).is_none());
    }
}

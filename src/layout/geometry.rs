//! Screen geometry of edges and labels.
//!
//! An edge is a quadratic Bézier from the rim of one node to the rim of the
//! other. It is straight unless the same two addresses paid each other both ways:
//! then each direction bends to its own left, so the pair becomes two separate arcs
//! with their own arrowheads and labels. Label placement is greedy: a label is
//! drawn only where it overlaps no label already placed, so dense regions show a
//! few legible labels instead of an unreadable smear.

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EdgeCurve {
    pub start: (f64, f64),
    pub control: (f64, f64),
    pub end: (f64, f64),
    /// The point halfway along the curve, where the label goes.
    pub mid: (f64, f64),
    /// Unit direction of travel at the end (for the arrowhead).
    pub end_dir: (f64, f64),
}

/// The curve from a node centred at `a` to one at `b` (screen pixels), leaving
/// `radius` at both ends and `gap` more at the arrow's end. `bend` is how far the
/// curve's middle sits to the left of the straight line, in pixels. `None` when the
/// nodes are too close for an edge to show.
pub fn edge_curve(
    a: (f64, f64),
    b: (f64, f64),
    radius: f64,
    gap: f64,
    bend: f64,
) -> Option<EdgeCurve> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len = dx.hypot(dy);
    if !len.is_finite() || len < 2.0 * radius + gap {
        return None;
    }
    let (ux, uy) = (dx / len, dy / len);
    // Left of the direction of travel (in screen coordinates, y down).
    let (nx, ny) = (uy, -ux);
    // A quadratic's middle is halfway between the chord and the control point.
    let control = (
        (a.0 + b.0) / 2.0 + nx * bend * 2.0,
        (a.1 + b.1) / 2.0 + ny * bend * 2.0,
    );
    let towards = |from: (f64, f64), to: (f64, f64)| {
        let (x, y) = (to.0 - from.0, to.1 - from.1);
        let l = x.hypot(y).max(1e-9);
        (x / l, y / l)
    };
    let s = towards(a, control);
    let e = towards(control, b);
    let start = (a.0 + s.0 * radius, a.1 + s.1 * radius);
    let end = (b.0 - e.0 * (radius + gap), b.1 - e.1 * (radius + gap));
    let mid = (
        0.25 * start.0 + 0.5 * control.0 + 0.25 * end.0,
        0.25 * start.1 + 0.5 * control.1 + 0.25 * end.1,
    );
    Some(EdgeCurve {
        start,
        control,
        end,
        mid,
        end_dir: e,
    })
}

/// Rectangles already taken by labels, bucketed by screen cell for fast overlap
/// tests. The cells cover the screen; a rectangle beyond it is filed under the
/// nearest border cells, which keeps every overlap findable (clamping preserves
/// order) without a hash map (whose code would weigh on the wasm bundle).
pub struct LabelBoxes {
    rects: Vec<(f64, f64, f64, f64)>,
    cells: Vec<Vec<u32>>,
    cols: i32,
    rows: i32,
}

const CELL: f64 = 64.0;

impl LabelBoxes {
    /// Boxes on a screen of `w` × `h` pixels.
    pub fn new(w: f64, h: f64) -> Self {
        let cols = ((w / CELL).ceil() as i32).clamp(1, 256);
        let rows = ((h / CELL).ceil() as i32).clamp(1, 256);
        LabelBoxes {
            rects: Vec::new(),
            cells: vec![Vec::new(); (cols * rows) as usize],
            cols,
            rows,
        }
    }

    pub fn len(&self) -> usize {
        self.rects.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rects.is_empty()
    }

    /// Indices into `cells` of the cells the rectangle touches.
    fn cells_of(&self, r: (f64, f64, f64, f64)) -> impl Iterator<Item = usize> {
        let cell = |v: f64, n: i32| ((v / CELL).floor() as i32).clamp(0, n - 1);
        let (x0, x1) = (cell(r.0, self.cols), cell(r.2, self.cols));
        let (y0, y1) = (cell(r.1, self.rows), cell(r.3, self.rows));
        let cols = self.cols;
        (y0..=y1).flat_map(move |y| (x0..=x1).map(move |x| (y * cols + x) as usize))
    }

    /// Claims the box centred at (x, y) of size w × h if it overlaps nothing
    /// claimed before; returns whether it did.
    pub fn claim(&mut self, x: f64, y: f64, w: f64, h: f64) -> bool {
        let r = (x - w / 2.0, y - h / 2.0, x + w / 2.0, y + h / 2.0);
        let overlaps = |o: &(f64, f64, f64, f64)| r.0 < o.2 && o.0 < r.2 && r.1 < o.3 && o.1 < r.3;
        for c in self.cells_of(r) {
            if self.cells[c]
                .iter()
                .any(|&i| overlaps(&self.rects[i as usize]))
            {
                return false;
            }
        }
        let i = self.rects.len() as u32;
        self.rects.push(r);
        let cells: Vec<usize> = self.cells_of(r).collect();
        for c in cells {
            self.cells[c].push(i);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dist(a: (f64, f64), b: (f64, f64)) -> f64 {
        (a.0 - b.0).hypot(a.1 - b.1)
    }

    #[test]
    fn straight_edge_runs_rim_to_rim() {
        let c = edge_curve((0.0, 0.0), (100.0, 0.0), 10.0, 2.0, 0.0).unwrap();
        assert_eq!(c.start, (10.0, 0.0));
        assert_eq!(c.end, (88.0, 0.0));
        assert_eq!(c.end_dir, (1.0, 0.0));
        assert!((c.mid.0 - 49.5).abs() < 1e-9 && c.mid.1.abs() < 1e-9);
        assert!(edge_curve((0.0, 0.0), (15.0, 0.0), 10.0, 2.0, 0.0).is_none());
    }

    #[test]
    fn both_directions_become_two_arcs_on_opposite_sides() {
        let (a, b) = ((0.0, 0.0), (200.0, 50.0));
        let ab = edge_curve(a, b, 16.0, 2.0, 14.0).unwrap();
        let ba = edge_curve(b, a, 16.0, 2.0, 14.0).unwrap();
        // The middles are apart by about twice the bend (a little more: the ends
        // leave the rims towards the control point), on either side of the chord.
        let apart = dist(ab.mid, ba.mid);
        assert!((28.0..36.0).contains(&apart), "{:?} {:?}", ab.mid, ba.mid);
        let side = |p: (f64, f64)| (b.0 - a.0) * (p.1 - a.1) - (b.1 - a.1) * (p.0 - a.0);
        assert!(side(ab.mid) * side(ba.mid) < 0.0);
        // Both still start and end on the rims.
        for c in [ab, ba] {
            let (r1, r2) = (
                dist(c.start, a).min(dist(c.start, b)),
                dist(c.end, a).min(dist(c.end, b)),
            );
            assert!((r1 - 16.0).abs() < 1e-9 && (r2 - 18.0).abs() < 1e-9);
            assert!((c.end_dir.0.hypot(c.end_dir.1) - 1.0).abs() < 1e-9);
        }
    }

    #[test]
    fn labels_never_overlap() {
        let mut boxes = LabelBoxes::new(640.0, 480.0);
        assert!(boxes.claim(100.0, 100.0, 80.0, 14.0));
        assert!(!boxes.claim(130.0, 105.0, 80.0, 14.0));
        assert!(boxes.claim(100.0, 115.0, 80.0, 14.0));
        assert!(boxes.claim(-500.0, -500.0, 300.0, 200.0));
        assert!(!boxes.claim(-400.0, -450.0, 10.0, 10.0));
        assert_eq!(boxes.len(), 3);
    }
}

//! The camera over the investigation graph: pan and zoom as pure arithmetic.
//!
//! Screen = (world − origin) × scale. Kept out of the canvas code so that zooming
//! about the cursor and fitting the graph into the window are tested natively.

/// Smallest and largest zoom factors; beyond them labels become useless.
pub const MIN_SCALE: f64 = 0.05;
pub const MAX_SCALE: f64 = 4.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    /// World coordinate shown at the screen's top-left corner.
    pub origin_x: f64,
    pub origin_y: f64,
    pub scale: f64,
}

impl Default for Viewport {
    fn default() -> Self {
        Viewport {
            origin_x: 0.0,
            origin_y: 0.0,
            scale: 1.0,
        }
    }
}

impl Viewport {
    pub fn to_screen(&self, x: f64, y: f64) -> (f64, f64) {
        (
            (x - self.origin_x) * self.scale,
            (y - self.origin_y) * self.scale,
        )
    }

    pub fn to_world(&self, sx: f64, sy: f64) -> (f64, f64) {
        (
            sx / self.scale + self.origin_x,
            sy / self.scale + self.origin_y,
        )
    }

    /// Moves the picture by a screen-space delta (a drag or an arrow key).
    pub fn pan(&mut self, dx: f64, dy: f64) {
        self.origin_x -= dx / self.scale;
        self.origin_y -= dy / self.scale;
    }

    /// Zooms by `factor` keeping the world point under (sx, sy) where it is.
    pub fn zoom_at(&mut self, factor: f64, sx: f64, sy: f64) {
        let (wx, wy) = self.to_world(sx, sy);
        self.scale = (self.scale * factor).clamp(MIN_SCALE, MAX_SCALE);
        self.origin_x = wx - sx / self.scale;
        self.origin_y = wy - sy / self.scale;
    }

    /// Shows the world box (min x, min y, max x, max y) in a `width` × `height`
    /// screen with `margin` pixels around it, never zooming in past 1:1 so that a
    /// small graph is not blown up.
    pub fn fit(bounds: (f64, f64, f64, f64), width: f64, height: f64, margin: f64) -> Viewport {
        let (x0, y0, x1, y1) = bounds;
        let (w, h) = ((x1 - x0).max(1.0), (y1 - y0).max(1.0));
        let avail_w = (width - 2.0 * margin).max(1.0);
        let avail_h = (height - 2.0 * margin).max(1.0);
        let scale = (avail_w / w).min(avail_h / h).clamp(MIN_SCALE, 1.0);
        let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        Viewport {
            origin_x: cx - width / 2.0 / scale,
            origin_y: cy - height / 2.0 / scale,
            scale,
        }
    }
}

impl Viewport {
    /// Pans as little as possible so the world box is on screen with `margin`
    /// pixels to spare; zooms out (about the box) only when it cannot fit at the
    /// current scale. Used after expanding, so new nodes are never off screen.
    pub fn ensure_visible(
        &mut self,
        bounds: (f64, f64, f64, f64),
        width: f64,
        height: f64,
        margin: f64,
    ) {
        let (x0, y0, x1, y1) = bounds;
        let fits = (x1 - x0) * self.scale <= width - 2.0 * margin
            && (y1 - y0) * self.scale <= height - 2.0 * margin;
        if !fits {
            let fitted = Viewport::fit(bounds, width, height, margin);
            if fitted.scale < self.scale {
                *self = fitted;
                return;
            }
        }
        let (sx0, sy0) = self.to_screen(x0, y0);
        let (sx1, sy1) = self.to_screen(x1, y1);
        let shift = |lo: f64, hi: f64, size: f64| {
            if lo < margin {
                margin - lo
            } else if hi > size - margin {
                (size - margin - hi).max(margin - lo)
            } else {
                0.0
            }
        };
        self.pan(shift(sx0, sx1, width), shift(sy0, sy1, height));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_keeps_the_cursor_point_fixed() {
        let mut v = Viewport::default();
        v.pan(30.0, -10.0);
        let before = v.to_world(200.0, 100.0);
        v.zoom_at(1.5, 200.0, 100.0);
        let after = v.to_world(200.0, 100.0);
        assert!((before.0 - after.0).abs() < 1e-9 && (before.1 - after.1).abs() < 1e-9);
        v.zoom_at(1000.0, 0.0, 0.0);
        assert_eq!(v.scale, MAX_SCALE);
    }

    #[test]
    fn ensure_visible_pans_minimally() {
        let mut v = Viewport::default();
        v.ensure_visible((100.0, 100.0, 200.0, 200.0), 800.0, 600.0, 20.0);
        assert_eq!(v, Viewport::default(), "already visible: nothing moves");
        v.ensure_visible((900.0, 100.0, 1000.0, 150.0), 800.0, 600.0, 20.0);
        assert_eq!(v.scale, 1.0);
        assert_eq!(v.to_screen(1000.0, 150.0), (780.0, 150.0));
        v.ensure_visible((0.0, 0.0, 5000.0, 100.0), 800.0, 600.0, 20.0);
        assert!(v.scale < 1.0);
        let (a, b) = (v.to_screen(0.0, 0.0), v.to_screen(5000.0, 100.0));
        assert!(a.0 >= 19.9 && b.0 <= 780.1);
    }

    #[test]
    fn fit_centres_the_graph() {
        let v = Viewport::fit((0.0, 0.0, 1000.0, 200.0), 500.0, 400.0, 50.0);
        assert!((v.scale - 0.4).abs() < 1e-9);
        let (sx, sy) = v.to_screen(500.0, 100.0);
        assert!((sx - 250.0).abs() < 1e-9 && (sy - 200.0).abs() < 1e-9);
        let single = Viewport::fit((10.0, 10.0, 10.0, 10.0), 800.0, 600.0, 40.0);
        assert_eq!(single.scale, 1.0);
        assert_eq!(single.to_screen(10.0, 10.0), (400.0, 300.0));
    }
}

//! Motion frames from a cached bitmap, as cytoscape.js does with its texture cache.
//!
//! Without a GPU (headless Chromium, many training-room laptops) the cost of a
//! frame is rasterising thousands of anti-aliased edges, not the wasm that issues
//! the calls. So while the camera moves, the graph is drawn once into an offscreen
//! canvas a bit larger than the screen and that bitmap is scaled and shifted for
//! the following frames; it is redrawn only when the camera leaves the area it
//! covers or the zoom drifts too far from the scale it was drawn at. When the
//! camera stops, the canvas draws a crisp frame directly (`render::draw`).

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::render::{self, Highlight, Palette};
use crate::layout::scene::Scene;
use crate::view::Viewport;

/// Extra area drawn on each side, as a fraction of the screen's width/height.
const MARGIN: f64 = 0.3;
/// Zoom ratios (now / cached) within which the bitmap is reused.
const MIN_RATIO: f64 = 0.75;
const MAX_RATIO: f64 = 1.6;

pub struct FrameCache {
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    /// Camera and size (CSS pixels) the bitmap was drawn with; `None`: stale.
    drawn: Option<(Viewport, (f64, f64))>,
}

impl FrameCache {
    pub fn new() -> Option<FrameCache> {
        let canvas: HtmlCanvasElement = gloo::utils::document()
            .create_element("canvas")
            .ok()?
            .dyn_into()
            .ok()?;
        let ctx = canvas
            .get_context("2d")
            .ok()
            .flatten()?
            .dyn_into::<CanvasRenderingContext2d>()
            .ok()?;
        Some(FrameCache {
            canvas,
            ctx,
            drawn: None,
        })
    }

    /// The graph, its highlight or the theme changed: the bitmap is stale.
    pub fn invalidate(&mut self) {
        self.drawn = None;
    }

    /// Whether the bitmap can show `view` on a `w` × `h` screen.
    fn covers(&self, view: Viewport, (w, h): (f64, f64)) -> bool {
        let Some((cached, (cw, ch))) = self.drawn else {
            return false;
        };
        let ratio = view.scale / cached.scale;
        let (x0, y0) = view.to_world(0.0, 0.0);
        let (x1, y1) = view.to_world(w, h);
        let (cx0, cy0) = cached.to_world(0.0, 0.0);
        let (cx1, cy1) = cached.to_world(cw, ch);
        (MIN_RATIO..=MAX_RATIO).contains(&ratio) && x0 >= cx0 && y0 >= cy0 && x1 <= cx1 && y1 <= cy1
    }

    /// Draws a motion frame into `ctx` (whose transform maps CSS pixels), from
    /// the bitmap, redrawing the bitmap first if it cannot show `view`.
    #[allow(clippy::too_many_arguments)]
    pub fn present(
        &mut self,
        ctx: &CanvasRenderingContext2d,
        scene: &Scene,
        view: Viewport,
        (w, h): (f64, f64),
        dpr: f64,
        palette: &Palette,
        hl: &Highlight,
    ) {
        if !self.covers(view, (w, h)) {
            let size = (w * (1.0 + 2.0 * MARGIN), h * (1.0 + 2.0 * MARGIN));
            let mut cached = view;
            cached.pan(w * MARGIN, h * MARGIN);
            let (pw, ph) = ((size.0 * dpr).round() as u32, (size.1 * dpr).round() as u32);
            if self.canvas.width() != pw || self.canvas.height() != ph {
                self.canvas.set_width(pw);
                self.canvas.set_height(ph);
            }
            let _ = self.ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
            render::draw(&self.ctx, scene, cached, size, palette, hl);
            self.drawn = Some((cached, size));
        }
        let Some((cached, size)) = self.drawn else {
            return;
        };
        ctx.set_fill_style_str(&palette.bg);
        ctx.fill_rect(0.0, 0.0, w, h);
        let ratio = view.scale / cached.scale;
        let (dx, dy) = view.to_screen(cached.origin_x, cached.origin_y);
        let _ = ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
            &self.canvas,
            dx,
            dy,
            size.0 * ratio,
            size.1 * ratio,
        );
    }
}

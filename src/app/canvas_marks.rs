//! Drawing of the trainee's marks on the graph canvas, kept out of `canvas.rs`
//! (which owns drawing performance) so the canvas only calls these: a coloured
//! ring for a tag, and a thick line along a highlighted path.

use web_sys::CanvasRenderingContext2d;

use crate::investigation::Investigation;
use crate::view::Viewport;

/// A ring of `colour` around a node drawn at (x, y).
pub fn ring(ctx: &CanvasRenderingContext2d, x: f64, y: f64, radius: f64, colour: &str) {
    ctx.set_stroke_style_str(colour);
    ctx.set_line_width(4.0);
    ctx.begin_path();
    let _ = ctx.arc(x, y, radius, 0.0, std::f64::consts::TAU);
    ctx.stroke();
}

/// The highlighted path (address keys in order) as a wide translucent band under
/// the nodes, so the arrows and amounts stay readable on top.
pub fn draw_path(
    ctx: &CanvasRenderingContext2d,
    graph: &Investigation,
    view: Viewport,
    colour: &str,
    path: &[String],
) {
    let points: Vec<(f64, f64)> = path
        .iter()
        .filter_map(|k| graph.node(k))
        .map(|n| view.to_screen(n.x, n.y))
        .collect();
    if points.len() < 2 {
        return;
    }
    ctx.save();
    ctx.set_global_alpha(0.45);
    ctx.set_stroke_style_str(colour);
    ctx.set_line_width(12.0);
    ctx.set_line_cap("round");
    ctx.set_line_join("round");
    ctx.begin_path();
    ctx.move_to(points[0].0, points[0].1);
    for p in &points[1..] {
        ctx.line_to(p.0, p.1);
    }
    ctx.stroke();
    ctx.restore();
}

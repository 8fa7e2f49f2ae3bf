//! Turns a [`Scene`] into canvas calls, fast enough for thousands of nodes.
//!
//! What makes it fast (see docs/performance.md for the numbers):
//! - Culling: only nodes in (or near) the viewport, found through the scene's
//!   grid index, and only edges whose bounding box meets the screen are drawn.
//! - Batching: canvas state changes and `stroke`/`fill` calls are what cost, so
//!   edges are grouped by (colour, width bucket) and nodes by (colour, shape), and
//!   each group is one path with one stroke or fill.
//! - Level of detail: arrowheads only where an edge is long enough on screen to
//!   show one, tiny nodes as squares, labels only when zoomed in far enough and
//!   placed greedily so they never overlap (selected nodes first).
//! - The palette is read from the CSS custom properties once and cached by the
//!   canvas until the theme changes, not on every frame.

use web_sys::{CanvasRenderingContext2d, Element};

use crate::investigation::{tag_colour_var, Tag, NODE_RADIUS};
use crate::layout::geometry::{edge_curve, LabelBoxes};
use crate::layout::scene::{Ring, Scene, GROUPS};
use crate::training::debrief::EdgeStatus;
use crate::view::Viewport;

/// Colours from the page's CSS custom properties (light and dark themes).
pub struct Palette {
    pub bg: String,
    pub fg: String,
    pub edge: String,
    pub accent: String,
    pub ring: String,
    pub groups: Vec<String>,
    pub found: String,
    pub missed: String,
    pub off: String,
    pub false_lead: String,
    /// The highlighted path.
    pub path: String,
    /// Tag ring colours, in `Tag::ALL` order.
    pub tags: Vec<String>,
    /// Taint shading: the taint colour and the grey of an untainted node.
    pub taint: [String; 2],
}

impl Palette {
    pub fn read(element: &Element) -> Option<Palette> {
        let style = gloo::utils::window()
            .get_computed_style(element)
            .ok()
            .flatten()?;
        let get = |var: &str| {
            let v = style.get_property_value(var).unwrap_or_default();
            let v = v.trim();
            if v.is_empty() {
                "#888".to_string()
            } else {
                v.to_string()
            }
        };
        Some(Palette {
            bg: get("--canvas-bg"),
            fg: get("--canvas-fg"),
            edge: get("--edge"),
            accent: get("--accent"),
            ring: get("--node-ring"),
            groups: GROUPS
                .iter()
                .map(|(g, _)| get(&format!("--cat-{g}")))
                .collect(),
            found: get("--trail-found"),
            missed: get("--trail-missed"),
            off: get("--off-trail"),
            false_lead: get("--false-lead"),
            path: get("--path"),
            tags: Tag::ALL.iter().map(|&t| get(tag_colour_var(t))).collect(),
            taint: [get("--taint"), get("--taint-none")],
        })
    }
}

/// What is emphasised: the inspector's node or transaction, the multi-selection,
/// the highlighted path (node indices in order) and a box being dragged (screen
/// pixels).
#[derive(Default)]
pub struct Highlight {
    pub selected: Option<usize>,
    pub many: Vec<usize>,
    pub tx: Option<usize>,
    pub path: Vec<usize>,
    /// Taint colouring, per scene node: the opacity of the taint colour, `None`
    /// for no tainted value. Empty when taint is off.
    pub taint: Vec<Option<f64>>,
    pub rubber_band: Option<(f64, f64, f64, f64)>,
}

/// Above this many visible nodes (or edges), their labels are not drawn at all.
const MAX_NODE_LABELS: usize = 400;
const MAX_EDGE_LABELS: usize = 500;
/// Rough text widths, so placement needs no `measureText` call per label.
const CHAR_W: f64 = 7.0;
const WIDTH_BUCKETS: usize = 10;
/// Label fonts: addresses, attribution labels, amounts.
const FONTS: [&str; 3] = [
    "12px ui-monospace, monospace",
    "bold 12px system-ui, sans-serif",
    "12px system-ui, sans-serif",
];

/// Draws the scene; returns the number of nodes and edges drawn.
pub fn draw(
    ctx: &CanvasRenderingContext2d,
    scene: &Scene,
    view: Viewport,
    (w, h): (f64, f64),
    palette: &Palette,
    hl: &Highlight,
) -> (usize, usize) {
    ctx.set_fill_style_str(&palette.bg);
    ctx.fill_rect(0.0, 0.0, w, h);

    // Visible nodes, with a margin so labels and rings at the edge still show.
    let pad = 80.0 / view.scale;
    let (wx0, wy0) = view.to_world(0.0, 0.0);
    let (wx1, wy1) = view.to_world(w, h);
    let mut visible = Vec::new();
    scene.visit((wx0 - pad, wy0 - pad, wx1 + pad, wy1 + pad), |i| {
        let n = &scene.nodes[i];
        if n.x >= wx0 - pad && n.x <= wx1 + pad && n.y >= wy0 - pad && n.y <= wy1 + pad {
            visible.push(i);
        }
    });
    let crowded = visible.len() > 1000;
    let radius = (NODE_RADIUS * view.scale).max(if crowded { 2.0 } else { 5.0 });
    let screen: Vec<(f64, f64)> = scene
        .nodes
        .iter()
        .map(|n| view.to_screen(n.x, n.y))
        .collect();

    let is_marked = |i: usize| hl.selected == Some(i) || hl.many.contains(&i);
    // Edges: style class × width bucket → indices.
    let mut buckets: Vec<Vec<usize>> = vec![Vec::new(); 5 * WIDTH_BUCKETS];
    let mut drawn_edges = Vec::new();
    for (k, e) in scene.edges.iter().enumerate() {
        let (a, b) = (screen[e.from as usize], screen[e.to as usize]);
        if a.0.max(b.0) < -20.0
            || a.0.min(b.0) > w + 20.0
            || a.1.max(b.1) < -20.0
            || a.1.min(b.1) > h + 20.0
        {
            continue;
        }
        let highlighted = hl
            .selected
            .is_some_and(|s| s == e.from as usize || s == e.to as usize)
            || hl.tx.is_some_and(|t| e.txs.contains(&t));
        let (class, width) = match e.status {
            Some(EdgeStatus::Found) => (1, e.width.max(3.5)),
            Some(EdgeStatus::Missed) => (2, e.width.max(3.5)),
            Some(EdgeStatus::OffTrail) => (3, e.width),
            None if highlighted => (4, e.width),
            None => (0, e.width),
        };
        // Crowded (zoomed out over a big graph): plain 1 px lines, which rasterise
        // several times faster without a GPU; widths and arrows are unreadable
        // at that size anyway. Trail and highlight keep their widths.
        let bucket = if crowded && class == 0 {
            2
        } else {
            ((width * 2.0).round() as usize).min(WIDTH_BUCKETS - 1)
        };
        buckets[class * WIDTH_BUCKETS + bucket].push(k);
        drawn_edges.push(k);
    }
    let colours = [
        &palette.edge,
        &palette.found,
        &palette.missed,
        &palette.off,
        &palette.accent,
    ];
    let bend = (NODE_RADIUS * view.scale).clamp(6.0, 18.0);
    let mut heads: Vec<Vec<[(f64, f64); 3]>> = vec![Vec::new(); 5];
    let mut edge_labels = Vec::new();
    let dash = js_sys::Array::of2(&8.0.into(), &6.0.into());
    let solid = js_sys::Array::new();
    for class in [0usize, 3, 1, 2, 4] {
        for bucket in 0..WIDTH_BUCKETS {
            let list = &buckets[class * WIDTH_BUCKETS + bucket];
            if list.is_empty() {
                continue;
            }
            let width = (bucket as f64 / 2.0).max(0.75);
            ctx.set_stroke_style_str(colours[class]);
            ctx.set_line_width(width);
            let _ = ctx.set_line_dash(if class == 2 { &dash } else { &solid });
            ctx.begin_path();
            for &k in list {
                let e = &scene.edges[k];
                let (a, b) = (screen[e.from as usize], screen[e.to as usize]);
                let head = 9.0 + width;
                let long = !crowded && (b.0 - a.0).hypot(b.1 - a.1) > 2.0 * radius + head * 2.5;
                let gap = if long { 2.0 } else { 0.0 };
                let curve_bend = if e.curved { bend } else { 0.0 };
                let Some(c) = edge_curve(a, b, radius, gap, curve_bend) else {
                    continue;
                };
                let (ux, uy) = c.end_dir;
                // The line stops inside the arrowhead so its end does not poke out.
                let stop = if long { head * 0.8 } else { 0.0 };
                ctx.move_to(c.start.0, c.start.1);
                if e.curved {
                    ctx.quadratic_curve_to(
                        c.control.0,
                        c.control.1,
                        c.end.0 - ux * stop,
                        c.end.1 - uy * stop,
                    );
                } else {
                    ctx.line_to(c.end.0 - ux * stop, c.end.1 - uy * stop);
                }
                if long {
                    let (px, py) = (-uy * head * 0.45, ux * head * 0.45);
                    let base = (c.end.0 - ux * head, c.end.1 - uy * head);
                    heads[class].push([
                        c.end,
                        (base.0 + px, base.1 + py),
                        (base.0 - px, base.1 - py),
                    ]);
                    if !e.label.is_empty() {
                        edge_labels.push((k, c.mid));
                    }
                }
            }
            ctx.stroke();
        }
    }
    let _ = ctx.set_line_dash(&solid);
    for (class, list) in heads.iter().enumerate() {
        if list.is_empty() {
            continue;
        }
        ctx.set_fill_style_str(colours[class]);
        ctx.begin_path();
        // No closePath: in Chromium it costs time proportional to the whole path
        // (quadratic over a batch); `fill` closes each subpath anyway.
        for [p, q, r] in list {
            ctx.move_to(p.0, p.1);
            ctx.line_to(q.0, q.1);
            ctx.line_to(r.0, r.1);
        }
        ctx.fill();
    }

    draw_path(ctx, &hl.path, &screen, &palette.path);
    draw_nodes(ctx, scene, &visible, &screen, radius, palette, hl);

    // Labels: selected nodes first, then the others, then edge amounts; each only
    // where it overlaps nothing drawn before.
    let mut boxes = LabelBoxes::new(w, h);
    let mut texts: Vec<(String, f64, f64, &'static str)> = Vec::new();
    if view.scale >= 0.35 && visible.len() <= MAX_NODE_LABELS {
        // Marked nodes first (two passes, not a sort: a stable sort of its own
        // would add kilobytes to the bundle).
        let marked = visible.iter().filter(|&&i| is_marked(i));
        let others = visible.iter().filter(|&&i| !is_marked(i));
        for &i in marked.chain(others) {
            let n = &scene.nodes[i];
            let (x, y) = screen[i];
            let lines = [Some(&n.short), n.label.as_ref()];
            let [mono, bold, _] = FONTS;
            let height = if n.label.is_some() { 30.0 } else { 15.0 };
            let wmax = lines
                .iter()
                .flatten()
                .map(|t| t.chars().count())
                .max()
                .unwrap_or(0) as f64
                * CHAR_W
                + 8.0;
            if boxes.claim(x, y + radius + 5.0 + height / 2.0, wmax, height) || is_marked(i) {
                texts.push((n.short.clone(), x, y + radius + 12.0, mono));
                if let Some(l) = &n.label {
                    texts.push((l.clone(), x, y + radius + 27.0, bold));
                }
            }
        }
    }
    if view.scale >= 0.45 && drawn_edges.len() <= MAX_EDGE_LABELS {
        let sans = FONTS[2];
        for (k, (mx, my)) in edge_labels {
            let label = &scene.edges[k].label;
            let wlab = label.chars().count() as f64 * CHAR_W * 0.95 + 8.0;
            // Above the line, else below it.
            for dy in [-9.0, 9.0] {
                if boxes.claim(mx, my + dy, wlab, 15.0) {
                    texts.push((label.clone(), mx, my + dy, sans));
                    break;
                }
            }
        }
    }
    draw_texts(ctx, &texts, palette);

    if let Some((x0, y0, x1, y1)) = hl.rubber_band {
        ctx.set_stroke_style_str(&palette.accent);
        ctx.set_line_width(1.5);
        let _ = ctx.set_line_dash(&js_sys::Array::of2(&5.0.into(), &4.0.into()));
        ctx.stroke_rect(x0.min(x1), y0.min(y1), (x1 - x0).abs(), (y1 - y0).abs());
        let _ = ctx.set_line_dash(&solid);
    }
    (visible.len(), drawn_edges.len())
}

fn draw_nodes(
    ctx: &CanvasRenderingContext2d,
    scene: &Scene,
    visible: &[usize],
    screen: &[(f64, f64)],
    r: f64,
    palette: &Palette,
    hl: &Highlight,
) {
    let tau = std::f64::consts::TAU;
    // One path per (colour group, shape).
    for (g, colour) in palette.groups.iter().enumerate() {
        for account in [false, true] {
            let mut any = false;
            for &i in visible {
                let n = &scene.nodes[i];
                if usize::from(n.group) != g || n.account != account {
                    continue;
                }
                if !any {
                    ctx.begin_path();
                    any = true;
                }
                let (x, y) = screen[i];
                if r < 3.0 {
                    ctx.rect(x - r, y - r, 2.0 * r, 2.0 * r);
                } else if account {
                    rounded_square(ctx, x, y, r * 0.9);
                } else {
                    ctx.move_to(x + r, y);
                    let _ = ctx.arc(x, y, r, 0.0, tau);
                }
            }
            if any {
                ctx.set_fill_style_str(colour);
                ctx.fill();
                if r >= 3.0 {
                    ctx.set_line_width(1.5);
                    ctx.set_stroke_style_str(&palette.ring);
                    ctx.stroke();
                }
            }
        }
    }
    if !hl.taint.is_empty() && r >= 3.0 {
        draw_taint(ctx, scene, visible, screen, r, palette, &hl.taint);
    }
    // Rings: few nodes, one at a time.
    let ring = |i: usize, gap: f64, width: f64, colour: &str, dashed: bool| {
        let (x, y) = screen[i];
        let dash = js_sys::Array::new();
        if dashed {
            dash.push(&5.0.into());
            dash.push(&4.0.into());
        }
        let _ = ctx.set_line_dash(&dash);
        ctx.set_stroke_style_str(colour);
        ctx.set_line_width(width);
        ctx.begin_path();
        if scene.nodes[i].account {
            rounded_square(ctx, x, y, r * 0.9 + gap);
        } else {
            let _ = ctx.arc(x, y, r + gap, 0.0, tau);
        }
        ctx.stroke();
        let _ = ctx.set_line_dash(&js_sys::Array::new());
    };
    for &i in visible {
        let n = &scene.nodes[i];
        if let Some(tag) = n.tag {
            let k = Tag::ALL.iter().position(|&t| t == tag).unwrap_or(0);
            ring(i, 3.0, 4.0, &palette.tags[k], false);
        }
        if n.start {
            ring(i, 4.0, 2.0, &palette.ring, false);
        }
        match n.ring {
            Some(Ring::TrailMissed) => ring(i, 4.0, 3.0, &palette.missed, true),
            Some(Ring::TrailFound) => ring(i, 4.0, 3.0, &palette.found, false),
            Some(Ring::FalseLead) => ring(i, 4.0, 3.0, &palette.false_lead, false),
            None => {}
        }
        if n.pinned && r >= 5.0 {
            // A small pin dot at the top right: this node stays where it was put.
            let (x, y) = screen[i];
            ctx.set_fill_style_str(&palette.fg);
            ctx.begin_path();
            let _ = ctx.arc(x + r * 0.8, y - r * 0.8, 3.0, 0.0, tau);
            ctx.fill();
        }
    }
    for &i in &hl.many {
        if i < scene.nodes.len() && hl.selected != Some(i) {
            ring(i, 7.0, 2.5, &palette.accent, true);
        }
    }
    if let Some(i) = hl.selected.filter(|&i| i < scene.nodes.len()) {
        ring(i, 7.0, 4.0, &palette.accent, false);
    }
}

/// Repaints each visible node by its taint share (see [`Highlight::taint`]),
/// over the category fill and under the rings, so tags and selection still show.
fn draw_taint(
    ctx: &CanvasRenderingContext2d,
    scene: &Scene,
    visible: &[usize],
    screen: &[(f64, f64)],
    r: f64,
    palette: &Palette,
    taint: &[Option<f64>],
) {
    for &i in visible {
        let (x, y) = screen[i];
        ctx.begin_path();
        if scene.nodes[i].account {
            rounded_square(ctx, x, y, r * 0.9);
        } else {
            let _ = ctx.arc(x, y, r, 0.0, std::f64::consts::TAU);
        }
        ctx.set_fill_style_str(&palette.taint[1]);
        ctx.fill();
        if let Some(alpha) = taint.get(i).copied().flatten() {
            ctx.set_global_alpha(alpha);
            ctx.set_fill_style_str(&palette.taint[0]);
            ctx.fill();
            ctx.set_global_alpha(1.0);
        }
        ctx.set_line_width(1.5);
        ctx.set_stroke_style_str(&palette.ring);
        ctx.stroke();
    }
}

/// The highlighted path as a wide translucent band under the nodes, so the
/// arrows and amounts stay readable on top.
fn draw_path(ctx: &CanvasRenderingContext2d, path: &[usize], screen: &[(f64, f64)], colour: &str) {
    let points: Vec<(f64, f64)> = path
        .iter()
        .filter_map(|&i| screen.get(i).copied())
        .collect();
    let Some((first, rest)) = points.split_first().filter(|(_, rest)| !rest.is_empty()) else {
        return;
    };
    ctx.save();
    ctx.set_global_alpha(0.45);
    ctx.set_stroke_style_str(colour);
    ctx.set_line_width(12.0);
    ctx.set_line_cap("round");
    ctx.set_line_join("round");
    ctx.begin_path();
    ctx.move_to(first.0, first.1);
    for p in rest {
        ctx.line_to(p.0, p.1);
    }
    ctx.stroke();
    ctx.restore();
}

/// A square with rounded corners centred at (x, y), half side `h` (account chains).
fn rounded_square(ctx: &CanvasRenderingContext2d, x: f64, y: f64, h: f64) {
    let c = h * 0.35;
    ctx.move_to(x - h + c, y - h);
    ctx.line_to(x + h - c, y - h);
    ctx.quadratic_curve_to(x + h, y - h, x + h, y - h + c);
    ctx.line_to(x + h, y + h - c);
    ctx.quadratic_curve_to(x + h, y + h, x + h - c, y + h);
    ctx.line_to(x - h + c, y + h);
    ctx.quadratic_curve_to(x - h, y + h, x - h, y + h - c);
    ctx.line_to(x - h, y - h + c);
    // Back to the start by hand: `closePath` is slow on long batched paths.
    ctx.quadratic_curve_to(x - h, y - h, x - h + c, y - h);
}

/// Text with a background-coloured halo so it stays legible over edges: all halos
/// of a font first, then all fills (labels never overlap, so order is free).
fn draw_texts(
    ctx: &CanvasRenderingContext2d,
    texts: &[(String, f64, f64, &'static str)],
    palette: &Palette,
) {
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    ctx.set_line_width(4.0);
    for font in FONTS {
        if !texts.iter().any(|t| t.3 == font) {
            continue;
        }
        ctx.set_font(font);
        ctx.set_stroke_style_str(&palette.bg);
        for (t, x, y, _) in texts.iter().filter(|t| t.3 == font) {
            let _ = ctx.stroke_text(t, *x, *y);
        }
        ctx.set_fill_style_str(&palette.fg);
        for (t, x, y, _) in texts.iter().filter(|t| t.3 == font) {
            let _ = ctx.fill_text(t, *x, *y);
        }
    }
}

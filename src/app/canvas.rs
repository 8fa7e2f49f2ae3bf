//! The graph canvas: draws the investigation and turns pointer, wheel and key
//! input into workspace actions.
//!
//! One `<canvas>` instead of an SVG element per node, because the DOM does not scale
//! to thousands of nodes. Drawing is a pure function of the reducer state, redone
//! after every render; hit-testing and the pan/zoom arithmetic are in the core
//! (`Investigation::hit_test`, `Viewport`). The canvas is sized in device pixels so
//! lines and text stay crisp on high-DPI screens. Colours come from CSS custom
//! properties so the light and dark themes apply to the canvas too.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

use super::workspace::{Action, Selection, WorkspaceState};
use crate::address::shorten;
use crate::investigation::{Investigation, NODE_RADIUS};
use crate::ledger::Ledger;
use crate::scenario::Category;
use crate::training::debrief::{EdgeStatus, Overlay};
use crate::view::Viewport;

#[derive(Properties, PartialEq)]
pub struct CanvasProps {
    pub state: UseReducerHandle<WorkspaceState>,
}

/// Pointer drag in progress: where it started and where it was last seen.
#[derive(Default)]
struct Drag {
    start: (f64, f64),
    last: (f64, f64),
    moved: bool,
}

#[function_component(GraphCanvas)]
pub fn graph_canvas(props: &CanvasProps) -> Html {
    let canvas_ref = use_node_ref();
    let drag: Rc<RefCell<Option<Drag>>> = use_mut_ref(|| None);
    let resized = use_state(|| 0u32);

    // Redraw when the window changes size.
    {
        let resized = resized.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "resize", move |_| {
                resized.set(*resized + 1);
            });
            move || drop(listener)
        });
    }

    // Draw after every render.
    {
        let canvas_ref = canvas_ref.clone();
        let state = props.state.clone();
        use_effect(move || {
            if let Some(canvas) = canvas_ref.cast::<HtmlCanvasElement>() {
                let (w, h) = (
                    f64::from(canvas.client_width()),
                    f64::from(canvas.client_height()),
                );
                match state.viewport {
                    None if w > 0.0 && h > 0.0 => state.dispatch(Action::Fit(w, h)),
                    Some(view) => {
                        if state.canvas != (w, h) {
                            state.dispatch(Action::CanvasSize(w, h));
                        }
                        draw(&canvas, &state, view);
                    }
                    None => {}
                }
            }
        });
    }

    let state = props.state.clone();
    let onpointerdown = {
        let drag = drag.clone();
        Callback::from(move |e: PointerEvent| {
            let p = (f64::from(e.offset_x()), f64::from(e.offset_y()));
            *drag.borrow_mut() = Some(Drag {
                start: p,
                last: p,
                moved: false,
            });
            if let Some(target) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                let _ = target.set_pointer_capture(e.pointer_id());
            }
        })
    };
    let onpointermove = {
        let drag = drag.clone();
        let state = state.clone();
        Callback::from(move |e: PointerEvent| {
            let mut slot = drag.borrow_mut();
            let Some(d) = slot.as_mut() else { return };
            let p = (f64::from(e.offset_x()), f64::from(e.offset_y()));
            if (p.0 - d.start.0).hypot(p.1 - d.start.1) > 4.0 {
                d.moved = true;
            }
            if d.moved {
                state.dispatch(Action::Pan(p.0 - d.last.0, p.1 - d.last.1));
            }
            d.last = p;
        })
    };
    let onpointerup = {
        let drag = drag.clone();
        let state = state.clone();
        Callback::from(move |e: PointerEvent| {
            let Some(d) = drag.borrow_mut().take() else {
                return;
            };
            if d.moved {
                return;
            }
            let view = state.viewport.unwrap_or_default();
            let (wx, wy) = view.to_world(f64::from(e.offset_x()), f64::from(e.offset_y()));
            let graph = state.shown_graph().0;
            if let Some(node) = graph.hit_test(wx, wy) {
                state.dispatch(Action::SelectAddress(node.key.clone()));
            } else if let Some((a, b)) = graph.edge_hit_test(wx, wy, 6.0 / view.scale) {
                state.dispatch(Action::SelectEdge(a, b));
            }
        })
    };
    let onwheel = {
        let state = state.clone();
        Callback::from(move |e: WheelEvent| {
            e.prevent_default();
            let factor = (-e.delta_y() * 0.0015).exp();
            state.dispatch(Action::ZoomAt(
                factor,
                f64::from(e.offset_x()),
                f64::from(e.offset_y()),
            ));
        })
    };
    let onkeydown = {
        let state = state.clone();
        let canvas_ref = canvas_ref.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(canvas) = canvas_ref.cast::<HtmlCanvasElement>() else {
                return;
            };
            let (w, h) = (
                f64::from(canvas.client_width()),
                f64::from(canvas.client_height()),
            );
            let action = match e.key().as_str() {
                "ArrowLeft" => Action::Pan(60.0, 0.0),
                "ArrowRight" => Action::Pan(-60.0, 0.0),
                "ArrowUp" => Action::Pan(0.0, 60.0),
                "ArrowDown" => Action::Pan(0.0, -60.0),
                "+" | "=" => Action::ZoomAt(1.25, w / 2.0, h / 2.0),
                "-" | "_" => Action::ZoomAt(0.8, w / 2.0, h / 2.0),
                "0" => Action::Fit(w, h),
                _ => return,
            };
            e.prevent_default();
            state.dispatch(action);
        })
    };
    let fit = {
        let state = state.clone();
        let canvas_ref = canvas_ref.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(c) = canvas_ref.cast::<HtmlCanvasElement>() {
                state.dispatch(Action::Fit(
                    f64::from(c.client_width()),
                    f64::from(c.client_height()),
                ));
            }
        })
    };
    let zoom = |factor: f64| {
        let state = state.clone();
        let canvas_ref = canvas_ref.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(c) = canvas_ref.cast::<HtmlCanvasElement>() {
                state.dispatch(Action::ZoomAt(
                    factor,
                    f64::from(c.client_width()) / 2.0,
                    f64::from(c.client_height()) / 2.0,
                ));
            }
        })
    };
    let (zoom_in, zoom_out) = (zoom(1.25), zoom(0.8));
    let n = state.shown_graph().0.node_count();
    let overlay_on = state.shown_graph().1.is_some();
    html! {
        <>
            <canvas ref={canvas_ref} class="graph-canvas" data-testid="graph-canvas" tabindex="0" role="img"
                aria-label={format!("Transaction graph with {n} addresses. Drag or use the arrow keys to pan, the wheel or + and - to zoom, 0 to fit. The list of addresses beside it offers the same nodes for keyboard use.")}
                {onpointerdown} {onpointermove} {onpointerup} {onwheel} {onkeydown} />
            <div class="canvas-tools" role="toolbar" aria-label="Graph view">
                <button class="button small" onclick={zoom_in} aria-label="Zoom in">{ "+" }</button>
                <button class="button small" onclick={zoom_out} aria-label="Zoom out">{ "−" }</button>
                <button class="button small" onclick={fit} aria-label="Fit the graph in view">{ "Fit" }</button>
            </div>
            if overlay_on { <OverlayLegend /> } else { <Legend /> }
        </>
    }
}

#[function_component(Legend)]
fn legend() -> Html {
    let items = [
        ("exchange", "Exchange / OTC"),
        ("mixer", "Mixer"),
        ("bridge", "Bridge / swap"),
        ("scam", "Scam / perpetrator"),
        ("victim", "Victim"),
        ("merchant", "Merchant / other service"),
        ("unlabelled", "No label"),
    ];
    html! {
        <ul class="legend" aria-label="Node colours (from attribution labels)">
            { for items.iter().map(|(cat, text)| html! {
                <li><span class={classes!("swatch", format!("cat-{cat}"))} aria-hidden="true"></span>{ *text }</li>
            }) }
        </ul>
    }
}

#[function_component(OverlayLegend)]
fn overlay_legend() -> Html {
    html! {
        <ul class="legend overlay-legend" aria-label="Solution overlay" data-testid="overlay-legend">
            <li><span class="line found" aria-hidden="true"></span>{ "Trail you found" }</li>
            <li><span class="line missed" aria-hidden="true"></span>{ "Trail you missed" }</li>
            <li><span class="ring false-lead" aria-hidden="true"></span>{ "False lead you expanded" }</li>
            <li><span class="line off" aria-hidden="true"></span>{ "Not on the trail" }</li>
        </ul>
    }
}

/// Colour group of a label category; must match the `.cat-*` classes in the CSS.
fn colour_var(category: Option<Category>) -> &'static str {
    use Category::*;
    match category {
        Some(Exchange | Otc) => "--cat-exchange",
        Some(Mixer) => "--cat-mixer",
        Some(Bridge | Dex | SwapService) => "--cat-bridge",
        Some(Scam | Ransomware | Drainer | Perpetrator | Mule | DarknetMarket) => "--cat-scam",
        Some(Victim) => "--cat-victim",
        Some(Merchant | Gambling | Miner | Individual) => "--cat-merchant",
        Some(Unknown) | None => "--cat-unlabelled",
    }
}

struct Palette {
    style: web_sys::CssStyleDeclaration,
}

impl Palette {
    fn get(&self, var: &str) -> String {
        let v = self.style.get_property_value(var).unwrap_or_default();
        let v = v.trim();
        if v.is_empty() {
            "#888".to_string()
        } else {
            v.to_string()
        }
    }
}

fn draw(canvas: &HtmlCanvasElement, state: &WorkspaceState, view: Viewport) {
    let window = gloo::utils::window();
    let dpr = window.device_pixel_ratio().max(1.0);
    let (w, h) = (
        f64::from(canvas.client_width()),
        f64::from(canvas.client_height()),
    );
    let (pw, ph) = ((w * dpr).round() as u32, (h * dpr).round() as u32);
    if canvas.width() != pw || canvas.height() != ph {
        canvas.set_width(pw);
        canvas.set_height(ph);
    }
    let Some(ctx) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    let Some(style) = window.get_computed_style(canvas).ok().flatten() else {
        return;
    };
    let palette = Palette { style };
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    ctx.set_fill_style_str(&palette.get("--canvas-bg"));
    ctx.fill_rect(0.0, 0.0, w, h);

    let (graph, overlay) = state.shown_graph();
    let ledger = &state.ledger;
    let selected_node = state.selected_address();
    let selected_tx = match &state.selection {
        Some(Selection::Tx(t)) => Some(*t),
        _ => None,
    };
    draw_edges(
        &ctx,
        graph,
        ledger,
        view,
        &palette,
        (selected_node, selected_tx),
        overlay,
    );
    if overlay.is_none() {
        super::canvas_marks::draw_path(&ctx, graph, view, &palette.get("--path"), &state.path);
    }
    draw_nodes(&ctx, graph, ledger, view, &palette, selected_node, overlay);
}

fn draw_edges(
    ctx: &CanvasRenderingContext2d,
    graph: &Investigation,
    ledger: &Ledger,
    view: Viewport,
    palette: &Palette,
    (selected_node, selected_tx): (Option<&str>, Option<usize>),
    overlay: Option<&Overlay>,
) {
    let radius = (NODE_RADIUS * view.scale).max(5.0);
    let (edge_colour, accent, text, bg) = (
        palette.get("--edge"),
        palette.get("--accent"),
        palette.get("--canvas-fg"),
        palette.get("--canvas-bg"),
    );
    ctx.set_font("12px system-ui, sans-serif");
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    for (a, b, edge) in graph.edges() {
        let (x1, y1) = view.to_screen(a.x, a.y);
        let (x2, y2) = view.to_screen(b.x, b.y);
        let len = (x2 - x1).hypot(y2 - y1);
        if len < 2.0 * radius {
            continue;
        }
        let (ux, uy) = ((x2 - x1) / len, (y2 - y1) / len);
        let (sx, sy) = (x1 + ux * radius, y1 + uy * radius);
        let (ex, ey) = (x2 - ux * (radius + 2.0), y2 - uy * (radius + 2.0));
        let highlighted = selected_node.is_some_and(|k| k == a.key || k == b.key)
            || selected_tx.is_some_and(|t| edge.txs.contains(&t));
        // Width grows with the logarithm of the value moved (in whole units).
        let units: f64 = edge
            .totals
            .iter()
            .map(|(asset, v)| v.0 as f64 / 10f64.powi(i32::from(ledger.decimals(asset))))
            .fold(0.0, f64::max);
        let width = (1.0 + (1.0 + units).log10() * 0.6).min(5.0);
        let status = overlay.map(|o| o.edge_status(&edge.txs));
        let overlay_colour = status.map(|s| match s {
            EdgeStatus::Found => palette.get("--trail-found"),
            EdgeStatus::Missed => palette.get("--trail-missed"),
            EdgeStatus::OffTrail => palette.get("--off-trail"),
        });
        let colour = match &overlay_colour {
            Some(c) => c,
            None if highlighted => &accent,
            None => &edge_colour,
        };
        let dash = js_sys::Array::new();
        if status == Some(EdgeStatus::Missed) {
            dash.push(&8.0.into());
            dash.push(&6.0.into());
        }
        let _ = ctx.set_line_dash(&dash);
        let width = if matches!(status, Some(EdgeStatus::Found | EdgeStatus::Missed)) {
            width.max(3.5)
        } else {
            width
        };
        ctx.set_stroke_style_str(colour);
        ctx.set_fill_style_str(colour);
        ctx.set_line_width(width);
        ctx.begin_path();
        ctx.move_to(sx, sy);
        ctx.line_to(ex - ux * 8.0, ey - uy * 8.0);
        ctx.stroke();
        let _ = ctx.set_line_dash(&js_sys::Array::new());
        // Arrowhead.
        let (px, py) = (-uy, ux);
        let head = 9.0 + width;
        ctx.begin_path();
        ctx.move_to(ex, ey);
        ctx.line_to(
            ex - ux * head + px * head * 0.45,
            ey - uy * head + py * head * 0.45,
        );
        ctx.line_to(
            ex - ux * head - px * head * 0.45,
            ey - uy * head - py * head * 0.45,
        );
        ctx.close_path();
        ctx.fill();
        if view.scale >= 0.45 {
            let mut label: Vec<String> = edge
                .totals
                .iter()
                .map(|(asset, v)| ledger.format_amount(asset, *v))
                .collect();
            if edge.txs.len() > 1 {
                label.push(format!("{} tx", edge.txs.len()));
            }
            let (mx, my) = ((sx + ex) / 2.0, (sy + ey) / 2.0);
            halo_text(ctx, &label.join(" · "), mx, my - 9.0, &text, &bg);
        }
    }
}

fn draw_nodes(
    ctx: &CanvasRenderingContext2d,
    graph: &Investigation,
    ledger: &Ledger,
    view: Viewport,
    palette: &Palette,
    selected: Option<&str>,
    overlay: Option<&Overlay>,
) {
    let radius = (NODE_RADIUS * view.scale).max(5.0);
    let (text, bg, accent, ring) = (
        palette.get("--canvas-fg"),
        palette.get("--canvas-bg"),
        palette.get("--accent"),
        palette.get("--node-ring"),
    );
    for node in graph.nodes() {
        let (x, y) = view.to_screen(node.x, node.y);
        let label = ledger.address(&node.key).and_then(|a| a.label.as_ref());
        ctx.set_fill_style_str(&palette.get(colour_var(label.map(|l| l.category))));
        ctx.begin_path();
        let _ = ctx.arc(x, y, radius, 0.0, std::f64::consts::TAU);
        ctx.fill();
        ctx.set_line_width(1.5);
        ctx.set_stroke_style_str(&ring);
        ctx.stroke();
        if let Some(tag) = graph.tag(&node.key) {
            let colour = palette.get(crate::investigation::tag_colour_var(tag));
            super::canvas_marks::ring(ctx, x, y, radius + 3.0, &colour);
        }
        if node.is_start {
            ctx.set_line_width(2.0);
            ctx.begin_path();
            let _ = ctx.arc(x, y, radius + 4.0, 0.0, std::f64::consts::TAU);
            ctx.stroke();
        }
        if let Some(o) = overlay {
            let ring = if o.missed_nodes.contains(&node.key) {
                Some(("--trail-missed", true))
            } else if o.trail_nodes.contains(&node.key) {
                Some(("--trail-found", false))
            } else if o.false_leads.contains(&node.key) {
                Some(("--false-lead", false))
            } else {
                None
            };
            if let Some((var, dashed)) = ring {
                let dash = js_sys::Array::new();
                if dashed {
                    dash.push(&5.0.into());
                    dash.push(&4.0.into());
                }
                let _ = ctx.set_line_dash(&dash);
                ctx.set_stroke_style_str(&palette.get(var));
                ctx.set_line_width(3.0);
                ctx.begin_path();
                let _ = ctx.arc(x, y, radius + 4.0, 0.0, std::f64::consts::TAU);
                ctx.stroke();
                let _ = ctx.set_line_dash(&js_sys::Array::new());
            }
        }
        if selected == Some(node.key.as_str()) {
            ctx.set_stroke_style_str(&accent);
            ctx.set_line_width(4.0);
            ctx.begin_path();
            let _ = ctx.arc(x, y, radius + 7.0, 0.0, std::f64::consts::TAU);
            ctx.stroke();
        }
        if view.scale >= 0.35 {
            let short = shorten(ledger.display_address(&node.key));
            ctx.set_font("12px ui-monospace, monospace");
            halo_text(ctx, &short, x, y + radius + 12.0, &text, &bg);
            if let Some(l) = label {
                ctx.set_font("bold 12px system-ui, sans-serif");
                halo_text(
                    ctx,
                    &truncate(&l.text, 24),
                    x,
                    y + radius + 27.0,
                    &text,
                    &bg,
                );
            }
            ctx.set_font("12px system-ui, sans-serif");
        }
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

/// Text with a background-coloured outline so it stays legible over edges.
fn halo_text(ctx: &CanvasRenderingContext2d, text: &str, x: f64, y: f64, fg: &str, bg: &str) {
    ctx.set_line_width(4.0);
    ctx.set_stroke_style_str(bg);
    let _ = ctx.stroke_text(text, x, y);
    ctx.set_fill_style_str(fg);
    let _ = ctx.fill_text(text, x, y);
}

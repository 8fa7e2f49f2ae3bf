//! The rendering benchmark page, `#/bench?nodes=5000&frames=120` (used by
//! `cargo xtask bench-ui`; no link leads here from the app).
//!
//! It draws a deterministic synthetic graph (`layout::synthetic`, about four edges
//! per node) through the very renderer the workspace uses, pans and zooms it for
//! a fixed number of frames driven by `requestAnimationFrame`, then times force
//! layout steps on the same graph. The result is JSON in
//! `[data-testid=bench-result]`; the graph itself is left in
//! `window.__tracelabBenchGraph` so the benchmark can give cytoscape.js exactly the
//! same nodes, edges, colours and camera path. A route in the app rather than a
//! separate page, so the code measured is the code shipped; it costs a few KB.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::render::{request_animation_frame, AnimationFrame};
use serde_json::json;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

use super::frame_cache::FrameCache;
use super::render::{Highlight, Palette};
use crate::layout::force::ForceLayout;
use crate::layout::scene::Scene;
use crate::layout::synthetic;
use crate::view::Viewport;

#[derive(Properties, PartialEq)]
pub struct BenchProps {
    /// The part of the hash after `?`.
    pub query: String,
}

/// The camera path: zoom in about the centre for the first half, out for the
/// second, panning a little every frame (the benchmark replays it on cytoscape).
pub const ZOOM_STEP: f64 = 1.02;
pub const PAN_STEP: (f64, f64) = (3.0, 2.0);
const WARMUP: usize = 10;

struct Run {
    ctx: CanvasRenderingContext2d,
    size: (f64, f64),
    scene: Scene,
    palette: Palette,
    view: Viewport,
    frames: usize,
    stamps: Vec<f64>,
    draw_ms: Vec<f64>,
    frame: Option<AnimationFrame>,
    graph: synthetic::SyntheticGraph,
    done: Callback<String>,
    cache: FrameCache,
}

fn now() -> f64 {
    gloo::utils::window()
        .performance()
        .map_or_else(js_sys::Date::now, |p| p.now())
}

fn param(query: &str, name: &str, default: usize) -> usize {
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == name)
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(default)
}

fn tick(run: &Rc<RefCell<Run>>) {
    let mut r = run.borrow_mut();
    let r = &mut *r;
    let f = r.stamps.len();
    let (w, h) = r.size;
    let factor = if f < r.frames / 2 {
        ZOOM_STEP
    } else {
        1.0 / ZOOM_STEP
    };
    r.view.zoom_at(factor, w / 2.0, h / 2.0);
    r.view.pan(PAN_STEP.0, PAN_STEP.1);
    let start = now();
    // As on the workspace canvas while the camera moves (see `frame_cache`).
    let hl = Highlight::default();
    r.cache
        .present(&r.ctx, &r.scene, r.view, r.size, 1.0, &r.palette, &hl);
    r.draw_ms.push(now() - start);
    r.stamps.push(start);
    if r.stamps.len() < r.frames {
        let again = run.clone();
        r.frame = Some(request_animation_frame(move |_| tick(&again)));
    } else {
        let report = finish(r);
        r.done.emit(report);
    }
}

fn finish(r: &Run) -> String {
    // The first frames warm caches and the JIT: leave them out (as on the cytoscape side).
    let measured = &r.stamps[r.stamps.len().min(WARMUP).min(r.stamps.len() - 1)..];
    let elapsed = measured.last().unwrap_or(&0.0) - measured.first().unwrap_or(&0.0);
    let fps = (measured.len().saturating_sub(1)) as f64 / (elapsed / 1000.0).max(1e-9);
    let draw_mean = r.draw_ms.iter().sum::<f64>() / r.draw_ms.len().max(1) as f64;
    // Layout: a few warm-up steps, then ten timed ones.
    let n = r.graph.positions.len();
    let mut force = ForceLayout::new(r.graph.positions.clone(), &r.graph.edges, vec![false; n]);
    for _ in 0..3 {
        force.step();
    }
    let mut steps = Vec::new();
    for _ in 0..10 {
        let t = now();
        force.step();
        steps.push(now() - t);
    }
    json!({
        "nodes": n,
        "edges": r.graph.edges.len(),
        "frames": r.stamps.len(),
        "fps": fps,
        "draw_ms_mean": draw_mean,
        "layout_step_ms_mean": steps.iter().sum::<f64>() / steps.len() as f64,
        "layout_step_ms_max": steps.iter().copied().fold(0.0, f64::max),
    })
    .to_string()
}

#[function_component(BenchPage)]
pub fn bench_page(props: &BenchProps) -> Html {
    let canvas_ref = use_node_ref();
    let result = use_state(|| None::<String>);
    let run: Rc<RefCell<Option<Rc<RefCell<Run>>>>> = use_mut_ref(|| None);
    {
        let canvas_ref = canvas_ref.clone();
        let result = result.clone();
        use_effect_with(props.query.clone(), move |query| {
            let nodes = param(query, "nodes", 5000);
            let frames = param(query, "frames", 120).max(WARMUP + 2);
            let Some(canvas) = canvas_ref.cast::<HtmlCanvasElement>() else {
                return;
            };
            let size = (
                f64::from(canvas.client_width()),
                f64::from(canvas.client_height()),
            );
            canvas.set_width(size.0 as u32);
            canvas.set_height(size.1 as u32);
            let (Some(ctx), Some(palette), Some(cache)) = (
                canvas
                    .get_context("2d")
                    .ok()
                    .flatten()
                    .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok()),
                Palette::read(&canvas),
                FrameCache::new(),
            ) else {
                return;
            };
            let graph = synthetic::graph(nodes, 4, 42);
            let scene = Scene::from_synthetic(&graph);
            let view = scene.bounds_of(None).map_or_else(Viewport::default, |b| {
                Viewport::fit(b, size.0, size.1, 20.0)
            });
            let exported = json!({
                "nodes": scene.nodes.iter().map(|n| json!([n.x, n.y, n.group, n.account, n.label])).collect::<Vec<_>>(),
                "edges": scene.edges.iter().map(|e| json!([e.from, e.to, e.width, e.label])).collect::<Vec<_>>(),
                "colours": palette.groups,
                "edge_colour": palette.edge,
                "view": [view.origin_x, view.origin_y, view.scale],
                "zoom_step": ZOOM_STEP,
                "pan_step": [PAN_STEP.0, PAN_STEP.1],
                "frames": frames,
            });
            let _ = js_sys::Reflect::set(
                &gloo::utils::window(),
                &JsValue::from_str("__tracelabBenchGraph"),
                &JsValue::from_str(&exported.to_string()),
            );
            let state = Rc::new(RefCell::new(Run {
                ctx,
                size,
                scene,
                palette,
                view,
                frames,
                stamps: Vec::new(),
                draw_ms: Vec::new(),
                frame: None,
                graph,
                done: Callback::from(move |r| result.set(Some(r))),
                cache,
            }));
            let again = state.clone();
            state.borrow_mut().frame = Some(request_animation_frame(move |_| tick(&again)));
            *run.borrow_mut() = Some(state);
        });
    }
    html! {
        <main class="bench-page">
            <canvas ref={canvas_ref} class="bench-canvas" data-testid="bench-canvas"></canvas>
            if let Some(r) = &*result {
                <pre class="bench-result" data-testid="bench-result">{ r }</pre>
            }
        </main>
    }
}

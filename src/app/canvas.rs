//! The graph canvas: pointer, wheel and key input, the camera, and when to draw.
//!
//! The camera (pan and zoom) lives here, in a `RefCell` beside the component, not
//! in the workspace reducer: a pan is many events a second, and going through the
//! reducer would re-render the node list, inspector and answers each time. Input
//! changes the camera and asks for one draw on the next animation frame. The
//! reducer only hears about what changes the investigation or the selection (a
//! click, a shift-click, a box, a dropped node, a layout), and asks the camera to
//! move through `WorkspaceState::view_request`.
//!
//! What is drawn is a [`Scene`] (core), rebuilt only when the graph changes and
//! drawn by [`super::render`]. A node being dragged or a force layout being
//! animated moves the scene's copy; the result goes to the reducer once, at the
//! end, as one undoable command (`MoveNode` when the pointer comes up, `Arrange`
//! when the layout has settled), so undo, redo and autosave cover it.
//! The canvas carries `data-view="origin_x origin_y scale"` so tests can find a
//! node on screen from its world position.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::render::{request_animation_frame, AnimationFrame};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

use super::browser_text;
use super::frame_cache::FrameCache;
use super::render::{self, Highlight, Palette};
use super::tooltip::{Hover, Tooltip};
use super::workspace::{Action, Selection, ViewRequest, WorkspaceState};
use crate::investigation::history::Command;
use crate::investigation::{Investigation, LayoutKind};
use crate::layout::force::ForceLayout;
use crate::layout::scene::{Scene, GROUPS};
use crate::training::debrief::Overlay;
use crate::view::Viewport;

#[derive(Properties, PartialEq)]
pub struct CanvasProps {
    pub state: UseReducerHandle<WorkspaceState>,
}

/// What a pointer that went down is doing.
enum Gesture {
    /// Down, not moved far yet: a click if it comes up here.
    Press {
        start: (f64, f64),
        node: Option<usize>,
        shift: bool,
    },
    Pan {
        last: (f64, f64),
    },
    MoveNode {
        node: usize,
        offset: (f64, f64),
    },
    Box {
        start: (f64, f64),
        now: (f64, f64),
    },
    Pinch {
        distance: f64,
        centre: (f64, f64),
    },
}

/// The canvas's own state, shared by its event handlers and animation frames.
#[derive(Default)]
struct Core {
    canvas: Option<HtmlCanvasElement>,
    view: Option<Viewport>,
    scene: Scene,
    /// Which graph `scene` was built from: the trainee's, and the debrief's when
    /// the overlay is shown. Held (not just their addresses) so a freed graph's
    /// address can never be mistaken for a new graph's.
    scene_of: Option<SceneSource>,
    highlight: Highlight,
    /// Read from the style sheet on first use; `THEME_EVENT` drops it.
    palette: Option<Palette>,
    gesture: Option<Gesture>,
    /// Pointers down (id, position): one or two (a pinch). A plain list, not a
    /// map: it is tiny, and a map type of its own costs bundle size.
    pointers: Vec<(i32, (f64, f64))>,
    frame: Option<AnimationFrame>,
    force: Option<ForceLayout>,
    view_request_seen: u64,
    dispatch: Option<Callback<Action>>,
    /// The camera is moving (pan, wheel, pinch): frames come from `cache`.
    moving: bool,
    cache: Option<FrameCache>,
    /// Fires shortly after the camera stops, for one crisp frame.
    settle: Option<gloo::timers::callback::Timeout>,
}

/// The camera moved: draw motion frames until it has been still for a moment.
fn camera_moved(core: &Shared) {
    let again = core.clone();
    let mut c = core.borrow_mut();
    c.moving = true;
    c.settle = Some(gloo::timers::callback::Timeout::new(150, move || {
        again.borrow_mut().moving = false;
        schedule(&again);
    }));
    drop(c);
    schedule(core);
}

type Shared = Rc<RefCell<Core>>;

type SceneSource = (Rc<Investigation>, Option<Rc<(Investigation, Overlay)>>);

fn same_source(a: &SceneSource, b: &SceneSource) -> bool {
    Rc::ptr_eq(&a.0, &b.0)
        && match (&a.1, &b.1) {
            (Some(x), Some(y)) => Rc::ptr_eq(x, y),
            (None, None) => true,
            _ => false,
        }
}

/// Starts the force layout from the scene's positions (pinned nodes stay); the
/// animation frames advance it and its result becomes one `Arrange` command.
fn start_force(core: &Shared) {
    let mut c = core.borrow_mut();
    let positions = c.scene.nodes.iter().map(|n| (n.x, n.y)).collect();
    let edges: Vec<(usize, usize)> = c
        .scene
        .edges
        .iter()
        .map(|e| (e.from as usize, e.to as usize))
        .collect();
    let fixed = c.scene.nodes.iter().map(|n| n.pinned).collect();
    c.force = Some(ForceLayout::new(positions, &edges, fixed));
    drop(c);
    schedule(core);
}

fn size_of(canvas: &HtmlCanvasElement) -> (f64, f64) {
    (
        f64::from(canvas.client_width()),
        f64::from(canvas.client_height()),
    )
}

/// Asks for a draw on the next animation frame (once, however often it is asked).
fn schedule(core: &Shared) {
    let mut c = core.borrow_mut();
    if c.frame.is_some() {
        return;
    }
    let again = core.clone();
    c.frame = Some(request_animation_frame(move |_| {
        again.borrow_mut().frame = None;
        frame(&again);
    }));
}

/// One animation frame: advance a running force layout, then draw.
fn frame(core: &Shared) {
    let mut finished = None;
    {
        let mut c = core.borrow_mut();
        let c = &mut *c;
        if let Some(force) = c.force.as_mut() {
            let started = js_sys::Date::now();
            while js_sys::Date::now() - started < 8.0 && !force.settled() && force.steps() < 400 {
                force.step();
            }
            for (n, p) in c.scene.nodes.iter_mut().zip(&force.positions) {
                (n.x, n.y) = *p;
            }
            c.scene.reindex();
            if force.settled() || force.steps() >= 400 {
                finished = Some(
                    c.scene
                        .nodes
                        .iter()
                        .map(|n| (n.key.clone(), n.x, n.y))
                        .collect::<Vec<_>>(),
                );
                c.force = None;
            }
        }
    }
    draw_now(core);
    let dispatch = core.borrow().dispatch.clone();
    match (finished, dispatch) {
        (Some(positions), Some(d)) => d.emit(Action::Do(Command::Arrange {
            positions,
            layout: Some(LayoutKind::Force),
        })),
        _ if core.borrow().force.is_some() => schedule(core),
        _ => {}
    }
}

fn draw_now(core: &Shared) {
    let mut c = core.borrow_mut();
    let c = &mut *c;
    let Some(canvas) = c.canvas.clone() else {
        return;
    };
    let (w, h) = size_of(&canvas);
    if w <= 0.0 || h <= 0.0 {
        return;
    }
    let view = *c.view.get_or_insert_with(|| fit(&c.scene, None, (w, h)));
    let dpr = gloo::utils::window().device_pixel_ratio().max(1.0);
    let (pw, ph) = ((w * dpr).round() as u32, (h * dpr).round() as u32);
    if canvas.width() != pw || canvas.height() != ph {
        canvas.set_width(pw);
        canvas.set_height(ph);
    }
    let Some(ctx) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|x| x.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    // The palette is read once per theme: computed styles are slow to query.
    // Every theme change (the toggle, or the system's while the page follows it)
    // goes through `apply_theme`, whose THEME_EVENT drops it.
    if c.palette.is_none() {
        c.palette = Palette::read(&canvas);
    }
    let Some(palette) = &c.palette else { return };
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    if c.moving && c.cache.is_none() {
        c.cache = FrameCache::new();
    }
    match c.cache.as_mut() {
        Some(cache) if c.moving => {
            cache.present(&ctx, &c.scene, view, (w, h), dpr, palette, &c.highlight)
        }
        cache => {
            // A still frame is drawn crisp; whatever changed since, the bitmap
            // of the next motion is drawn afresh.
            render::draw(&ctx, &c.scene, view, (w, h), palette, &c.highlight);
            if let Some(cache) = cache {
                cache.invalidate();
            }
        }
    }
    let _ = canvas.set_attribute(
        "data-view",
        &format!(
            "{} {} {}",
            browser_text::num(view.origin_x),
            browser_text::num(view.origin_y),
            browser_text::num(view.scale)
        ),
    );
}

/// The camera showing the given nodes (all when `None`).
fn fit(scene: &Scene, which: Option<&[usize]>, (w, h): (f64, f64)) -> Viewport {
    match scene.bounds_of(which) {
        Some(b) => Viewport::fit(b, w, h, 90.0),
        None => Viewport::default(),
    }
}

/// Applies the reducer's state to the core: rebuilds the scene when the graph
/// changed, refreshes the highlight, answers a new view request.
fn sync(core: &Shared, state: &WorkspaceState, dispatch: Callback<Action>) {
    let mut c = core.borrow_mut();
    let c = &mut *c;
    c.dispatch = Some(dispatch);
    let (graph, overlay) = state.shown_graph();
    let source: SceneSource = (
        state.graph.clone(),
        state.debrief.clone().filter(|_| overlay.is_some()),
    );
    if !c.scene_of.as_ref().is_some_and(|s| same_source(s, &source)) {
        c.scene = Scene::from_investigation(graph, &state.ledger, overlay);
        c.scene_of = Some(source);
        c.force = None;
    }
    c.highlight.selected = state.selected_address().and_then(|k| c.scene.index_of(k));
    c.highlight.many = state
        .selected_many
        .iter()
        .filter_map(|k| c.scene.index_of(k))
        .collect();
    c.highlight.tx = match &state.selection {
        Some(Selection::Tx(t)) => Some(*t),
        _ => None,
    };
    c.highlight.path = match overlay {
        None => state
            .path
            .iter()
            .filter_map(|k| c.scene.index_of(k))
            .collect(),
        Some(_) => Vec::new(),
    };
    c.highlight.taint = match (overlay, &state.tools.taint) {
        (None, Some(t)) => c
            .scene
            .nodes
            .iter()
            .map(|n| {
                t.view
                    .rows
                    .get(&n.key)
                    .map(|r| super::tools::shade_alpha(r.shade))
            })
            .collect(),
        _ => Vec::new(),
    };
    let (seq, request) = &state.view_request;
    if *seq != c.view_request_seen {
        if let (Some(canvas), true) = (c.canvas.as_ref(), c.view.is_some()) {
            let size = size_of(canvas);
            match request {
                ViewRequest::Fit => c.view = Some(fit(&c.scene, None, size)),
                ViewRequest::Show(keys) => {
                    let which: Vec<usize> =
                        keys.iter().filter_map(|k| c.scene.index_of(k)).collect();
                    if let (Some(b), Some(v)) = (c.scene.bounds_of(Some(&which)), c.view.as_mut()) {
                        // Room for the toolbar above and the legend below, and
                        // for the two label lines under the lowest node.
                        let b = (b.0, b.1, b.2, b.3 + 40.0 / v.scale);
                        v.ensure_visible(b, size.0, size.1, 110.0);
                    }
                }
            }
        }
        c.view_request_seen = *seq;
    }
}

#[function_component(GraphCanvas)]
pub fn graph_canvas(props: &CanvasProps) -> Html {
    let canvas_ref = use_node_ref();
    let core: Shared = use_mut_ref(Core::default);
    let hover = use_state(|| None::<Hover>);
    let state = props.state.clone();

    // Redraw when the window changes size or the theme changes (the trainee's
    // switch, or the system's while the page follows it: the theme toggle sends
    // THEME_EVENT for both).
    {
        let core = core.clone();
        use_effect_with((), move |_| {
            let c1 = core.clone();
            let resize =
                EventListener::new(&gloo::utils::window(), "resize", move |_| schedule(&c1));
            let c3 = core.clone();
            let theme = EventListener::new(&gloo::utils::window(), super::THEME_EVENT, move |_| {
                c3.borrow_mut().palette = None;
                schedule(&c3);
            });
            move || drop((resize, theme))
        });
    }

    // After every render: take the new state, draw now (so a test sees the frame
    // as soon as the DOM has settled).
    {
        let canvas_ref = canvas_ref.clone();
        let core = core.clone();
        let state = state.clone();
        use_effect(move || {
            core.borrow_mut().canvas = canvas_ref.cast::<HtmlCanvasElement>();
            let dispatcher = state.dispatcher();
            sync(
                &core,
                &state,
                Callback::from(move |a| dispatcher.dispatch(a)),
            );
            draw_now(&core);
            if core.borrow().force.is_some() {
                schedule(&core);
            }
        });
    }

    let overlay_on = state.shown_graph().1.is_some();

    let onpointerdown = {
        let core = core.clone();
        let hover = hover.clone();
        Callback::from(move |e: PointerEvent| {
            let p = (f64::from(e.offset_x()), f64::from(e.offset_y()));
            if let Some(t) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                let _ = t.set_pointer_capture(e.pointer_id());
            }
            hover.set(None);
            let mut c = core.borrow_mut();
            c.pointers.retain(|(id, _)| *id != e.pointer_id());
            c.pointers.push((e.pointer_id(), p));
            if c.pointers.len() == 2 {
                let (a, b) = two(&c.pointers);
                c.gesture = Some(Gesture::Pinch {
                    distance: (a.0 - b.0).hypot(a.1 - b.1).max(1.0),
                    centre: ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0),
                });
                return;
            }
            let view = c.view.unwrap_or_default();
            let (wx, wy) = view.to_world(p.0, p.1);
            let node = c.scene.hit(wx, wy, 5.0 / view.scale);
            c.gesture = Some(if e.shift_key() && node.is_none() {
                Gesture::Box { start: p, now: p }
            } else {
                Gesture::Press {
                    start: p,
                    node,
                    shift: e.shift_key(),
                }
            });
        })
    };
    let onpointermove = {
        let core = core.clone();
        let hover = hover.clone();
        Callback::from(move |e: PointerEvent| {
            let p = (f64::from(e.offset_x()), f64::from(e.offset_y()));
            let mut guard = core.borrow_mut();
            let c = &mut *guard;
            if let Some(entry) = c.pointers.iter_mut().find(|(id, _)| *id == e.pointer_id()) {
                entry.1 = p;
            }
            let view = c.view.unwrap_or_default();
            let Some(gesture) = c.gesture.as_mut() else {
                // Hovering: tell which node is under the pointer (re-render only on change).
                let (wx, wy) = view.to_world(p.0, p.1);
                let now = c.scene.hit(wx, wy, 5.0 / view.scale).map(|i| {
                    let n = &c.scene.nodes[i];
                    let (sx, sy) = view.to_screen(n.x, n.y);
                    Hover {
                        key: n.key.clone(),
                        x: sx,
                        y: sy,
                    }
                });
                if *hover != now {
                    hover.set(now);
                }
                return;
            };
            match gesture {
                Gesture::Press { start, node, shift } => {
                    if (p.0 - start.0).hypot(p.1 - start.1) > 4.0 {
                        *gesture = match *node {
                            Some(i) if !*shift && !overlay_on => {
                                let n = &c.scene.nodes[i];
                                let (wx, wy) = view.to_world(start.0, start.1);
                                Gesture::MoveNode {
                                    node: i,
                                    offset: (n.x - wx, n.y - wy),
                                }
                            }
                            _ => Gesture::Pan { last: *start },
                        };
                    }
                }
                Gesture::Pan { last } => {
                    if let Some(v) = c.view.as_mut() {
                        v.pan(p.0 - last.0, p.1 - last.1);
                    }
                    *last = p;
                }
                Gesture::MoveNode { node, offset } => {
                    let (wx, wy) = view.to_world(p.0, p.1);
                    let n = &mut c.scene.nodes[*node];
                    (n.x, n.y) = (wx + offset.0, wy + offset.1);
                }
                Gesture::Box { now, .. } => {
                    *now = p;
                    if let Some(Gesture::Box { start, now }) = &c.gesture {
                        c.highlight.rubber_band = Some((start.0, start.1, now.0, now.1));
                    }
                }
                Gesture::Pinch { distance, centre } => {
                    let (a, b) = two(&c.pointers);
                    let d = (a.0 - b.0).hypot(a.1 - b.1).max(1.0);
                    let m = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
                    if let Some(v) = c.view.as_mut() {
                        v.pan(m.0 - centre.0, m.1 - centre.1);
                        v.zoom_at(d / *distance, m.0, m.1);
                    }
                    (*distance, *centre) = (d, m);
                }
            }
            let camera = matches!(
                guard.gesture,
                Some(Gesture::Pan { .. } | Gesture::Pinch { .. })
            );
            drop(guard);
            if camera {
                camera_moved(&core);
            } else {
                schedule(&core);
            }
        })
    };
    let onpointerup = {
        let core = core.clone();
        let state = state.clone();
        Callback::from(move |e: PointerEvent| {
            let mut c = core.borrow_mut();
            c.pointers.retain(|(id, _)| *id != e.pointer_id());
            let gesture = c.gesture.take();
            if matches!(gesture, Some(Gesture::Pinch { .. })) && !c.pointers.is_empty() {
                // One finger still down after a pinch: carry on as a pan from there.
                let last = c.pointers[0].1;
                c.gesture = Some(Gesture::Pan { last });
            }
            c.highlight.rubber_band = None;
            let action = match gesture {
                Some(Gesture::Press {
                    node: Some(i),
                    shift,
                    ..
                }) => {
                    let key = c.scene.nodes[i].key.clone();
                    Some(if shift {
                        Action::ToggleSelected(key)
                    } else {
                        Action::SelectAddress(key)
                    })
                }
                Some(Gesture::MoveNode { node, .. }) => {
                    c.scene.reindex();
                    let n = &c.scene.nodes[node];
                    Some(Action::Do(Command::MoveNode {
                        key: n.key.clone(),
                        x: n.x,
                        y: n.y,
                    }))
                }
                Some(Gesture::Press {
                    start,
                    shift: false,
                    ..
                }) => {
                    // Not on a node: an edge under the pointer opens in the inspector.
                    let view = c.view.unwrap_or_default();
                    let (wx, wy) = view.to_world(start.0, start.1);
                    state
                        .shown_graph()
                        .0
                        .edge_hit_test(wx, wy, 6.0 / view.scale)
                        .map(|(a, b)| Action::SelectEdge(a, b))
                }
                Some(Gesture::Box { start, now }) => {
                    let view = c.view.unwrap_or_default();
                    let (x0, y0) = view.to_world(start.0.min(now.0), start.1.min(now.1));
                    let (x1, y1) = view.to_world(start.0.max(now.0), start.1.max(now.1));
                    let keys: Vec<String> = c
                        .scene
                        .within((x0, y0, x1, y1))
                        .into_iter()
                        .map(|i| c.scene.nodes[i].key.clone())
                        .collect();
                    (!keys.is_empty()).then_some(Action::SelectMany(keys))
                }
                _ => None,
            };
            drop(c);
            schedule(&core);
            if let Some(a) = action {
                state.dispatch(a);
            }
        })
    };
    let onpointerleave = {
        let hover = hover.clone();
        Callback::from(move |_: PointerEvent| hover.set(None))
    };
    let onwheel = {
        let core = core.clone();
        Callback::from(move |e: WheelEvent| {
            e.prevent_default();
            let factor = (-e.delta_y() * 0.0015).exp();
            if let Some(v) = core.borrow_mut().view.as_mut() {
                v.zoom_at(factor, f64::from(e.offset_x()), f64::from(e.offset_y()));
            }
            camera_moved(&core);
        })
    };
    // Camera commands shared by keys and toolbar buttons.
    let camera = {
        let core = core.clone();
        move |cmd: &str| {
            let mut guard = core.borrow_mut();
            let c = &mut *guard;
            let Some(canvas) = c.canvas.as_ref() else {
                return;
            };
            let (w, h) = size_of(canvas);
            let Some(v) = c.view.as_mut() else { return };
            match cmd {
                "left" => v.pan(60.0, 0.0),
                "right" => v.pan(-60.0, 0.0),
                "up" => v.pan(0.0, 60.0),
                "down" => v.pan(0.0, -60.0),
                "in" => v.zoom_at(1.25, w / 2.0, h / 2.0),
                "out" => v.zoom_at(0.8, w / 2.0, h / 2.0),
                "fit" => *v = fit(&c.scene, None, (w, h)),
                "selection" => {
                    let mut which = c.highlight.many.clone();
                    which.extend(c.highlight.selected);
                    if !which.is_empty() {
                        // Close in on the selection, but not closer than 1:1.
                        *v = fit(&c.scene, Some(&which), (w, h));
                    }
                }
                _ => return,
            }
            drop(guard);
            schedule(&core);
        }
    };
    let onkeydown = {
        let camera = camera.clone();
        Callback::from(move |e: KeyboardEvent| {
            let cmd = match e.key().as_str() {
                "ArrowLeft" => "left",
                "ArrowRight" => "right",
                "ArrowUp" => "up",
                "ArrowDown" => "down",
                "+" | "=" => "in",
                "-" | "_" => "out",
                "0" => "fit",
                "s" | "S" => "selection",
                _ => return,
            };
            e.prevent_default();
            camera(cmd);
        })
    };
    let button = |cmd: &'static str| {
        let camera = camera.clone();
        Callback::from(move |_: MouseEvent| camera(cmd))
    };
    let layout = state.graph.layout();
    let set_layout = |kind: LayoutKind| {
        let state = state.clone();
        let core = core.clone();
        Callback::from(move |_: MouseEvent| match kind {
            LayoutKind::Force => start_force(&core),
            LayoutKind::Flow => {
                core.borrow_mut().force = None;
                state.dispatch(Action::Do(Command::Arrange {
                    positions: state.graph.flow_positions(),
                    layout: Some(LayoutKind::Flow),
                }));
            }
        })
    };
    let n = state.shown_graph().0.node_count();
    // The multi-selection, for tests and assistive tools (the canvas is an image).
    let selected_many = state.selected_many.join(" ");
    let hovered = (*hover).clone();
    html! {
        <>
            <canvas ref={canvas_ref} class="graph-canvas" data-testid="graph-canvas" tabindex="0" role="img" data-selected={selected_many}
                aria-label={format!("Transaction graph with {n} addresses. Drag to pan, drag a node to move and pin it, click an edge to open its transactions, shift-click or shift-drag to select several, the wheel or + and - to zoom, 0 to fit, S to zoom to the selection. The list of addresses beside it offers the same nodes for keyboard use.")}
                {onpointerdown} {onpointermove} {onpointerup} onpointercancel={onpointerleave.clone()} {onwheel} {onkeydown}
                onpointerleave={onpointerleave} />
            if let Some(h) = hovered {
                <Tooltip state={state.clone()} hover={h} />
            }
            <div class="canvas-tools" role="toolbar" aria-label="Graph view">
                <div class="segmented" role="group" aria-label="Layout">
                    <button class="button small" aria-pressed={(layout == LayoutKind::Flow).to_string()} data-testid="layout-flow"
                        disabled={overlay_on} onclick={set_layout(LayoutKind::Flow)} title="Money flows left to right, one column per hop">{ "Flow" }</button>
                    <button class="button small" aria-pressed={(layout == LayoutKind::Force).to_string()} data-testid="layout-force"
                        disabled={overlay_on} onclick={set_layout(LayoutKind::Force)} title="Force-directed: clusters pull together; dragged nodes stay put">{ "Force" }</button>
                </div>
                <button class="button small" onclick={button("in")} aria-label="Zoom in">{ "+" }</button>
                <button class="button small" onclick={button("out")} aria-label="Zoom out">{ "−" }</button>
                <button class="button small" onclick={button("fit")} aria-label="Fit the graph in view">{ "Fit" }</button>
                <button class="button small" onclick={button("selection")} data-testid="zoom-selection"
                    aria-label="Zoom to the selected addresses">{ "Selection" }</button>
            </div>
            if overlay_on { <OverlayLegend /> } else if state.tools.taint.is_none() { <Legend /> }
        </>
    }
}

fn two(pointers: &[(i32, (f64, f64))]) -> ((f64, f64), (f64, f64)) {
    let mut it = pointers.iter().map(|(_, p)| p);
    let a = it.next().copied().unwrap_or_default();
    (a, it.next().copied().unwrap_or(a))
}

#[function_component(Legend)]
fn legend() -> Html {
    html! {
        <ul class="legend" aria-label="Legend: colour is the label's category, shape is the chain" data-testid="legend">
            { for GROUPS.iter().map(|(cat, text)| html! {
                <li><span class={classes!("swatch", format!("cat-{cat}"))} aria-hidden="true"></span>{ *text }</li>
            }) }
            <li class="legend-break"><span class="shape disc" aria-hidden="true"></span>{ "UTXO chain (Bitcoin-like)" }</li>
            <li><span class="shape square" aria-hidden="true"></span>{ "Account chain (Ethereum/Tron-like)" }</li>
            <li><span class="shape start" aria-hidden="true"></span>{ "Start" }</li>
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

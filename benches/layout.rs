//! Native benchmarks of the graph core at the budget's size (5,000 nodes,
//! about 20,000 edges): one force layout step, a hit-test, a viewport query and
//! building the render scene. `cargo bench --bench layout`.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

use tracelab::layout::force::ForceLayout;
use tracelab::layout::scene::Scene;
use tracelab::layout::synthetic;

fn layout(c: &mut Criterion) {
    let g = synthetic::graph(5000, 4, 42);
    let n = g.positions.len();
    let mut force = ForceLayout::new(g.positions.clone(), &g.edges, vec![false; n]);
    c.bench_function("force step, 5000 nodes", |b| {
        b.iter(|| black_box(force.step()))
    });

    let scene = Scene::from_synthetic(&g);
    let (x0, y0, x1, y1) = scene.bounds_of(None).expect("nodes");
    let mut k = 0u64;
    c.bench_function("hit-test, 5000 nodes", |b| {
        b.iter(|| {
            // Walk probe points over the whole graph so every cell gets visited.
            k = k.wrapping_add(7919);
            let x = x0 + (k % 997) as f64 / 997.0 * (x1 - x0);
            let y = y0 + (k % 991) as f64 / 991.0 * (y1 - y0);
            black_box(scene.hit(x, y, 0.0))
        })
    });
    c.bench_function("viewport query 1280x720 at 1:1, 5000 nodes", |b| {
        b.iter(|| black_box(scene.within((x0, y0, x0 + 1280.0, y0 + 720.0)).len()))
    });
    c.bench_function("scene from synthetic graph, 5000 nodes", |b| {
        b.iter(|| black_box(Scene::from_synthetic(&g).nodes.len()))
    });
}

criterion_group!(benches, layout);
criterion_main!(benches);

//! Generator throughput: a whole case with 100,000 transactions (budget: under 1 s
//! natively) for three typologies, the same case made into a full `Scenario` (what
//! the app receives), and its JSON text. The 1,000,000-transaction budget (15 s,
//! 1 GB) is measured on the command line; see docs/performance.md.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use tracelab::generator::{build, generate, Params, Typology};
use tracelab::scenario::Difficulty;

fn params(t: Typology, scale: usize) -> Params {
    Params {
        scale: Some(scale),
        ..Params::new(t, 2024, Difficulty::Expert)
    }
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("generator");
    g.sample_size(10);
    for t in [
        Typology::Ransomware,
        Typology::BridgeHack,
        Typology::PigButchering,
    ] {
        // The compact case, as `tracelab generate` streams it.
        g.bench_function(format!("{} 100k transactions", t.id()), |b| {
            b.iter(|| black_box(build(&params(t, 100_000)).unwrap().tx_count()))
        });
    }
    g.bench_function("ransomware 100k transactions as a Scenario", |b| {
        b.iter(|| black_box(generate(&params(Typology::Ransomware, 100_000)).unwrap()))
    });
    let case = generate(&params(Typology::Ransomware, 100_000)).unwrap();
    g.bench_function("ransomware 100k to JSON", |b| {
        b.iter(|| black_box(serde_json::to_vec_pretty(&case).unwrap().len()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

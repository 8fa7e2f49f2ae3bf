//! Analytics benchmarks on a synthetic 1,000,000-transaction UTXO ledger:
//! index build, FIFO and haircut taint, clustering; and the index's memory.
//!
//! Run: `cargo bench --bench analytics` (numbers in docs/performance.md).
//! `TRACELAB_BENCH_TXS=100000` runs a smaller ledger.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use tracelab::analytics::cluster::cluster;
use tracelab::analytics::coinjoin::CoinJoinRules;
use tracelab::analytics::synth::synthetic_utxo;
use tracelab::analytics::taint::{self, Method, Source};
use tracelab::analytics::Index;

fn bench(c: &mut Criterion) {
    let n: usize = std::env::var("TRACELAB_BENCH_TXS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let case = synthetic_utxo(n, 7);
    let ix = Index::new(&case);
    let source = Source::Tx(1_000);
    let haircut = taint::run(&ix, source, Method::Haircut, None).unwrap();
    let reached = haircut.outputs(&ix).len();
    eprintln!(
        "ledger: {} transactions, {} coins, {} inputs, {} addresses; index heap {} bytes = {:.1} bytes per transaction; haircut from tx 1,000 reaches {} outputs ({:.0} %)",
        ix.tx_count(),
        ix.coin_count(),
        (0..ix.tx_count() as u32).map(|t| ix.inputs(t).len()).sum::<usize>(),
        ix.address_count(),
        ix.heap_bytes(),
        ix.heap_bytes() as f64 / ix.tx_count() as f64,
        reached,
        100.0 * reached as f64 / ix.coin_count() as f64
    );
    let mut g = c.benchmark_group(format!("analytics_{n}_tx"));
    g.sample_size(10);
    g.bench_function("index_build", |b| b.iter(|| black_box(Index::new(&case))));
    g.bench_function("taint_fifo", |b| {
        b.iter(|| black_box(taint::run(&ix, source, Method::Fifo, None).unwrap()))
    });
    g.bench_function("taint_haircut", |b| {
        b.iter(|| black_box(taint::run(&ix, source, Method::Haircut, None).unwrap()))
    });
    g.bench_function("cluster", |b| {
        b.iter(|| black_box(cluster(&ix, &CoinJoinRules::default())))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! `cargo xtask bench-ui`: the graph-rendering benchmark in headless Chromium.
//!
//! A benchmark, not a test: it reports numbers and never fails on them, so it is
//! not part of `cargo xtask test`. It builds the release app (as shipped), makes
//! sure Chromium, playwright-core and the comparison library (cytoscape.js, in
//! bench/ui) are installed, then runs `bench/ui/bench.mjs`, which opens the app's
//! `#/bench` route and a cytoscape.js page on the same local server and prints a
//! table of frames per second and layout step times.

use anyhow::Result;

use crate::ctx::{run, Ctx};
use crate::steps;
use crate::tools::{self, Scope};

/// `sizes` are node counts (empty: the script's defaults).
pub fn bench_ui(ctx: &Ctx, build_first: bool, sizes: &[String]) -> Result<()> {
    if build_first {
        steps::build(ctx)?;
    }
    tools::setup(ctx, Scope::Browser)?;
    tools::bench_packages(ctx)?;
    let dir = ctx.root().join("bench").join("ui");
    run(ctx
        .command("node")
        .arg("bench.mjs")
        .args(sizes)
        .current_dir(&dir)
        .env("TRACELAB_DIST", ctx.dist()))
}

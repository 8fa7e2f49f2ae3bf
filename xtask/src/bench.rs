//! `cargo xtask bench-ui`: the graph-rendering benchmark in headless Chromium.
//!
//! A benchmark, not a test: it reports numbers and never fails on them, so it is
//! not part of `cargo xtask test`. It builds the release app with the `bench`
//! feature (the shipped renderer plus the `#/bench` route and its synthetic
//! graphs, which the shipped bundle leaves out) into `target/dist-bench/`, makes
//! sure Chromium, playwright-core and the comparison library (cytoscape.js, in
//! bench/ui) are installed, then runs `bench/ui/bench.mjs`, which opens the app's
//! `#/bench` route and a cytoscape.js page on the same local server and prints a
//! table of frames per second and layout step times.

use anyhow::{bail, Result};

use crate::ctx::{run, Ctx};
use crate::tools::{self, Scope};

/// `sizes` are node counts (empty: the script's defaults).
pub fn bench_ui(ctx: &Ctx, build_first: bool, sizes: &[String]) -> Result<()> {
    let dist = ctx.root().join("target").join("dist-bench");
    if build_first {
        tools::setup(ctx, Scope::Build)?;
        run(ctx
            .command("trunk")
            .args(["build", "--release", "--features", "bench", "--dist"])
            .arg(&dist))?;
    } else if !dist.join("index.html").is_file() {
        bail!(
            "{} has no index.html: run `cargo xtask bench-ui` without --no-build first",
            dist.display()
        );
    }
    tools::setup(ctx, Scope::Browser)?;
    tools::bench_packages(ctx)?;
    let dir = ctx.root().join("bench").join("ui");
    run(ctx
        .command("node")
        .arg("bench.mjs")
        .args(sizes)
        .current_dir(&dir)
        .env("TRACELAB_DIST", &dist))
}

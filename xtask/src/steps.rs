//! The project's workflows: build, serve, the browser tests, the fuzzer, and
//! `test`, the whole CI pipeline that `.ci/run` executes.
//!
//! `test` runs every step even after one fails (one run shows every problem, which
//! matters when CI takes minutes), except that the browser tests are skipped when
//! the release build they test failed. Each step prints PASS/FAIL with its
//! duration, and the run ends with the single line `xtask: N passed, N failed`
//! that CI logs can be searched for.

use std::fs;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::ctx::{run, Ctx};
use crate::tools::{self, Scope};
use crate::{disk, size};

/// Setup for the build, `trunk build --release` into dist/, then the size budget.
pub fn build(ctx: &Ctx) -> Result<()> {
    tools::setup(ctx, Scope::Build)?;
    run(ctx.command("trunk").args(["build", "--release"]))?;
    size::check(&ctx.dist())
}

/// Setup for the build, then Trunk's development server (it rebuilds on change).
pub fn serve(ctx: &Ctx) -> Result<()> {
    tools::setup(ctx, Scope::Build)?;
    println!(
        "serve: the app will be at http://127.0.0.1:8080/ once Trunk has built it (Ctrl-C stops)"
    );
    run(ctx.command("trunk").args(["serve", "--release"]))
}

/// The browser tests, after a fresh release build unless `build` is false.
pub fn e2e(ctx: &Ctx, build_first: bool, filters: &[String]) -> Result<()> {
    if build_first {
        build(ctx)?;
    } else if !ctx.dist().join("index.html").is_file() {
        bail!(
            "{} has no index.html: run `cargo xtask build` first",
            ctx.dist().display()
        );
    }
    browser_tests(ctx, filters)
}

fn browser_tests(ctx: &Ctx, filters: &[String]) -> Result<()> {
    tools::setup(ctx, Scope::Browser)?;
    let tracelab = native_cli(ctx)?;
    let dir = ctx.e2e_dir();
    let mut files: Vec<String> = fs::read_dir(&dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".test.mjs"))
        .filter(|name| filters.is_empty() || filters.iter().any(|f| name.contains(f.as_str())))
        .collect();
    files.sort();
    if files.is_empty() {
        bail!("no tests/e2e/*.test.mjs file matches {filters:?}");
    }
    // Node 20's test runner does not expand globs itself, so the files are listed;
    // one file at a time, as each starts its own Chromium and the machine may be small.
    run(ctx
        .command("node")
        .args(["--test", "--test-reporter=spec", "--test-concurrency=1"])
        .args(&files)
        .current_dir(&dir)
        .env("TRACELAB_DIST", ctx.dist())
        .env("TRACELAB_BIN", &tracelab))
}

/// Builds the native `tracelab` command line, the reference the browser tests
/// compare the app with (a debug build: what `cargo test` builds anyway).
fn native_cli(ctx: &Ctx) -> Result<PathBuf> {
    cargo(ctx, &["build", "--bin", "tracelab"])?;
    Ok(ctx.root().join("target/debug/tracelab"))
}

/// Times the app's lab worker in headless Chromium (a report, not a test:
/// `tests/e2e/bench-generator.mjs` prints the numbers and asserts nothing).
pub fn bench_generator(ctx: &Ctx, build_first: bool) -> Result<()> {
    if build_first {
        build(ctx)?;
    }
    tools::setup(ctx, Scope::Browser)?;
    run(ctx
        .command("node")
        .arg("bench-generator.mjs")
        .current_dir(ctx.e2e_dir())
        .env("TRACELAB_DIST", ctx.dist()))
}

/// Times opening big case files in the app (a report, not a test:
/// `tests/e2e/bench-open.mjs` prints the numbers and asserts nothing). Builds the
/// native `tracelab` (release: it writes the 100 MB case) for the files.
pub fn bench_open(ctx: &Ctx, build_first: bool) -> Result<()> {
    if build_first {
        build(ctx)?;
    }
    tools::setup(ctx, Scope::Browser)?;
    cargo(ctx, &["build", "--release", "--bin", "tracelab"])?;
    run(ctx
        .command("node")
        .arg("bench-open.mjs")
        .current_dir(ctx.e2e_dir())
        .env("TRACELAB_DIST", ctx.dist())
        .env("TRACELAB_BIN", ctx.root().join("target/release/tracelab")))
}

/// The fuzzing harness (`fuzz/`, docs/fuzzing.md), built with the `fuzz` profile
/// (optimised, but panics unwind and overflow checks are on); `args` go to it.
pub fn fuzz(ctx: &Ctx, args: &[String]) -> Result<()> {
    run(ctx
        .command("cargo")
        .args([
            "run",
            "--quiet",
            "--profile",
            "fuzz",
            "-p",
            "tracelab-fuzz",
            "--",
        ])
        .args(args))
}

/// CI's fuzz seed: the number of the day (UTC days since 1970). A fixed seed would
/// repeat the same inputs on every run and find nothing after the first; a random
/// one would make a red run hard to repeat. The day's number changes the inputs
/// daily, and the command CI prints (`--seed N`) repeats a run exactly.
fn fuzz_seed_of_the_day() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400)
}

fn cargo(ctx: &Ctx, args: &[&str]) -> Result<()> {
    run(ctx.command("cargo").args(args))
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Outcome {
    Pass,
    Fail,
    Skip,
}

struct StepResult {
    name: &'static str,
    outcome: Outcome,
    took: Duration,
    note: String,
}

/// Runs one named step, printing a header and its verdict.
fn step(
    results: &mut Vec<StepResult>,
    name: &'static str,
    body: impl FnOnce() -> Result<()>,
) -> bool {
    println!("\n==> {name}");
    let start = Instant::now();
    let result = body();
    let took = start.elapsed();
    let (outcome, note) = match result {
        Ok(()) => (Outcome::Pass, String::new()),
        Err(err) => (Outcome::Fail, format!("{err:#}")),
    };
    println!(
        "{} {name} ({}){}",
        label(outcome),
        secs(took),
        suffix(&note)
    );
    results.push(StepResult {
        name,
        outcome,
        took,
        note,
    });
    outcome == Outcome::Pass
}

fn skip(results: &mut Vec<StepResult>, name: &'static str, why: &str) {
    println!("\n==> {name}\nSKIP {name}: {why}");
    results.push(StepResult {
        name,
        outcome: Outcome::Skip,
        took: Duration::ZERO,
        note: why.into(),
    });
}

fn label(o: Outcome) -> &'static str {
    match o {
        Outcome::Pass => "PASS",
        Outcome::Fail => "FAIL",
        Outcome::Skip => "SKIP",
    }
}

fn suffix(note: &str) -> String {
    if note.is_empty() {
        String::new()
    } else {
        format!(": {note}")
    }
}

fn secs(d: Duration) -> String {
    format!("{:.1}s", d.as_secs_f64())
}

/// The summary line; a skipped step did not pass, so it counts as failed.
fn summary(results: &[StepResult]) -> (usize, usize, String) {
    let passed = results
        .iter()
        .filter(|r| r.outcome == Outcome::Pass)
        .count();
    let failed = results.len() - passed;
    (
        passed,
        failed,
        format!("xtask: {passed} passed, {failed} failed"),
    )
}

/// Everything CI runs.
pub fn test(ctx: &Ctx) -> Result<()> {
    let started = Instant::now();
    let mut results = Vec::new();
    let r = &mut results;
    println!("{}", disk::report(ctx.root()));

    step(r, "fmt", || cargo(ctx, &["fmt", "--all", "--check"]));
    step(r, "clippy (native)", || {
        cargo(
            ctx,
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--features",
                "tracelab/bench",
                "--",
                "-D",
                "warnings",
            ],
        )
    });
    // The app as shipped, and with the `bench` feature (the `#/bench` route that
    // only `bench-ui` builds), so neither can rot.
    step(r, "clippy (wasm32)", || {
        tools::wasm_target(ctx)?;
        for features in [&[][..], &["--features", "tracelab/bench"][..]] {
            cargo(
                ctx,
                &[
                    &["clippy", "-p", "tracelab", "-p", "tracelab-lab"][..],
                    &["--target", tools::WASM_TARGET][..],
                    features,
                    &["--lib", "--bins", "--", "-D", "warnings"][..],
                ]
                .concat(),
            )?;
        }
        Ok(())
    });
    step(r, "cargo test", || {
        cargo(
            ctx,
            &["test", "--workspace", "--features", "tracelab/bench"],
        )
    });
    // About a minute in all, shared by the targets; fails on any failure that is
    // not a known pending one (tests/fixtures/fuzz/*/pending/).
    step(r, "fuzz (60 s)", || {
        let seed = fuzz_seed_of_the_day().to_string();
        fuzz(
            ctx,
            &["--seconds".into(), "60".into(), "--seed".into(), seed],
        )
    });
    let built = step(r, "release build + size budget", || build(ctx));
    if built {
        step(r, "e2e", || browser_tests(ctx, &[]));
    } else {
        skip(r, "e2e", "needs the release build, which failed");
    }

    println!("\nsteps ({} in all):", secs(started.elapsed()));
    for s in &results {
        println!("  {} {:<30} {:>8}", label(s.outcome), s.name, secs(s.took));
    }
    let (_, failed, line) = summary(&results);
    for s in results.iter().filter(|s| s.outcome != Outcome::Pass) {
        eprintln!("  {} {}{}", label(s.outcome), s.name, suffix(&s.note));
    }
    if failed > 0 {
        // A full disk shows up as ENOSPC in whichever step was running.
        eprintln!("  {}", disk::report(ctx.root()));
    }
    println!("{line}");
    if failed > 0 {
        // The summary line already says it; exit non-zero without another message.
        std::process::exit(1);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_continue_and_count() {
        let mut r = Vec::new();
        assert!(step(&mut r, "a", || Ok(())));
        assert!(!step(&mut r, "b", || bail!("broken")));
        skip(&mut r, "c", "needs b");
        assert!(step(&mut r, "d", || Ok(())));
        let (passed, failed, line) = summary(&r);
        assert_eq!((passed, failed), (2, 2));
        assert_eq!(line, "xtask: 2 passed, 2 failed");
        assert_eq!(r[1].note, "broken");
    }
}

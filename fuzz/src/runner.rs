//! The fuzzing loop: for each target, seeds prepared once, then runs until the
//! target's share of `--runs` or `--seconds` is used; each failure classified
//! against the saved reproducers, and a new one minimised, saved and printed.
//!
//! Runs (minimising's too) happen on a worker thread, so that an input that never
//! returns (a freeze) is a finding too: after [`TIMEOUT`] the worker is abandoned (it keeps a
//! core busy until the process ends, as a thread cannot be killed), the input is
//! saved without minimising (each try could take as long) as the failure
//! `timeout in <target>`, and a fresh worker takes the next run.
//!
//! A failure at the location of a `pending/` reproducer (read from its sidecar)
//! is known and not fixed yet: counted, not a reason to fail. One at the location
//! of any other saved reproducer is a regression. Anything else is new. The run
//! is clean when nothing was new and nothing regressed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use crate::catch::{self, Failure, QuietPanics, TargetFn};
use crate::mutate::{self, Seed};
use crate::targets::{Target, TARGETS};
use crate::{corpus, fixtures, minimize};

pub struct Options {
    /// Runs in all, shared evenly by the targets.
    pub runs: Option<u64>,
    /// Seconds in all, shared evenly by the targets (minimising not counted).
    pub seconds: Option<f64>,
    pub target: Option<String>,
    pub seed: u64,
}

/// A run that has not returned after this long is a freeze: no input of the
/// sizes the mutators make should keep a user waiting that long.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// A thread that runs inputs, so that the fuzzer can give up waiting on one.
struct Worker {
    inputs: Sender<(TargetFn, Arc<str>)>,
    outcomes: Receiver<Option<Failure>>,
}

impl Worker {
    fn start() -> Worker {
        let (inputs, todo) = channel::<(TargetFn, Arc<str>)>();
        let (done, outcomes) = channel();
        // The main thread's stack size, so that deep recursion fails as it would
        // on the main thread of the app or the command line.
        let spawned = thread::Builder::new().stack_size(8 << 20).spawn(move || {
            for (target, input) in todo {
                if done.send(catch::run(target, &input)).is_err() {
                    return;
                }
            }
        });
        if let Err(e) = spawned {
            panic!("cannot start a fuzz worker thread: {e}");
        }
        Worker { inputs, outcomes }
    }

    /// The run's outcome, or `None` when it did not return within [`TIMEOUT`]
    /// (then a fresh worker replaces this one).
    fn attempt(&mut self, target: TargetFn, input: Arc<str>) -> Option<Option<Failure>> {
        let outcome = self
            .inputs
            .send((target, input))
            .ok()
            .and_then(|()| self.outcomes.recv_timeout(TIMEOUT).ok());
        if outcome.is_none() {
            *self = Worker::start();
        }
        outcome
    }
}

/// A single run this long is reported: no input of the sizes the mutators make
/// should take a user seconds. Only reported, as the time depends on the machine.
const SLOW: Duration = Duration::from_secs(5);

/// A saved reproducer, by the location of the failure it showed.
struct Known {
    path: PathBuf,
    pending: bool,
}

/// Runs the fuzzer; `Ok(true)` when the run is clean.
pub fn fuzz(o: &Options) -> Result<bool, String> {
    let targets: Vec<&'static Target> = match &o.target {
        Some(name) => vec![crate::targets::by_name(name).ok_or_else(|| {
            let names: Vec<&str> = TARGETS.iter().map(|t| t.name).collect();
            format!("no target {name:?}; the targets are {}", names.join(", "))
        })?],
        None => TARGETS.iter().collect(),
    };
    let _quiet = QuietPanics::install();
    let loading = Instant::now();
    corpus::cases();
    let known = known()?;
    println!(
        "fuzz: seed {}, {} target(s), {} known failure location(s), cases loaded in {:.1} s",
        o.seed,
        targets.len(),
        known.len(),
        loading.elapsed().as_secs_f64()
    );
    let share = targets.len() as u64;
    let mut clean = true;
    let mut total = 0;
    let started = Instant::now();
    for (i, t) in targets.iter().enumerate() {
        // The first targets take the remainder, so the runs add up to --runs.
        let runs = o
            .runs
            .map(|n| n / share + u64::from((i as u64) < n % share));
        let time = o.seconds.map(|s| Duration::from_secs_f64(s / share as f64));
        let r = fuzz_target(t, o.seed, runs, time, &known)?;
        clean &= r.clean;
        total += r.runs;
    }
    println!(
        "fuzz: {total} runs in {:.1} s, {}",
        started.elapsed().as_secs_f64(),
        if clean {
            "no new failures"
        } else {
            "FAILURES (see above)"
        }
    );
    Ok(clean)
}

/// Every saved reproducer with a sidecar, by its failure's location.
fn known() -> Result<BTreeMap<String, Known>, String> {
    let mut known = BTreeMap::new();
    for f in fixtures::all()? {
        if let Some(why) = f.why {
            known.insert(
                why.location,
                Known {
                    path: f.path,
                    pending: f.pending,
                },
            );
        }
    }
    Ok(known)
}

struct TargetRun {
    runs: u64,
    clean: bool,
}

fn fuzz_target(
    t: &Target,
    seed: u64,
    runs: Option<u64>,
    time: Option<Duration>,
    known: &BTreeMap<String, Known>,
) -> Result<TargetRun, String> {
    let seeds: Vec<Seed> = (t.seeds)().into_iter().map(Seed::new).collect();
    let mut done = 0;
    let mut spent = Duration::ZERO;
    let mut slowest = (Duration::ZERO, 0);
    let mut seen: BTreeMap<String, u64> = BTreeMap::new();
    let mut bad = BTreeSet::new();
    let mut worker = Worker::start();
    while runs.is_none_or(|n| done < n) && time.is_none_or(|limit| spent < limit) {
        let input: Arc<str> = mutate::input(&seeds, &mut mutate::stream(seed, t.name, done)).into();
        let start = Instant::now();
        let failure = worker.attempt(t.run, input.clone()).unwrap_or_else(|| {
            Some(Failure {
                location: format!("timeout in {}", t.name),
                message: format!("a run did not return within {} s", TIMEOUT.as_secs()),
            })
        });
        let took = start.elapsed();
        spent += took;
        slowest = slowest.max((took, done));
        if let Some(f) = failure {
            let count = seen.entry(f.location.clone()).or_default();
            *count += 1;
            if *count == 1 && !report(t, seed, done, &input, &f, known, &mut worker)? {
                bad.insert(f.location);
            }
        }
        done += 1;
    }
    let per_second = done as f64 / spent.as_secs_f64().max(1e-9);
    let findings: Vec<String> = seen
        .iter()
        .map(|(location, n)| {
            let kind = match known.get(location) {
                Some(k) if k.pending => "pending",
                Some(_) => "REGRESSION",
                None => "NEW",
            };
            format!("{kind} {location} ×{n}")
        })
        .collect();
    println!(
        "{:<10} {done:>9} runs {:>7.1} s {per_second:>9.0} runs/s  slowest {:>5} ms (run {})  {}",
        t.name,
        spent.as_secs_f64(),
        slowest.0.as_millis(),
        slowest.1,
        if findings.is_empty() {
            "no failures".to_string()
        } else {
            findings.join("; ")
        }
    );
    if slowest.0 >= SLOW {
        println!(
            "  {} run {} took {:.1} s: a possible freeze (not counted as a failure); replay: \
             cargo xtask fuzz --target {} --seed {seed} --runs {}",
            t.name,
            slowest.1,
            slowest.0.as_secs_f64(),
            t.name,
            slowest.1 + 1
        );
    }
    Ok(TargetRun {
        runs: done,
        clean: bad.is_empty(),
    })
}

/// Prints a target's first failure at a location (minimised and saved when new);
/// whether it is a known pending one.
fn report(
    t: &Target,
    seed: u64,
    run: u64,
    input: &str,
    f: &Failure,
    known: &BTreeMap<String, Known>,
    worker: &mut Worker,
) -> Result<bool, String> {
    let again = format!(
        "cargo xtask fuzz --target {} --seed {seed} --runs {}",
        t.name,
        run + 1
    );
    match known.get(&f.location) {
        Some(k) if k.pending => {
            println!(
                "  {} run {run}: known, fix pending ({}): {}",
                t.name,
                fixtures::shown(&k.path),
                f.line()
            );
            Ok(true)
        }
        Some(k) => {
            println!(
                "  {} run {run}: REGRESSION, fails like {} again: {}\n    reproduce: {again}",
                t.name,
                fixtures::shown(&k.path),
                f.line()
            );
            Ok(false)
        }
        None => {
            let start = Instant::now();
            let small = if f.location.starts_with("timeout") {
                input.to_string()
            } else {
                minimize::minimize(&mut |c| worker.attempt(t.run, c.into()), input, &f.location)
            };
            let path = fixtures::save(t, &small, f)?;
            println!(
                "  {} run {run}: NEW {}\n    reproduce: {again}\n    minimised from {} to {} bytes in {:.1} s, saved as {}",
                t.name,
                f.line(),
                input.len(),
                small.len(),
                start.elapsed().as_secs_f64(),
                fixtures::shown(&path)
            );
            const SHOWN: usize = 2000;
            let cut = small.floor_char_boundary(SHOWN);
            let more = if cut < small.len() { " [...]" } else { "" };
            println!(
                "    ---- input ----\n{}{more}\n    ---------------",
                &small[..cut]
            );
            Ok(false)
        }
    }
}

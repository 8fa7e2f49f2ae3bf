//! Every saved fuzz reproducer (`tests/fixtures/fuzz/<target>/`) runs through its
//! target, the same function the fuzzer calls; one that still panics or breaks
//! its invariant fails the test. Those under `pending/` are known failures whose
//! fix is not on this branch: listed with their sidecar's failure, not run (one
//! may be a freeze); once fixed, `git mv` them out of `pending/` so that they run.

use tracelab_fuzz::catch::{self, QuietPanics};
use tracelab_fuzz::fixtures;

#[test]
fn saved_reproducers_no_longer_fail() {
    let _quiet = QuietPanics::install();
    let mut failing = Vec::new();
    for f in fixtures::all().unwrap() {
        let shown = fixtures::shown(&f.path);
        if f.pending {
            let why = f.why.map(|w| w.line()).unwrap_or_default();
            println!("pending, not fixed on this branch: {shown}: {why}");
        } else if let Some(failure) = catch::run(f.target.run, &f.text) {
            failing.push(format!("{shown}: {}", failure.line()));
        }
    }
    assert!(
        failing.is_empty(),
        "reproducers that still fail:\n{}",
        failing.join("\n")
    );
}

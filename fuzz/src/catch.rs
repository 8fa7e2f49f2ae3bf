//! Running one input through a target so that a panic becomes a finding instead
//! of the end of the run.
//!
//! The fuzz profile unwinds (`panic = "unwind"`), so `catch_unwind` stops a panic
//! at the target's edge. The panic hook is where the location is known, so while
//! [`QuietPanics`] is alive the hook records location and message for the thread
//! that is running a target (and says nothing: a million runs would otherwise
//! flood the terminal); any other panic still goes to the hook that was there
//! before, which [`QuietPanics`] puts back when dropped. A broken invariant (a
//! target's `Err`) is a finding of the same kind, located by the invariant's name.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::sync::{Arc, Mutex, MutexGuard};

/// A target's verdict on an input that did not panic but broke a promise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broken {
    /// Stable name of the promise (`markdown-no-script`, ...): a finding's location.
    pub invariant: &'static str,
    pub detail: String,
}

/// A target function: `Ok` when the input was handled as promised.
pub type TargetFn = fn(&str) -> Result<(), Broken>;

/// Why an input failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// `src/time.rs:53:17` for a panic, `invariant markdown-no-script` for a broken
    /// invariant: two failures at one location are taken to be one bug.
    pub location: String,
    pub message: String,
}

impl Failure {
    /// `location: message` on one line (for sidecar files and the log).
    pub fn line(&self) -> String {
        let message = self.message.replace('\\', "\\\\").replace('\n', "\\n");
        format!("{}: {message}", self.location)
    }

    /// Reads back what [`Failure::line`] wrote.
    pub fn from_line(line: &str) -> Option<Failure> {
        let (location, message) = line.trim_end().split_once(": ")?;
        Some(Failure {
            location: location.to_string(),
            message: message.to_string(),
        })
    }
}

thread_local! {
    static CATCHING: Cell<bool> = const { Cell::new(false) };
    static CAUGHT: RefCell<Option<Failure>> = const { RefCell::new(None) };
}

type Hook = Box<dyn Fn(&PanicHookInfo<'_>) + Sync + Send + 'static>;

/// Silences and records panics inside [`run`] while alive; restores the previous
/// panic hook when dropped. One at a time per process (a second waits): the hook
/// is global, and two threads swapping it would lose each other's.
pub struct QuietPanics {
    previous: Option<Arc<Hook>>,
    _one_at_a_time: MutexGuard<'static, ()>,
}

static INSTALLED: Mutex<()> = Mutex::new(());

impl QuietPanics {
    pub fn install() -> QuietPanics {
        // A test that failed while holding it leaves it poisoned; the hook it
        // guards was still restored (or left passing panics on), so carry on.
        let one_at_a_time = INSTALLED.lock().unwrap_or_else(|e| e.into_inner());
        let previous: Arc<Hook> = Arc::new(panic::take_hook());
        let fallback = Arc::clone(&previous);
        panic::set_hook(Box::new(move |info| {
            if CATCHING.get() {
                let mut location = info
                    .location()
                    .map_or_else(|| "unknown location".into(), |l| tidy(&l.to_string()));
                let mut message = info.payload_as_str().unwrap_or("(no message)").to_string();
                if location.starts_with("/rustc/") {
                    if let Some(caller) = caller() {
                        message = format!("{message} (in the standard library: {location})");
                        location = caller;
                    }
                }
                CAUGHT.set(Some(Failure { location, message }));
            } else {
                fallback(info);
            }
        }));
        QuietPanics {
            previous: Some(previous),
            _one_at_a_time: one_at_a_time,
        }
    }
}

impl Drop for QuietPanics {
    fn drop(&mut self) {
        // The hook cannot be changed while this thread unwinds; ours passes other
        // panics on to the previous hook anyway.
        if std::thread::panicking() {
            return;
        }
        // Dropping our hook drops its clone of the previous one, so it is ours again.
        drop(panic::take_hook());
        if let Some(previous) = self.previous.take().and_then(Arc::into_inner) {
            panic::set_hook(previous);
        }
    }
}

/// The first frame of the current backtrace outside the standard library and this
/// harness: where an overflow inside, say, a range iterator was really caused (the
/// panic's own location is then in the standard library, the same for every
/// caller). Needs line tables, which the `fuzz` profile keeps.
fn caller() -> Option<String> {
    let trace = std::backtrace::Backtrace::force_capture().to_string();
    let std_lib = |path: &&str| path.starts_with("/rustc/");
    // The frames: capturing the trace (std), this hook (ours), panicking (std),
    // where it panicked (std), then the caller wanted.
    let mut frames = trace
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("at "))
        .map(|path| path.trim_start_matches("./"))
        .skip_while(std_lib)
        .skip_while(|path| !std_lib(path))
        .skip_while(std_lib);
    frames.next().map(|path| {
        let root = crate::corpus::root();
        let relative = std::path::Path::new(path).strip_prefix(&root).ok();
        tidy(&relative.map_or(path.to_string(), |p| p.display().to_string()))
    })
}

/// A panic location without the machine-specific part of a dependency's path
/// (`$CARGO_HOME/registry/src/<index>/`), so saved findings read the same everywhere.
fn tidy(location: &str) -> String {
    match location.find("/registry/src/") {
        Some(i) => {
            let rest = &location[i + "/registry/src/".len()..];
            let after_index = rest.find('/').map_or(rest, |j| &rest[j + 1..]);
            format!("<crate registry>/{after_index}")
        }
        None => location.to_string(),
    }
}

/// Runs `target` on `input`; the failure, if any. Needs a [`QuietPanics`] alive for
/// a panic's location (without one the panic is still caught, with the default
/// hook's output).
pub fn run(target: TargetFn, input: &str) -> Option<Failure> {
    CATCHING.set(true);
    let result = panic::catch_unwind(AssertUnwindSafe(|| target(input)));
    CATCHING.set(false);
    match result {
        Ok(Ok(())) => None,
        Ok(Err(broken)) => Some(Failure {
            location: format!("invariant {}", broken.invariant),
            message: broken.detail,
        }),
        Err(payload) => Some(CAUGHT.take().unwrap_or_else(|| {
            Failure {
                location: "unknown location".into(),
                message: payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_default(),
            }
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slices(text: &str) -> Result<(), Broken> {
        let _ = &text[..1];
        Ok(())
    }

    /// Overflows inside the standard library's range iterator.
    fn overflows(text: &str) -> Result<(), Broken> {
        let mut r = u8::MAX - 1 + std::hint::black_box(text.len() as u8)..;
        r.next();
        r.next();
        Ok(())
    }

    fn picky(text: &str) -> Result<(), Broken> {
        if text.is_empty() {
            return Err(Broken {
                invariant: "not-empty",
                detail: "empty".into(),
            });
        }
        Ok(())
    }

    #[test]
    fn panics_and_broken_invariants_are_findings_with_a_location() {
        let quiet = QuietPanics::install();
        assert_eq!(run(slices, "ab"), None);
        let f = run(slices, "é").unwrap();
        assert!(f.location.starts_with("fuzz/src/catch.rs:"), "{f:?}");
        assert!(f.message.contains("char boundary"), "{f:?}");
        assert_eq!(run(picky, "").unwrap().line(), "invariant not-empty: empty");
        let f = run(overflows, "").unwrap();
        // Backtraces name files from the package's folder (`src/...` here; the
        // main crate's are `src/...` in both).
        assert!(f.location.starts_with("src/catch.rs:"), "{f:?}");
        assert!(f.message.contains("in the standard library"), "{f:?}");
        drop(quiet);
        assert_eq!(Failure::from_line(&f.line()), Some(f));
        assert_eq!(
            tidy("/home/u/.cargo/registry/src/some-index-0123/serde_json-1.0.0/src/de.rs:9:1"),
            "<crate registry>/serde_json-1.0.0/src/de.rs:9:1"
        );
    }
}

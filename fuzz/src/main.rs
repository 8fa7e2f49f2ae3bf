//! `tracelab-fuzz [--runs N] [--seconds S] [--target NAME] [--seed N]`, normally
//! started by `cargo xtask fuzz` with the `fuzz` profile (unwinding panics,
//! overflow checks). Exit 0 when no new failure was found, 1 when one was, 2 on a
//! usage error.

use std::process::ExitCode;

use tracelab_fuzz::runner::{self, Options};
use tracelab_fuzz::targets::TARGETS;

const USAGE: &str = "usage: tracelab-fuzz [--runs N] [--seconds S] [--target NAME] [--seed N]
  --runs N      runs in all, shared evenly by the targets
  --seconds S   seconds of running in all, shared evenly (default 60 when
                neither --runs nor --seconds is given)
  --target NAME only this target";

fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        runs: None,
        seconds: None,
        target: None,
        seed: 0,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let bad = || format!("{flag} does not take {value:?}");
        match flag.as_str() {
            "--runs" => o.runs = Some(value.parse().map_err(|_| bad())?),
            "--seconds" => {
                let s: f64 = value.parse().map_err(|_| bad())?;
                if !(s.is_finite() && s > 0.0) {
                    return Err(bad());
                }
                o.seconds = Some(s);
            }
            "--target" => o.target = Some(value.clone()),
            "--seed" => o.seed = value.parse().map_err(|_| bad())?,
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    if o.runs.is_none() && o.seconds.is_none() {
        o.seconds = Some(60.0);
    }
    Ok(o)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match parse(&args) {
        Ok(o) => o,
        Err(message) => {
            let names: Vec<&str> = TARGETS.iter().map(|t| t.name).collect();
            eprintln!(
                "tracelab-fuzz: {message}\n{USAGE}\n  targets: {}",
                names.join(", ")
            );
            return ExitCode::from(2);
        }
    };
    match runner::fuzz(&options) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("tracelab-fuzz: {message}");
            ExitCode::from(2)
        }
    }
}

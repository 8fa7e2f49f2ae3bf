//! `cargo xtask`: the one entry point for installing the tools, building, serving
//! and testing TraceLab (the `cargo xtask` pattern: automation written in Rust, so
//! it needs nothing but cargo and runs the same on every machine and in CI).
//!
//! This file only parses the command line and dispatches; the work lives in
//! [`tools`] (pinned tool installation), [`steps`] (build, serve, e2e and the CI
//! pipeline), [`size`] (the release size budget) and [`ctx`] (paths and how child
//! processes are started).

mod bench;
mod csp;
mod ctx;
mod disk;
mod size;
mod steps;
mod tools;

use std::process::ExitCode;

use ctx::Ctx;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  setup            install what is missing, at pinned versions: the wasm32 target,
                   Trunk, wasm-bindgen-cli (the version in Cargo.lock), wasm-opt
                   (npm binaryen into .tools/), Debian chromium + chromium-driver,
                   and the browser-test packages (npm ci in tests/e2e)
  build            setup (without the browser), `trunk build --release` into dist/,
                   then check the size budget of the wasm + JS
  serve            setup (without the browser), then `trunk serve --release`
                   at http://127.0.0.1:8080/
  e2e [--no-build] [NAME...]
                   build, then run the browser tests (tests/e2e/*.test.mjs) with
                   node --test; NAME keeps only the test files whose name contains it;
                   --no-build reuses the dist/ already there (the native tracelab
                   the tests compare with is always brought up to date)
  bench-ui [--no-build] [NODES...]
                   the graph-rendering benchmark in headless Chromium: TraceLab's
                   canvas (built with the `bench` feature into target/dist-bench;
                   --no-build reuses it) against cytoscape.js on the same graphs (default 500,
                   2000, 5000 and 10000 nodes); prints frames per second and the
                   force layout step time. Not part of `test`
  size             print the size of the wasm + JS in dist/ and check the budget
  bench-open [--no-build]
                   time opening 20,000- and 100,000-transaction case files in the
                   app in headless Chromium, with the page's longest tasks meanwhile
                   (prints numbers, asserts nothing)
  bench-generator [--no-build]
                   time the app's lab worker (the generator) in headless Chromium
                   (10,000 transactions; prints numbers, asserts nothing)
  fuzz [--runs N] [--seconds S] [--target NAME] [--seed N]
                   the fuzzing harness (tracelab-fuzz, built with the `fuzz` profile):
                   mutated cases, results files, saved work, lab messages and Markdown
                   through the core; a new panic is minimised and saved under
                   tests/fixtures/fuzz/ (docs/fuzzing.md). Default: 60 seconds, seed 0
  test             everything CI runs: fmt, clippy (native and wasm32, with and without
                   the `bench` feature where it applies), cargo test (with it), a
                   one-minute fuzz run, release build + size budget, e2e; ends with
                   `xtask: N passed, N failed`
  csp [DIR]        add the hashes of the built page's inline scripts to its
                   Content-Security-Policy (DIR, else $TRUNK_STAGING_DIR); Trunk
                   runs it after every build (Trunk.toml)
  help             this text
";

/// A parsed command line.
#[derive(Debug, PartialEq, Eq)]
enum Command {
    Setup,
    Build,
    Serve,
    E2e { build: bool, filters: Vec<String> },
    BenchUi { build: bool, sizes: Vec<String> },
    Size,
    BenchGenerator { build: bool },
    BenchOpen { build: bool },
    Fuzz { args: Vec<String> },
    Test,
    Csp { dir: Option<String> },
    Help,
}

/// Parses the arguments after `cargo xtask`; `Err` carries the message for a usage error.
fn parse(args: &[String]) -> Result<Command, String> {
    let Some((first, rest)) = args.split_first() else {
        return Err("no command given".into());
    };
    let no_options = |cmd: Command| {
        if rest.is_empty() {
            Ok(cmd)
        } else {
            Err(format!(
                "`{first}` takes no arguments (got `{}`)",
                rest.join(" ")
            ))
        }
    };
    match first.as_str() {
        "setup" => no_options(Command::Setup),
        "build" => no_options(Command::Build),
        "serve" => no_options(Command::Serve),
        "size" => no_options(Command::Size),
        "bench-generator" => {
            only_no_build(first, rest).map(|build| Command::BenchGenerator { build })
        }
        "bench-open" => only_no_build(first, rest).map(|build| Command::BenchOpen { build }),
        "test" => no_options(Command::Test),
        "fuzz" => fuzz_options(rest).map(|args| Command::Fuzz { args }),
        "help" | "-h" | "--help" => Ok(Command::Help),
        "csp" => match rest {
            [] => Ok(Command::Csp { dir: None }),
            [dir] => Ok(Command::Csp {
                dir: Some(dir.clone()),
            }),
            _ => Err("csp takes one folder at most".into()),
        },
        "e2e" => {
            let mut build = true;
            let mut filters = Vec::new();
            for arg in rest {
                match arg.as_str() {
                    "--no-build" => build = false,
                    s if s.starts_with('-') => return Err(format!("unknown option `{s}` for e2e")),
                    s => filters.push(s.to_string()),
                }
            }
            Ok(Command::E2e { build, filters })
        }
        "bench-ui" => {
            let mut build = true;
            let mut sizes = Vec::new();
            for arg in rest {
                match arg.as_str() {
                    "--no-build" => build = false,
                    s if s.parse::<u32>().is_ok_and(|n| n > 0) => sizes.push(s.to_string()),
                    s => return Err(format!("bench-ui takes node counts, got `{s}`")),
                }
            }
            Ok(Command::BenchUi { build, sizes })
        }
        other => Err(format!("unknown command `{other}`")),
    }
}

/// Reads the options of a command that takes `--no-build` alone: whether to build.
fn only_no_build(command: &str, rest: &[String]) -> Result<bool, String> {
    match rest {
        [] => Ok(true),
        [flag] if flag == "--no-build" => Ok(false),
        _ => Err(format!(
            "{command} takes only --no-build (got `{}`)",
            rest.join(" ")
        )),
    }
}

/// The fuzzer's options, checked here so that a typo is reported before the
/// build; each takes one value, which the fuzzer itself reads.
fn fuzz_options(rest: &[String]) -> Result<Vec<String>, String> {
    for pair in rest.chunks(2) {
        match pair {
            [flag, _] if ["--runs", "--seconds", "--target", "--seed"].contains(&flag.as_str()) => {
            }
            [flag] => return Err(format!("fuzz: `{flag}` needs a value")),
            [flag, _] => return Err(format!("unknown option `{flag}` for fuzz")),
            _ => unreachable!("chunks of two"),
        }
    }
    Ok(rest.to_vec())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match parse(&args) {
        Ok(Command::Help) => {
            print!("{USAGE}");
            return ExitCode::from(2);
        }
        Ok(command) => command,
        Err(message) => {
            eprintln!("xtask: {message}\n");
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };

    let result = Ctx::new().and_then(|ctx| match command {
        Command::Setup => tools::setup(&ctx, tools::Scope::Full),
        Command::Build => steps::build(&ctx),
        Command::Serve => steps::serve(&ctx),
        Command::E2e { build, filters } => steps::e2e(&ctx, build, &filters),
        Command::BenchUi { build, sizes } => bench::bench_ui(&ctx, build, &sizes),
        Command::Size => size::check(&ctx.dist()),
        Command::BenchGenerator { build } => steps::bench_generator(&ctx, build),
        Command::BenchOpen { build } => steps::bench_open(&ctx, build),
        Command::Fuzz { args } => steps::fuzz(&ctx, &args),
        Command::Test => steps::test(&ctx),
        Command::Csp { dir } => dir
            .or_else(|| std::env::var("TRUNK_STAGING_DIR").ok())
            .ok_or_else(|| anyhow::anyhow!("csp: no folder given and no TRUNK_STAGING_DIR"))
            .and_then(|dir| csp::harden(std::path::Path::new(&dir))),
        Command::Help => unreachable!("handled above"),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn parses_commands() {
        assert_eq!(parse(&args("setup")), Ok(Command::Setup));
        assert_eq!(parse(&args("test")), Ok(Command::Test));
        assert_eq!(
            parse(&args("bench-generator --no-build")),
            Ok(Command::BenchGenerator { build: false })
        );
        assert_eq!(parse(&args("help")), Ok(Command::Help));
        assert_eq!(
            parse(&args("e2e --no-build expand")),
            Ok(Command::E2e {
                build: false,
                filters: vec!["expand".into()]
            })
        );
        assert_eq!(
            parse(&args("e2e")),
            Ok(Command::E2e {
                build: true,
                filters: vec![]
            })
        );
    }

    #[test]
    fn rejects_unknown_commands_and_stray_arguments() {
        assert!(parse(&[]).is_err());
        assert!(parse(&args("deploy")).is_err());
        assert!(parse(&args("build --fast")).is_err());
        assert!(parse(&args("e2e --fast")).is_err());
        assert!(parse(&args("bench-ui lots")).is_err());
        assert!(parse(&args("fuzz --runs")).is_err());
        assert!(parse(&args("fuzz --fast 1")).is_err());
        assert_eq!(
            parse(&args("fuzz --target case --seed 7")),
            Ok(Command::Fuzz {
                args: args("--target case --seed 7")
            })
        );
        assert_eq!(
            parse(&args("bench-ui --no-build 500")),
            Ok(Command::BenchUi {
                build: false,
                sizes: vec!["500".into()]
            })
        );
    }
}

//! Helpers shared by the command-line tests.

use std::process::{Command, Output};

/// Runs the built `tracelab` binary from the repository root.
pub fn tracelab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tracelab"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

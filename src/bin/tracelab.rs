//! The instructors' command line; see `tracelab --help`.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    tracelab::cli::run()
}

// The command line is native only; this keeps `cargo build --target wasm32` working.
#[cfg(target_arch = "wasm32")]
fn main() {}

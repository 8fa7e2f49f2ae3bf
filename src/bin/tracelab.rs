//! The instructors' command line; see `tracelab --help`.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    // Rust ignores SIGPIPE, so printing into a closed pipe (`tracelab solve | head`)
    // would panic; the default action ends the process quietly, as other Unix tools do.
    #[cfg(unix)]
    // SAFETY: called once at start-up, before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    tracelab::cli::run()
}

// The command line is native only; this keeps `cargo build --target wasm32` working.
#[cfg(target_arch = "wasm32")]
fn main() {}

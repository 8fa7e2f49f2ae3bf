//! The browser app's entry point (built by Trunk for wasm32).

#[cfg(target_arch = "wasm32")]
fn main() {
    tracelab::app::run();
}

// Natively there is no app; the binary exists so `cargo build` covers every target.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("tracelab-app runs in the browser: use `cargo xtask serve`");
}

//! Numbers formatted by the browser's own JavaScript.
//!
//! Rust's `{}` for an `f64` brings float printing (about 11 KB of code) into the
//! wasm bundle; the browser already has it, and for these uses it gives the same
//! result.

/// `x` as JavaScript writes a number: the shortest text that reads back as the
/// same `f64`, like Rust's `{}` (JavaScript switches to exponent notation below
/// 1e-6 and from 1e21; CSS and `Number()` read both spellings alike). For test
/// hooks and CSS lengths.
pub fn num(x: f64) -> String {
    js_sys::Number::from(x)
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_default()
}

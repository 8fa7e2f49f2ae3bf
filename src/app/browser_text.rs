//! Number and text formatting done by the browser's own JavaScript functions.
//!
//! Rust's `{}` for an `f64` and `str::to_lowercase` each bring their own code and
//! tables into the wasm bundle (float printing and the Unicode case tables, about
//! 30 KB before compression); the browser already has both, and for these uses
//! they give the same result.

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

/// Unicode lower case, as `str::to_lowercase` (both follow the Unicode default
/// case mapping, final sigma included).
pub fn lowercase(s: &str) -> String {
    js_sys::JsString::from(s).to_lower_case().into()
}

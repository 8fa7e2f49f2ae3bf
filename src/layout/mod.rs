//! Layout and drawing geometry, pure and tested natively: the spatial index
//! ([`grid`]), the force-directed layout ([`force`]), edge curves and label
//! placement ([`geometry`]), the render model ([`scene`]) and the deterministic
//! synthetic graphs the benchmarks draw (`synthetic`, only with the `bench`
//! feature). The canvas in `app/` only turns a [`scene::Scene`] into canvas
//! calls.

pub mod force;
pub mod geometry;
pub mod grid;
pub mod scene;
/// Benchmark-only: not in the shipped app (see the `bench` feature).
#[cfg(any(test, feature = "bench"))]
pub mod synthetic;

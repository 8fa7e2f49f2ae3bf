//! Layout and drawing geometry, pure and tested natively: the spatial index
//! ([`grid`]), the force-directed layout ([`force`]), edge curves and label
//! placement ([`geometry`]), the render model ([`scene`]) and the deterministic
//! synthetic graphs the benchmarks draw ([`synthetic`]). The canvas in `app/`
//! only turns a [`scene::Scene`] into canvas calls.

pub mod force;
pub mod geometry;
pub mod grid;
pub mod scene;
pub mod synthetic;

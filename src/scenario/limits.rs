//! Limits on what a case file may hold, each with the reason for its number.
//!
//! Points are whole numbers in the file (`u32`) and hundredths in grading; a case
//! never needs more than a million of them, and bounding them keeps every sum and
//! percentage a trainer sees readable (grading itself stays exact for any `u32`).

/// The most points one objective can award, and the most one hint or one
/// unfounded request can cost.
pub const MAX_POINTS: u32 = 1_000_000;

/// The most points all of a case's objectives can award together.
pub const MAX_TOTAL_POINTS: u64 = 1_000_000;

//! Placeholder while the recipe is written.
use crate::generator::case::*;
pub fn build(cx: &mut Ctx) -> Draft {
    super::ransomware::build(cx)
}

//! Grading: points with partial credit and a feedback line per objective.
//!
//! Scores are kept in hundredths of a point (`centi`) and computed with integer
//! arithmetic, so a results file graded natively and in the browser gives the same
//! number to the last digit. Partial credit follows the case format:
//! - entity, address, choice: all or nothing (choice compares the *set* of indices);
//! - address_set: points × F1 = points × 2·|S∩A| ÷ (|S| + |A|);
//! - path: points × LCS(S, A) ÷ |A| (order matters, gaps are forgiven);
//! - amount: full points within the tolerance, in the objective's asset;
//! - text: not graded automatically (kept for the instructor).
//!
//! Addresses are compared by [`address_key`], so an Ethereum answer typed in another
//! letter case still matches; duplicates in a submitted set count once. Hints cost
//! their points from the objective they belong to, never below zero; unfounded
//! law-enforcement requests cost what the case's `grading` section says.
//!
//! The validator bounds points and costs (`scenario::limits`), but grading also
//! runs on cases that were only parsed and on results files from anywhere, so the
//! arithmetic holds for any `u32` points, costs and counts: products are taken in
//! `u128`, and totals saturate at `u64::MAX` hundredths rather than wrap.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::answer::Response;
use crate::address::address_key;
use crate::amount::format_units;
use crate::scenario::{Objective, ObjectiveKind, Scenario};

/// The grade of one objective.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectiveGrade {
    pub id: String,
    pub kind: ObjectiveKind,
    /// Points available, in hundredths.
    pub max_centi: u64,
    /// Points earned before hint costs, in hundredths.
    pub raw_centi: u64,
    /// Hint costs taken off, in hundredths.
    pub hint_cost_centi: u64,
    /// Points earned after hint costs, in hundredths.
    pub earned_centi: u64,
    /// False for text objectives, which the instructor reviews.
    pub auto_graded: bool,
    /// What was right and what was missing, in one line.
    pub feedback: String,
}

/// The grade of a whole submission.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grade {
    pub objectives: Vec<ObjectiveGrade>,
    /// Penalty for unfounded requests, in hundredths.
    pub request_penalty_centi: u64,
    pub earned_centi: u64,
    /// Sum of the auto-graded objectives' points, in hundredths.
    pub max_centi: u64,
}

impl Grade {
    /// The score as a percentage of the auto-graded points, one decimal: `"87.5"`.
    pub fn percent(&self) -> String {
        if self.max_centi == 0 {
            return "0".into();
        }
        let (earned, max) = (u128::from(self.earned_centi), u128::from(self.max_centi));
        let tenths = (earned * 1000 + max / 2) / max;
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// Hundredths as points for people: `1250` → `"12.5"`.
pub fn points_text(centi: u64) -> String {
    format_units(crate::amount::Amount(u128::from(centi)), 2)
}

/// Grades `responses` (objective id → response) against the case.
pub fn grade(
    case: &Scenario,
    responses: &std::collections::BTreeMap<String, Response>,
    hints_used: &std::collections::BTreeMap<String, u32>,
    unfounded_requests: u32,
) -> Grade {
    let objectives: Vec<ObjectiveGrade> = case
        .objectives
        .iter()
        .map(|o| {
            let used = hints_used.get(&o.id).copied().unwrap_or(0) as usize;
            grade_one(case, o, responses.get(&o.id), used)
        })
        .collect();
    let auto_earned = total(objectives.iter().map(|g| g.earned_centi));
    let max_centi = total(
        objectives
            .iter()
            .filter(|g| g.auto_graded)
            .map(|g| g.max_centi),
    );
    let per_request = case
        .grading
        .as_ref()
        .map_or(0, |g| g.unfounded_request_cost);
    let penalty = (u128::from(per_request) * u128::from(unfounded_requests) * 100)
        .min(u128::from(auto_earned));
    let penalty = u64::try_from(penalty).unwrap_or(auto_earned);
    Grade {
        objectives,
        request_penalty_centi: penalty,
        earned_centi: auto_earned - penalty,
        max_centi,
    }
}

fn grade_one(
    case: &Scenario,
    o: &Objective,
    response: Option<&Response>,
    hints_used: usize,
) -> ObjectiveGrade {
    let max = u64::from(o.points) * 100;
    let hint_cost = total(
        o.hints
            .iter()
            .take(hints_used)
            .map(|h| u64::from(h.cost) * 100),
    );
    let (raw, feedback) = match (o.kind, o.answer.as_ref(), response) {
        (ObjectiveKind::Text, _, r) => {
            let text = r.and_then(|r| r.text.as_deref()).unwrap_or("").trim();
            let fb = if text.is_empty() {
                "No answer written; your instructor reviews this one.".to_string()
            } else {
                format!(
                    "Your answer ({} words) goes to your instructor for review.",
                    text.split_whitespace().count()
                )
            };
            (0, fb)
        }
        (_, _, None) => (0, "No answer given.".to_string()),
        (_, None, _) => (0, "This objective has no answer key.".to_string()),
        (kind, Some(key), Some(r)) => match kind {
            ObjectiveKind::Entity => {
                let right = r.entity.is_some() && r.entity == key.entity;
                let name = |id: &Option<String>| {
                    id.as_deref()
                        .map(|id| {
                            case.entities
                                .iter()
                                .find(|e| e.id == id)
                                .map_or(id, |e| e.name.as_str())
                        })
                        .unwrap_or("nobody")
                        .to_string()
                };
                if right {
                    (max, format!("Correct: {}.", name(&r.entity)))
                } else if r.entity.is_none() {
                    (0, "No entity chosen.".into())
                } else {
                    (
                        0,
                        format!("Not {}: the funds went elsewhere.", name(&r.entity)),
                    )
                }
            }
            ObjectiveKind::Address => match (&r.address, &key.address) {
                (Some(a), Some(k)) if address_key(a.trim()) == address_key(k) => {
                    (max, "Correct address.".into())
                }
                (Some(a), _) if a.trim().is_empty() => (0, "No address given.".into()),
                (Some(_), _) => (0, "That is not the address the question asks for.".into()),
                _ => (0, "No address given.".into()),
            },
            ObjectiveKind::AddressSet => set_grade(
                max,
                r.addresses.as_deref().unwrap_or(&[]),
                key.addresses.as_deref().unwrap_or(&[]),
            ),
            ObjectiveKind::Path => path_grade(
                max,
                r.addresses.as_deref().unwrap_or(&[]),
                key.addresses.as_deref().unwrap_or(&[]),
            ),
            ObjectiveKind::Amount => amount_grade(case, max, r, key),
            ObjectiveKind::Choice => {
                let got: BTreeSet<usize> = crate::sort::set(r.correct.iter().flatten().copied());
                let want: BTreeSet<usize> = crate::sort::set(key.correct.iter().flatten().copied());
                if got.is_empty() {
                    (0, "No option chosen.".into())
                } else if got == want {
                    (max, "Correct.".into())
                } else {
                    let right = got.intersection(&want).count();
                    (0, format!("Not quite: {right} of your {} choice(s) are right, and all of them are needed.", got.len()))
                }
            }
            ObjectiveKind::Text => unreachable!("handled above"),
        },
    };
    let auto_graded = o.kind != ObjectiveKind::Text;
    let hint_cost = if auto_graded { hint_cost } else { 0 };
    ObjectiveGrade {
        id: o.id.clone(),
        kind: o.kind,
        max_centi: max,
        raw_centi: raw,
        hint_cost_centi: hint_cost.min(raw),
        earned_centi: raw.saturating_sub(hint_cost),
        auto_graded,
        feedback,
    }
}

/// Keys in order of first appearance, duplicates and blanks dropped.
fn keys(list: &[String]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    list.iter()
        .map(|a| address_key(a.trim()))
        .filter(|k| !k.is_empty() && seen.insert(k.clone()))
        .collect()
}

/// Hundredths added up, saturating (a `u32` of points is at most 4.3e11 of them,
/// so only absurd numbers of objectives or hints get near the limit).
fn total(centi: impl Iterator<Item = u64>) -> u64 {
    centi.fold(0, u64::saturating_add)
}

/// `max × num ÷ den` in hundredths, rounded half up; `num ≤ den`, so the share
/// is never above `max`.
fn share(max: u64, num: u64, den: u64) -> u64 {
    if den == 0 {
        return 0;
    }
    let (max, num, den) = (u128::from(max), u128::from(num), u128::from(den));
    let shared = (max * num.min(den) * 2 + den) / (den * 2);
    u64::try_from(shared).unwrap_or(u64::MAX)
}

fn set_grade(max: u64, given: &[String], answer: &[String]) -> (u64, String) {
    let given = keys(given);
    let answer: BTreeSet<String> = crate::sort::set(keys(answer));
    if given.is_empty() {
        return (0, "No addresses given.".into());
    }
    let hits = given.iter().filter(|g| answer.contains(*g)).count() as u64;
    let wrong = given.len() as u64 - hits;
    let missed = answer.len() as u64 - hits;
    let points = share(max, 2 * hits, given.len() as u64 + answer.len() as u64);
    let mut fb = format!("{hits} of {} found", answer.len());
    if missed > 0 {
        fb.push_str(&format!(", {missed} missed"));
    }
    if wrong > 0 {
        fb.push_str(&format!(", {wrong} not part of the answer"));
    }
    fb.push('.');
    (points, fb)
}

/// Length of the longest common subsequence of two sequences.
pub fn lcs(a: &[String], b: &[String]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut diag = 0;
        for (j, y) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if x == y { diag + 1 } else { above.max(row[j]) };
            diag = above;
        }
    }
    row[b.len()]
}

fn path_grade(max: u64, given: &[String], answer: &[String]) -> (u64, String) {
    let given: Vec<String> = given
        .iter()
        .map(|a| address_key(a.trim()))
        .filter(|k| !k.is_empty())
        .collect();
    let answer: Vec<String> = answer.iter().map(|a| address_key(a)).collect();
    if given.is_empty() {
        return (0, "No path given.".into());
    }
    let common = lcs(&given, &answer) as u64;
    let points = share(max, common, answer.len() as u64);
    let fb = if common == answer.len() as u64 && given.len() == answer.len() {
        "The whole path, in order.".to_string()
    } else {
        let extra = given.len() as u64 - common;
        let mut fb = format!(
            "{common} of the {} addresses of the path in the right order",
            answer.len()
        );
        if extra > 0 {
            fb.push_str(&format!(
                "; {extra} address(es) that are not on it or out of order"
            ));
        }
        fb.push('.');
        fb
    };
    (points, fb)
}

fn amount_grade(
    case: &Scenario,
    max: u64,
    r: &Response,
    key: &crate::scenario::Answer,
) -> (u64, String) {
    let (Some(value), Some(want), Some(asset)) = (r.value, key.value, key.asset.as_deref()) else {
        return (0, "No amount given.".into());
    };
    if r.asset.as_deref().is_some_and(|a| a != asset) {
        return (0, "The amount is in the wrong asset.".into());
    }
    let tolerance = key.tolerance.unwrap_or_default();
    let off = value.0.abs_diff(want.0);
    let decimals = case
        .assets
        .iter()
        .find(|a| a.id == asset)
        .map_or(0, |a| a.decimals);
    let symbol = case
        .assets
        .iter()
        .find(|a| a.id == asset)
        .map_or(asset, |a| a.symbol.as_str());
    if off <= tolerance.0 {
        (max, "Correct amount.".into())
    } else {
        let direction = if value.0 > want.0 {
            "too high"
        } else {
            "too low"
        };
        (
            0,
            format!(
                "{direction} by {} {symbol} (allowed margin {} {symbol}).",
                format_units(crate::amount::Amount(off), decimals),
                format_units(tolerance, decimals)
            ),
        )
    }
}

//! The results file a trainee hands in, and re-grading it.
//!
//! A results file is versioned JSON. Its `answers` use the case format's answer
//! shapes, so [`regrade`] can grade it again with the same code; the score written
//! in the file is never trusted, only compared. It also keeps what the debrief
//! needs to be shown again (the addresses and transactions the trainee had on the
//! graph), so an instructor who opens it sees the same debrief as the trainee.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::answer::Response;
use super::grade::{grade, points_text, Grade};
use super::requests::RequestKind;
use super::session::Session;
use crate::quote::quote;
use crate::scenario::Scenario;

pub const RESULTS_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultsFile {
    pub results_version: u32,
    pub case_id: String,
    pub case_version: String,
    /// The generator seed of the case variant, when it was generated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant_seed: Option<u64>,
    pub trainee: String,
    /// Objective id → answer in the shape of the case format's `answer`.
    pub answers: BTreeMap<String, Response>,
    /// Objective id → points earned (after hints), e.g. "12.5".
    pub points: BTreeMap<String, String>,
    pub score: Score,
    pub hints_used: BTreeMap<String, u32>,
    pub requests: Vec<RequestRecord>,
    pub time_spent_seconds: u64,
    pub actions: u32,
    /// What the trainee had on the graph when submitting.
    pub graph: GraphSnapshot,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub earned: String,
    pub max: String,
    pub percent: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestRecord {
    pub kind: RequestKind,
    pub entity: String,
    pub addresses: Vec<String>,
    /// Case-clock minute it was sent.
    pub sent_at_minute: u64,
    pub founded: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphSnapshot {
    pub addresses: Vec<String>,
    pub transactions: Vec<String>,
}

/// Builds the results file of a submitted session (`None` before submission).
pub fn results_file(
    case: &Scenario,
    session: &Session,
    graph: GraphSnapshot,
) -> Option<ResultsFile> {
    let submission = session.submission.as_ref()?;
    let g = &submission.grade;
    Some(ResultsFile {
        results_version: RESULTS_VERSION,
        case_id: case.id.clone(),
        case_version: case.version.clone(),
        variant_seed: case
            .generator
            .as_ref()
            .and_then(|g| g.get("seed"))
            .and_then(|s| s.as_u64()),
        trainee: submission.trainee.clone(),
        answers: session.responses.clone(),
        points: crate::sort::map(
            g.objectives
                .iter()
                .map(|o| (o.id.clone(), points_text(o.earned_centi))),
        ),
        score: score_of(g),
        hints_used: session.hints_used.clone(),
        requests: session
            .requests
            .iter()
            .map(|r| RequestRecord {
                kind: r.kind,
                entity: r.entity.clone(),
                addresses: r.addresses.clone(),
                sent_at_minute: r.sent_at,
                founded: r.reply.founded,
            })
            .collect(),
        time_spent_seconds: submission.seconds_spent,
        actions: session.actions,
        graph,
    })
}

pub fn score_of(g: &Grade) -> Score {
    Score {
        earned: points_text(g.earned_centi),
        max: points_text(g.max_centi),
        percent: g.percent(),
    }
}

/// Rebuilds the session a results file describes, graded again (so an instructor
/// who opens it sees the debrief the trainee saw, computed from the answers).
pub fn session_from_results(case: &Scenario, results: &ResultsFile) -> Session {
    let mut session = Session::default();
    for r in &results.requests {
        session.clock = r.sent_at_minute;
        session.send_request(case, r.kind, &r.entity, r.addresses.clone());
    }
    session.clock = session
        .requests
        .iter()
        .map(|r| r.due_at)
        .max()
        .unwrap_or(session.clock);
    session.responses = results.answers.clone();
    session.hints_used = results.hints_used.clone();
    session.actions = results.actions;
    let (grade, _) = regrade(case, results);
    session.submission = Some(super::session::Submission {
        trainee: results.trainee.clone(),
        grade,
        seconds_spent: results.time_spent_seconds,
    });
    session
}

/// Why a results file's stored score cannot be taken at face value.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Discrepancy {
    #[error("results are for case {}, not {}", quote(found), quote(expected))]
    WrongCase { expected: String, found: String },
    #[error(
        "results are for version {} of the case, this is version {}",
        quote(found),
        quote(expected)
    )]
    OtherVersion { expected: String, found: String },
    #[error("the file says {} points, re-grading gives {regraded}", quote(stored))]
    ScoreMismatch { stored: String, regraded: String },
    #[error("results_version {0} is not supported (this TraceLab reads 1)")]
    UnsupportedVersion(u32),
    #[error("no trainee name")]
    NoTrainee,
    /// Another results file of the cohort names the same trainee.
    #[error("the same trainee as in {other}")]
    SameTrainee { other: String },
}

/// For each trainee name, the positions of the other names that are the same
/// person: equal once trimmed, inner white space made one space and lower-cased,
/// as the generator compares participants. A name that is empty that way is
/// nobody's ([`Discrepancy::NoTrainee`] says so).
pub fn same_trainees(names: &[&str]) -> Vec<Vec<usize>> {
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, name) in names.iter().enumerate() {
        let key = crate::generator::normalise_participant(name);
        if !key.is_empty() {
            by_name.entry(key).or_default().push(i);
        }
    }
    let mut same = vec![Vec::new(); names.len()];
    for group in by_name.values() {
        for &i in group {
            same[i] = group.iter().copied().filter(|&j| j != i).collect();
        }
    }
    same
}

/// Grades a results file again against the case and lists anything that does not
/// match what the file claims.
pub fn regrade(case: &Scenario, results: &ResultsFile) -> (Grade, Vec<Discrepancy>) {
    let unfounded = results.requests.iter().filter(|r| !r.founded).count();
    let unfounded = u32::try_from(unfounded).unwrap_or(u32::MAX);
    let g = grade(case, &results.answers, &results.hints_used, unfounded);
    let mut issues = Vec::new();
    if results.results_version != RESULTS_VERSION {
        issues.push(Discrepancy::UnsupportedVersion(results.results_version));
    }
    if results.case_id != case.id {
        issues.push(Discrepancy::WrongCase {
            expected: case.id.clone(),
            found: results.case_id.clone(),
        });
    } else if results.case_version != case.version {
        issues.push(Discrepancy::OtherVersion {
            expected: case.version.clone(),
            found: results.case_version.clone(),
        });
    }
    if results.trainee.trim().is_empty() {
        issues.push(Discrepancy::NoTrainee);
    }
    let regraded = points_text(g.earned_centi);
    if results.score.earned != regraded {
        issues.push(Discrepancy::ScoreMismatch {
            stored: results.score.earned.clone(),
            regraded,
        });
    }
    (g, issues)
}

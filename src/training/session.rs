//! One trainee's attempt at a case: responses, hints taken, requests sent, the case
//! clock, and finally the submission. Pure state with small methods, so the app's
//! reducer stays thin and the rules are tested natively.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::answer::Response;
use super::grade::{grade, Grade};
use super::requests::{answer, RequestEntry, RequestKind};
use crate::address::address_key;
use crate::scenario::{Account, Hint, Scenario};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub responses: BTreeMap<String, Response>,
    /// Objective id → how many of its hints have been revealed.
    pub hints_used: BTreeMap<String, u32>,
    pub requests: Vec<RequestEntry>,
    /// Minutes since the case started on the simulated case clock.
    pub clock: u64,
    /// Investigation and answer actions taken (for the results file).
    pub actions: u32,
    pub submission: Option<Submission>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Submission {
    pub trainee: String,
    pub grade: Grade,
    pub seconds_spent: u64,
}

impl Session {
    pub fn is_submitted(&self) -> bool {
        self.submission.is_some()
    }

    /// Changes an answer; refused after submission.
    pub fn set_response(&mut self, objective: &str, response: Response) -> bool {
        if self.is_submitted() {
            return false;
        }
        self.actions += 1;
        if response.is_empty() {
            self.responses.remove(objective);
        } else {
            self.responses.insert(objective.to_string(), response);
        }
        true
    }

    /// Reveals the next hint of an objective and returns it (`None` when all are
    /// shown, the objective is unknown or the answers are submitted).
    pub fn take_hint<'c>(&mut self, case: &'c Scenario, objective: &str) -> Option<&'c Hint> {
        if self.is_submitted() {
            return None;
        }
        let o = case.objectives.iter().find(|o| o.id == objective)?;
        let used = self.hints_used.get(objective).copied().unwrap_or(0);
        let hint = o.hints.get(used as usize)?;
        self.hints_used.insert(objective.to_string(), used + 1);
        self.actions += 1;
        Some(hint)
    }

    /// The hints of an objective revealed so far.
    pub fn hints_shown<'c>(&self, case: &'c Scenario, objective: &str) -> &'c [Hint] {
        let used = self.hints_used.get(objective).copied().unwrap_or(0) as usize;
        case.objectives
            .iter()
            .find(|o| o.id == objective)
            .map_or(&[], |o| &o.hints[..used.min(o.hints.len())])
    }

    /// Sends a request; the answer arrives after the service's delay.
    pub fn send_request(
        &mut self,
        case: &Scenario,
        kind: RequestKind,
        entity: &str,
        addresses: Vec<String>,
    ) {
        let (delay, reply) = answer(case, kind, entity, &addresses);
        self.actions += 1;
        self.requests.push(RequestEntry {
            kind,
            entity: entity.to_string(),
            addresses,
            sent_at: self.clock,
            // Saturating: a results file can set the clock anywhere.
            due_at: self.clock.saturating_add(u64::from(delay)),
            reply,
        });
    }

    /// Moves the case clock forward.
    pub fn advance(&mut self, minutes: u64) {
        self.clock = self.clock.saturating_add(minutes);
    }

    /// Moves the clock to the next answer still on its way, if any.
    pub fn skip_to_next_reply(&mut self) {
        if let Some(next) = self
            .requests
            .iter()
            .map(|r| r.due_at)
            .filter(|&d| d > self.clock)
            .min()
        {
            self.clock = next;
        }
    }

    pub fn pending(&self) -> usize {
        self.requests
            .iter()
            .filter(|r| !r.arrived(self.clock))
            .count()
    }

    /// Requests sent that were unfounded (counted whether or not the answer has
    /// arrived: sending it was the mistake).
    pub fn unfounded(&self) -> u32 {
        self.requests.iter().filter(|r| !r.reply.founded).count() as u32
    }

    /// Records that have arrived for an address: (service entity id, account).
    pub fn records_for(&self, address: &str) -> Vec<(&str, &Account)> {
        let key = address_key(address);
        self.requests
            .iter()
            .filter(|r| r.arrived(self.clock))
            .flat_map(|r| r.reply.accounts.iter().map(move |a| (r.entity.as_str(), a)))
            .filter(|(_, a)| a.addresses.iter().any(|x| address_key(x) == key))
            .collect()
    }

    /// The grade the current answers would get.
    pub fn grade(&self, case: &Scenario) -> Grade {
        grade(case, &self.responses, &self.hints_used, self.unfounded())
    }

    /// Submits the answers: they are graded and frozen.
    pub fn submit(&mut self, case: &Scenario, trainee: &str, seconds_spent: u64) -> &Submission {
        if self.submission.is_none() {
            let grade = self.grade(case);
            self.submission = Some(Submission {
                trainee: trainee.trim().to_string(),
                grade,
                seconds_spent,
            });
        }
        self.submission.as_ref().expect("just set")
    }
}

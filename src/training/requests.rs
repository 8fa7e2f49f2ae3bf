//! Simulated law-enforcement requests to services, on an in-case clock.
//!
//! In the field, an investigator who traces funds to a service (an exchange, an OTC
//! desk) sends it a production order for the account behind a deposit address, or
//! asks it to freeze the funds. The case's `requests` section says what each service
//! would answer. A request names one service and one or more addresses; the
//! service answers with the accounts that hold those addresses. Any address it does
//! not hold gets "no records", and then the whole request counts as unfounded: the
//! training point is to ask the right service about the right address, not to send
//! requests everywhere.
//!
//! Answers take the service's `delay_minutes` on the case clock, which the app
//! advances with real time and lets the trainee skip forward.

use serde::{Deserialize, Serialize};

use crate::address::address_key;
use crate::scenario::{Account, Scenario};

/// Minutes a service without a `requests` entry takes to say it has nothing.
pub const DEFAULT_DELAY_MINUTES: u32 = 60;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// Production order for customer records (KYC, logins, contact details).
    Records,
    /// Request to freeze the funds on the accounts.
    Freeze,
}

impl RequestKind {
    pub fn display(self) -> &'static str {
        match self {
            RequestKind::Records => "records (KYC)",
            RequestKind::Freeze => "freeze",
        }
    }
}

/// What a service answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    /// Every requested address is held by the service.
    pub founded: bool,
    /// Requested addresses the service does not hold.
    pub no_records: Vec<String>,
    /// Accounts holding at least one requested address.
    pub accounts: Vec<Account>,
    /// For a freeze: whether the service froze the accounts.
    pub frozen: bool,
    /// One sentence for the request log.
    pub summary: String,
}

/// A request as sent, with its answer (visible once the clock reaches `due_at`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestEntry {
    pub kind: RequestKind,
    pub entity: String,
    pub addresses: Vec<String>,
    /// Case-clock minute the request was sent.
    pub sent_at: u64,
    /// Case-clock minute the answer arrives.
    pub due_at: u64,
    pub reply: Reply,
}

impl RequestEntry {
    pub fn arrived(&self, clock: u64) -> bool {
        clock >= self.due_at
    }
}

/// How `entity` answers a request about `addresses`.
pub fn answer(
    case: &Scenario,
    kind: RequestKind,
    entity: &str,
    addresses: &[String],
) -> (u32, Reply) {
    let name = case
        .entities
        .iter()
        .find(|e| e.id == entity)
        .map_or(entity, |e| e.name.as_str());
    let records = case.requests.iter().find(|r| r.entity == entity);
    let delay = records.map_or(DEFAULT_DELAY_MINUTES, |r| r.delay_minutes);
    let held = |a: &String| {
        records.is_some_and(|r| {
            r.accounts.iter().any(|acc| {
                acc.addresses
                    .iter()
                    .any(|x| address_key(x) == address_key(a))
            })
        })
    };
    let no_records: Vec<String> = addresses.iter().filter(|a| !held(a)).cloned().collect();
    let accounts: Vec<Account> = records
        .map(|r| {
            r.accounts
                .iter()
                .filter(|acc| {
                    acc.addresses
                        .iter()
                        .any(|x| addresses.iter().any(|a| address_key(a) == address_key(x)))
                })
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let founded = !addresses.is_empty() && no_records.is_empty();
    let can_freeze = records.is_some_and(|r| r.can_freeze);
    let frozen = kind == RequestKind::Freeze && can_freeze && !accounts.is_empty();
    let summary = match (kind, accounts.is_empty(), no_records.is_empty()) {
        (_, true, _) => format!("{name}: no records for the address(es) in this request."),
        (RequestKind::Records, false, true) => {
            format!("{name} sent the records of {} account(s).", accounts.len())
        }
        (RequestKind::Records, false, false) => format!(
            "{name} sent the records of {} account(s), and has no records for {} of the addresses.",
            accounts.len(),
            no_records.len()
        ),
        (RequestKind::Freeze, false, _) if frozen => format!(
            "{name} froze {} account(s) and sent their records.",
            accounts.len()
        ),
        (RequestKind::Freeze, false, _) => {
            format!(
                "{name} cannot freeze funds, but sent the records of {} account(s).",
                accounts.len()
            )
        }
    };
    (
        delay,
        Reply {
            founded,
            no_records,
            accounts,
            frozen,
            summary,
        },
    )
}

/// Services a trainee can address: every entity with a service category, and every
/// entity that has records in the case, sorted by name.
pub fn services(case: &Scenario) -> Vec<(String, String)> {
    let mut list: Vec<(String, String)> = case
        .entities
        .iter()
        .filter(|e| e.category.is_service() || case.requests.iter().any(|r| r.entity == e.id))
        .map(|e| (e.id.clone(), e.name.clone()))
        .collect();
    crate::sort::sort_by(&mut list, |a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    list
}

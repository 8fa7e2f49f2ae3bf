//! The bundled case library: `scenarios/index.json`.
//!
//! The home page shows a card per case without downloading every case file, so the
//! index repeats each case's headline fields. A native test checks that the copy in
//! the index equals the case file (see `CaseCard::from_case`).

use serde::{Deserialize, Serialize};

use crate::scenario::{Difficulty, Scenario};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Library {
    pub schema_version: u32,
    pub cases: Vec<CaseCard>,
    /// Case ids in the order a self-paced learner should take them.
    #[serde(default)]
    pub path: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseCard {
    pub id: String,
    /// File name inside `scenarios/`.
    pub file: String,
    pub title: String,
    pub summary: String,
    pub difficulty: Difficulty,
    pub estimated_minutes: u32,
    pub typologies: Vec<String>,
    pub chains: Vec<String>,
}

impl CaseCard {
    pub fn from_case(case: &Scenario, file: &str) -> CaseCard {
        CaseCard {
            id: case.id.clone(),
            file: file.to_string(),
            title: case.title.clone(),
            summary: case.summary.clone(),
            difficulty: case.difficulty,
            estimated_minutes: case.estimated_minutes,
            typologies: case.typologies.clone(),
            chains: case.chains.iter().map(|c| c.id.clone()).collect(),
        }
    }
}

impl Library {
    pub fn find(&self, id: &str) -> Option<&CaseCard> {
        self.cases.iter().find(|c| c.id == id)
    }
}

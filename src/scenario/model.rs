//! The case file, field for field.
//!
//! These types mirror `schema_version` 1 of the scenario format exactly: field names
//! are the contract with instructors' files and must never be renamed. They accept
//! every well-formed file and leave cross-field rules (references, balances, the
//! trail) to [`super::validate`], so that an author sees *all* problems at once
//! instead of the first serde error. Where the JSON allows two shapes (a UTXO input
//! that spends a case output or brings an older coin; UTXO vs account
//! transactions), the fields are optional here and the validator checks that exactly
//! one shape is used.
//!
//! The JSON Schema in `scenarios/schema.json` is generated from these types.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::amount::Amount;

pub const SCHEMA_VERSION: u32 = 1;

/// A training case: the ledger, the ground truth and the exercise.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "TraceLab case file (schema_version 1)")]
pub struct Scenario {
    /// The JSON Schema an editor checks and completes the file with, e.g.
    /// "../scenarios/schema.json" (TraceLab extension: kept as written, otherwise
    /// unused).
    // First, so that a saved case writes it where editors put it.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Always 1 for this version of the format.
    pub schema_version: u32,
    /// Stable id used in deep links (`#/s/<id>`) and saved progress: `[a-z0-9][a-z0-9-]{0,63}`.
    pub id: String,
    /// The case's own revision, e.g. "1.2.0".
    pub version: String,
    pub title: String,
    pub summary: String,
    /// BCP 47 language tag of the case's texts, e.g. "en".
    pub language: String,
    pub difficulty: Difficulty,
    pub estimated_minutes: u32,
    pub typologies: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// Markdown shown before the investigation starts; raw HTML is shown as text.
    pub briefing: String,
    /// Markdown shown after submission; raw HTML is shown as text.
    pub debrief: String,
    pub chains: Vec<Chain>,
    pub assets: Vec<Asset>,
    /// Who really controls which addresses (ground truth, hidden from the trainee).
    pub entities: Vec<Entity>,
    /// Every address that appears anywhere in the case.
    pub addresses: Vec<AddressEntry>,
    /// Funds held on account chains before the case window.
    #[serde(default)]
    pub opening_balances: Vec<Balance>,
    pub transactions: Vec<Transaction>,
    /// Ground-truth joins across transactions (bridges, swap services, mixers).
    #[serde(default)]
    pub links: Vec<Link>,
    pub start: Start,
    pub objectives: Vec<Objective>,
    /// What services answer to law-enforcement requests.
    #[serde(default)]
    pub requests: Vec<ServiceRecords>,
    /// Which analysis tools the case allows; all are allowed when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tools: Option<Tools>,
    pub solution: Solution,
    /// How the training loop scores beyond the objectives (TraceLab extension).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grading: Option<Grading>,
    /// Provenance when the case was generated: typology, seed, params.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generator: Option<serde_json::Map<String, serde_json::Value>>,
    /// A trainee's saved investigation (graph, marks, answers) written by the app's
    /// "Save case file"; opening the file resumes it (TraceLab extension).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub investigation: Option<serde_json::Map<String, serde_json::Value>>,
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Difficulty {
    Beginner,
    Intermediate,
    Advanced,
    Expert,
}

impl Difficulty {
    pub const ALL: [Difficulty; 4] = [
        Difficulty::Beginner,
        Difficulty::Intermediate,
        Difficulty::Advanced,
        Difficulty::Expert,
    ];

    /// The difficulty named as in the case format ("beginner", ...).
    pub fn from_name(name: &str) -> Option<Difficulty> {
        Difficulty::ALL.into_iter().find(|d| d.as_str() == name)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Difficulty::Beginner => "beginner",
            Difficulty::Intermediate => "intermediate",
            Difficulty::Advanced => "advanced",
            Difficulty::Expert => "expert",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChainModel {
    Utxo,
    Account,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Chain {
    /// `bitcoin`, `ethereum` and `tron` have their address syntax checked; any other id
    /// needs `"address_format": "any"`.
    pub id: String,
    pub model: ChainModel,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_format: Option<AddressFormatName>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AddressFormatName {
    Any,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Asset {
    pub id: String,
    pub chain: String,
    pub decimals: u8,
    pub symbol: String,
    /// Token contract address; absent for the chain's native asset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract: Option<String>,
}

/// Categories shared by entities and labels (as in GraphSense tagpacks).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Exchange,
    Otc,
    Mixer,
    Bridge,
    Dex,
    SwapService,
    DarknetMarket,
    Scam,
    Ransomware,
    Drainer,
    Gambling,
    Merchant,
    Miner,
    Individual,
    Victim,
    Perpetrator,
    Mule,
    Unknown,
}

impl Category {
    pub const ALL: [Category; 18] = [
        Category::Exchange,
        Category::Otc,
        Category::Mixer,
        Category::Bridge,
        Category::Dex,
        Category::SwapService,
        Category::DarknetMarket,
        Category::Scam,
        Category::Ransomware,
        Category::Drainer,
        Category::Gambling,
        Category::Merchant,
        Category::Miner,
        Category::Individual,
        Category::Victim,
        Category::Perpetrator,
        Category::Mule,
        Category::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Exchange => "exchange",
            Category::Otc => "otc",
            Category::Mixer => "mixer",
            Category::Bridge => "bridge",
            Category::Dex => "dex",
            Category::SwapService => "swap_service",
            Category::DarknetMarket => "darknet_market",
            Category::Scam => "scam",
            Category::Ransomware => "ransomware",
            Category::Drainer => "drainer",
            Category::Gambling => "gambling",
            Category::Merchant => "merchant",
            Category::Miner => "miner",
            Category::Individual => "individual",
            Category::Victim => "victim",
            Category::Perpetrator => "perpetrator",
            Category::Mule => "mule",
            Category::Unknown => "unknown",
        }
    }

    /// Plain-language name for the trainee.
    pub fn display(self) -> &'static str {
        match self {
            Category::Exchange => "Exchange",
            Category::Otc => "OTC desk",
            Category::Mixer => "Mixer",
            Category::Bridge => "Bridge",
            Category::Dex => "DEX",
            Category::SwapService => "Swap service",
            Category::DarknetMarket => "Darknet market",
            Category::Scam => "Scam",
            Category::Ransomware => "Ransomware",
            Category::Drainer => "Drainer",
            Category::Gambling => "Gambling",
            Category::Merchant => "Merchant",
            Category::Miner => "Miner",
            Category::Individual => "Individual",
            Category::Victim => "Victim",
            Category::Perpetrator => "Perpetrator",
            Category::Mule => "Money mule",
            Category::Unknown => "Unknown",
        }
    }

    /// Services are where tracing usually stops and a request to the service begins.
    pub fn is_service(self) -> bool {
        matches!(
            self,
            Category::Exchange
                | Category::Otc
                | Category::Mixer
                | Category::Bridge
                | Category::Dex
                | Category::SwapService
                | Category::DarknetMarket
                | Category::Gambling
                | Category::Merchant
        )
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    pub id: String,
    pub name: String,
    pub category: Category,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Deposit,
    HotWallet,
    ColdWallet,
    Contract,
    Pool,
    Personal,
    Change,
}

impl Role {
    pub fn display(self) -> &'static str {
        match self {
            Role::Deposit => "deposit address",
            Role::HotWallet => "hot wallet",
            Role::ColdWallet => "cold wallet",
            Role::Contract => "contract",
            Role::Pool => "pool",
            Role::Personal => "personal wallet",
            Role::Change => "change address",
        }
    }
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    High,
    Medium,
    Low,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::High => "high",
            Confidence::Medium => "medium",
            Confidence::Low => "low",
        }
    }
}

/// Attribution data as the trainee's tools would show it: possibly missing, partial
/// or wrong, unlike `owner`, which is the truth.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Label {
    pub text: String,
    pub category: Category,
    pub source: String,
    pub confidence: Confidence,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddressEntry {
    pub address: String,
    pub chain: String,
    /// Entity id of the true controller (ground truth).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Label>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Balance {
    pub address: String,
    pub asset: String,
    pub value: Amount,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Method {
    #[serde(rename = "transfer")]
    Transfer,
    #[serde(rename = "approve")]
    Approve,
    #[serde(rename = "transferFrom")]
    TransferFrom,
    #[serde(rename = "swap")]
    Swap,
    #[serde(rename = "bridge")]
    Bridge,
    #[serde(rename = "deposit")]
    Deposit,
    #[serde(rename = "withdraw")]
    Withdraw,
    #[serde(rename = "call")]
    Call,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Transfer => "transfer",
            Method::Approve => "approve",
            Method::TransferFrom => "transferFrom",
            Method::Swap => "swap",
            Method::Bridge => "bridge",
            Method::Deposit => "deposit",
            Method::Withdraw => "withdraw",
            Method::Call => "call",
        }
    }
}

/// One transaction. UTXO chains use `inputs`/`outputs` (and `coinbase`); account
/// chains use `sender`, `fee`, `method` and `transfers`. Which set applies follows
/// from the chain's model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Transaction {
    /// The hash: 64 lowercase hex for bitcoin and tron, `0x` + 64 hex for ethereum.
    pub id: String,
    pub chain: String,
    /// RFC 3339 UTC, e.g. "2025-03-14T09:21:07Z".
    pub time: String,
    pub block: u64,
    /// A note the trainee can read, e.g. an exchange's withdrawal reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memo: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub coinbase: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inputs: Option<Vec<Input>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outputs: Option<Vec<Output>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender: Option<String>,
    /// Paid by `sender` in the chain's native asset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<Method>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfers: Option<Vec<Transfer>>,
}

/// Spends an output of the case (`tx` + `vout`) or brings a coin from before the
/// case window (`address` + `value`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tx: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vout: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Amount>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Output {
    pub address: String,
    pub value: Amount,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    pub from: String,
    pub to: String,
    pub asset: String,
    pub value: Amount,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    Bridge,
    SwapService,
    Mixer,
    Otc,
}

/// Ground truth that funds entering in `in_tx` leave in `out_tx`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub kind: LinkKind,
    pub in_tx: String,
    pub out_tx: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Start {
    pub addresses: Vec<String>,
    #[serde(default)]
    pub transactions: Vec<String>,
    /// Markdown: what the trainee is told at the start.
    #[serde(default)]
    pub note: String,
}

/// The tools a case allows; a missing flag means allowed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tools {
    #[serde(default = "yes")]
    pub expand: bool,
    #[serde(default = "yes")]
    pub path_finder: bool,
    #[serde(default = "yes")]
    pub auto_trace: bool,
    #[serde(default = "yes")]
    pub taint: bool,
    #[serde(default = "yes")]
    pub clustering: bool,
    #[serde(default = "yes")]
    pub change_heuristics: bool,
    #[serde(default = "yes")]
    pub swap_matching: bool,
    #[serde(default = "yes")]
    pub requests: bool,
}

fn yes() -> bool {
    true
}

impl Default for Tools {
    fn default() -> Self {
        Tools {
            expand: true,
            path_finder: true,
            auto_trace: true,
            taint: true,
            clustering: true,
            change_heuristics: true,
            swap_matching: true,
            requests: true,
        }
    }
}

/// Scoring rules beyond the objectives.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Grading {
    /// Points taken off the total for each unfounded law-enforcement request
    /// (a request for an address the service does not hold). 0 when absent.
    #[serde(default)]
    pub unfounded_request_cost: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Solution {
    /// Transaction ids in the order the funds moved.
    pub trail: Vec<String>,
    #[serde(default)]
    pub key_addresses: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ObjectiveKind {
    Entity,
    Address,
    AddressSet,
    Amount,
    Path,
    Choice,
    Text,
}

impl ObjectiveKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectiveKind::Entity => "entity",
            ObjectiveKind::Address => "address",
            ObjectiveKind::AddressSet => "address_set",
            ObjectiveKind::Amount => "amount",
            ObjectiveKind::Path => "path",
            ObjectiveKind::Choice => "choice",
            ObjectiveKind::Text => "text",
        }
    }
}

/// A question the trainee answers. The shape of `answer` depends on `kind`:
/// entity `{"entity"}`, address `{"address"}`, address_set and path `{"addresses"}`,
/// amount `{"asset","value","tolerance"}`, choice `{"options","correct"}`, text none.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub id: String,
    pub prompt: String,
    pub points: u32,
    pub kind: ObjectiveKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Answer>,
    #[serde(default)]
    pub hints: Vec<Hint>,
    #[serde(default)]
    pub explanation: String,
}

/// The union of all answer shapes; the validator checks the fields fit the kind.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addresses: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correct: Option<Vec<usize>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Hint {
    pub text: String,
    pub cost: u32,
}

/// What one service answers to law-enforcement requests.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceRecords {
    pub entity: String,
    pub delay_minutes: u32,
    pub can_freeze: bool,
    pub accounts: Vec<Account>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Account {
    pub account_id: String,
    pub addresses: Vec<String>,
    pub holder: Holder,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default)]
    pub logins: Vec<Login>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Holder {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Login {
    pub time: String,
    pub ip: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

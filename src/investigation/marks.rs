//! What the trainee writes on the graph: tags on addresses and free-text notes on
//! addresses and on edges, plus the transaction filter that narrows what is shown.
//!
//! Tags are a closed list (an enum), not free text, so a debrief, a report or a
//! cohort table can count them, and each has a colour the canvas and the lists
//! share through a CSS custom property (`tag_colour_var`), so both themes restyle
//! them in one place.

use serde::{Deserialize, Serialize};

use crate::amount::Amount;
use crate::ledger::Ledger;
use crate::time::UnixTime;

/// The trainee's verdict on an address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tag {
    Victim,
    Suspect,
    Mule,
    ExchangeDeposit,
    CashOut,
    Service,
    FollowUp,
    Cleared,
}

impl Tag {
    pub const ALL: [Tag; 8] = [
        Tag::Victim,
        Tag::Suspect,
        Tag::Mule,
        Tag::ExchangeDeposit,
        Tag::CashOut,
        Tag::Service,
        Tag::FollowUp,
        Tag::Cleared,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Tag::Victim => "Victim",
            Tag::Suspect => "Suspect",
            Tag::Mule => "Money mule",
            Tag::ExchangeDeposit => "Exchange deposit",
            Tag::CashOut => "Cash-out",
            Tag::Service => "Service",
            Tag::FollowUp => "Follow up",
            Tag::Cleared => "Cleared",
        }
    }

    /// Stable machine name, as in the JSON (`exchange_deposit`).
    pub fn as_str(self) -> &'static str {
        match self {
            Tag::Victim => "victim",
            Tag::Suspect => "suspect",
            Tag::Mule => "mule",
            Tag::ExchangeDeposit => "exchange_deposit",
            Tag::CashOut => "cash_out",
            Tag::Service => "service",
            Tag::FollowUp => "follow_up",
            Tag::Cleared => "cleared",
        }
    }

    pub fn parse(text: &str) -> Option<Tag> {
        Tag::ALL.into_iter().find(|t| t.as_str() == text)
    }
}

/// The CSS custom property holding a tag's colour (defined for both themes in
/// `www/styles.css`); the canvas reads it like its other colours.
pub fn tag_colour_var(tag: Tag) -> &'static str {
    match tag {
        Tag::Victim => "--tag-victim",
        Tag::Suspect => "--tag-suspect",
        Tag::Mule => "--tag-mule",
        Tag::ExchangeDeposit => "--tag-exchange-deposit",
        Tag::CashOut => "--tag-cash-out",
        Tag::Service => "--tag-service",
        Tag::FollowUp => "--tag-follow-up",
        Tag::Cleared => "--tag-cleared",
    }
}

/// The same colours as fixed values, for exports that cannot read the theme (SVG).
pub fn tag_colour_hex(tag: Tag) -> &'static str {
    match tag {
        Tag::Victim => "#2e9d5b",
        Tag::Suspect => "#d63a3a",
        Tag::Mule => "#e07b1a",
        Tag::ExchangeDeposit => "#2f6fd6",
        Tag::CashOut => "#8a3fd1",
        Tag::Service => "#168a8a",
        Tag::FollowUp => "#c9a300",
        Tag::Cleared => "#7a8594",
    }
}

/// Which transactions the graph shows. Every bound is optional and inclusive; an
/// empty filter shows everything.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TxFilter {
    /// Only transactions moving this asset id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset: Option<String>,
    /// Smallest flow value, in base units, that counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Amount>,
    /// Time window in Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<UnixTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<UnixTime>,
}

impl TxFilter {
    pub fn is_empty(&self) -> bool {
        *self == TxFilter::default()
    }

    /// Whether the transaction passes: inside the time window and moving at least
    /// one flow of the asset within the amount range.
    pub fn accepts(&self, ledger: &Ledger, tx: usize) -> bool {
        if self.from.is_some() || self.to.is_some() {
            let Some(t) = ledger.time(tx) else {
                return false;
            };
            if self.from.is_some_and(|f| t < f) || self.to.is_some_and(|e| t > e) {
                return false;
            }
        }
        if self.asset.is_none() && self.min.is_none() && self.max.is_none() {
            return true;
        }
        ledger.flows(tx).iter().any(|f| {
            self.asset.as_ref().is_none_or(|a| *a == f.asset)
                && self.min.is_none_or(|m| f.value >= m)
                && self.max.is_none_or(|m| f.value <= m)
        })
    }
}

/// How to pick among a busy address's transactions (an exchange hot wallet has
/// thousands): which ones, in which order, and which page of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpandQuery {
    /// `None`: both directions.
    pub direction: Option<super::Direction>,
    pub filter: TxFilter,
    /// Largest value moved first (else time order).
    pub by_value: bool,
    pub offset: usize,
    pub limit: usize,
}

/// The transactions of `key` not yet on the graph that match the query, one page
/// of them, with how many match in all.
pub fn expand_candidates(
    inv: &super::Investigation,
    ledger: &Ledger,
    key: &str,
    q: &ExpandQuery,
) -> (Vec<usize>, usize) {
    use super::Direction;
    let directions = match q.direction {
        Some(d) => vec![d],
        None => vec![Direction::In, Direction::Out],
    };
    let mut txs: Vec<usize> = directions
        .into_iter()
        .flat_map(|d| inv.unrevealed(ledger, key, d))
        .filter(|&t| q.filter.accepts(ledger, t))
        .collect();
    crate::sort::sort(&mut txs);
    txs.dedup();
    if q.by_value {
        // A merged cluster's transactions rank by what they moved for any of its
        // addresses.
        let keys = inv.addresses_of(key);
        let value = |t: usize| {
            keys.iter()
                .flat_map(|k| ledger.effect_on(t, k))
                .map(|(_, r, s)| r.max(s))
                .max()
                .unwrap_or(Amount::ZERO)
        };
        crate::sort::sort_by_key(&mut txs, |&t| {
            (std::cmp::Reverse(value(t)), ledger.order_key(t))
        });
    } else {
        crate::sort::sort_by_key(&mut txs, |&t| ledger.order_key(t));
    }
    let total = txs.len();
    let page = txs.into_iter().skip(q.offset).take(q.limit).collect();
    (page, total)
}

//! A trainee's response to one objective, in exactly the shape of that objective's
//! `answer` in the case format, so results files can be re-graded by the same code:
//! entity `{"entity": id}`, address `{"address": A}`, address_set and path
//! `{"addresses": [A, ...]}`, amount `{"asset": id, "value": "123"}`, choice
//! `{"correct": [index, ...]}`, text `{"text": "..."}`.

use serde::{Deserialize, Serialize};

use crate::amount::Amount;
use crate::scenario::ObjectiveKind;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
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
    pub correct: Option<Vec<usize>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl Response {
    pub fn entity(id: &str) -> Self {
        Response {
            entity: Some(id.into()),
            ..Self::default()
        }
    }

    pub fn address(a: &str) -> Self {
        Response {
            address: Some(a.into()),
            ..Self::default()
        }
    }

    pub fn addresses(list: Vec<String>) -> Self {
        Response {
            addresses: Some(list),
            ..Self::default()
        }
    }

    pub fn amount(asset: &str, value: Amount) -> Self {
        Response {
            asset: Some(asset.into()),
            value: Some(value),
            ..Self::default()
        }
    }

    pub fn choice(correct: Vec<usize>) -> Self {
        Response {
            correct: Some(correct),
            ..Self::default()
        }
    }

    pub fn text(text: &str) -> Self {
        Response {
            text: Some(text.into()),
            ..Self::default()
        }
    }

    /// True when nothing has been answered yet.
    pub fn is_empty(&self) -> bool {
        self.entity.is_none()
            && self.address.as_deref().is_none_or(|a| a.trim().is_empty())
            && self.addresses.as_ref().is_none_or(Vec::is_empty)
            && self.value.is_none()
            && self.correct.as_ref().is_none_or(Vec::is_empty)
            && self.text.as_deref().is_none_or(|t| t.trim().is_empty())
    }

    /// The answer a case file gives, as the response that would earn full points
    /// (used by `tracelab solve` and by tests that play the case through).
    pub fn from_key(kind: ObjectiveKind, key: &crate::scenario::Answer) -> Response {
        match kind {
            ObjectiveKind::Entity => Response {
                entity: key.entity.clone(),
                ..Self::default()
            },
            ObjectiveKind::Address => Response {
                address: key.address.clone(),
                ..Self::default()
            },
            ObjectiveKind::AddressSet | ObjectiveKind::Path => Response {
                addresses: key.addresses.clone(),
                ..Self::default()
            },
            ObjectiveKind::Amount => Response {
                asset: key.asset.clone(),
                value: key.value,
                ..Self::default()
            },
            ObjectiveKind::Choice => Response {
                correct: key.correct.clone(),
                ..Self::default()
            },
            ObjectiveKind::Text => Response::default(),
        }
    }
}

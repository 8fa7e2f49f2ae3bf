//! Reading a [`Command`] back from JSON, in exactly the shape `Serialize` writes
//! (`{"op": "move_node", "key": …, "x": …, "y": …}`).
//!
//! Why by hand: serde's derive for an internally tagged enum buffers every
//! command into an untyped tree and generates a visitor per variant, which made
//! it one of the largest functions of the wasm bundle (about 28 KB). Here one
//! flat struct takes every field any command has, straight from the JSON
//! stream, and [`Raw::into_command`] checks that the fields the `op` needs are
//! there. Unknown fields are ignored and unknown ops refused, as before; the
//! round trip is tested in `tests/history.rs`.

use serde::de::{Deserializer, Error};
use serde::Deserialize;

use super::Command;
use crate::investigation::{Direction, LayoutKind, Tag, TxFilter};

#[derive(Deserialize)]
struct Raw {
    op: String,
    key: Option<String>,
    direction: Option<Direction>,
    near: Option<String>,
    anchor: Option<String>,
    txs: Option<Vec<String>>,
    x: Option<f64>,
    y: Option<f64>,
    positions: Option<Vec<(String, f64, f64)>>,
    layout: Option<LayoutKind>,
    tag: Option<Tag>,
    text: Option<String>,
    from: Option<String>,
    to: Option<String>,
    filter: Option<TxFilter>,
    into: Option<String>,
    members: Option<Vec<String>>,
}

impl Raw {
    fn into_command(self) -> Result<Command, String> {
        let op = self.op;
        let need = |field: &'static str| format!("missing field `{field}` in `{op}`");
        macro_rules! take {
            ($field:ident) => {
                self.$field.ok_or_else(|| need(stringify!($field)))?
            };
        }
        Ok(match op.as_str() {
            "expand" => Command::Expand {
                key: take!(key),
                direction: take!(direction),
            },
            "reveal" => Command::Reveal {
                key: take!(key),
                near: self.near,
            },
            "reveal_txs" => Command::RevealTxs {
                anchor: take!(anchor),
                txs: take!(txs),
            },
            "hide" => Command::Hide { key: take!(key) },
            "show_all" => Command::ShowAll,
            "move_node" => Command::MoveNode {
                key: take!(key),
                x: take!(x),
                y: take!(y),
            },
            "arrange" => Command::Arrange {
                positions: take!(positions),
                layout: self.layout,
            },
            "tag" => Command::Tag {
                key: take!(key),
                tag: self.tag,
            },
            "note" => Command::Note {
                key: take!(key),
                text: take!(text),
            },
            "edge_note" => Command::EdgeNote {
                from: take!(from),
                to: take!(to),
                text: take!(text),
            },
            "set_filter" => Command::SetFilter {
                filter: take!(filter),
            },
            "reveal_trail" => Command::RevealTrail {
                txs: take!(txs),
                near: self.near,
            },
            "merge" => Command::Merge {
                into: take!(into),
                members: take!(members),
            },
            "unmerge" => Command::Unmerge { key: take!(key) },
            _ => return Err(format!("unknown command `{op}`")),
        })
    }
}

impl<'de> Deserialize<'de> for Command {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Raw::deserialize(deserializer)?
            .into_command()
            .map_err(D::Error::custom)
    }
}

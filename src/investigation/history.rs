//! The undoable command log of the investigation.
//!
//! Every change the trainee makes to the graph is a [`Command`]: plain data,
//! serializable, applied to an [`Investigation`] with the case's [`Ledger`]. The
//! [`History`] keeps, for each recent command done, the graph as it was before it,
//! so undo restores that exact graph (positions, pins, tags, filter, everything)
//! without having to write an inverse for each command; redo applies the command
//! again, which is deterministic. Beyond the last [`CHECKPOINTS`] steps, undo
//! rebuilds the graph by replaying the earlier commands, so memory stays bounded
//! and every step stays undoable. The graph itself is an `Rc<Investigation>`
//! shared with the checkpoints: a command copies it once (copy on write), undo
//! swaps the checkpoint back in without copying, and the app state that holds it
//! clones for the price of a pointer.
//!
//! What is saved (autosave, case files) is only the [`Log`]: the commands and how
//! many of them are done. [`History::replay`] rebuilds graph and history from the
//! case's opening picture, so a reloaded page can still undo. Commands that no
//! longer apply (another case version) are dropped rather than failing the load.

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::{Direction, Investigation, LayoutKind, Tag, TxFilter};
use crate::ledger::Ledger;

mod wire;

/// One change to the graph. Addresses are address keys or any spelling of them;
/// transactions are ids, so a log stays meaningful outside this process.
///
/// Written by the derived `Serialize`; read back by the hand-made `Deserialize`
/// in `wire.rs` (same shape, a fraction of the code).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Command {
    /// Reveal every transaction paying (`out`) or paid to (`in`) the address.
    Expand {
        key: String,
        direction: Direction,
    },
    /// Put one address on the graph, next to `near`.
    Reveal {
        key: String,
        near: Option<String>,
    },
    /// Reveal chosen transactions of `anchor` (one page of a busy address).
    RevealTxs {
        anchor: String,
        txs: Vec<String>,
    },
    Hide {
        key: String,
    },
    /// Show every hidden node again.
    ShowAll,
    /// Move one node and pin it there (a drag on the canvas, one command when the
    /// pointer comes up).
    MoveNode {
        key: String,
        x: f64,
        y: f64,
    },
    /// Move many unpinned nodes at once, one undo step: a layout switch (then
    /// `layout` says which layout new nodes follow from now on) or a force layout
    /// run.
    Arrange {
        positions: Vec<(String, f64, f64)>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        layout: Option<LayoutKind>,
    },
    /// Set (or clear, with `None`) an address's tag.
    Tag {
        key: String,
        tag: Option<Tag>,
    },
    /// Set an address's note; empty text removes it.
    Note {
        key: String,
        text: String,
    },
    EdgeNote {
        from: String,
        to: String,
        text: String,
    },
    SetFilter {
        filter: TxFilter,
    },
    /// Reveal a chain of transactions in order (a found path, an auto-trace), each
    /// next to the one before; one undo step. When a
    /// transaction has no party on the graph yet, its payer goes next to `near`.
    RevealTrail {
        txs: Vec<String>,
        near: Option<String>,
    },
    /// Show a cluster as one node: the nodes of `members` merged into the node of
    /// `into` (see `merge.rs`).
    Merge {
        into: String,
        members: Vec<String>,
    },
    /// Give the addresses merged into this node their own nodes again.
    Unmerge {
        key: String,
    },
}

impl Command {
    /// Applies the command; false when it changed nothing (then it is not logged).
    pub fn apply(&self, inv: &mut Investigation, ledger: &Ledger) -> bool {
        match self {
            Command::Expand { key, direction } => {
                let before = (inv.node_count(), inv.revealed.len());
                let was_expanded = inv.expanded.contains(&crate::address::address_key(key));
                inv.expand(ledger, key, *direction);
                let after = (inv.node_count(), inv.revealed.len());
                after != before
                    || (!was_expanded && inv.expanded.contains(&crate::address::address_key(key)))
            }
            Command::Reveal { key, near } => inv.reveal_address(ledger, key, near.as_deref()),
            Command::RevealTxs { anchor, txs } => {
                let before = inv.revealed.len();
                let txs: Vec<usize> = txs.iter().filter_map(|id| ledger.tx_index(id)).collect();
                inv.reveal_txs(ledger, anchor, &txs);
                inv.revealed.len() != before
            }
            Command::Hide { key } => inv.set_hidden(key, true),
            Command::ShowAll => {
                let changed = !inv.hidden.is_empty();
                inv.hidden.clear();
                changed
            }
            Command::MoveNode { key, x, y } => inv.move_node(key, *x, *y),
            Command::Arrange { positions, layout } => inv.arrange(*layout, positions),
            Command::Tag { key, tag } => inv.set_tag(key, *tag),
            Command::Note { key, text } => inv.set_note(key, text),
            Command::EdgeNote { from, to, text } => inv.set_edge_note(from, to, text),
            Command::SetFilter { filter } => inv.set_filter(ledger, filter.clone()),
            Command::RevealTrail { txs, near } => {
                let before = inv.revealed.len();
                for tx in txs.iter().filter_map(|id| ledger.tx_index(id)) {
                    let parties = ledger.senders(tx).into_iter().chain(ledger.receivers(tx));
                    if let (false, Some(near), Some(payer)) = (
                        parties.clone().any(|k| inv.contains(&k)),
                        near,
                        ledger.senders(tx).first(),
                    ) {
                        inv.reveal_address(ledger, payer, Some(near));
                    }
                    if !inv.is_revealed(tx) {
                        inv.reveal_tx(ledger, tx);
                    }
                }
                inv.revealed.len() != before
            }
            Command::Merge { into, members } => inv.merge(ledger, into, members),
            Command::Unmerge { key } => inv.unmerge(ledger, key),
        }
    }
}

/// The saved form of a history: commands in order, the first `done` of them applied.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Log {
    pub commands: Vec<Command>,
    pub done: usize,
}

/// How many of the most recent commands keep a full copy of the graph before them.
/// Older steps can still be undone: the graph is rebuilt by replaying the commands
/// from the opening picture. This bounds memory (a copy of a big graph per step
/// adds up over an afternoon of work) while keeping every step undoable.
pub const CHECKPOINTS: usize = 64;

#[derive(Clone, Debug)]
pub struct History {
    /// Commands done, each with the graph as it was before it (only for the last
    /// `keep` of them; `None` further back).
    done: Vec<(Command, Option<Rc<Investigation>>)>,
    /// Commands undone, the next to redo last.
    undone: Vec<Command>,
    /// The graph before the first command done: where a replay starts.
    base: Option<Rc<Investigation>>,
    keep: usize,
}

impl Default for History {
    fn default() -> Self {
        History::with_checkpoints(CHECKPOINTS)
    }
}

impl History {
    /// A history that keeps graph copies for the last `keep` steps (at least one).
    pub fn with_checkpoints(keep: usize) -> Self {
        History {
            done: Vec::new(),
            undone: Vec::new(),
            base: None,
            keep: keep.max(1),
        }
    }

    fn record(&mut self, command: Command, before: Rc<Investigation>) {
        if self.done.is_empty() {
            self.base = Some(before.clone());
        }
        self.done.push((command, Some(before)));
        if let Some(old) = self.done.len().checked_sub(self.keep + 1) {
            self.done[old].1 = None;
        }
    }

    /// Applies `command` to the graph and records it; false (and no record) if it
    /// changed nothing. A new command forgets what was undone.
    pub fn apply(
        &mut self,
        inv: &mut Rc<Investigation>,
        ledger: &Ledger,
        command: Command,
    ) -> bool {
        let before = Rc::clone(inv);
        if !command.apply(Rc::make_mut(inv), ledger) {
            *inv = before; // drop the copy: nothing changed
            return false;
        }
        self.record(command, before);
        self.undone.clear();
        true
    }

    /// Restores the graph as it was before the last command; returns that command.
    pub fn undo(&mut self, inv: &mut Rc<Investigation>, ledger: &Ledger) -> Option<Command> {
        let (command, before) = self.done.pop()?;
        *inv = match before {
            Some(before) => before,
            None => {
                let mut graph = self.base.as_deref().cloned().unwrap_or_default();
                for (c, _) in &self.done {
                    c.apply(&mut graph, ledger);
                }
                Rc::new(graph)
            }
        };
        self.undone.push(command.clone());
        Some(command)
    }

    /// Applies the last undone command again; returns it.
    pub fn redo(&mut self, inv: &mut Rc<Investigation>, ledger: &Ledger) -> Option<Command> {
        let command = self.undone.pop()?;
        let before = Rc::clone(inv);
        command.apply(Rc::make_mut(inv), ledger);
        self.record(command.clone(), before);
        Some(command)
    }

    /// How many graph copies the history holds (at most the `keep` it was made with).
    pub fn checkpoints_held(&self) -> usize {
        self.done.iter().filter(|(_, c)| c.is_some()).count()
    }

    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }

    /// The last command done, for the undo button's tooltip.
    pub fn last_done(&self) -> Option<&Command> {
        self.done.last().map(|(c, _)| c)
    }

    pub fn next_redo(&self) -> Option<&Command> {
        self.undone.last()
    }

    pub fn log(&self) -> Log {
        let mut commands: Vec<Command> = self.done.iter().map(|(c, _)| c.clone()).collect();
        let done = commands.len();
        commands.extend(self.undone.iter().rev().cloned());
        Log { commands, done }
    }

    /// Rebuilds the graph and its history by applying the log's done commands to
    /// `base`; commands that change nothing are dropped.
    pub fn replay(ledger: &Ledger, base: Investigation, log: &Log) -> (Rc<Investigation>, History) {
        let mut inv = Rc::new(base);
        let mut history = History::default();
        let done = log.done.min(log.commands.len());
        for command in &log.commands[..done] {
            history.apply(&mut inv, ledger, command.clone());
        }
        history.undone = log.commands[done..].iter().rev().cloned().collect();
        (inv, history)
    }
}

/// A human description of a command, for tooltips and the report.
pub fn describe(command: &Command) -> String {
    match command {
        Command::Expand { direction, .. } => match direction {
            Direction::In => "expand in".into(),
            Direction::Out => "expand out".into(),
        },
        Command::Reveal { .. } => "add address".into(),
        Command::RevealTxs { txs, .. } => format!("add {} transactions", txs.len()),
        Command::Hide { .. } => "hide address".into(),
        Command::ShowAll => "show hidden addresses".into(),
        Command::MoveNode { .. } => "move address".into(),
        Command::Arrange { layout, .. } => match layout {
            Some(LayoutKind::Flow) => "flow layout".into(),
            Some(LayoutKind::Force) => "force layout".into(),
            None => "layout".into(),
        },
        Command::Tag { tag, .. } => match tag {
            Some(t) => format!("tag as {}", t.label()),
            None => "remove tag".into(),
        },
        Command::Note { .. } => "address note".into(),
        Command::EdgeNote { .. } => "edge note".into(),
        Command::SetFilter { .. } => "filter".into(),
        Command::RevealTrail { txs, .. } => format!("reveal a trail of {} transactions", txs.len()),
        // Counts the addresses named; merging a node that is already a cluster
        // takes its members along, which the log alone cannot tell.
        Command::Merge { members, .. } => {
            format!("merge {} addresses into one node", members.len() + 1)
        }
        Command::Unmerge { .. } => "unmerge a cluster".into(),
    }
}

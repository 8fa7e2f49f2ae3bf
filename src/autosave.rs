//! Autosave's decisions, pure: what to show when a case opens, whether a write
//! may go ahead, and what another tab's write means. The app performs the
//! storage calls and hands their results here; nothing in this module touches a
//! browser, so every case below is tested natively (`tests/autosave.rs`).
//!
//! The rules, all for one thing: saved work is never overwritten by accident.
//! - Storage that is blocked, full or failing leaves the work in memory and is
//!   reported ([`Fault`]); the next write that succeeds clears the report.
//! - A stored document this TraceLab cannot read (damaged, written by a newer
//!   TraceLab, or for another case) is kept ([`Kept`]) and offered for download
//!   until the trainee discards it. A damaged one moves to a side slot if that is
//!   free, and autosave carries on; a newer one stays where it is (the newer
//!   TraceLab looks for it there), as does a damaged one with nowhere to go, and
//!   autosave pauses.
//! - A tab writes only over the document it last wrote or read (`Slot::known`,
//!   the exact text). Anything else there was written by another tab: the same
//!   work is adopted, other work is followed if this tab has nothing unsaved, and
//!   otherwise the trainee is asked ([`Question::OtherTab`]).
//! - A case file that carries work, opened while this browser holds different
//!   work for the case, asks which to continue ([`Question::FileOrStored`]) and
//!   writes nothing until answered.

use std::rc::Rc;

use crate::ledger::Ledger;
use crate::saved::{self, SaveError, Saved};

/// Why a storage call failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The browser refuses this page any storage (site data blocked).
    Blocked,
    /// The storage quota is used up.
    Full,
    /// Anything else the browser threw.
    Other,
}

/// What reading a storage slot gave: `Ok(None)` when it is empty.
pub type Read<'a> = Result<Option<&'a str>, Fault>;

/// Where a kept document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// In the side slot ([`aside_key`]); the case's slot is free for autosave.
    Aside,
    /// Still in the case's slot: autosave is paused so it is not overwritten.
    InPlace,
}

/// A stored document that cannot be resumed, kept for the trainee.
#[derive(Clone, Debug, PartialEq)]
pub struct Kept {
    pub text: Rc<str>,
    pub why: SaveError,
    pub place: Place,
}

/// What only the trainee can decide.
#[derive(Clone, Debug, PartialEq)]
pub enum Question {
    /// A case file with work was opened while this browser holds other work.
    FileOrStored { file: Rc<Saved>, stored: Rc<Saved> },
    /// Another tab saved other work (`None`: it deleted the saved work) while
    /// this tab has changes that are not saved. `text` is what that tab wrote.
    OtherTab {
        theirs: Option<Rc<Saved>>,
        text: Option<Rc<str>>,
    },
}

/// Something to tell the trainee once.
#[derive(Clone, Debug, PartialEq)]
pub enum Note {
    /// The work inside the opened case file could not be read; `stored_shown`
    /// when the work saved in this browser is shown instead.
    FileUnreadable { why: SaveError, stored_shown: bool },
    /// This tab now shows the work another tab saved (written at that time).
    Followed { saved_at: Option<u64> },
}

/// What the workspace shows about saving; the app compares it to re-render.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Notices {
    pub fault: Option<Fault>,
    pub question: Option<Question>,
    pub kept: Vec<Kept>,
    pub note: Option<Note>,
}

/// One tab's knowledge of its case's storage slot.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Slot {
    /// The exact text this tab last wrote to or read from the slot; `None` when it
    /// found or left the slot empty.
    pub known: Option<Rc<str>>,
    /// The workspace revision whose work is in storage: work is unsaved while the
    /// workspace's revision differs.
    pub saved_revision: u64,
    pub notices: Notices,
}

impl Slot {
    /// Whether autosave must not write now: a question is open, or a kept
    /// document still sits in the case's slot.
    pub fn paused(&self) -> bool {
        self.notices.question.is_some()
            || self.notices.kept.iter().any(|k| k.place == Place::InPlace)
    }

    /// Applies what a storage call or the trainee did.
    pub fn step(&mut self, step: Step) {
        let n = &mut self.notices;
        match step {
            Step::Wrote(text, revision) => {
                self.known = Some(text);
                self.saved_revision = revision;
                n.fault = None;
                if matches!(n.question, Some(Question::OtherTab { .. })) {
                    n.question = None;
                }
            }
            Step::Failed(fault) => n.fault = Some(fault),
            Step::Ask(question) => n.question = Some(question),
            Step::Keep(kept) => {
                // The slot now holds the kept text: writing over it is allowed
                // once it is safe aside.
                self.known = Some(kept.text.clone());
                match n.kept.iter_mut().find(|k| k.text == kept.text) {
                    Some(k) => *k = kept,
                    None => n.kept.push(kept),
                }
            }
            Step::Adopt(text) => self.known = Some(text),
            Step::Overrule(text) => {
                self.known = text;
                n.question = None;
            }
            Step::Discarded(place) => {
                n.kept.retain(|k| k.place != place);
                if place == Place::InPlace {
                    self.known = None;
                }
            }
            Step::Dismiss => n.note = None,
        }
    }
}

/// A change to a [`Slot`], from a storage call's result or the trainee's answer.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// The work of this revision was written as this text.
    Wrote(Rc<str>, u64),
    Failed(Fault),
    Ask(Question),
    Keep(Kept),
    /// The slot holds this text, which is this tab's work too.
    Adopt(Rc<str>),
    /// "Keep this tab's work": write over what the slot holds now.
    Overrule(Option<Rc<str>>),
    /// The trainee deleted the kept document from this place.
    Discarded(Place),
    /// The note was read.
    Dismiss,
}

/// The side slot where a damaged document is kept: one per case revision.
pub fn aside_key(ledger: &Ledger) -> String {
    format!("tracelab.kept.{}@{}", ledger.case.id, ledger.case.version)
}

/// Whether an unreadable document may move to the side slot: only a damaged one
/// (a newer TraceLab still looks for its work in the case's slot), and only into
/// an empty side slot (one kept document is never put over another).
pub fn may_move_aside(why: &SaveError, aside: Read) -> bool {
    !matches!(why, SaveError::TooNew(_)) && aside == Ok(None)
}

/// What a case opens with.
#[derive(Clone, Debug, PartialEq)]
pub struct Opening {
    /// The work to show: `None` starts the case afresh.
    pub work: Option<Rc<Saved>>,
    pub slot: Slot,
    /// Whether the work shown is not in storage yet and must be written.
    pub unsaved: bool,
}

/// Decides what a case opens with, from its storage slot (`stored`), the side
/// slot (`aside`) and the work inside the opened case file (`in_file`, as JSON
/// text). An unreadable stored document comes back kept in place; the app moves
/// it aside when [`may_move_aside`] says so and reports that with a `Step::Keep`.
pub fn on_open(ledger: &Ledger, stored: Read, aside: Read, in_file: Option<&str>) -> Opening {
    let mut slot = Slot::default();
    if let Ok(Some(text)) = aside {
        // Kept because it could not be read; if it can now, it is still only offered.
        slot.notices.kept.push(Kept {
            text: text.into(),
            why: saved::load(ledger, text)
                .err()
                .unwrap_or_else(|| SaveError::Damaged("kept aside earlier".into())),
            place: Place::Aside,
        });
    }
    let stored = match stored {
        Err(fault) => {
            slot.notices.fault = Some(fault);
            None
        }
        Ok(None) => None,
        // Already safe in the side slot (moved there, then the write failed).
        Ok(Some(text)) if aside == Ok(Some(text)) => {
            slot.known = Some(text.into());
            None
        }
        Ok(Some(text)) => match saved::load(ledger, text) {
            Ok(work) => {
                slot.known = Some(text.into());
                Some(Rc::new(work))
            }
            Err(why) => {
                slot.notices.kept.push(Kept {
                    text: text.into(),
                    why,
                    place: Place::InPlace,
                });
                None
            }
        },
    };
    let file = in_file.map(|text| saved::load(ledger, text).map(Rc::new));
    let (work, unsaved) = match (file, stored) {
        (None, stored) => (stored, false),
        (Some(Err(why)), stored) => {
            slot.notices.note = Some(Note::FileUnreadable {
                why,
                stored_shown: stored.is_some(),
            });
            (stored, false)
        }
        (Some(Ok(file)), None) => (Some(file), true),
        (Some(Ok(file)), Some(stored)) if saved::same_work(&file, &stored) => (Some(stored), false),
        (Some(Ok(file)), Some(stored)) => {
            let shown = newer(&file, &stored).clone();
            slot.notices.question = Some(Question::FileOrStored { file, stored });
            (Some(shown), false)
        }
    };
    Opening {
        work,
        slot,
        unsaved,
    }
}

/// The more recently written of two copies; the second when that is unknown.
pub fn newer<'a>(a: &'a Rc<Saved>, b: &'a Rc<Saved>) -> &'a Rc<Saved> {
    if a.saved_at > b.saved_at {
        a
    } else {
        b
    }
}

/// Whether a write of `ours` may go ahead, given what the slot holds now.
#[derive(Clone, Debug, PartialEq)]
pub enum Write {
    Go,
    /// Autosave is paused: write nothing.
    Hold,
    Fail(Fault),
    Ask(Question),
    /// The slot holds a document that cannot be read: keep it (the app moves it
    /// aside if it may, then writes).
    Keep(Kept),
}

/// Decides before each write, from what the case's slot holds now.
pub fn before_write(slot: &Slot, ledger: &Ledger, stored: Read, ours: &Saved) -> Write {
    if slot.paused() {
        return Write::Hold;
    }
    let stored = match stored {
        Err(fault) => return Write::Fail(fault),
        Ok(stored) => stored,
    };
    if stored == slot.known.as_deref() {
        return Write::Go;
    }
    match classify(ledger, stored, ours) {
        Theirs::Same => Write::Go,
        Theirs::Other(theirs) => Write::Ask(other_tab(theirs, stored)),
        Theirs::Unreadable(why) => Write::Keep(kept_in_place(stored, why)),
    }
}

/// What a `storage` event for the case's slot (another tab wrote `new`, or
/// deleted it: `None`) means for this tab.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// Nothing new.
    Ignore,
    /// The same work as this tab's: remember the text, change nothing.
    Adopt(Rc<str>),
    /// Other work, and this tab has nothing unsaved: show it.
    Follow(Rc<Saved>),
    Ask(Question),
    Keep(Kept),
}

/// Decides what another tab's write means; `unsaved` when this tab has changes
/// that are not in storage.
pub fn on_event(
    slot: &Slot,
    ledger: &Ledger,
    new: Option<&str>,
    ours: &Saved,
    unsaved: bool,
) -> Event {
    if new == slot.known.as_deref() {
        return Event::Ignore;
    }
    match classify(ledger, new, ours) {
        Theirs::Same => match new {
            Some(text) => Event::Adopt(text.into()),
            None => Event::Ignore,
        },
        // Deleted elsewhere (site data cleared, a kept document discarded): never
        // drop this tab's work without asking.
        Theirs::Other(None) => Event::Ask(other_tab(None, None)),
        Theirs::Other(Some(theirs)) if !unsaved && !slot.paused() => Event::Follow(theirs),
        Theirs::Other(theirs) => Event::Ask(other_tab(theirs, new)),
        Theirs::Unreadable(why) => Event::Keep(kept_in_place(new, why)),
    }
}

fn other_tab(theirs: Option<Rc<Saved>>, text: Option<&str>) -> Question {
    Question::OtherTab {
        theirs,
        text: text.map(Rc::from),
    }
}

fn kept_in_place(text: Option<&str>, why: SaveError) -> Kept {
    Kept {
        text: text.unwrap_or_default().into(),
        why,
        place: Place::InPlace,
    }
}

/// What a document found in the slot is, next to this tab's work.
enum Theirs {
    Same,
    Other(Option<Rc<Saved>>),
    Unreadable(SaveError),
}

fn classify(ledger: &Ledger, text: Option<&str>, ours: &Saved) -> Theirs {
    let Some(text) = text else {
        return if ours.log.commands.is_empty() && ours.session == Default::default() {
            Theirs::Same
        } else {
            Theirs::Other(None)
        };
    };
    match saved::load(ledger, text) {
        Ok(theirs) if saved::same_work(&theirs, ours) => Theirs::Same,
        Ok(theirs) => Theirs::Other(Some(Rc::new(theirs))),
        Err(why) => Theirs::Unreadable(why),
    }
}

/// How long ago `then` was, in words ("just now", "5 minutes ago"), both in
/// milliseconds since 1970; for the questions that compare two copies.
pub fn ago(now: u64, then: Option<u64>) -> String {
    let Some(then) = then else {
        return "at an unknown time".into();
    };
    let minutes = now.saturating_sub(then) / 60_000;
    let (n, unit) = match minutes {
        0 => return "just now".into(),
        1..=59 => (minutes, "minute"),
        60..=2879 => (minutes / 60, "hour"),
        _ => (minutes / 1440, "day"),
    };
    format!("{n} {unit}{} ago", if n == 1 { "" } else { "s" })
}

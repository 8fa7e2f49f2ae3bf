//! Autosave's decisions, data-driven: every case is an entry of
//! `tests/fixtures/autosave/decisions.json` (a named input and the expected
//! decision as JSON), checked by one `check` per decision. The documents the
//! entries name are built here from the tutorial case, so they stay valid when
//! the case or the saved shape changes.

use std::path::Path;
use std::rc::Rc;

use serde_json::{json, Value};
use tracelab::autosave::{
    self, ago, before_write, may_move_aside, on_event, on_open, Event, Fault, Kept, Note, Place,
    Question, Read, Slot, Write,
};
use tracelab::investigation::history::{Command, History};
use tracelab::investigation::{Direction, Investigation, Tag};
use tracelab::ledger::Ledger;
use tracelab::saved::{self, SaveError, Saved};
use tracelab::scenario;
use tracelab::training::{Response, Session};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/autosave")
            .join(name),
    )
    .unwrap()
}

fn tutorial() -> Ledger {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/tutorial-peel-chain.json");
    Ledger::new(scenario::check(&std::fs::read_to_string(path).unwrap()).unwrap())
}

/// The named documents, as (name, text).
fn documents(ledger: &Ledger) -> Vec<(&'static str, String)> {
    let start = ledger.case.start.addresses[0].clone();
    let work = |commands: Vec<Command>, clock: u64, saved_at: u64| {
        let mut graph = Rc::new(Investigation::open(ledger));
        let mut history = History::default();
        let mut session = Session::default();
        for c in commands {
            history.apply(&mut graph, ledger, c);
            session.count_action();
        }
        session.clock = clock;
        let mut doc = saved::save(ledger, &history, &session);
        doc.saved_at = Some(saved_at);
        serde_json::to_string(&doc).unwrap()
    };
    let expand = Command::Expand {
        key: start.clone(),
        direction: Direction::Out,
    };
    let a = work(vec![expand.clone()], 0, 1000);
    let replace = |from: &str, to: &str| {
        assert!(a.contains(from), "{from} in {a}");
        a.replacen(from, to, 1)
    };
    vec![
        ("fresh", work(vec![], 0, 500)),
        ("a-ticked", work(vec![expand.clone()], 42, 9000)),
        (
            "b",
            work(
                vec![
                    expand.clone(),
                    Command::Tag {
                        key: start.clone(),
                        tag: Some(Tag::Victim),
                    },
                ],
                0,
                2000,
            ),
        ),
        (
            "c",
            work(
                vec![
                    expand,
                    Command::Note {
                        key: start,
                        text: "paid the adviser".into(),
                    },
                ],
                0,
                3000,
            ),
        ),
        ("truncated", a[..a.len() / 2].to_string()),
        (
            "wrong-types",
            replace("\"log\":{", "\"log\":\"x\",\"was\":{"),
        ),
        ("newer", replace("\"version\":1", "\"version\":999")),
        (
            "other-case",
            replace(
                "\"case_id\":\"tutorial-peel-chain\"",
                "\"case_id\":\"other\"",
            ),
        ),
        ("v1", fixture("v1-before-stamps.json").trim().to_string()),
        ("a", a),
    ]
}

struct Docs {
    ledger: Ledger,
    named: Vec<(&'static str, String)>,
}

impl Docs {
    fn new() -> Docs {
        let ledger = tutorial();
        let named = documents(&ledger);
        Docs { ledger, named }
    }

    /// A slot's content from the fixture's notation.
    fn read<'a>(&'a self, v: &'a Value) -> Read<'a> {
        match v {
            Value::Null => Ok(None),
            Value::String(name) => Ok(Some(self.text(name))),
            Value::Object(o) if o.contains_key("raw") => Ok(Some(o["raw"].as_str().unwrap())),
            Value::Object(o) => Err(match o["fault"].as_str().unwrap() {
                "blocked" => Fault::Blocked,
                "full" => Fault::Full,
                _ => Fault::Other,
            }),
            _ => panic!("not a slot: {v}"),
        }
    }

    fn text(&self, name: &str) -> &str {
        let found = self.named.iter().find(|(n, _)| *n == name);
        &found.unwrap_or_else(|| panic!("no document {name}")).1
    }

    fn saved(&self, name: &str) -> Saved {
        saved::load(&self.ledger, self.text(name)).unwrap()
    }

    /// The name of a document, found by its text or its content.
    fn name_of_text(&self, text: Option<&str>) -> Value {
        text.map_or(Value::Null, |t| {
            let found = self.named.iter().find(|(_, x)| x == t);
            json!(found.map_or("(unnamed)", |(n, _)| *n))
        })
    }

    fn name_of(&self, work: Option<&Saved>) -> Value {
        work.map_or(Value::Null, |w| {
            let found = self
                .named
                .iter()
                .find(|(_, t)| saved::load(&self.ledger, t).as_ref() == Ok(w));
            json!(found.map_or("(unnamed)", |(n, _)| *n))
        })
    }

    fn question(&self, q: &Option<Question>) -> Value {
        match q {
            None => Value::Null,
            Some(Question::FileOrStored { file, stored }) => {
                json!({"file_or_stored": [self.name_of(Some(file)), self.name_of(Some(stored))]})
            }
            Some(Question::OtherTab { theirs, .. }) => {
                json!({"other_tab": self.name_of(theirs.as_deref())})
            }
        }
    }

    /// A question about another tab, as `{"ask": the other tab's document}`.
    fn ask(&self, q: Question) -> Value {
        match q {
            Question::OtherTab { theirs, .. } => json!({"ask": self.name_of(theirs.as_deref())}),
            other => panic!("not about another tab: {other:?}"),
        }
    }

    fn kept(&self, k: &Kept) -> Value {
        let place = match k.place {
            Place::Aside => "aside",
            Place::InPlace => "in_place",
        };
        json!([place, why(&k.why), self.name_of_text(Some(&k.text))])
    }

    /// A slot with what the fixture says this tab knows.
    fn slot(&self, input: &Value) -> Slot {
        let mut slot = Slot {
            known: self.read(&input["known"]).unwrap().map(Rc::from),
            ..Slot::default()
        };
        if input["question"] == json!(true) {
            slot.notices.question = Some(Question::OtherTab {
                theirs: None,
                text: None,
            });
        }
        if input["kept_in_place"] == json!(true) {
            slot.notices.kept.push(Kept {
                text: self.text("newer").into(),
                why: SaveError::TooNew(999),
                place: Place::InPlace,
            });
        }
        slot
    }
}

fn why(e: &SaveError) -> &'static str {
    match e {
        SaveError::Damaged(_) => "damaged",
        SaveError::TooNew(_) => "too_new",
        SaveError::OtherCase(..) => "other_case",
    }
}

fn fault(f: &Option<Fault>) -> Value {
    match f {
        None => Value::Null,
        Some(Fault::Blocked) => json!("blocked"),
        Some(Fault::Full) => json!("full"),
        Some(Fault::Other) => json!("other"),
    }
}

/// Runs one decision on the entry's input and compares it with its expectation.
fn check(docs: &Docs, decision: &str, case: &Value) {
    let input = &case["input"];
    let actual = match decision {
        "open" => {
            let file = docs.read(&input["file"]).unwrap();
            let o = on_open(
                &docs.ledger,
                docs.read(&input["stored"]),
                docs.read(&input["aside"]),
                file,
            );
            let n = &o.slot.notices;
            json!({
                "work": docs.name_of(o.work.as_deref()),
                "unsaved": o.unsaved,
                "known": docs.name_of_text(o.slot.known.as_deref()),
                "fault": fault(&n.fault),
                "question": docs.question(&n.question),
                "kept": n.kept.iter().map(|k| docs.kept(k)).collect::<Vec<_>>(),
                "note": match &n.note {
                    None => Value::Null,
                    Some(Note::FileUnreadable { stored_shown, .. }) => json!({"file_unreadable": stored_shown}),
                    Some(Note::Followed { .. }) => json!("followed"),
                },
            })
        }
        "before_write" => {
            let ours = docs.saved(input["ours"].as_str().unwrap());
            match before_write(
                &docs.slot(input),
                &docs.ledger,
                docs.read(&input["stored"]),
                &ours,
            ) {
                Write::Go => json!("go"),
                Write::Hold => json!("hold"),
                Write::Fail(f) => json!({"fail": fault(&Some(f))}),
                Write::Ask(q) => docs.ask(q),
                Write::Keep(k) => json!({"keep": why(&k.why)}),
            }
        }
        "event" => {
            let ours = docs.saved(input["ours"].as_str().unwrap());
            let new = docs.read(&input["new"]).unwrap();
            let unsaved = input["unsaved"].as_bool().unwrap();
            match on_event(&docs.slot(input), &docs.ledger, new, &ours, unsaved) {
                Event::Ignore => json!("ignore"),
                Event::Adopt(t) => json!({"adopt": docs.name_of_text(Some(&t))}),
                Event::Follow(w) => json!({"follow": docs.name_of(Some(&w))}),
                Event::Ask(q) => docs.ask(q),
                Event::Keep(k) => json!({"keep": why(&k.why)}),
            }
        }
        "may_move_aside" => {
            let text = docs.text(input["why"].as_str().unwrap());
            let e = saved::load(&docs.ledger, text).unwrap_err();
            json!(may_move_aside(&e, docs.read(&input["aside"])))
        }
        "ago" => json!(ago(input["now"].as_u64().unwrap(), input["then"].as_u64())),
        other => panic!("no decision {other}"),
    };
    assert_eq!(actual, case["expect"], "{decision}: {}", case["name"]);
}

#[test]
fn autosave_decisions_follow_the_fixture() {
    let docs = Docs::new();
    let fixtures: Value = serde_json::from_str(&fixture("decisions.json")).unwrap();
    let mut checked = 0;
    for (decision, cases) in fixtures.as_object().unwrap() {
        if decision == "//" {
            continue;
        }
        for case in cases.as_array().unwrap() {
            check(&docs, decision, case);
            checked += 1;
        }
    }
    assert!(checked > 40, "only {checked} cases");
}

#[test]
fn a_slot_steps_through_kept_documents_and_other_tabs() {
    use autosave::Step;
    let docs = Docs::new();
    let text = |n: &str| Rc::<str>::from(docs.text(n));
    let mut slot = Slot::default();
    // A damaged document is kept in place, then moved aside: the slot may be
    // written over, and autosave is not paused.
    let kept = Kept {
        text: text("truncated"),
        why: SaveError::Damaged("EOF".into()),
        place: Place::InPlace,
    };
    slot.step(Step::Keep(kept.clone()));
    assert!(slot.paused());
    slot.step(Step::Keep(Kept {
        place: Place::Aside,
        ..kept
    }));
    assert!(!slot.paused());
    assert_eq!(slot.notices.kept.len(), 1);
    assert_eq!(slot.known, Some(text("truncated")));
    // A write clears a fault and an open question about another tab.
    slot.step(Step::Failed(Fault::Full));
    slot.step(Step::Ask(Question::OtherTab {
        theirs: None,
        text: None,
    }));
    assert!(slot.paused());
    slot.step(Step::Overrule(Some(text("c"))));
    assert!(!slot.paused());
    slot.step(Step::Wrote(text("b"), 7));
    assert_eq!(
        (slot.known.clone(), slot.saved_revision, slot.notices.fault),
        (Some(text("b")), 7, None)
    );
    // Discarding the kept document forgets it.
    slot.step(Step::Discarded(Place::Aside));
    assert!(slot.notices.kept.is_empty());
    // A newer TraceLab's document discarded in place leaves the slot empty.
    slot.step(Step::Keep(Kept {
        text: text("newer"),
        why: SaveError::TooNew(999),
        place: Place::InPlace,
    }));
    slot.step(Step::Discarded(Place::InPlace));
    assert_eq!((slot.known.clone(), slot.paused()), (None, false));
}

#[test]
fn same_work_ignores_the_clock_and_when_it_was_saved() {
    let docs = Docs::new();
    assert!(saved::same_work(&docs.saved("a"), &docs.saved("a-ticked")));
    assert!(!saved::same_work(&docs.saved("a"), &docs.saved("b")));
    let mut answered = docs.saved("a");
    answered.session.trainee = "A. Officer".into();
    assert!(!saved::same_work(&docs.saved("a"), &answered));
}

#[test]
fn old_saved_work_loads_and_new_fields_round_trip() {
    let docs = Docs::new();
    let old = docs.saved("v1");
    assert_eq!((old.saved_at, old.session.trainee.as_str()), (None, ""));
    assert_eq!(old.log.commands.len(), 2);
    // Written again without the new fields, it has the old shape exactly.
    assert_eq!(serde_json::to_string(&old).unwrap(), docs.text("v1"));
    let mut named = old;
    named.session.set_trainee("Ana Lima");
    named.saved_at = Some(1_700_000_000_000);
    let text = serde_json::to_string(&named).unwrap();
    assert_eq!(saved::load(&docs.ledger, &text), Ok(named));
}

#[test]
fn a_run_of_edits_to_one_answer_is_one_action() {
    let mut s = Session::default();
    for typed in ["0", "0.", "0.8", "0.85"] {
        s.set_response("obj-amount", Response::text(typed));
    }
    assert_eq!(s.actions, 1);
    s.set_response("obj-deposit", Response::address("bc1q"));
    s.set_response("obj-amount", Response::text("0.851"));
    assert_eq!(s.actions, 3);
    s.count_action();
    s.set_response("obj-amount", Response::text("0.8514"));
    assert_eq!(s.actions, 5);
}

#[test]
fn answers_are_not_submitted_without_a_name() {
    use tracelab::training::session::NotReady;
    let case = tutorial().case;
    let mut s = Session::default();
    assert_eq!(s.submit_named(&case, 60).err(), Some(NotReady::NoName));
    s.set_trainee("   ");
    assert_eq!(s.ready(), Err(NotReady::NoName));
    assert!(!s.is_submitted());
    s.set_trainee(" Ana Lima ");
    assert_eq!(s.submit_named(&case, 60).unwrap().trainee, "Ana Lima");
    assert_eq!(s.ready(), Err(NotReady::Submitted));
}

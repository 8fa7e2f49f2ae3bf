//! Each target's seeds: valid inputs of the kind it reads, made with the project's
//! own functions so they start deep inside the code (a results file that grades, a
//! saved document that replays) before the mutators damage them.

use std::collections::BTreeSet;
use std::rc::Rc;

use serde_json::{json, Value};
use tracelab::address::address_key;
use tracelab::amount::Amount;
use tracelab::generator::{self, Params, Typology};
use tracelab::investigation::history::{Command, History};
use tracelab::investigation::{Direction, Investigation, LayoutKind, Tag, TxFilter};
use tracelab::lab;
use tracelab::ledger::Ledger;
use tracelab::scenario::Difficulty;
use tracelab::training::results::GraphSnapshot;
use tracelab::training::{requests, results_file, RequestKind, Response, Session};

use crate::corpus::{self, cases};

/// Scale of the generated cases the analytics target starts from: small, so that
/// every tool runs in well under a millisecond.
const ANALYTICS_SCALE: usize = 60;

/// Every case text, and the validator's own rule fixtures (invalid on purpose).
pub fn case() -> Vec<String> {
    let mut seeds = cases().texts.to_vec();
    for path in corpus::json_files(&corpus::root().join("tests/fixtures/validate")) {
        seeds.push(corpus::read(&path));
    }
    seeds
}

/// The small valid cases and one small generated case per typology, each with
/// tool calls drawn from it.
pub fn analytics() -> Vec<String> {
    let mut cases: Vec<Value> = cases()
        .small_texts
        .iter()
        .filter_map(|t| serde_json::from_str(t).ok())
        .collect();
    for (i, t) in Typology::ALL.into_iter().enumerate() {
        let p = Params {
            scale: Some(ANALYTICS_SCALE),
            ..Params::new(t, i as u64, Difficulty::ALL[i % Difficulty::ALL.len()])
        };
        if let Ok(case) = generator::generate(&p) {
            cases.push(serde_json::to_value(case).unwrap_or_default());
        }
    }
    cases.into_iter().map(corpus::envelope).collect()
}

/// Form fields, routes and worker messages for every typology and difficulty.
pub fn generator() -> Vec<String> {
    let mut seeds = Vec::new();
    for (i, t) in Typology::ALL.into_iter().enumerate() {
        for (j, d) in Difficulty::ALL.into_iter().enumerate() {
            let n = (i * Difficulty::ALL.len() + j) as u64;
            let scale = ["", "0", "1", "150"][(n % 4) as usize];
            let participant = ["", "Anna Berg", "  ÅSA  Öberg ", "c0de-7"][(n / 4 % 4) as usize];
            seeds.push(json!([
                "form",
                t.id(),
                d.as_str(),
                n.to_string(),
                scale,
                participant
            ]));
            let p = Params {
                scale: Some(n as usize * 4),
                participant: (!participant.is_empty()).then(|| participant.trim().to_string()),
                ..Params::new(t, n, d)
            };
            seeds.push(json!(["route", lab::route(&p)]));
            seeds.push(json!(lab::Request::GenerateText(p).encode()));
        }
    }
    seeds.iter().map(Value::to_string).collect()
}

/// Results files of graded sessions on the small valid cases: the key's answers,
/// partly wrong answers with hints and requests, and no answers at all.
pub fn results() -> Vec<String> {
    let mut seeds = Vec::new();
    for id in &cases().small {
        let ledger = corpus::ledger(id);
        for style in 0..3 {
            let session = play(ledger, style);
            let graph = GraphSnapshot {
                addresses: ledger.case.start.addresses.clone(),
                transactions: ledger.case.solution.trail.clone(),
            };
            if let Some(file) = results_file(&ledger.case, &session, graph) {
                seeds.push(serde_json::to_string_pretty(&file).unwrap_or_default());
            }
        }
    }
    seeds
}

/// A submitted session: `style` 0 answers with the key, 1 takes every hint, sends
/// requests and gets some answers wrong, 2 answers nothing.
fn play(ledger: &Ledger, style: u8) -> Session {
    let case = &ledger.case;
    let mut s = Session::default();
    for (i, o) in case.objectives.iter().enumerate() {
        let Some(key) = &o.answer else { continue };
        let mut r = Response::from_key(o.kind, key);
        if style == 1 {
            while s.take_hint(case, &o.id).is_some() {}
            if i % 2 == 1 {
                r.value = r.value.map(|v| Amount(v.0 + 1));
                r.addresses = r.addresses.map(|mut a| {
                    a.reverse();
                    a
                });
                r.correct = Some(vec![0, 1]);
            }
        }
        if style != 2 {
            s.set_response(&o.id, r);
        }
    }
    if style == 1 {
        for (entity, _) in requests::services(case) {
            for kind in [RequestKind::Records, RequestKind::Freeze] {
                s.send_request(case, kind, &entity, case.solution.key_addresses.clone());
            }
        }
        s.skip_to_next_reply();
    }
    s.submit(case, "Officer Fuzz", 600 + u64::from(style));
    s
}

/// Saved work on the small valid cases: a graph built by every kind of command
/// (some undone), with sessions in progress and submitted.
pub fn saved() -> Vec<String> {
    let mut seeds = Vec::new();
    for id in &cases().small {
        let ledger = corpus::ledger(id);
        let mut inv = Rc::new(Investigation::open(ledger));
        let mut history = History::default();
        for step in 0..4 {
            for command in commands(ledger, &inv, step) {
                history.apply(&mut inv, ledger, command);
            }
        }
        history.undo(&mut inv, ledger);
        history.undo(&mut inv, ledger);
        for style in 0..3 {
            let mut session = play(ledger, style);
            if style == 2 {
                session.submission = None;
            }
            let saved = tracelab::saved::save(ledger, &history, &session);
            seeds.push(serde_json::to_string_pretty(&saved).unwrap_or_default());
        }
    }
    seeds
}

/// One round of commands on the graph as it is: expand, mark, move, merge,
/// arrange, filter and reveal, on the nodes already there.
fn commands(ledger: &Ledger, inv: &Investigation, step: usize) -> Vec<Command> {
    let nodes: Vec<String> = inv.all_nodes().map(|n| n.key.clone()).collect();
    let node = |i: usize| nodes[(i + step) % nodes.len()].clone();
    let (a, b, c) = (node(0), node(1), node(2));
    let trail = ledger.case.solution.trail.clone();
    let direction = if step.is_multiple_of(2) {
        Direction::Out
    } else {
        Direction::In
    };
    let mut list = vec![
        Command::Expand {
            key: a.clone(),
            direction,
        },
        Command::Tag {
            key: b.clone(),
            tag: Tag::ALL.get(step).copied(),
        },
        Command::Note {
            key: c.clone(),
            text: ["seen at exchange", "<b>bold?</b>", "", "é\u{301} ✓"][step].into(),
        },
        Command::EdgeNote {
            from: a.clone(),
            to: b.clone(),
            text: "peel".into(),
        },
        Command::MoveNode {
            key: c.clone(),
            x: 10.5 * step as f64,
            y: -3.25,
        },
        Command::Arrange {
            positions: vec![(a.clone(), 1.0, 2.0), (b.clone(), -40.0, 7.5)],
            layout: [Some(LayoutKind::Force), None, Some(LayoutKind::Flow), None][step],
        },
        Command::RevealTrail {
            txs: trail.iter().take(step + 1).cloned().collect(),
            near: Some(a.clone()),
        },
        Command::RevealTxs {
            anchor: a.clone(),
            txs: trail.iter().rev().take(2).cloned().collect(),
        },
    ];
    let extra = match step {
        0 => Command::Merge {
            into: a.clone(),
            members: vec![b, c],
        },
        1 => Command::Unmerge { key: a },
        2 => Command::Hide { key: b },
        _ => Command::SetFilter {
            filter: TxFilter {
                min: Some(Amount(1000)),
                ..TxFilter::default()
            },
        },
    };
    list.push(extra);
    if step == 3 {
        list.push(Command::ShowAll);
        let far = ledger
            .case
            .addresses
            .last()
            .map(|a| address_key(&a.address));
        list.push(Command::Reveal {
            key: far.unwrap_or_default(),
            near: None,
        });
    }
    list
}

/// Worker sessions: opening each small case and using every tool on it, the
/// generator at small scales, and messages that are incomplete or unknown.
pub fn lab() -> Vec<String> {
    let mut seeds = Vec::new();
    for text in &cases().small_texts {
        let case: Value = serde_json::from_str(text).unwrap_or_default();
        let mut messages = vec![vec!["open".to_string(), text.to_string()]];
        messages.extend(corpus::tool_calls(&case));
        seeds.push(json!(messages).to_string());
    }
    let strange: Vec<Vec<&str>> = vec![
        vec![],
        vec!["nope"],
        vec!["open"],
        vec!["open", "{}"],
        vec!["open", "not json"],
        vec!["taint"],
        vec!["taint", "fifo"],
        vec!["path", "a"],
        vec!["path", "a", "b", "x"],
        vec!["path", "a", "b", "3", "maybe"],
        vec!["trace", "a", "-1"],
        vec!["cluster", ""],
        vec!["heuristics"],
        vec!["legs", " "],
        vec!["generate"],
        vec!["generate", "peel-chain"],
        vec!["generate", "peel-chain", "beginner", "7", "40", ""],
        vec![
            "generate",
            "ransomware",
            "expert",
            "18446744073709551615",
            "3",
            "Anna",
        ],
    ];
    seeds.push(json!(strange).to_string());
    // The same, with a case open first.
    let mut opened = vec![vec!["open", cases().small_texts[0]]];
    opened.extend(strange);
    seeds.push(json!(opened).to_string());
    seeds
}

/// The Markdown of every case (briefings, prompts, hints, explanations, debriefs)
/// and snippets that try to get HTML, script or a remote load through.
pub fn markdown() -> Vec<String> {
    let mut found = BTreeSet::new();
    for text in cases().texts {
        if let Ok(v) = serde_json::from_str::<Value>(text) {
            collect_markdown(&v, &mut found);
        }
    }
    let hostile = [
        "<script>alert(1)</script>",
        "hi <img src=x onerror=alert(1)> there",
        "[x](javascript:alert(1))",
        "[x]( JaVaScRiPt:alert(1) )",
        "[x](&#106;avascript:alert(1))",
        "<javascript:alert(1)>",
        "![a](https://example.org/p.png \"t\")",
        "[ref]\n\n[ref]: javascript:alert(1) \"title\"",
        "```x\" onclick=\"alert(1)\ncode\n```",
        "| a | b |\n|:-|-:|\n| <iframe src=x> | `<b>` |",
        "<div onmouseover=\"x\">\n\n*a*</div>",
        "[a](<javascript:x> \"t\")",
        "[x](data:text/html,<script>alert(1)</script>)",
        "<a href=\"javascript:x\">y</a>",
        "~~del~~ **b** _i_ `c` > q\n\n1. one\n2. two\n\n---",
    ];
    found.into_iter().chain(hostile.map(String::from)).collect()
}

fn collect_markdown(v: &Value, out: &mut BTreeSet<String>) {
    const FIELDS: [&str; 6] = [
        "briefing",
        "debrief",
        "prompt",
        "text",
        "explanation",
        "summary",
    ];
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                match child {
                    Value::String(s) if FIELDS.contains(&k.as_str()) => {
                        out.insert(s.clone());
                    }
                    _ => collect_markdown(child, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|c| collect_markdown(c, out)),
        _ => {}
    }
}

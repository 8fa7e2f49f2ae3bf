//! The command log: undo restores the exact previous graph, redo re-applies,
//! a saved log replays to the same graph; marks, filter, paths, hit tests, exports.

use std::path::Path;
use std::rc::Rc;

use proptest::prelude::*;
use tracelab::address::address_key;
use tracelab::amount::Amount;
use tracelab::investigation::export::{csv, escape, report_html, svg, tx_rows};
use tracelab::investigation::history::{describe, Command, History};
use tracelab::investigation::{Direction, Investigation, LayoutKind, Tag, TxFilter};
use tracelab::ledger::Ledger;
use tracelab::scenario;

fn tutorial() -> Ledger {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/tutorial-peel-chain.json");
    Ledger::new(scenario::check(&std::fs::read_to_string(path).unwrap()).unwrap())
}

fn keys(ledger: &Ledger) -> Vec<String> {
    ledger
        .case
        .addresses
        .iter()
        .map(|a| address_key(&a.address))
        .collect()
}

/// A command built from small indices into the case's addresses and transactions
/// (merges into the nodes on the graph, so that they mostly apply).
fn command(ledger: &Ledger, inv: &Investigation, pick: (u8, usize, usize, u8)) -> Command {
    let on_graph: Vec<String> = inv.all_nodes().map(|n| n.key.clone()).collect();
    let node = |i: usize| on_graph[i % on_graph.len()].clone();
    let clusters: Vec<String> = on_graph
        .iter()
        .filter(|k| inv.stands_for(k) > 1)
        .cloned()
        .collect();
    let keys = keys(ledger);
    let key = keys[pick.1 % keys.len()].clone();
    let other = keys[pick.2 % keys.len()].clone();
    let tx = ledger
        .tx(pick.2 % ledger.case.transactions.len())
        .id
        .clone();
    match pick.0 % 15 {
        0 => Command::Expand {
            key,
            direction: Direction::Out,
        },
        1 => Command::Expand {
            key,
            direction: Direction::In,
        },
        2 => Command::Reveal {
            key,
            near: Some(other),
        },
        3 => Command::RevealTxs {
            anchor: key,
            txs: vec![tx],
        },
        4 => Command::Hide { key },
        5 => Command::ShowAll,
        6 => Command::MoveNode {
            key,
            x: f64::from(pick.3) * 7.0,
            y: -f64::from(pick.3),
        },
        7 => Command::Tag {
            key,
            tag: Tag::ALL.get(usize::from(pick.3) % 9).copied(),
        },
        8 => Command::Note {
            key,
            text: ["", "cash-out?", "<b>x</b>"][usize::from(pick.3) % 3].into(),
        },
        9 => Command::EdgeNote {
            from: key,
            to: other,
            text: "peel".into(),
        },
        10 => Command::Arrange {
            positions: vec![
                (key, f64::from(pick.3), 3.0),
                (other, -1.0, f64::from(pick.3)),
            ],
            layout: [None, Some(LayoutKind::Flow), Some(LayoutKind::Force)]
                [usize::from(pick.3) % 3],
        },
        11 => Command::RevealTrail {
            txs: vec![tx],
            near: Some(other),
        },
        12 => Command::Merge {
            into: node(pick.1),
            members: vec![node(pick.2), keys[usize::from(pick.3) % keys.len()].clone()],
        },
        13 => Command::Unmerge {
            key: clusters
                .get(pick.1 % clusters.len().max(1))
                .cloned()
                .unwrap_or(key),
        },
        _ => Command::SetFilter {
            filter: if pick.3.is_multiple_of(2) {
                TxFilter::default()
            } else {
                TxFilter {
                    min: Some(Amount(u128::from(pick.3) * 1_000_000)),
                    ..TxFilter::default()
                }
            },
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn undo_restores_redo_reapplies_and_logs_replay(
        picks in prop::collection::vec((any::<u8>(), any::<usize>(), any::<usize>(), any::<u8>()), 1..25),
        keep in 1usize..6,
    ) {
        let ledger = tutorial();
        let base = Investigation::open(&ledger);
        let mut inv = Rc::new(base.clone());
        // Few checkpoints, so undoing further back than them rebuilds by replay.
        let mut history = History::with_checkpoints(keep);
        let mut states = vec![inv.clone()];
        for pick in picks {
            let before = inv.clone();
            let command = command(&ledger, &inv, pick);
            if history.apply(&mut inv, &ledger, command) {
                let after = inv.clone();
                history.undo(&mut inv, &ledger).unwrap();
                prop_assert!(inv == before, "undo restores the graph before the command");
                history.redo(&mut inv, &ledger).unwrap();
                prop_assert!(inv == after, "redo re-applies the command");
                prop_assert!(edges_match_ledger(&inv, &ledger), "edge totals are the ledger's");
                states.push(inv.clone());
            } else {
                prop_assert!(inv == before, "a command that changes nothing leaves no trace");
            }
        }
        // The saved log replays to the same graph, and to the same history.
        prop_assert!(history.checkpoints_held() <= keep);
        let log = history.log();
        let json = serde_json::to_string(&log).unwrap();
        let back: tracelab::investigation::history::Log = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&back, &log, "the log reads back from its JSON");
        let (mut replayed, mut h2) = History::replay(&ledger, base.clone(), &log);
        prop_assert!(replayed == inv);
        // Undo all the way back, through every state in reverse.
        for expected in states.iter().rev().skip(1) {
            history.undo(&mut inv, &ledger).unwrap();
            h2.undo(&mut replayed, &ledger).unwrap();
            prop_assert!(&inv == expected);
            prop_assert!(&replayed == expected);
        }
        prop_assert!(!history.can_undo());
        // A half-undone log keeps its redo steps across a replay.
        let (mut again, mut h3) = History::replay(&ledger, base, &h2.log());
        while h3.redo(&mut again, &ledger).is_some() {}
        prop_assert!(again == *states.last().unwrap());
    }
}

/// Saved work written into a case file, the file validated, and the work read back.
fn through_case_file(ledger: &Ledger, saved: &tracelab::saved::Saved) -> tracelab::saved::Saved {
    use tracelab::saved::{case_file, load};
    let text = case_file(ledger, saved);
    let case = scenario::check(&text).expect("a saved case file is a valid case");
    let reopened = Ledger::new(case.clone());
    load(
        &reopened,
        &serde_json::Value::Object(case.investigation.unwrap()).to_string(),
    )
    .unwrap()
}

fn expanded_tutorial() -> (Ledger, Investigation) {
    let ledger = tutorial();
    let mut inv = Investigation::open(&ledger);
    let start = ledger.case.start.addresses[0].clone();
    let mut frontier = vec![address_key(&start)];
    for _ in 0..3 {
        let mut next = Vec::new();
        for k in frontier {
            next.extend(inv.expand(&ledger, &k, Direction::Out));
        }
        frontier = next;
    }
    (ledger, inv)
}

#[test]
fn hiding_removes_a_node_and_its_edges_from_view_only() {
    let (ledger, mut inv) = expanded_tutorial();
    let start = address_key(&ledger.case.start.addresses[0]);
    let edges = inv.edges().count();
    assert!(inv.set_hidden(&start, true));
    assert!(inv.nodes().all(|n| n.key != start));
    assert!(inv.edges().count() < edges);
    assert_eq!(inv.node_count(), inv.nodes().count() + 1);
    assert!(inv.set_hidden(&start, false));
    assert_eq!(inv.edges().count(), edges);
}

#[test]
fn time_filter_hides_transactions_outside_the_window() {
    let (ledger, mut inv) = expanded_tutorial();
    let txs = inv.shown_txs();
    let times: Vec<i64> = txs.iter().map(|&t| ledger.time(t).unwrap()).collect();
    let cut = times[times.len() / 2];
    let filter = TxFilter {
        from: Some(cut),
        ..TxFilter::default()
    };
    assert!(inv.set_filter(&ledger, filter));
    let shown = inv.shown_txs();
    assert!(!shown.is_empty() && shown.len() < txs.len());
    assert!(shown.iter().all(|&t| ledger.time(t).unwrap() >= cut));
    assert!(tx_rows(&inv, &ledger)
        .iter()
        .all(|r| r.time.unwrap() >= cut));
    // The start stays on screen even when the filter rejects all its edges.
    let start = address_key(&ledger.case.start.addresses[0]);
    assert!(inv.nodes().any(|n| n.key == start));
    inv.set_filter(&ledger, TxFilter::default());
    assert_eq!(inv.shown_txs(), txs);
}

#[test]
fn shortest_path_follows_the_money() {
    let (ledger, inv) = expanded_tutorial();
    let start = address_key(&ledger.case.start.addresses[0]);
    let far = inv
        .nodes()
        .max_by(|a, b| a.column.cmp(&b.column).then(a.key.cmp(&b.key)))
        .unwrap()
        .key
        .clone();
    let path = inv.shortest_path(&start, &far).expect("connected");
    assert_eq!(path.first(), Some(&start));
    assert_eq!(path.last(), Some(&far));
    for pair in path.windows(2) {
        assert!(inv.edge(&pair[0], &pair[1]).is_some() || inv.edge(&pair[1], &pair[0]).is_some());
    }
    assert_eq!(inv.shortest_path(&start, "nowhere"), None);
}

#[test]
fn edge_hit_test_finds_the_edge_under_the_point() {
    let (_, inv) = expanded_tutorial();
    let (a, b, _) = inv.edges().next().unwrap();
    let (mx, my) = ((a.x + b.x) / 2.0, (a.y + b.y) / 2.0);
    assert_eq!(
        inv.edge_hit_test(mx, my + 2.0, 6.0),
        Some((a.key.clone(), b.key.clone()))
    );
    assert_eq!(inv.edge_hit_test(mx, my + 5000.0, 6.0), None);
}

#[test]
fn exports_carry_the_graph_and_escape_what_users_typed() {
    let (ledger, mut inv) = expanded_tutorial();
    let start = address_key(&ledger.case.start.addresses[0]);
    inv.set_tag(&start, Some(Tag::Victim));
    inv.set_note(&start, "<script>alert(1)</script>");
    let text = csv(&inv, &ledger);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), tx_rows(&inv, &ledger).len() + 1);
    assert!(lines[0].starts_with("time_utc,tx_id,"));
    assert!(text.contains(",victim,") || text.contains(",victim\r"));
    let image = svg(&inv, &ledger);
    assert!(image.starts_with("<svg") && image.trim_end().ends_with("</svg>"));
    assert_eq!(image.matches("<circle").count(), inv.nodes().count());
    let report = report_html(&inv, &ledger, "2024-01-01 00:00 UTC");
    assert!(!report.contains("<script>"));
    assert!(report.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(report.contains("Victim"));
    assert_eq!(
        escape(r#"<a href="x">&'"#),
        "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
    );
}

#[test]
fn expand_candidates_pages_and_ranks_by_value() {
    let ledger = tutorial();
    let inv = Investigation::open(&ledger);
    let start = address_key(&ledger.case.start.addresses[0]);
    let query = |by_value, offset, limit| tracelab::investigation::ExpandQuery {
        direction: None,
        filter: TxFilter::default(),
        by_value,
        offset,
        limit,
    };
    let (all, total) =
        tracelab::investigation::expand_candidates(&inv, &ledger, &start, &query(false, 0, 1000));
    assert_eq!(all.len(), total);
    let unrevealed = inv.unrevealed(&ledger, &start, Direction::In).len()
        + inv.unrevealed(&ledger, &start, Direction::Out).len();
    assert!(total <= unrevealed && total > 0);
    let (first, _) =
        tracelab::investigation::expand_candidates(&inv, &ledger, &start, &query(true, 0, 1));
    let (rest, _) =
        tracelab::investigation::expand_candidates(&inv, &ledger, &start, &query(true, 1, 1000));
    assert_eq!(first.len() + rest.len(), total);
    let value = |t: usize| {
        ledger
            .effect_on(t, &start)
            .into_iter()
            .map(|(_, r, s)| r.max(s))
            .max()
            .unwrap()
    };
    assert!(rest.iter().all(|&t| value(t) <= value(first[0])));
}

#[test]
fn saved_work_round_trips_through_json_and_a_case_file() {
    use tracelab::saved::{load, resume, save, SaveError};
    let ledger = tutorial();
    let mut inv = Rc::new(Investigation::open(&ledger));
    let mut history = History::default();
    let start = address_key(&ledger.case.start.addresses[0]);
    for c in [
        Command::Expand {
            key: start.clone(),
            direction: Direction::Out,
        },
        Command::Tag {
            key: start.clone(),
            tag: Some(Tag::Victim),
        },
        Command::MoveNode {
            key: start.clone(),
            x: 12.5,
            y: -40.0,
        },
        Command::Note {
            key: start.clone(),
            text: "paid the adviser".into(),
        },
    ] {
        assert!(history.apply(&mut inv, &ledger, c));
    }
    history.undo(&mut inv, &ledger);
    let session = tracelab::training::Session {
        clock: 42,
        ..Default::default()
    };
    let saved = save(&ledger, &history, &session);
    let json = serde_json::to_value(&saved).unwrap();
    let back = load(&ledger, &json.to_string()).unwrap();
    let (graph, mut h, s) = resume(&ledger, &back);
    assert!(graph == inv);
    assert_eq!(s.clock, 42);
    assert!(
        h.redo(&mut inv.clone(), &ledger).is_some(),
        "the undone note can be redone"
    );
    // A case file carries the same work and still passes the validator.
    assert_eq!(through_case_file(&ledger, &saved), saved);
    // Newer or foreign saves are refused with a reason, never a panic.
    let mut newer = json.clone();
    newer["version"] = 99.into();
    assert_eq!(
        load(&ledger, &newer.to_string()),
        Err(SaveError::TooNew(99))
    );
    let mut other = json;
    other["case_id"] = "other".into();
    assert!(matches!(
        load(&ledger, &other.to_string()),
        Err(SaveError::OtherCase(..))
    ));
    assert!(matches!(
        load(&ledger, r#"{"version": 1}"#),
        Err(SaveError::Damaged(_))
    ));
    assert!(matches!(
        load(&ledger, "not json"),
        Err(SaveError::Damaged(_))
    ));
}

#[test]
fn a_revealed_trail_puts_every_hop_on_the_graph_in_one_undo_step() {
    let ledger = tutorial();
    let mut inv = Rc::new(Investigation::open(&ledger));
    let start = inv.node_count();
    let trail = ledger.case.solution.trail.clone();
    let mut history = History::default();
    let near = Some(address_key(&ledger.case.start.addresses[0]));
    assert!(history.apply(
        &mut inv,
        &ledger,
        Command::RevealTrail {
            txs: trail.clone(),
            near
        }
    ));
    for key in &ledger.case.solution.key_addresses {
        assert!(inv.contains(key), "{key} revealed");
    }
    assert!(trail
        .iter()
        .all(|t| inv.is_revealed(ledger.tx_index(t).unwrap())));
    history.undo(&mut inv, &ledger).unwrap();
    assert_eq!(inv.node_count(), start);
}

#[test]
fn drags_pin_and_layouts_move_only_unpinned_nodes_through_undo_redo_and_replay() {
    let ledger = tutorial();
    let base = Investigation::open(&ledger);
    let mut inv = Rc::new(base.clone());
    let mut history = History::default();
    let start = address_key(&ledger.case.start.addresses[0]);
    let expand = Command::Expand {
        key: start.clone(),
        direction: Direction::Out,
    };
    assert!(history.apply(&mut inv, &ledger, expand));
    let other = inv.nodes().find(|n| n.key != start).unwrap().key.clone();
    let drag = Command::MoveNode {
        key: start.clone(),
        x: 500.0,
        y: -300.0,
    };
    assert!(history.apply(&mut inv, &ledger, drag.clone()));
    assert!(inv.node(&start).unwrap().pinned);
    assert!(
        !history.apply(&mut inv, &ledger, drag),
        "dropping a pinned node where it is changes nothing"
    );
    // A force layout run: one command moves every unpinned node, never the pin.
    let force = Command::Arrange {
        positions: vec![(start.clone(), 0.0, 0.0), (other.clone(), 40.0, 50.0)],
        layout: Some(LayoutKind::Force),
    };
    assert!(history.apply(&mut inv, &ledger, force));
    let pinned = inv.node(&start).unwrap();
    assert_eq!((pinned.x, pinned.y, pinned.pinned), (500.0, -300.0, true));
    let moved = inv.node(&other).unwrap();
    assert_eq!((moved.x, moved.y, moved.pinned), (40.0, 50.0, false));
    assert_eq!(inv.layout(), LayoutKind::Force);
    // Back to flow: unpinned nodes return to their slots, the pin stays.
    let flow = Command::Arrange {
        positions: inv.flow_positions(),
        layout: Some(LayoutKind::Flow),
    };
    assert!(history.apply(&mut inv, &ledger, flow));
    assert_eq!(inv.layout(), LayoutKind::Flow);
    assert_eq!(inv.node(&start).unwrap().x, 500.0);
    let after_flow = inv.clone();
    // Undo the switch and the run: the force positions, then the flow ones.
    history.undo(&mut inv, &ledger).unwrap();
    assert_eq!(inv.layout(), LayoutKind::Force);
    assert_eq!(inv.node(&other).unwrap().x, 40.0);
    history.undo(&mut inv, &ledger).unwrap();
    assert_ne!(inv.node(&other).unwrap().x, 40.0);
    // Undo the drag: the pin goes with it.
    history.undo(&mut inv, &ledger).unwrap();
    assert!(!inv.node(&start).unwrap().pinned);
    history.redo(&mut inv, &ledger).unwrap();
    history.redo(&mut inv, &ledger).unwrap();
    history.redo(&mut inv, &ledger).unwrap();
    assert!(inv == after_flow);
    // The saved log (as JSON) replays to the same pins and layout.
    let json = serde_json::to_string(&history.log()).unwrap();
    assert!(json.contains(r#""layout":"flow""#));
    let (replayed, _) = History::replay(&ledger, base, &serde_json::from_str(&json).unwrap());
    assert!(replayed == inv);
    assert!(replayed.node(&start).unwrap().pinned);
    // Commands read back field by field: a missing field or an unknown op is an
    // error naming it, extra fields are ignored.
    let err = serde_json::from_str::<Command>(r#"{"op":"move_node","key":"a","x":1}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("`y`"), "{err}");
    assert!(serde_json::from_str::<Command>(r#"{"op":"teleport"}"#).is_err());
    assert_eq!(
        serde_json::from_str::<Command>(r#"{"op":"show_all","later":1}"#).unwrap(),
        Command::ShowAll
    );
    // A log written before `layout` existed still loads.
    let old: Command =
        serde_json::from_str(r#"{"op":"arrange","positions":[["x",1.0,2.0]]}"#).unwrap();
    assert_eq!(
        old,
        Command::Arrange {
            positions: vec![("x".into(), 1.0, 2.0)],
            layout: None
        }
    );
}

/// An edge as (from, to, totals), comparable across graphs whatever petgraph's
/// indices.
type EdgeRow = (String, String, Vec<(String, Amount)>);

fn edge_set(inv: &Investigation) -> Vec<EdgeRow> {
    let mut out: Vec<EdgeRow> = inv
        .edges()
        .map(|(a, b, e)| {
            (
                a.key.clone(),
                b.key.clone(),
                e.totals.clone().into_iter().collect(),
            )
        })
        .collect();
    out.sort();
    out
}

/// What the edges must add up to, straight from the ledger: every flow of a
/// revealed transaction between two different nodes, summed per (node, node, asset).
fn ledger_totals(inv: &Investigation, ledger: &Ledger) -> Vec<EdgeRow> {
    let mut sums: std::collections::BTreeMap<(String, String), Vec<(String, Amount)>> =
        Default::default();
    for tx in inv.revealed_txs() {
        for flow in ledger.flows(tx) {
            let Some(from) = flow.from else { continue };
            let (Some(a), Some(b)) = (inv.node(&from), inv.node(&flow.to)) else {
                continue;
            };
            if a.key == b.key {
                continue;
            }
            let assets = sums.entry((a.key.clone(), b.key.clone())).or_default();
            match assets.iter_mut().find(|(asset, _)| *asset == flow.asset) {
                Some((_, total)) => *total = total.saturating_add(flow.value),
                None => assets.push((flow.asset, flow.value)),
            }
        }
    }
    sums.into_iter()
        .map(|((a, b), mut assets)| {
            assets.sort();
            (a, b, assets)
        })
        .collect()
}

/// Every pair of nodes the ledger has revealed flows between has an edge with
/// exactly those totals, and no shown edge is without such flows.
fn edges_match_ledger(inv: &Investigation, ledger: &Ledger) -> bool {
    let expected = ledger_totals(inv, ledger);
    expected.iter().all(|(a, b, assets)| {
        inv.edge(a, b)
            .is_some_and(|e| e.totals.clone().into_iter().collect::<Vec<_>>() == *assets)
    }) && edge_set(inv)
        .iter()
        .all(|(a, b, _)| expected.iter().any(|(x, y, _)| x == a && y == b))
}

/// An edge of the expanded tutorial and a third node touching neither end: a
/// cluster of three whose first flow becomes internal when merged.
fn cluster_of_three(inv: &Investigation) -> (String, String, String) {
    let (a, b, _) = edge_set(inv).into_iter().next().expect("an edge");
    let c = inv
        .nodes()
        .map(|n| n.key.clone())
        .find(|k| *k != a && *k != b)
        .expect("a third node");
    (a, b, c)
}

/// The tutorial expanded as in [`expanded_tutorial`], then [`cluster_of_three`]
/// merged, all through the history (so its log replays from the opening picture).
struct Merged {
    ledger: Ledger,
    /// The graph before the merge.
    base: Rc<Investigation>,
    inv: Rc<Investigation>,
    history: History,
    merge: Command,
    /// The node merged into, then the two members.
    keys: (String, String, String),
}

fn merged_three() -> Merged {
    let ledger = tutorial();
    let mut inv = Rc::new(Investigation::open(&ledger));
    let mut history = History::default();
    let mut frontier = vec![address_key(&ledger.case.start.addresses[0])];
    for _ in 0..3 {
        let mut next = Vec::new();
        for key in frontier {
            let before: Vec<String> = inv.all_nodes().map(|n| n.key.clone()).collect();
            let direction = Direction::Out;
            history.apply(&mut inv, &ledger, Command::Expand { key, direction });
            next.extend(
                inv.all_nodes()
                    .map(|n| n.key.clone())
                    .filter(|k| !before.contains(k)),
            );
        }
        frontier = next;
    }
    let base = inv.clone();
    assert!(*base == expanded_tutorial().1);
    let (a, b, c) = cluster_of_three(&base);
    let merge = Command::Merge {
        into: a.clone(),
        members: vec![b.clone(), c.clone()],
    };
    assert!(history.apply(&mut inv, &ledger, merge.clone()));
    Merged {
        ledger,
        base,
        inv,
        history,
        merge,
        keys: (a, b, c),
    }
}

#[test]
fn merging_makes_one_node_internal_flows_vanish_and_totals_stay_the_ledgers() {
    let Merged {
        ledger,
        base,
        mut inv,
        mut history,
        merge,
        keys: (a, b, c),
    } = merged_three();
    let before = edge_set(&base);
    assert_eq!(before, ledger_totals(&base, &ledger));
    let count = base.node_count();
    assert_eq!(describe(&merge), "merge 3 addresses into one node");
    assert_eq!(inv.node_count(), count - 2);
    for m in [&b, &c] {
        assert!(inv.contains(m), "{m} is on the graph through its node");
        assert_eq!(inv.node(m).unwrap().key, a, "{m} is an alias of {a}");
        assert!(
            inv.nodes().all(|n| n.key != *m),
            "{m} has no node of its own"
        );
    }
    assert_eq!(inv.merged_into(&a), {
        let mut m = vec![b.clone(), c.clone()];
        m.sort();
        m
    });
    assert_eq!(
        inv.merged_into(&b),
        inv.merged_into(&a),
        "any member names the node"
    );
    assert_eq!((inv.stands_for(&a), inv.stands_for(&b)), (3, 3));
    // The flow a → b is internal now: no edge, no self-loop, and what is left
    // adds up to the ledger's flows between different nodes.
    assert!(inv.edges().all(|(x, y, _)| x.key != y.key), "no self-loops");
    assert!(inv.edge(&a, &b).is_none());
    let after = edge_set(&inv);
    assert!(after.len() < before.len());
    assert_eq!(after, ledger_totals(&inv, &ledger));
    assert!(
        !history.apply(&mut inv, &ledger, merge),
        "merging twice changes nothing"
    );
    // Undo gives back the separate nodes exactly, redo the cluster.
    let merged = inv.clone();
    history.undo(&mut inv, &ledger).unwrap();
    assert!(inv == base);
    history.redo(&mut inv, &ledger).unwrap();
    assert!(inv == merged);
    // The log, through its JSON, replays to the same graph.
    let json = serde_json::to_string(&history.log()).unwrap();
    assert!(json.contains(r#""op":"merge""#), "{json}");
    let opening = Investigation::open(&ledger);
    let (mut replayed, mut h2) =
        History::replay(&ledger, opening, &serde_json::from_str(&json).unwrap());
    assert!(replayed == inv);
    h2.undo(&mut replayed, &ledger).unwrap();
    assert!(replayed == base);
}

#[test]
fn unmerging_gives_members_their_nodes_and_edges_back() {
    let Merged {
        ledger,
        base,
        mut inv,
        mut history,
        keys: (a, b, c),
        ..
    } = merged_three();
    let count = base.node_count();
    let before = edge_set(&base);
    let unmerge = Command::Unmerge { key: c.clone() };
    assert_eq!(describe(&unmerge), "unmerge a cluster");
    assert!(
        history.apply(&mut inv, &ledger, unmerge),
        "a member names its node"
    );
    assert_eq!(inv.node_count(), count);
    for m in [&a, &b, &c] {
        assert_eq!(inv.node(m).unwrap().key, *m, "{m} has its own node again");
        assert_eq!(inv.stands_for(m), 1);
    }
    assert!(inv.merged_into(&a).is_empty());
    assert_eq!(
        edge_set(&inv),
        before,
        "the same edges with the same totals"
    );
    assert!(
        !history.apply(&mut inv, &ledger, Command::Unmerge { key: a.clone() }),
        "a plain node has nothing to unmerge"
    );
    // Merge and unmerge replay from JSON; undoing both gives the start back.
    let json = serde_json::to_string(&history.log()).unwrap();
    assert!(json.contains(r#"{"op":"unmerge","key":"#), "{json}");
    let opening = Investigation::open(&ledger);
    let (replayed, _) = History::replay(&ledger, opening, &serde_json::from_str(&json).unwrap());
    assert!(replayed == inv);
    history.undo(&mut inv, &ledger).unwrap();
    history.undo(&mut inv, &ledger).unwrap();
    assert!(inv == base);
}

#[test]
fn merging_off_the_graph_changes_nothing() {
    let (ledger, inv) = expanded_tutorial();
    let mut inv = Rc::new(inv);
    let before = inv.clone();
    let mut history = History::default();
    let on = inv.nodes().next().unwrap().key.clone();
    let off = keys(&ledger)
        .into_iter()
        .find(|k| !inv.contains(k))
        .expect("an address not on the graph");
    for c in [
        Command::Merge {
            into: on.clone(),
            members: vec![off.clone()],
        },
        Command::Merge {
            into: off.clone(),
            members: vec![on.clone()],
        },
        Command::Merge {
            into: on.clone(),
            members: vec![on.clone()],
        },
        Command::Merge {
            into: on.clone(),
            members: vec![],
        },
        Command::Unmerge { key: off.clone() },
    ] {
        assert!(!c.apply(Rc::make_mut(&mut inv.clone()), &ledger), "{c:?}");
        assert!(!history.apply(&mut inv, &ledger, c));
    }
    assert!(inv == before);
    assert!(!history.can_undo());
    assert_eq!(inv.stands_for(&off), 0);
}

#[test]
fn a_merged_node_expands_and_marks_for_all_its_addresses() {
    let ledger = tutorial();
    let mut inv = Investigation::open(&ledger);
    let start = address_key(&ledger.case.start.addresses[0]);
    // A node next to the start with transactions of its own still to reveal.
    let other = inv
        .nodes()
        .map(|n| n.key.clone())
        .find(|k| *k != start && !inv.unrevealed(&ledger, k, Direction::Out).is_empty())
        .expect("a node with unrevealed payments");
    let its_own = inv.unrevealed(&ledger, &other, Direction::Out);
    assert!(inv.merge(&ledger, &start, std::slice::from_ref(&other)));
    let theirs = inv.unrevealed(&ledger, &start, Direction::Out);
    assert!(its_own.iter().all(|t| theirs.contains(t)));
    assert!(theirs
        .windows(2)
        .all(|w| ledger.order_key(w[0]) < ledger.order_key(w[1])));
    let added = inv.expand(&ledger, &start, Direction::Out);
    assert!(its_own.iter().all(|&t| inv.is_revealed(t)));
    assert!(!added.is_empty());
    assert_eq!(edge_set(&inv), ledger_totals(&inv, &ledger));
    // The start stays marked as such while merged, and marks by any address land
    // on the node.
    assert!(inv.node(&other).unwrap().is_start);
    assert!(inv.set_tag(&other, Some(Tag::Suspect)));
    assert_eq!(inv.tag(&start), Some(Tag::Suspect));
    assert!(inv.set_hidden(&other, true));
    assert!(inv.is_hidden(&start));
    assert!(inv.set_hidden(&start, false));
    // Unmerged, the member is a plain node again and the start is the start.
    assert!(inv.unmerge(&ledger, &start));
    assert!(inv.node(&start).unwrap().is_start);
    assert!(!inv.node(&other).unwrap().is_start);
    assert_eq!(edge_set(&inv), ledger_totals(&inv, &ledger));
}

#[test]
fn merge_commands_have_a_fixed_json_shape() {
    let merge = Command::Merge {
        into: "a".into(),
        members: vec!["b".into(), "c".into()],
    };
    let unmerge = Command::Unmerge { key: "a".into() };
    let json = [
        r#"{"op":"merge","into":"a","members":["b","c"]}"#,
        r#"{"op":"unmerge","key":"a"}"#,
    ];
    assert_eq!(serde_json::to_string(&merge).unwrap(), json[0]);
    assert_eq!(serde_json::to_string(&unmerge).unwrap(), json[1]);
    assert_eq!(serde_json::from_str::<Command>(json[0]).unwrap(), merge);
    assert_eq!(serde_json::from_str::<Command>(json[1]).unwrap(), unmerge);
    let err = serde_json::from_str::<Command>(r#"{"op":"merge","into":"a"}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("`members`"), "{err}");
    assert!(serde_json::from_str::<Command>(r#"{"op":"unmerge"}"#).is_err());
}

#[test]
fn exports_and_saved_work_carry_merged_nodes() {
    use tracelab::saved::{load, resume, save};
    let Merged {
        ledger,
        mut inv,
        mut history,
        keys: (_, b, c),
        ..
    } = merged_three();
    assert!(history.apply(
        &mut inv,
        &ledger,
        Command::Tag {
            key: b.clone(),
            tag: Some(Tag::Suspect),
        }
    ));
    // Rows name the real payer and payee, never a flow inside the cluster.
    let rows = tx_rows(&inv, &ledger);
    assert!(!rows.is_empty());
    for r in &rows {
        assert_ne!(inv.node(&r.from).unwrap().key, inv.node(&r.to).unwrap().key);
    }
    let text = csv(&inv, &ledger);
    assert_eq!(text.lines().count(), rows.len() + 1);
    let image = svg(&inv, &ledger);
    assert_eq!(image.matches("<circle").count(), inv.nodes().count());
    assert!(image.contains("+2 merged"), "{image}");
    let report = report_html(&inv, &ledger, "2024-01-01 00:00 UTC");
    assert!(report.contains("Merged clusters"));
    assert!(report.contains(ledger.display_address(&c)));
    // Saved work and a case file bring the cluster back.
    let saved = save(&ledger, &history, &tracelab::training::Session::default());
    let back = load(&ledger, &serde_json::to_string(&saved).unwrap()).unwrap();
    let (graph, _, _) = resume(&ledger, &back);
    assert!(graph == inv);
    assert_eq!(graph.stands_for(&c), 3);
    assert_eq!(through_case_file(&ledger, &saved), saved);
}

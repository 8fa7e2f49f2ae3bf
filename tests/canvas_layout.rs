//! The investigation's layout rules as the canvas relies on them: dragged nodes
//! stay pinned through layout switches, expanding never moves existing nodes, and
//! new nodes land next to their neighbour without overlapping anything, under the
//! flow layout and the force layout alike.

use std::collections::BTreeMap;

use tracelab::investigation::{Direction, Investigation, LayoutKind, NODE_RADIUS};
use tracelab::layout::force::ForceLayout;
use tracelab::ledger::Ledger;

fn tutorial() -> Ledger {
    let text = std::fs::read_to_string("scenarios/tutorial-peel-chain.json").unwrap();
    Ledger::new(tracelab::scenario::parse(&text).unwrap())
}

fn positions(inv: &Investigation) -> BTreeMap<String, (f64, f64)> {
    inv.nodes().map(|n| (n.key.clone(), (n.x, n.y))).collect()
}

fn assert_no_overlap(inv: &Investigation) {
    let nodes: Vec<_> = inv.nodes().collect();
    for (i, a) in nodes.iter().enumerate() {
        for b in &nodes[i + 1..] {
            let d = (a.x - b.x).hypot(a.y - b.y);
            assert!(
                d >= NODE_RADIUS * 2.5,
                "{} and {} overlap ({d})",
                a.key,
                b.key
            );
        }
    }
}

/// Expands every node out, then in, once; checks each expansion.
fn grow(inv: &mut Investigation, ledger: &Ledger) {
    for direction in [Direction::Out, Direction::In] {
        for key in inv.nodes().map(|n| n.key.clone()).collect::<Vec<_>>() {
            let before = positions(inv);
            inv.expand(ledger, &key, direction);
            let after = positions(inv);
            for (k, p) in &before {
                assert_eq!(after[k], *p, "expanding {key} moved {k}");
            }
            assert_no_overlap(inv);
        }
    }
}

#[test]
fn flow_layout_with_a_dragged_node() {
    let ledger = tutorial();
    let mut inv = Investigation::open(&ledger);
    let start = inv.nodes().find(|n| n.is_start).unwrap().key.clone();
    // Drop the start node where its first payee's column will be.
    assert!(inv.move_node(&start, 260.0, 90.0));
    assert!(inv.node(&start).unwrap().pinned);
    assert!(!inv.move_node("bc1qnothere", 0.0, 0.0));
    assert!(!inv.move_node(&start, f64::NAN, 0.0));
    grow(&mut inv, &ledger);
    assert!(inv.arrange(Some(LayoutKind::Force), &[]));
    let flow = inv.flow_positions();
    assert!(flow.iter().all(|(k, _, _)| *k != start));
    inv.arrange(Some(LayoutKind::Flow), &flow);
    let n = inv.node(&start).unwrap();
    assert_eq!((n.x, n.y), (260.0, 90.0), "pinned nodes never move");
}

#[test]
fn force_layout_keeps_pins_and_places_newcomers_beside_neighbours() {
    let ledger = tutorial();
    let mut inv = Investigation::open(&ledger);
    let start = inv.nodes().find(|n| n.is_start).unwrap().key.clone();
    inv.move_node(&start, -40.0, 30.0);
    inv.arrange(Some(LayoutKind::Force), &[]);
    let keys: Vec<String> = inv.nodes().map(|n| n.key.clone()).collect();
    let fixed = inv.nodes().map(|n| n.pinned).collect();
    let mut force = ForceLayout::new(
        inv.nodes().map(|n| (n.x, n.y)).collect(),
        &inv.edge_indices(),
        fixed,
    );
    while !force.settled() {
        force.step();
    }
    let computed: Vec<(String, f64, f64)> = keys
        .iter()
        .zip(&force.positions)
        .map(|(k, p)| (k.clone(), p.0, p.1))
        .collect();
    inv.arrange(None, &computed);
    assert_eq!(
        (inv.node(&start).unwrap().x, inv.node(&start).unwrap().y),
        (-40.0, 30.0)
    );
    assert_no_overlap(&inv);
    grow(&mut inv, &ledger);
    assert!(inv.node_count() > keys.len());
    // Back to flow: unpinned nodes return to their columns.
    let flow = inv.flow_positions();
    inv.arrange(Some(LayoutKind::Flow), &flow);
    for n in inv.nodes().filter(|n| !n.pinned) {
        assert_eq!(
            n.x,
            f64::from(n.column) * tracelab::investigation::COLUMN_WIDTH
        );
        assert_eq!(n.y, n.slot_y);
    }
}

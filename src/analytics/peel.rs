//! Peel chains (BlockSci's `isPeelingChain`; reference: `tracing-methods.md`): a
//! transaction with one input and two outputs whose parent (the transaction that
//! created its input) or one of whose children (a transaction spending one of its
//! outputs) is also one-input/two-output. A lone 1-in/2-out payment is an ordinary
//! payment with change, not a peel.

use crate::analytics::index::{Index, TxId, NONE};

/// One input and two outputs.
pub fn is_one_in_two_out(ix: &Index, tx: TxId) -> bool {
    ix.is_utxo(tx) && !ix.is_coinbase(tx) && ix.inputs(tx).len() == 1 && ix.outputs(tx).len() == 2
}

/// The peel verdict on a transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeelVerdict {
    pub is_peel: bool,
    /// The parent, when it is 1-in/2-out too.
    pub parent: Option<TxId>,
    /// Children that are 1-in/2-out too.
    pub children: Vec<TxId>,
    pub reason: String,
}

fn parent(ix: &Index, tx: TxId) -> Option<TxId> {
    let &coin = ix.inputs(tx).first()?;
    if coin == NONE {
        return None;
    }
    ix.coin_creator(coin)
}

fn children(ix: &Index, tx: TxId) -> Vec<TxId> {
    ix.outputs(tx).filter_map(|c| ix.coin_spender(c)).collect()
}

pub fn peel_verdict(ix: &Index, tx: TxId) -> PeelVerdict {
    if !is_one_in_two_out(ix, tx) {
        return PeelVerdict {
            is_peel: false,
            parent: None,
            children: Vec::new(),
            reason: "Not a peel: a peel step has exactly one input and two outputs.".into(),
        };
    }
    let parent = parent(ix, tx).filter(|&p| is_one_in_two_out(ix, p));
    let children: Vec<TxId> = children(ix, tx)
        .into_iter()
        .filter(|&c| is_one_in_two_out(ix, c))
        .collect();
    let is_peel = parent.is_some() || !children.is_empty();
    let reason = match (parent.is_some(), children.len()) {
        (true, 0) => "Peel chain: one input, two outputs, and the transaction that funded it had the same shape.".to_string(),
        (false, n) if n > 0 => "Peel chain: one input, two outputs, and an output is spent again by a transaction of the same shape.".to_string(),
        (true, _) => "Peel chain: one input, two outputs, with the same shape before and after it.".to_string(),
        _ => "Not a peel: one input and two outputs, but neither its parent nor any child has that shape; an isolated payment with change looks like this.".to_string(),
    };
    PeelVerdict {
        is_peel,
        parent,
        children,
        reason,
    }
}

/// The output that carries the remainder: the larger one (ties: the lower vout).
fn larger_output(ix: &Index, tx: TxId) -> Option<u32> {
    ix.outputs(tx).rev().max_by_key(|&c| ix.coin_value(c))
}

/// The whole run of linked 1-in/2-out transactions through `tx`, in time order: a
/// peel continues through its larger output (the remainder), so the run goes back
/// through parents whose larger output funded the next step, and forward through
/// the spender of the larger output, while they have the shape. Empty if `tx` is
/// not a peel.
pub fn peel_chain(ix: &Index, tx: TxId) -> Vec<TxId> {
    if !peel_verdict(ix, tx).is_peel {
        return Vec::new();
    }
    let mut chain = vec![tx];
    let mut at = tx;
    while let Some(p) = parent(ix, at).filter(|&p| {
        is_one_in_two_out(ix, p) && larger_output(ix, p) == ix.inputs(at).first().copied()
    }) {
        if chain.contains(&p) {
            break;
        }
        chain.push(p);
        at = p;
    }
    chain.reverse();
    let mut at = tx;
    while let Some(s) = larger_output(ix, at)
        .and_then(|c| ix.coin_spender(c))
        .filter(|&s| is_one_in_two_out(ix, s) && !chain.contains(&s))
    {
        chain.push(s);
        at = s;
    }
    chain
}

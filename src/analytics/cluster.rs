//! Address clustering by common-input ownership (Meiklejohn et al., "A Fistful of
//! Bitcoins", IMC 2013; reference: `tracing-methods.md`): the inputs of one UTXO
//! transaction are signed by one wallet, so their addresses belong to one owner.
//!
//! Union-find over dense address ids (union by size, path halving) makes the
//! whole ledger one pass. CoinJoins are skipped ([`super::coinjoin`]): there the
//! inputs belong to different people. Account chains have one sender per
//! transaction, so the rule does not apply there (see [`super::deposit`] for
//! Ethereum's deposit-address clustering).
//!
//! Each cluster is named by its smallest address id, so the result is the same
//! whatever order the unions happened in.

use crate::analytics::coinjoin::{is_coinjoin, CoinJoinRules, Scratch};
use crate::analytics::index::{AddrId, Index, TxId, NONE};

/// Clusters of addresses that spent together.
#[derive(Clone, Debug)]
pub struct Clusters {
    /// Per address, the smallest address id of its cluster.
    rep: Vec<AddrId>,
    /// CoinJoins that were not used for merging, in time order.
    pub coinjoins_skipped: Vec<TxId>,
    /// Transactions whose inputs were merged.
    pub merging_txs: usize,
}

impl Clusters {
    /// The cluster's name: its smallest address id.
    pub fn cluster_of(&self, addr: AddrId) -> AddrId {
        self.rep[addr as usize]
    }

    pub fn same(&self, a: AddrId, b: AddrId) -> bool {
        self.rep[a as usize] == self.rep[b as usize]
    }

    /// Every cluster of two or more addresses, members ascending, clusters by
    /// their smallest member.
    pub fn groups(&self) -> Vec<Vec<AddrId>> {
        let mut count = vec![0u32; self.rep.len()];
        for &r in &self.rep {
            count[r as usize] += 1;
        }
        let mut slot = vec![NONE; self.rep.len()];
        let mut groups: Vec<Vec<AddrId>> = Vec::new();
        for (a, &r) in self.rep.iter().enumerate() {
            if count[r as usize] < 2 {
                continue;
            }
            if slot[r as usize] == NONE {
                slot[r as usize] = groups.len() as u32;
                groups.push(Vec::with_capacity(count[r as usize] as usize));
            }
            groups[slot[r as usize] as usize].push(a as AddrId);
        }
        groups
    }

    /// The members of one address's cluster (itself alone if unclustered).
    pub fn members(&self, addr: AddrId) -> Vec<AddrId> {
        let r = self.rep[addr as usize];
        (0..self.rep.len() as AddrId)
            .filter(|&a| self.rep[a as usize] == r)
            .collect()
    }
}

/// Clusters the whole ledger.
pub fn cluster(ix: &Index, rules: &CoinJoinRules) -> Clusters {
    let n = ix.address_count();
    let mut parent: Vec<AddrId> = (0..n as AddrId).collect();
    let mut size = vec![1u32; n];
    let mut coinjoins_skipped = Vec::new();
    let mut merging_txs = 0;
    let mut scratch = Scratch::default();
    let mut buf = (Vec::new(), Vec::new());
    for t in 0..ix.tx_count() as TxId {
        let ins = ix.inputs(t);
        if ins.len() < 2 {
            continue;
        }
        if is_coinjoin(ix, t, rules, &mut scratch, &mut buf) {
            coinjoins_skipped.push(t);
            continue;
        }
        let mut first = NONE;
        for &c in ins {
            if c == NONE {
                continue;
            }
            let a = ix.coin_addr[c as usize];
            if first == NONE {
                first = a;
            } else {
                union(&mut parent, &mut size, first, a);
            }
        }
        merging_txs += 1;
    }
    // Name each cluster by its smallest member.
    let mut smallest = vec![NONE; n];
    let mut rep = vec![0; n];
    for a in 0..n as AddrId {
        let r = find(&mut parent, a);
        if smallest[r as usize] == NONE {
            smallest[r as usize] = a;
        }
        rep[a as usize] = smallest[r as usize];
    }
    Clusters {
        rep,
        coinjoins_skipped,
        merging_txs,
    }
}

fn find(parent: &mut [AddrId], mut a: AddrId) -> AddrId {
    while parent[a as usize] != a {
        let grand = parent[parent[a as usize] as usize];
        parent[a as usize] = grand;
        a = grand;
    }
    a
}

fn union(parent: &mut [AddrId], size: &mut [u32], a: AddrId, b: AddrId) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra == rb {
        return;
    }
    let (big, small) = if size[ra as usize] >= size[rb as usize] {
        (ra, rb)
    } else {
        (rb, ra)
    };
    parent[small as usize] = big;
    size[big as usize] += size[small as usize];
}

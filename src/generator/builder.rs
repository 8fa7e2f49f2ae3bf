//! The ledger under construction.
//!
//! [`Builder`] owns everything a case's ledger needs (chains, assets, entities,
//! addresses, transactions, links) and hands out small handles: an [`AddrId`] per
//! address, a [`TxId`] per transaction and a [`Coin`] per unspent Bitcoin output.
//! Building blocks and recipes call it to add transactions; it works out what a
//! real wallet would: fees from the fee model, change, block heights from the
//! chain's clock, and it never lets a transaction spend a coin before it exists.
//!
//! Account chains need no bookkeeping while building: [`Builder::finish`] replays
//! every account in time order and gives each address that would go below zero an
//! opening balance (what it held before the case window), so balances never go
//! negative. UTXO value is conserved by construction: inputs = outputs + fee.
//!
//! Records are kept compact (indices, integers, raw hashes) so that a case of a
//! million transactions fits in a few hundred megabytes; [`Finished`] turns them
//! into the file format's types one at a time, either all at once
//! ([`Finished::into_parts`]) or while writing JSON (see `case::CaseDoc`).

use std::collections::{BTreeMap, BTreeSet};

use super::chain::{AssetId, ChainId};
use super::encode::{btc_address, eth_address, rfc3339, tron_address, BtcKind};
use super::market::{Call, Market};
use super::rng::Rng;
use crate::amount::Amount;
use crate::scenario::{
    AddressEntry, Asset, Balance, Category, Chain, Entity, Input, Label, Link, LinkKind, Method,
    Output, Role, Transaction, Transfer,
};

pub type AddrId = u32;
pub type TxId = u32;

/// Outputs below this are dust: wallets add them to the fee instead.
pub const DUST: u64 = 546;

/// An unspent Bitcoin output: created by transaction `tx` at index `vout`, or a coin
/// from before the case window (`tx == PREWINDOW`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Coin {
    pub tx: TxId,
    pub vout: u32,
    pub addr: AddrId,
    pub value: u64,
    pub time: i64,
}

pub const PREWINDOW: TxId = u32::MAX;

/// One address, compactly: its text, chain and script kind, owner (an index into
/// the entities), role and attribution label.
pub struct AddrRec {
    pub text: Box<str>,
    pub chain: ChainId,
    pub kind: Option<BtcKind>,
    pub owner: Option<u32>,
    pub role: Role,
    pub label: Option<Box<Label>>,
}

enum In {
    Prev(TxId, u32),
    Pre(AddrId, u64),
}

enum Body {
    Utxo {
        coinbase: bool,
        ins: Vec<In>,
        outs: Vec<(AddrId, u64)>,
    },
    Account {
        sender: AddrId,
        fee: u128,
        method: Method,
        transfers: Vec<(AddrId, AddrId, AssetId, u128)>,
    },
}

struct TxRec {
    hash: [u8; 32],
    chain: ChainId,
    time: i64,
    block: u64,
    memo: Option<Box<str>>,
    body: Body,
}

/// The parts of a case that describe the ledger.
pub struct LedgerParts {
    pub chains: Vec<Chain>,
    pub assets: Vec<Asset>,
    pub entities: Vec<Entity>,
    pub addresses: Vec<AddressEntry>,
    pub opening_balances: Vec<Balance>,
    pub transactions: Vec<Transaction>,
    pub links: Vec<Link>,
}

pub struct Builder {
    seed: u64,
    pub rng: Rng,
    pub market: Market,
    /// The first moment of the case window.
    pub start: i64,
    chains: BTreeSet<ChainId>,
    assets: BTreeSet<AssetId>,
    pub entities: Vec<Entity>,
    /// Uses of each entity id prefix so far.
    entity_ids: BTreeMap<String, u32>,
    /// Entity id → index in `entities`.
    entity_index: BTreeMap<String, u32>,
    pub addrs: Vec<AddrRec>,
    txs: Vec<TxRec>,
    pub links: Vec<Link>,
    /// (address, asset) pairs that have held a token: Tron charges more energy for
    /// a transfer to an address that never held it.
    holders: BTreeSet<(AddrId, AssetId)>,
    /// Addresses that keep a working balance above their needs (services).
    cushioned: BTreeSet<AddrId>,
}

impl Builder {
    pub fn new(seed: u64, start: i64, days: usize) -> Builder {
        let mut market_rng = Rng::derive(seed, "market");
        Builder {
            seed,
            rng: Rng::derive(seed, "trail"),
            market: Market::new(&mut market_rng, start, days),
            start,
            chains: BTreeSet::new(),
            assets: BTreeSet::new(),
            entities: Vec::new(),
            entity_ids: BTreeMap::new(),
            entity_index: BTreeMap::new(),
            addrs: Vec::new(),
            txs: Vec::new(),
            links: Vec::new(),
            holders: BTreeSet::new(),
            cushioned: BTreeSet::new(),
        }
    }

    /// Makes room for about `n` transactions (and their addresses) up front.
    pub fn reserve(&mut self, n: usize) {
        self.txs.reserve(n.saturating_sub(self.txs.len()));
        self.addrs
            .reserve((n * 3 / 2).saturating_sub(self.addrs.len()));
    }

    /// Switches to the independent random stream named `label`.
    pub fn use_stream(&mut self, label: &str) {
        self.rng = Rng::derive(self.seed, label);
    }

    pub fn tx_count(&self) -> usize {
        self.txs.len()
    }

    pub fn use_asset(&mut self, asset: AssetId) {
        self.chains.insert(asset.chain());
        self.assets.insert(asset.chain().native());
        self.assets.insert(asset);
    }

    pub fn has_chain(&self, chain: ChainId) -> bool {
        self.chains.contains(&chain)
    }

    pub fn chains(&self) -> Vec<ChainId> {
        self.chains.iter().copied().collect()
    }

    pub fn assets(&self) -> Vec<AssetId> {
        self.assets.iter().copied().collect()
    }

    /// Adds an entity under a unique id derived from `id`, and returns that id.
    pub fn entity(
        &mut self,
        id: &str,
        name: &str,
        category: Category,
        jurisdiction: Option<&str>,
        description: &str,
    ) -> String {
        // The first use of a prefix keeps it as it is; later ones get -2, -3, ...
        let n = self.entity_ids.entry(id.to_string()).or_insert(0);
        *n += 1;
        let unique = if *n == 1 {
            id.to_string()
        } else {
            format!("{id}-{n}")
        };
        self.entity_index
            .insert(unique.clone(), self.entities.len() as u32);
        self.entities.push(Entity {
            id: unique.clone(),
            name: name.to_string(),
            category,
            jurisdiction: jurisdiction.map(str::to_string),
            description: (!description.is_empty()).then(|| description.to_string()),
        });
        unique
    }

    pub fn entity_name(&self, id: &str) -> String {
        self.entities
            .iter()
            .find(|e| e.id == id)
            .map_or_else(|| id.to_string(), |e| e.name.clone())
    }

    fn entity_index(&self, id: &str) -> Option<u32> {
        self.entity_index.get(id).copied()
    }

    /// A fresh address of `chain` (of `kind` on Bitcoin; a random common kind when
    /// `None`), owned by `owner`.
    pub fn addr(
        &mut self,
        chain: ChainId,
        kind: Option<BtcKind>,
        owner: &str,
        role: Role,
    ) -> AddrId {
        let (text, kind) = match chain {
            ChainId::Bitcoin => {
                let k = kind.unwrap_or_else(|| BtcKind::random(&mut self.rng));
                (btc_address(&mut self.rng, k), Some(k))
            }
            ChainId::Ethereum => (eth_address(&mut self.rng), None),
            ChainId::Tron => (tron_address(&mut self.rng), None),
        };
        self.chains.insert(chain);
        self.assets.insert(chain.native());
        let owner = if owner.is_empty() {
            None
        } else {
            self.entity_index(owner)
        };
        self.addrs.push(AddrRec {
            text: text.into_boxed_str(),
            chain,
            kind,
            owner,
            role,
            label: None,
        });
        (self.addrs.len() - 1) as AddrId
    }

    pub fn label(
        &mut self,
        addr: AddrId,
        text: &str,
        category: Category,
        source: &str,
        confidence: crate::scenario::Confidence,
    ) {
        self.addrs[addr as usize].label = Some(Box::new(Label {
            text: text.to_string(),
            category,
            source: source.to_string(),
            confidence,
        }));
    }

    pub fn cushion(&mut self, addr: AddrId) {
        self.cushioned.insert(addr);
    }

    pub fn address(&self, addr: AddrId) -> &str {
        &self.addrs[addr as usize].text
    }

    /// The id of the entity that owns `addr` ("" when none).
    pub fn owner(&self, addr: AddrId) -> &str {
        match self.addrs[addr as usize].owner {
            Some(e) => &self.entities[e as usize].id,
            None => "",
        }
    }

    pub fn role(&self, addr: AddrId) -> Role {
        self.addrs[addr as usize].role
    }

    /// The address with this text, if the builder made it.
    pub fn find_address(&self, text: &str) -> Option<AddrId> {
        self.addrs
            .iter()
            .position(|a| &*a.text == text)
            .map(|i| i as AddrId)
    }

    pub fn chain_of(&self, addr: AddrId) -> ChainId {
        self.addrs[addr as usize].chain
    }

    pub fn btc_kind(&self, addr: AddrId) -> BtcKind {
        self.addrs[addr as usize].kind.unwrap_or(BtcKind::P2wpkh)
    }

    pub fn tx_hash(&self, tx: TxId) -> String {
        let r = &self.txs[tx as usize];
        match r.chain {
            ChainId::Ethereum => format!("0x{}", hex(&r.hash)),
            _ => hex(&r.hash),
        }
    }

    pub fn tx_time(&self, tx: TxId) -> i64 {
        self.txs[tx as usize].time
    }

    /// The transaction as the file format writes it.
    pub fn tx(&self, tx: TxId) -> Transaction {
        materialize(&self.txs, &self.addrs, tx as usize)
    }

    pub fn link(&mut self, kind: LinkKind, in_tx: TxId, out_tx: TxId) {
        self.links.push(Link {
            kind,
            in_tx: self.tx_hash(in_tx),
            out_tx: self.tx_hash(out_tx),
        });
    }

    /// A coin held since before the case window.
    pub fn prewindow(&self, addr: AddrId, value: u64) -> Coin {
        Coin {
            tx: PREWINDOW,
            vout: 0,
            addr,
            value,
            time: i64::MIN,
        }
    }

    fn push(&mut self, chain: ChainId, time: i64, memo: Option<String>, body: Body) -> TxId {
        let (t, block) = chain.place(time);
        let hash = self.rng.bytes::<32>();
        self.txs.push(TxRec {
            hash,
            chain,
            time: t,
            block,
            memo: memo.map(String::into_boxed_str),
            body,
        });
        (self.txs.len() - 1) as TxId
    }

    /// The Bitcoin fee for a transaction of these inputs and output kinds at `time`.
    pub fn btc_fee(&self, time: i64, inputs: &[Coin], outputs: &[AddrId]) -> u64 {
        let vbytes = 11
            + inputs
                .iter()
                .map(|c| self.btc_kind(c.addr).input_vbytes())
                .sum::<u64>()
            + outputs
                .iter()
                .map(|&a| self.btc_kind(a).output_vbytes())
                .sum::<u64>();
        vbytes * self.market.feerate(time)
    }

    /// A Bitcoin transaction spending `inputs` to `outs`; what is left after the fee
    /// goes to `change` (dropped into the fee if it would be dust). Without `change`
    /// the fee is taken from the last output. The time is moved to no earlier than
    /// the newest input. Returns the transaction and its new coins: those of `outs`
    /// in order, then the change, if any.
    pub fn utxo(
        &mut self,
        time: i64,
        inputs: &[Coin],
        outs: &[(AddrId, u64)],
        change: Option<AddrId>,
        memo: Option<String>,
    ) -> (TxId, Vec<Coin>) {
        self.utxo_with(time, inputs, outs, change, false, memo)
    }

    /// A Bitcoin transaction whose outputs are exactly `outs`: the fee is whatever
    /// the inputs hold beyond them (CoinJoin rounds set it this way).
    pub fn utxo_exact(
        &mut self,
        time: i64,
        inputs: &[Coin],
        outs: &[(AddrId, u64)],
        memo: Option<String>,
    ) -> (TxId, Vec<Coin>) {
        self.utxo_with(time, inputs, outs, None, true, memo)
    }

    fn utxo_with(
        &mut self,
        time: i64,
        inputs: &[Coin],
        outs: &[(AddrId, u64)],
        change: Option<AddrId>,
        exact: bool,
        memo: Option<String>,
    ) -> (TxId, Vec<Coin>) {
        let time = inputs.iter().map(|c| c.time).fold(time, i64::max);
        let time = ChainId::Bitcoin.place(time).0;
        let total_in: u64 = inputs.iter().map(|c| c.value).sum();
        let mut values: Vec<(AddrId, u64)> = outs.to_vec();
        let mut kinds: Vec<AddrId> = outs.iter().map(|o| o.0).collect();
        kinds.extend(change);
        let fee = self.btc_fee(time, inputs, &kinds);
        let paid: u64 = values.iter().map(|o| o.1).sum();
        let mut change_at = None;
        match change {
            Some(c) => {
                let rest = total_in.saturating_sub(paid).saturating_sub(fee);
                if rest >= DUST {
                    let at = self.rng.index(values.len() + 1);
                    values.insert(at, (c, rest));
                    change_at = Some(at);
                }
            }
            None if exact => {}
            None => {
                // The sender pays the fee out of the last output.
                if let Some(last) = values.last_mut() {
                    let others = paid - last.1;
                    last.1 = total_in.saturating_sub(others).saturating_sub(fee);
                }
            }
        }
        // Safety net: never create value (shave the largest output if short).
        let out_total: u64 = values.iter().map(|o| o.1).sum();
        if out_total > total_in {
            let short = out_total - total_in;
            if let Some(big) = values.iter_mut().max_by_key(|o| o.1) {
                big.1 = big.1.saturating_sub(short);
            }
        }
        let ins = inputs
            .iter()
            .map(|c| {
                if c.tx == PREWINDOW {
                    In::Pre(c.addr, c.value)
                } else {
                    In::Prev(c.tx, c.vout)
                }
            })
            .collect();
        let id = self.push(
            ChainId::Bitcoin,
            time,
            memo,
            Body::Utxo {
                coinbase: false,
                ins,
                outs: values.clone(),
            },
        );
        let coin = |vout: usize| Coin {
            tx: id,
            vout: vout as u32,
            addr: values[vout].0,
            value: values[vout].1,
            time,
        };
        let mut coins: Vec<Coin> = (0..values.len())
            .filter(|&i| Some(i) != change_at)
            .map(coin)
            .collect();
        if let Some(at) = change_at {
            coins.push(coin(at));
        }
        (id, coins)
    }

    /// Spends `inputs` whole to one address (a sweep or consolidation).
    pub fn sweep(
        &mut self,
        time: i64,
        inputs: &[Coin],
        to: AddrId,
        memo: Option<String>,
    ) -> (TxId, Coin) {
        let (id, coins) = self.utxo(time, inputs, &[(to, 0)], None, memo);
        (id, coins[0])
    }

    pub fn coinbase(&mut self, time: i64, to: AddrId, value: u64) -> (TxId, Coin) {
        let time = ChainId::Bitcoin.place(time).0;
        let id = self.push(
            ChainId::Bitcoin,
            time,
            None,
            Body::Utxo {
                coinbase: true,
                ins: Vec::new(),
                outs: vec![(to, value)],
            },
        );
        (
            id,
            Coin {
                tx: id,
                vout: 0,
                addr: to,
                value,
                time,
            },
        )
    }

    /// An account-chain transaction: `sender` pays the fee for `call`; `transfers`
    /// are (from, to, asset, value) in order.
    pub fn account(
        &mut self,
        time: i64,
        sender: AddrId,
        method: Method,
        call: Call,
        transfers: &[(AddrId, AddrId, AssetId, u128)],
        memo: Option<String>,
    ) -> TxId {
        let chain = self.chain_of(sender);
        for t in transfers {
            self.use_asset(t.2);
        }
        let fresh = transfers
            .iter()
            .any(|t| !t.2.is_native() && !self.holders.contains(&(t.1, t.2)));
        let free = self.cushioned.contains(&sender) || self.rng.chance(3, 5);
        let fee = self.market.account_fee(chain, call, time, fresh, free);
        for t in transfers {
            if !t.2.is_native() {
                self.holders.insert((t.1, t.2));
            }
        }
        self.push(
            chain,
            time,
            memo,
            Body::Account {
                sender,
                fee,
                method,
                transfers: transfers.to_vec(),
            },
        )
    }

    /// A one-transfer payment (`transfer` method, token or native call).
    pub fn pay(
        &mut self,
        time: i64,
        from: AddrId,
        to: AddrId,
        asset: AssetId,
        value: u128,
        memo: Option<String>,
    ) -> TxId {
        let call = if asset.is_native() {
            Call::Native
        } else {
            Call::Token
        };
        self.account(
            time,
            from,
            Method::Transfer,
            call,
            &[(from, to, asset, value)],
            memo,
        )
    }

    /// Finishes the ledger: transactions in time order and the opening balances that
    /// keep every account non-negative.
    pub fn finish(mut self) -> Finished {
        let mut order: Vec<u32> = (0..self.txs.len() as u32).collect();
        order.sort_by_key(|&i| (self.txs[i as usize].time, i));
        let opening_balances = self.openings(&order);
        let chains = self
            .chains
            .iter()
            .map(|c| Chain {
                id: c.as_str().to_string(),
                model: c.model(),
                name: c.name().to_string(),
                address_format: None,
            })
            .collect();
        let assets = self
            .assets
            .iter()
            .map(|a| Asset {
                id: a.id().to_string(),
                chain: a.chain().as_str().to_string(),
                decimals: a.decimals(),
                symbol: a.symbol().to_string(),
                contract: a.contract(),
            })
            .collect();
        Finished {
            chains,
            assets,
            entities: self.entities,
            addrs: self.addrs,
            opening_balances,
            txs: self.txs,
            order,
            links: self.links,
        }
    }

    /// Replays account chains in time order; every (address, asset) whose balance
    /// would dip below zero opens with exactly the shortfall, services with a
    /// working float on top.
    fn openings(&mut self, order: &[u32]) -> Vec<Balance> {
        // (address, asset) → (running, lowest)
        let mut run: BTreeMap<(AddrId, AssetId), (i128, i128)> = BTreeMap::new();
        let mut apply = |addr: AddrId, asset: AssetId, delta: i128| {
            let e = run.entry((addr, asset)).or_insert((0, 0));
            e.0 += delta;
            e.1 = e.1.min(e.0);
        };
        for &i in order {
            let r = &self.txs[i as usize];
            let Body::Account {
                sender,
                fee,
                transfers,
                ..
            } = &r.body
            else {
                continue;
            };
            apply(*sender, r.chain.native(), -(*fee as i128));
            for &(from, to, asset, value) in transfers {
                apply(from, asset, -(value as i128));
                apply(to, asset, value as i128);
            }
        }
        let mut out = Vec::new();
        for ((addr, asset), (_, lowest)) in run {
            let need = (-lowest).max(0) as u128;
            let float = if self.cushioned.contains(&addr) {
                need / 4 + asset.unit() * u128::from(self.rng.range(50, 500))
            } else {
                0
            };
            if need + float > 0 {
                out.push(Balance {
                    address: self.address(addr).to_string(),
                    asset: asset.id().to_string(),
                    value: Amount(need + float),
                });
            }
        }
        out
    }
}

fn hex(bytes: &[u8; 32]) -> String {
    super::encode::hex(bytes)
}

fn materialize(txs: &[TxRec], addrs: &[AddrRec], i: usize) -> Transaction {
    let r = &txs[i];
    let text = |a: AddrId| addrs[a as usize].text.to_string();
    let hash_of = |t: TxId| {
        let h = &txs[t as usize];
        match h.chain {
            ChainId::Ethereum => format!("0x{}", hex(&h.hash)),
            _ => hex(&h.hash),
        }
    };
    let mut tx = Transaction {
        id: hash_of(i as TxId),
        chain: r.chain.as_str().to_string(),
        time: rfc3339(r.time),
        block: r.block,
        memo: r.memo.as_ref().map(|m| m.to_string()),
        coinbase: false,
        inputs: None,
        outputs: None,
        sender: None,
        fee: None,
        method: None,
        transfers: None,
    };
    match &r.body {
        Body::Utxo {
            coinbase,
            ins,
            outs,
        } => {
            tx.coinbase = *coinbase;
            tx.inputs = (!*coinbase).then(|| {
                ins.iter()
                    .map(|inp| match *inp {
                        In::Prev(t, vout) => Input {
                            tx: Some(hash_of(t)),
                            vout: Some(vout),
                            address: None,
                            value: None,
                        },
                        In::Pre(a, v) => Input {
                            tx: None,
                            vout: None,
                            address: Some(text(a)),
                            value: Some(Amount(u128::from(v))),
                        },
                    })
                    .collect()
            });
            tx.outputs = Some(
                outs.iter()
                    .map(|&(a, v)| Output {
                        address: text(a),
                        value: Amount(u128::from(v)),
                    })
                    .collect(),
            );
        }
        Body::Account {
            sender,
            fee,
            method,
            transfers,
        } => {
            tx.sender = Some(text(*sender));
            tx.fee = Some(Amount(*fee));
            tx.method = Some(*method);
            tx.transfers = Some(
                transfers
                    .iter()
                    .map(|&(from, to, asset, value)| Transfer {
                        from: text(from),
                        to: text(to),
                        asset: asset.id().to_string(),
                        value: Amount(value),
                    })
                    .collect(),
            );
        }
    }
    tx
}

/// A finished ledger, still compact: the file format's records are made one at a
/// time, so a huge case can be written without ever holding all of them.
pub struct Finished {
    pub chains: Vec<Chain>,
    pub assets: Vec<Asset>,
    pub entities: Vec<Entity>,
    addrs: Vec<AddrRec>,
    pub opening_balances: Vec<Balance>,
    txs: Vec<TxRec>,
    /// Transactions in time order (indices into `txs`).
    order: Vec<u32>,
    pub links: Vec<Link>,
}

impl Finished {
    pub fn address_count(&self) -> usize {
        self.addrs.len()
    }

    pub fn tx_count(&self) -> usize {
        self.txs.len()
    }

    /// The `i`-th entry of `addresses`.
    pub fn address_entry(&self, i: usize) -> AddressEntry {
        let a = &self.addrs[i];
        AddressEntry {
            address: a.text.to_string(),
            chain: a.chain.as_str().to_string(),
            owner: a.owner.map(|e| self.entities[e as usize].id.clone()),
            role: Some(a.role),
            label: a.label.as_deref().cloned(),
        }
    }

    /// The `i`-th transaction in time order.
    pub fn transaction(&self, i: usize) -> Transaction {
        materialize(&self.txs, &self.addrs, self.order[i] as usize)
    }

    /// Everything as the file format's types.
    pub fn into_parts(self) -> LedgerParts {
        let addresses = (0..self.addrs.len())
            .map(|i| self.address_entry(i))
            .collect();
        let transactions = (0..self.txs.len()).map(|i| self.transaction(i)).collect();
        LedgerParts {
            chains: self.chains,
            assets: self.assets,
            entities: self.entities,
            addresses,
            opening_balances: self.opening_balances,
            transactions,
            links: self.links,
        }
    }
}

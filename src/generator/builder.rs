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

use std::collections::{BTreeMap, BTreeSet};

use super::chain::{AssetId, ChainId};
use super::encode::{btc_address, eth_address, hash_hex, rfc3339, tron_address, BtcKind};
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
    entity_ids: BTreeSet<String>,
    pub addresses: Vec<AddressEntry>,
    kinds: Vec<(ChainId, Option<BtcKind>)>,
    txs: Vec<Transaction>,
    times: Vec<i64>,
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
            entity_ids: BTreeSet::new(),
            addresses: Vec::new(),
            kinds: Vec::new(),
            txs: Vec::new(),
            times: Vec::new(),
            links: Vec::new(),
            holders: BTreeSet::new(),
            cushioned: BTreeSet::new(),
        }
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
        let mut unique = id.to_string();
        let mut n = 2;
        while self.entity_ids.contains(&unique) {
            unique = format!("{id}-{n}");
            n += 1;
        }
        self.entity_ids.insert(unique.clone());
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
        self.addresses.push(AddressEntry {
            address: text,
            chain: chain.as_str().to_string(),
            owner: (!owner.is_empty()).then(|| owner.to_string()),
            role: Some(role),
            label: None,
        });
        self.kinds.push((chain, kind));
        (self.addresses.len() - 1) as AddrId
    }

    pub fn label(
        &mut self,
        addr: AddrId,
        text: &str,
        category: Category,
        source: &str,
        confidence: crate::scenario::Confidence,
    ) {
        self.addresses[addr as usize].label = Some(Label {
            text: text.to_string(),
            category,
            source: source.to_string(),
            confidence,
        });
    }

    pub fn cushion(&mut self, addr: AddrId) {
        self.cushioned.insert(addr);
    }

    pub fn address(&self, addr: AddrId) -> &str {
        &self.addresses[addr as usize].address
    }

    pub fn owner(&self, addr: AddrId) -> &str {
        self.addresses[addr as usize].owner.as_deref().unwrap_or("")
    }

    pub fn chain_of(&self, addr: AddrId) -> ChainId {
        self.kinds[addr as usize].0
    }

    pub fn btc_kind(&self, addr: AddrId) -> BtcKind {
        self.kinds[addr as usize].1.unwrap_or(BtcKind::P2wpkh)
    }

    pub fn tx_hash(&self, tx: TxId) -> &str {
        &self.txs[tx as usize].id
    }

    pub fn tx_time(&self, tx: TxId) -> i64 {
        self.times[tx as usize]
    }

    pub fn tx(&self, tx: TxId) -> &Transaction {
        &self.txs[tx as usize]
    }

    pub fn link(&mut self, kind: LinkKind, in_tx: TxId, out_tx: TxId) {
        self.links.push(Link {
            kind,
            in_tx: self.tx_hash(in_tx).to_string(),
            out_tx: self.tx_hash(out_tx).to_string(),
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

    fn push(&mut self, mut tx: Transaction, chain: ChainId, time: i64) -> TxId {
        let (t, block) = chain.place(time);
        tx.id = match chain {
            ChainId::Ethereum => format!("0x{}", hash_hex(&mut self.rng)),
            _ => hash_hex(&mut self.rng),
        };
        tx.chain = chain.as_str().to_string();
        tx.time = rfc3339(t);
        tx.block = block;
        self.txs.push(tx);
        self.times.push(t);
        (self.txs.len() - 1) as TxId
    }

    fn empty_tx() -> Transaction {
        Transaction {
            id: String::new(),
            chain: String::new(),
            time: String::new(),
            block: 0,
            memo: None,
            coinbase: false,
            inputs: None,
            outputs: None,
            sender: None,
            fee: None,
            method: None,
            transfers: None,
        }
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
        let mut tx = Self::empty_tx();
        tx.memo = memo;
        tx.inputs = Some(
            inputs
                .iter()
                .map(|c| {
                    if c.tx == PREWINDOW {
                        Input {
                            tx: None,
                            vout: None,
                            address: Some(self.address(c.addr).to_string()),
                            value: Some(Amount(u128::from(c.value))),
                        }
                    } else {
                        Input {
                            tx: Some(self.tx_hash(c.tx).to_string()),
                            vout: Some(c.vout),
                            address: None,
                            value: None,
                        }
                    }
                })
                .collect(),
        );
        tx.outputs = Some(
            values
                .iter()
                .map(|&(a, v)| Output {
                    address: self.address(a).to_string(),
                    value: Amount(u128::from(v)),
                })
                .collect(),
        );
        let id = self.push(tx, ChainId::Bitcoin, time);
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
        let mut tx = Self::empty_tx();
        tx.coinbase = true;
        tx.outputs = Some(vec![Output {
            address: self.address(to).to_string(),
            value: Amount(u128::from(value)),
        }]);
        let time = ChainId::Bitcoin.place(time).0;
        let id = self.push(tx, ChainId::Bitcoin, time);
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
    /// are (from, to, asset, value) in order. Returns the transaction and its fee.
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
        let mut tx = Self::empty_tx();
        tx.memo = memo;
        tx.sender = Some(self.address(sender).to_string());
        tx.fee = Some(Amount(fee));
        tx.method = Some(method);
        tx.transfers = Some(
            transfers
                .iter()
                .map(|&(from, to, asset, value)| Transfer {
                    from: self.address(from).to_string(),
                    to: self.address(to).to_string(),
                    asset: asset.id().to_string(),
                    value: Amount(value),
                })
                .collect(),
        );
        self.push(tx, chain, time)
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
    pub fn finish(mut self) -> LedgerParts {
        let mut order: Vec<usize> = (0..self.txs.len()).collect();
        order.sort_by_key(|&i| (self.times[i], i));
        let mut txs: Vec<Option<Transaction>> = std::mem::take(&mut self.txs)
            .into_iter()
            .map(Some)
            .collect();
        let transactions: Vec<Transaction> = order.iter().filter_map(|&i| txs[i].take()).collect();
        drop(txs);
        let opening_balances = self.openings(&transactions);
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
        LedgerParts {
            chains,
            assets,
            entities: self.entities,
            addresses: self.addresses,
            opening_balances,
            transactions,
            links: self.links,
        }
    }

    /// Replays account chains in time order; every (address, asset) whose balance
    /// would dip below zero opens with exactly the shortfall, services with a
    /// working float on top.
    fn openings(&mut self, transactions: &[Transaction]) -> Vec<Balance> {
        let index: BTreeMap<&str, AddrId> = self
            .addresses
            .iter()
            .enumerate()
            .filter(|(i, _)| self.kinds[*i].0 != ChainId::Bitcoin)
            .map(|(i, a)| (a.address.as_str(), i as AddrId))
            .collect();
        let asset_of: BTreeMap<&str, AssetId> = AssetId::ALL.iter().map(|a| (a.id(), *a)).collect();
        // (address, asset) → (running, lowest)
        let mut run: BTreeMap<(AddrId, AssetId), (i128, i128)> = BTreeMap::new();
        let mut apply = |addr: AddrId, asset: AssetId, delta: i128| {
            let e = run.entry((addr, asset)).or_insert((0, 0));
            e.0 += delta;
            e.1 = e.1.min(e.0);
        };
        for tx in transactions {
            let (Some(sender), Some(fee)) = (&tx.sender, tx.fee) else {
                continue;
            };
            let Some(&s) = index.get(sender.as_str()) else {
                continue;
            };
            apply(s, self.kinds[s as usize].0.native(), -(fee.0 as i128));
            for t in tx.transfers.iter().flatten() {
                let (Some(&from), Some(&to), Some(&asset)) = (
                    index.get(t.from.as_str()),
                    index.get(t.to.as_str()),
                    asset_of.get(t.asset.as_str()),
                ) else {
                    continue;
                };
                apply(from, asset, -(t.value.0 as i128));
                apply(to, asset, t.value.0 as i128);
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
                    address: self.addresses[addr as usize].address.clone(),
                    asset: asset.id().to_string(),
                    value: Amount(need + float),
                });
            }
        }
        out
    }
}

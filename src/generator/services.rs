//! Services: exchanges, OTC desks, mixers, DEXes, bridges, swap services, markets
//! and merchants, with the wallets the trail and the background both use.
//!
//! A service is an entity with one main wallet per chain (an exchange's hot wallet,
//! a pool or router contract, a bridge's custody wallet) and, for custodial
//! services, any number of per-customer deposit addresses that are swept into the
//! main wallet. Main wallets are labelled the way attribution data usually shows
//! them; deposit addresses get labels too, which the case's difficulty later thins.

use std::collections::BTreeMap;

use super::builder::{AddrId, Builder, Coin, TxId};
use super::chain::{AssetId, ChainId};
use super::encode::BtcKind;
use super::market::Call;
use crate::scenario::{Category, Confidence, Method, Role};

pub const DATASET: &str = "TraceLab attribution dataset";

pub struct Service {
    pub entity: String,
    pub name: String,
    pub category: Category,
    pub main: BTreeMap<ChainId, AddrId>,
    pub deposits: Vec<AddrId>,
    /// The hot wallet's current Bitcoin coin (withdrawals chain through its change).
    hot_coin: Option<Coin>,
}

fn main_role(category: Category) -> Role {
    match category {
        Category::Mixer | Category::Dex => Role::Pool,
        Category::Bridge => Role::Contract,
        _ => Role::HotWallet,
    }
}

fn main_label(category: Category) -> &'static str {
    match category {
        Category::Mixer | Category::Dex => "pool",
        Category::Bridge => "bridge contract",
        Category::Merchant => "payment wallet",
        _ => "hot wallet",
    }
}

impl Service {
    /// Creates the entity and its main wallet on each of `chains`, labelled.
    pub fn new(
        b: &mut Builder,
        category: Category,
        name: &str,
        jurisdiction: Option<&str>,
        chains: &[ChainId],
        description: &str,
    ) -> Service {
        let id = slug(name);
        let entity = b.entity(&id, name, category, jurisdiction, description);
        let mut main = BTreeMap::new();
        for &chain in chains {
            let kind = (chain == ChainId::Bitcoin).then(|| {
                if category == Category::Exchange {
                    *b.rng.pick(&[BtcKind::P2wpkh, BtcKind::P2sh, BtcKind::P2tr])
                } else {
                    BtcKind::P2wpkh
                }
            });
            let a = b.addr(chain, kind, &entity, main_role(category));
            b.label(
                a,
                &format!("{name} ({})", main_label(category)),
                category,
                DATASET,
                Confidence::High,
            );
            b.cushion(a);
            main.insert(chain, a);
        }
        Service {
            entity,
            name: name.to_string(),
            category,
            main,
            deposits: Vec::new(),
            hot_coin: None,
        }
    }

    pub fn main(&self, chain: ChainId) -> AddrId {
        self.main[&chain]
    }

    /// A fresh per-customer deposit address, labelled as the service's.
    pub fn deposit(&mut self, b: &mut Builder, chain: ChainId) -> AddrId {
        let kind = (chain == ChainId::Bitcoin).then(|| {
            *b.rng
                .pick(&[BtcKind::P2sh, BtcKind::P2wpkh, BtcKind::P2wpkh])
        });
        let a = b.addr(chain, kind, &self.entity, Role::Deposit);
        b.label(
            a,
            &format!("{} (deposit address)", self.name),
            self.category,
            DATASET,
            Confidence::Medium,
        );
        self.deposits.push(a);
        a
    }

    /// Sweeps deposited Bitcoin coins into the hot wallet in one consolidation.
    pub fn sweep_utxo(&mut self, b: &mut Builder, time: i64, coins: &[Coin]) -> (TxId, Coin) {
        let hot = self.main(ChainId::Bitcoin);
        b.sweep(time, coins, hot, None)
    }

    /// Sweeps `value` of `asset` from an account-chain deposit address into the hot
    /// wallet; for a token the hot wallet first sends the deposit address the gas.
    pub fn sweep_account(
        &mut self,
        b: &mut Builder,
        time: i64,
        deposit: AddrId,
        asset: AssetId,
        value: u128,
    ) -> Vec<TxId> {
        let chain = asset.chain();
        let hot = self.main(chain);
        let mut txs = Vec::new();
        let mut t = time;
        if !asset.is_native() {
            let gas = b.market.account_fee(chain, Call::Token, t, false, false) * 2;
            txs.push(b.pay(t, hot, deposit, chain.native(), gas, None));
            t += chain.block_seconds() * b.rng.range(1, 5) as i64;
            txs.push(b.pay(t, deposit, hot, asset, value, None));
        } else {
            let fee = b.market.account_fee(chain, Call::Native, t, false, true);
            txs.push(b.pay(t, deposit, hot, asset, value.saturating_sub(fee), None));
        }
        txs
    }

    /// A (batch) withdrawal from the Bitcoin hot wallet, change back to itself.
    pub fn withdraw_utxo(
        &mut self,
        b: &mut Builder,
        time: i64,
        payees: &[(AddrId, u64)],
        memo: Option<String>,
    ) -> (TxId, Vec<Coin>) {
        let hot = self.main(ChainId::Bitcoin);
        let need: u64 = payees.iter().map(|p| p.1).sum::<u64>() + 1_000_000;
        let coin = match self.hot_coin {
            Some(c) if c.value > need => c,
            _ => b.prewindow(hot, need * 20 + 5_000_000_000),
        };
        let (tx, mut coins) = b.utxo(time, &[coin], payees, Some(hot), memo);
        self.hot_coin = (coins.len() > payees.len()).then(|| coins[payees.len()]);
        coins.truncate(payees.len());
        (tx, coins)
    }

    /// An account-chain withdrawal from the hot wallet.
    pub fn withdraw_account(
        &mut self,
        b: &mut Builder,
        time: i64,
        to: AddrId,
        asset: AssetId,
        value: u128,
    ) -> TxId {
        let hot = self.main(asset.chain());
        let memo =
            (self.category == Category::Exchange).then(|| format!("{} withdrawal", self.name));
        b.pay(time, hot, to, asset, value, memo)
    }

    /// A call on the service's contract (swap, bridge, pool) made by `sender`.
    pub fn call(
        &self,
        b: &mut Builder,
        time: i64,
        sender: AddrId,
        method: Method,
        call: Call,
        transfers: &[(AddrId, AddrId, AssetId, u128)],
    ) -> TxId {
        b.account(time, sender, method, call, transfers, None)
    }
}

/// `Northwind Exchange` → `northwind-exchange`.
pub fn slug(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    s.trim_end_matches('-').chars().take(40).collect()
}

//! Background activity: the ordinary economy around the trail.
//!
//! Exchanges pay out withdrawals in batches and sweep customer deposits into their
//! hot wallets; people pay merchants and each other and get change back; miners
//! receive coinbase rewards and pay out; token holders top up gas. All of it is
//! spread evenly over the case window, in time order, until the case holds the
//! requested number of transactions. Exchanges used by the trail serve these
//! customers too, so their hot wallets carry many unrelated flows, as in life.
//!
//! Amounts look like real payments: round fiat prices for purchases, round
//! withdrawals, arbitrary change.

use std::collections::BTreeMap;

use super::builder::{AddrId, Builder, Coin};
use super::chain::{AssetId, ChainId};
use super::encode::BtcKind;
use super::market::round_down;
use super::names::{self, MERCHANTS};
use super::services::Service;
use crate::scenario::{Category, Role};

struct User {
    entity: String,
    addr: AddrId,
    /// The user's permanent deposit address at an exchange (account chains).
    deposit: Option<(usize, AddrId)>,
}

struct ChainEconomy {
    chain: ChainId,
    exchanges: Vec<usize>,
    merchants: Vec<Service>,
    users: Vec<User>,
    coins: Vec<Coin>,
    merchant_coins: Vec<Coin>,
    pending: Vec<(usize, Coin)>,
    miner: Option<(AddrId, Vec<Coin>)>,
    stable: Option<AssetId>,
    /// Bitcoin customers' deposit addresses: owner → (exchange, address).
    deposits: BTreeMap<String, (usize, AddrId)>,
}

/// Adds background transactions until the case holds about `target` in all, spread
/// over `start..end`. Exchanges in `exchanges` are used (and, where a chain has
/// fewer than two, more are created).
pub fn fill(b: &mut Builder, exchanges: &mut Vec<Service>, target: usize, start: i64, end: i64) {
    let chains = b.chains();
    let budget = target.saturating_sub(b.tx_count());
    if budget == 0 || chains.is_empty() {
        return;
    }
    let mut economies: Vec<ChainEconomy> = Vec::new();
    for &chain in &chains {
        let mut on: Vec<usize> = (0..exchanges.len())
            .filter(|&i| exchanges[i].main.contains_key(&chain))
            .collect();
        let taken: Vec<String> = exchanges.iter().map(|e| e.name.clone()).collect();
        let mut spare = names::EXCHANGES
            .iter()
            .filter(|(n, _)| !taken.iter().any(|t| t == n));
        while on.len() < 2 {
            let Some(&(name, place)) = spare.next() else {
                break;
            };
            exchanges.push(Service::new(
                b,
                Category::Exchange,
                name,
                Some(place),
                &[chain],
                "Custodial exchange; unrelated to the case.",
            ));
            on.push(exchanges.len() - 1);
        }
        let merchants = names::distinct(&mut b.rng, MERCHANTS, 3)
            .into_iter()
            .map(|(name, trade)| {
                let desc = format!("Online {trade} accepting crypto payments.");
                Service::new(b, Category::Merchant, name, None, &[chain], &desc)
            })
            .collect();
        let miner = (chain == ChainId::Bitcoin).then(|| {
            let e = b.entity(
                "mining-pool",
                "Mining pool",
                Category::Miner,
                None,
                "A mining pool paying its miners.",
            );
            let a = b.addr(chain, Some(BtcKind::P2wpkh), &e, Role::HotWallet);
            b.label(
                a,
                "Mining pool (payout wallet)",
                Category::Miner,
                super::services::DATASET,
                crate::scenario::Confidence::High,
            );
            (a, Vec::new())
        });
        let stable = match chain {
            ChainId::Ethereum => Some(AssetId::UsdtErc20),
            ChainId::Tron => Some(AssetId::UsdtTrc20),
            ChainId::Bitcoin => None,
        };
        economies.push(ChainEconomy {
            chain,
            exchanges: on,
            merchants,
            users: Vec::new(),
            coins: Vec::new(),
            merchant_coins: Vec::new(),
            pending: Vec::new(),
            miner,
            stable,
            deposits: BTreeMap::new(),
        });
    }
    let base = b.tx_count();
    let span = (end - start).max(3600);
    let mut t = start;
    let mut i = 0usize;
    while b.tx_count() < base + budget {
        let done = (b.tx_count() - base) as i64;
        t = t.max(start + span * done / budget as i64);
        let e = i % economies.len();
        i += 1;
        let eco = &mut economies[e];
        match eco.chain {
            ChainId::Bitcoin => bitcoin_event(b, eco, exchanges, t),
            _ => account_event(b, eco, exchanges, t),
        }
    }
}

fn new_user(b: &mut Builder, chain: ChainId) -> User {
    let e = b.entity("user", "Private user", Category::Individual, None, "");
    let addr = b.addr(chain, None, &e, Role::Personal);
    User {
        entity: e,
        addr,
        deposit: None,
    }
}

/// A purchase price in micro-USD: 5-900 dollars, ending in 0, 5 or .99.
fn price(b: &mut Builder) -> u128 {
    let dollars = u128::from(*b.rng.pick(&[
        5u64, 9, 15, 20, 25, 40, 49, 60, 75, 99, 120, 150, 199, 250, 300, 450, 600, 899,
    ]));
    if b.rng.chance(1, 3) {
        dollars * 1_000_000 - 10_000
    } else {
        dollars * 1_000_000
    }
}

fn bitcoin_event(b: &mut Builder, eco: &mut ChainEconomy, exchanges: &mut [Service], t: i64) {
    let roll = b.rng.below(100);
    match roll {
        0..=19 => {
            // Batch withdrawal to 1-6 customers, round amounts.
            let x = eco.exchanges[b.rng.index(eco.exchanges.len())];
            let n = b.rng.count(1, 6);
            let mut payees = Vec::new();
            for _ in 0..n {
                if eco.users.len() < 4 || b.rng.chance(1, 6) {
                    let u = new_user(b, ChainId::Bitcoin);
                    eco.users.push(u);
                }
                let u = b.rng.index(eco.users.len());
                let usd = u128::from(b.rng.range(2, 300)) * 50_000_000;
                let v = round_down(b.market.units_for_usd(AssetId::Btc, usd, t), 10_000) as u64;
                // People often reuse a receiving address.
                let a = if b.rng.chance(1, 2) {
                    eco.users[u].addr
                } else {
                    let who = eco.users[u].entity.clone();
                    b.addr(ChainId::Bitcoin, None, &who, Role::Personal)
                };
                payees.push((a, v));
            }
            let (_, coins) = exchanges[x].withdraw_utxo(b, t, &payees, None);
            eco.coins.extend(coins);
        }
        20..=49 => {
            // A purchase at a merchant, change back to the buyer.
            let coin = take(b, &mut eco.coins).unwrap_or_else(|| {
                let u = new_user(b, ChainId::Bitcoin);
                let v = b.rng.range(200_000, 20_000_000);
                let c = b.prewindow(u.addr, v);
                eco.users.push(u);
                c
            });
            let m = b.rng.index(eco.merchants.len());
            let invoice = eco.merchants[m].deposit(b, ChainId::Bitcoin);
            let p = price(b);
            let v = b.market.units_for_usd(AssetId::Btc, p, t) as u64;
            if v + 20_000 >= coin.value {
                let (_, c) = b.sweep(t, &[coin], invoice, None);
                eco.merchant_coins.push(c);
                return;
            }
            let owner = b.owner(coin.addr).to_string();
            let kind = b.btc_kind(coin.addr);
            let change = if b.rng.chance(1, 3) {
                coin.addr
            } else {
                b.addr(ChainId::Bitcoin, Some(kind), &owner, Role::Change)
            };
            let (_, coins) = b.utxo(t, &[coin], &[(invoice, v)], Some(change), None);
            eco.merchant_coins.push(coins[0]);
            eco.coins.extend(coins.get(1).copied());
        }
        50..=67 => {
            // A deposit to an exchange.
            let Some(coin) = take(b, &mut eco.coins) else {
                return bitcoin_event(b, eco, exchanges, t);
            };
            // Each customer keeps one deposit address per exchange.
            let owner = b.owner(coin.addr).to_string();
            let (x, d) = match eco.deposits.get(&owner) {
                Some(&p) => p,
                None => {
                    let x = eco.exchanges[b.rng.index(eco.exchanges.len())];
                    let d = exchanges[x].deposit(b, ChainId::Bitcoin);
                    eco.deposits.insert(owner, (x, d));
                    (x, d)
                }
            };
            let (_, c) = b.sweep(t, &[coin], d, None);
            eco.pending.push((x, c));
        }
        68..=81 => {
            // The exchange sweeps its pending deposits.
            let Some(&(x, _)) = eco.pending.first() else {
                return;
            };
            let mine: Vec<Coin> = eco
                .pending
                .iter()
                .filter(|p| p.0 == x)
                .map(|p| p.1)
                .take(12)
                .collect();
            eco.pending.retain(|p| !(p.0 == x && mine.contains(&p.1)));
            exchanges[x].sweep_utxo(b, t, &mine);
        }
        82..=87 => {
            if let Some((pool, coins)) = &mut eco.miner {
                let fees = b.rng.range(1_000_000, 30_000_000);
                let (_, c) = b.coinbase(t, *pool, 312_500_000 + fees);
                coins.push(c);
            }
        }
        88..=93 => {
            // The mining pool pays its miners.
            let Some((pool, coins)) = &mut eco.miner else {
                return;
            };
            let pool = *pool;
            let Some(c) = coins.pop() else { return };
            let n = b.rng.count(3, 8);
            let mut payees = Vec::new();
            for _ in 0..n {
                let u = new_user(b, ChainId::Bitcoin);
                payees.push((u.addr, c.value / (n as u64 + 2)));
                eco.users.push(u);
            }
            let (_, out) = b.utxo(t, &[c], &payees, Some(pool), None);
            if let Some(change) = out.get(n) {
                coins.push(*change);
            }
            eco.coins.extend(out.into_iter().take(n));
        }
        _ => {
            // A merchant settles its takings at an exchange.
            if eco.merchant_coins.len() < 3 {
                return;
            }
            let n = eco.merchant_coins.len().min(b.rng.count(3, 10));
            let coins: Vec<Coin> = eco.merchant_coins.drain(..n).collect();
            let x = eco.exchanges[b.rng.index(eco.exchanges.len())];
            let d = exchanges[x].deposit(b, ChainId::Bitcoin);
            let (_, c) = b.sweep(t, &coins, d, None);
            eco.pending.push((x, c));
        }
    }
}

fn take(b: &mut Builder, coins: &mut Vec<Coin>) -> Option<Coin> {
    if coins.is_empty() {
        return None;
    }
    let i = b.rng.index(coins.len());
    Some(coins.swap_remove(i))
}

fn account_event(b: &mut Builder, eco: &mut ChainEconomy, exchanges: &mut [Service], t: i64) {
    let chain = eco.chain;
    let native = chain.native();
    let stable = eco.stable.unwrap_or(native);
    if eco.users.len() < 4 || b.rng.chance(1, 4) {
        let u = new_user(b, chain);
        eco.users.push(u);
    }
    let u = b.rng.index(eco.users.len());
    let user = eco.users[u].addr;
    let roll = b.rng.below(100);
    match roll {
        0..=29 => {
            let x = eco.exchanges[b.rng.index(eco.exchanges.len())];
            let (asset, value) = if b.rng.chance(2, 3) {
                (stable, u128::from(b.rng.range(2, 200)) * 25 * stable.unit())
            } else {
                let usd = u128::from(b.rng.range(1, 40)) * 25_000_000;
                (
                    native,
                    round_down(b.market.units_for_usd(native, usd, t), native.unit() / 1000),
                )
            };
            exchanges[x].withdraw_account(b, t, user, asset, value);
        }
        30..=54 => {
            let m = b.rng.index(eco.merchants.len());
            let to = eco.merchants[m].main(chain);
            let v = price(b) * stable.unit() / 1_000_000;
            b.pay(t, user, to, stable, v, None);
        }
        55..=69 => {
            let other = eco.users[b.rng.index(eco.users.len())].addr;
            if other != user {
                let v = u128::from(b.rng.range(1, 80)) * 10 * stable.unit();
                b.pay(t, user, other, stable, v, None);
            }
        }
        _ => {
            // Deposit to the user's own deposit address, then the exchange sweeps it.
            let (x, d) = match eco.users[u].deposit {
                Some(p) => p,
                None => {
                    let x = eco.exchanges[b.rng.index(eco.exchanges.len())];
                    let d = exchanges[x].deposit(b, chain);
                    eco.users[u].deposit = Some((x, d));
                    (x, d)
                }
            };
            let v = u128::from(b.rng.range(4, 400)) * 5 * stable.unit();
            b.pay(t, user, d, stable, v, None);
            let later = t + b.rng.range(300, 5_400) as i64;
            exchanges[x].sweep_account(b, later, d, stable, v);
        }
    }
}

//! CoinJoin: several people's coins in one transaction so that inputs cannot be
//! matched to outputs by amount.
//!
//! - Whirlpool-like: a premix transaction ("tx0") cuts a coin into pool-sized
//!   pieces (plus a coordinator fee and change); each round has five inputs of
//!   slightly more than the pool size and five outputs of exactly the pool size.
//! - Wasabi-like: many participants of any size; most outputs share one standard
//!   value, and each participant gets change back.

use crate::generator::builder::{AddrId, Builder, Coin, TxId};
use crate::generator::chain::ChainId;
use crate::generator::encode::BtcKind;
use crate::scenario::{Category, Role};

/// Whirlpool pool sizes in satoshi.
pub const POOLS: [u64; 4] = [100_000, 1_000_000, 5_000_000, 50_000_000];

pub struct Whirlpool {
    pub premix: TxId,
    pub rounds: Vec<TxId>,
    /// The owner's mixed outputs, one per round.
    pub postmix: Vec<Coin>,
    /// The premix change (it did not go through the pool: a classic leak).
    pub change: Option<Coin>,
    pub pool: u64,
}

/// Other people's coins joining a round: pre-window coins of CoinJoin users.
fn stranger(b: &mut Builder, coordinator: &str, value: u64) -> Coin {
    let who = b.entity(
        "coinjoin-user",
        "CoinJoin participant (unrelated)",
        Category::Individual,
        None,
        "Another user of the same CoinJoin coordinator.",
    );
    let _ = coordinator;
    let a = b.addr(
        ChainId::Bitcoin,
        Some(BtcKind::P2wpkh),
        &who,
        Role::Personal,
    );
    b.prewindow(a, value)
}

/// Cuts `coin` into up to `rounds` pool-sized pieces and mixes each in its own
/// five-party round.
pub fn whirlpool(
    b: &mut Builder,
    coin: Coin,
    pool: u64,
    rounds: usize,
    owner: &str,
    coordinator_fee_to: AddrId,
    time: i64,
) -> Whirlpool {
    let piece = pool + pool / 50; // the surplus pays the miners of the round
    let n = rounds
        .min((coin.value.saturating_sub(pool / 20) / piece) as usize)
        .max(1);
    let mut outs: Vec<(AddrId, u64)> = (0..n)
        .map(|_| {
            (
                b.addr(
                    ChainId::Bitcoin,
                    Some(BtcKind::P2wpkh),
                    owner,
                    Role::Personal,
                ),
                piece,
            )
        })
        .collect();
    outs.push((coordinator_fee_to, pool / 20));
    let change_to = b.addr(ChainId::Bitcoin, Some(BtcKind::P2wpkh), owner, Role::Change);
    let (premix, coins) = b.utxo(time, &[coin], &outs, Some(change_to), None);
    let change = (coins.len() > n + 1).then(|| coins[n + 1]);
    let mut t = coins[0].time;
    let mut rounds_tx = Vec::new();
    let mut postmix = Vec::new();
    for coin in coins.iter().take(n) {
        t += b.rng.range(1_200, 14_400) as i64;
        let mut ins = vec![*coin];
        for _ in 0..4 {
            let extra = b.rng.range(0, pool / 50);
            ins.push(stranger(b, owner, pool + extra));
        }
        b.rng.shuffle(&mut ins);
        let mine = b.addr(
            ChainId::Bitcoin,
            Some(BtcKind::P2wpkh),
            owner,
            Role::Personal,
        );
        let mut outs = vec![(mine, pool)];
        for c in ins.iter().filter(|c| c.addr != coin.addr) {
            let who = b.owner(c.addr).to_string();
            outs.push((
                b.addr(
                    ChainId::Bitcoin,
                    Some(BtcKind::P2wpkh),
                    &who,
                    Role::Personal,
                ),
                pool,
            ));
        }
        b.rng.shuffle(&mut outs);
        let at = outs.iter().position(|o| o.0 == mine).unwrap_or(0);
        // Five equal outputs: the surplus of the inputs is the fee.
        let (tx, coins) = b.utxo_exact(t, &ins, &outs, None);
        rounds_tx.push(tx);
        postmix.push(coins[at]);
    }
    Whirlpool {
        premix,
        rounds: rounds_tx,
        postmix,
        change,
        pool,
    }
}

pub struct Wasabi {
    pub tx: TxId,
    pub mixed: Vec<Coin>,
    pub change: Option<Coin>,
    pub denomination: u64,
}

/// One Wasabi-like round: the owner's `coin` with `others` strangers; everyone gets
/// as many `denomination` outputs as fit, and change.
pub fn wasabi(
    b: &mut Builder,
    coin: Coin,
    denomination: u64,
    others: usize,
    owner: &str,
    time: i64,
) -> Wasabi {
    let mut ins = vec![coin];
    for _ in 0..others {
        let v = denomination * b.rng.range(1, 4) + b.rng.range(10_000, denomination);
        ins.push(stranger(b, owner, v));
    }
    let mut outs: Vec<(AddrId, u64)> = Vec::new();
    let mut mine = Vec::new();
    let mut my_change = None;
    for c in &ins {
        let who = b.owner(c.addr).to_string();
        let k = c.value.saturating_sub(20_000) / denomination;
        for _ in 0..k {
            let a = b.addr(
                ChainId::Bitcoin,
                Some(BtcKind::P2wpkh),
                &who,
                Role::Personal,
            );
            if c.addr == coin.addr {
                mine.push(a);
            }
            outs.push((a, denomination));
        }
        let rest = (c.value - k * denomination).saturating_sub(15_000);
        if rest > 5_000 {
            let a = b.addr(ChainId::Bitcoin, Some(BtcKind::P2wpkh), &who, Role::Change);
            if c.addr == coin.addr {
                my_change = Some(a);
            }
            outs.push((a, rest));
        }
    }
    b.rng.shuffle(&mut ins);
    b.rng.shuffle(&mut outs);
    let (tx, coins) = b.utxo_exact(time, &ins, &outs, None);
    let mixed = coins
        .iter()
        .filter(|c| mine.contains(&c.addr))
        .copied()
        .collect();
    let change = coins.iter().find(|c| Some(c.addr) == my_change).copied();
    Wasabi {
        tx,
        mixed,
        change,
        denomination,
    }
}

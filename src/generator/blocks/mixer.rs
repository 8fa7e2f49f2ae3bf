//! Mixers.
//!
//! - A fixed-denomination pool (Tornado-like) on an account chain: each deposit
//!   puts exactly one denomination into the pool contract; a withdrawal, sent by a
//!   relayer so the recipient needs no gas, pays the denomination less the relayer's
//!   fee to a fresh address. Strangers use the same pool before and after, which is
//!   the anonymity set.
//! - A custodial Bitcoin mixer: coins go to a deposit address and different coins
//!   come back from the mixer's own wallet later, less a percentage.
//!
//! Every deposit is linked (ground truth, `links`) to the withdrawal it funded.

use crate::generator::builder::{AddrId, Builder, Coin, TxId};
use crate::generator::chain::{AssetId, ChainId};
use crate::generator::market::Call;
use crate::generator::services::Service;
use crate::scenario::{Category, LinkKind, Method, Role};

pub struct PoolRun {
    pub deposits: Vec<TxId>,
    pub withdrawals: Vec<TxId>,
    pub recipients: Vec<AddrId>,
    pub received: u128,
}

/// `from` deposits `count` × `denom` of `asset` into the pool of `mixer`; after
/// `delay` seconds (spread) the relayer withdraws each to a fresh address of
/// `owner` (or to `to` when given).
pub fn pool(
    b: &mut Builder,
    mixer: &Service,
    relayer: AddrId,
    from: AddrId,
    asset: AssetId,
    denom: u128,
    count: usize,
    owner: &str,
    to: Option<AddrId>,
    time: i64,
    delay: i64,
) -> PoolRun {
    let chain = asset.chain();
    let contract = mixer.main(chain);
    let mut run = PoolRun {
        deposits: Vec::new(),
        withdrawals: Vec::new(),
        recipients: Vec::new(),
        received: 0,
    };
    let mut t = time;
    for _ in 0..count {
        let d = b.account(
            t,
            from,
            Method::Deposit,
            Call::MixerDeposit,
            &[(from, contract, asset, denom)],
            None,
        );
        run.deposits.push(d);
        t += b.rng.range(30, 900) as i64;
    }
    strangers(b, contract, asset, denom, time, 3);
    let mut w = t + delay;
    for &d in &run.deposits.clone() {
        w += b.rng.range(600, 7_200) as i64;
        let recipient = to.unwrap_or_else(|| b.addr(chain, None, owner, Role::Personal));
        let fee = denom / 500; // 0.2 % to the relayer
        let tx = b.account(
            w,
            relayer,
            Method::Withdraw,
            Call::MixerWithdraw,
            &[
                (contract, recipient, asset, denom - fee),
                (contract, relayer, asset, fee),
            ],
            None,
        );
        b.link(LinkKind::Mixer, d, tx);
        run.withdrawals.push(tx);
        if !run.recipients.contains(&recipient) {
            run.recipients.push(recipient);
        }
        run.received += denom - fee;
    }
    strangers(b, contract, asset, denom, w, 3);
    run
}

/// Unrelated deposits into and withdrawals from the same pool around `time`.
fn strangers(b: &mut Builder, contract: AddrId, asset: AssetId, denom: u128, time: i64, n: usize) {
    let chain = asset.chain();
    let who = b.entity(
        "pool-user",
        "Mixer user (unrelated)",
        Category::Individual,
        None,
        "Someone else using the same pool.",
    );
    for _ in 0..n {
        let a = b.addr(chain, None, &who, Role::Personal);
        let t = time + b.rng.range(0, 20_000) as i64 - 10_000;
        b.account(
            t,
            a,
            Method::Deposit,
            Call::MixerDeposit,
            &[(a, contract, asset, denom)],
            None,
        );
        let r = b.addr(chain, None, &who, Role::Personal);
        let t2 = time + b.rng.range(0, 20_000) as i64 - 10_000;
        b.account(
            t2,
            r,
            Method::Withdraw,
            Call::MixerWithdraw,
            &[(contract, r, asset, denom)],
            None,
        );
    }
}

pub struct CustodialMix {
    pub deposit_tx: TxId,
    pub payouts: Vec<TxId>,
    pub outputs: Vec<Coin>,
    pub fee_pct: u64,
}

/// Bitcoin custodial mixer: `coin` is paid to a fresh mixer deposit address; after
/// `delay`, the mixer pays `parts` outputs from its own wallet (different coins)
/// to fresh addresses of `owner`, keeping `fee_pct` percent.
pub fn custodial(
    b: &mut Builder,
    mixer: &mut Service,
    coin: Coin,
    parts: usize,
    owner: &str,
    time: i64,
    delay: i64,
) -> CustodialMix {
    let deposit = mixer.deposit(b, ChainId::Bitcoin);
    let (deposit_tx, coins) = b.sweep(time, &[coin], deposit, None);
    let fee_pct = b.rng.range(2, 4);
    let net = coins.value * (100 - fee_pct) / 100;
    let mut t = coins.time + delay;
    let mut payouts = Vec::new();
    let mut outputs = Vec::new();
    let parts_v = super::fan::split(b, u128::from(net), parts, 1_000);
    for v in parts_v {
        t += b.rng.range(1_800, 10_800) as i64;
        let to = b.addr(ChainId::Bitcoin, None, owner, Role::Personal);
        let (tx, c) = mixer.withdraw_utxo(b, t, &[(to, v as u64)], None);
        b.link(LinkKind::Mixer, deposit_tx, tx);
        payouts.push(tx);
        outputs.push(c[0]);
    }
    // The mixer later gathers its deposit into its wallet.
    let sweep_t = coins.time + b.rng.range(3_600, 20_000) as i64;
    mixer.sweep_utxo(b, sweep_t, &[coins]);
    CustodialMix {
        deposit_tx,
        payouts,
        outputs,
        fee_pct,
    }
}

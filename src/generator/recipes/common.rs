//! Helpers shared by the recipes: buying coins at an exchange, peel targets,
//! deposits that the exchange sweeps, and the debrief's table of the trail.

use crate::amount::{format_units_grouped, Amount};
use crate::generator::blocks::peel::{peel_chain, Peel};
use crate::generator::builder::{AddrId, Coin, TxId};
use crate::generator::case::Ctx;
use crate::generator::chain::{AssetId, ChainId};
use crate::generator::encode::{when_text, BtcKind};
use crate::generator::market::round_down;
use crate::scenario::{Category, Role};

/// `value` of BTC withdrawn from exchange `x` to `to` at `time` (the victim buys).
pub fn buy_btc(cx: &mut Ctx, x: usize, to: AddrId, value: u64, time: i64) -> Coin {
    let (_, coins) = cx.exchanges[x].withdraw_utxo(&mut cx.b, time, &[(to, value)], None);
    coins[0]
}

/// BTC worth `usd` whole dollars at `time`, rounded to 0.0001 BTC.
pub fn btc_for_usd(cx: &Ctx, usd: u64, time: i64) -> u64 {
    round_down(
        cx.b.market
            .units_for_usd(AssetId::Btc, u128::from(usd) * 1_000_000, time),
        10_000,
    ) as u64
}

/// Where each hop of a peel chain pays: alternately a deposit at one of `xs` and an
/// unattributed wallet. Returns the addresses and, per address, the exchange.
pub fn peel_targets(cx: &mut Ctx, hops: usize, xs: &[usize]) -> (Vec<AddrId>, Vec<Option<usize>>) {
    let unknown = cx.b.entity(
        "unknown-wallets",
        "Unidentified wallets",
        Category::Unknown,
        None,
        "Wallets that received peel-offs; not attributed.",
    );
    let mut addrs = Vec::new();
    let mut which = Vec::new();
    for i in 0..hops {
        if i % 2 == 0 && !xs.is_empty() {
            let x = xs[(i / 2) % xs.len()];
            addrs.push(cx.exchanges[x].deposit(&mut cx.b, ChainId::Bitcoin));
            which.push(Some(x));
        } else {
            addrs.push(cx.b.addr(ChainId::Bitcoin, None, &unknown, Role::Personal));
            which.push(None);
        }
    }
    (addrs, which)
}

/// A peel chain whose exchange-bound outputs are swept by their exchanges later.
pub fn peel_to_exchanges(
    cx: &mut Ctx,
    coin: Coin,
    hops: usize,
    xs: &[usize],
    owner: &str,
    time: i64,
    end_x: usize,
) -> (Peel, AddrId) {
    let (targets, which) = peel_targets(cx, hops, xs);
    let end = cx.exchanges[end_x].deposit(&mut cx.b, ChainId::Bitcoin);
    let p = peel_chain(
        &mut cx.b,
        coin,
        &targets,
        owner,
        time,
        (3_600, 30_000),
        Some(end),
    );
    for (i, tx) in p.txs.iter().enumerate() {
        let coins_of = |cx: &Ctx, addr: AddrId| -> Option<Coin> {
            let t = cx.b.tx(*tx);
            let outs = t.outputs.as_ref()?;
            let pos = outs.iter().position(|o| o.address == cx.b.address(addr))?;
            Some(Coin {
                tx: *tx,
                vout: pos as u32,
                addr,
                value: outs[pos].value.0 as u64,
                time: cx.b.tx_time(*tx),
            })
        };
        if let Some(x) = which[i] {
            if let Some(c) = coins_of(cx, targets[i]) {
                let later = c.time + cx.b.rng.range(1_800, 14_400) as i64;
                cx.exchanges[x].sweep_utxo(&mut cx.b, later, &[c]);
            }
        }
    }
    let later = p.last.time + cx.b.rng.range(1_800, 10_800) as i64;
    let last = p.last;
    cx.exchanges[end_x].sweep_utxo(&mut cx.b, later, &[last]);
    (p, end)
}

/// A fresh address of `owner` on `chain` (Bitcoin: native segwit). Out of line
/// like the helpers of `case` (called from every recipe).
#[inline(never)]
pub fn fresh(cx: &mut Ctx, chain: ChainId, owner: &str, role: Role) -> AddrId {
    let kind = (chain == ChainId::Bitcoin).then_some(BtcKind::P2wpkh);
    cx.b.addr(chain, kind, owner, role)
}

/// Who owns an address, for the debrief.
fn owner_name(cx: &Ctx, address: &str) -> String {
    match cx.b.find_address(address).map(|a| cx.b.owner(a)) {
        Some(o) if !o.is_empty() => format!(" ({})", cx.b.entity_name(o)),
        _ => String::new(),
    }
}

/// The debrief's step-by-step table of the trail: when, which transaction, what
/// moved where, and who really owned each receiving address.
pub fn trail_table(cx: &Ctx, trail: &[TxId]) -> String {
    let mut s = String::new();
    for (i, &t) in trail.iter().enumerate() {
        let tx = cx.b.tx(t);
        let short: String = tx.id.chars().take(12).collect();
        s.push_str(&format!(
            "{}. {} — `{short}…`: ",
            i + 1,
            when_text(cx.b.tx_time(t))
        ));
        let mut parts = Vec::new();
        if let Some(outs) = &tx.outputs {
            for o in outs {
                parts.push(format!(
                    "{} BTC to `{}`{}",
                    format_units_grouped(o.value, 8),
                    o.address,
                    owner_name(cx, &o.address)
                ));
            }
        }
        for tr in tx.transfers.iter().flatten() {
            let asset = AssetId::ALL
                .iter()
                .find(|a| a.id() == tr.asset)
                .copied()
                .unwrap_or(AssetId::Eth);
            parts.push(format!(
                "{} {} from `{}` to `{}`{}",
                format_units_grouped(tr.value, asset.decimals()),
                asset.symbol(),
                crate::address::shorten(&tr.from),
                tr.to,
                owner_name(cx, &tr.to)
            ));
        }
        if parts.is_empty() {
            parts.push(tx.memo.clone().unwrap_or_else(|| "no value moved".into()));
        }
        s.push_str(&parts.join("; "));
        s.push('\n');
    }
    s
}

/// `0.1234 BTC` from a Bitcoin value (out of line, as `fresh`).
#[inline(never)]
pub fn btc(v: u64) -> String {
    format!("{} BTC", format_units_grouped(Amount(u128::from(v)), 8))
}

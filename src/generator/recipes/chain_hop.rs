//! Chain-hop through an instant swap service: bitcoin paid in, ETH or USDT paid out
//! on Ethereum minutes later, then cashed out at an exchange there.

use super::common::{btc, btc_for_usd, fresh, trail_table};
use crate::generator::blocks::swap::{hop, PayIn};
use crate::generator::case::*;
use crate::generator::chain::{AssetId, ChainId};
use crate::generator::encode::day_text;
use crate::generator::names::SWAPS;
use crate::generator::services::Service;
use crate::scenario::{Category, Difficulty, LinkKind, ObjectiveKind as K, Role};

pub fn build(cx: &mut Ctx) -> Draft {
    let (bc, ec) = (ChainId::Bitcoin, ChainId::Ethereum);
    let out_asset = if cx.at_least(Difficulty::Advanced) {
        AssetId::UsdtErc20
    } else {
        AssetId::Eth
    };
    let crook = cx.b.entity(
        "fraudster",
        "Fake crypto-recovery agent",
        Category::Scam,
        None,
        "Promised to recover earlier losses for an up-front fee.",
    );
    let (s_name, s_place) = *cx.b.rng.pick(SWAPS);
    let mut svc = Service::new(
        &mut cx.b,
        Category::SwapService,
        s_name,
        Some(s_place),
        &[bc, ec],
        "Instant, account-free swap service; keeps order logs (IP, refund address).",
    );
    let x = cx.exchange(&[ec]);
    cx.key_entities = vec![svc.entity.clone(), cx.exchanges[x].entity.clone()];
    let vp = cx.person();
    let ve = cx.b.entity(
        "victim",
        &vp.name,
        Category::Victim,
        None,
        "Paid a fake recovery fee.",
    );
    let vw = fresh(cx, bc, &ve, Role::Personal);
    let usd = cx.b.rng.range(8, 40) * 1_000;
    let amount = btc_for_usd(cx, usd, cx.t0);
    let vcoin = cx.b.prewindow(vw, amount + 300_000);
    let cw = fresh(cx, bc, &crook, Role::Personal);
    let vch = fresh(cx, bc, &ve, Role::Change);
    let (pay, cs) = cx.b.utxo(cx.t0, &[vcoin], &[(cw, amount)], Some(vch), None);
    let mut coin = cs[0];
    let mut trail = vec![pay];
    for _ in 0..cx.k.decoys.min(2) {
        let next = fresh(cx, bc, &crook, Role::Personal);
        let wait = cx.b.rng.range(1_800, 20_000) as i64;
        let (tx, c) = cx.b.sweep(coin.time + wait, &[coin], next, None);
        trail.push(tx);
        coin = c;
    }
    let exact = coin.value / 1_000_000 * 1_000_000 - 1_000_000;
    let recipient = fresh(cx, ec, &crook, Role::Personal);
    let change = fresh(cx, bc, &crook, Role::Change);
    let delay = cx.b.rng.range(420, 1_800) as i64;
    let h = hop(
        &mut cx.b,
        &mut svc,
        PayIn::Coin(coin, exact, change),
        out_asset,
        recipient,
        coin.time + 3_600,
        delay,
        50,
        LinkKind::SwapService,
    );
    trail.push(h.in_tx);
    trail.push(h.out_tx);
    // The service gathers the order's coin into its hot wallet later.
    let order_coin = crate::generator::builder::Coin {
        tx: h.in_tx,
        vout: 0,
        addr: h.entry,
        value: exact,
        time: cx.b.tx_time(h.in_tx),
    };
    let pos =
        cx.b.tx(h.in_tx)
            .outputs
            .as_ref()
            .and_then(|o| o.iter().position(|o| o.address == cx.b.address(h.entry)))
            .unwrap_or(0);
    let later = order_coin.time + cx.b.rng.range(3_600, 20_000) as i64;
    svc.sweep_utxo(
        &mut cx.b,
        later,
        &[crate::generator::builder::Coin {
            vout: pos as u32,
            ..order_coin
        }],
    );
    let dep = cx.exchanges[x].deposit(&mut cx.b, ec);
    let mut t = h.out_time + cx.b.rng.range(1_800, 14_400) as i64;
    if !out_asset.is_native() {
        let gas = fresh(cx, ec, &crook, Role::Personal);
        cx.b.pay(
            t - 900,
            gas,
            recipient,
            AssetId::Eth,
            AssetId::Eth.unit() / 200,
            None,
        );
    }
    let sent = if out_asset.is_native() {
        h.received - AssetId::Eth.unit() / 500
    } else {
        h.received
    };
    let cash = cx.b.pay(t, recipient, dep, out_asset, sent, None);
    trail.push(cash);
    t += 3_600;
    cx.exchanges[x].sweep_account(&mut cx.b, t, dep, out_asset, sent);

    let mut d = Draft {
        needs_swap_matching: true,
        ..Draft::default()
    };
    let p = cx.person();
    let acct = cx.kyc("ACC", &[dep], &p, cx.t0 - 50 * 86_400, t, format!("Received {} and withdrew it by card payments and a bank transfer. Device also used by two other accounts under review.", cx.amount(out_asset, sent)));
    d.records(&cx.exchanges[x].entity, 120, true, acct);
    let svc_acct = crate::scenario::Account {
        account_id: format!("order-{}", cx.b.rng.range(100_000, 999_999)),
        addresses: vec![cx.addr(h.entry)],
        holder: crate::scenario::Holder {
            name: "(no account: anonymous order)".into(),
            date_of_birth: None,
            nationality: None,
        },
        email: Some("recovery.desk.pro@example.net".into()),
        phone: None,
        logins: vec![crate::scenario::Login {
            time: crate::generator::encode::rfc3339(cx.b.tx_time(h.in_tx) - 600),
            ip: crate::generator::names::ip(&mut cx.b.rng),
            country: Some("Netherlands".into()),
        }],
        notes: Some(format!(
            "Order: pay {} to the address above, receive {} at {}. Refund address given: {}.",
            btc(exact),
            out_asset.symbol(),
            cx.addr(recipient),
            cx.addr(change)
        )),
    };
    d.records(&svc.entity, 2_880, false, svc_acct);
    let x_name = cx.exchanges[x].name.clone();
    d.title = format!(
        "Chain-hop: bitcoin into {} via {s_name}",
        out_asset.symbol()
    );
    d.summary = format!("A victim paid {} to a fake recovery agent. The bitcoin was swapped to {} on Ethereum through an instant swap service. Match the two legs and follow the money to the exchange.", btc(amount), out_asset.symbol());
    d.typologies = vec!["chain-hop", "swap-service", "recovery-scam"];
    d.start_addresses = vec![vw];
    d.start_txs = vec![pay];
    d.start_note = format!("**Victim's statement**\n\nAfter losing money to an investment scam, {} was contacted by a \"recovery agent\" who asked for a fee of {}, paid on {} from `{}`: transaction `{}`.", vp.name, btc(amount), day_text(cx.t0), cx.addr(vw), cx.hash(pay));
    d.briefing = "# Chain-hop through a swap service\n\nInstant swap services exchange one coin for another without an account: the customer pays an **exact amount** to an address the service gives for the order, and minutes later the service pays the other coin **from its own wallet on the other chain**, worth the amount at the current rate less a fee. The two legs share no address; they match only by value and time.\n\n## How to match the legs\n- Note the pay-in's amount and time.\n- Convert at the rate of the moment (the service's pay-out is `amount × rate − fee`).\n- Look for a pay-out from the service's wallet on the other chain within minutes, of about that value.\n\n## What you must find\nThe swap service, the address that received the pay-out on Ethereum, the amount, and the exchange deposit address.\n".to_string();
    d.objectives = vec![
        objective("obj-service", K::Entity, 15, "Which service did the fraudster use to leave Bitcoin?".into(), a_entity(&svc.entity),
            hints(&[("Follow the victim's payment: an exact round amount goes to an address the service later sweeps.", 3)]),
            format!("**{s_name}**: {} went to an order address.", btc(exact))),
        objective("obj-recipient", K::Address, 25, "Which Ethereum address received the pay-out?".into(), a_address(cx.addr(recipient)),
            hints(&[("Use swap matching: a pay-out from the service's Ethereum wallet a few minutes after the pay-in.", 5), ("Its value is the pay-in at the BTC rate of the moment, less 0.5 % and a small network fee.", 5)]),
            format!("`{}` received {} {} minutes after the pay-in.", cx.addr(recipient), cx.amount(out_asset, h.received), (h.out_time - cx.b.tx_time(h.in_tx)) / 60)),
        objective("obj-amount", K::Amount, 15, format!("How much {} did the service pay out?", out_asset.symbol()), a_amount(out_asset, h.received, out_asset.unit() / 100),
            hints(&[("Read the pay-out transfer.", 3)]),
            format!("{}.", cx.amount(out_asset, h.received))),
        objective("obj-deposit", K::Address, 25, "Which exchange deposit address received the money on Ethereum?".into(), a_address(cx.addr(dep)),
            hints(&[("Follow the pay-out address one hop.", 3)]),
            format!("`{}` at **{x_name}**.", cx.addr(dep))),
    ];
    d.trail = trail.clone();
    d.key_addresses = vec![cw, h.entry, recipient, dep];
    d.end = t + 86_400;
    d.debrief = format!("# Debrief: the chain-hop\n\n## The trail\n{}\n## What happened\nThe fraudster paid exactly {} into a {s_name} order address; {} later {s_name} paid {} from its Ethereum wallet to `{}`, which paid {x_name}. Only value and timing connect the legs.\n\n## Next steps\n1. Request to {x_name} for `{}`.\n2. Ask {s_name} for the order log: IP address, e-mail and refund address often identify the customer.\n", trail_table(cx, &trail), btc(exact), crate::generator::recipes::bridge_hack::minutes(h.out_time - cx.b.tx_time(h.in_tx)), cx.amount(out_asset, h.received), cx.addr(recipient), cx.addr(dep));
    d
}

//! Bridge hack: the attacker drains a bridge contract on Ethereum, swaps the
//! stablecoins for ETH on a DEX, runs ETH through a fixed-denomination mixer pool,
//! bridges part to Bitcoin and cashes it out at an exchange.

use super::common::{btc, fresh, peel_to_exchanges, trail_table};
use crate::generator::blocks::mixer::pool;
use crate::generator::blocks::swap::{dex_swap, hop, PayIn};
use crate::generator::case::*;
use crate::generator::chain::{AssetId, ChainId};
use crate::generator::encode::day_text;
use crate::generator::market::Call;
use crate::generator::names::{BRIDGES, DEXES, MIXERS};
use crate::generator::services::Service;
use crate::scenario::{Category, Difficulty, LinkKind, Method, ObjectiveKind as K, Role};

pub fn build(cx: &mut Ctx) -> Draft {
    let eth_c = ChainId::Ethereum;
    let btc_c = ChainId::Bitcoin;
    let (eth, usdc) = (AssetId::Eth, AssetId::Usdc);
    let hacked_name = *cx.b.rng.pick(&["Ferrylink Bridge", "Causeway Bridge"]);
    let hacked = Service::new(
        &mut cx.b,
        Category::Bridge,
        hacked_name,
        None,
        &[eth_c],
        "Cross-chain bridge whose Ethereum contract was drained with forged validator signatures.",
    );
    let pick_dexes = *cx.b.rng.pick(DEXES);
    let pick_mixers = *cx.b.rng.pick(MIXERS);
    let pick_bridges = *cx.b.rng.pick(BRIDGES);
    let dex = Service::new(
        &mut cx.b,
        Category::Dex,
        pick_dexes,
        None,
        &[eth_c],
        "Decentralised exchange pool.",
    );
    let mixer = Service::new(
        &mut cx.b,
        Category::Mixer,
        pick_mixers,
        None,
        &[eth_c],
        "Fixed-denomination mixing pool (100 ETH notes).",
    );
    let mut bridge = Service::new(
        &mut cx.b,
        Category::Bridge,
        pick_bridges,
        None,
        &[eth_c, btc_c],
        "Bridge that locks ETH on Ethereum and pays BTC from its custody wallet.",
    );
    let cash_x = cx.exchange(&[btc_c]);
    cx.key_entities = vec![
        dex.entity.clone(),
        mixer.entity.clone(),
        bridge.entity.clone(),
        cx.exchanges[cash_x].entity.clone(),
    ];
    let attacker = cx.b.entity(
        "attacker",
        "Bridge attacker",
        Category::Perpetrator,
        None,
        "Drained the bridge and laundered the proceeds.",
    );
    let relayer_e = cx.b.entity(
        "relayer",
        "Mixer relayer",
        Category::Unknown,
        None,
        "Submits withdrawals for mixer users so that fresh addresses need no gas.",
    );
    let relayer = fresh(cx, eth_c, &relayer_e, Role::Personal);
    let a1 = fresh(cx, eth_c, &attacker, Role::Personal);
    let stolen_usdc = cx.b.rng.range(400, 1_600) as u128 * 1_000 * usdc.unit();
    let stolen_eth = cx.b.rng.range(20, 90) as u128 * eth.unit();
    let contract = hacked.main(eth_c);
    let hack = cx.b.account(
        cx.t0,
        a1,
        Method::Withdraw,
        Call::Bridge,
        &[
            (contract, a1, usdc, stolen_usdc),
            (contract, a1, eth, stolen_eth),
        ],
        None,
    );
    let mut t = cx.b.tx_time(hack) + cx.b.rng.range(300, 3_600) as i64;
    let (swap_tx, got) = dex_swap(&mut cx.b, &dex, a1, usdc, stolen_usdc, eth, t);
    t = cx.b.tx_time(swap_tx) + cx.b.rng.range(1_800, 20_000) as i64;
    let denom = 100 * eth.unit();
    let count = (1 + cx.k.decoys)
        .min(((got + stolen_eth) / denom) as usize)
        .max(1);
    let wait = cx.b.rng.range(86_400, 4 * 86_400) as i64;
    let run = pool(
        &mut cx.b, &mixer, relayer, a1, eth, denom, count, &attacker, None, t, wait,
    );
    let r0 = run.recipients[0];
    let out_value = denom - denom / 500;
    let bt = cx.b.tx_time(run.withdrawals[0]) + cx.b.rng.range(3_600, 30_000) as i64;
    let btc_addr = fresh(cx, btc_c, &attacker, Role::Personal);
    let bridged = out_value - eth.unit() / 10;
    let delay = cx.b.rng.range(600, 2_400) as i64;
    let h = hop(
        &mut cx.b,
        &mut bridge,
        PayIn::Account(r0, eth, bridged),
        AssetId::Btc,
        btc_addr,
        bt,
        delay,
        10,
        LinkKind::Bridge,
    );
    let coin = h.out_coin.unwrap_or_else(|| cx.b.prewindow(btc_addr, 1));
    let hops = if cx.at_least(Difficulty::Advanced) {
        cx.k.hops / 2
    } else {
        1
    };
    let (peel, end) = peel_to_exchanges(
        cx,
        coin,
        hops,
        &[cash_x],
        &attacker,
        h.out_time + 3_600,
        cash_x,
    );
    let mut trail = vec![
        hack,
        swap_tx,
        run.deposits[0],
        run.withdrawals[0],
        h.in_tx,
        h.out_tx,
    ];
    trail.extend(&peel.txs);

    let mut d = Draft {
        needs_swap_matching: true,
        ..Draft::default()
    };
    let p = cx.person();
    let acct = cx.kyc("ACC", &[end], &p, cx.t0 - 90 * 86_400, peel.last.time, format!("Verified account, dormant for months, then received {} and tried to withdraw to a new bank account; the withdrawal is on hold.", btc(peel.last.value)));
    d.records(&cx.exchanges[cash_x].entity, 240, true, acct);
    let (dex_n, mix_n, br_n, x_n) = (
        dex.name.clone(),
        mixer.name.clone(),
        bridge.name.clone(),
        cx.exchanges[cash_x].name.clone(),
    );
    d.title = format!("Bridge hack: {hacked_name} to Bitcoin");
    d.summary = format!("An attacker drained {} and {} from the {hacked_name} contract, swapped, mixed and bridged to Bitcoin. Follow the legs across the DEX, the mixer and the bridge to the exchange.", cx.amount(usdc, stolen_usdc), cx.amount(eth, stolen_eth));
    d.typologies = vec!["bridge-hack", "dex-swap", "mixer", "chain-hop"];
    d.start_addresses = vec![contract];
    d.start_txs = vec![hack];
    d.start_note = format!("**Incident report from {hacked_name}**\n\nOn {} a withdrawal with forged validator signatures emptied part of our Ethereum contract `{}`. Transaction: `{}`. The receiving address is not a customer of ours.", day_text(cx.t0), cx.addr(contract), cx.hash(hack));
    d.briefing = format!(
        "# Bridge hack: {hacked_name}\n\nBridges hold large pools of assets, which makes them a favourite target. After a hack the attacker must move fast: stablecoins can be frozen by their issuer, so they are **swapped** for ETH at once; ETH is then **mixed** and moved to another chain through a **bridge**, in the hope that the trail breaks at each step.\n\n## Tools of the trade you will meet\n- A **DEX swap**: one transaction in which the trader pays one token into a pool and receives another back.\n- A **mixer pool** with fixed notes (100 ETH): deposits and withdrawals of exactly the same size, the withdrawal sent by a relayer to a fresh address. Only timing and amounts connect them.\n- A **bridge**: ETH paid into a contract on Ethereum, and BTC paid out minutes later from the bridge's own wallet on Bitcoin, worth the same less a fee. No address is shared between the legs.\n\n## What you must find\nThe DEX, the mixer, the withdrawal address that carried the money on, the bridge, the Bitcoin address it paid, and the exchange where the bitcoin arrived.\n\n## Method\nFollow the attacker's address through the swap and the mixer deposits. For the withdrawal, look for a 100 ETH note withdrawn (minus the relayer's fee) to an address that soon uses the bridge; use swap matching to pair the bridge legs by value and time.\n"
    );
    d.objectives = vec![
        objective("obj-dex", K::Entity, 10, "Where did the attacker swap the stolen USDC?".into(), a_entity(&dex.entity),
            hints(&[("Open the attacker's second transaction: USDC goes into a pool and ETH comes back.", 2)]),
            format!("On **{dex_n}**: {} in, {} out, in one swap transaction.", cx.amount(usdc, stolen_usdc), cx.amount(eth, got))),
        objective("obj-mixer", K::Entity, 10, "Which mixer did the attacker use?".into(), a_entity(&mixer.entity),
            hints(&[("Look for deposits of exactly 100 ETH into a pool contract.", 2)]),
            format!("**{mix_n}**: {count} deposit(s) of exactly 100 ETH.")),
        objective("obj-withdrawal", K::Address, 25, "Which address received the mixer withdrawal that was later bridged?".into(), a_address(cx.addr(r0)),
            hints(&[("Withdrawals pay 99.8 ETH (100 less the relayer's 0.2 %).", 4), ("Which of those recipients then pays into a bridge contract?", 6)]),
            format!("`{}` received {} from the pool via the relayer and, hours later, paid {} into {br_n}.", cx.addr(r0), cx.amount(eth, out_value), cx.amount(eth, bridged))),
        objective("obj-bridge", K::Entity, 15, "Which bridge carried the money to Bitcoin?".into(), a_entity(&bridge.entity),
            hints(&[("Follow the withdrawal address's outgoing transaction.", 3)]),
            format!("**{br_n}**: the ETH was locked on Ethereum and {} paid out on Bitcoin {} later.", btc(h.received as u64), minutes(h.out_time - cx.b.tx_time(h.in_tx)))),
        objective("obj-btc", K::Address, 20, "Which Bitcoin address received the bridge's pay-out?".into(), a_address(cx.addr(btc_addr)),
            hints(&[("Use swap matching: a Bitcoin payment from the bridge's wallet shortly after the Ethereum leg, worth about the same.", 5)]),
            format!("`{}` received {}: {} at the ETH/BTC rate of the moment, less the bridge's 0.1 % and its network fee.", cx.addr(btc_addr), btc(h.received as u64), cx.amount(eth, bridged))),
        objective("obj-deposit", K::Address, 20, "Which exchange deposit address received the bitcoin in the end?".into(), a_address(cx.addr(end)),
            hints(&[("Follow the Bitcoin address's coins to an address that an exchange sweeps.", 4)]),
            format!("`{}`, a deposit address of **{x_n}**.", cx.addr(end))),
    ];
    d.trail = trail.clone();
    d.key_addresses = vec![a1, r0, btc_addr, end];
    d.end = peel.last.time + 86_400;
    d.debrief = format!(
        "# Debrief: {hacked_name}\n\n## The trail\n{}\n## What happened\nThe attacker's address swapped the USDC for ETH on {dex_n} within the hour (issuers can freeze stablecoins, not ETH). It then deposited 100 ETH notes into {mix_n}. One note came out at `{}`, which bridged {} to Bitcoin with {br_n}; the bridge paid {} to `{}`, which reached {x_n}. The other notes are still to be found.\n\n## Next steps\n1. Freeze request to {x_n} for `{}`.\n2. Ask {br_n} for the logs of the bridging order (it may hold IP addresses).\n3. Watch the remaining mixer withdrawals.\n",
        trail_table(cx, &trail),
        cx.addr(r0),
        cx.amount(eth, bridged),
        btc(h.received as u64),
        cx.addr(btc_addr),
        cx.addr(end)
    );
    d
}

pub fn minutes(secs: i64) -> String {
    format!("{} minutes", (secs + 30) / 60)
}

//! Pig butchering on Tron: the victim pays USDT to a collection address several
//! times, receives small fake "profits" to keep the victim paying, and the scammers sweep
//! every collection address into a pool that sells to an OTC desk.

use super::common::{fresh, trail_table};
use crate::generator::case::*;
use crate::generator::chain::{AssetId, ChainId};
use crate::generator::names::{self, OTC_DESKS};
use crate::generator::services::Service;
use crate::scenario::{Category, Difficulty, ObjectiveKind as K, Role};

const PLATFORMS: &[&str] = &[
    "GoldCrest FX",
    "Aurora Bullion",
    "SilverPeak Markets",
    "Everbright Trade",
];

pub fn build(cx: &mut Ctx) -> Draft {
    let usdt = AssetId::UsdtTrc20;
    let trx = AssetId::Trx;
    let tron = ChainId::Tron;
    let platform = *cx.b.rng.pick(PLATFORMS);
    let scam = cx.b.entity(
        "scam-platform",
        &format!("\"{platform}\" (fake trading platform)"),
        Category::Scam,
        None,
        "Fake investment platform run by a scam compound; one collection address per victim.",
    );
    let victim_p = cx.person();
    let victim = cx.b.entity(
        "victim",
        &victim_p.name,
        Category::Victim,
        None,
        "Reported the investment scam.",
    );
    let bx = cx.exchange(&[tron]);
    let (desk_name, desk_place) = *cx.b.rng.pick(OTC_DESKS);
    let mut desk = Service::new(
        &mut cx.b,
        Category::Otc,
        desk_name,
        Some(desk_place),
        &[tron],
        "OTC desk trading USDT for cash and bank transfers; gives each client a receiving address.",
    );
    cx.key_entities = vec![desk.entity.clone()];
    let wallet = fresh(cx, tron, &victim, Role::Personal);
    let collection = fresh(cx, tron, &scam, Role::Personal);
    let pool = fresh(cx, tron, &scam, Role::Pool);
    let payout = fresh(cx, tron, &scam, Role::Personal);
    let gas = fresh(cx, tron, &scam, Role::Personal);
    let mut t = cx.t0;
    cx.exchanges[bx].withdraw_account(&mut cx.b, t, wallet, trx, 150 * trx.unit());
    let n_pay = 3 + cx.k.decoys.min(2);
    let mut amounts: Vec<u128> = (0..n_pay)
        .map(|i| (5 + 7 * i as u128 * cx.b.rng.range(1, 3) as u128) * 1000 * usdt.unit())
        .collect();
    amounts.sort();
    let mut trail = Vec::new();
    let mut paid = 0u128;
    let mut profits = Vec::new();
    let mut swept = 0u128;
    let other_victims = 1 + cx.k.decoys;
    for (i, &v) in amounts.iter().enumerate() {
        t += cx.b.rng.range(2, 6) as i64 * 86_400;
        cx.exchanges[bx].withdraw_account(&mut cx.b, t, wallet, usdt, v);
        t += cx.b.rng.range(1_800, 7_200) as i64;
        let pay = cx.b.pay(t, wallet, collection, usdt, v, None);
        paid += v;
        trail.push(pay);
        t += cx.b.rng.range(600, 5_400) as i64;
        cx.b.pay(t, gas, collection, trx, 60 * trx.unit(), None);
        t += cx.b.rng.range(60, 600) as i64;
        trail.push(cx.b.pay(t, collection, pool, usdt, v, None));
        swept += v;
        if i + 1 < amounts.len() {
            t += cx.b.rng.range(86_400, 2 * 86_400) as i64;
            let profit = v * u128::from(cx.b.rng.range(5, 12)) / 100 / usdt.unit() * usdt.unit();
            if i == 0 {
                cx.b.pay(t - 3_600, pool, payout, usdt, 3_000 * usdt.unit(), None);
            }
            profits.push((cx.b.pay(t, payout, wallet, usdt, profit, None), profit));
        }
    }
    // Other victims of the same platform.
    let mut others = Vec::new();
    for _ in 0..other_victims {
        let p = cx.person();
        let ov = cx.b.entity(
            "victim",
            &p.name,
            Category::Victim,
            None,
            "Another victim of the same platform (not yet identified).",
        );
        let ow = fresh(cx, tron, &ov, Role::Personal);
        let oc = fresh(cx, tron, &scam, Role::Personal);
        let v = cx.b.rng.range(8, 60) as u128 * 1000 * usdt.unit();
        let ot = cx.t0 + cx.b.rng.range(86_400, (t - cx.t0) as u64) as i64;
        cx.exchanges[bx].withdraw_account(&mut cx.b, ot - 7_200, ow, usdt, v);
        cx.b.pay(ot, ow, oc, usdt, v, None);
        cx.b.pay(ot + 900, gas, oc, trx, 60 * trx.unit(), None);
        cx.b.pay(ot + 1_500, oc, pool, usdt, v, None);
        swept += v;
        others.push(oc);
    }
    t += cx.b.rng.range(2, 5) as i64 * 86_400;
    let desk_addr = desk.deposit(&mut cx.b, tron);
    let mut hop_from = pool;
    if cx.at_least(Difficulty::Advanced) {
        let mid = fresh(cx, tron, &scam, Role::Personal);
        let v = swept - 3_000 * usdt.unit();
        cx.b.pay(t - 3_600, gas, pool, trx, 80 * trx.unit(), None);
        trail.push(cx.b.pay(t, pool, mid, usdt, v, None));
        t += cx.b.rng.range(1_800, 7_200) as i64;
        cx.b.pay(t - 600, gas, mid, trx, 60 * trx.unit(), None);
        hop_from = mid;
    }
    let sold = swept - 3_000 * usdt.unit();
    trail.push(cx.b.pay(t, hop_from, desk_addr, usdt, sold, None));
    let desk_main = desk.main(tron);
    cx.b.pay(t + 5_400, desk_addr, desk_main, usdt, sold, None);

    let mut d = Draft::default();
    let broker = cx.person();
    let notes = format!(
        "Client onboarded about two months earlier through a messaging app, with a passport scan and a short video call. Receiving address for the client: the one above. On {} the client sold {} for cash handed over at a partner office and a bank transfer to a trading company. The desk holds no client funds, so nothing can be frozen.",
        crate::generator::encode::day_text(t),
        cx.amount(usdt, sold)
    );
    let acct = cx.kyc(
        "OTC-C",
        &[desk_addr],
        &broker,
        cx.t0 - 60 * 86_400,
        t,
        notes,
    );
    d.records(&desk.entity, 1_440, false, acct);
    let own = cx.kyc("BX", &[wallet], &victim_p, cx.t0 - 30 * 86_400, cx.t0, "The reporting victim's own account: bank-funded USDT purchases, each withdrawn to the same wallet the same day.".into());
    d.records(&cx.exchanges[bx].entity, 120, true, own);
    let vname = victim_p.name.clone();
    let total_profit: u128 = profits.iter().map(|p| p.1).sum();
    d.title = format!("Pig butchering: the \"{platform}\" platform");
    d.summary = format!("{vname} paid {} on Tron to a fake trading platform that paid back small \"profits\". Follow the stablecoins to the scam's pool and to the OTC desk that bought them.", cx.amount(usdt, paid));
    d.typologies = vec!["pig-butchering", "investment-scam"];
    d.start_addresses = vec![wallet];
    d.start_txs = vec![trail[0]];
    d.start_note = format!(
        "**Summary of the victim's statement**\n\n{vname} met \"Lina\" on a messaging app. After weeks of friendly chat, Lina suggested trading on **{platform}**. {vname} bought USDT at {} and sent it from the wallet `{}` to the deposit address the platform showed. The balance shown on the site grew and a few profits were even paid out. Asked to withdraw everything, the victim was told to pay a 20 % \"tax\" first. There were {} payments in all; the first was `{}`.",
        cx.exchanges[bx].name,
        cx.addr(wallet),
        n_pay,
        cx.hash(trail[0])
    );
    d.briefing = format!(
        "# Pig butchering: \"{platform}\"\n\n\"Pig butchering\" scams fatten the victim up with trust before taking everything: a long online friendship, a professional-looking trading site, small withdrawals that work, then ever larger deposits until the \"tax\" demand at the end.\n\n## USDT on Tron in brief\n- Tron is an **account** ledger: addresses have balances that go up and down; there are no coins or change.\n- USDT on Tron is a token. Moving it costs **TRX** (energy), so an address holding only USDT must be topped up with TRX first. Whoever sends those top-ups usually controls the address.\n\n## What you must find\n1. What the small payments *to* the victim were.\n2. How much she paid to the platform.\n3. The address where the scammers pooled victims' money.\n4. Who bought the USDT from them, and the exact receiving address to quote in a request.\n\n## Method\nExpand the victim's wallet, then the address she paid. Follow the USDT out of it, ignoring TRX top-ups except as a clue to who controls what.\n"
    );
    d.objectives = vec![
        objective("obj-profits", K::Choice, 10,
            format!("{vname} also **received** USDT {} times. What were those payments?", profits.len()),
            a_choice(&["Genuine trading profits", "Fake \"profits\" paid from victims' money to build trust", "Refunds from her exchange", "Mistaken payments from strangers"], 1),
            hints(&[("Expand the address that paid the victim. Where did it get its USDT?", 2)]),
            format!("The payouts ({} in all) came from `{}`, which was filled from the scam's own pool. Letting small withdrawals through is a deliberate tactic to make the victim pay more.", cx.amount(usdt, total_profit), cx.addr(payout))),
        objective("obj-paid", K::Amount, 15,
            "How much USDT did the victim send to the platform's collection address in total?".into(),
            a_amount(usdt, paid, usdt.unit()),
            hints(&[("Add up the victim's outgoing USDT transfers to the collection address.", 3), (&format!("There are {n_pay} of them."), 3)]),
            format!("The victim paid {} in {n_pay} transfers; after the fake profits the net loss is {}.", cx.amount(usdt, paid), cx.amount(usdt, paid - total_profit))),
        objective("obj-pool", K::Address, 20,
            "Which address collected the money from the victim's collection address (and from other victims' ones)?".into(),
            a_address(cx.addr(pool)),
            hints(&[("Expand the collection address and follow its outgoing USDT.", 3), ("The same address receives USDT from several other collection addresses too.", 4)]),
            format!("`{}` is the scam's pool: it received every sweep from the victim's collection address and from {} other collection addresses.", cx.addr(pool), others.len())),
        objective("obj-desk", K::Entity, 20,
            "Which service received the pooled USDT?".into(),
            a_entity(&desk.entity),
            hints(&[("Follow the largest transfer out of the pool.", 4)]),
            format!("The pool's USDT went to a client receiving address of **{desk_name}**, an OTC desk, which moved it into its own wallet: the scammers sold the stablecoins for cash there.")),
        objective("obj-desk-address", K::Address, 20,
            "Which receiving address at that service should your request quote?".into(),
            a_address(cx.addr(desk_addr)),
            hints(&[("It is the address that received the large transfer from the scam's side, not the desk's main wallet.", 4)]),
            format!("`{}`: the desk gave that address to one client, so its records identify who sold the USDT.", cx.addr(desk_addr))),
    ];
    if cx.difficulty == Difficulty::Beginner {
        d.objectives.pop();
    }
    let _ = names::ip;
    d.trail = trail.clone();
    d.key_addresses = vec![wallet, collection, pool, desk_addr];
    d.end = t + 86_400;
    d.debrief = format!(
        "# Debrief: \"{platform}\"\n\n## The trail\n{}\n## What happened\n{vname} paid {} into `{}`. Each payment was swept within the hour into the pool `{}`, together with the money of other victims. The pool also funded the payout wallet that sent the victim {} of fake profits. Finally {} went to **{desk_name}**, an OTC desk.\n\n## Next steps\n1. Ask {desk_name} for the client behind `{}`, the trade and where the cash or bank transfer went. It cannot freeze anything: the money has already been paid out.\n2. Identify the other victims from the other collection addresses that fed the pool.\n3. Record the victim's net loss (paid minus fake profits) for the prosecution.\n",
        trail_table(cx, &trail),
        cx.amount(usdt, paid),
        cx.addr(collection),
        cx.addr(pool),
        cx.amount(usdt, total_profit),
        cx.amount(usdt, sold),
        cx.addr(desk_addr)
    );
    d
}

//! Sextortion spam: one or a few addresses in thousands of e-mails; many small
//! payments arrive and are swept quickly, then cashed out.

use super::common::{btc, btc_for_usd, fresh, peel_to_exchanges, trail_table};
use crate::generator::blocks::fan::consolidate;
use crate::generator::case::*;
use crate::generator::chain::{AssetId, ChainId};
use crate::generator::encode::day_text;
use crate::scenario::{Category, ObjectiveKind as K, Role};

pub fn build(cx: &mut Ctx) -> Draft {
    let bc = ChainId::Bitcoin;
    let crew = cx.b.entity(
        "spammers",
        "Sextortion spam crew",
        Category::Scam,
        None,
        "Sends mass e-mails claiming to hold compromising videos.",
    );
    let cash_x = cx.exchange(&[bc]);
    cx.key_entities = vec![cx.exchanges[cash_x].entity.clone()];
    let n_addr = 1 + cx.k.decoys.min(2);
    let spam: Vec<_> = (0..n_addr)
        .map(|_| cx.b.addr(bc, None, &crew, Role::Personal))
        .collect();
    let payers = 6 + 3 * cx.k.hops;
    let mut coins = Vec::new();
    let mut t = cx.t0;
    let mut first = None;
    let mut received = 0u64;
    for i in 0..payers {
        let p = cx.person();
        let e = cx.b.entity(
            "payer",
            &p.name,
            Category::Victim,
            None,
            "Paid after receiving the e-mail.",
        );
        let w = cx.b.addr(bc, None, &e, Role::Personal);
        let usd = *cx.b.rng.pick(&[500u64, 800, 1_000, 1_200, 1_500, 2_000]);
        let v = btc_for_usd(cx, usd, t) + cx.b.rng.range(0, 999);
        let extra = cx.b.rng.range(50_000, 3_000_000);
        let c = cx.b.prewindow(w, v + extra);
        let to = spam[i % n_addr];
        let ch = cx.b.addr(bc, None, &e, Role::Change);
        let (tx, cs) = cx.b.utxo(t, &[c], &[(to, v)], Some(ch), None);
        if i == 0 {
            first = Some((tx, w));
        }
        coins.push(cs[0]);
        if to == spam[0] {
            received += v;
        }
        t += cx.b.rng.range(600, 20_000) as i64;
    }
    let (first_tx, payer) = first.unwrap_or_default();
    let gathered = fresh(cx, bc, &crew, Role::Personal);
    let (cons, coin) = consolidate(&mut cx.b, &coins, gathered, t + 3_600);
    let (peel, end) = peel_to_exchanges(
        cx,
        coin,
        (cx.k.hops / 2).max(1),
        &[cash_x],
        &crew,
        coin.time + 3_600,
        cash_x,
    );
    let mut trail = vec![first_tx, cons];
    trail.extend(&peel.txs);

    let mut d = Draft::default();
    let p = cx.person();
    let acct = cx.kyc("ACC", &[end], &p, cx.t0 - 15 * 86_400, peel.last.time, "Opened two weeks before the campaign; received one large deposit and bought gift cards and USDT with it. Balance remaining can be frozen.".into());
    d.records(&cx.exchanges[cash_x].entity, 90, true, acct);
    let x_name = cx.exchanges[cash_x].name.clone();
    d.title = "Sextortion spam: the \"I recorded you\" e-mails".into();
    d.summary = "Thousands of people received an e-mail demanding bitcoin. One of them paid. Measure the campaign, find where the money was gathered and where it was cashed out.".into();
    d.typologies = vec!["sextortion", "consolidation"];
    d.start_addresses = vec![payer];
    d.start_txs = vec![first_tx];
    d.start_note = format!("**Complaint**\n\nOn {} the complainant received an e-mail claiming that the webcam had recorded the complainant and demanding payment in bitcoin to `{}`. Frightened, the complainant paid from `{}`: transaction `{}`. {} other people reported the same e-mail to the national reporting centre.", day_text(cx.t0), cx.addr(spam[0]), cx.addr(payer), cx.hash(first_tx), cx.b.rng.range(200, 2_000));
    d.briefing = "# Sextortion spam\n\nThe e-mail is a bluff: there is no video. The crew sends the same text, with the same one or few bitcoin addresses, to millions of people and waits. Because the address is **reused**, the blockchain shows the whole campaign: every payment that arrived, how much, and when the crew moved it.\n\n## What you must find\n1. How much the address in the complaint received.\n2. Where the crew gathered the payments (and whether other spam addresses were swept with it).\n3. The exchange and deposit address where the money was cashed out.\n".to_string();
    let mut objectives = vec![
        objective("obj-received", K::Amount, 20, "How much BTC did the address in the complaint receive from payers?".into(), a_amount(AssetId::Btc, u128::from(received), 20_000),
            hints(&[("Expand the address and add up its incoming payments.", 3)]),
            format!("{} from {} payments. Each is a victim who can be contacted through the exchange that sold them the bitcoin.", btc(received), coins.iter().filter(|c| c.addr == spam[0]).count())),
        objective("obj-gathered", K::Address, 20, "Where were the payments gathered?".into(), a_address(cx.addr(gathered)),
            hints(&[("One transaction spends all the payments.", 3)]),
            format!("`{}` in `{}`.", cx.addr(gathered), cx.hash(cons))),
        objective("obj-exchange", K::Entity, 15, "Which exchange received the money in the end?".into(), a_entity(&cx.exchanges[cash_x].entity),
            hints(&[("Follow the gathered coin to a labelled service.", 3)]),
            format!("**{x_name}**.")),
        objective("obj-deposit", K::Address, 20, "Which deposit address should your request quote?".into(), a_address(cx.addr(end)),
            hints(&[("The address the exchange swept after the last hop.", 4)]),
            format!("`{}`.", cx.addr(end))),
    ];
    if n_addr > 1 {
        objectives.push(objective("obj-spam", K::AddressSet, 20, "The crew used more than one address. Which addresses received payments that were swept together?".into(), a_addresses(spam.iter().map(|&a| cx.addr(a)).collect()),
            hints(&[("Look at the input addresses of the gathering transaction.", 3)]),
            format!("{}: common-input ownership ties them to one crew.", spam.iter().map(|&a| format!("`{}`", cx.addr(a))).collect::<Vec<_>>().join(", "))));
    }
    d.objectives = objectives;
    d.trail = trail.clone();
    d.key_addresses = [spam[0], gathered, end].to_vec();
    d.end = peel.last.time + 86_400;
    d.debrief = format!("# Debrief: the sextortion campaign\n\n## The trail\n{}\n## What happened\n{payers} people paid the crew's {n_addr} address(es). On {} the crew swept everything into `{}` and moved it on to {x_name}.\n\n## Next steps\nFreeze request to {x_name} for `{}`; identify and reassure the other payers.\n", trail_table(cx, &trail), cx.when(cons), cx.addr(gathered), cx.addr(end));
    d
}

//! Exchange hack: the thief empties part of a hot wallet to many addresses, lets
//! the coins sleep for months, then gathers some of them and peels them off to
//! exchanges (and, at higher levels, through a darknet market's wallet).

use super::common::{btc, fresh, peel_to_exchanges, trail_table};
use crate::generator::blocks::fan::consolidate;
use crate::generator::blocks::layering::dormancy;
use crate::generator::case::*;
use crate::generator::chain::{AssetId, ChainId};
use crate::generator::encode::day_text;
use crate::generator::services::Service;
use crate::scenario::{Category, Difficulty, ObjectiveKind as K, Role};

pub fn build(cx: &mut Ctx) -> Draft {
    let btcc = ChainId::Bitcoin;
    let hacked_name = *cx.b.rng.pick(&[
        "Vantor Exchange",
        "Glacier Coin Exchange",
        "Brightmoor Digital",
    ]);
    let mut hacked = Service::new(
        &mut cx.b,
        Category::Exchange,
        hacked_name,
        Some("Hong Kong"),
        &[btcc],
        "The exchange whose hot wallet was drained.",
    );
    let thief = cx.b.entity(
        "thief",
        "Unknown thief",
        Category::Perpetrator,
        None,
        "Stole coins from the exchange's hot wallet.",
    );
    let cash_x = cx.exchange(&[btcc]);
    let side_x = cx.exchange(&[btcc]);
    cx.key_entities = vec![
        cx.exchanges[cash_x].entity.clone(),
        cx.exchanges[side_x].entity.clone(),
    ];
    let n = 4 + 2 * cx.k.decoys;
    let mut payees = Vec::new();
    for _ in 0..n {
        let a = cx.b.addr(btcc, None, &thief, Role::Personal);
        let v = cx.b.rng.range(40, 400) * 10_000_000 + cx.b.rng.range(0, 9_999_999);
        payees.push((a, v));
    }
    let (theft, stolen) = hacked.withdraw_utxo(&mut cx.b, cx.t0, &payees, None);
    let total: u64 = payees.iter().map(|p| p.1).sum();
    let sleep = dormancy(&mut cx.b, 45, 180);
    let wake = cx.b.tx_time(theft) + sleep;
    let k = 2 + cx.k.decoys.min(2);
    let group: Vec<_> = stolen[..k].to_vec();
    let gathered = fresh(cx, btcc, &thief, Role::Personal);
    let (cons, coin) = consolidate(&mut cx.b, &group, gathered, wake);
    let (peel, end) = peel_to_exchanges(
        cx,
        coin,
        cx.k.hops,
        &[side_x, cash_x],
        &thief,
        cx.b.tx_time(cons) + 3_600,
        cash_x,
    );
    let mut trail = vec![theft, cons];
    trail.extend(&peel.txs);
    let deposits: Vec<_> = peel
        .peels
        .iter()
        .map(|p| p.0)
        .filter(|&a| {
            !cx.b.owner(a).is_empty() && cx.b.owner(a) != thief && cx.b.role(a) == Role::Deposit
        })
        .chain([end])
        .collect();

    let mut d = Draft::default();
    let mule = cx.person();
    let notes = format!("Account opened with a passport that the exchange now considers forged. It received {}, converted it to USDT and withdrew it within a day. Logins come from hosting providers. What is left can be frozen.", btc(peel.last.value));
    let acct = cx.kyc(
        "ACC",
        &[end],
        &mule,
        wake - 30 * 86_400,
        peel.last.time,
        notes,
    );
    d.records(&cx.exchanges[cash_x].entity, 180, true, acct);
    let sleep_days = sleep / 86_400;
    d.title = format!("Exchange hack: {hacked_name}'s hot wallet");
    d.summary = format!("{} was stolen from {hacked_name}'s hot wallet. The coins slept for months before moving. Find the thief's addresses, notice the dormancy, and follow the money that woke up to the exchanges.", btc(total));
    d.typologies = vec!["exchange-hack", "dormancy", "peel-chain"];
    d.start_addresses = vec![hacked.main(btcc)];
    d.start_txs = vec![theft];
    d.start_note = format!(
        "**Notification from {hacked_name}**\n\nOn {} an attacker who had obtained our signing keys sent an unauthorised transaction from our hot wallet `{}`: `{}`. It paid {n} addresses we do not know. We have monitored them since; today our monitoring shows that some of the coins have moved.",
        day_text(cx.t0),
        cx.addr(hacked.main(btcc)),
        cx.hash(theft)
    );
    d.briefing = format!(
        "# Exchange hack: {hacked_name}\n\nWhen thieves steal from an exchange they know that every exchange in the world is watching the stolen coins. So they **scatter** the loot over many addresses, wait until the attention fades (**dormancy**: months, sometimes years), then launder small portions at a time.\n\n## What you have\n- The hacked exchange's notification and the theft transaction (start panel).\n- The Bitcoin ledger from the theft until the coins moved, with your tools' labels.\n\n## What you must find\n1. The thief's receiving addresses.\n2. How long the coins slept.\n3. How much was stolen.\n4. Where the coins that woke up were cashed out, down to the deposit addresses.\n\n## Method\nOpen the theft transaction: the hot wallet's own change goes back to the hot wallet; every other output is the thief's. Then look at when each of those addresses next moved. Those that moved were gathered and peeled off: follow the large remainder.\n"
    );
    d.objectives = vec![
        objective("obj-thief", K::AddressSet, 20,
            "Which addresses received the stolen coins in the theft transaction?".into(),
            a_addresses(payees.iter().map(|p| cx.addr(p.0)).collect()),
            hints(&[("Every output of the theft except the one back to the hot wallet.", 3), (&format!("There are {n}."), 3)]),
            format!("The theft paid {n} addresses; the remaining output was the hot wallet's own change.")),
        objective("obj-dormancy", K::Choice, 10,
            "How long did the first stolen coins stay untouched?".into(),
            a_choice(&["Less than a day", "About a week", "Between one and seven months", "More than a year"], 2),
            hints(&[("Compare the date of the theft with the date of the first transaction that spends a stolen coin.", 2)]),
            format!("About {sleep_days} days. Long dormancy is typical after big thefts: the thief waits until monitoring and media attention die down.")),
        objective("obj-stolen", K::Amount, 15,
            "How much BTC was stolen in total?".into(),
            a_amount(AssetId::Btc, u128::from(total), 10_000),
            hints(&[("Add the outputs that went to the thief's addresses.", 3)]),
            format!("{} in {n} outputs.", btc(total))),
        objective("obj-exchange", K::Entity, 20,
            "At which exchange did the remainder of the woken coins land?".into(),
            a_entity(&cx.exchanges[cash_x].entity),
            hints(&[("The stolen coins that moved were first gathered in one transaction; follow the large output of each hop after that.", 4)]),
            format!("The peel chain ended at a deposit address of **{}**.", cx.exchanges[cash_x].name)),
        objective("obj-deposits", K::AddressSet, 25,
            "Which exchange deposit addresses received coins from the peel chain?".into(),
            a_addresses(deposits.iter().map(|&a| cx.addr(a)).collect()),
            hints(&[("A deposit address is emptied into an exchange hot wallet soon after it is paid.", 4)]),
            format!("{}: quote each in a request to its exchange.", deposits.iter().map(|&a| format!("`{}`", cx.addr(a))).collect::<Vec<_>>().join(", "))),
    ];
    if cx.difficulty == Difficulty::Beginner {
        d.objectives.remove(4);
    }
    d.trail = trail.clone();
    d.key_addresses = [payees[0].0, gathered]
        .into_iter()
        .chain(peel.holders.iter().copied().skip(1))
        .collect();
    d.end = peel.last.time + 86_400;
    d.debrief = format!(
        "# Debrief: the {hacked_name} hack\n\n## The trail\n{}\n## What happened\nThe thief took {} in one transaction to {n} addresses and then did nothing for about {sleep_days} days. On {} {k} of the stolen coins were gathered into `{}` and peeled off in {} hops; deposits at exchanges were the cash-out points, and the last {} reached **{}**. {} stolen coins are still untouched: keep them on a watch list.\n\n## Next steps\n1. Freeze request to {} for the account behind `{}`.\n2. Requests to every exchange that received a peel-off.\n3. Alert exchanges to the untouched addresses so that a future deposit is stopped.\n",
        trail_table(cx, &trail),
        btc(total),
        day_text(wake),
        cx.addr(gathered),
        peel.txs.len(),
        btc(peel.last.value),
        cx.exchanges[cash_x].name,
        n - k,
        cx.exchanges[cash_x].name,
        cx.addr(end)
    );
    let _ = hacked.deposits.len();
    d
}

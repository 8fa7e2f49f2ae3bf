//! Structuring: proceeds are paid into one exchange account in many deposits just
//! below a reporting threshold, from several feeder addresses, within a day.

use super::common::{fresh, trail_table};
use crate::generator::blocks::layering::structure;
use crate::generator::case::*;
use crate::generator::chain::{AssetId, ChainId};
use crate::generator::encode::day_text;
use crate::scenario::{Category, Difficulty, ObjectiveKind as K, Role};

pub fn build(cx: &mut Ctx) -> Draft {
    let tc = ChainId::Tron;
    let (usdt, trx) = (AssetId::UsdtTrc20, AssetId::Trx);
    let owner = cx.b.entity(
        "launderer",
        "Cash courier network",
        Category::Perpetrator,
        None,
        "Turns street cash into USDT and pays it into exchange accounts.",
    );
    let x = cx.exchange(&[tc]);
    cx.key_entities = vec![cx.exchanges[x].entity.clone()];
    let source = fresh(cx, tc, &owner, Role::Personal);
    let feeders_n = 2 + cx.k.decoys;
    let count = 5 + cx.k.hops;
    let threshold = 10_000 * usdt.unit();
    let feeders: Vec<_> = (0..feeders_n)
        .map(|_| fresh(cx, tc, &owner, Role::Personal))
        .collect();
    let mut t = cx.t0;
    let mut trail = Vec::new();
    // The source funds each feeder with USDT and TRX for fees.
    let per = threshold * (count as u128 / feeders_n as u128 + 1);
    for &f in &feeders {
        cx.b.pay(t - 1_800, source, f, trx, 200 * trx.unit(), None);
        trail.push(cx.b.pay(t, source, f, usdt, per, None));
        t += cx.b.rng.range(300, 1_800) as i64;
    }
    let deposit = cx.exchanges[x].deposit(&mut cx.b, tc);
    let deps = structure(
        &mut cx.b,
        &feeders,
        deposit,
        usdt,
        threshold,
        count,
        t + 3_600,
        20,
    );
    let total: u128 = deps.iter().map(|d| d.1).sum();
    let last = deps.last().map(|d| cx.b.tx_time(d.0)).unwrap_or(t);
    for (tx, v) in &deps {
        trail.push(*tx);
        let when = cx.b.tx_time(*tx) + cx.b.rng.range(600, 3_600) as i64;
        cx.exchanges[x].sweep_account(&mut cx.b, when, deposit, usdt, *v);
    }
    // Reorder the trail so that the money is followed: fundings first, deposits after.
    let mut d = Draft::default();
    let p = cx.person();
    let acct = cx.kyc("ACC", &[deposit], &p, cx.t0 - 120 * 86_400, last, format!("Declared occupation: used-car trader. {} deposits totalling {} in one day, each sold for euros and withdrawn to a company account. The account is frozen pending your request.", deps.len(), cx.amount(usdt, total)));
    d.records(&cx.exchanges[x].entity, 60, true, acct);
    let x_name = cx.exchanges[x].name.clone();
    d.title = "Structuring: one account, many deposits".into();
    d.summary = format!("{x_name} reported a customer whose deposit address received {} deposits just under 10,000 USDT in one day. Work out the pattern and trace where the deposits came from.", deps.len());
    d.typologies = vec!["structuring", "smurfing"];
    d.start_addresses = vec![deposit];
    d.start_txs = vec![deps[0].0];
    d.start_note = format!("**Suspicious activity report from {x_name}**\n\nOn {} our customer's USDT deposit address `{}` received a series of deposits from several unhosted addresses, each slightly under 10,000 USDT. We ask for your assessment. The first deposit was `{}`.", day_text(t), cx.addr(deposit), cx.hash(deps[0].0));
    d.briefing = "# Structuring\n\n**Structuring** (\"smurfing\") means splitting a large sum into many transactions that each stay under a threshold that would trigger checks or a report. On a blockchain it stands out: amounts that cluster just below a round number, arriving close together, into the same account.\n\nHere you work **backwards** from the exchange's report: from the deposit address to the addresses that paid it, and from them to whoever funded them.\n\n## What you must find\n1. What the pattern is.\n2. How much arrived in the deposits.\n3. The feeder addresses, and the single address that funded them.\n".to_string();
    d.objectives = vec![
        objective("obj-pattern", K::Choice, 10, "What is the pattern of these deposits?".into(),
            a_choice(&["Salary payments", "Structuring: splitting to stay below a threshold", "A peel chain", "An exchange's own sweep"], 1),
            hints(&[("Look at the amounts of the incoming transfers.", 2)]),
            "Every deposit is a little under 10,000 USDT and they all arrive within a day: classic structuring.".into()),
        objective("obj-total", K::Amount, 15, "How much USDT arrived in these structured deposits?".into(), a_amount(usdt, total, usdt.unit()),
            hints(&[("Add every incoming USDT transfer from the feeder addresses.", 3), (&format!("There are {}.", deps.len()), 3)]),
            format!("{} in {} deposits.", cx.amount(usdt, total), deps.len())),
        objective("obj-feeders", K::AddressSet, 20, "Which addresses paid the deposits?".into(), a_addresses(feeders.iter().map(|&a| cx.addr(a)).collect()),
            hints(&[("Expand the deposit address and list the senders of the USDT.", 3)]),
            format!("{} feeder addresses took turns.", feeders.len())),
        objective("obj-source", K::Address, 25, "Which single address funded all the feeders?".into(), a_address(cx.addr(source)),
            hints(&[("Expand each feeder: who sent it USDT and TRX first?", 4)]),
            format!("`{}` funded every feeder with USDT and with TRX for fees shortly before the deposits.", cx.addr(source))),
    ];
    if cx.difficulty == Difficulty::Beginner {
        d.objectives.pop();
    }
    d.trail = trail.clone();
    d.key_addresses = [source]
        .into_iter()
        .chain(feeders.iter().copied())
        .chain([deposit])
        .collect();
    d.end = last + 86_400;
    d.debrief = format!("# Debrief: structuring\n\n## The trail\n{}\n## What happened\n`{}` funded {} feeder addresses, which paid {} deposits, each just under 10,000 USDT, into one {x_name} account within a day: {} in total.\n\n## Next steps\n1. Production order for the account; ask for the bank account the euros went to.\n2. Trace where the source address got its USDT.\n", trail_table(cx, &trail), cx.addr(source), feeders.len(), deps.len(), cx.amount(usdt, total));
    d
}

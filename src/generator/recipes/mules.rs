//! Money mules: the organiser splits fraud proceeds over mule wallets in amounts
//! just under a reporting threshold; each mule forwards to its own exchange
//! deposit address. The organiser's gas top-ups give the network away.

use super::common::{fresh, trail_table};
use crate::generator::case::*;
use crate::generator::chain::{AssetId, ChainId};
use crate::generator::encode::day_text;
use crate::scenario::{Category, Difficulty, ObjectiveKind as K, Role};

pub fn build(cx: &mut Ctx) -> Draft {
    let ec = ChainId::Ethereum;
    let (usdt, eth) = (AssetId::UsdtErc20, AssetId::Eth);
    let org = cx.b.entity(
        "organiser",
        "Mule network organiser",
        Category::Perpetrator,
        None,
        "Recruits mules and runs the business-e-mail-compromise fraud.",
    );
    let company = cx.b.entity(
        "victim",
        "Harrowgate Components Ltd",
        Category::Victim,
        None,
        "Paid a fake supplier invoice in USDT.",
    );
    let x1 = cx.exchange(&[ec]);
    let x2 = cx.exchange(&[ec]);
    cx.key_entities = vec![
        cx.exchanges[x1].entity.clone(),
        cx.exchanges[x2].entity.clone(),
    ];
    let cw = fresh(cx, ec, &company, Role::Personal);
    let collect = fresh(cx, ec, &org, Role::Personal);
    let gas = fresh(cx, ec, &org, Role::Personal);
    let k = 3 + cx.k.decoys + cx.k.hops / 2;
    let threshold = 10_000 * usdt.unit();
    let mut t = cx.t0;
    let mut parts = Vec::new();
    for _ in 0..k {
        parts.push((9_000 + cx.b.rng.range(0, 95) as u128 * 10) * usdt.unit());
    }
    let invoice: u128 =
        parts.iter().sum::<u128>() + cx.b.rng.range(2, 9) as u128 * 1_000 * usdt.unit();
    cx.exchanges[x1].withdraw_account(&mut cx.b, t - 86_400, cw, usdt, invoice);
    let pay = cx.b.pay(
        t,
        cw,
        collect,
        usdt,
        invoice,
        Some("Invoice INV-2291 (new bank details)".into()),
    );
    let mut trail = vec![pay];
    t += cx.b.rng.range(3_600, 14_400) as i64;
    let mut mules = Vec::new();
    let mut records = Vec::new();
    let mut deposits = Vec::new();
    for (i, &v) in parts.iter().enumerate() {
        let p = cx.person();
        let me = cx.b.entity(
            "mule",
            &p.name,
            Category::Mule,
            None,
            "Recruited through a \"payment processing agent\" job advert.",
        );
        let m = fresh(cx, ec, &me, Role::Personal);
        let topup = eth.unit() / 100 * cx.b.rng.range(1, 3) as u128;
        cx.b.pay(t - 600, gas, m, eth, topup, None);
        trail.push(cx.b.pay(t, collect, m, usdt, v, None));
        let x = if i % 2 == 0 { x1 } else { x2 };
        let dep = cx.exchanges[x].deposit(&mut cx.b, ec);
        let ft = t + cx.b.rng.range(1_800, 30_000) as i64;
        trail.push(cx.b.pay(ft, m, dep, usdt, v, None));
        cx.exchanges[x].sweep_account(&mut cx.b, ft + 3_600, dep, usdt, v);
        let opened = cx.t0 - cx.b.rng.range(10, 60) as i64 * 86_400;
        let acct = cx.kyc("ACC", &[dep], &p, opened, ft, format!("The account holder says they were hired online as a \"payment agent\" and kept 5 %. Received {} and withdrew it in cash through a card.", cx.amount(usdt, v)));
        let ent = cx.exchanges[x].entity.clone();
        records.push((ent, acct));
        mules.push(m);
        deposits.push(dep);
        t += cx.b.rng.range(600, 7_200) as i64;
    }
    let mut d = Draft::default();
    for (ent, acct) in records {
        d.records(&ent, 180, true, acct);
    }
    let total: u128 = parts.iter().sum();
    let (n1, n2) = (cx.exchanges[x1].name.clone(), cx.exchanges[x2].name.clone());
    d.title = "Money mules: the Harrowgate invoice".into();
    d.summary = format!("A company paid {} in USDT to a fraudster's address. The money was split across {k} mule wallets in amounts just under 10,000 USDT and cashed out at exchanges. Map the network.", cx.amount(usdt, invoice));
    d.typologies = vec!["money-mules", "fan-out", "structuring"];
    d.start_addresses = vec![cw];
    d.start_txs = vec![pay];
    d.start_note = format!("**Report from Harrowgate Components Ltd**\n\nOn {} our accounts team paid a supplier's invoice of {} in USDT to the address given in an e-mail with \"new payment details\": `{}`. Our wallet is `{}` and the payment is `{}`. The real supplier never received it.", day_text(cx.t0), cx.amount(usdt, invoice), cx.addr(collect), cx.addr(cw), cx.hash(pay));
    d.briefing = "# Money mules\n\nFraud networks rarely cash out in one place. They recruit **money mules**, often through fake job adverts, and pass each of them a slice of the proceeds, small enough to stay under the thresholds at which exchanges and banks look closer (here 10,000 USDT). Each mule forwards the slice to an exchange account in their own name and withdraws it.\n\n## Clues that tie mules together\n- The same source pays them all within hours.\n- Amounts cluster just below a round threshold.\n- On Ethereum a wallet needs ETH to move tokens: the **same address funding every mule's gas** is a strong sign of one organiser.\n\n## What you must find\nThe mules, the organiser's gas wallet, the exchange deposit addresses, and what the pattern says about intent.\n".to_string();
    d.objectives = vec![
        objective("obj-mules", K::AddressSet, 25, "Which addresses received slices of the invoice payment?".into(), a_addresses(mules.iter().map(|&a| cx.addr(a)).collect()),
            hints(&[("Expand the address the company paid and list its outgoing USDT transfers.", 3), (&format!("There are {k}."), 4)]),
            format!("{k} mule wallets received {} between them.", cx.amount(usdt, total))),
        objective("obj-threshold", K::Choice, 10, "Why were all slices between 9,000 and 10,000 USDT?".into(),
            a_choice(&["Exchange withdrawal limits", "To stay below a 10,000 reporting / enhanced-checks threshold", "Gas costs", "By chance"], 1),
            hints(&[("Look at the first digits of every slice.", 2)]),
            "Keeping each transfer just under 10,000 avoids the checks that larger amounts trigger. Splitting to avoid a threshold is itself a red flag (structuring).".into()),
        objective("obj-gas", K::Address, 20, "Which address paid the mules' gas (ETH)?".into(), a_address(cx.addr(gas)),
            hints(&[("Each mule received a little ETH shortly before its USDT. From whom?", 4)]),
            format!("`{}` topped up every mule with ETH: one organiser behind all of them.", cx.addr(gas))),
        objective("obj-deposits", K::AddressSet, 25, "Which exchange deposit addresses did the mules pay?".into(), a_addresses(deposits.iter().map(|&a| cx.addr(a)).collect()),
            hints(&[("Follow each mule's USDT one hop on.", 3)]),
            format!("Deposit addresses at {n1} and {n2}; each identifies one mule's account.")),
    ];
    if cx.difficulty == Difficulty::Beginner {
        d.objectives.remove(2);
    }
    let _ = threshold;
    d.trail = trail.clone();
    d.key_addresses = [collect].into_iter().chain(mules.iter().copied()).collect();
    d.end = t + 86_400;
    d.debrief = format!("# Debrief: the mule network\n\n## The trail\n{}\n## What happened\nThe company's {} went to `{}`. Within hours it was split across {k} mule wallets, each just under 10,000 USDT and each funded with gas by `{}`; every mule paid its slice into its own deposit address at {n1} or {n2}.\n\n## Next steps\n1. Requests to both exchanges for the deposit addresses: the mules' identities.\n2. Interview the mules; they lead to the recruiter.\n3. The gas wallet and the collection address belong to the organiser: watch them.\n", trail_table(cx, &trail), cx.amount(usdt, invoice), cx.addr(collect), cx.addr(gas));
    d
}

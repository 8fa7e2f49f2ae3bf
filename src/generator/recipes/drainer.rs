//! Phishing drainer: the victim signs an approval on a fake site; the drainer pulls
//! the tokens and splits them between kit operator and affiliate; the affiliate
//! swaps to ETH (and mixes, at higher levels) and cashes out at an exchange.

use super::common::{fresh, trail_table};
use crate::generator::blocks::drain::{drain, DrainParties};
use crate::generator::blocks::mixer::pool;
use crate::generator::blocks::swap::dex_swap;
use crate::generator::case::*;
use crate::generator::chain::{AssetId, ChainId};
use crate::generator::encode::day_text;
use crate::generator::names::{DEXES, MIXERS};
use crate::generator::services::Service;
use crate::scenario::{Category, Difficulty, ObjectiveKind as K, Role};

pub fn build(cx: &mut Ctx) -> Draft {
    let ec = ChainId::Ethereum;
    let (eth, usdc) = (AssetId::Eth, AssetId::Usdc);
    let kit = *cx
        .b
        .rng
        .pick(&["Inferno-style", "Angel-style", "Pink-style"]);
    let operator_e = cx.b.entity(
        "drainer-operator",
        &format!("Drainer kit operator ({kit} kit)"),
        Category::Drainer,
        None,
        "Rents out a wallet-drainer kit and takes a cut of every theft.",
    );
    let affiliate_e = cx.b.entity(
        "affiliate",
        "Drainer affiliate",
        Category::Perpetrator,
        None,
        "Ran the phishing site and received the larger share.",
    );
    let dex_name = *cx.b.rng.pick(DEXES);
    let dex = Service::new(
        &mut cx.b,
        Category::Dex,
        dex_name,
        None,
        &[ec],
        "Decentralised exchange pool.",
    );
    let cash_x = cx.exchange(&[ec]);
    cx.key_entities = vec![dex.entity.clone(), cx.exchanges[cash_x].entity.clone()];
    let vp = cx.person();
    let victim_e = cx.b.entity(
        "victim",
        &vp.name,
        Category::Victim,
        None,
        "Signed a malicious approval on a fake airdrop site.",
    );
    let victim = fresh(cx, ec, &victim_e, Role::Personal);
    let contract = fresh(cx, ec, &operator_e, Role::Contract);
    let executor = fresh(cx, ec, &operator_e, Role::Personal);
    let operator = fresh(cx, ec, &operator_e, Role::Personal);
    let affiliate = fresh(cx, ec, &affiliate_e, Role::Personal);
    let pct = cx.b.rng.range(15, 25) as u128;
    let parties = DrainParties {
        contract,
        executor,
        operator,
        affiliate,
        operator_pct: pct,
    };
    let value = cx.b.rng.range(20, 180) as u128 * 1_000 * usdc.unit()
        + cx.b.rng.range(0, 999) as u128 * usdc.unit();
    let t = cx.t0;
    cx.exchanges[cash_x].withdraw_account(&mut cx.b, t - 20 * 86_400, victim, eth, eth.unit() / 4);
    let dr = drain(&mut cx.b, victim, usdc, value, &parties, t);
    // Other victims of the same kit, other affiliates.
    for _ in 0..cx.k.decoys + 1 {
        let p = cx.person();
        let ov = cx.b.entity(
            "victim",
            &p.name,
            Category::Victim,
            None,
            "Another victim of the same drainer kit.",
        );
        let ow = fresh(cx, ec, &ov, Role::Personal);
        let other_aff = fresh(cx, ec, &affiliate_e, Role::Personal);
        let op2 = DrainParties {
            contract,
            executor,
            operator,
            affiliate: other_aff,
            operator_pct: pct,
        };
        let v = cx.b.rng.range(2, 40) as u128 * 1_000 * usdc.unit();
        let when = t + cx.b.rng.range(3_600, 5 * 86_400) as i64;
        drain(&mut cx.b, ow, usdc, v, &op2, when);
    }
    let mut tt = cx.b.tx_time(dr.drain) + cx.b.rng.range(600, 7_200) as i64;
    let (swap_tx, got) = dex_swap(&mut cx.b, &dex, affiliate, usdc, dr.affiliate_cut, eth, tt);
    tt = cx.b.tx_time(swap_tx) + cx.b.rng.range(3_600, 40_000) as i64;
    let mut trail = vec![dr.approve, dr.drain, swap_tx];
    let deposit = cx.exchanges[cash_x].deposit(&mut cx.b, ec);
    let mut mixer_name = None;
    let (from, sent) = if cx.at_least(Difficulty::Advanced) && got >= 10 * eth.unit() {
        let m_name = *cx.b.rng.pick(MIXERS);
        let mixer = Service::new(
            &mut cx.b,
            Category::Mixer,
            m_name,
            None,
            &[ec],
            "Fixed-denomination mixing pool (10 ETH notes).",
        );
        let relayer_e = cx.b.entity(
            "relayer",
            "Mixer relayer",
            Category::Unknown,
            None,
            "Submits withdrawals for mixer users.",
        );
        let relayer = fresh(cx, ec, &relayer_e, Role::Personal);
        let count = ((got / (10 * eth.unit())) as usize).min(3);
        let out = fresh(cx, ec, &affiliate_e, Role::Personal);
        let run = pool(
            &mut cx.b,
            &mixer,
            relayer,
            affiliate,
            eth,
            10 * eth.unit(),
            count,
            &affiliate_e,
            Some(out),
            tt,
            86_400,
        );
        trail.push(run.deposits[0]);
        trail.push(run.withdrawals[0]);
        mixer_name = Some(m_name);
        tt = cx.b.tx_time(*run.withdrawals.last().unwrap_or(&swap_tx)) + 3_600;
        (out, run.received - eth.unit() / 100)
    } else {
        (affiliate, got - eth.unit() / 50)
    };
    let pay = cx.b.pay(tt, from, deposit, eth, sent, None);
    trail.push(pay);
    let sweep = cx.exchanges[cash_x].sweep_account(&mut cx.b, tt + 1_800, deposit, eth, sent);
    let _ = sweep;

    let mut d = Draft::default();
    let holder = cx.person();
    let acct = cx.kyc("ACC", &[deposit], &holder, cx.t0 - 45 * 86_400, tt, format!("Received {} and converted it to euros the same day; a bank withdrawal is pending and can be stopped.", cx.amount(eth, sent)));
    d.records(&cx.exchanges[cash_x].entity, 180, true, acct);
    let x_name = cx.exchanges[cash_x].name.clone();
    let vname = vp.name.clone();
    d.title = format!("Wallet drainer: {vname}'s USDC");
    d.summary = format!("{vname} signed an approval on a fake airdrop site and lost {}. Find the drainer's split, follow the affiliate's share through the DEX to the exchange.", cx.amount(usdc, value));
    d.typologies = vec!["phishing-drainer", "approval-phishing", "dex-swap"];
    d.start_addresses = vec![victim];
    d.start_txs = vec![dr.drain];
    d.start_note = format!("**Victim's report**\n\nOn {} {vname} connected the wallet `{}` to a site promising an airdrop and confirmed two prompts. Minutes later all USDC was gone. The wallet's history shows `{}`.", day_text(t), cx.addr(victim), cx.hash(dr.drain));
    d.briefing = "# Wallet drainer\n\nA **drainer** is a phishing kit sold to \"affiliates\": they run the fake site, the kit does the theft. The victim is tricked into signing an **approval** (`approve`), which lets another address spend their tokens. The drainer then calls **`transferFrom`**, moving the tokens out without the victim signing anything further, and the kit's contract splits the loot automatically: a cut for the kit operator (often about 20 %), the rest for the affiliate.\n\n## Reading an Ethereum transaction\n- The **sender** pays the gas fee in ETH; it need not be the owner of the tokens that move.\n- One transaction can hold several **transfers**: in a drain, victim → drainer contract, then contract → operator and contract → affiliate.\n- An approval moves no money; its note shows who was approved.\n\n## What you must find\nWhat the victim signed, the two shares and who got them, where the affiliate swapped, and the exchange deposit address where the money was cashed out.\n".to_string();
    d.objectives = vec![
        objective("obj-approval", K::Choice, 10, "What did the victim sign that made the theft possible?".into(),
            a_choice(&["A transfer of all USDC", "An approval letting another address spend the USDC", "A swap on a DEX", "Nothing: the private key was stolen"], 1),
            hints(&[("Look at the victim's own transaction just before the theft. Who sent the theft transaction?", 2)]),
            format!("The victim's transaction `{}` is an `approve`: it moves nothing but lets the drainer contract spend the USDC. The theft itself was sent by the drainer's executor `{}`.", cx.hash(dr.approve), cx.addr(executor))),
        objective("obj-affiliate", K::Address, 20, "Which address received the **larger** share of the stolen USDC?".into(), a_address(cx.addr(affiliate)),
            hints(&[("Open the theft transaction: the contract passes the USDC on in two transfers.", 3)]),
            format!("`{}` received {} ({}%): the affiliate's share.", cx.addr(affiliate), cx.amount(usdc, dr.affiliate_cut), 100 - pct)),
        objective("obj-operator", K::Amount, 15, "How much USDC went to the kit operator?".into(), a_amount(usdc, dr.operator_cut, usdc.unit()),
            hints(&[("The smaller of the two transfers out of the contract.", 3)]),
            format!("{} ({pct}%) went to `{}`. The same operator address takes a cut from other victims' drains too: a strong lead to the kit operator.", cx.amount(usdc, dr.operator_cut), cx.addr(operator))),
        objective("obj-dex", K::Entity, 10, "Where did the affiliate swap the USDC?".into(), a_entity(&dex.entity),
            hints(&[("Follow the affiliate address's next transaction.", 2)]),
            format!("On **{dex_name}**, for {}.", cx.amount(eth, got))),
        objective("obj-deposit", K::Address, 25, "Which exchange deposit address received the affiliate's ETH?".into(), a_address(cx.addr(deposit)),
            hints(&[("Follow the ETH until it reaches an address that passes everything on to an exchange hot wallet.", 4)]),
            format!("`{}` at **{x_name}**{}.", cx.addr(deposit), mixer_name.map(|m| format!(", reached after a detour through {m}")).unwrap_or_default())),
    ];
    d.trail = trail.clone();
    d.key_addresses = vec![victim, contract, operator, affiliate, deposit];
    d.end = tt + 86_400;
    d.debrief = format!(
        "# Debrief: the drainer\n\n## The trail\n{}\n## What happened\n{vname} approved the drainer contract `{}`. The executor `{}` then pulled {} and the contract split it {pct}/{}: {} to the operator `{}` and {} to the affiliate `{}`. The affiliate swapped on {dex_name}{} and paid {} into a {x_name} deposit address.\n\n## Next steps\n1. Freeze request to {x_name} for `{}`.\n2. Report the operator and executor addresses to the stablecoin issuer and to exchanges; they recur in other drains.\n3. Tell the victim to revoke the approval.\n",
        trail_table(cx, &trail),
        cx.addr(contract),
        cx.addr(executor),
        cx.amount(usdc, value),
        100 - pct,
        cx.amount(usdc, dr.operator_cut),
        cx.addr(operator),
        cx.amount(usdc, dr.affiliate_cut),
        cx.addr(affiliate),
        mixer_name.map(|m| format!(", mixed through {m}")).unwrap_or_default(),
        cx.amount(eth, sent),
        cx.addr(deposit)
    );
    d
}

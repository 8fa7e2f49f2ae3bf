//! Terrorist financing: a campaign posts a fresh address per donor; many small
//! donations are consolidated and handed to an unlicensed money transmitter.

use super::common::{btc, btc_for_usd, buy_btc, fresh, trail_table};
use crate::generator::blocks::fan::consolidate;
use crate::generator::case::*;
use crate::generator::chain::{AssetId, ChainId};
use crate::generator::encode::day_text;
use crate::generator::names::CHARITIES;
use crate::generator::services::Service;
use crate::scenario::{Category, Difficulty, ObjectiveKind as K, Role};

pub fn build(cx: &mut Ctx) -> Draft {
    let bc = ChainId::Bitcoin;
    let campaign_name = *cx.b.rng.pick(CHARITIES);
    let camp = cx.b.entity(
        "campaign",
        &format!("{campaign_name} (fundraising front)"),
        Category::Perpetrator,
        None,
        "Social-media fundraising for a designated group, posing as humanitarian aid.",
    );
    let mut transmitter = Service::new(
        &mut cx.b,
        Category::Otc,
        "Al-Waha Exchange Office",
        Some("Turkey"),
        &[bc],
        "Unlicensed money transmitter: takes bitcoin and pays cash through couriers.",
    );
    let buy_x = cx.exchange(&[bc]);
    cx.key_entities = vec![transmitter.entity.clone()];
    let n = 5 + 3 * cx.k.decoys + cx.k.hops;
    let mut t = cx.t0;
    let mut coins = Vec::new();
    let mut donation_addrs = Vec::new();
    let mut first = None;
    let mut total = 0u64;
    for i in 0..n {
        let p = cx.person();
        let donor = cx.b.entity(
            "donor",
            &p.name,
            Category::Individual,
            None,
            "Donor who answered the campaign's appeal.",
        );
        let w = fresh(cx, bc, &donor, Role::Personal);
        let usd = *cx.b.rng.pick(&[50u64, 100, 100, 150, 200, 250, 300, 500]);
        let v = btc_for_usd(cx, usd, t);
        let c = buy_btc(cx, buy_x, w, v + 40_000, t - 3_600);
        let a = fresh(cx, bc, &camp, Role::Personal);
        let ch = fresh(cx, bc, &donor, Role::Change);
        let (tx, cs) = cx.b.utxo(t, &[c], &[(a, v)], Some(ch), None);
        if i == 0 {
            first = Some((tx, w, a));
        }
        coins.push(cs[0]);
        donation_addrs.push(a);
        total += v;
        t += cx.b.rng.range(3_600, 40_000) as i64;
    }
    let (first_tx, donor_w, first_addr) = first.unwrap_or_default();
    let pot = fresh(cx, bc, &camp, Role::Personal);
    let (cons, pot_coin) = consolidate(&mut cx.b, &coins, pot, t + 86_400);
    let mut trail = vec![first_tx, cons];
    let mut coin = pot_coin;
    if cx.at_least(Difficulty::Advanced) {
        let mid = fresh(cx, bc, &camp, Role::Personal);
        let (tx, c) = cx.b.sweep(coin.time + 20_000, &[coin], mid, None);
        trail.push(tx);
        coin = c;
    }
    let desk_addr = transmitter.deposit(&mut cx.b, bc);
    let wait = cx.b.rng.range(7_200, 86_400) as i64;
    let (hand, delivered) = cx.b.sweep(coin.time + wait, &[coin], desk_addr, None);
    trail.push(hand);
    transmitter.sweep_utxo(&mut cx.b, delivered.time + 10_000, &[delivered]);

    let mut d = Draft::default();
    let courier = cx.person();
    let acct = cx.kyc("AW", &[desk_addr], &courier, cx.t0 - 90 * 86_400, delivered.time, format!("Records obtained from the office's seized ledger: a client known as \"Abu Yusuf\" delivered {} for cash to be handed over across the border by courier. Phone number and a photo of an ID were kept.", btc(delivered.value)));
    d.records(&transmitter.entity, 4_320, false, acct);
    d.title = format!("Terrorist financing: the {campaign_name}");
    d.summary = "A social-media appeal collects bitcoin for a designated group with a fresh address for every donor. Find the other donations, where they were pooled and who turned them into cash.".to_string();
    d.typologies = vec!["terrorist-financing", "consolidation"];
    d.start_addresses = vec![donor_w];
    d.start_txs = vec![first_tx];
    d.start_note = format!("**Intelligence summary**\n\nA channel on a messaging app advertises the {campaign_name} and sends each donor a personal bitcoin address. A donor identified by the counter-terrorism unit paid from `{}` on {}: transaction `{}`, to `{}`.", cx.addr(donor_w), day_text(cx.t0), cx.hash(first_tx), cx.addr(first_addr));
    d.briefing = "# Terrorist financing: a donation campaign\n\nTerrorist groups raise money in small amounts from many sympathisers. A common trick is to give **every donor a new address**, so that no public address collects a suspicious total. The group still needs the money in one place to use it, so the donations are **consolidated** and then handed to someone who converts them to cash, often an unlicensed money transmitter.\n\nSmall, round, fiat-sized donations from many people to many single-use addresses are the pattern to look for; the consolidation reveals all of them at once.\n\n## What you must find\n1. The other donation addresses.\n2. The pooled amount.\n3. The transmitter that received it and the address to quote.\n".to_string();
    d.objectives = vec![
        objective("obj-donations", K::AddressSet, 25, "Which addresses received donations for the campaign?".into(), a_addresses(donation_addrs.iter().map(|&a| cx.addr(a)).collect()),
            hints(&[("Follow the known donation: it is spent together with others in one transaction.", 3), (&format!("There are {n}."), 4)]),
            format!("The consolidation `{}` spends {n} donation addresses, one per donor.", cx.hash(cons))),
        objective("obj-total", K::Amount, 15, "How much BTC did the consolidation gather (its output)?".into(), a_amount(AssetId::Btc, u128::from(pot_coin.value), 10_000),
            hints(&[("Read the consolidation's single output.", 3)]),
            format!("{} from donations totalling {}.", btc(pot_coin.value), btc(total))),
        objective("obj-transmitter", K::Entity, 20, "Who received the pooled donations?".into(), a_entity(&transmitter.entity),
            hints(&[("Follow the pooled coin until it reaches a labelled service.", 3)]),
            "**Al-Waha Exchange Office**, an unlicensed money transmitter that pays out cash through couriers.".into()),
        objective("obj-address", K::Address, 20, "Which receiving address of the transmitter got the money?".into(), a_address(cx.addr(desk_addr)),
            hints(&[("It is the address that the transmitter later sweeps into its own wallet.", 3)]),
            format!("`{}`.", cx.addr(desk_addr))),
        objective("obj-pattern", K::Choice, 10, "Why did the campaign give every donor a new address?".into(),
            a_choice(&["To save on fees", "So that no single public address shows the total raised", "Because Bitcoin requires it", "To pay the donors back"], 1),
            hints(&[("Think about what a watcher of one published address would see.", 2)]),
            "Single-use addresses keep each address's total small and unremarkable; only the consolidation shows the campaign's real size.".into()),
    ];
    d.trail = trail.clone();
    d.key_addresses = vec![first_addr, pot, desk_addr];
    d.end = delivered.time + 86_400;
    d.debrief = format!("# Debrief: the {campaign_name}\n\n## The trail\n{}\n## What happened\n{n} donors paid {} to {n} different addresses. On {} the campaign gathered them into `{}` and passed the money to Al-Waha Exchange Office (`{}`), which converts bitcoin to cash.\n\n## Next steps\n1. Identify the donors through the exchanges they bought from.\n2. Share the transmitter's addresses with partners and the financial intelligence unit.\n", trail_table(cx, &trail), btc(total), cx.when(cons), cx.addr(pot), cx.addr(desk_addr));
    d
}

//! Ransomware: every victim pays its own ransom address; the gang consolidates the
//! ransoms, then peels the pot off to exchange deposit addresses.

use super::common::{btc, btc_for_usd, buy_btc, fresh, peel_to_exchanges, trail_table};
use crate::generator::blocks::fan::consolidate;
use crate::generator::blocks::layering::loop_utxo;
use crate::generator::case::*;
use crate::generator::chain::{AssetId, ChainId};
use crate::scenario::{Category, Difficulty, ObjectiveKind as K, Role};

const GANGS: &[&str] = &["LockFang", "Cryptorix", "BlackSalt", "NullVault", "Hexwing"];
const VICTIMS: &[&str] = &[
    "Harlow Dental Practice",
    "Brackley Logistics Ltd",
    "St Anselm Primary School",
    "Marrow & Finch Solicitors",
    "Eastgate Veterinary Clinic",
    "Colbeck Engineering",
    "Tarn Valley Housing Association",
];

pub fn build(cx: &mut Ctx) -> Draft {
    let gang_name = *cx.b.rng.pick(GANGS);
    let gang = cx.b.entity(
        "ransomware-gang",
        &format!("{gang_name} ransomware group"),
        Category::Ransomware,
        None,
        "Ransomware-as-a-service group; a fresh payment address per victim.",
    );
    let n_victims = 2 + cx.k.decoys + usize::from(cx.at_least(Difficulty::Advanced));
    let buy_x = cx.exchange(&[ChainId::Bitcoin]);
    let cash_x = cx.exchange(&[ChainId::Bitcoin]);
    let side_x = cx.exchange(&[ChainId::Bitcoin]);
    cx.key_entities = vec![
        cx.exchanges[cash_x].entity.clone(),
        cx.exchanges[side_x].entity.clone(),
    ];
    let victim_names = crate::generator::names::distinct(&mut cx.b.rng, VICTIMS, n_victims);
    let mut ransom_addrs = Vec::new();
    let mut ransom_coins = Vec::new();
    let mut payments = Vec::new();
    let mut t = cx.t0;
    let mut total = 0u64;
    let mut first_victim = (String::new(), 0, 0);
    for (i, name) in victim_names.iter().enumerate() {
        let v = cx.b.entity(
            "victim",
            name,
            Category::Victim,
            None,
            "Organisation hit by the ransomware; paid the ransom.",
        );
        let wallet = fresh(cx, ChainId::Bitcoin, &v, Role::Personal);
        let usd = cx.b.rng.range(3, 30) * 5_000;
        let amount = btc_for_usd(cx, usd, t);
        let coin = buy_btc(cx, buy_x, wallet, amount + 200_000, t);
        let ransom = fresh(cx, ChainId::Bitcoin, &gang, Role::Personal);
        let change = fresh(cx, ChainId::Bitcoin, &v, Role::Change);
        let pay_t = coin.time + cx.b.rng.range(3_600, 20_000) as i64;
        let (tx, coins) =
            cx.b.utxo(pay_t, &[coin], &[(ransom, amount)], Some(change), None);
        if i == 0 {
            first_victim = (name.to_string(), wallet, usd);
        }
        payments.push(tx);
        ransom_addrs.push(ransom);
        ransom_coins.push(coins[0]);
        total += amount;
        t += cx.b.rng.range(86_400, 4 * 86_400) as i64;
    }
    let pot = fresh(cx, ChainId::Bitcoin, &gang, Role::Personal);
    let (consolidation, pot_coin) = consolidate(&mut cx.b, &ransom_coins, pot, t);
    let mut coin = pot_coin;
    let mut decoy_txs = Vec::new();
    for _ in 0..cx.k.decoys.min(1) {
        let (txs, back) = loop_utxo(&mut cx.b, coin, &gang, coin.time);
        decoy_txs.extend(txs);
        coin = back;
    }
    let start_peel = coin.time + cx.b.rng.range(7_200, 86_400) as i64;
    let (peel, end) = peel_to_exchanges(
        cx,
        coin,
        cx.k.hops,
        &[side_x, cash_x],
        &gang,
        start_peel,
        cash_x,
    );
    let mut trail = vec![payments[0], consolidation];
    trail.extend(&decoy_txs);
    trail.extend(&peel.txs);
    let deposits: Vec<_> = peel
        .peels
        .iter()
        .map(|p| p.0)
        .filter(|a| {
            cx.b.owner(*a) == cx.exchanges[side_x].entity
                || cx.b.owner(*a) == cx.exchanges[cash_x].entity
        })
        .chain([end])
        .collect();
    let arrived = peel.last.value;

    // Service records: the cash-out account is a mule's; the side deposits belong
    // to another account of the same crew.
    let mut d = Draft::default();
    let mule = cx.person();
    let last_t = peel.last.time;
    let notes = format!("Account opened about three weeks before the first attack with an ID card and a selfie. It received {} at {}, sold it within the hour and withdrew the euros to a bank account in another name. Logins come from a VPN exit. The account can be frozen.", btc(arrived), cx.when(*peel.txs.last().unwrap_or(&consolidation)));
    let acct = cx.kyc("ACC", &[end], &mule, cx.t0 - 21 * 86_400, last_t, notes);
    d.records(&cx.exchanges[cash_x].entity, 120, true, acct);
    let side: Vec<_> = deposits
        .iter()
        .copied()
        .filter(|a| cx.b.owner(*a) == cx.exchanges[side_x].entity)
        .collect();
    if !side.is_empty() {
        let p2 = cx.person();
        let acct = cx.kyc("CUS", &side, &p2, cx.t0 - 40 * 86_400, last_t, "Small, irregular deposits from unhosted wallets, each sold at once for a prepaid card top-up. Same device fingerprint as another account under review.".into());
        d.records(&cx.exchanges[side_x].entity, 240, true, acct);
    }

    let victim = first_victim.0.clone();
    let vx = cx.exchanges[buy_x].name.clone();
    let cash = cx.exchanges[cash_x].name.clone();
    d.title = format!("Ransomware: the {gang_name} payments");
    d.summary = format!("{victim} paid a {gang_name} ransom in bitcoin. Find the other victims' payments, the address that pooled them, and the exchange deposit addresses where the pot was cashed out.");
    d.typologies = vec!["ransomware", "consolidation", "peel-chain"];
    d.start_addresses = vec![first_victim.1];
    d.start_txs = vec![payments[0]];
    d.start_note = format!(
        "**Report from {victim}**\n\nOn {} the organisation's files were encrypted by the {gang_name} ransomware. After negotiating on the gang's chat site, the office manager bought bitcoin at {vx} and paid the ransom (agreed at USD {}) from the wallet `{}`.\n\n- ransom payment: `{}`\n\nThe decryption key worked. The organisation wants to support a prosecution.",
        crate::generator::encode::day_text(cx.t0),
        crate::amount::format_units_grouped(crate::amount::Amount(u128::from(first_victim.2)), 0),
        cx.addr(first_victim.1),
        cx.hash(payments[0])
    );
    d.briefing = format!(
        "# Ransomware: {gang_name}\n\nThe {gang_name} group encrypts organisations' files and sells the key back for bitcoin. Ransomware gangs give **every victim a fresh payment address**, so each ransom looks like an unrelated payment. Sooner or later, though, the gang has to bring the money together to spend it, and that is where the payments become visible as one operation.\n\n## What you have\n- The report of {victim} and its ransom payment (start panel).\n- The Bitcoin ledger around those weeks, with the attribution labels of your unit's tools.\n\n## What you must find\n1. What the gang did with the ransom after it arrived.\n2. The **other victims' ransom addresses**: useful for identifying and contacting further victims.\n3. The address that pooled the money, and how much it held.\n4. Where the pot went: the exchange(s) and the **deposit addresses** for a production order.\n\n## Method\n- Expand the ransom address and see which transaction spends it. A transaction with **many inputs and one output** gathers coins that one wallet controls (the common-input-ownership heuristic): every input address belongs to the gang.\n- From the pooled coin, follow the larger output hop by hop (a peel chain). Small outputs that go to labelled exchange deposit addresses are cash-out points.\n- Compare amounts and times, and keep a note of every transaction id.\n"
    );
    let pot_s = btc(pot_coin.value);
    d.objectives = vec![
        objective("obj-pattern", K::Choice, 10,
            "What did the gang do with the ransom first?".into(),
            a_choice(&["Sent it straight to an exchange", "Gathered it with other ransoms in one transaction (consolidation)", "Split it into many equal amounts (CoinJoin)", "Left it untouched"], 1),
            hints(&[("Expand the ransom address and open the transaction that spends it. How many inputs does it have?", 2)]),
            format!("The ransom was spent together with {} other coins in a single transaction paying one address. Several inputs in one transaction must be signed by whoever holds their keys, so all of them are the gang's: a **consolidation**.", n_victims - 1)),
        objective("obj-victims", K::AddressSet, 20,
            "List the ransom addresses of **all** victims whose payments were pooled (including this one).".into(),
            a_addresses(ransom_addrs.iter().map(|&a| cx.addr(a)).collect()),
            hints(&[("Every input of the consolidation spends one ransom.", 3), (&format!("There are {n_victims} of them."), 4)]),
            format!("The inputs of the consolidation are the ransom addresses: {}. Each of them received one payment from a different victim shortly before. They are leads for victim identification and notification.", ransom_addrs.iter().map(|&a| format!("`{}`", cx.addr(a))).collect::<Vec<_>>().join(", "))),
        objective("obj-pot", K::Address, 15,
            "Which address received the pooled ransoms?".into(),
            a_address(cx.addr(pot)),
            hints(&[("It is the single output of the consolidation.", 3)]),
            format!("`{}` received {pot_s} in the consolidation `{}`.", cx.addr(pot), cx.hash(consolidation))),
        objective("obj-total", K::Amount, 15,
            "How much BTC did that address receive in the consolidation?".into(),
            a_amount(AssetId::Btc, u128::from(pot_coin.value), 10_000),
            hints(&[("Read the value of the consolidation's output.", 3), ("It is the ransoms' total minus one miner's fee.", 2)]),
            format!("{pot_s}: the victims paid {} in total and the consolidation paid a fee of {}.", btc(total), btc(total - pot_coin.value))),
        objective("obj-exchange", K::Entity, 15,
            "At which exchange did the **remainder** of the peel chain finally land?".into(),
            a_entity(&cx.exchanges[cash_x].entity),
            hints(&[("Follow the larger output at each hop until it reaches an address that an exchange later sweeps into its hot wallet.", 4)]),
            format!("The last hop paid {} to a deposit address of **{cash}**, which swept it into its hot wallet.", btc(arrived))),
        objective("obj-deposits", K::AddressSet, 25,
            "Which **exchange deposit addresses** received money from the peel chain (peel-offs and the final remainder)?".into(),
            a_addresses(deposits.iter().map(|&a| cx.addr(a)).collect()),
            hints(&[("A deposit address receives a payment and is emptied into a labelled hot wallet soon after.", 4), (&format!("There are {}.", deposits.len()), 6)]),
            format!("The deposit addresses were {}. Each one maps to a customer account at its exchange: send each exchange a request quoting the address, amount and transaction.", deposits.iter().map(|&a| format!("`{}`", cx.addr(a))).collect::<Vec<_>>().join(", "))),
    ];
    if cx.difficulty == Difficulty::Beginner {
        d.objectives.remove(1);
    }
    d.trail = trail.clone();
    d.key_addresses = [ransom_addrs[0], pot]
        .into_iter()
        .chain(peel.holders.iter().copied().skip(1))
        .collect();
    d.end = last_t + 86_400;
    d.debrief = format!(
        "# Debrief: the {gang_name} ransoms\n\n## The trail\n{}\n## What happened\n{n_victims} victims paid {} in total to {n_victims} separate addresses. On {} the gang spent all of them in one transaction to `{}`: the consolidation that ties the payments together. {}A peel chain of {} hops then shed small amounts (several to exchange deposit addresses) and delivered the last {} to a **{cash}** deposit address.\n\n## Next steps\n1. Ask {cash} to freeze the account behind `{}` and produce its records; the records here show a mule's account.\n2. Send requests for the other deposit addresses; one customer may be the same person under another name.\n3. Notify the other victims identified from their ransom addresses; their reports add evidence.\n",
        trail_table(cx, &trail),
        btc(total),
        cx.when(consolidation),
        cx.addr(pot),
        if decoy_txs.is_empty() { String::new() } else { "Before peeling, the pot made a round trip through two fresh addresses and came back to the same address, a loop meant to lengthen the trail. ".to_string() },
        peel.txs.len(),
        btc(arrived),
        cx.addr(end),
    );
    d
}

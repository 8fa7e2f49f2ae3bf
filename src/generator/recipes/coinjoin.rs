//! CoinJoin laundering: scam proceeds are cut into pool-sized pieces and mixed in
//! equal-output rounds, then the mixed outputs are spent together, which undoes
//! the mixing (a common-input-ownership trap for the launderer).

use super::common::{btc, btc_for_usd, fresh, trail_table};
use crate::generator::blocks::coinjoin::{wasabi, whirlpool};
use crate::generator::blocks::fan::consolidate;
use crate::generator::case::*;
use crate::generator::chain::{AssetId, ChainId};
use crate::generator::encode::day_text;
use crate::generator::names::COINJOIN;
use crate::generator::services::Service;
use crate::scenario::{Category, Difficulty, ObjectiveKind as K, Role};

pub fn build(cx: &mut Ctx) -> Draft {
    let bc = ChainId::Bitcoin;
    let scam = cx.b.entity(
        "scammer",
        "Romance scammer",
        Category::Scam,
        None,
        "Posed as a partner abroad and asked for money for a medical emergency.",
    );
    let coord_name = *cx.b.rng.pick(COINJOIN);
    let coord = Service::new(
        &mut cx.b,
        Category::Mixer,
        coord_name,
        None,
        &[bc],
        "CoinJoin coordinator collecting a fee per premix.",
    );
    let x = cx.exchange(&[bc]);
    cx.key_entities = vec![coord.entity.clone(), cx.exchanges[x].entity.clone()];
    let vp = cx.person();
    let ve = cx.b.entity(
        "victim",
        &vp.name,
        Category::Victim,
        None,
        "Sent savings to the scammer.",
    );
    let vw = fresh(cx, bc, &ve, Role::Personal);
    let usd = cx.b.rng.range(15, 60) * 1_000;
    let amount = btc_for_usd(cx, usd, cx.t0);
    let vcoin = cx.b.prewindow(vw, amount + 500_000);
    let sw = fresh(cx, bc, &scam, Role::Personal);
    let vch = fresh(cx, bc, &ve, Role::Change);
    let (pay, cs) = cx.b.utxo(cx.t0, &[vcoin], &[(sw, amount)], Some(vch), None);
    let pool_size = if amount > 40_000_000 {
        5_000_000
    } else {
        1_000_000
    };
    let rounds = 2 + cx.k.decoys;
    let fee_to = coord.main(bc);
    let start = cs[0].time + cx.b.rng.range(3_600, 86_400) as i64;
    let wp = whirlpool(&mut cx.b, cs[0], pool_size, rounds, &scam, fee_to, start);
    let mut trail = vec![pay, wp.premix];
    trail.extend(&wp.rounds);
    let mut to_merge = wp.postmix.clone();
    let mut wasabi_tx = None;
    if cx.at_least(Difficulty::Advanced) {
        if let Some(change) = wp.change {
            if change.value > 2_500_000 {
                let w = wasabi(
                    &mut cx.b,
                    change,
                    1_000_000,
                    4 + cx.k.decoys,
                    &scam,
                    change.time + 7_200,
                );
                trail.push(w.tx);
                to_merge.extend(w.mixed);
                wasabi_tx = Some(w.tx);
            }
        }
    }
    let merged_at = fresh(cx, bc, &scam, Role::Personal);
    let last_round = to_merge.iter().map(|c| c.time).max().unwrap_or(start);
    let wait = cx.b.rng.range(86_400, 3 * 86_400) as i64;
    let (cons, coin) = consolidate(&mut cx.b, &to_merge, merged_at, last_round + wait);
    trail.push(cons);
    let dep = cx.exchanges[x].deposit(&mut cx.b, bc);
    let (cash, cc) = cx.b.sweep(coin.time + 7_200, &[coin], dep, None);
    trail.push(cash);
    cx.exchanges[x].sweep_utxo(&mut cx.b, cc.time + 3_600, &[cc]);

    let mut d = Draft::default();
    let p = cx.person();
    let acct = cx.kyc("ACC", &[dep], &p, cx.t0 - 300 * 86_400, cc.time, format!("Received {} from a wallet the exchange's analytics flags as post-CoinJoin; sold for USD and sent to a bank abroad.", btc(cc.value)));
    d.records(&cx.exchanges[x].entity, 120, true, acct);
    let x_name = cx.exchanges[x].name.clone();
    d.title = "CoinJoin: mixed, then merged".into();
    d.summary = format!("Romance-scam proceeds of {} went through CoinJoin rounds. Recognise the rounds, then catch the mistake that re-linked the mixed coins and led to an exchange.", btc(amount));
    d.typologies = vec!["coinjoin", "mixing", "romance-scam"];
    d.start_addresses = vec![vw];
    d.start_txs = vec![pay];
    d.start_note = format!("**Victim's statement**\n\n{} sent {} on {} from `{}` to a partner met online who needed money for a hospital bill abroad: transaction `{}`. The partner then stopped answering.", vp.name, btc(amount), day_text(cx.t0), cx.addr(vw), cx.hash(pay));
    d.briefing = "# CoinJoin\n\nA **CoinJoin** is one transaction in which several people spend their coins together and each gets back outputs of the **same size**. Anyone looking at it sees, say, five inputs and five identical outputs, and cannot tell which output belongs to whom.\n\n- **Whirlpool-style**: first a *premix* transaction cuts a coin into pieces slightly bigger than the pool size (0.01 or 0.05 BTC here), pays the coordinator a fee and leaves change; then each piece joins a round of five inputs and five equal outputs.\n- **Wasabi-style**: many participants of any size; most outputs share one standard value, and everyone gets change.\n\nCommon-input ownership does **not** apply to a CoinJoin: its inputs belong to different people. But when the mixed outputs are later spent **together**, that later transaction ties them to one owner again.\n\n## What you must find\nThe rounds, the address where the mixed coins were merged, the amount, and where they went.\n".to_string();
    d.objectives = vec![
        objective("obj-round", K::Choice, 10, "The scammer's coins pass through transactions with five inputs and five outputs of exactly the same value. What are they?".into(),
            a_choice(&["Exchange withdrawals", "CoinJoin rounds", "A peel chain", "Consolidations by one owner"], 1),
            hints(&[("Equal outputs from several unrelated inputs.", 2)]),
            format!("They are CoinJoin rounds of the {} pool coordinated by {coord_name}. Do not merge their inputs into one cluster.", btc(pool_size))),
        objective("obj-merge", K::Address, 25, "Where were the mixed outputs brought back together?".into(), a_address(cx.addr(merged_at)),
            hints(&[("Follow each round's output that belongs to the trail: one later transaction spends several of them at once.", 5)]),
            format!("`{}` received them in `{}`. Spending mixed outputs together re-links them: the mixing was wasted.", cx.addr(merged_at), cx.hash(cons))),
        objective("obj-amount", K::Amount, 15, "How much BTC did that merge transaction produce?".into(), a_amount(AssetId::Btc, u128::from(coin.value), 10_000),
            hints(&[("Read the merge transaction's single output.", 3)]),
            format!("{}.", btc(coin.value))),
        objective("obj-exchange", K::Entity, 20, "Which exchange received the merged coins?".into(), a_entity(&cx.exchanges[x].entity),
            hints(&[("Follow the merged coin one hop.", 3)]),
            format!("**{x_name}**, at deposit address `{}`.", cx.addr(dep))),
    ];
    d.trail = trail.clone();
    d.key_addresses = vec![sw, merged_at, dep];
    d.end = cc.time + 86_400;
    d.debrief = format!("# Debrief: CoinJoin\n\n## The trail\n{}\n## What happened\nThe scammer's premix `{}` cut the coin into {} pieces for the {} pool (paying {coord_name} its fee); each went through a five-party round{}. Then the scammer spent the mixed outputs together into `{}` and paid {} to {x_name}.\n\n## Next steps\nRequest to {x_name} for `{}`; note in your report why the CoinJoin inputs were not attributed to the scammer.\n", trail_table(cx, &trail), cx.hash(wp.premix), wp.rounds.len(), btc(pool_size), if wasabi_tx.is_some() { ", and the premix change went through a Wasabi-style round" } else { "" }, cx.addr(merged_at), btc(cc.value), cx.addr(dep));
    d
}

//! Darknet market: buyers pay per-order deposit addresses that the market sweeps
//! into its hot wallet; a vendor withdraws earnings from the hot wallet, gathers
//! them and cashes out through a peel chain to exchanges.

use super::common::{btc, btc_for_usd, fresh, peel_to_exchanges, trail_table};
use crate::generator::blocks::fan::consolidate;
use crate::generator::builder::Coin;
use crate::generator::case::*;
use crate::generator::chain::{AssetId, ChainId};
use crate::generator::encode::day_text;
use crate::generator::names::MARKETS;
use crate::generator::services::Service;
use crate::scenario::{Category, Difficulty, ObjectiveKind as K, Role};

pub fn build(cx: &mut Ctx) -> Draft {
    let bc = ChainId::Bitcoin;
    let m_name = *cx.b.rng.pick(MARKETS);
    let mut market = Service::new(
        &mut cx.b,
        Category::DarknetMarket,
        m_name,
        None,
        &[bc],
        "Darknet marketplace; escrow wallet pays vendors on request.",
    );
    let vendor_e = cx.b.entity(
        "vendor",
        "Vendor \"NorthernLights\"",
        Category::Perpetrator,
        None,
        "Sells drugs on the market; the target of the investigation.",
    );
    let police = cx.b.entity(
        "police-wallet",
        "Police test-purchase wallet",
        Category::Individual,
        None,
        "Wallet used by the undercover unit.",
    );
    let cash_x = cx.exchange(&[bc]);
    let side_x = cx.exchange(&[bc]);
    cx.key_entities = vec![
        market.entity.clone(),
        cx.exchanges[cash_x].entity.clone(),
        cx.exchanges[side_x].entity.clone(),
    ];
    let pw = fresh(cx, bc, &police, Role::Personal);
    let order = btc_for_usd(cx, 350, cx.t0);
    let pcoin = cx.b.prewindow(pw, order + 300_000);
    let dep = market.deposit(&mut cx.b, bc);
    let pchange = fresh(cx, bc, &police, Role::Change);
    let (buy, bc_coins) =
        cx.b.utxo(cx.t0, &[pcoin], &[(dep, order)], Some(pchange), None);
    // Other buyers' deposits swept together with the test purchase.
    let mut deposits: Vec<Coin> = vec![bc_coins[0]];
    let buyers = cx.b.entity(
        "buyers",
        "Market buyers",
        Category::Individual,
        None,
        "Other customers of the market.",
    );
    for _ in 0..3 + cx.k.decoys {
        let a = cx.b.addr(bc, None, &buyers, Role::Personal);
        let usd = cx.b.rng.range(40, 900);
        let v = btc_for_usd(cx, usd, cx.t0);
        let c = cx.b.prewindow(a, v + 50_000);
        let d = market.deposit(&mut cx.b, bc);
        let t = cx.t0 + cx.b.rng.range(0, 20_000) as i64 - 10_000;
        let (_, cs) = cx.b.utxo(t, &[c], &[(d, v)], None, None);
        deposits.push(cs[0]);
    }
    let (sweep, _) = market.sweep_utxo(&mut cx.b, cx.t0 + 14_400, &deposits);
    // The vendor withdraws several times, in batches with other vendors.
    let vendor_addr = fresh(cx, bc, &vendor_e, Role::Personal);
    let others = cx.b.entity(
        "vendors",
        "Other market vendors",
        Category::Unknown,
        None,
        "Other sellers withdrawing from the market.",
    );
    let mut t = cx.b.tx_time(sweep) + 3_600;
    let mut withdrawals = Vec::new();
    let mut vcoins = Vec::new();
    let mut earned = 0u64;
    for _ in 0..3 + cx.k.decoys {
        let usd = cx.b.rng.range(4_000, 25_000);
        let v = btc_for_usd(cx, usd, t);
        let o = cx.b.addr(bc, None, &others, Role::Personal);
        let usd2 = cx.b.rng.range(500, 9_000);
        let ov = btc_for_usd(cx, usd2, t);
        let (tx, cs) = market.withdraw_utxo(&mut cx.b, t, &[(vendor_addr, v), (o, ov)], None);
        withdrawals.push(tx);
        vcoins.push(cs[0]);
        earned += v;
        t += cx.b.rng.range(2, 6) as i64 * 86_400;
    }
    let gathered = fresh(cx, bc, &vendor_e, Role::Personal);
    let (cons, coin) = consolidate(&mut cx.b, &vcoins, gathered, t);
    let (peel, end) = peel_to_exchanges(
        cx,
        coin,
        cx.k.hops.saturating_sub(1).max(2),
        &[side_x, cash_x],
        &vendor_e,
        cx.b.tx_time(cons) + 7_200,
        cash_x,
    );
    let mut trail = vec![buy, sweep];
    trail.extend(&withdrawals);
    trail.push(cons);
    trail.extend(&peel.txs);

    let mut d = Draft::default();
    let p = cx.person();
    let acct = cx.kyc("ACC", &[end], &p, cx.t0 - 200 * 86_400, peel.last.time, format!("Long-standing customer; regular deposits from unhosted wallets, sold for euros and paid to a personal bank account. Last deposit {}.", btc(peel.last.value)));
    d.records(&cx.exchanges[cash_x].entity, 120, true, acct);
    let x_name = cx.exchanges[cash_x].name.clone();
    d.title = format!("Darknet market: a vendor on {m_name}");
    d.summary = format!("An undercover purchase from vendor \"NorthernLights\" on {m_name} gives you one payment. Find the market's wallet, the vendor's withdrawals and where the vendor cashed out.");
    d.typologies = vec!["darknet-market", "peel-chain"];
    d.start_addresses = vec![pw, vendor_addr];
    d.start_txs = vec![buy];
    d.start_note = format!("**Undercover unit's note**\n\nOn {} our officer bought from the vendor \"NorthernLights\" on {m_name}, paying {} from our wallet `{}` to the order address the market showed: transaction `{}`.\n\nA foreign partner who seized a copy of the market's database sent us the vendor's registered **withdrawal address**: `{}`.", day_text(cx.t0), btc(order), cx.addr(pw), cx.hash(buy), cx.addr(vendor_addr));
    d.briefing = format!("# Darknet market: {m_name}\n\nMarkets hold buyers' money in **escrow**: each order gets a deposit address, the market sweeps deposits into its own hot wallet, and vendors withdraw their earnings from that wallet to addresses they registered. So a buyer's payment never goes to the vendor directly: the link between buyer and vendor exists only in the market's database.\n\n## What you must find\n1. The market's hot wallet.\n2. How much the vendor withdrew from the market.\n3. Where the vendor gathered the money and where it was cashed out.\n\n## Method\nFollow the test purchase into the market's sweep. From the vendor's withdrawal address, look at what the market paid in and what left again.\n");
    d.objectives = vec![
        objective("obj-hot", K::Address, 15, "Which address is the market's hot (escrow) wallet?".into(), a_address(cx.addr(market.main(bc))),
            hints(&[("Expand the order address: where did the market move the payment?", 2)]),
            format!("`{}`: the test purchase was swept into it together with {} other orders, and the vendor's withdrawals are paid from it.", cx.addr(market.main(bc)), deposits.len() - 1)),
        objective("obj-earned", K::Amount, 20, "How much BTC did the market pay to the vendor's withdrawal address?".into(), a_amount(AssetId::Btc, u128::from(earned), 10_000),
            hints(&[("Add every payment from the market's wallet to the vendor's address.", 3), (&format!("There are {}.", withdrawals.len()), 3)]),
            format!("{} in {} withdrawals.", btc(earned), withdrawals.len())),
        objective("obj-gathered", K::Address, 15, "Where did the vendor gather the withdrawals?".into(), a_address(cx.addr(gathered)),
            hints(&[("One transaction spends all the withdrawals together.", 3)]),
            format!("`{}`, in the consolidation `{}`.", cx.addr(gathered), cx.hash(cons))),
        objective("obj-exchange", K::Entity, 20, "At which exchange did the peel chain end?".into(), a_entity(&cx.exchanges[cash_x].entity),
            hints(&[("Follow the larger output hop by hop.", 4)]),
            format!("**{x_name}**: the final {} went to a deposit address there.", btc(peel.last.value))),
        objective("obj-deposit", K::Address, 20, "Which deposit address should the request to that exchange quote?".into(), a_address(cx.addr(end)),
            hints(&[("The address paid by the last hop, which the exchange swept later.", 4)]),
            format!("`{}`.", cx.addr(end))),
    ];
    if cx.difficulty == Difficulty::Beginner {
        d.objectives.remove(2);
    }
    d.trail = trail.clone();
    d.key_addresses = vec![dep, market.main(bc), vendor_addr, gathered, end];
    d.end = peel.last.time + 86_400;
    d.debrief = format!("# Debrief: {m_name}\n\n## The trail\n{}\n## What happened\nThe test purchase went into an order address and was swept into the market's wallet `{}`. The market paid the vendor {} in {} withdrawals, each in a batch with another vendor's. The vendor gathered them in `{}` and peeled them off to exchanges; the last {} reached {x_name}.\n\n## Next steps\n1. Production order to {x_name} for `{}`.\n2. Ask the other exchanges about the peel-off deposits.\n3. Share the market's hot wallet with partners: every withdrawal from it is a vendor.\n", trail_table(cx, &trail), cx.addr(market.main(bc)), btc(earned), withdrawals.len(), cx.addr(gathered), btc(peel.last.value), cx.addr(end));
    d
}

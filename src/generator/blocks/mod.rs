//! Building blocks of laundering: each is a function over the ledger under
//! construction that adds the transactions of one well-known move and returns the
//! handles a recipe needs (transactions for the trail, coins or addresses to carry
//! on from, amounts for the texts).
//!
//! - `peel`: peel chains.
//! - `fan`: consolidation, fan-out to many addresses or mules, fan-in.
//! - `coinjoin`: Whirlpool-like equal-output rounds and Wasabi-like rounds with change.
//! - `mixer`: a fixed-denomination pool (Tornado-like) and a custodial Bitcoin mixer.
//! - `swap`: DEX swaps, bridges and instant swap services across chains.
//! - `layering`: structuring below a threshold, dormancy, decoy loops.
//! - `drain`: approve / transferFrom drains split between kit operator and affiliate.

// Each block spells out its parties, amounts and times as plain arguments, so a
// recipe reads like the story it tells; bundling them in structs would hide that.
#![allow(clippy::too_many_arguments)]

pub mod coinjoin;
pub mod drain;
pub mod fan;
pub mod layering;
pub mod mixer;
pub mod peel;
pub mod swap;

#[cfg(test)]
mod tests {
    //! The blocks that no recipe uses yet still keep the ledger sound.
    use super::*;
    use crate::generator::builder::Builder;
    use crate::generator::chain::{AssetId, ChainId};
    use crate::generator::services::Service;
    use crate::scenario::{Category, Role};

    fn builder() -> Builder {
        Builder::new(1, 1_735_689_600, 30)
    }

    #[test]
    fn fans_conserve_value() {
        let mut b = builder();
        let e = b.entity("x", "X", Category::Perpetrator, None, "");
        let a = b.addr(ChainId::Bitcoin, None, &e, Role::Personal);
        let coin = b.prewindow(a, 50_000_000);
        let (tx, outs) = fan::fan_out_utxo(&mut b, coin, 5, &e, 1_735_700_000);
        let fee = b.btc_fee(
            b.tx_time(tx),
            &[coin],
            &outs.iter().map(|c| c.addr).collect::<Vec<_>>(),
        );
        assert_eq!(outs.len(), 5);
        assert_eq!(outs.iter().map(|c| c.value).sum::<u64>() + fee, 50_000_000);
        let tron: Vec<_> = (0..3)
            .map(|_| b.addr(ChainId::Tron, None, &e, Role::Personal))
            .collect();
        let parts: Vec<_> = tron.iter().map(|&t| (t, 1_000_000u128)).collect();
        assert_eq!(
            fan::fan_out_account(
                &mut b,
                tron[0],
                &parts[1..],
                AssetId::UsdtTrc20,
                1_735_700_000,
                600
            )
            .len(),
            2
        );
        assert_eq!(
            fan::fan_in_account(
                &mut b,
                &parts[1..],
                tron[0],
                AssetId::UsdtTrc20,
                1_735_800_000,
                600
            )
            .len(),
            2
        );
        let looped = layering::loop_account(
            &mut b,
            tron[0],
            AssetId::UsdtTrc20,
            900_000,
            &e,
            1_735_900_000,
        );
        let last = b.tx(looped[2]);
        assert_eq!(last.transfers.as_ref().unwrap()[0].to, b.address(tron[0]));
    }

    #[test]
    fn custodial_mixer_links_every_payout() {
        let mut b = builder();
        let e = b.entity("x", "X", Category::Perpetrator, None, "");
        let mut mixer = Service::new(
            &mut b,
            Category::Mixer,
            "Test Mixer",
            None,
            &[ChainId::Bitcoin],
            "",
        );
        let a = b.addr(ChainId::Bitcoin, None, &e, Role::Personal);
        let coin = b.prewindow(a, 100_000_000);
        let run = mixer::custodial(&mut b, &mut mixer, coin, 3, &e, 1_735_700_000, 86_400);
        assert_eq!(run.payouts.len(), 3);
        assert_eq!(b.links.len(), 3);
        let paid: u64 = run.outputs.iter().map(|c| c.value).sum();
        assert!(paid < 100_000_000 * (100 - run.fee_pct + 1) / 100 && paid > 90_000_000);
    }
}

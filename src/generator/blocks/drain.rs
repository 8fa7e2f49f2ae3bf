//! Wallet drainers: the victim signs an `approve` for a malicious spender; the
//! drainer's executor then calls `transferFrom`, pulling the tokens into the drainer
//! contract and, in the same transaction, splitting them between the kit operator
//! (typically about 20 %) and the affiliate who ran the phishing site.

use crate::generator::builder::{AddrId, Builder, TxId};
use crate::generator::chain::AssetId;
use crate::generator::market::Call;
use crate::scenario::Method;

pub struct Drain {
    pub approve: TxId,
    pub drain: TxId,
    pub operator_cut: u128,
    pub affiliate_cut: u128,
}

pub struct DrainParties {
    pub contract: AddrId,
    pub executor: AddrId,
    pub operator: AddrId,
    pub affiliate: AddrId,
    /// The operator's share in percent.
    pub operator_pct: u128,
}

pub fn drain(
    b: &mut Builder,
    victim: AddrId,
    token: AssetId,
    value: u128,
    p: &DrainParties,
    time: i64,
) -> Drain {
    let memo = format!(
        "approve(spender {}, amount unlimited)",
        b.address(p.contract)
    );
    let approve = b.account(
        time,
        victim,
        Method::Approve,
        Call::Approve,
        &[],
        Some(memo),
    );
    let t = b.tx_time(approve) + b.rng.range(12, 240) as i64;
    let operator_cut = value * p.operator_pct / 100;
    let affiliate_cut = value - operator_cut;
    let drain = b.account(
        t,
        p.executor,
        Method::TransferFrom,
        Call::TransferFrom,
        &[
            (victim, p.contract, token, value),
            (p.contract, p.operator, token, operator_cut),
            (p.contract, p.affiliate, token, affiliate_cut),
        ],
        None,
    );
    Drain {
        approve,
        drain,
        operator_cut,
        affiliate_cut,
    }
}

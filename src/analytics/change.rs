//! Change-output heuristics: which output of a UTXO payment went back to the payer.
//!
//! Each heuristic gives a verdict (an output, or none) and a sentence a trainee can
//! check against the amounts. They are opinions, not facts: the reference lists
//! them (`tracing-methods.md`, "Change"); one-time change is Meiklejohn et al.'s
//! (IMC 2013), the others are the common wallet-fingerprint rules.
//!
//! - **One-time change**: exactly one output address appears for the first time in
//!   this transaction, and no output pays an input address: wallets send change to
//!   a fresh address.
//! - **Optimal change**: exactly one output is smaller than the smallest input: had
//!   it been the payment, the wallet would not have needed that input.
//! - **Power of ten**: exactly one output is *not* a round amount (a multiple of
//!   10^(decimals − 2) base units, 0.01 BTC): people pay round sums, change is
//!   what is left.
//! - **Address type**: all inputs share one address type and exactly one output
//!   has that type: a wallet's change uses its own script type.
//! - **Address reuse**: exactly one output pays an address that is also an input
//!   (self-change).

use crate::address::{check_address, AddressFormat, AddressKind};
use crate::amount::{format_units_grouped, Amount};
use crate::analytics::index::{AddrId, Index, TxId, NONE};
use crate::scenario::Scenario;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Heuristic {
    OneTimeChange,
    OptimalChange,
    PowerOfTen,
    AddressType,
    AddressReuse,
}

impl Heuristic {
    pub const ALL: [Heuristic; 5] = [
        Heuristic::OneTimeChange,
        Heuristic::OptimalChange,
        Heuristic::PowerOfTen,
        Heuristic::AddressType,
        Heuristic::AddressReuse,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Heuristic::OneTimeChange => "one_time_change",
            Heuristic::OptimalChange => "optimal_change",
            Heuristic::PowerOfTen => "power_of_ten",
            Heuristic::AddressType => "address_type",
            Heuristic::AddressReuse => "address_reuse",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Heuristic::OneTimeChange => "One-time change",
            Heuristic::OptimalChange => "Optimal change",
            Heuristic::PowerOfTen => "Power of ten",
            Heuristic::AddressType => "Address type",
            Heuristic::AddressReuse => "Address reuse",
        }
    }
}

/// One heuristic's opinion on one transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeVerdict {
    pub heuristic: Heuristic,
    /// The output (`vout`) the heuristic takes for change, if it decides.
    pub change: Option<u32>,
    pub reason: String,
}

/// The inputs and outputs of a transaction, as the heuristics see them.
struct View<'a> {
    ix: &'a Index,
    case: &'a Scenario,
    tx: TxId,
    inputs: Vec<(AddrId, u128)>,
    outputs: Vec<(AddrId, u128)>,
    decimals: u8,
    symbol: String,
}

impl View<'_> {
    fn amount(&self, v: u128) -> String {
        format!(
            "{} {}",
            format_units_grouped(Amount(v), self.decimals),
            self.symbol
        )
        .trim_end()
        .to_string()
    }

    fn kind(&self, a: AddrId) -> Option<AddressKind> {
        let chain = self.ix.tx_chain(self.tx)?;
        let format = AddressFormat::for_chain_id(&chain.id)?;
        check_address(format, self.ix.address_str(self.case, a)).ok()
    }

    fn is_input(&self, a: AddrId) -> bool {
        self.inputs.iter().any(|i| i.0 == a)
    }

    /// The one output (vout) meeting `pred`, or how many did.
    fn single(&self, pred: impl Fn(usize, &(AddrId, u128)) -> bool) -> Result<u32, usize> {
        let hits: Vec<usize> = self
            .outputs
            .iter()
            .enumerate()
            .filter(|(i, o)| pred(*i, o))
            .map(|(i, _)| i)
            .collect();
        match hits.as_slice() {
            [one] => Ok(*one as u32),
            _ => Err(hits.len()),
        }
    }
}

/// Every change heuristic's verdict on a transaction.
pub fn change_verdicts(ix: &Index, case: &Scenario, tx: TxId) -> Vec<ChangeVerdict> {
    let none = |h: Heuristic, why: &str| ChangeVerdict {
        heuristic: h,
        change: None,
        reason: why.to_string(),
    };
    if !ix.is_utxo(tx) {
        return Heuristic::ALL
            .iter()
            .map(|&h| {
                none(
                    h,
                    "Not a UTXO transaction: an account payment has no change output.",
                )
            })
            .collect();
    }
    if ix.is_coinbase(tx) {
        return Heuristic::ALL
            .iter()
            .map(|&h| {
                none(
                    h,
                    "A coinbase (newly mined coins) has no payer, so no change.",
                )
            })
            .collect();
    }
    let (decimals, symbol) = ix
        .native_asset(tx)
        .and_then(|a| ix.asset(a))
        .map_or((0, String::new()), |a| (a.decimals, a.symbol.clone()));
    let v = View {
        ix,
        case,
        tx,
        inputs: ix
            .inputs(tx)
            .iter()
            .filter(|&&c| c != NONE)
            .map(|&c| (ix.coin_address(c), ix.coin_value(c).0))
            .collect(),
        outputs: ix
            .outputs(tx)
            .map(|c| (ix.coin_address(c), ix.coin_value(c).0))
            .collect(),
        decimals,
        symbol,
    };
    if v.outputs.len() < 2 {
        return Heuristic::ALL
            .iter()
            .map(|&h| {
                none(
                    h,
                    "Only one output: it pays everything, there is no change to tell apart.",
                )
            })
            .collect();
    }
    vec![
        one_time_change(&v),
        optimal_change(&v),
        power_of_ten(&v),
        address_type(&v),
        address_reuse(&v),
    ]
}

fn verdict(h: Heuristic, change: Option<u32>, reason: String) -> ChangeVerdict {
    ChangeVerdict {
        heuristic: h,
        change,
        reason,
    }
}

fn one_time_change(v: &View) -> ChangeVerdict {
    let h = Heuristic::OneTimeChange;
    if v.outputs.iter().any(|o| v.is_input(o.0)) {
        return verdict(
            h,
            None,
            "An output pays an input address back (self-change), so this rule does not apply."
                .into(),
        );
    }
    let first_seen = |a: AddrId| {
        v.ix.events(a)
            .next()
            .is_some_and(|e| v.ix.event_tx(e) == v.tx)
    };
    let mut new_addrs: Vec<AddrId> = v
        .outputs
        .iter()
        .map(|o| o.0)
        .filter(|&a| first_seen(a))
        .collect();
    crate::sort::sort_unstable(&mut new_addrs);
    new_addrs.dedup();
    match (new_addrs.as_slice(), v.single(|_, o| first_seen(o.0))) {
        ([_], Ok(i)) => verdict(
            h,
            Some(i),
            format!(
                "Output {i} ({}) goes to the only address that has never been seen before; wallets send change to a fresh address, so it is probably the change.",
                v.amount(v.outputs[i as usize].1)
            ),
        ),
        ([], _) => verdict(h, None, "Every output address has been used before, so no output stands out as a fresh change address.".into()),
        _ => verdict(h, None, format!("{} output addresses are new, so the rule cannot tell which one is the change.", new_addrs.len())),
    }
}

fn optimal_change(v: &View) -> ChangeVerdict {
    let h = Heuristic::OptimalChange;
    let Some(smallest) = v.inputs.iter().map(|i| i.1).min() else {
        return verdict(h, None, "The inputs are unknown.".into());
    };
    match v.single(|_, o| o.1 < smallest) {
        Ok(i) => verdict(
            h,
            Some(i),
            format!(
                "Output {i} ({}) is smaller than the smallest input ({}): if it were the payment, the wallet would not have needed that input, so it is probably the change.",
                v.amount(v.outputs[i as usize].1),
                v.amount(smallest)
            ),
        ),
        Err(0) => verdict(h, None, format!("No output is smaller than the smallest input ({}).", v.amount(smallest))),
        Err(n) => verdict(h, None, format!("{n} outputs are smaller than the smallest input, so the rule cannot choose.")),
    }
}

fn power_of_ten(v: &View) -> ChangeVerdict {
    let h = Heuristic::PowerOfTen;
    // An asset of more than 40 decimals has no round amounts worth the name.
    let Some(unit) = 10u128.checked_pow(u32::from(v.decimals.saturating_sub(2))) else {
        return verdict(
            h,
            None,
            "The asset has too many decimals for round amounts.".to_string(),
        );
    };
    let round = |x: u128| x > 0 && x.is_multiple_of(unit);
    let n_round = v.outputs.iter().filter(|o| round(o.1)).count();
    match v.single(|_, o| !round(o.1)) {
        Ok(i) if n_round > 0 => verdict(
            h,
            Some(i),
            format!(
                "Output {i} ({}) is the only amount that is not a round multiple of {}; people pay round sums, so it is probably the change.",
                v.amount(v.outputs[i as usize].1),
                v.amount(unit)
            ),
        ),
        _ if n_round == 0 => verdict(h, None, format!("No output is a round amount (a multiple of {}).", v.amount(unit))),
        _ => verdict(h, None, "More than one output is not round (or all are), so the rule cannot choose.".into()),
    }
}

fn address_type(v: &View) -> ChangeVerdict {
    let h = Heuristic::AddressType;
    let kinds: Vec<Option<AddressKind>> = v.inputs.iter().map(|i| v.kind(i.0)).collect();
    let Some(Some(k)) = kinds.first().copied() else {
        return verdict(
            h,
            None,
            "The input address type is unknown on this chain.".into(),
        );
    };
    if kinds.iter().any(|&x| x != Some(k)) {
        return verdict(
            h,
            None,
            "The inputs mix address types, so there is no single wallet type to match.".into(),
        );
    }
    let same = v.outputs.iter().filter(|o| v.kind(o.0) == Some(k)).count();
    match v.single(|_, o| v.kind(o.0) == Some(k)) {
        Ok(i) => verdict(
            h,
            Some(i),
            format!(
                "All inputs are {}; output {i} is the only output of that type, and a wallet's change keeps its own type, so it is probably the change.",
                k.describe()
            ),
        ),
        Err(_) if same == v.outputs.len() => verdict(h, None, format!("Every output is {} like the inputs, so the type tells nothing.", k.describe())),
        Err(_) if same == 0 => verdict(h, None, format!("No output is {} like the inputs.", k.describe())),
        Err(n) => verdict(h, None, format!("{n} outputs share the inputs' type ({}), so the rule cannot choose.", k.describe())),
    }
}

fn address_reuse(v: &View) -> ChangeVerdict {
    let h = Heuristic::AddressReuse;
    match v.single(|_, o| v.is_input(o.0)) {
        Ok(i) => verdict(
            h,
            Some(i),
            format!(
                "Output {i} ({}) pays back to an address that is also an input: that is the payer's own change.",
                v.amount(v.outputs[i as usize].1)
            ),
        ),
        Err(0) => verdict(h, None, "No output pays an input address.".into()),
        Err(n) => verdict(h, None, format!("{n} outputs pay input addresses, so the rule cannot choose.")),
    }
}

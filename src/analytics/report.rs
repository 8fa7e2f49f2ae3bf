//! The analytics tools' reports: one per tool, as a trainer or the app asks for it.
//!
//! Each report starts from what a user typed (ids and addresses as text, a method
//! name), resolves it against one case and its [`Index`] with a [`Lookup`], runs the
//! tool and keeps its result; `json()` gives the document that `tracelab <tool>
//! --json` prints and the lab worker (`crate::lab`) replies, so the command line
//! and the app can never disagree. The command line writes its human output from
//! the same report. The free functions ([`taint`], [`path`], [`trace`],
//! [`cluster`], [`heuristics`], [`legs`]) do both steps at once.
//!
//! Amounts are strings of base units, as in the case format; times are RFC 3339.

use serde_json::{json, Value};

use crate::amount::{format_units_grouped, Amount};
use crate::analytics::change::{change_verdicts, ChangeVerdict};
use crate::analytics::cluster::{cluster as find_clusters, Clusters};
use crate::analytics::coinjoin::{coinjoin_verdict, CoinJoinRule, CoinJoinRules, CoinJoinVerdict};
use crate::analytics::legs::{
    describe, match_leg, payments, LegMatch, LegParams, Payment, RateUsed,
};
use crate::analytics::path::{find_path, FoundPath, HopItem, PathParams};
use crate::analytics::peel::{peel_chain, peel_verdict, PeelVerdict};
use crate::analytics::synth::rfc3339;
use crate::analytics::taint::{self as taint_run, Method, Source, Taint, TaintError};
use crate::analytics::trace::{auto_trace, MinAmount, Trace as AutoTrace, TraceParams};
use crate::analytics::{AddrId, AssetId, Index, TxId};
use crate::scenario::{Category, Scenario};

/// Why a report cannot be made: input that names nothing in the case, or a tool's
/// own refusal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    #[error("no address {0:?} in this case")]
    NoAddress(String),
    #[error("no transaction {0:?} in this case")]
    NoTransaction(String),
    #[error("unknown method {0:?}")]
    UnknownMethod(String),
    #[error(
        "{0:?} is neither an address, a transaction id nor an output (txid:vout) of this case"
    )]
    NoSource(String),
    #[error("no asset {0:?} in this case")]
    NoAsset(String),
    #[error("transaction {0:?} pays nothing that can be matched")]
    NothingPaid(String),
    #[error("the minimum amount {0:?} is not an amount: {1}")]
    BadMinimum(String, crate::amount::AmountError),
    #[error(transparent)]
    Taint(#[from] TaintError),
}

/// A case and its index: resolves the text a user types to the index's ids and
/// writes ids and amounts back as the case spells them.
#[derive(Clone, Copy)]
pub struct Lookup<'a> {
    pub case: &'a Scenario,
    pub ix: &'a Index,
}

impl<'a> Lookup<'a> {
    pub fn new(case: &'a Scenario, ix: &'a Index) -> Self {
        Lookup { case, ix }
    }

    pub fn address(&self, text: &str) -> Result<AddrId, ReportError> {
        self.ix
            .find_address(self.case, text)
            .ok_or_else(|| ReportError::NoAddress(text.to_string()))
    }

    pub fn tx(&self, text: &str) -> Result<TxId, ReportError> {
        self.ix
            .find_tx(self.case, text)
            .ok_or_else(|| ReportError::NoTransaction(text.to_string()))
    }

    pub fn method(&self, text: &str) -> Result<Method, ReportError> {
        Method::parse(text).ok_or_else(|| ReportError::UnknownMethod(text.to_string()))
    }

    pub fn asset(&self, text: &str) -> Result<AssetId, ReportError> {
        self.ix
            .asset_id(text)
            .ok_or_else(|| ReportError::NoAsset(text.to_string()))
    }

    pub fn addr_str(&self, a: AddrId) -> &'a str {
        self.ix.address_str(self.case, a)
    }

    pub fn tx_str(&self, t: TxId) -> &'a str {
        self.ix.tx_str(self.case, t)
    }

    /// The asset's id, or `""` when unknown.
    pub fn asset_name(&self, asset: Option<AssetId>) -> String {
        asset
            .and_then(|a| self.ix.asset(a))
            .map_or_else(String::new, |a| a.id.clone())
    }

    /// `1,234.5 BTC`, or base units when the asset is unknown.
    pub fn fmt(&self, asset: Option<AssetId>, value: Amount) -> String {
        match asset.and_then(|a| self.ix.asset(a)) {
            Some(a) => format!("{} {}", format_units_grouped(value, a.decimals), a.symbol),
            None => format!("{value} base units"),
        }
    }

    /// A payment's place in its transaction: `("output", vout)` or `("transfer",
    /// position)`.
    pub fn item(&self, tx: TxId, item: HopItem) -> (&'static str, u32) {
        match item {
            HopItem::Output(c) => ("output", c - self.ix.outputs(tx).start),
            HopItem::Transfer(x) => ("transfer", x - self.ix.transfers(tx).start),
        }
    }
}

/// `tracelab taint`: how much of a source's value reached each address, output and
/// transfer.
pub struct TaintReport<'a> {
    pub k: Lookup<'a>,
    pub method: Method,
    /// `address`, `transaction` or `output`.
    pub kind: &'static str,
    /// The source as typed.
    pub from: String,
    pub result: Taint,
}

impl<'a> TaintReport<'a> {
    /// `from` is an output (`txid:vout`), a transaction id or an address; `asset`
    /// chooses the asset when the source moves several.
    pub fn run(
        k: Lookup<'a>,
        method: &str,
        from: &str,
        asset: Option<&str>,
    ) -> Result<Self, ReportError> {
        let method = k.method(method)?;
        let (source, kind) = if let Some(c) = k.ix.find_output(k.case, from) {
            (Source::Output(c), "output")
        } else if let Some(t) = k.ix.find_tx(k.case, from) {
            (Source::Tx(t), "transaction")
        } else if let Some(a) = k.ix.find_address(k.case, from) {
            (Source::Address(a), "address")
        } else {
            return Err(ReportError::NoSource(from.to_string()));
        };
        let asset = asset.map(|name| k.asset(name)).transpose()?;
        let result = taint_run::run(k.ix, source, method, asset)?;
        Ok(TaintReport {
            k,
            method,
            kind,
            from: from.to_string(),
            result,
        })
    }

    pub fn json(&self) -> Value {
        let (k, r) = (&self.k, &self.result);
        // Keys sorted by the map; inserted one by one, as `collect` would compile a
        // slice sort into the lab worker.
        let mut per_address = serde_json::Map::new();
        for (a, v) in r.per_address() {
            per_address.insert(k.addr_str(a).to_string(), Value::String(v.to_string()));
        }
        json!({
            "method": self.method.as_str(),
            "source": {"kind": self.kind, "id": self.from},
            "asset": k.asset_name(r.asset),
            "seeded": r.seeded.to_string(),
            "held": r.held.to_string(),
            "fees_total": r.total_fees().to_string(),
            "per_address": per_address,
            "outputs": r.outputs(k.ix).iter().map(|o| json!({
                "tx": k.tx_str(o.tx), "vout": o.vout, "address": k.addr_str(o.address),
                "value": o.value.to_string(), "tainted": o.tainted.to_string(),
            })).collect::<Vec<_>>(),
            "transfers": r.transfers(k.ix).iter().map(|x| json!({
                "tx": k.tx_str(x.tx), "index": x.xfer - k.ix.transfers(x.tx).start,
                "from": k.addr_str(x.from), "to": k.addr_str(x.to),
                "value": x.value.to_string(), "tainted": x.tainted.to_string(),
            })).collect::<Vec<_>>(),
            "fees": r.fees().iter().map(|(t, v)| json!({"tx": k.tx_str(*t), "tainted": v.to_string()})).collect::<Vec<_>>(),
        })
    }
}

/// `tracelab path`: a time-respecting path of payments between two addresses.
pub struct PathReport<'a> {
    pub k: Lookup<'a>,
    pub from: String,
    pub to: String,
    pub found: Option<FoundPath>,
}

impl<'a> PathReport<'a> {
    pub fn run(
        k: Lookup<'a>,
        from: &str,
        to: &str,
        max_hops: usize,
        through_services: bool,
    ) -> Result<Self, ReportError> {
        let (a, b) = (k.address(from)?, k.address(to)?);
        let params = PathParams {
            max_hops,
            through_services,
            ..PathParams::default()
        };
        Ok(PathReport {
            k,
            from: from.to_string(),
            to: to.to_string(),
            found: find_path(k.ix, a, b, &params),
        })
    }

    pub fn json(&self) -> Value {
        let k = &self.k;
        json!({
            "from": self.from,
            "to": self.to,
            "found": self.found.is_some(),
            "hops": self.found.iter().flat_map(|p| &p.hops).map(|h| json!({
                "tx": k.tx_str(h.tx), "from": k.addr_str(h.from), "to": k.addr_str(h.to),
                "value": h.value.to_string(), "asset": k.asset_name(h.asset),
                "time": rfc3339(k.ix.tx_time(h.tx)),
            })).collect::<Vec<_>>(),
            "bottleneck": self.found.as_ref().and_then(|p| p.bottleneck).map(|v| v.to_string()),
        })
    }
}

/// `tracelab trace`: auto-trace from an address along the largest (or, with a taint
/// method, the most tainted) outflow.
pub struct TraceReport<'a> {
    pub k: Lookup<'a>,
    pub from: String,
    /// Whether the most tainted outflow was followed (a method was given).
    pub by_taint: bool,
    /// The minimum amount as typed, if one was given.
    pub min: Option<String>,
    pub trace: AutoTrace,
}

impl<'a> TraceReport<'a> {
    pub fn run(
        k: Lookup<'a>,
        from: &str,
        hops: usize,
        method: Option<&str>,
        min: Option<&str>,
    ) -> Result<Self, ReportError> {
        let a = k.address(from)?;
        let min_amount = min
            .map(|m| MinAmount::parse(m).map_err(|e| ReportError::BadMinimum(m.to_string(), e)))
            .transpose()?;
        let taint = match method {
            None => None,
            Some(m) => Some(taint_run::run(
                k.ix,
                Source::Address(a),
                k.method(m)?,
                None,
            )?),
        };
        let params = TraceParams {
            max_hops: hops,
            min: min_amount,
        };
        Ok(TraceReport {
            k,
            from: from.to_string(),
            by_taint: taint.is_some(),
            min: min.map(String::from),
            trace: auto_trace(k.ix, a, &params, taint.as_ref()),
        })
    }

    pub fn json(&self) -> Value {
        let k = &self.k;
        let mut doc = json!({
            "from": self.from,
            "steps": self.trace.steps.iter().map(|s| json!({
                "tx": k.tx_str(s.hop.tx), "from": k.addr_str(s.hop.from), "to": k.addr_str(s.hop.to),
                "value": s.hop.value.to_string(), "asset": k.asset_name(s.hop.asset),
                "tainted": s.tainted.map(|t| t.to_string()),
            })).collect::<Vec<_>>(),
            "stop": self.trace.stop.as_str(),
            "reason": self.trace.stop.describe(),
        });
        // Only when given, so the documents of traces without one stay as they were.
        if let Some(min) = &self.min {
            doc["min"] = json!(min);
        }
        doc
    }
}

/// `tracelab cluster`: addresses that spent together, CoinJoins skipped.
pub struct ClusterReport<'a> {
    pub k: Lookup<'a>,
    pub clusters: Clusters,
    /// The clusters of two or more addresses.
    pub groups: Vec<Vec<AddrId>>,
}

impl<'a> ClusterReport<'a> {
    pub fn run(k: Lookup<'a>) -> Self {
        let clusters = clusters(k.ix);
        let groups = clusters.groups();
        ClusterReport {
            k,
            clusters,
            groups,
        }
    }

    pub fn json(&self) -> Value {
        let k = &self.k;
        json!({
            "clusters": self.groups.iter().map(|g| g.iter().map(|&a| k.addr_str(a)).collect::<Vec<_>>()).collect::<Vec<_>>(),
            "coinjoins_skipped": self.clusters.coinjoins_skipped.iter().map(|&t| k.tx_str(t)).collect::<Vec<_>>(),
            "merging_transactions": self.clusters.merging_txs,
        })
    }
}

/// `tracelab heuristics`: change, CoinJoin and peel-chain verdicts on one
/// transaction.
pub struct HeuristicsReport<'a> {
    pub k: Lookup<'a>,
    /// The transaction as typed.
    pub tx: String,
    pub t: TxId,
    pub change: Vec<ChangeVerdict>,
    pub coinjoin: CoinJoinVerdict,
    pub peel: PeelVerdict,
    pub chain: Vec<TxId>,
}

impl<'a> HeuristicsReport<'a> {
    pub fn run(k: Lookup<'a>, tx: &str) -> Result<Self, ReportError> {
        let t = k.tx(tx)?;
        Ok(HeuristicsReport {
            k,
            tx: tx.to_string(),
            t,
            change: change_verdicts(k.ix, k.case, t),
            coinjoin: coinjoin_verdict(k.ix, t, &CoinJoinRules::default()),
            peel: peel_verdict(k.ix, t),
            chain: peel_chain(k.ix, t),
        })
    }

    /// The address output `vout` of the transaction pays.
    pub fn out_addr(&self, vout: u32) -> &'a str {
        let outs = self.k.ix.outputs(self.t);
        self.k.addr_str(self.k.ix.coin_address(outs.start + vout))
    }

    pub fn json(&self) -> Value {
        let k = &self.k;
        let (cj, peel) = (&self.coinjoin, &self.peel);
        json!({
            "tx": self.tx,
            "change": self.change.iter().map(|v| json!({
                "heuristic": v.heuristic.as_str(),
                "change": v.change,
                "address": v.change.map(|o| self.out_addr(o)),
                "reason": v.reason,
            })).collect::<Vec<_>>(),
            "coinjoin": {
                "coinjoin": cj.is_coinjoin(),
                "rule": cj.rule.map(|r| match r { CoinJoinRule::BlockSci => "blocksci", CoinJoinRule::EqualOutputRound => "equal_output_round" }),
                "reason": cj.reason,
            },
            "peel": {
                "peel": peel.is_peel,
                "parent": peel.parent.map(|p| k.tx_str(p)),
                "children": peel.children.iter().map(|&c| k.tx_str(c)).collect::<Vec<_>>(),
                "chain": self.chain.iter().map(|&c| k.tx_str(c)).collect::<Vec<_>>(),
                "reason": peel.reason,
            },
        })
    }
}

/// The services whose pay-ins come out again on another chain or as another asset.
const LEG_SERVICES: [Category; 4] = [
    Category::Bridge,
    Category::SwapService,
    Category::Dex,
    Category::Mixer,
];

/// `tracelab legs`: the pay-outs that may be the other leg of a transaction's
/// pay-in to a bridge, swap service, DEX or mixer.
pub struct LegsReport<'a> {
    pub k: Lookup<'a>,
    /// The transaction as typed.
    pub tx: String,
    /// The payment matched: the first one to a labelled bridge, swap service, DEX
    /// or mixer, otherwise the largest.
    pub pay_in: Payment,
    pub params: LegParams,
    /// Best first.
    pub matches: Vec<LegMatch>,
}

impl<'a> LegsReport<'a> {
    pub fn run(k: Lookup<'a>, tx: &str) -> Result<Self, ReportError> {
        let t = k.tx(tx)?;
        let ix = k.ix;
        let pays = payments(ix, t);
        let to_service = pays
            .iter()
            .find(|p| ix.category(p.to).is_some_and(|c| LEG_SERVICES.contains(&c)));
        // The largest payment, the first of equals.
        let largest = pays.iter().rev().max_by_key(|p| p.value);
        let pay_in = *to_service
            .or(largest)
            .filter(|p| p.value.0 > 0)
            .ok_or_else(|| ReportError::NothingPaid(tx.to_string()))?;
        let params = LegParams::default();
        let matches = match_leg(ix, &pay_in, &params);
        Ok(LegsReport {
            k,
            tx: tx.to_string(),
            pay_in,
            params,
            matches,
        })
    }

    fn payment(&self, p: &Payment) -> Value {
        let k = &self.k;
        let (kind, index) = k.item(p.tx, p.item);
        json!({
            "tx": k.tx_str(p.tx),
            "kind": kind,
            "index": index,
            "to": k.addr_str(p.to),
            "value": p.value.to_string(),
            "asset": k.asset_name(p.asset),
        })
    }

    pub fn json(&self) -> Value {
        let k = &self.k;
        json!({
            "tx": self.tx,
            "pay_in": self.payment(&self.pay_in),
            "window_secs": self.params.window_secs,
            "max_fee_bps": self.params.max_fee_bps,
            "candidates": self.matches.iter().map(|m| {
                let mut c = self.payment(&m.pay_out);
                c["time"] = json!(rfc3339(k.ix.tx_time(m.pay_out.tx)));
                c["delay_secs"] = json!(m.delay_secs);
                c["paid_by_service"] = json!(m.by_service.map(Category::as_str));
                c["rate"] = json!(rate_name(m.rate));
                c["implied_rate"] = json!({"num": m.implied.0.to_string(), "den": m.implied.1.to_string()});
                c["expected"] = json!(m.expected.map(|v| v.to_string()));
                c["fee"] = json!(m.fee.map(|v| v.to_string()));
                c["why"] = json!(describe(k.ix, m));
                c
            }).collect::<Vec<_>>(),
        })
    }
}

/// How a match's rate was obtained: `given`, `same_asset` or `derived`.
pub fn rate_name(rate: RateUsed) -> &'static str {
    match rate {
        RateUsed::Given(_) => "given",
        RateUsed::SameAsset => "same_asset",
        RateUsed::Derived => "derived",
    }
}

/// `tracelab taint --json`.
pub fn taint(
    case: &Scenario,
    ix: &Index,
    method: &str,
    from: &str,
    asset: Option<&str>,
) -> Result<Value, ReportError> {
    Ok(TaintReport::run(Lookup::new(case, ix), method, from, asset)?.json())
}

/// `tracelab path --json`.
pub fn path(
    case: &Scenario,
    ix: &Index,
    from: &str,
    to: &str,
    max_hops: usize,
    through_services: bool,
) -> Result<Value, ReportError> {
    Ok(PathReport::run(Lookup::new(case, ix), from, to, max_hops, through_services)?.json())
}

/// `tracelab trace --json`.
pub fn trace(
    case: &Scenario,
    ix: &Index,
    from: &str,
    hops: usize,
    method: Option<&str>,
    min: Option<&str>,
) -> Result<Value, ReportError> {
    Ok(TraceReport::run(Lookup::new(case, ix), from, hops, method, min)?.json())
}

/// `tracelab cluster --json`.
pub fn cluster(case: &Scenario, ix: &Index) -> Value {
    ClusterReport::run(Lookup::new(case, ix)).json()
}

/// The cluster one address belongs to (common-input ownership, CoinJoins
/// skipped): `{address, members}`, the members in index order, the address alone
/// when it shares an owner with nobody. What the app's Tools tab asks for, so it
/// never receives every cluster of a big case. `clusters` is [`clusters`]' result,
/// which the lab worker keeps for the open case.
pub fn cluster_of(
    case: &Scenario,
    ix: &Index,
    clusters: &Clusters,
    address: &str,
) -> Result<Value, ReportError> {
    let k = Lookup::new(case, ix);
    let a = k.address(address)?;
    let rep = clusters.cluster_of(a);
    let members: Vec<&str> = (0..ix.address_count() as AddrId)
        .filter(|&m| clusters.cluster_of(m) == rep)
        .map(|m| k.addr_str(m))
        .collect();
    Ok(json!({ "address": k.addr_str(a), "members": members }))
}

/// The case's clusters by the rules `tracelab cluster` uses.
pub fn clusters(ix: &Index) -> Clusters {
    find_clusters(ix, &CoinJoinRules::default())
}

/// `tracelab heuristics --json`.
pub fn heuristics(case: &Scenario, ix: &Index, tx: &str) -> Result<Value, ReportError> {
    Ok(HeuristicsReport::run(Lookup::new(case, ix), tx)?.json())
}

/// `tracelab legs --json`.
pub fn legs(case: &Scenario, ix: &Index, tx: &str) -> Result<Value, ReportError> {
    Ok(LegsReport::run(Lookup::new(case, ix), tx)?.json())
}

//! Shared plumbing for the analytics subcommands (`taint`, `cluster`,
//! `heuristics`, `path`, `trace`): loading a case with its index, resolving the
//! ids a user types, formatting amounts.

use std::path::Path;
use std::process::ExitCode;

use crate::amount::{format_units_grouped, Amount};
use crate::analytics::{AddrId, AssetId, Index, TxId};
use crate::scenario::Scenario;

/// A valid case and its analytics index.
pub struct Loaded {
    pub case: Scenario,
    pub ix: Index,
}

pub fn load(file: &Path) -> Result<Loaded, ExitCode> {
    let case = super::load_case(file)?;
    let ix = Index::new(&case);
    Ok(Loaded { case, ix })
}

/// Reports invalid input (exit code 1).
pub fn invalid(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(1)
}

impl Loaded {
    pub fn address(&self, text: &str) -> Result<AddrId, ExitCode> {
        self.ix
            .find_address(&self.case, text)
            .ok_or_else(|| invalid(format!("no address {text:?} in this case")))
    }

    pub fn tx(&self, text: &str) -> Result<TxId, ExitCode> {
        self.ix
            .find_tx(&self.case, text)
            .ok_or_else(|| invalid(format!("no transaction {text:?} in this case")))
    }

    pub fn addr_str(&self, a: AddrId) -> &str {
        self.ix.address_str(&self.case, a)
    }

    pub fn tx_str(&self, t: TxId) -> &str {
        self.ix.tx_str(&self.case, t)
    }

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
}

pub fn print_json(doc: &serde_json::Value) {
    println!("{}", serde_json::to_string_pretty(doc).unwrap_or_default());
}

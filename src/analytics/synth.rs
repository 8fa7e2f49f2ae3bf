//! Small case builders for tests, benchmarks and examples.
//!
//! [`CaseBuilder`] writes a [`Scenario`] transaction by transaction (ids, times and
//! blocks are filled in deterministically), so a test states only the money
//! movements it is about. [`synthetic_utxo`] grows a large seeded UTXO ledger for
//! benchmarks. Neither checks address syntax: the analytics index does not need
//! it, and the validator is not the subject of these cases.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::amount::Amount;
use crate::scenario::{
    AddressEntry, Asset, Category, Chain, ChainModel, Confidence, Difficulty, Input, Label,
    Method as TxMethod, Output, Scenario, Solution, Start, Transaction, Transfer,
};
use crate::time::UnixTime;

/// A UTXO input for [`CaseBuilder::utxo_tx`].
#[derive(Clone, Debug)]
pub enum In {
    /// Spends output `vout` of the transaction with this id.
    Spend(String, u32),
    /// A coin from before the case window.
    Coin(String, u128),
}

/// Builds a case programmatically. Times start at 2025-01-01T00:00:00Z and advance
/// by `step` seconds per transaction; blocks by one.
pub struct CaseBuilder {
    case: Scenario,
    time: UnixTime,
    step: i64,
    block: u64,
}

/// RFC 3339 for a Unix time.
pub fn rfc3339(time: UnixTime) -> String {
    crate::time::format_utc(time)
        .replacen(' ', "T", 1)
        .replace(" UTC", "Z")
}

impl CaseBuilder {
    /// An empty case with no chains.
    pub fn empty() -> CaseBuilder {
        CaseBuilder {
            case: Scenario {
                schema: None,
                schema_version: 1,
                id: "synthetic".into(),
                version: "1.0.0".into(),
                title: "Synthetic case".into(),
                summary: "Built by analytics::synth".into(),
                language: "en".into(),
                difficulty: Difficulty::Beginner,
                estimated_minutes: 1,
                typologies: Vec::new(),
                authors: Vec::new(),
                briefing: String::new(),
                debrief: String::new(),
                chains: Vec::new(),
                assets: Vec::new(),
                entities: Vec::new(),
                addresses: Vec::new(),
                opening_balances: Vec::new(),
                transactions: Vec::new(),
                links: Vec::new(),
                start: Start {
                    addresses: Vec::new(),
                    transactions: Vec::new(),
                    note: String::new(),
                },
                objectives: Vec::new(),
                requests: Vec::new(),
                tools: None,
                solution: Solution {
                    trail: Vec::new(),
                    key_addresses: Vec::new(),
                },
                grading: None,
                generator: None,
                investigation: None,
            },
            time: 1_735_689_600,
            step: 600,
            block: 100,
        }
    }

    /// A case with the `bitcoin` chain (UTXO) and its asset `BTC` (8 decimals).
    pub fn bitcoin() -> CaseBuilder {
        let mut b = CaseBuilder::empty();
        b.chain("bitcoin", ChainModel::Utxo)
            .asset("BTC", "bitcoin", 8, None);
        b
    }

    /// A case with the `ethereum` chain (accounts) and `ETH` (18 decimals).
    pub fn ethereum() -> CaseBuilder {
        let mut b = CaseBuilder::empty();
        b.chain("ethereum", ChainModel::Account)
            .asset("ETH", "ethereum", 18, None);
        b.step = 12;
        b
    }

    pub fn chain(&mut self, id: &str, model: ChainModel) -> &mut Self {
        self.case.chains.push(Chain {
            id: id.into(),
            model,
            name: id.into(),
            address_format: None,
        });
        self
    }

    pub fn asset(
        &mut self,
        id: &str,
        chain: &str,
        decimals: u8,
        contract: Option<&str>,
    ) -> &mut Self {
        self.case.assets.push(Asset {
            id: id.into(),
            chain: chain.into(),
            decimals,
            symbol: id.split('-').next().unwrap_or(id).into(),
            contract: contract.map(Into::into),
        });
        self
    }

    /// Seconds between consecutive transactions.
    pub fn step(&mut self, seconds: i64) -> &mut Self {
        self.step = seconds;
        self
    }

    /// Lists an address (once) on a chain.
    pub fn address(&mut self, address: &str, chain: &str) -> &mut Self {
        if !self.case.addresses.iter().any(|a| a.address == address) {
            self.case.addresses.push(AddressEntry {
                address: address.into(),
                chain: chain.into(),
                owner: None,
                role: None,
                label: None,
            });
        }
        self
    }

    /// Gives an address an attribution label of this category.
    pub fn label(&mut self, address: &str, category: Category) -> &mut Self {
        let chain = self
            .case
            .chains
            .first()
            .map_or(String::new(), |c| c.id.clone());
        self.address(address, &chain);
        if let Some(a) = self
            .case
            .addresses
            .iter_mut()
            .find(|a| a.address == address)
        {
            a.label = Some(Label {
                text: format!("{} (label)", category.display()),
                category,
                source: "synthetic".into(),
                confidence: Confidence::High,
            });
        }
        self
    }

    pub fn opening_balance(&mut self, address: &str, asset: &str, value: u128) -> &mut Self {
        self.case.opening_balances.push(crate::scenario::Balance {
            address: address.into(),
            asset: asset.into(),
            value: Amount(value),
        });
        self
    }

    fn next_header(&mut self, chain: &str, hex_prefix: bool) -> Transaction {
        let n = self.case.transactions.len() as u64 + 1;
        let id = if hex_prefix {
            format!("0x{n:064x}")
        } else {
            format!("{n:064x}")
        };
        let t = Transaction {
            id,
            chain: chain.into(),
            time: rfc3339(self.time),
            block: self.block,
            memo: None,
            coinbase: false,
            inputs: None,
            outputs: None,
            sender: None,
            fee: None,
            method: None,
            transfers: None,
        };
        self.time += self.step;
        self.block += 1;
        t
    }

    /// Adds a UTXO transaction on the first chain; returns its id.
    pub fn utxo_tx(&mut self, inputs: &[In], outputs: &[(&str, u128)]) -> String {
        let chain = self
            .case
            .chains
            .first()
            .map_or(String::new(), |c| c.id.clone());
        let mut t = self.next_header(&chain, false);
        t.inputs = Some(
            inputs
                .iter()
                .map(|i| match i {
                    In::Spend(tx, vout) => Input {
                        tx: Some(tx.clone()),
                        vout: Some(*vout),
                        address: None,
                        value: None,
                    },
                    In::Coin(address, value) => Input {
                        tx: None,
                        vout: None,
                        address: Some(address.clone()),
                        value: Some(Amount(*value)),
                    },
                })
                .collect(),
        );
        for i in inputs {
            if let In::Coin(a, _) = i {
                self.address(a, &chain);
            }
        }
        t.outputs = Some(
            outputs
                .iter()
                .map(|(a, v)| {
                    self.address(a, &chain);
                    Output {
                        address: (*a).into(),
                        value: Amount(*v),
                    }
                })
                .collect(),
        );
        let id = t.id.clone();
        self.case.transactions.push(t);
        id
    }

    /// Adds an account transaction on `chain` paid for by the first transfer's
    /// sender; transfers are `(from, to, asset, value)`. Returns its id.
    pub fn account_tx(
        &mut self,
        chain: &str,
        fee: u128,
        transfers: &[(&str, &str, &str, u128)],
    ) -> String {
        let mut t = self.next_header(chain, chain == "ethereum");
        t.sender = transfers.first().map(|x| x.0.to_string());
        t.fee = Some(Amount(fee));
        t.method = Some(TxMethod::Transfer);
        t.transfers = Some(
            transfers
                .iter()
                .map(|&(from, to, asset, value)| {
                    self.address(from, chain);
                    self.address(to, chain);
                    Transfer {
                        from: from.into(),
                        to: to.into(),
                        asset: asset.into(),
                        value: Amount(value),
                    }
                })
                .collect(),
        );
        let id = t.id.clone();
        self.case.transactions.push(t);
        id
    }

    pub fn build(&self) -> Scenario {
        self.case.clone()
    }
}

/// A seeded synthetic UTXO ledger of `n_tx` transactions for benchmarks.
///
/// The shape loosely follows Bitcoin's averages: 1 input (60 %), 2 (25 %) or 3–5
/// (15 %), each a random unspent coin, nine times in ten one of the 2,000 most
/// recent (coins are mostly spent soon after they are made); 2 outputs (70 %), 1 (10 %) or 3–8
/// (20 %); change goes to a fresh address, payments to a fresh address (60 %) or
/// to one of 50,000 recurring ones. The first 1,000 transactions bring external
/// coins. Every address is listed, as in a valid case. Same seed, same ledger.
pub fn synthetic_utxo(n_tx: usize, seed: u64) -> Scenario {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut b = CaseBuilder::bitcoin();
    b.step(2);
    let mut case = b.build();
    let recurring = 50_000u64;
    let mut fresh = recurring;
    let addr = |n: u64| format!("bc1q{n:038x}");
    // Unspent coins: (tx position, vout, value).
    let mut unspent: Vec<(u32, u32, u128)> = Vec::new();
    case.transactions.reserve(n_tx);
    case.addresses.reserve(n_tx * 2);
    for n in 0..recurring {
        case.addresses.push(listed(addr(n)));
    }
    let mut time = 1_735_689_600i64;
    for i in 0..n_tx {
        let mut t = b.next_header("bitcoin", false);
        t.id = format!("{:016x}{:048x}", splitmix(i as u64 ^ seed), i);
        t.time = rfc3339(time);
        t.block = 800_000 + (i / 3_000) as u64;
        time += 2;
        let mut inputs = Vec::new();
        let mut total = 0u128;
        if i < 1_000 || unspent.len() < 8 {
            let a = addr(fresh);
            fresh += 1;
            case.addresses.push(listed(a.clone()));
            let v = rng.random_range(1_000_000u128..1_000_000_000);
            total = v;
            inputs.push(Input {
                tx: None,
                vout: None,
                address: Some(a),
                value: Some(Amount(v)),
            });
        } else {
            let k = match rng.random_range(0..100) {
                0..60 => 1,
                60..85 => 2,
                _ => rng.random_range(3..=5),
            };
            for _ in 0..k.min(unspent.len()) {
                // Most coins are spent soon after they are created.
                let len = unspent.len();
                let j = if rng.random_range(0..100) < 90 {
                    rng.random_range(len.saturating_sub(2_000)..len)
                } else {
                    rng.random_range(0..len)
                };
                let (pt, vout, v) = unspent.swap_remove(j);
                total += v;
                inputs.push(Input {
                    tx: Some(case.transactions[pt as usize].id.clone()),
                    vout: Some(vout),
                    address: None,
                    value: None,
                });
            }
        }
        let n_out = match rng.random_range(0..100) {
            0..70 => 2,
            70..80 => 1,
            _ => rng.random_range(3..=8),
        };
        let fee = (total / 2_000).min(50_000);
        let mut left = total - fee;
        let mut outputs = Vec::with_capacity(n_out);
        for o in 0..n_out {
            let v = if o + 1 == n_out {
                left
            } else {
                let share = rng.random_range(1..=60u128);
                left * share / 100
            };
            left -= v;
            let a = if o + 1 == n_out || rng.random_range(0..100) < 60 {
                fresh += 1;
                let a = addr(fresh);
                case.addresses.push(listed(a.clone()));
                a
            } else {
                addr(rng.random_range(0..recurring))
            };
            outputs.push(Output {
                address: a,
                value: Amount(v),
            });
        }
        for (o, out) in outputs.iter().enumerate() {
            if out.value.0 > 0 {
                unspent.push((i as u32, o as u32, out.value.0));
            }
        }
        t.inputs = Some(inputs);
        t.outputs = Some(outputs);
        case.transactions.push(t);
    }
    case
}

fn listed(address: String) -> AddressEntry {
    AddressEntry {
        address,
        chain: "bitcoin".into(),
        owner: None,
        role: None,
        label: None,
    }
}

fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

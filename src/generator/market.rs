//! Prices and fees along the case's time line, in integers.
//!
//! Prices are US dollars in millionths (micro-USD) per whole coin, one value per
//! hour, each hour moving by at most ±0.4 % from the last (a seeded random walk from
//! a plausible starting level). Stablecoins are worth exactly one dollar. Fees follow
//! each chain's own model: Bitcoin pays virtual bytes × a fee rate that drifts day by
//! day (sat/vB); Ethereum pays gas × a gas price that drifts hour by hour; Tron burns
//! energy at 420 sun a unit plus bandwidth at 1,000 sun a byte.
//!
//! Conversions between assets are exact rational arithmetic on `u128` (floor), so a
//! swap's pay-out is reproducible to the base unit.

use super::chain::{AssetId, ChainId};
use super::rng::Rng;

const HOUR: i64 = 3600;

/// Gas used by the kinds of Ethereum call the generator makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Call {
    /// A plain transfer of the native coin.
    Native,
    /// A token transfer (ERC-20 `transfer`, TRC-20 `transfer`).
    Token,
    Approve,
    TransferFrom,
    Swap,
    Bridge,
    MixerDeposit,
    MixerWithdraw,
}

impl Call {
    fn gas(self) -> u128 {
        match self {
            Call::Native => 21_000,
            Call::Token => 65_000,
            Call::Approve => 46_000,
            Call::TransferFrom => 90_000,
            Call::Swap => 152_000,
            Call::Bridge => 118_000,
            Call::MixerDeposit => 1_020_000,
            Call::MixerWithdraw => 362_000,
        }
    }
}

pub struct Market {
    start: i64,
    btc: Vec<u64>,
    eth: Vec<u64>,
    trx: Vec<u64>,
    /// sat/vB per day.
    feerate: Vec<u64>,
    /// gwei × 10 per hour.
    gas: Vec<u64>,
}

fn walk(rng: &mut Rng, start: u64, n: usize, step_bp: u64) -> Vec<u64> {
    let mut v = Vec::with_capacity(n);
    let mut p = start;
    for _ in 0..n {
        v.push(p);
        let d = rng.range(0, step_bp * 2);
        p = (u128::from(p) * u128::from(10_000 + d - step_bp) / 10_000) as u64;
    }
    v
}

impl Market {
    /// A market from `start` covering `days` days.
    pub fn new(rng: &mut Rng, start: i64, days: usize) -> Market {
        let hours = days * 24 + 48;
        let btc0 = rng.range(58_000, 98_000) * 1_000_000;
        let eth0 = rng.range(2_200, 3_900) * 1_000_000;
        let trx0 = rng.range(110_000, 270_000);
        let mut feerate = Vec::with_capacity(days + 2);
        let mut f = rng.range(4, 25) as i64;
        for _ in 0..days + 2 {
            feerate.push(f as u64);
            f = (f + rng.range(0, 8) as i64 - 4).clamp(2, 60);
        }
        let mut gas = Vec::with_capacity(hours);
        let mut g = rng.range(40, 250) as i64;
        for _ in 0..hours {
            gas.push(g as u64);
            g = (g + rng.range(0, 40) as i64 - 20).clamp(8, 600);
        }
        Market {
            start,
            btc: walk(rng, btc0, hours, 40),
            eth: walk(rng, eth0, hours, 45),
            trx: walk(rng, trx0, hours, 35),
            feerate,
            gas,
        }
    }

    fn hour(&self, time: i64, len: usize) -> usize {
        (((time - self.start).max(0) / HOUR) as usize).min(len - 1)
    }

    /// Micro-USD per whole unit of `asset` at `time`.
    pub fn price(&self, asset: AssetId, time: i64) -> u128 {
        let series = match asset {
            AssetId::Btc => &self.btc,
            AssetId::Eth => &self.eth,
            AssetId::Trx => &self.trx,
            _ => return 1_000_000,
        };
        u128::from(series[self.hour(time, series.len())])
    }

    /// Base units of `asset` worth `usd_micros` at `time` (floor).
    pub fn units_for_usd(&self, asset: AssetId, usd_micros: u128, time: i64) -> u128 {
        usd_micros * asset.unit() / self.price(asset, time)
    }

    /// Micro-USD value of `value` base units of `asset` at `time` (floor).
    pub fn usd_of(&self, asset: AssetId, value: u128, time: i64) -> u128 {
        value * self.price(asset, time) / asset.unit()
    }

    /// Converts `value` of `from` into `to` at the prices of `time`, less a fee in
    /// basis points: `value × rate × (10000 − fee_bp) / 10000`, exactly, floored.
    pub fn convert(
        &self,
        from: AssetId,
        to: AssetId,
        value: u128,
        time: i64,
        fee_bp: u128,
    ) -> u128 {
        let num = value * self.price(from, time) * to.unit();
        let den = self.price(to, time) * from.unit();
        num / den * (10_000 - fee_bp) / 10_000
    }

    /// Bitcoin fee rate in sat/vB on the day of `time`.
    pub fn feerate(&self, time: i64) -> u64 {
        let day = ((time - self.start).max(0) / 86_400) as usize;
        self.feerate[day.min(self.feerate.len() - 1)]
    }

    /// Ethereum fee in wei for `call` at `time`.
    pub fn eth_fee(&self, call: Call, time: i64) -> u128 {
        let gwei_tenths = u128::from(self.gas[self.hour(time, self.gas.len())]);
        call.gas() * gwei_tenths * 100_000_000
    }

    /// Tron fee in sun: tokens burn energy (more when the receiver has never held the
    /// token), plain TRX transfers only bandwidth, often covered by the free quota.
    pub fn tron_fee(&self, call: Call, fresh_receiver: bool, free_bandwidth: bool) -> u128 {
        match call {
            Call::Native if free_bandwidth => 0,
            Call::Native => 268_000,
            _ => {
                let energy: u128 = match call {
                    Call::Token | Call::TransferFrom if fresh_receiver => 130_285,
                    Call::Token | Call::TransferFrom => 64_285,
                    Call::Approve => 23_000,
                    _ => 150_000,
                };
                energy * 420 + 345_000
            }
        }
    }

    /// The fee for an account-chain call, in the chain's native base units.
    pub fn account_fee(
        &self,
        chain: ChainId,
        call: Call,
        time: i64,
        fresh: bool,
        free: bool,
    ) -> u128 {
        match chain {
            ChainId::Tron => self.tron_fee(call, fresh, free),
            _ => self.eth_fee(call, time),
        }
    }
}

/// A value rounded down to a multiple of `step` (at least `step`).
pub fn round_down(value: u128, step: u128) -> u128 {
    (value / step * step).max(step)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_are_exact_and_fees_plausible() {
        let mut rng = Rng::derive(5, "m");
        let m = Market::new(&mut rng, 1_735_689_600, 30);
        let t = 1_735_689_600 + 5 * 3600;
        // 1 BTC in USDT at the BTC price, no fee: the price itself in base units.
        let usdt = m.convert(AssetId::Btc, AssetId::UsdtErc20, 100_000_000, t, 0);
        assert_eq!(usdt, m.price(AssetId::Btc, t));
        // 1 % fee takes exactly 1 %.
        let with_fee = m.convert(AssetId::Btc, AssetId::UsdtErc20, 100_000_000, t, 100);
        assert_eq!(with_fee, usdt * 9900 / 10_000);
        assert_eq!(m.tron_fee(Call::Token, false, false), 27_344_700);
        let eth = m.eth_fee(Call::Native, t);
        assert!(eth > 10u128.pow(13) && eth < 10u128.pow(16), "{eth}");
        assert_eq!(round_down(123_456, 1000), 123_000);
    }
}

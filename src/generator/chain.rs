//! The three ledgers a generated case can use, their assets and their clocks.
//!
//! Block heights follow each chain's rhythm from an anchor (1 January 2025):
//! Ethereum has a slot every 12 s and Tron a block every 3 s, so a transaction's
//! time is its block's time. Bitcoin averages one block per 600 s; within each
//! ten-minute slot the block's time is offset by a fixed pseudo-random number of
//! seconds, so heights and times always rise together but do not look metronomic.

use crate::scenario::ChainModel;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChainId {
    Bitcoin,
    Ethereum,
    Tron,
}

/// 2025-01-01T00:00:00Z and the heights around then.
const ANCHOR: i64 = 1_735_689_600;

impl ChainId {
    pub fn as_str(self) -> &'static str {
        match self {
            ChainId::Bitcoin => "bitcoin",
            ChainId::Ethereum => "ethereum",
            ChainId::Tron => "tron",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ChainId::Bitcoin => "Bitcoin",
            ChainId::Ethereum => "Ethereum",
            ChainId::Tron => "Tron",
        }
    }

    pub fn model(self) -> ChainModel {
        match self {
            ChainId::Bitcoin => ChainModel::Utxo,
            _ => ChainModel::Account,
        }
    }

    pub fn block_seconds(self) -> i64 {
        match self {
            ChainId::Bitcoin => 600,
            ChainId::Ethereum => 12,
            ChainId::Tron => 3,
        }
    }

    fn anchor_height(self) -> i64 {
        match self {
            ChainId::Bitcoin => 877_259,
            ChainId::Ethereum => 21_525_000,
            ChainId::Tron => 68_300_000,
        }
    }

    pub fn native(self) -> AssetId {
        match self {
            ChainId::Bitcoin => AssetId::Btc,
            ChainId::Ethereum => AssetId::Eth,
            ChainId::Tron => AssetId::Trx,
        }
    }

    /// The block holding a transaction wanted at `time`, and that block's time.
    /// Both are non-decreasing in `time`.
    pub fn place(self, time: i64) -> (i64, u64) {
        let step = self.block_seconds();
        let n = (time - ANCHOR).div_euclid(step);
        let height = self.anchor_height() + n;
        let slot = ANCHOR + n * step;
        let t = match self {
            ChainId::Bitcoin => {
                let mix = (height as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40;
                slot + (mix % 600) as i64
            }
            _ => slot,
        };
        (t, height.max(1) as u64)
    }
}

/// Every asset the generator knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum AssetId {
    Btc,
    Eth,
    UsdtErc20,
    Usdc,
    Trx,
    UsdtTrc20,
}

impl AssetId {
    pub const ALL: [AssetId; 6] = [
        AssetId::Btc,
        AssetId::Eth,
        AssetId::UsdtErc20,
        AssetId::Usdc,
        AssetId::Trx,
        AssetId::UsdtTrc20,
    ];

    pub fn id(self) -> &'static str {
        match self {
            AssetId::Btc => "BTC",
            AssetId::Eth => "ETH",
            AssetId::UsdtErc20 => "USDT-ERC20",
            AssetId::Usdc => "USDC",
            AssetId::Trx => "TRX",
            AssetId::UsdtTrc20 => "USDT-TRC20",
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            AssetId::UsdtErc20 | AssetId::UsdtTrc20 => "USDT",
            other => other.id(),
        }
    }

    pub fn chain(self) -> ChainId {
        match self {
            AssetId::Btc => ChainId::Bitcoin,
            AssetId::Eth | AssetId::UsdtErc20 | AssetId::Usdc => ChainId::Ethereum,
            AssetId::Trx | AssetId::UsdtTrc20 => ChainId::Tron,
        }
    }

    pub fn decimals(self) -> u8 {
        match self {
            AssetId::Btc => 8,
            AssetId::Eth => 18,
            AssetId::UsdtErc20 | AssetId::Usdc | AssetId::Trx | AssetId::UsdtTrc20 => 6,
        }
    }

    /// The token contract (the well-known public ones); `None` for native coins.
    pub fn contract(self) -> Option<String> {
        match self {
            AssetId::UsdtErc20 => Some(crate::address::eip55(
                "0xdac17f958d2ee523a2206206994597c13d831ec7",
            )),
            AssetId::Usdc => Some(crate::address::eip55(
                "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48",
            )),
            AssetId::UsdtTrc20 => Some("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t".to_string()),
            _ => None,
        }
    }

    pub fn is_stable(self) -> bool {
        matches!(
            self,
            AssetId::UsdtErc20 | AssetId::Usdc | AssetId::UsdtTrc20
        )
    }

    pub fn is_native(self) -> bool {
        self.contract().is_none()
    }

    /// One whole unit in base units.
    pub fn unit(self) -> u128 {
        10u128.pow(u32::from(self.decimals()))
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_times_rise_together() {
        for chain in [ChainId::Bitcoin, ChainId::Ethereum, ChainId::Tron] {
            let mut last = chain.place(ANCHOR - 86_400 * 400);
            for step in 0..5000 {
                let p = chain.place(ANCHOR - 86_400 * 400 + step * 37);
                assert!(p.0 >= last.0 && p.1 >= last.1);
                last = p;
            }
        }
        assert_eq!(
            ChainId::Ethereum.place(ANCHOR + 25),
            (ANCHOR + 24, 21_525_002)
        );
    }
}

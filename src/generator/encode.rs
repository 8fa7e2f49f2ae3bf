//! Well-formed identifiers built from seeded random payloads.
//!
//! Synthetic addresses need no keys, only the right encoding around random bytes:
//! base58check with version 0x00 (P2PKH), 0x05 (P2SH) and 0x41 (Tron), segwit
//! bech32 for P2WPKH (20-byte program, version 0) and bech32m for P2TR (32 bytes,
//! version 1), and the EIP-55 mixed-case checksum for Ethereum. Transaction ids are
//! random 32-byte hashes in each chain's spelling. Times are written as RFC 3339 UTC.

use super::rng::Rng;
use crate::address::eip55;

/// Bitcoin script types, as wallets and services use them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum BtcKind {
    P2pkh,
    P2sh,
    P2wpkh,
    P2tr,
}

impl BtcKind {
    /// Virtual size of one input spending this type (P2SH taken as wrapped segwit).
    pub fn input_vbytes(self) -> u64 {
        match self {
            BtcKind::P2pkh => 148,
            BtcKind::P2sh => 91,
            BtcKind::P2wpkh => 68,
            BtcKind::P2tr => 58,
        }
    }

    /// Virtual size of one output paying this type.
    pub fn output_vbytes(self) -> u64 {
        match self {
            BtcKind::P2pkh => 34,
            BtcKind::P2sh => 32,
            BtcKind::P2wpkh => 31,
            BtcKind::P2tr => 43,
        }
    }

    /// What wallets of 2024-2025 mostly produce: native segwit, then taproot,
    /// wrapped segwit and a tail of legacy.
    pub fn random(rng: &mut Rng) -> BtcKind {
        match rng.below(20) {
            0..=10 => BtcKind::P2wpkh,
            11..=13 => BtcKind::P2tr,
            14..=17 => BtcKind::P2sh,
            _ => BtcKind::P2pkh,
        }
    }
}

pub fn btc_address(rng: &mut Rng, kind: BtcKind) -> String {
    match kind {
        BtcKind::P2pkh => base58check(0x00, &rng.bytes::<20>()),
        BtcKind::P2sh => base58check(0x05, &rng.bytes::<20>()),
        BtcKind::P2wpkh => {
            bech32::segwit::encode_v0(bech32::hrp::BC, &rng.bytes::<20>()).unwrap_or_default()
        }
        BtcKind::P2tr => {
            bech32::segwit::encode_v1(bech32::hrp::BC, &rng.bytes::<32>()).unwrap_or_default()
        }
    }
}

/// A 20-byte account in EIP-55 mixed case.
pub fn eth_address(rng: &mut Rng) -> String {
    eip55(&format!("0x{}", hex(&rng.bytes::<20>())))
}

/// A Tron account: base58check of 0x41 and 20 bytes.
pub fn tron_address(rng: &mut Rng) -> String {
    base58check(0x41, &rng.bytes::<20>())
}

fn base58check(version: u8, payload: &[u8; 20]) -> String {
    let mut data = [0u8; 21];
    data[0] = version;
    data[1..].copy_from_slice(payload);
    bs58::encode(data).with_check().into_string()
}

/// 64 lowercase hex digits.
pub fn hash_hex(rng: &mut Rng) -> String {
    hex(&rng.bytes::<32>())
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// `2025-03-14T09:21:07Z`.
pub fn rfc3339(time: i64) -> String {
    let shown = crate::time::format_utc(time); // "2025-03-14 09:21:07 UTC"
    format!("{}T{}Z", &shown[..10], &shown[11..19])
}

/// `14 March 2025`, for case texts.
pub fn day_text(time: i64) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let s = rfc3339(time);
    let month: usize = s[5..7].parse().unwrap_or(1);
    let day: u32 = s[8..10].parse().unwrap_or(1);
    format!("{day} {} {}", MONTHS[month - 1], &s[..4])
}

/// `14 March 2025, 09:21 UTC`.
pub fn when_text(time: i64) -> String {
    let s = rfc3339(time);
    format!("{}, {} UTC", day_text(time), &s[11..16])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::address::{check_address, AddressFormat, AddressKind};

    #[test]
    fn every_kind_passes_the_validator_codecs() {
        let mut rng = Rng::derive(3, "enc");
        for _ in 0..50 {
            for (kind, want) in [
                (BtcKind::P2pkh, AddressKind::P2pkh),
                (BtcKind::P2sh, AddressKind::P2sh),
                (BtcKind::P2wpkh, AddressKind::P2wpkh),
                (BtcKind::P2tr, AddressKind::P2tr),
            ] {
                let a = btc_address(&mut rng, kind);
                assert_eq!(check_address(AddressFormat::Bitcoin, &a), Ok(want), "{a}");
            }
            let e = eth_address(&mut rng);
            assert_eq!(
                check_address(AddressFormat::Ethereum, &e),
                Ok(AddressKind::Account)
            );
            let t = tron_address(&mut rng);
            assert!(t.starts_with('T'));
            assert_eq!(
                check_address(AddressFormat::Tron, &t),
                Ok(AddressKind::Tron)
            );
        }
        assert_eq!(rfc3339(1_741_944_067), "2025-03-14T09:21:07Z");
        assert_eq!(when_text(1_741_944_067), "14 March 2025, 09:21 UTC");
    }
}

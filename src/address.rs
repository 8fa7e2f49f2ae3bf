//! Address syntax and checksums, per chain family.
//!
//! Case files use real encodings so that trainees learn to recognise them: Bitcoin
//! base58check (P2PKH `1…`, P2SH `3…`) and segwit bech32/bech32m (`bc1q…`, `bc1p…`),
//! Ethereum hex with the EIP-55 mixed-case checksum, and Tron base58check with version
//! byte 0x41 (`T…`). The checks use the field's crates (`bech32`, `bs58`, `sha3`)
//! rather than hand-written codecs.
//!
//! Ethereum addresses are case-insensitive; [`address_key`] gives the form used to
//! compare and index addresses so that `0xAbC…` and `0xabc…` are the same account.

use std::borrow::Cow;

use sha2::Sha256;
use sha3::{Digest, Keccak256};

/// How a chain writes its addresses; decided by the chain's id in the case file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressFormat {
    Bitcoin,
    Ethereum,
    Tron,
    /// A chain the validator has no codec for (`"address_format": "any"`).
    Any,
}

impl AddressFormat {
    /// The format for a known chain id, or `None` for an unknown one.
    pub fn for_chain_id(chain_id: &str) -> Option<AddressFormat> {
        match chain_id {
            "bitcoin" => Some(AddressFormat::Bitcoin),
            "ethereum" => Some(AddressFormat::Ethereum),
            "tron" => Some(AddressFormat::Tron),
            _ => None,
        }
    }
}

/// The kind of a valid address, shown in the inspector and used by heuristics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressKind {
    P2pkh,
    P2sh,
    P2wpkh,
    P2wsh,
    P2tr,
    /// Any other segwit witness version or program length.
    SegwitOther,
    /// An Ethereum-style 20-byte account.
    Account,
    Tron,
    Other,
}

impl AddressKind {
    pub fn describe(self) -> &'static str {
        match self {
            AddressKind::P2pkh => "legacy P2PKH",
            AddressKind::P2sh => "P2SH (script hash)",
            AddressKind::P2wpkh => "native segwit P2WPKH",
            AddressKind::P2wsh => "native segwit P2WSH",
            AddressKind::P2tr => "taproot P2TR",
            AddressKind::SegwitOther => "segwit (other version)",
            AddressKind::Account => "account (EOA or contract)",
            AddressKind::Tron => "Tron account",
            AddressKind::Other => "address",
        }
    }
}

/// Why an address is not valid for its chain, in words a trainer can act on: what
/// is wrong and what usually causes it (a mistyped or changed character), never
/// the decoder's bytes. The validator names the address and where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    #[error("the address is empty")]
    Empty,
    #[error("a Bitcoin address starts with 1 or 3 (legacy) or bc1 (segwit)")]
    BitcoinShape,
    #[error("an Ethereum address is 0x followed by 40 hexadecimal digits (0-9 and a-f)")]
    EthereumShape,
    #[error("a Tron address starts with T")]
    TronShape,
    /// A base58check or bech32 checksum does not match the rest of the address.
    #[error(
        "its checksum does not match, so a character was mistyped, changed, left out or added"
    )]
    Checksum,
    /// The EIP-55 checksum carried by the letter case does not match.
    #[error("its mix of upper- and lower-case letters is a checksum and it does not match, so a character was mistyped or changed (an address written all in lower case carries no checksum)")]
    CaseChecksum,
    /// `position` counts characters from 1.
    #[error("character {position} ({character:?}) never appears in {}", .alphabet.explain())]
    BadCharacter {
        character: char,
        position: usize,
        alphabet: Alphabet,
    },
    #[error("it is too short or too long for an address, so a character may be missing or extra")]
    Length,
    #[error(
        "it mixes upper- and lower-case letters, but a bech32 address is written all in one case"
    )]
    MixedCase,
    /// A segwit address of another network (its prefix), or a base58check address
    /// with another coin's or network's version.
    #[error("{}", other_network(.0.as_deref()))]
    OtherNetwork(Option<String>),
    #[error("the character after bc1 is not a segwit version (q for version 0, p for taproot)")]
    SegwitVersion,
}

/// The set of characters an encoding uses, for [`AddressError::BadCharacter`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alphabet {
    Base58,
    Bech32,
}

impl Alphabet {
    fn explain(self) -> &'static str {
        match self {
            Alphabet::Base58 => "this kind of address (base58 leaves out 0, O, I and l)",
            Alphabet::Bech32 => "a bech32 address (after bc1 it uses digits and lower-case letters except 1, b, i and o)",
        }
    }
}

fn other_network(prefix: Option<&str>) -> String {
    match prefix {
        Some(p) => format!(
            "it is for the network {} (a test network), not Bitcoin, whose segwit addresses start with bc1",
            crate::quote::quote(p)
        ),
        None => "it is the address of another coin or network, not of this chain".to_string(),
    }
}

/// The character at byte `index` of `text` and its 1-based position in characters.
fn bad_character(text: &str, index: usize, alphabet: Alphabet) -> AddressError {
    let position = text.char_indices().take_while(|&(i, _)| i <= index).count();
    match text.get(index..).and_then(|rest| rest.chars().next()) {
        Some(character) => AddressError::BadCharacter {
            character,
            position,
            alphabet,
        },
        None => AddressError::Length,
    }
}

/// Checks an address's syntax and checksum, returning its kind.
pub fn check_address(format: AddressFormat, address: &str) -> Result<AddressKind, AddressError> {
    if address.is_empty() {
        return Err(AddressError::Empty);
    }
    match format {
        AddressFormat::Bitcoin => check_bitcoin(address),
        AddressFormat::Ethereum => check_ethereum(address),
        AddressFormat::Tron => check_tron(address),
        AddressFormat::Any => Ok(AddressKind::Other),
    }
}

fn check_bitcoin(address: &str) -> Result<AddressKind, AddressError> {
    let starts = |p: &str| {
        address
            .get(..p.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(p))
    };
    if starts("bc1") || starts("tb1") || starts("bcrt1") {
        let (hrp, version, program) =
            bech32::segwit::decode(address).map_err(|e| segwit_error(address, e))?;
        if !hrp.as_str().eq_ignore_ascii_case("bc") {
            return Err(AddressError::OtherNetwork(Some(hrp.to_string())));
        }
        return Ok(match (version.to_u8(), program.len()) {
            (0, 20) => AddressKind::P2wpkh,
            (0, 32) => AddressKind::P2wsh,
            (1, 32) => AddressKind::P2tr,
            _ => AddressKind::SegwitOther,
        });
    }
    if !(address.starts_with('1') || address.starts_with('3')) {
        return Err(AddressError::BitcoinShape);
    }
    match decode_base58check(address)?[0] {
        0x00 => Ok(AddressKind::P2pkh),
        0x05 => Ok(AddressKind::P2sh),
        _ => Err(AddressError::OtherNetwork(None)),
    }
}

/// What the bech32 crate's error means for the person who wrote the address.
fn segwit_error(address: &str, e: bech32::segwit::DecodeError) -> AddressError {
    use bech32::primitives::decode::{CharError, SegwitHrpstringError, UncheckedHrpstringError};
    match e.0 {
        SegwitHrpstringError::Checksum(_) => AddressError::Checksum,
        SegwitHrpstringError::InvalidWitnessVersion(_) => AddressError::SegwitVersion,
        SegwitHrpstringError::Unchecked(UncheckedHrpstringError::Char(CharError::MixedCase)) => {
            AddressError::MixedCase
        }
        SegwitHrpstringError::Unchecked(UncheckedHrpstringError::Char(CharError::InvalidChar(
            c,
        ))) => {
            // The first such character after the separator (the prefix is bc1).
            let data = address.rfind('1').map_or(0, |i| i + 1);
            let index = address[data..].find(c).map_or(data, |i| data + i);
            bad_character(address, index, Alphabet::Bech32)
        }
        _ => AddressError::Length,
    }
}

fn check_tron(address: &str) -> Result<AddressKind, AddressError> {
    if !address.starts_with('T') {
        return Err(AddressError::TronShape);
    }
    match decode_base58check(address)?[0] {
        0x41 => Ok(AddressKind::Tron),
        _ => Err(AddressError::OtherNetwork(None)),
    }
}

/// Decodes base58check: 21 bytes (version + 20-byte hash) and a 4-byte checksum.
/// The length is checked before the checksum, so a missing character is reported
/// as such rather than as a checksum that does not match.
fn decode_base58check(address: &str) -> Result<Vec<u8>, AddressError> {
    use bs58::decode::Error;
    // 25 bytes take at most 35 base58 characters. Base58 decoding is quadratic
    // in the length, so a long string is refused before it is decoded (262,144
    // characters took 36 s).
    if address.len() > 35 {
        return Err(AddressError::Length);
    }
    let mut bytes = bs58::decode(address).into_vec().map_err(|e| match e {
        Error::InvalidCharacter { index, .. } | Error::NonAsciiCharacter { index } => {
            bad_character(address, index, Alphabet::Base58)
        }
        _ => AddressError::Length,
    })?;
    if bytes.len() != 25 {
        return Err(AddressError::Length);
    }
    let checksum = bytes.split_off(21);
    if Sha256::digest(Sha256::digest(&bytes))[..4] != checksum[..] {
        return Err(AddressError::Checksum);
    }
    Ok(bytes)
}

fn check_ethereum(address: &str) -> Result<AddressKind, AddressError> {
    let hex = address
        .strip_prefix("0x")
        .filter(|h| h.len() == 40 && h.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or(AddressError::EthereumShape)?;
    let has_upper = hex.bytes().any(|b| b.is_ascii_uppercase());
    let has_lower = hex.bytes().any(|b| b.is_ascii_lowercase());
    if has_upper && has_lower && eip55(address) != address {
        return Err(AddressError::CaseChecksum);
    }
    Ok(AddressKind::Account)
}

/// The kind of an address already known to be valid (a case that passed the
/// validator), read from its spelling alone. The app shows it in the inspector
/// without the checksum codecs, which stay out of its start-up bundle.
pub fn kind_of(format: AddressFormat, address: &str) -> AddressKind {
    let lower = |prefix: &str| {
        address
            .get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
    };
    match format {
        // bech32: "bc1" + witness version character + program, 42 characters for
        // a 20-byte program, 62 for a 32-byte one.
        AddressFormat::Bitcoin if lower("bc1q") && address.len() == 42 => AddressKind::P2wpkh,
        AddressFormat::Bitcoin if lower("bc1q") && address.len() == 62 => AddressKind::P2wsh,
        AddressFormat::Bitcoin if lower("bc1p") && address.len() == 62 => AddressKind::P2tr,
        AddressFormat::Bitcoin if lower("bc1") => AddressKind::SegwitOther,
        AddressFormat::Bitcoin if address.starts_with('1') => AddressKind::P2pkh,
        AddressFormat::Bitcoin if address.starts_with('3') => AddressKind::P2sh,
        AddressFormat::Ethereum => AddressKind::Account,
        AddressFormat::Tron => AddressKind::Tron,
        _ => AddressKind::Other,
    }
}

/// The EIP-55 mixed-case spelling of a `0x` + 40-hex address: a letter is upper case
/// when the matching nibble of keccak256(lowercase hex) is 8 or more.
pub fn eip55(address: &str) -> String {
    let hex = address.trim_start_matches("0x").to_ascii_lowercase();
    let hash = Keccak256::digest(hex.as_bytes());
    let mut out = String::with_capacity(42);
    out.push_str("0x");
    for (i, c) in hex.chars().enumerate() {
        let byte = hash[i / 2];
        let nibble = if i % 2 == 0 { byte >> 4 } else { byte & 0x0f };
        if c.is_ascii_alphabetic() && nibble >= 8 {
            out.push(c.to_ascii_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The spelling under which an address is compared and indexed: lower case for
/// `0x` hex accounts (case carries only a checksum there), unchanged otherwise
/// (base58 is case-sensitive; bech32 is written in lower case by convention).
pub fn address_key(address: &str) -> String {
    address_key_ref(address).into_owned()
}

/// [`address_key`] without a copy when the address is already in that spelling
/// (nearly always): indexing a large case looks up hundreds of thousands.
pub fn address_key_ref(address: &str) -> Cow<'_, str> {
    let lower_prefix = |p: &str| {
        address
            .get(..p.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(p))
    };
    let folds = lower_prefix("0x") || lower_prefix("bc1");
    if folds && address.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(address.to_ascii_lowercase())
    } else {
        Cow::Borrowed(address)
    }
}

/// A short form for labels on the canvas: `bc1qw5…3t4`, `0x5aAe…eAed`.
pub fn shorten(address: &str) -> String {
    let chars: Vec<char> = address.chars().collect();
    if chars.len() <= 14 {
        return address.to_string();
    }
    let head: String = chars[..6].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_vectors() {
        // From the tracing-methods reference: one HASH160 in two encodings.
        assert_eq!(
            check_address(AddressFormat::Bitcoin, "1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH"),
            Ok(AddressKind::P2pkh)
        );
        assert_eq!(
            check_address(
                AddressFormat::Bitcoin,
                "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
            ),
            Ok(AddressKind::P2wpkh)
        );
        assert_eq!(
            check_address(AddressFormat::Tron, "T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb"),
            Ok(AddressKind::Tron)
        );
        assert_eq!(
            eip55("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"),
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
        );
        for valid in [
            "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
            "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
        ] {
            assert_eq!(
                check_address(AddressFormat::Ethereum, valid),
                Ok(AddressKind::Account)
            );
        }
        assert_eq!(
            bs58::encode("hello world").with_check().into_string(),
            "3vQB7B6MrGQZaxCuFg4oh"
        );
    }
}

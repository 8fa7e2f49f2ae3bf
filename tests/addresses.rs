//! Every way an address can be wrong gets a message a trainer can act on: which
//! part is wrong and what that usually means, never the decoder's raw bytes.

use tracelab::address::{check_address, AddressFormat};

/// Checks `input` in `format` and compares the message with `expected`.
fn check(format: AddressFormat, input: &str, expected: &str) {
    let message = match check_address(format, input) {
        Ok(kind) => format!("valid: {}", kind.describe()),
        Err(e) => e.to_string(),
    };
    assert_eq!(message, expected, "{input}");
    // Nothing a decoder prints for programmers.
    for raw in ["[", "0x0", "payload", "residue", "hrp", "byte"] {
        assert!(!message.contains(raw), "{input}: {message:?} shows {raw:?}");
    }
}

const CHECKSUM: &str =
    "its checksum does not match, so a character was mistyped, changed, left out or added";

#[test]
fn bitcoin() {
    use AddressFormat::Bitcoin;
    check(
        Bitcoin,
        "1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH",
        "valid: legacy P2PKH",
    );
    // One character changed: the base58check checksum catches it.
    check(Bitcoin, "1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMJ", CHECKSUM);
    check(Bitcoin, "3FXRRa5fCJuiJaD8fZz6tj9Xw9zvsXTmrJ", CHECKSUM);
    check(
        Bitcoin,
        "1BgGZ9tcN4rm9KBzDn0KprQz87SZ26SAMH",
        "character 19 ('0') never appears in this kind of address (base58 leaves out 0, O, I and l)",
    );
    check(
        Bitcoin,
        "1BgGZ9tcN4rm9KBzDné",
        "character 19 ('é') never appears in this kind of address (base58 leaves out 0, O, I and l)",
    );
    check(
        Bitcoin,
        "1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SA",
        "it is too short or too long for an address, so a character may be missing or extra",
    );
    check(
        Bitcoin,
        "2NBFNJTktNa7GZusGbDbGKRZTxdK9VVez3n",
        "a Bitcoin address starts with 1 or 3 (legacy) or bc1 (segwit)",
    );
    // Valid base58check with version 6, which no Bitcoin address uses.
    check(
        Bitcoin,
        "3R2cuenjG5nFubqX9Wzuukdin2YfLYZyD1",
        "it is the address of another coin or network, not of this chain",
    );
    check(
        Bitcoin,
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
        "valid: native segwit P2WPKH",
    );
    check(
        Bitcoin,
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
        CHECKSUM,
    );
    check(
        Bitcoin,
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3tb",
        "character 42 ('b') never appears in a bech32 address (after bc1 it uses digits and lower-case letters except 1, b, i and o)",
    );
    check(
        Bitcoin,
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kV8f3t4",
        "it mixes upper- and lower-case letters, but a bech32 address is written all in one case",
    );
    check(
        Bitcoin,
        "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",
        "it is for the network \"tb\" (a test network), not Bitcoin, whose segwit addresses start with bc1",
    );
    // Bech32's checksum also catches a character left out.
    check(
        Bitcoin,
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t",
        CHECKSUM,
    );
    check(Bitcoin, "", "the address is empty");
    // Refused at once, not decoded (base58 decoding is quadratic in the length).
    let long = format!("1{}", "z".repeat(262_143));
    check(
        Bitcoin,
        &long,
        "it is too short or too long for an address, so a character may be missing or extra",
    );
    check(
        AddressFormat::Tron,
        &format!("T{}", "z".repeat(262_143)),
        "it is too short or too long for an address, so a character may be missing or extra",
    );
    check(
        Bitcoin,
        &format!("bc1q{}", "q".repeat(262_140)),
        "it is too short or too long for an address, so a character may be missing or extra",
    );
}

#[test]
fn ethereum_and_tron() {
    use AddressFormat::{Ethereum, Tron};
    check(
        Ethereum,
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "valid: account (EOA or contract)",
    );
    check(
        Ethereum,
        "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
        "valid: account (EOA or contract)",
    );
    check(
        Ethereum,
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",
        "its mix of upper- and lower-case letters is a checksum and it does not match, so a character was mistyped or changed (an address written all in lower case carries no checksum)",
    );
    check(
        Ethereum,
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe",
        "an Ethereum address is 0x followed by 40 hexadecimal digits (0-9 and a-f)",
    );
    check(
        Tron,
        "T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb",
        "valid: Tron account",
    );
    check(Tron, "T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwc", CHECKSUM);
    check(
        Tron,
        "X9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb",
        "a Tron address starts with T",
    );
    // Valid base58check with version 0x42 instead of Tron's 0x41.
    check(
        Tron,
        "TZJozAg1ruapycCicgz31GxvYJ1G1qELV7",
        "it is the address of another coin or network, not of this chain",
    );
    check(
        Tron,
        "T9yD14Nj9j7xAB4dbGeiX9h8unk",
        "it is too short or too long for an address, so a character may be missing or extra",
    );
}

/// The validator names the address and where it is, then says what is wrong.
#[test]
fn the_validator_names_the_address() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/mini-utxo.json"
    ))
    .unwrap()
    .replace(
        "3FXRRa5fCJuiJaD8fZz6tj9Xw9zvsXTmrH",
        "3FXRRa5fCJuiJaD8fZz6tj9Xw9zvsXTmrJ",
    );
    let problems = tracelab::scenario::check(&text).unwrap_err();
    let p = problems
        .iter()
        .find(|p| p.rule == tracelab::scenario::Rule::AddressSyntax)
        .unwrap();
    assert_eq!(
        p.to_string(),
        format!("addresses[3].address (line 24, column 17): \"3FXRRa5fCJuiJaD8fZz6tj9Xw9zvsXTmrJ\" is not a valid bitcoin address: {CHECKSUM}")
    );
}

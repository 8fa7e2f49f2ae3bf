//! Amount parsing and formatting edge cases, as tables of (input, expected).

use tracelab::amount::{
    format_units, format_units_grouped, parse_optional_units, parse_units, Amount, AmountError,
};

const MAX: &str = "340282366920938463463374607431768211455";

fn check_base(input: &str, expected: Result<u128, AmountError>) {
    assert_eq!(
        input.parse::<Amount>().map(|a| a.0),
        expected,
        "base units {input:?}"
    );
}

fn check_units(input: &str, decimals: u8, expected: Result<u128, AmountError>) {
    assert_eq!(
        parse_units(input, decimals).map(|a| a.0),
        expected,
        "{input:?} with {decimals} decimals"
    );
}

fn check_format(value: u128, decimals: u8, expected: &str) {
    assert_eq!(
        format_units(Amount(value), decimals),
        expected,
        "{value} with {decimals} decimals"
    );
}

#[test]
fn base_unit_strings() {
    check_base("0", Ok(0));
    check_base("150000000", Ok(150_000_000));
    check_base("000123", Ok(123));
    check_base(MAX, Ok(u128::MAX));
    check_base(
        "340282366920938463463374607431768211456",
        Err(AmountError::Overflow),
    );
    check_base("", Err(AmountError::Empty));
    check_base("-5", Err(AmountError::BadCharacter('-')));
    check_base("+5", Err(AmountError::BadCharacter('+')));
    check_base("1e8", Err(AmountError::BadCharacter('e')));
    check_base(" 5", Err(AmountError::BadCharacter(' ')));
    check_base("1,000", Err(AmountError::BadCharacter(',')));
    check_base("1.5", Err(AmountError::NotWhole));
    check_base("٣", Err(AmountError::BadCharacter('٣')));
}

#[test]
fn display_unit_strings() {
    check_units("1.5", 8, Ok(150_000_000));
    check_units("0.00000001", 8, Ok(1));
    check_units(".5", 8, Ok(50_000_000));
    check_units("5.", 8, Ok(500_000_000));
    check_units("007.25", 2, Ok(725));
    check_units("  12  ", 6, Ok(12_000_000));
    check_units("1.000000000000000001", 18, Ok(1_000_000_000_000_000_001));
    check_units("0.1234567800", 8, Ok(12_345_678));
    check_units(
        "0.000000001",
        8,
        Err(AmountError::TooPrecise { decimals: 8 }),
    );
    check_units("1.5", 0, Err(AmountError::TooPrecise { decimals: 0 }));
    check_units("1.0", 0, Ok(1));
    check_units("1.2.3", 8, Err(AmountError::TwoPoints));
    check_units("", 8, Err(AmountError::Empty));
    check_units(".", 8, Err(AmountError::Empty));
    check_units("1,5", 8, Err(AmountError::BadCharacter(',')));
    check_units("-1", 8, Err(AmountError::BadCharacter('-')));
    // A multi-byte character past the asset's precision is refused, not split.
    check_units("1.é", 1, Err(AmountError::BadCharacter('é')));
    check_units("1.5€", 1, Err(AmountError::BadCharacter('€')));
    check_units("é.5", 0, Err(AmountError::BadCharacter('é')));
    check_units(
        "340282366920938463463.374607431768211455",
        18,
        Ok(u128::MAX),
    );
    check_units(
        "340282366920938463463.374607431768211456",
        18,
        Err(AmountError::Overflow),
    );
    check_units("340282366920938463464", 18, Err(AmountError::Overflow));
}

#[test]
fn formatting() {
    check_format(0, 8, "0");
    check_format(0, 0, "0");
    check_format(1, 8, "0.00000001");
    check_format(150_000_000, 8, "1.5");
    check_format(100_000_000, 8, "1");
    check_format(1_000_000_000_000_000_001, 18, "1.000000000000000001");
    check_format(u128::MAX, 18, "340282366920938463463.374607431768211455");
    check_format(u128::MAX, 0, MAX);
    check_format(42, 6, "0.000042");
    assert_eq!(
        format_units_grouped(Amount(1_234_567_891_000_000), 6),
        "1,234,567,891"
    );
    assert_eq!(format_units_grouped(Amount(123_456_789), 8), "1.23456789");
    assert_eq!(
        format_units_grouped(Amount(100_012_345_678), 8),
        "1,000.12345678"
    );
}

#[test]
fn display_and_base_round_trip() {
    for (value, decimals) in [
        (0u128, 8u8),
        (1, 18),
        (u128::MAX, 18),
        (123_456_789, 6),
        (10, 1),
    ] {
        let text = format_units(Amount(value), decimals);
        assert_eq!(parse_units(&text, decimals), Ok(Amount(value)), "{text}");
    }
}

#[test]
fn json_amounts_are_strings() {
    let ok: Amount = serde_json::from_str("\"150000000\"").unwrap();
    assert_eq!(ok, Amount(150_000_000));
    assert_eq!(serde_json::to_string(&ok).unwrap(), "\"150000000\"");
    let number = serde_json::from_str::<Amount>("150000000")
        .unwrap_err()
        .to_string();
    assert!(number.contains("with quotes"), "{number}");
    let float = serde_json::from_str::<Amount>("1.5")
        .unwrap_err()
        .to_string();
    assert!(float.contains("not numbers"), "{float}");
}

proptest::proptest! {
    /// What a trainee types is parsed or refused, never a panic.
    #[test]
    fn any_text_is_parsed_or_refused(text in ".*", decimals in 0u8..40) {
        let _ = parse_units(&text, decimals);
        let _ = text.parse::<Amount>();
    }
}

#[test]
fn optional_bounds_in_filter_fields() {
    let cases: [(&str, Result<Option<u128>, AmountError>); 4] = [
        ("", Ok(None)),
        ("   ", Ok(None)),
        (" 1.5 ", Ok(Some(1_500_000))),
        ("1.5000001", parse_units("1.5000001", 6).map(|a| Some(a.0))),
    ];
    for (text, expected) in cases {
        assert_eq!(
            parse_optional_units(text, 6).map(|o| o.map(|a| a.0)),
            expected,
            "{text:?}"
        );
    }
    assert!(parse_optional_units("1.5000001", 6).is_err());
}

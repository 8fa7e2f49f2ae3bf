//! The generator's promises, checked over many seeds, every typology and every
//! difficulty: each case is valid (no problem from the validator, which also
//! checks conservation, balances, the trail and reachability), byte-identical when
//! generated twice, realistic in its encodings and clocks, and different per
//! participant.

use proptest::prelude::*;
use tracelab::address::{check_address, kind_of, AddressFormat, AddressKind};
use tracelab::generator::chain::ChainId;
use tracelab::generator::{generate, generate_json, participant_seed, Params, Typology};
use tracelab::ledger::Ledger;
use tracelab::scenario::{self, Difficulty, Scenario};
use tracelab::time::parse_rfc3339;

const DIFFICULTIES: [Difficulty; 4] = [
    Difficulty::Beginner,
    Difficulty::Intermediate,
    Difficulty::Advanced,
    Difficulty::Expert,
];

fn params(t: Typology, seed: u64, d: Difficulty, scale: usize) -> Params {
    Params {
        scale: Some(scale),
        ..Params::new(t, seed, d)
    }
}

/// Everything a generated case must satisfy beyond the validator.
fn check_case(case: &Scenario) -> Result<(), String> {
    let problems = scenario::validate(case);
    if !problems.is_empty() {
        return Err(format!(
            "{} problems, first: {}",
            problems.len(),
            problems[0]
        ));
    }
    let ledger = Ledger::new(case.clone());
    for (i, tx) in case.transactions.iter().enumerate() {
        let chain = match tx.chain.as_str() {
            "bitcoin" => ChainId::Bitcoin,
            "ethereum" => ChainId::Ethereum,
            _ => ChainId::Tron,
        };
        let t = parse_rfc3339(&tx.time).map_err(|e| e.to_string())?;
        if chain.place(t) != (t, tx.block) {
            return Err(format!(
                "{}: block {} does not match time {}",
                tx.id, tx.block, tx.time
            ));
        }
        if tx.outputs.is_some() && !tx.coinbase {
            // UTXO: inputs = outputs + fee, with a plausible fee.
            let fee = ledger.fee(i).ok_or("negative fee")?;
            if fee.0 + ledger.output_total(i).0 != ledger.input_total(i).0 || fee.0 > 5_000_000 {
                return Err(format!("{}: fee {} out of range", tx.id, fee));
            }
        }
    }
    if case.generator.is_none() || case.tools.is_none() || case.requests.is_empty() {
        return Err("provenance, tools and service records are required".into());
    }
    for o in &case.objectives {
        if o.hints.is_empty() || o.explanation.is_empty() {
            return Err(format!("objective {} lacks hints or explanation", o.id));
        }
    }
    Ok(())
}

#[test]
fn every_typology_and_difficulty_is_valid() {
    for t in Typology::ALL {
        for d in DIFFICULTIES {
            for seed in [1, 2] {
                let case = generate(&params(t, seed, d, 80)).unwrap();
                check_case(&case)
                    .unwrap_or_else(|e| panic!("{} {} {seed}: {e}", t.id(), d.as_str()));
                let kinds: std::collections::BTreeSet<_> =
                    case.objectives.iter().map(|o| o.kind.as_str()).collect();
                assert!(kinds.len() >= 2, "{}: objectives of several kinds", t.id());
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_seed_gives_a_valid_case(t in 0usize..12, d in 0usize..4, seed in any::<u64>(), scale in 0usize..150) {
        let case = generate(&params(Typology::ALL[t], seed, DIFFICULTIES[d], scale)).unwrap();
        prop_assert!(check_case(&case).is_ok(), "{:?}", check_case(&case));
    }
}

#[test]
fn same_parameters_give_the_same_bytes() {
    for t in [
        Typology::Ransomware,
        Typology::BridgeHack,
        Typology::PigButchering,
    ] {
        let p = params(t, 42, Difficulty::Advanced, 200);
        assert_eq!(generate_json(&p).unwrap(), generate_json(&p).unwrap());
    }
    let a = generate_json(&params(Typology::Sextortion, 1, Difficulty::Beginner, 60)).unwrap();
    let b = generate_json(&params(Typology::Sextortion, 2, Difficulty::Beginner, 60)).unwrap();
    assert_ne!(a, b);
}

#[test]
fn streamed_json_equals_the_model_serialised() {
    for t in Typology::ALL {
        let p = params(t, 5, Difficulty::Expert, 120);
        let mut via_model = serde_json::to_string_pretty(&generate(&p).unwrap()).unwrap();
        via_model.push('\n');
        assert!(generate_json(&p).unwrap() == via_model, "{}", t.id());
    }
}

#[test]
fn the_trail_does_not_depend_on_the_noise() {
    let small = generate(&params(Typology::ChainHop, 9, Difficulty::Intermediate, 50)).unwrap();
    let big = generate(&params(
        Typology::ChainHop,
        9,
        Difficulty::Intermediate,
        600,
    ))
    .unwrap();
    assert_eq!(small.solution, big.solution);
    assert!(big.transactions.len() >= 600 && small.transactions.len() < 100);
}

#[test]
fn participants_get_their_own_variant() {
    let base = Params::new(Typology::Ransomware, 7, Difficulty::Beginner);
    let anna = Params {
        participant: Some("  Anna   Berg ".into()),
        ..base.clone()
    };
    let anna2 = Params {
        participant: Some("anna berg".into()),
        ..base.clone()
    };
    let ben = Params {
        participant: Some("Ben".into()),
        ..base.clone()
    };
    let (a, a2, b) = (
        generate(&anna).unwrap(),
        generate(&anna2).unwrap(),
        generate(&ben).unwrap(),
    );
    assert_eq!(a, a2);
    assert_ne!(a.solution, b.solution);
    assert_ne!(a.solution, generate(&base).unwrap().solution);
    assert_eq!(
        a.generator.as_ref().unwrap()["params"]["participant"],
        "anna berg"
    );
    assert_eq!(
        participant_seed(7, "Anna Berg"),
        participant_seed(7, " anna  berg")
    );
    assert_ne!(
        participant_seed(7, "Anna Berg"),
        participant_seed(8, "Anna Berg")
    );
    assert!(generate(&Params {
        participant: Some("   ".into()),
        ..base
    })
    .is_err());
}

#[test]
fn addresses_of_every_type_appear() {
    let case = generate(&params(Typology::Ransomware, 3, Difficulty::Expert, 1500)).unwrap();
    let mut kinds = std::collections::BTreeSet::new();
    for a in &case.addresses {
        let k = check_address(AddressFormat::Bitcoin, &a.address).unwrap();
        // The app reads the kind from the spelling alone: the same answer.
        assert_eq!(
            kind_of(AddressFormat::Bitcoin, &a.address),
            k,
            "{}",
            a.address
        );
        kinds.insert(format!("{k:?}"));
    }
    for k in [
        AddressKind::P2pkh,
        AddressKind::P2sh,
        AddressKind::P2wpkh,
        AddressKind::P2tr,
    ] {
        assert!(kinds.contains(&format!("{k:?}")), "{k:?} missing");
    }
    let eth = generate(&params(
        Typology::PhishingDrainer,
        3,
        Difficulty::Beginner,
        100,
    ))
    .unwrap();
    assert!(eth
        .addresses
        .iter()
        .any(|a| a.address.chars().any(|c| c.is_ascii_uppercase())));
    assert!(eth
        .transactions
        .iter()
        .all(|t| t.id.starts_with("0x") && t.id.len() == 66));
}

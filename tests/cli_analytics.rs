//! The analytics subcommands as an instructor runs them: `taint`, `cluster`,
//! `heuristics`, `path`, `trace`, `legs` on the bundled cases and the test fixtures.

mod common;

use common::tracelab;

const PEEL: &str = "scenarios/tutorial-peel-chain.json";
const VICTIM_PAID: &str = "bc1qcky88wcl8dydt9md5cm436k9pwdpfxfvakwrw9";
const DEPOSIT: &str = "3FXRRa5fCJuiJaD8fZz6tj9Xw9zvsXTmrH";
const HOP1: &str = "d7b33c5dd7c1955abfdc32039cc11687e221636e8b09927f323b19935abe500a";

/// Runs `args` and compares the exit code and a fragment of stdout (or, on
/// failure, stderr) with `expected`.
fn check(args: &[&str], expected: (i32, &str)) -> String {
    let out = tracelab(args);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        out.status.code(),
        Some(expected.0),
        "{args:?}\nstdout: {stdout}\nstderr: {stderr}"
    );
    let text = if expected.0 == 0 { &stdout } else { &stderr };
    assert!(
        text.contains(expected.1),
        "{args:?}: {text:?} lacks {:?}",
        expected.1
    );
    stdout
}

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.push("--json");
    serde_json::from_str(&check(&all, (0, "{"))).unwrap()
}

#[test]
fn taint_json_per_address_for_every_method() {
    for (method, deposit) in [
        ("poison", "85144257"),
        ("haircut", "85144257"),
        ("fifo", "85144257"),
        ("lifo", "85144257"),
        ("tiho", "85144257"),
    ] {
        let doc = json(&["taint", PEEL, "--method", method, "--from", VICTIM_PAID]);
        assert_eq!(doc["method"], method);
        assert_eq!(doc["source"]["kind"], "address");
        assert_eq!(doc["asset"], "BTC");
        assert_eq!(doc["per_address"][DEPOSIT], deposit, "{method}");
        assert_eq!(doc["per_address"][VICTIM_PAID], "125000000");
        assert!(doc["outputs"].as_array().unwrap().len() > 3);
    }
    // From one output: the peel-off of hop 1 only.
    let doc = json(&[
        "taint",
        PEEL,
        "--method",
        "fifo",
        "--from",
        &format!("{HOP1}:0"),
    ]);
    assert_eq!(doc["source"]["kind"], "output");
    assert!(doc["per_address"].get(DEPOSIT).is_none());
    assert_eq!(
        doc["per_address"]["1J3EcNUm1iJY8mdq7q7pKqTwwoHaQoj7CJ"],
        "18000000"
    );
}

#[test]
fn taint_human_table_and_account_chains() {
    check(
        &["taint", PEEL, "--method", "haircut", "--from", HOP1],
        (0, "0.85144257 BTC  3FXRRa5fCJuiJaD8fZz6tj9Xw9zvsXTmrH"),
    );
    let doc = json(&[
        "taint",
        "tests/fixtures/mini-account.json",
        "--method",
        "fifo",
        "--from",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    ]);
    assert_eq!(doc["asset"], "USDT-TRC20");
    assert_eq!(
        doc["per_address"]["TC7iJN4CM5y7YkQJHrmBUQ9ku1c6wHyAQk"],
        "5000000000"
    );
    assert_eq!(doc["transfers"].as_array().unwrap().len(), 2);
    check(
        &[
            "taint",
            "tests/fixtures/mini-account.json",
            "--method",
            "libr",
            "--from",
            "TRECniH7Hrzgy7tQJR11jrTGdrtQy6F1MM",
        ],
        (1, "pays nothing that can be traced"),
    );
    check(
        &[
            "taint",
            "scenarios/usdt-tron-otc.json",
            "--method",
            "libr",
            "--asset",
            "USDT-TRC20",
            "--from",
            "TRECniH7Hrzgy7tQJR11jrTGdrtQy6F1MM",
        ],
        (0, "USDT"),
    );
}

#[test]
fn cluster_heuristics_path_trace() {
    let doc = json(&["cluster", PEEL]);
    let clusters = doc["clusters"].as_array().unwrap();
    assert!(clusters
        .iter()
        .any(|c| c.as_array().unwrap().iter().any(|a| a == DEPOSIT)));

    let doc = json(&["heuristics", PEEL, "--tx", HOP1]);
    let change = doc["change"].as_array().unwrap();
    assert_eq!(change.len(), 5);
    let address_type = change
        .iter()
        .find(|c| c["heuristic"] == "address_type")
        .unwrap();
    assert_eq!(address_type["change"], 1);
    assert_eq!(
        address_type["address"],
        "bc1qe026e3au4jrave0d38auqy2jy98sgfv0v6wa9m"
    );
    assert_eq!(doc["coinjoin"]["coinjoin"], false);
    assert_eq!(doc["peel"]["peel"], true);
    assert_eq!(doc["peel"]["chain"].as_array().unwrap().len(), 4);
    check(&["heuristics", PEEL, "--tx", HOP1], (0, "Peel chain: yes"));

    let doc = json(&["path", PEEL, "--from", VICTIM_PAID, "--to", DEPOSIT]);
    assert_eq!(doc["found"], true);
    assert_eq!(doc["hops"].as_array().unwrap().len(), 3);
    assert_eq!(doc["bottleneck"], "85144257");
    check(
        &["path", PEEL, "--from", DEPOSIT, "--to", VICTIM_PAID],
        (0, "No path"),
    );

    let doc = json(&["trace", PEEL, "--from", VICTIM_PAID]);
    assert_eq!(doc["stop"], "service");
    assert_eq!(
        doc["steps"].as_array().unwrap().last().unwrap()["to"],
        DEPOSIT
    );
    check(
        &["trace", PEEL, "--from", VICTIM_PAID, "--method", "fifo"],
        (0, "most tainted"),
    );

    // A minimum of 1 BTC: the peel chain's first hop moves 1.07 BTC, the next
    // less, so the trace stops there and says why.
    let doc = json(&["trace", PEEL, "--from", VICTIM_PAID, "--min", "1"]);
    assert_eq!(doc["stop"], "below_minimum");
    assert_eq!(doc["min"], "1");
    assert_eq!(doc["steps"].as_array().unwrap().len(), 1);
    check(
        &["trace", PEEL, "--from", VICTIM_PAID, "--min", "1x"],
        (1, "the minimum amount \"1x\" is not an amount"),
    );
}

#[test]
fn unknown_ids_are_invalid_input_and_bad_arguments_are_usage_errors() {
    check(
        &["taint", PEEL, "--method", "fifo", "--from", "nothing"],
        (1, "neither an address"),
    );
    check(&["heuristics", PEEL, "--tx", "00"], (1, "no transaction"));
    check(
        &["path", PEEL, "--from", "x", "--to", DEPOSIT],
        (1, "no address"),
    );
    check(
        &["cluster", "no/such/file.json"],
        (1, "cannot read the file"),
    );
    assert_eq!(
        tracelab(&["taint", PEEL, "--method", "magic", "--from", DEPOSIT])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        tracelab(&["taint", PEEL, "--from", DEPOSIT]).status.code(),
        Some(2)
    );
    assert_eq!(
        tracelab(&["path", PEEL, "--from", DEPOSIT]).status.code(),
        Some(2)
    );
}

#[test]
fn legs_ranks_the_other_leg_of_a_swap_service_pay_in() {
    const SWAP: &str = "scenarios/chain-hop-swap-service.json";
    const PAY_IN: &str = "678e55ccc65adefc83d6644869d4583d6c8a9c681de56a567f47ef590967170d";
    // The case's own link: the USDT the service paid out 25 minutes later.
    const PAY_OUT: &str = "0x862217dd6fa8f3275aefff2514a7f1b9bf08361cef6e7f6c9637998018307b01";
    let doc = json(&["legs", SWAP, "--tx", PAY_IN]);
    assert_eq!(doc["tx"], PAY_IN);
    assert_eq!(doc["pay_in"]["kind"], "output");
    assert_eq!(doc["pay_in"]["index"], 1);
    assert_eq!(doc["pay_in"]["value"], "30000000");
    assert_eq!(doc["pay_in"]["asset"], "BTC");
    let candidates = doc["candidates"].as_array().unwrap();
    assert_eq!(candidates.len(), 10);
    // The deposit address's sweep into the service's hot wallet (0.3 BTC less a
    // 2,090 sat fee, which looks like a same-asset pay-out) is no candidate.
    const SWEEP: &str = "61b5f1f21d128027689602647d10f49e39996fc228ff8f51790797b2ca47cd89";
    assert!(candidates.iter().all(|c| c["tx"] != SWEEP));
    // The pay-out by the service's labelled hot wallet comes first, although the
    // deposit address has no label and no BTC/USDT rate is known.
    let link = &candidates[0];
    assert_eq!(link["tx"], PAY_OUT);
    assert_eq!(link["paid_by_service"], "swap_service");
    assert_eq!(candidates[1]["paid_by_service"], serde_json::Value::Null);
    assert_eq!(link["kind"], "transfer");
    assert_eq!(link["asset"], "USDT-ERC20");
    assert_eq!(link["value"], "22866406628");
    assert_eq!(link["rate"], "derived");
    assert_eq!(link["delay_secs"], 1511);
    assert_eq!(link["implied_rate"]["num"], "5716601657");
    assert_eq!(link["implied_rate"]["den"], "7500000");
    assert_eq!(link["fee"], serde_json::Value::Null);
    check(
        &["legs", SWAP, "--tx", PAY_IN],
        (
            0,
            "pays 0.3 BTC to bc1q7e23l3kz550fta6nxgwrls82a2h3mvxlfc5rr8 (output 1)",
        ),
    );
    check(
        &["legs", SWAP, "--tx", PAY_IN],
        (
            0,
            "22,866.406628 USDT paid out 25 min after 0.3 BTC was paid in",
        ),
    );
    check(&["legs", SWAP, "--tx", "00"], (1, "no transaction \"00\""));
    assert_eq!(tracelab(&["legs", SWAP]).status.code(), Some(2));
}

/// A bridge pays out from its own wallet on the other chain: on the bridge-hack
/// case the true pay-out (the case's bridge link) is paid by an address labelled
/// as a bridge and comes first, although no ETH/BTC rate is known.
#[test]
fn legs_rank_a_pay_out_by_a_bridge_first() {
    const BRIDGE: &str = "scenarios/bridge-hack-cross-chain.json";
    let case: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(BRIDGE).unwrap()).unwrap();
    let link = case["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["kind"] == "bridge")
        .unwrap();
    let doc = json(&["legs", BRIDGE, "--tx", link["in_tx"].as_str().unwrap()]);
    let first = &doc["candidates"][0];
    assert_eq!(first["tx"], link["out_tx"]);
    assert_eq!(first["paid_by_service"], "bridge");
    assert_eq!(first["rate"], "derived");
    assert!(first["why"].as_str().unwrap().ends_with(
        "labelled \"Bridge\": a bridge or swap pays the other leg from its own wallet."
    ));
}

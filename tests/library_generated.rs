//! The generated cases of the library (`scenarios/*.json` with a `generator` field)
//! are exactly what the generator gives today for the parameters they record, but
//! for the two edits made when a case joins the library: its own `id` and the team
//! among its `authors`. So a change to the generator either keeps the library as it
//! is or shows here which cases must be regenerated (`tracelab generate` with the
//! recorded typology, seed, difficulty and scale, then those two edits).

use std::path::Path;

use serde_json::Value;
use tracelab::generator::{generate_json, Params, Typology};
use tracelab::scenario::Difficulty;

/// The parameters a generated case records in its `generator` field.
fn recorded_params(file: &Path, gen: &Value) -> Params {
    let field = |v: Option<&Value>, what: &str| {
        v.cloned()
            .unwrap_or_else(|| panic!("{}: generator.{what} is missing", file.display()))
    };
    let typology = field(gen.get("typology"), "typology");
    let typology = Typology::from_id(typology.as_str().unwrap_or_default())
        .unwrap_or_else(|| panic!("{}: unknown typology {typology}", file.display()));
    let params = field(gen.get("params"), "params");
    let difficulty: Difficulty =
        serde_json::from_value(field(params.get("difficulty"), "params.difficulty")).unwrap();
    Params {
        scale: params["scale"].as_u64().map(|s| s as usize),
        participant: params["participant"].as_str().map(String::from),
        ..Params::new(
            typology,
            field(gen.get("seed"), "seed").as_u64().unwrap(),
            difficulty,
        )
    }
}

#[test]
fn generated_library_cases_are_what_the_generator_gives() {
    let mut checked = 0;
    let mut stale = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir("scenarios")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    for file in files {
        let library: Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let Some(gen) = library.get("generator") else {
            continue;
        };
        let params = recorded_params(&file, gen);
        let mut fresh: Value = serde_json::from_str(&generate_json(&params).unwrap()).unwrap();
        fresh["id"] = library["id"].clone();
        fresh["authors"] = library["authors"].clone();
        if fresh != library {
            stale.push(file.display().to_string());
        }
        checked += 1;
    }
    assert!(
        checked >= 12,
        "only {checked} generated cases in scenarios/"
    );
    assert!(
        stale.is_empty(),
        "regenerate these library cases: {stale:?}"
    );
}

//! The JSON Schema of the case format, generated from the serde types so it can
//! never drift from what the loader accepts. `scenarios/schema.json` is this output;
//! a test fails when the committed copy is stale.

use super::Scenario;

/// The schema as pretty-printed JSON with a trailing newline.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Scenario);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema always serialises");
    text.push('\n');
    text
}

//! The lab: work the app does on demand, in a web worker loaded only when it is
//! first needed, rather than in the bundle every visit loads.
//!
//! The case generator is large (its twelve recipes and their texts) and only
//! instructors use it, so it lives in a second wasm module, `tracelab-lab`
//! (`lab-worker/`), which runs this module's [`handle`] in a web worker. The worker
//! also keeps the page responsive while a big case is built.
//!
//! The messages are lists of strings, the operation first, so neither side needs a
//! serializer for them: the app builds them with [`message`] and the worker reads
//! them with [`handle`]; both are tested natively here. A
//! reply is the text produced or a [`LabError`] in words a trainer can act on.
//!
//! A generated case also has an address in the app, `#/g/<typology>/<difficulty>/
//! <seed>[?scale=N&participant=NAME]` ([`route`]): the generator
//! is deterministic, so reloading that address rebuilds the same case (and the
//! saved work on it resumes), and an instructor can share the link.

use crate::generator::{self, GenError, Params, Typology};
use crate::scenario::Difficulty;

/// The operation that generates a case.
pub const GENERATE: &str = "generate";

/// The largest case the app generates: bigger ones take the command line, which
/// goes to 2,000,000 transactions; a browser tab would need gigabytes for them.
pub const APP_MAX_SCALE: usize = 200_000;

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum LabError {
    #[error("unknown request {0:?}")]
    UnknownOperation(String),
    #[error("the request is incomplete: {0} is missing")]
    Missing(&'static str),
    #[error("unknown typology {0:?}")]
    UnknownTypology(String),
    #[error("unknown difficulty {0:?}: beginner, intermediate, advanced or expert")]
    UnknownDifficulty(String),
    #[error("the seed must be a whole number from 0 to 18446744073709551615, not {0:?}")]
    BadSeed(String),
    #[error("the number of transactions must be a whole number, not {0:?}")]
    BadScale(String),
    #[error(
        "{0} transactions is more than the app generates ({APP_MAX_SCALE}); use `tracelab generate --scale` for bigger cases"
    )]
    ScaleTooLarge(usize),
    #[error("the address of a generated case must start with /g/, not {0:?}")]
    NotAGeneratedRoute(String),
    #[error(transparent)]
    Generator(#[from] GenError),
}

/// The worker message that generates `p`: `[generate, typology, difficulty, seed,
/// scale, participant]`, an empty string for a field not given.
pub fn message(p: &Params) -> Vec<String> {
    vec![
        GENERATE.to_string(),
        p.typology.id().to_string(),
        p.difficulty.as_str().to_string(),
        p.seed.to_string(),
        p.scale.map(|s| s.to_string()).unwrap_or_default(),
        p.participant.clone().unwrap_or_default(),
    ]
}

/// Reads the fields of a generate message after the operation name.
pub fn params_from_fields(fields: &[String]) -> Result<Params, LabError> {
    let field = |i: usize, name: &'static str| {
        fields
            .get(i)
            .map(String::as_str)
            .ok_or(LabError::Missing(name))
    };
    let typology = field(0, "the typology")?;
    let difficulty = field(1, "the difficulty")?;
    let seed = field(2, "the seed")?;
    let scale = fields.get(3).map_or("", |s| s.as_str());
    let participant = fields.get(4).map_or("", |s| s.as_str());
    checked_params(typology, difficulty, seed, scale, participant)
}

/// Generator parameters from the text of a form or an address, each checked;
/// blank scale and participant mean "not given".
pub fn checked_params(
    typology: &str,
    difficulty: &str,
    seed: &str,
    scale: &str,
    participant: &str,
) -> Result<Params, LabError> {
    let typology = Typology::from_id(typology)
        .ok_or_else(|| LabError::UnknownTypology(typology.to_string()))?;
    let difficulty = Difficulty::from_name(difficulty)
        .ok_or_else(|| LabError::UnknownDifficulty(difficulty.to_string()))?;
    let seed = seed
        .trim()
        .parse::<u64>()
        .map_err(|_| LabError::BadSeed(seed.to_string()))?;
    let scale = match scale.trim() {
        "" => None,
        s => {
            let n = s
                .parse::<usize>()
                .map_err(|_| LabError::BadScale(s.to_string()))?;
            if n > APP_MAX_SCALE {
                return Err(LabError::ScaleTooLarge(n));
            }
            Some(n)
        }
    };
    let participant = Some(participant.trim())
        .filter(|p| !p.is_empty())
        .map(String::from);
    Ok(Params {
        scale,
        participant,
        ..Params::new(typology, seed, difficulty)
    })
}

/// The app's address of the case `p` generates, without the leading `#`.
pub fn route(p: &Params) -> String {
    let mut route = format!(
        "/g/{}/{}/{}",
        p.typology.id(),
        p.difficulty.as_str(),
        p.seed
    );
    let mut query = Vec::new();
    if let Some(s) = p.scale {
        query.push(format!("scale={s}"));
    }
    if let Some(name) = &p.participant {
        query.push(format!("participant={}", percent_encode(name)));
    }
    if !query.is_empty() {
        route.push('?');
        route.push_str(&query.join("&"));
    }
    route
}

/// Reads an address made by [`route`].
pub fn params_from_route(route: &str) -> Result<Params, LabError> {
    let rest = route
        .strip_prefix("/g/")
        .ok_or_else(|| LabError::NotAGeneratedRoute(route.to_string()))?;
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let mut parts = path.split('/');
    let typology = parts.next().unwrap_or("");
    let difficulty = parts.next().ok_or(LabError::Missing("the difficulty"))?;
    let seed = parts.next().ok_or(LabError::Missing("the seed"))?;
    let (mut scale, mut participant) = (String::new(), String::new());
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("scale", v)) => scale = v.to_string(),
            Some(("participant", v)) => participant = percent_decode(v),
            _ => {}
        }
    }
    checked_params(typology, difficulty, seed, &scale, &participant)
}

/// Runs one worker message: the generated case's JSON text (exactly what
/// `tracelab generate` writes), or why not.
pub fn handle(message: &[String]) -> Result<String, LabError> {
    match message.split_first() {
        Some((op, fields)) if op == GENERATE => {
            let params = params_from_fields(fields)?;
            Ok(generator::generate_json(&params)?)
        }
        Some((op, _)) => Err(LabError::UnknownOperation(op.clone())),
        None => Err(LabError::Missing("the operation")),
    }
}

/// Percent-encodes every byte of `text` but ASCII letters, digits and `-._~`.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Undoes [`percent_encode`] (and any other percent-encoding of UTF-8); a broken
/// escape is kept as it is.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoding_round_trips_any_text() {
        for text in ["Anna Berg", "ÅSA Öberg-Ü", "a&b=c?d/e#f%", "", "100%"] {
            assert_eq!(percent_decode(&percent_encode(text)), text);
        }
        assert_eq!(percent_encode("Anna Berg/2"), "Anna%20Berg%2F2");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }
}

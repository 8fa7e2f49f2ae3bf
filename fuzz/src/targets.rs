//! The fuzz targets: each reads one text the way TraceLab reads it from a user and
//! must never panic; some also check a promise about the result (a broken one is
//! reported like a panic). The fuzzer and the regression test over the saved
//! reproducers call the same functions.
//!
//! Each target does what the app or the command line does with such a text, so a
//! finding is a bug a user can hit. Work per run is kept small (small cases for
//! the analytics tools and saved work, generation capped at [`MAX_RUN_SCALE`]
//! transactions) so that a one-minute run covers every target.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;
use tracelab::generator::{self, Params};
use tracelab::investigation::export;
use tracelab::investigation::Investigation;
use tracelab::lab::{self, Lab, Request};
use tracelab::ledger::Ledger;
use tracelab::training::debrief::overlay;
use tracelab::training::results::{score_of, session_from_results, Discrepancy};
use tracelab::training::{grade, regrade, results_file, Response, ResultsFile, Session};
use tracelab::{markdown, saved, scenario};

use crate::catch::{Broken, TargetFn};
use crate::{corpus, html_check, seeds};

/// Largest case the generator target builds (bigger scales are capped to it).
pub const MAX_RUN_SCALE: usize = 200;

pub struct Target {
    pub name: &'static str,
    /// Extension of its saved reproducers.
    pub ext: &'static str,
    pub run: TargetFn,
    pub seeds: fn() -> Vec<String>,
}

pub const TARGETS: [Target; 7] = [
    Target {
        name: "case",
        ext: "json",
        run: case,
        seeds: seeds::case,
    },
    Target {
        name: "analytics",
        ext: "json",
        run: analytics,
        seeds: seeds::analytics,
    },
    Target {
        name: "generator",
        ext: "json",
        run: generator,
        seeds: seeds::generator,
    },
    Target {
        name: "results",
        ext: "json",
        run: results,
        seeds: seeds::results,
    },
    Target {
        name: "saved",
        ext: "json",
        run: saved,
        seeds: seeds::saved,
    },
    Target {
        name: "lab",
        ext: "json",
        run: lab,
        seeds: seeds::lab,
    },
    Target {
        name: "markdown",
        ext: "md",
        run: markdown,
        seeds: seeds::markdown,
    },
];

pub fn by_name(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}

/// A result the app would show: computed in full, then dropped.
fn shown<T>(value: T) {
    std::hint::black_box(value);
}

fn broken(invariant: &'static str, detail: impl Into<String>) -> Result<(), Broken> {
    Err(Broken {
        invariant,
        detail: detail.into(),
    })
}

/// A case file as `tracelab validate` and the app's "Open case file…" read it;
/// a valid one is opened and graded with its own answer key, which must earn
/// every automatically graded point (`tracelab solve` promises that).
fn case(text: &str) -> Result<(), Broken> {
    let case = match scenario::check(text) {
        Ok(case) => case,
        Err(problems) => {
            // The error banner's lines.
            problems.iter().for_each(|p| shown(p.to_string()));
            return Ok(());
        }
    };
    let key: BTreeMap<String, Response> = case
        .objectives
        .iter()
        .filter_map(|o| Some((o.id.clone(), Response::from_key(o.kind, o.answer.as_ref()?))))
        .collect();
    let g = grade(&case, &key, &BTreeMap::new(), 0);
    shown(score_of(&g));
    let ledger = Ledger::new(case);
    shown(Investigation::open(&ledger));
    if g.earned_centi != g.max_centi {
        return broken(
            "case-key-earns-full-marks",
            format!("{} of {} hundredths", g.earned_centi, g.max_centi),
        );
    }
    Ok(())
}

/// `{"calls": [[tool, fields...], ...], "case": {...}}`: the case opened in the lab
/// worker, then each analytics tool call on it. The lab opens cases that parse
/// without validating them, and promises its tools never panic on them; a reply
/// must be a JSON document.
fn analytics(text: &str) -> Result<(), Broken> {
    let Ok(Value::Object(doc)) = serde_json::from_str::<Value>(text) else {
        return Ok(());
    };
    let mut lab = Lab::default();
    let case = doc.get("case").map(Value::to_string).unwrap_or_default();
    if lab.handle(&Request::OpenText(case).encode()).is_err() {
        return Ok(());
    }
    let calls = doc.get("calls").and_then(Value::as_array);
    for call in calls.into_iter().flatten() {
        let message = fields(call);
        if matches!(Request::decode(&message), Ok(Request::Tool(_))) {
            reply_is_json(&message, lab.handle(&message))?;
        }
    }
    Ok(())
}

/// A list of strings from JSON (other values as their JSON text, as a shell that
/// stringifies whatever it was handed would send them).
fn fields(v: &Value) -> Vec<String> {
    let one = |x: &Value| x.as_str().map_or_else(|| x.to_string(), String::from);
    match v {
        Value::Array(items) => items.iter().map(one).collect(),
        other => vec![one(other)],
    }
}

fn reply_is_json(message: &[String], reply: Result<String, lab::Failure>) -> Result<(), Broken> {
    match reply {
        Ok(text) if serde_json::from_str::<Value>(&text).is_err() => broken(
            "lab-reply-is-json",
            format!("{:?} replied {text:?}", message.first()),
        ),
        _ => Ok(()),
    }
}

/// `["form", typology, difficulty, seed, scale, participant]` (the generator form),
/// `["route", "/g/..."]` (a generated case's address) or `["generate", ...]` (a
/// worker message). Parameters that are accepted must survive the round trips
/// through an address and a message, and the case generated (at most
/// [`MAX_RUN_SCALE`] transactions) must pass the validator.
fn generator(text: &str) -> Result<(), Broken> {
    let Ok(v) = serde_json::from_str::<Value>(text) else {
        return Ok(());
    };
    let f = fields(&v);
    let get = |i: usize| f.get(i).map_or("", String::as_str);
    let params = match get(0) {
        "route" => lab::params_from_route(get(1)),
        "form" => lab::checked_params(get(1), get(2), get(3), get(4), get(5)),
        _ => lab::params_from_fields(f.get(1..).unwrap_or(&[])),
    };
    let Ok(p) = params else { return Ok(()) };
    let route = lab::route(&p);
    if lab::params_from_route(&route).as_ref() != Ok(&p) {
        return broken("generator-route-round-trip", format!("{p:?} via {route:?}"));
    }
    let message = Request::GenerateText(p.clone()).encode();
    if lab::params_from_fields(&message[1..]).as_ref() != Ok(&p) {
        return broken("generator-message-round-trip", format!("{p:?}"));
    }
    let small = Params {
        scale: Some(p.scale.unwrap_or(MAX_RUN_SCALE).min(MAX_RUN_SCALE)),
        ..p
    };
    let Ok(json) = generator::generate_json(&small) else {
        return Ok(());
    };
    if let Err(problems) = scenario::check(&json) {
        return broken(
            "generated-case-is-valid",
            format!("{small:?}: {}", problems[0]),
        );
    }
    Ok(())
}

/// A results file opened in the app or given to `tracelab grade`: graded again
/// against the case it names (a small fixture when it names none of the bundled
/// cases), the review session rebuilt, the debrief overlay drawn. A results file
/// written from that session must read back equal and re-grade to its own score.
fn results(text: &str) -> Result<(), Broken> {
    let Ok(file) = serde_json::from_str::<ResultsFile>(text) else {
        return Ok(());
    };
    let ledger = corpus::ledger(&file.case_id);
    let case = &ledger.case;
    let (g, _) = regrade(case, &file);
    shown(score_of(&g));
    let session = session_from_results(case, &file);
    let graph = Investigation::restore(ledger, &file.graph.addresses, &file.graph.transactions);
    shown(overlay(ledger, &graph));
    show_session(ledger, &session);
    let Some(written) = results_file(case, &session, file.graph.clone()) else {
        return broken("results-review-is-submitted", "no submission");
    };
    let text = serde_json::to_string_pretty(&written).unwrap_or_default();
    if serde_json::from_str::<ResultsFile>(&text).ok().as_ref() != Some(&written) {
        return broken("results-file-round-trip", text);
    }
    let (_, mut issues) = regrade(case, &written);
    // A file without a name is flagged as such (the app refuses to write one;
    // an older or edited file may still have none): that flag is the point.
    issues.retain(|i| *i != Discrepancy::NoTrainee);
    if !issues.is_empty() {
        return broken("results-own-file-regrades", format!("{issues:?}"));
    }
    Ok(())
}

/// What the app shows of a session: score, hints shown, requests and records.
fn show_session(ledger: &Ledger, s: &Session) {
    let case = &ledger.case;
    if let Some(sub) = &s.submission {
        shown(score_of(&sub.grade));
    }
    for o in &case.objectives {
        shown(s.hints_shown(case, &o.id));
    }
    shown((s.pending(), s.unfounded()));
    for a in &case.start.addresses {
        shown(s.records_for(a));
    }
}

/// The case id a saved document names, read without trusting the rest.
#[derive(Deserialize)]
struct Names {
    case_id: String,
}

/// Saved work as autosave and case files carry it: loaded for the case it names,
/// resumed (the command log replayed), shown and exported. Work that resumed
/// must survive being saved again: the new document loads and replays to the
/// same graph, and the case file carrying it reads back.
fn saved(text: &str) -> Result<(), Broken> {
    let id = serde_json::from_str::<Names>(text).map_or(String::new(), |n| n.case_id);
    let ledger = corpus::ledger(&id);
    let Ok(work) = saved::load(ledger, text) else {
        return Ok(());
    };
    let (graph, history, session) = saved::resume(ledger, &work);
    show_session(ledger, &session);
    shown(export::csv(&graph, ledger));
    shown(export::svg(&graph, ledger));
    shown(export::report_html(&graph, ledger, "2025-01-01 12:00"));
    shown(overlay(ledger, &graph));
    let again = saved::save(ledger, &history, &session);
    let again_text = serde_json::to_string(&again).unwrap_or_default();
    match saved::load(ledger, &again_text) {
        Err(e) => return broken("saved-work-reloads", e.to_string()),
        Ok(back) if saved::resume(ledger, &back).0 != graph => {
            return broken("saved-work-replays-the-same", again_text)
        }
        Ok(_) => {}
    }
    let file = saved::case_file(ledger, &again);
    if scenario::parse(&file).map_or(true, |c| c.investigation.is_none()) {
        return broken(
            "saved-case-file-reopens",
            "the case file with the work does not parse",
        );
    }
    Ok(())
}

/// A list of worker messages (each a list of strings) for one `Lab`, as the app's
/// lab client sends them; anything may be missing, extra or unknown. Each is
/// also read as an event from the worker (the page's side of the protocol).
/// Generate messages above [`MAX_RUN_SCALE`] transactions (or with the default
/// scale) are skipped to keep runs short; the generator target covers the rest.
fn lab(text: &str) -> Result<(), Broken> {
    let Ok(Value::Array(messages)) = serde_json::from_str::<Value>(text) else {
        return Ok(());
    };
    let mut lab = Lab::default();
    for m in &messages {
        let message = fields(m);
        let _ = lab::Event::decode(&message);
        let big = match Request::decode(&message) {
            Ok(Request::GenerateText(p) | Request::OpenGenerated { params: p, .. }) => {
                p.scale.is_none_or(|s| s > MAX_RUN_SCALE)
            }
            _ => false,
        };
        if !big {
            reply_is_json(&message, lab.handle(&message))?;
        }
    }
    Ok(())
}

/// Case Markdown rendered for the page: the HTML must pass [`html_check`].
fn markdown(text: &str) -> Result<(), Broken> {
    html_check::check(&markdown::render(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catch;

    /// Every seed of every target passes: the seeds are valid inputs, so a failure
    /// here is a bug in the seeds or the target, not a finding.
    #[test]
    fn every_seed_passes_its_target() {
        let _quiet = catch::QuietPanics::install();
        for t in &TARGETS {
            let seeds = (t.seeds)();
            assert!(!seeds.is_empty(), "{} has no seeds", t.name);
            for (i, s) in seeds.iter().enumerate() {
                if let Some(f) = catch::run(t.run, s) {
                    panic!("{} seed {i}: {}", t.name, f.line());
                }
            }
        }
    }
}

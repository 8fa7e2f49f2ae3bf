//! The app's root state machine (`tracelab::ui::root`): routes and the open case
//! have one source of truth, loads are ticketed, and nothing open is lost.
//!
//! Each test is a story: a list of steps, each an action, the effects it must
//! ask for and what the page must then show, run by one `check` helper. The
//! open case is a plain string here (the app keeps its ledger there).

use tracelab::lab::{Progress, Stage};
use tracelab::scenario::Limits;
use tracelab::ui::{Action, Detail, Effect, Failure, Root, Route, Screen, Source};

/// What the page shows, in a word: `library`, `case:<name>`, plus `+loading`
/// and `+banner` when they show.
fn shown(root: &Root<String>) -> String {
    let mut out = match root.screen() {
        Screen::Library => "library".to_string(),
        Screen::Workspace(case) => format!("case:{case}"),
        #[cfg(feature = "bench")]
        Screen::Bench(query) => format!("bench:{query}"),
    };
    if root.loading().is_some() {
        out.push_str("+loading");
    }
    if root.failure().is_some() {
        out.push_str("+banner");
    }
    out
}

struct Step {
    action: Action<String>,
    effects: Vec<Effect>,
    shown: &'static str,
}

fn step(action: Action<String>, effects: Vec<Effect>, shown: &'static str) -> Step {
    Step {
        action,
        effects,
        shown,
    }
}

/// Starts at `hash` (checking the first effects and screen), then runs `steps`.
fn check(hash: &str, first: Vec<Effect>, first_shown: &str, steps: Vec<Step>) -> Root<String> {
    let (mut root, effects) = Root::<String>::new(hash);
    assert_eq!(effects, first, "opening at {hash}");
    assert_eq!(shown(&root), first_shown, "opening at {hash}");
    for (i, s) in steps.into_iter().enumerate() {
        let what = format!("step {} ({:?})", i + 1, s.action);
        let effects = root.reduce(s.action);
        assert_eq!(effects, s.effects, "{what}");
        assert_eq!(shown(&root), s.shown, "{what}");
    }
    root
}

fn opened(ticket: u64, case: &str, id: &str, source: Source) -> Action<String> {
    Action::Opened {
        ticket,
        case: case.to_string(),
        id: id.to_string(),
        source,
    }
}

fn file(name: &str, size: u64) -> Action<String> {
    Action::OpenFile {
        name: name.into(),
        size,
    }
}

/// The effects of opening the page at a bundled case's address: fetch it.
fn fetch(ticket: u64, id: &str) -> Vec<Effect> {
    vec![Effect::FetchBundled {
        ticket,
        id: id.into(),
    }]
}

fn hash(h: &str) -> Effect {
    Effect::SetHash(h.into())
}

fn failed(ticket: u64) -> Action<String> {
    Action::Failed {
        ticket,
        failure: Failure::single("broken", "no"),
    }
}

#[test]
fn routes_read_and_write_the_same_hash() {
    for (hash, route) in [
        ("#/", Route::Library),
        ("", Route::Library),
        ("#/s/", Route::Library),
        ("#/nowhere", Route::Library),
        (
            "#/s/tutorial-peel-chain",
            Route::Case("tutorial-peel-chain".into()),
        ),
        ("#/f/my-case", Route::File("my-case".into())),
        (
            "#/g/coinjoin/advanced/9?participant=A%20B",
            Route::Generated("/g/coinjoin/advanced/9?participant=A%20B".into()),
        ),
    ] {
        assert_eq!(Route::parse(hash), route, "{hash}");
        if hash.len() > 3 && route != Route::Library {
            assert_eq!(format!("#{}", route.hash()), hash);
        }
    }
}

/// The bug this module exists for: a file opened over a library case stays
/// open, and the hash change the app makes itself does not fetch the library
/// case again.
#[test]
fn a_file_opened_over_a_library_case_stays_open() {
    let tutorial = Source::Bundled("tutorial".into());
    check(
        "#/s/tutorial",
        fetch(1, "tutorial"),
        "library+loading",
        vec![
            step(opened(1, "T", "tutorial", tutorial), vec![], "case:T"),
            // The workspace stays while the file loads.
            step(
                file("mine.json", 1000),
                vec![Effect::ReadFile { ticket: 2 }],
                "case:T+loading",
            ),
            step(
                opened(2, "M", "mine", Source::File("mine.json".into())),
                vec![hash("/f/mine")],
                "case:M",
            ),
            // The app's own hash change comes back: nothing happens.
            step(Action::Navigate("#/f/mine".into()), vec![], "case:M"),
            // Back to the tutorial's address: fetched again (the file's case
            // replaced it).
            step(
                Action::Navigate("#/s/tutorial".into()),
                fetch(3, "tutorial"),
                "library+loading",
            ),
        ],
    );
}

#[test]
fn a_file_with_a_library_cases_id_gets_its_own_address() {
    let root = check(
        "#/s/tutorial",
        fetch(1, "tutorial"),
        "library+loading",
        vec![
            step(
                opened(1, "T", "tutorial", Source::Bundled("tutorial".into())),
                vec![],
                "case:T",
            ),
            step(
                file("saved.json", 10),
                vec![Effect::ReadFile { ticket: 2 }],
                "case:T+loading",
            ),
            step(
                opened(
                    2,
                    "T with my work",
                    "tutorial",
                    Source::File("saved.json".into()),
                ),
                vec![hash("/f/tutorial")],
                "case:T with my work",
            ),
        ],
    );
    assert_eq!(root.route(), &Route::File("tutorial".into()));
}

#[test]
fn a_reload_at_a_files_address_asks_for_the_file() {
    let root = check("#/f/mine", vec![], "library+banner", vec![]);
    let Detail::Sentence(text) = root.failure().unwrap().detail.clone() else {
        panic!("one sentence expected");
    };
    assert!(text.contains("open the file again"), "{text}");
}

#[test]
fn a_broken_file_keeps_the_open_case_and_shows_why() {
    check(
        "#/s/a",
        fetch(1, "a"),
        "library+loading",
        vec![
            step(
                opened(1, "A", "a", Source::Bundled("a".into())),
                vec![],
                "case:A",
            ),
            step(
                file("bad.json", 5),
                vec![Effect::ReadFile { ticket: 2 }],
                "case:A+loading",
            ),
            step(failed(2), vec![], "case:A+banner"),
            step(Action::Dismiss, vec![], "case:A"),
        ],
    );
}

#[test]
fn a_file_too_big_is_refused_before_it_is_read() {
    check(
        "",
        vec![],
        "library",
        vec![step(
            file("huge.json", Limits::APP.file_bytes + 1),
            vec![],
            "library+banner",
        )],
    );
}

#[test]
fn late_answers_to_replaced_or_cancelled_loads_are_dropped() {
    let progress = Progress {
        stage: Stage::Checking,
        done: 1,
        total: 2,
    };
    let root = check(
        "",
        vec![],
        "library",
        vec![
            step(
                file("one.json", 5),
                vec![Effect::ReadFile { ticket: 1 }],
                "library+loading",
            ),
            // A second file replaces the first, whose lab work is stopped.
            step(
                file("two.json", 5),
                vec![Effect::StopLab, Effect::ReadFile { ticket: 2 }],
                "library+loading",
            ),
            step(
                opened(1, "One", "one", Source::File("one.json".into())),
                vec![],
                "library+loading",
            ),
            step(
                Action::Progress {
                    ticket: 1,
                    progress,
                },
                vec![],
                "library+loading",
            ),
            step(
                Action::Progress {
                    ticket: 2,
                    progress,
                },
                vec![],
                "library+loading",
            ),
            step(Action::Cancel, vec![Effect::StopLab], "library"),
            step(
                opened(2, "Two", "two", Source::File("two.json".into())),
                vec![],
                "library",
            ),
            step(failed(2), vec![], "library"),
        ],
    );
    assert!(root.open().is_none());
}

#[test]
fn progress_is_kept_for_the_load_under_way() {
    let (mut root, _) = Root::<String>::new("");
    root.reduce(file("f.json", 9));
    let progress = Progress {
        stage: Stage::Sending,
        done: 3,
        total: 9,
    };
    root.reduce(Action::Progress {
        ticket: 1,
        progress,
    });
    assert_eq!(root.loading().unwrap().progress, Some(progress));
}

#[test]
fn a_generated_case_is_built_from_its_address_and_can_be_cancelled() {
    let address = "/g/ransomware/beginner/7";
    check(
        &format!("#{address}"),
        vec![Effect::Generate {
            ticket: 1,
            address: address.into(),
        }],
        "library+loading",
        vec![
            // Cancelling a load the address asked for goes back to the library.
            step(Action::Cancel, vec![Effect::StopLab, hash("/")], "library"),
            step(Action::Navigate("#/".into()), vec![], "library"),
            step(
                Action::Navigate(format!("#{address}")),
                vec![Effect::Generate {
                    ticket: 2,
                    address: address.into(),
                }],
                "library+loading",
            ),
            step(
                opened(
                    2,
                    "G",
                    "gen-ransomware-beginner-7",
                    Source::Generated(address.into()),
                ),
                vec![],
                "case:G",
            ),
        ],
    );
}

#[test]
fn navigating_away_abandons_a_load_the_address_asked_for() {
    check(
        "#/g/ransomware/beginner/7",
        vec![Effect::Generate {
            ticket: 1,
            address: "/g/ransomware/beginner/7".into(),
        }],
        "library+loading",
        vec![
            step(
                Action::Navigate("#/".into()),
                vec![Effect::StopLab],
                "library",
            ),
            step(
                opened(
                    1,
                    "G",
                    "g",
                    Source::Generated("/g/ransomware/beginner/7".into()),
                ),
                vec![],
                "library",
            ),
        ],
    );
}

#[test]
fn a_file_load_survives_navigation_and_the_open_case_comes_back() {
    check(
        "#/s/a",
        fetch(1, "a"),
        "library+loading",
        vec![
            step(
                opened(1, "A", "a", Source::Bundled("a".into())),
                vec![],
                "case:A",
            ),
            step(Action::Navigate("#/".into()), vec![], "library"),
            // Back to the open case's address: shown again, nothing fetched.
            step(Action::Navigate("#/s/a".into()), vec![], "case:A"),
            step(
                file("b.json", 5),
                vec![Effect::ReadFile { ticket: 2 }],
                "case:A+loading",
            ),
            step(Action::Navigate("#/".into()), vec![], "library+loading"),
            step(
                opened(2, "B", "b", Source::File("b.json".into())),
                vec![hash("/f/b")],
                "case:B",
            ),
        ],
    );
}

#[test]
fn a_results_file_reviews_the_open_case_at_its_address() {
    check(
        "#/s/a",
        fetch(1, "a"),
        "library+loading",
        vec![
            step(
                opened(1, "A", "a", Source::Bundled("a".into())),
                vec![],
                "case:A",
            ),
            step(Action::Navigate("#/".into()), vec![], "library"),
            step(
                file("results.json", 5),
                vec![Effect::ReadFile { ticket: 2 }],
                "library+loading",
            ),
            step(
                Action::Reviewed {
                    ticket: 2,
                    case: "A reviewed".into(),
                },
                vec![hash("/s/a")],
                "case:A reviewed",
            ),
        ],
    );
}

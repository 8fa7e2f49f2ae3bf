//! The app's screens as state machines, in the core: no yew, no browser.
//!
//! Each screen's state changes only through its `reduce`, which takes an action
//! (something the user or the world did) and returns the effects the browser
//! shell must perform (write the URL, fetch a file, ask the lab worker), so the
//! app's logic is tested natively and the shell in `src/app/` stays thin.
//!
//! - `route`: the app's addresses (the URL's hash).
//! - `root`: which case is open and which is on its way.

pub mod root;
pub mod route;

pub use root::{Action, Detail, Effect, Failure, Loading, Open, Root, Screen, Source};
pub use route::Route;

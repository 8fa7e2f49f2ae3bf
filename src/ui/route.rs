//! The app's addresses: what the part of the URL after `#` names.
//!
//! | hash | screen |
//! | --- | --- |
//! | `#/` (or anything unknown) | the case library |
//! | `#/s/<id>` | a bundled case, fetched from the page's own `scenarios/` |
//! | `#/f/<id>` | a case opened from a file: only this tab has it, so a reload asks for the file again |
//! | `#/g/<typology>/<difficulty>/<seed>[?…]` | a generated case, built again from its address (`lab::route`) |
//! | `#/bench?…` | the rendering benchmark (builds with the `bench` feature only) |

/// Where the app is, read from (and written to) the URL's hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Library,
    /// A bundled case, by id.
    Case(String),
    /// A case opened from a file, by id.
    File(String),
    /// A generated case's address (`/g/...`, without the `#`).
    Generated(String),
    /// The rendering benchmark's query (`nodes=N&frames=F`).
    #[cfg(feature = "bench")]
    Bench(String),
}

impl Route {
    /// Reads a hash, with or without its leading `#`.
    pub fn parse(hash: &str) -> Route {
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        #[cfg(feature = "bench")]
        if let Some(query) = hash.strip_prefix("/bench") {
            return Route::Bench(query.trim_start_matches('?').to_string());
        }
        if hash.starts_with("/g/") {
            return Route::Generated(hash.to_string());
        }
        let id = |prefix| hash.strip_prefix(prefix).filter(|id| !id.is_empty());
        if let Some(id) = id("/s/") {
            Route::Case(id.to_string())
        } else if let Some(id) = id("/f/") {
            Route::File(id.to_string())
        } else {
            Route::Library
        }
    }

    /// The hash that names this route, without the `#`.
    pub fn hash(&self) -> String {
        match self {
            Route::Library => "/".to_string(),
            Route::Case(id) => format!("/s/{id}"),
            Route::File(id) => format!("/f/{id}"),
            Route::Generated(address) => address.clone(),
            #[cfg(feature = "bench")]
            Route::Bench(query) => format!("/bench?{query}"),
        }
    }
}

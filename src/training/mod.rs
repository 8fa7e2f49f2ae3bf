//! The training loop: what makes a case an exercise rather than a viewer.
//!
//! - [`answer`]: a trainee's response per objective, in the case format's shapes;
//! - [`grade`]: points with partial credit, hint costs and feedback lines;
//! - [`requests`]: simulated law-enforcement requests and the services' replies;
//! - [`session`]: one attempt (responses, hints, requests, clock, submission);
//! - [`results`]: the results file handed in, and re-grading it;
//! - [`debrief`]: the solution overlay on the trainee's own graph.
//!
//! All pure and deterministic; the app and `tracelab grade` are shells over it.

pub mod answer;
pub mod debrief;
pub mod grade;
pub mod requests;
pub mod results;
pub mod session;

pub use answer::Response;
pub use grade::{grade, Grade, ObjectiveGrade};
pub use requests::RequestKind;
pub use results::{regrade, results_file, ResultsFile};
pub use session::Session;

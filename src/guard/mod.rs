//! Pure building blocks of the guard Worker: route rules, header hygiene, the request as data and
//! the guard's own answers (health, 400/405; [`answer_policy`]: handshake redirects, 401 vs sign-in
//! redirect vs 503, shared with the npm package's adapters).
//!
//! The `worker` leaf wires these to Cloudflare's request and response types;
//! everything here is plain data in, plain data out, tested natively.

pub mod answer_policy;
pub mod answers;
pub mod headers;
pub mod incoming;
pub mod machine_headers;
mod pattern;
pub mod rate_limit;
pub mod route_path;
pub mod route_tokens;
pub mod routes;
pub mod sign_in_url;
pub mod webhook_gate;

pub use headers::{identity_headers, must_strip};
pub use routes::{RouteDecision, RouteError, RouteRules};

//! Pure building blocks of the guard Worker: route rules, header hygiene and the request as data.
//!
//! The `worker` leaf wires these to Cloudflare's request and response types;
//! everything here is plain data in, plain data out, tested natively.

pub mod headers;
pub mod incoming;
mod pattern;
pub mod routes;

pub use headers::{identity_headers, must_strip};
pub use routes::{RouteDecision, RouteError, RouteRules};

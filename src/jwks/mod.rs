//! The instance's JWKS from Clerk: sources, cache policy and the memory → store → network flow.

mod host;
pub mod policy;
pub mod resolve;
pub mod source;

pub use resolve::{cached_keys, resolve_keys, JwksCache, JwksRuntime};
pub use source::{parse_jwks_response, JwksSource};

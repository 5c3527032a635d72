//! Signature verification backends.
//!
//! The core prepares `(algorithm, key, signing input, signature)`; a backend
//! answers "valid or not". Natively (and as the wasm fallback) that is
//! [`rust::verify_signature`] (jwt-compact, pure Rust); in wasm the `webcrypto`
//! leaf asks the host's `crypto.subtle`, importing each key once per isolate.
//! Both backends run the same test vectors.

pub mod rust;
#[cfg(all(target_arch = "wasm32", any(feature = "js", feature = "worker")))]
pub mod webcrypto;

pub use rust::verify_signature;

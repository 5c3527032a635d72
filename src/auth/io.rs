//! What request authentication asks of its caller: keys, signature checks and Backend API calls.
//!
//! The decision ([`super::authenticate`]) never performs I/O itself: it awaits these methods and
//! resumes with their answers. The npm package answers them with the host's `fetch`, WebCrypto or
//! `node:crypto` and its store; the guard Worker with its KV binding and WebCrypto; native tests
//! with the pure-Rust verifier and scripted answers. The verified-token cache lives with the
//! caller too, and holds only [`VerifiedClaims`].

use std::rc::Rc;

use crate::error::JwksError;
use crate::http::{HttpRequest, HttpResponse, TransportError};
use crate::keys::{Algorithm, KeySet, PublicKey};
use crate::token::VerifiedClaims;

/// The I/O a request's authentication may need; every method is answered by the caller.
#[allow(async_fn_in_trait)] // single-threaded hosts (wasm): no `Send` bound is wanted
pub trait AuthIo {
    /// The instance's key set holding `kid` (only asked without `jwtKey`).
    async fn jwks(&self, kid: &str) -> Result<Rc<KeySet>, JwksError>;

    /// Whether `signature` over `signing_input` verifies with `key` under `alg`.
    async fn signature_valid(
        &self,
        alg: Algorithm,
        key: &PublicKey,
        signing_input: &[u8],
        signature: &[u8],
    ) -> bool;

    /// Sends a Backend API request (handshake payloads, session refresh).
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError>;

    /// Claims of `token` verified earlier under the same options, if still valid at `now_ms`.
    fn cached_claims(&self, token: &str, now_ms: f64) -> Option<VerifiedClaims> {
        let _ = (token, now_ms);
        None
    }

    /// Remembers claims just verified for `token` (until their `exp` plus the clock skew).
    fn remember_claims(&self, token: &str, claims: &VerifiedClaims, now_ms: f64) {
        let _ = (token, claims, now_ms);
    }

    /// Sends a Backend API request that concurrent identical lookups (same `key`) may share: one
    /// call answers them all. Defaults to [`AuthIo::send`].
    async fn send_shared(
        &self,
        key: &str,
        request: HttpRequest,
    ) -> Result<HttpResponse, TransportError> {
        let _ = key;
        self.send(request).await
    }

    /// A machine-token verdict stored under `key` (isolate memory, then the store), if any. The
    /// core checks its age and kind itself.
    async fn load_verdict(&self, key: &str) -> Option<String> {
        let _ = key;
        None
    }

    /// Stores a machine-token verdict under `key` for `ttl_ms`.
    async fn store_verdict(&self, key: &str, verdict: String, ttl_ms: u64) {
        let _ = (key, verdict, ttl_ms);
    }

    /// Whether this request's client may cause one more Backend API verification; `Err` carries
    /// the seconds after which it may (the guard's per-client rate limit). Always allowed by default.
    fn permit_backend_verification(&self) -> Result<(), u32> {
        Ok(())
    }
}

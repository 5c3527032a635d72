//! The guard's answers to the request core's I/O: KV-cached JWKS, WebCrypto, the Worker's `fetch`,
//! and the isolate's verified-token cache.

use std::rc::Rc;

use worker::{Context, Env};

use super::config::{GuardConfig, GuardKeys};
use super::state;
use crate::auth::AuthIo;
use crate::crypto::webcrypto;
use crate::error::JwksError;
use crate::http::{HttpRequest, HttpResponse, TransportError};
use crate::jwks::resolve_keys;
use crate::keys::{Algorithm, KeySet, PublicKey};
use crate::runtime::{host_send, HostRuntime};
use crate::token::cache::CacheKey;
use crate::token::VerifiedClaims;

/// Time budget of one Backend API call (handshake payload, session refresh).
const BACKEND_TIMEOUT_MS: u32 = 5_000;
/// Largest Backend API answer read.
const BACKEND_MAX_BYTES: usize = 256 * 1024;

/// One request's I/O in the guard.
pub struct WorkerIo {
    /// The guard's configuration.
    pub config: Rc<GuardConfig>,
    /// The Worker's bindings (the JWKS KV namespace).
    pub env: Env,
    /// For `waitUntil` (the KV write after a JWKS fetch does not delay the answer).
    pub ctx: Rc<Context>,
}

impl AuthIo for WorkerIo {
    async fn jwks(&self, kid: &str) -> Result<Rc<KeySet>, JwksError> {
        let GuardKeys::Jwks {
            source, kv_binding, ..
        } = &self.config.keys
        else {
            return Err(JwksError::NoSource);
        };
        let store = js_sys::Reflect::get(&self.env, &kv_binding.as_str().into())
            .ok()
            .filter(|b| !b.is_undefined() && !b.is_null());
        let ctx = Rc::clone(&self.ctx);
        let runtime = HostRuntime::workers_kv(store).deferring_puts(move |put| {
            ctx.wait_until(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(put).await;
            })
        });
        resolve_keys(&state::jwks_cache(), source, kid, &runtime).await
    }

    async fn signature_valid(
        &self,
        alg: Algorithm,
        key: &PublicKey,
        input: &[u8],
        signature: &[u8],
    ) -> bool {
        webcrypto::verify_signature(alg, key, input, signature).await
    }

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        host_send(&request, BACKEND_TIMEOUT_MS, BACKEND_MAX_BYTES).await
    }

    fn cached_claims(&self, token: &str, now_ms: f64) -> Option<VerifiedClaims> {
        state::cached_claims(&CacheKey::new(&self.config.cache_context, token), now_ms)
    }

    fn remember_claims(&self, token: &str, claims: &VerifiedClaims, now_ms: f64) {
        let key = CacheKey::new(&self.config.cache_context, token);
        let skew = self.config.authenticator.options().claims.clock_skew_ms;
        state::remember_claims(key, claims, skew, now_ms);
    }
}

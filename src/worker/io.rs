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
use crate::runtime::{host_send, verdicts, HostRuntime};
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
    /// The client's address (`cf-connecting-ip`), for the machine-token verification limit.
    pub client: Option<String>,
}

impl WorkerIo {
    /// The KV namespace shared with the JWKS cache (machine-token verdicts live there too).
    fn kv(&self) -> Option<wasm_bindgen::JsValue> {
        let binding = match &self.config.keys {
            GuardKeys::Jwks { kv_binding, .. } => kv_binding.as_str(),
            GuardKeys::Fixed(_) => super::config::DEFAULT_JWKS_KV_BINDING,
        };
        js_sys::Reflect::get(&self.env, &binding.into())
            .ok()
            .filter(|b| !b.is_undefined() && !b.is_null())
    }
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

    async fn send_shared(
        &self,
        key: &str,
        request: HttpRequest,
    ) -> Result<HttpResponse, TransportError> {
        verdicts::send_shared(key, request, BACKEND_TIMEOUT_MS, BACKEND_MAX_BYTES).await
    }

    async fn load_verdict(&self, key: &str) -> Option<String> {
        verdicts::load(key, self.kv().as_ref(), js_sys::Date::now()).await
    }

    async fn store_verdict(&self, key: &str, verdict: String, ttl_ms: u64) {
        let ctx = Rc::clone(&self.ctx);
        let defer = move |put: js_sys::Promise| {
            ctx.wait_until(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(put).await;
            })
        };
        let kv = self.kv();
        verdicts::save(
            key,
            verdict,
            ttl_ms,
            kv.as_ref(),
            js_sys::Date::now(),
            Some(&defer),
        )
        .await;
    }

    fn permit_backend_verification(&self) -> Result<(), u32> {
        let client = self.client.as_deref().unwrap_or("unknown");
        state::permit_machine_call(client, self.config.machine_rate_limit, js_sys::Date::now())
    }
}

//! `RequestAuthenticator` for the JS `authenticateRequest`: the shared request core, with the
//! package's I/O (the host `fetch`, the JWKS store, the package's signature driver).
//!
//! The core's future is polled once synchronously, so a request whose answers are all at hand (no
//! token, a cached token, a fixed key with a synchronous signature check) is decided in one call.
//! The state comes back as JSON text; `js/src/request.mjs` only turns it into objects.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use js_sys::{Array, Promise};
use serde_json::json;
use wasm_bindgen::prelude::*;

use super::driver;
use super::options::{
    optional_bool, optional_string, organization_sync_options, verify_token_options,
};
use super::request_options::{accepts_token, machine_token_cache, optional_store};
use super::to_js_error;
use super::verify::resolve_keyset;
use crate::auth::{
    authenticate, AuthIo, AuthenticateOptions, Authenticator, KeyMode, RequestState,
};
use crate::error::JwksError;
use crate::http::{HttpRequest, HttpResponse, TransportError};
use crate::jwks::JwksSource;
use crate::keys::{Algorithm, KeySet, PublicKey};
use crate::runtime::host_send;
use crate::runtime::verdicts;
use crate::token::cache::{cache_context, CacheContext, CacheKey, VerifiedCache, DEFAULT_CAPACITY};
use crate::token::VerifiedClaims;

/// Time budget of one Backend API call (handshake payload, session refresh).
const BACKEND_TIMEOUT_MS: u32 = 10_000;
/// Largest Backend API answer read.
const BACKEND_MAX_BYTES: usize = 256 * 1024;

thread_local! {
    /// Verified session tokens of every `RequestAuthenticator`, keyed per configuration.
    static VERIFIED: RefCell<VerifiedCache<VerifiedClaims>> = RefCell::new(VerifiedCache::new(DEFAULT_CAPACITY));
}

/// One `authenticateRequest` configuration, checked once.
#[wasm_bindgen]
pub struct RequestAuthenticator {
    inner: Rc<Config>,
}

struct Config {
    auth: Authenticator,
    jwks: Option<JwksSource>,
    store: Option<JsValue>,
    skip_jwks_cache: bool,
    cache: CacheContext,
    /// `machineTokenStore`: where machine-token verdicts are shared across isolates.
    verdict_store: Option<JsValue>,
}

#[wasm_bindgen]
impl RequestAuthenticator {
    /// Reads @clerk/backend's `authenticateRequest` options; throws with `.reason`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<RequestAuthenticator, JsValue> {
        let base = verify_token_options(&options)?;
        let opts = AuthenticateOptions {
            publishable_key: base.publishable_key.clone().unwrap_or_default(),
            secret_key: base.secret_key.clone(),
            jwt_key: base.jwt_key.clone(),
            api_url: base.api_url.clone(),
            api_version: base.api_version.clone(),
            claims: base.claims.clone(),
            domain: optional_string(&options, "domain")?,
            is_satellite: optional_bool(&options, "isSatellite")?,
            proxy_url: optional_string(&options, "proxyUrl")?,
            sign_in_url: optional_string(&options, "signInUrl")?,
            sign_up_url: optional_string(&options, "signUpUrl")?,
            satellite_auto_sync: optional_bool(&options, "satelliteAutoSync")?,
            accepts_token: accepts_token(&options)?,
            machine_secret_key: optional_string(&options, "machineSecretKey")?,
            machine_verdicts: machine_token_cache(&options)?,
            organization_sync: organization_sync_options(&options)?,
        };
        let auth = Authenticator::new(opts).map_err(|e| to_js_error(&e))?;
        let (jwks, cache) = match auth.key_mode() {
            KeyMode::Fixed(key) => (None, cache_context(key.spki_sha256(), &base.claims)),
            KeyMode::Jwks => {
                let source = JwksSource::from_settings(
                    base.secret_key.as_deref(),
                    base.publishable_key.as_deref(),
                    base.api_url.as_deref(),
                    base.api_version.as_deref(),
                )
                .map_err(|e| to_js_error(&e))?;
                let cache = cache_context(source.cache_scope().as_bytes(), &base.claims);
                (Some(source), cache)
            }
        };
        Ok(RequestAuthenticator {
            inner: Rc::new(Config {
                auth,
                jwks,
                store: base.jwks_store,
                skip_jwks_cache: base.skip_jwks_cache,
                cache,
                verdict_store: optional_store(&options, "machineTokenStore")?,
            }),
        })
    }

    /// Decides one request (`headers` as `[name, value]` pairs); resolves to the state's JSON text.
    pub fn authenticate(&self, method: String, url: String, headers: Array) -> Promise {
        let pairs: Vec<(String, String)> = headers
            .iter()
            .filter_map(|pair| {
                let pair = Array::from(&pair);
                Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
            })
            .collect();
        let config = Rc::clone(&self.inner);
        let mut decision = Box::pin(async move {
            let io = JsIo { config: &config };
            let view = crate::auth::RequestView {
                method: &method,
                url: &url,
                headers: &pairs,
            };
            match authenticate(&config.auth, view, &io, js_sys::Date::now()).await {
                Ok(state) => Ok(JsValue::from(state_json(&state))),
                Err(e) => Err(super::reason_error("options-invalid", &e.to_string())),
            }
        });
        match decision
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()))
        {
            Poll::Ready(Ok(text)) => Promise::resolve(&text),
            Poll::Ready(Err(e)) => Promise::reject(&e),
            Poll::Pending => wasm_bindgen_futures::future_to_promise(decision),
        }
    }
}

/// The state as JSON: @clerk/backend's RequestState fields, the headers as pairs, and the two
/// auth objects (`toAuth()` and `toAuth({ treatPendingAsSignedOut: false })`).
fn state_json(state: &RequestState) -> String {
    let claims = state.claims().map(|c| c.raw());
    json!({
        "status": state.status().as_str(),
        "reason": state.reason(),
        "message": if state.is_authenticated() { None } else { Some(state.message()) },
        "headers": state.headers(),
        "token": state.token(),
        "tokenType": state.token_type().map(|t| t.as_str()),
        "isAuthenticated": state.is_authenticated(),
        "auth": state.to_auth(true),
        "authWithPending": state.to_auth(false),
        "claims": claims,
    })
    .to_string()
}

/// The package's answers to the core's I/O.
struct JsIo<'a> {
    config: &'a Config,
}

impl AuthIo for JsIo<'_> {
    async fn jwks(&self, kid: &str) -> Result<Rc<KeySet>, JwksError> {
        let Some(source) = &self.config.jwks else {
            return Err(JwksError::NoSource);
        };
        resolve_keyset(source, &self.config.store, self.config.skip_jwks_cache, kid).await
    }

    async fn signature_valid(
        &self,
        alg: Algorithm,
        key: &PublicKey,
        input: &[u8],
        signature: &[u8],
    ) -> bool {
        driver::signature_valid(alg, key, input, signature).await
    }

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        host_send(&request, BACKEND_TIMEOUT_MS, BACKEND_MAX_BYTES).await
    }

    fn cached_claims(&self, token: &str, now_ms: f64) -> Option<VerifiedClaims> {
        VERIFIED.with(|c| {
            c.borrow_mut()
                .get(&CacheKey::new(&self.config.cache, token), now_ms)
        })
    }

    fn remember_claims(&self, token: &str, claims: &VerifiedClaims, now_ms: f64) {
        let Some(exp) = claims.exp() else { return };
        let key = CacheKey::new(&self.config.cache, token);
        let skew = self.config.auth.options().claims.clock_skew_ms;
        VERIFIED.with(|c| {
            c.borrow_mut()
                .insert(key, claims.clone(), exp as f64, skew, now_ms)
        });
    }

    async fn send_shared(
        &self,
        key: &str,
        request: HttpRequest,
    ) -> Result<HttpResponse, TransportError> {
        verdicts::send_shared(key, request, BACKEND_TIMEOUT_MS, BACKEND_MAX_BYTES).await
    }

    async fn load_verdict(&self, key: &str) -> Option<String> {
        let store = self.config.verdict_store.as_ref();
        verdicts::load(key, store, js_sys::Date::now()).await
    }

    async fn store_verdict(&self, key: &str, verdict: String, ttl_ms: u64) {
        let store = self.config.verdict_store.as_ref();
        verdicts::save(key, verdict, ttl_ms, store, js_sys::Date::now(), None).await;
    }
}

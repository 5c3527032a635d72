//! `Verifier` for JS: options and key parsed once, then each token is verified through WebCrypto.
//!
//! The npm package keeps one `Verifier` per distinct options object (see
//! `js/src/api.mjs`) and its verified-token cache in JS, so a repeated token
//! never enters wasm and a fresh one pays only parsing, one signature check
//! and the claim checks.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::options::verify_token_options;
use super::to_js_error;
use crate::error::{JwksError, TokenError};
use crate::jwks::{resolve_keys, JwksCache, JwksSource};
use crate::keys::KeySet;
use crate::keys::PublicKey;
use crate::runtime::HostRuntime;
use crate::token::{
    finish_verification, parse_token, prepare_verification, ClaimOptions, KeySource,
};

/// The instance's keys via memory → store → network (`skipJwksCache`: a throwaway cache, no store).
pub(super) async fn resolve_keyset(
    source: &JwksSource,
    store: &Option<JsValue>,
    skip_cache: bool,
    kid: &str,
) -> Result<Rc<KeySet>, JwksError> {
    if skip_cache {
        let fresh = RefCell::new(JwksCache::new());
        resolve_keys(&fresh, source, kid, &HostRuntime::new(None)).await
    } else {
        let runtime = HostRuntime::new(store.clone());
        // resolve_keys borrows the cache only between awaits, so concurrent calls never collide.
        let cache = JWKS.with(Rc::clone);
        resolve_keys(&cache, source, kid, &runtime).await
    }
}

/// [`resolve_keyset`] with its error as a JS error.
async fn resolve(
    source: &JwksSource,
    store: &Option<JsValue>,
    skip_cache: bool,
    kid: &str,
) -> Result<Rc<KeySet>, JsValue> {
    resolve_keyset(source, store, skip_cache, kid)
        .await
        .map_err(|e| to_js_error(&e))
}

/// A configured verifier: the parsed `jwtKey` and claim options of one `verifyToken` options object.
#[wasm_bindgen]
pub struct Verifier {
    pub(super) inner: Rc<Inner>,
}

pub(super) struct Inner {
    pub(super) keys: KeyMode,
    pub(super) claims: ClaimOptions,
}

/// Where this verifier's keys come from.
pub(super) enum KeyMode {
    /// `jwtKey`: networkless.
    Single(Box<PublicKey>),
    /// `secretKey` / `publishableKey`: the instance's JWKS, cached in memory and in `store`.
    Jwks {
        source: JwksSource,
        /// `source.cache_scope()`, computed once.
        scope: String,
        store: Option<JsValue>,
        skip_cache: bool,
    },
}

thread_local! {
    /// The isolate-memory JWKS layer shared by every `Verifier` (entries are scoped per instance).
    pub(super) static JWKS: Rc<RefCell<JwksCache>> = Rc::new(RefCell::new(JwksCache::new()));
}

#[wasm_bindgen]
impl Verifier {
    /// Parses `verifyToken` options (`jwtKey`, `authorizedParties`, `audience`, `clockSkewInMs`); throws with `.reason`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Verifier, JsValue> {
        let options = verify_token_options(&options)?;
        let keys = match options.jwt_key.as_deref() {
            Some(jwt_key) => KeyMode::Single(Box::new(
                PublicKey::from_jwt_key(jwt_key).map_err(|e| to_js_error(&e))?,
            )),
            None => {
                let source = JwksSource::from_settings(
                    options.secret_key.as_deref(),
                    options.publishable_key.as_deref(),
                    options.api_url.as_deref(),
                    options.api_version.as_deref(),
                )
                .map_err(|e| to_js_error(&e))?;
                KeyMode::Jwks {
                    scope: source.cache_scope(),
                    source,
                    store: options.jwks_store,
                    skip_cache: options.skip_jwks_cache,
                }
            }
        };
        Ok(Verifier {
            inner: Rc::new(Inner {
                keys,
                claims: options.claims,
            }),
        })
    }

    /// The clock skew in effect, in milliseconds (the JS cache keeps entries until `exp` + skew).
    #[wasm_bindgen(getter, js_name = clockSkewInMs)]
    pub fn clock_skew_in_ms(&self) -> f64 {
        self.inner.claims.clock_skew_ms as f64
    }

    /// Verifies `token` at the host's current time; resolves to the payload's JSON text.
    pub fn verify(&self, token: JsValue) -> Promise {
        let inner = self.inner.clone();
        future_to_promise(async move {
            let Some(token) = token.as_string().filter(|t| !t.is_empty()) else {
                return Err(to_js_error(&TokenError::Missing));
            };
            let keyset;
            let keys = match &inner.keys {
                KeyMode::Single(key) => KeySource::Single(key),
                KeyMode::Jwks {
                    source,
                    store,
                    skip_cache,
                    ..
                } => {
                    let kid = parse_token(&token).map_err(|e| to_js_error(&e))?.header.kid;
                    let kid = kid.ok_or_else(|| to_js_error(&TokenError::KidMismatch))?;
                    keyset = resolve(source, store, *skip_cache, &kid).await?;
                    KeySource::Set(&keyset)
                }
            };
            let now_ms = js_sys::Date::now();
            let mut prepared = prepare_verification(&token, keys).map_err(|e| to_js_error(&e))?;
            let valid = super::driver::signature_valid(
                prepared.alg,
                prepared.key,
                prepared.token.signing_input,
                &prepared.token.signature,
            )
            .await;
            // The verified payload text is the claims object: JS parses it once, no re-serialising.
            let json = std::mem::take(&mut prepared.token.payload_json);
            finish_verification(prepared, valid, &inner.claims, now_ms)
                .map_err(|e| to_js_error(&e))?;
            Ok(JsValue::from(json))
        })
    }
}

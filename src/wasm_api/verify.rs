//! `verifyToken` for JS: @clerk/backend's signature, WebCrypto signatures, per-isolate caches.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::options::verify_token_options;
use super::{reason_error, to_js_error};
use crate::crypto::webcrypto;
use crate::error::TokenError;
use crate::keys::{KeyError, PublicKey};
use crate::token::cache::{cache_key, VerifiedCache, DEFAULT_CAPACITY};
use crate::token::{finish_verification, prepare_verification, KeySource};

/// Parsed `jwtKey` strings kept per isolate (parsing a PEM costs more than a cached verify).
const MAX_PARSED_KEYS: usize = 16;

thread_local! {
    static PARSED_KEYS: RefCell<HashMap<String, Result<Rc<PublicKey>, KeyError>>> = RefCell::new(HashMap::new());
    static VERIFIED: RefCell<VerifiedCache<Rc<str>>> = RefCell::new(VerifiedCache::new(DEFAULT_CAPACITY));
}

/// Verifies a Clerk session token; resolves to its claims, rejects with an Error carrying `.reason`.
#[wasm_bindgen(js_name = verifyToken)]
pub async fn verify_token(token: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let now_ms = js_sys::Date::now();
    let token = match token.as_string() {
        Some(t) if !t.is_empty() => t,
        _ => return Err(to_js_error(&TokenError::Missing)),
    };
    let options = verify_token_options(&options)?;
    let Some(jwt_key) = options.jwt_key.as_deref() else {
        return Err(reason_error(
            "jwk-failed-to-resolve",
            "no verification key: pass jwtKey (the instance's PEM public key)",
        ));
    };
    let key = parsed_key(jwt_key).map_err(|e| to_js_error(&e))?;
    let cache_id = cache_key(&token, key.spki_sha256(), &options.claims);
    if !options.skip_cache {
        if let Some(json) = VERIFIED.with(|c| c.borrow_mut().get(&cache_id, now_ms)) {
            return js_sys::JSON::parse(&json);
        }
    }
    let prepared =
        prepare_verification(&token, KeySource::Single(&key)).map_err(|e| to_js_error(&e))?;
    let valid = webcrypto::verify_signature(
        prepared.alg,
        prepared.key,
        prepared.token.signing_input,
        &prepared.token.signature,
    )
    .await;
    let claims = finish_verification(prepared, valid, &options.claims, now_ms)
        .map_err(|e| to_js_error(&e))?;
    let json: Rc<str> = serde_json::to_string(&claims)
        .map_err(|_| {
            reason_error(
                "token-verification-failed",
                "claims could not be serialised",
            )
        })?
        .into();
    if let Some(exp) = claims.exp() {
        let skew = options.claims.clock_skew_ms;
        VERIFIED.with(|c| {
            c.borrow_mut()
                .insert(cache_id, json.clone(), exp as f64, skew, now_ms)
        });
    }
    js_sys::JSON::parse(&json)
}

fn parsed_key(text: &str) -> Result<Rc<PublicKey>, KeyError> {
    if let Some(found) = PARSED_KEYS.with(|m| m.borrow().get(text).cloned()) {
        return found;
    }
    let parsed = PublicKey::from_jwt_key(text).map(Rc::new);
    PARSED_KEYS.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= MAX_PARSED_KEYS {
            m.clear();
        }
        m.insert(text.to_owned(), parsed.clone());
    });
    parsed
}

//! `Verifier` for JS: options and key parsed once, then each token is verified through WebCrypto.
//!
//! The npm package keeps one `Verifier` per distinct options object (see
//! `js/src/api.mjs`) and its verified-token cache in JS, so a repeated token
//! never enters wasm and a fresh one pays only parsing, one signature check
//! and the claim checks.

use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::options::verify_token_options;
use super::{reason_error, to_js_error};
use crate::crypto::webcrypto;
use crate::error::TokenError;
use crate::keys::PublicKey;
use crate::token::{finish_verification, prepare_verification, ClaimOptions, KeySource};

/// A configured verifier: the parsed `jwtKey` and claim options of one `verifyToken` options object.
#[wasm_bindgen]
pub struct Verifier {
    inner: Rc<Inner>,
}

struct Inner {
    key: PublicKey,
    claims: ClaimOptions,
}

#[wasm_bindgen]
impl Verifier {
    /// Parses `verifyToken` options (`jwtKey`, `authorizedParties`, `audience`, `clockSkewInMs`); throws with `.reason`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Verifier, JsValue> {
        let options = verify_token_options(&options)?;
        let Some(jwt_key) = options.jwt_key.as_deref() else {
            return Err(reason_error(
                "jwk-failed-to-resolve",
                "no verification key: pass jwtKey (the instance's PEM public key)",
            ));
        };
        let key = PublicKey::from_jwt_key(jwt_key).map_err(|e| to_js_error(&e))?;
        Ok(Verifier {
            inner: Rc::new(Inner {
                key,
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
            let now_ms = js_sys::Date::now();
            let mut prepared = prepare_verification(&token, KeySource::Single(&inner.key))
                .map_err(|e| to_js_error(&e))?;
            let valid = webcrypto::verify_signature(
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

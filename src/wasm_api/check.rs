//! The synchronous half of `verifyToken` for JS hosts: everything except the signature check.
//!
//! `Verifier.check(token, nowMs)` parses the token, picks its key (from isolate
//! memory in JWKS mode), checks `alg` and the claims, and returns what WebCrypto
//! needs. The package's JS then calls `crypto.subtle.verify` itself, with a
//! `CryptoKey` it imports once per key. A fresh token so costs one synchronous
//! wasm call and one WebCrypto call, with no Rust futures in between.
//!
//! The claim verdict is computed here but reported only after the signature
//! verifies, so a forged token is always `token-invalid-signature`, whatever
//! its claims say. When the keys are not in memory (first call, refresh due,
//! `skipJwksCache`), `check` returns `undefined` and JS takes the async
//! `verify` path, which fetches them.

use std::cell::RefCell;
use std::collections::HashMap;

use wasm_bindgen::prelude::*;

use super::to_js_error;
use super::verify::{KeyMode, Verifier, JWKS};
use crate::error::TokenError;
use crate::jwks::cached_keys;
use crate::keys::{Algorithm, PublicKey};
use crate::token::{finish_verification, parse_token, prepare_parsed, KeySource};

/// Most keys given ids before the table is reset (ids are never reused, so JS caches stay sound).
const MAX_KEY_IDS: usize = 256;

#[wasm_bindgen(
    inline_js = "export function checked(keyId, alg, signature, signingInput, payload, claimsError) {
  return { keyId, alg, signature: signature.slice(), signingInput: signingInput.slice(), payload, claimsError };
}"
)]
extern "C" {
    /// Builds the result object in one boundary call, copying both byte views out of wasm memory.
    fn checked(
        key_id: u32,
        alg: u32,
        signature: &[u8],
        signing_input: &[u8],
        payload: &str,
        claims_error: JsValue,
    ) -> JsValue;
}

/// Small stable numbers for keys, so JS can cache one `CryptoKey` per key and algorithm.
#[derive(Default)]
struct KeyTable {
    ids: HashMap<[u8; 32], u32>,
    keys: HashMap<u32, PublicKey>,
    next: u32,
}

thread_local! {
    static KEY_TABLE: RefCell<KeyTable> = RefCell::new(KeyTable::default());
}

/// The id of `key` (by its SPKI digest), assigning a new one on first sight.
fn key_id(key: &PublicKey) -> u32 {
    KEY_TABLE.with(|table| {
        let mut table = table.borrow_mut();
        if let Some(id) = table.ids.get(key.spki_sha256()) {
            return *id;
        }
        if table.ids.len() >= MAX_KEY_IDS {
            table.ids.clear();
            table.keys.clear();
        }
        table.next = table.next.wrapping_add(1);
        let id = table.next;
        table.ids.insert(*key.spki_sha256(), id);
        table.keys.insert(id, key.clone());
        id
    })
}

fn with_key<T>(id: u32, f: impl FnOnce(&PublicKey) -> T) -> Option<T> {
    KEY_TABLE.with(|table| table.borrow().keys.get(&id).map(f))
}

fn alg_index(alg: Algorithm) -> u32 {
    Algorithm::ALL.iter().position(|a| *a == alg).unwrap_or(0) as u32
}

#[wasm_bindgen]
impl Verifier {
    /// Parses and checks `token` at `nowMs` up to the signature: `{ keyId, alg, signature, signingInput, payload, claimsError }`,
    /// or `undefined` when its keys must be loaded first (then use `verify`). Throws with `.reason` for malformed tokens.
    pub fn check(&self, token: &str, now_ms: f64) -> Result<JsValue, JsValue> {
        let parsed = parse_token(token).map_err(|e| to_js_error(&e))?;
        let keyset;
        let keys = match &self.inner.keys {
            KeyMode::Single(key) => KeySource::Single(key),
            KeyMode::Jwks {
                skip_cache: true, ..
            } => return Ok(JsValue::UNDEFINED),
            KeyMode::Jwks { scope, .. } => {
                let Some(kid) = parsed.header.kid.as_deref() else {
                    return Err(to_js_error(&TokenError::KidMismatch));
                };
                let found = JWKS.with(|cache| cached_keys(cache, scope, kid, now_ms));
                let Some(found) = found else {
                    return Ok(JsValue::UNDEFINED);
                };
                keyset = found;
                KeySource::Set(&keyset)
            }
        };
        let mut prepared = prepare_parsed(parsed, keys).map_err(|e| to_js_error(&e))?;
        let key_id = key_id(prepared.key);
        let alg = alg_index(prepared.alg);
        let signature = std::mem::take(&mut prepared.token.signature);
        let signing_input = prepared.token.signing_input;
        let payload = std::mem::take(&mut prepared.token.payload_json);
        let claims_error = match finish_verification(prepared, true, &self.inner.claims, now_ms) {
            Ok(_) => JsValue::UNDEFINED,
            Err(err) => to_js_error(&err),
        };
        Ok(checked(
            key_id,
            alg,
            &signature,
            signing_input,
            &payload,
            claims_error,
        ))
    }
}

/// The SPKI DER of key `keyId` from `Verifier.check` (for `crypto.subtle.importKey`), or `undefined` if forgotten.
#[wasm_bindgen(js_name = keySpki)]
pub fn key_spki(key_id: u32) -> Option<Vec<u8>> {
    with_key(key_id, |key| key.spki_der().to_vec())
}

/// Verifies a signature with the pure-Rust backend, for hosts whose WebCrypto lacks the algorithm
/// (`undefined` if the key was forgotten).
#[wasm_bindgen(js_name = verifySignatureInRust)]
pub fn verify_signature_in_rust(
    key_id: u32,
    alg: u32,
    signature: &[u8],
    signing_input: &[u8],
) -> Option<bool> {
    let alg = Algorithm::ALL.get(alg as usize).copied()?;
    with_key(key_id, |key| {
        crate::crypto::rust::verify_signature(alg, key, signing_input, signature)
    })
}

/// The `token-invalid-signature` error, exactly as the async path reports it.
#[wasm_bindgen(js_name = invalidSignatureError)]
pub fn invalid_signature_error() -> JsValue {
    to_js_error(&TokenError::InvalidSignature)
}

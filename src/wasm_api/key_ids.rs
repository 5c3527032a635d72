//! Small stable numbers for the keys `Verifier.checkBuffered` picks, so JS can cache one `CryptoKey`
//! per key and algorithm, plus the exports that take those numbers back.

use std::cell::RefCell;
use std::collections::HashMap;

use wasm_bindgen::prelude::*;

use super::to_js_error;
use crate::error::TokenError;
use crate::keys::PublicKey;

/// Most keys given ids before the table is reset (ids are never reused, so JS caches stay sound).
const MAX_KEY_IDS: usize = 256;

/// Keys by SPKI digest → id, and id → key.
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
pub(super) fn key_id(key: &PublicKey) -> u32 {
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

/// The SPKI DER of key `keyId` (for `crypto.subtle.importKey`), or `undefined` if forgotten.
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
    let alg = crate::js_contract::alg_of(alg)?;
    with_key(key_id, |key| {
        crate::crypto::rust::verify_signature(alg, key, signing_input, signature)
    })
}

/// The `token-invalid-signature` error, exactly as the async path reports it.
#[wasm_bindgen(js_name = invalidSignatureError)]
pub fn invalid_signature_error() -> JsValue {
    to_js_error(&TokenError::InvalidSignature)
}

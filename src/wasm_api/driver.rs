//! The package's one signature driver: `signatureCheck` of js/src/signature.mjs (node:crypto in
//! Node, WebCrypto with one imported key per key and algorithm elsewhere, the pure-Rust verifier
//! when the host lacks an algorithm), installed once when the wasm starts (js/src/init.mjs). Every
//! signature the package checks — the fast path, `verifyToken`'s async path and
//! `authenticateRequest` — goes through it, so there is one key cache on the JS side.

use std::cell::RefCell;

use js_sys::{Array, Function, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::key_ids::key_id;
use crate::crypto::webcrypto;
use crate::js_contract::alg_id;
use crate::keys::{Algorithm, PublicKey};

thread_local! {
    /// `signatureCheck` of js/src/signature.mjs, set at start.
    static DRIVER: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// Installs the package's signature driver: `(keyId, alg, signature, signingInput)` →
/// `true` / `false` / `undefined` (start over) or a promise of one.
#[wasm_bindgen(js_name = setSignatureDriver)]
pub fn set_signature_driver(driver: Function) {
    DRIVER.with(|d| *d.borrow_mut() = Some(driver));
}

/// Whether `signature` over `input` verifies with `key` under `alg`, asked of the driver (the
/// core's own WebCrypto call when no driver is installed or it cannot answer).
pub async fn signature_valid(
    alg: Algorithm,
    key: &PublicKey,
    input: &[u8],
    signature: &[u8],
) -> bool {
    let driver = DRIVER.with(|d| d.borrow().clone());
    if let Some(driver) = driver {
        let args = Array::of4(
            &key_id(key).into(),
            &alg_id(alg).into(),
            &Uint8Array::from(signature).into(),
            &Uint8Array::from(input).into(),
        );
        if let Ok(mut answer) = driver.apply(&JsValue::NULL, &args) {
            if let Some(promise) = answer.dyn_ref::<Promise>() {
                answer = JsFuture::from(promise.clone())
                    .await
                    .unwrap_or(JsValue::UNDEFINED);
            }
            if let Some(valid) = answer.as_bool() {
                return valid;
            }
        }
    }
    webcrypto::verify_signature(alg, key, input, signature).await
}

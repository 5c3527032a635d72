//! The synchronous half of `verifyToken` for JS hosts: everything except the signature check.
//!
//! `Verifier.checkBuffered(len, nowMs)` parses the token, picks its key (from isolate memory in
//! JWKS mode), checks `alg` and the claims, and leaves what WebCrypto needs in wasm memory. The
//! package's JS then calls `crypto.subtle.verify` itself, with a `CryptoKey` it imports once per
//! key. A fresh token so costs one synchronous wasm call and one WebCrypto call, with no Rust
//! futures in between.
//!
//! Nothing crosses the boundary as a JS string or object on the way: JS writes the token with
//! `TextEncoder.encodeInto` into a buffer owned here (`checkBuffer`) and reads the answer (key id,
//! algorithm, and where the signature, signing input and payload JSON lie) from fixed words
//! (`checkOutput`). Those byte ranges stay valid until the next check or until wasm memory grows,
//! so JS hands them to `crypto.subtle.verify` (which copies its inputs when called) or copies them
//! before it calls into wasm again.
//!
//! The claim verdict is computed here but reported only after the signature verifies, so a forged
//! token is always `token-invalid-signature`, whatever its claims say. When the keys are not in
//! memory (first call, refresh due, `skipJwksCache`), the answer is "needs keys" and JS takes the
//! async `verify` path, which fetches them.

use std::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;

use super::key_ids::key_id;
use super::to_js_error;
use super::verify::{KeyMode, Verifier, JWKS};
use crate::error::TokenError;
use crate::js_contract::alg_id;
use crate::jwks::cached_keys;
use crate::token::{finish_verification, parse_token, prepare_parsed, KeySource, MAX_TOKEN_BYTES};

// The status codes and the output-word layout are the generated contract's (js/generated/contract.mjs).
use crate::js_contract::{FAILED, NEEDS_KEYS, READY, READY_CLAIMS_FAILED};
/// Largest token buffer handed out: the token cap in UTF-16 units, at 3 UTF-8 bytes each.
const MAX_INPUT_BYTES: usize = 3 * MAX_TOKEN_BYTES;
/// The answer's words: key id, algorithm, then (address, length) of the signature, signing input
/// and payload JSON — in the order of [`crate::js_contract::OUTPUT_WORDS`].
const OUTPUT_WORDS: usize = crate::js_contract::OUTPUT_WORDS.len();

/// The buffers behind a check: the token JS wrote, and the decoded parts the output words point at.
#[derive(Default)]
struct Scratch {
    input: Vec<u8>,
    signature: Vec<u8>,
    payload: String,
    error: Option<JsValue>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
    static OUTPUT: [Cell<u32>; OUTPUT_WORDS] = const { [const { Cell::new(0) }; OUTPUT_WORDS] };
}

/// A token checked up to its signature.
struct Checked<'t> {
    key_id: u32,
    alg: u32,
    signature: Vec<u8>,
    signing_input: &'t [u8],
    payload: String,
    claims_error: Option<TokenError>,
}

/// The address of a buffer of at least `len` bytes for the next token (`0` when `len` exceeds what
/// any acceptable token needs). The address changes only when a longer buffer is asked for.
#[wasm_bindgen(js_name = checkBuffer)]
pub fn check_buffer(len: usize) -> usize {
    if len > MAX_INPUT_BYTES {
        return 0;
    }
    SCRATCH.with(|cell| {
        let mut scratch = cell.borrow_mut();
        if scratch.input.len() < len {
            scratch.input.resize(len, 0);
        }
        scratch.input.as_mut_ptr() as usize
    })
}

/// The address of the answer's words (fixed for the life of the instance).
#[wasm_bindgen(js_name = checkOutput)]
pub fn check_output() -> usize {
    OUTPUT.with(|words| words.as_ptr() as usize)
}

/// The error behind the last `FAILED` or `READY_CLAIMS_FAILED` answer (`undefined` once taken).
#[wasm_bindgen(js_name = takeCheckError)]
pub fn take_check_error() -> JsValue {
    SCRATCH.with(|cell| cell.borrow_mut().error.take().unwrap_or(JsValue::UNDEFINED))
}

/// This instance's `WebAssembly.Memory`, for reading the answer's byte ranges.
#[wasm_bindgen(js_name = wasmMemory)]
pub fn wasm_memory() -> JsValue {
    wasm_bindgen::memory()
}

#[wasm_bindgen]
impl Verifier {
    /// Checks the `len`-byte token in the check buffer at `nowMs`, up to the signature:
    /// 1 ready, 2 ready but the claims fail, 0 keys not in memory (use `verify`), -1 rejected.
    #[wasm_bindgen(js_name = checkBuffered)]
    pub fn check_buffered(&self, len: usize, now_ms: f64) -> i32 {
        SCRATCH.with(|cell| {
            let mut scratch = cell.borrow_mut();
            let input = std::mem::take(&mut scratch.input);
            let status = match self.check_bytes(input.get(..len), now_ms) {
                Ok(None) => NEEDS_KEYS,
                Ok(Some(checked)) => record(&mut scratch, checked),
                Err(err) => {
                    scratch.error = Some(to_js_error(&err));
                    FAILED
                }
            };
            scratch.input = input;
            status
        })
    }
}

impl Verifier {
    fn check_bytes<'t>(
        &self,
        bytes: Option<&'t [u8]>,
        now_ms: f64,
    ) -> Result<Option<Checked<'t>>, TokenError> {
        let bytes = bytes.ok_or(TokenError::Malformed("token longer than its buffer"))?;
        let token =
            std::str::from_utf8(bytes).map_err(|_| TokenError::Malformed("token is not UTF-8"))?;
        let parsed = parse_token(token)?;
        let keyset;
        let keys = match &self.inner.keys {
            KeyMode::Single(key) => KeySource::Single(key),
            KeyMode::Jwks {
                skip_cache: true, ..
            } => return Ok(None),
            KeyMode::Jwks { scope, .. } => {
                let kid = parsed
                    .header
                    .kid
                    .as_deref()
                    .ok_or(TokenError::KidMismatch)?;
                let Some(found) = JWKS.with(|cache| cached_keys(cache, scope, kid, now_ms)) else {
                    return Ok(None);
                };
                keyset = found;
                KeySource::Set(&keyset)
            }
        };
        let mut prepared = prepare_parsed(parsed, keys)?;
        let key_id = key_id(prepared.key);
        let alg = alg_id(prepared.alg);
        let signature = std::mem::take(&mut prepared.token.signature);
        let signing_input = prepared.token.signing_input;
        let payload = std::mem::take(&mut prepared.token.payload_json);
        let claims_error = finish_verification(prepared, true, &self.inner.claims, now_ms).err();
        Ok(Some(Checked {
            key_id,
            alg,
            signature,
            signing_input,
            payload,
            claims_error,
        }))
    }
}

/// Keeps the checked parts alive in `scratch` and writes where they lie into the output words.
fn record(scratch: &mut Scratch, checked: Checked<'_>) -> i32 {
    scratch.signature = checked.signature;
    scratch.payload = checked.payload;
    let words = [
        checked.key_id,
        checked.alg,
        scratch.signature.as_ptr() as u32,
        scratch.signature.len() as u32,
        checked.signing_input.as_ptr() as u32,
        checked.signing_input.len() as u32,
        scratch.payload.as_ptr() as u32,
        scratch.payload.len() as u32,
    ];
    OUTPUT.with(|out| {
        for (cell, word) in out.iter().zip(words) {
            cell.set(word);
        }
    });
    match checked.claims_error {
        None => READY,
        Some(err) => {
            scratch.error = Some(to_js_error(&err));
            READY_CLAIMS_FAILED
        }
    }
}

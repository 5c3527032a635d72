//! Machine-token verdicts for the wasm hosts: isolate memory in front of a store (Workers KV or a
//! user's `{get, put}`), and single-flight Backend API calls. The core decides what is stored and
//! whether it is still fresh; this module only keeps strings.

use std::cell::RefCell;
use std::collections::HashMap;

use js_sys::{Array, Promise, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use super::{host_send, host_store_get, host_store_put};
use crate::http::{HttpRequest, HttpResponse, TransportError};

/// Most verdicts kept in isolate memory; the map is cleared when full.
const MEMORY_CAPACITY: usize = 10_000;
/// How long a verdict read from the store stays in memory (the core still checks its own age).
const FROM_STORE_MS: f64 = 30_000.0;
/// Workers KV's shortest `expirationTtl`.
const MIN_STORE_TTL_S: u32 = 60;
/// Time budgets of store calls.
const STORE_GET_TIMEOUT_MS: u32 = 1_000;
const STORE_PUT_TIMEOUT_MS: u32 = 2_000;

thread_local! {
    /// key → (verdict text, kept until ms).
    static MEMORY: RefCell<HashMap<String, (String, f64)>> = RefCell::new(HashMap::new());
    /// key → the Backend API call in flight for it.
    static IN_FLIGHT: RefCell<HashMap<String, Promise>> = RefCell::new(HashMap::new());
}

fn remember(key: &str, text: String, until: f64) {
    MEMORY.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= MEMORY_CAPACITY {
            m.clear();
        }
        m.insert(key.to_string(), (text, until));
    });
}

/// The verdict stored under `key`: isolate memory first, then `store`.
pub async fn load(key: &str, store: Option<&JsValue>, now_ms: f64) -> Option<String> {
    let cached = MEMORY.with(|m| {
        let mut m = m.borrow_mut();
        match m.get(key) {
            Some((text, until)) if *until > now_ms => Some(text.clone()),
            Some(_) => {
                m.remove(key);
                None
            }
            None => None,
        }
    });
    if cached.is_some() {
        return cached;
    }
    let store = store?;
    let text = JsFuture::from(host_store_get(store, key, STORE_GET_TIMEOUT_MS))
        .await
        .ok()?
        .as_string()?;
    remember(key, text.clone(), now_ms + FROM_STORE_MS);
    Some(text)
}

/// Keeps a verdict for `ttl_ms` in memory and (at least KV's minimum) in `store`; the store write
/// goes to `defer` when given (e.g. `waitUntil`), else it is awaited.
pub async fn save(
    key: &str,
    text: String,
    ttl_ms: u64,
    store: Option<&JsValue>,
    now_ms: f64,
    defer: Option<&dyn Fn(Promise)>,
) {
    remember(key, text.clone(), now_ms + ttl_ms as f64);
    let Some(store) = store else { return };
    let ttl_s = u32::try_from(ttl_ms.div_ceil(1000))
        .unwrap_or(u32::MAX)
        .max(MIN_STORE_TTL_S);
    let put = host_store_put(store, key, &text, STORE_PUT_TIMEOUT_MS, ttl_s);
    match defer {
        Some(defer) => defer(put),
        None => {
            let _ = JsFuture::from(put).await;
        }
    }
}

/// Sends `request`, sharing one call among concurrent lookups of the same `key`.
pub async fn send_shared(
    key: &str,
    request: HttpRequest,
    timeout_ms: u32,
    max_bytes: usize,
) -> Result<HttpResponse, TransportError> {
    let promise = IN_FLIGHT.with(|f| f.borrow().get(key).cloned());
    let promise = match promise {
        Some(promise) => promise,
        None => {
            let promise = future_to_promise(async move {
                match host_send(&request, timeout_ms, max_bytes).await {
                    Ok(response) => Ok(Array::of2(
                        &response.status.into(),
                        &Uint8Array::from(response.body.as_slice()).into(),
                    )
                    .into()),
                    Err(err) => Err(JsValue::from_str(&err.to_string())),
                }
            });
            IN_FLIGHT.with(|f| f.borrow_mut().insert(key.to_string(), promise.clone()));
            promise
        }
    };
    let answer = JsFuture::from(promise).await;
    IN_FLIGHT.with(|f| f.borrow_mut().remove(key));
    let answer = answer.map_err(|e| {
        TransportError::Network(e.as_string().unwrap_or_else(|| "fetch failed".into()))
    })?;
    let pair: Array = answer.unchecked_into();
    Ok(HttpResponse {
        status: pair.get(0).as_f64().unwrap_or(0.0) as u16,
        headers: Vec::new(),
        body: pair.get(1).unchecked_into::<Uint8Array>().to_vec(),
    })
}

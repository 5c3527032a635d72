//! `BackendClient` for JS: the Backend API client over the host's `fetch`, driven by the npm
//! package's generated operation table (`js/generated/backend-ops.mjs`).
//!
//! JS passes each call as data (method, path template, path values, query, body); request
//! building, the retry loop and answer/error parsing happen here, in the sans-IO core.

use std::rc::Rc;

use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::{reason_error, to_js_error};
use crate::backend::{
    parse_call, prepare_call, BackendError, CallBody, CallPart, ClerkClient, ClientConfig,
    FilePart, RetryPolicy,
};
use crate::error::Reason;
use crate::runtime::{HostClock, HostHttp, DEFAULT_TIMEOUT_MS};

/// `retry` of `createClerkClient`: `[maxAttempts, baseDelayInMs, maxDelayInMs, maxElapsedInMs,
/// maxRetryAfterInMs]`, each `NaN` for the default; `None` disables retries.
fn policy(retry: Option<Vec<f64>>) -> RetryPolicy {
    let Some(v) = retry else {
        return RetryPolicy::disabled();
    };
    let d = RetryPolicy::default();
    let get = |i: usize, default: u64| match v.get(i) {
        Some(x) if x.is_finite() && *x >= 0.0 => *x as u64,
        _ => default,
    };
    RetryPolicy {
        max_attempts: get(0, d.max_attempts.into()).clamp(1, 10) as u32,
        base_delay_ms: get(1, d.base_delay_ms),
        max_delay_ms: get(2, d.max_delay_ms),
        max_elapsed_ms: get(3, d.max_elapsed_ms),
        max_retry_after_ms: get(4, d.max_retry_after_ms),
    }
}

fn invalid(message: &str) -> JsValue {
    reason_error("options-invalid", message)
}

fn set(obj: &JsValue, key: &str, value: JsValue) {
    let _ = Reflect::set(obj, &key.into(), &value);
}

/// A JS `Error` for a failed call: `.reason`, `.status`, `.errors`, `.clerkTraceId`, `.retryAfter`
/// (API answers) or `.bodyExcerpt` (undecodable answers). Messages never contain the secret key.
fn backend_error(err: &BackendError) -> JsValue {
    let js = to_js_error(err);
    match err {
        BackendError::Api {
            status,
            errors,
            clerk_trace_id,
            retry_after,
        } => {
            set(&js, "status", (*status).into());
            let list = Array::new();
            for e in errors {
                let o: JsValue = Object::new().into();
                set(&o, "code", e.code.as_str().into());
                set(&o, "message", e.message.as_str().into());
                if let Some(l) = &e.long_message {
                    set(&o, "longMessage", l.as_str().into());
                }
                let meta = e.meta.as_ref().and_then(|m| serde_json::to_string(m).ok());
                let meta = meta
                    .and_then(|m| js_sys::JSON::parse(&m).ok())
                    .unwrap_or_else(|| Object::new().into());
                set(&o, "meta", meta);
                list.push(&o);
            }
            set(&js, "errors", list.into());
            set(&js, "clerkTraceId", clerk_trace_id.as_deref().into());
            set(&js, "retryAfter", retry_after.map(|s| s as f64).into());
        }
        BackendError::Decode {
            status,
            body_excerpt,
        } => {
            set(&js, "status", (*status).into());
            set(&js, "bodyExcerpt", body_excerpt.as_str().into());
        }
        _ => {}
    }
    js
}

/// A configured Backend API client (secret key, URL, version, timeout, retry policy).
#[wasm_bindgen]
pub struct BackendClient {
    inner: Rc<ClerkClient<HostHttp, HostClock>>,
}

#[wasm_bindgen]
impl BackendClient {
    /// A client for `secret_key` (validated here; throws `options-invalid`), with the optional API
    /// URL and version, a per-attempt timeout and a retry policy (see `policy`).
    #[wasm_bindgen(constructor)]
    pub fn new(
        secret_key: &str,
        api_url: Option<String>,
        api_version: Option<String>,
        timeout_ms: Option<u32>,
        retry: Option<Vec<f64>>,
    ) -> Result<BackendClient, JsValue> {
        let secret = secret_key.trim();
        if secret.is_empty() {
            return Err(invalid(
                "createClerkClient needs secretKey (the instance's sk_test_… / sk_live_… key)",
            ));
        }
        let mut config = ClientConfig::new(secret);
        if let Some(url) = api_url.filter(|u| !u.is_empty()) {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(invalid("apiUrl must be an http(s) URL"));
            }
            config = config.with_api_url(url);
        }
        if let Some(v) = api_version.filter(|v| !v.is_empty()) {
            config = config.with_api_version(v);
        }
        let http = HostHttp {
            timeout_ms: timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS),
        };
        let client = ClerkClient::new(config, http).with_retries(policy(retry), HostClock);
        Ok(BackendClient {
            inner: Rc::new(client),
        })
    }

    /// Calls one operation; resolves to the answer's JSON text (`undefined` for an empty answer).
    ///
    /// `parts` (multipart bodies) holds `[name, text]` or `[name, bytes, filename, type]` arrays.
    pub fn call(
        &self,
        method: &str,
        path: &str,
        path_values: Vec<String>,
        query_json: Option<String>,
        body_json: Option<String>,
        parts: Option<Array>,
    ) -> Promise {
        let prepared = prepare(
            self.inner.config(),
            method,
            path,
            &path_values,
            query_json,
            body_json,
            parts,
        );
        let inner = self.inner.clone();
        future_to_promise(async move {
            let request = prepared?;
            let resp = inner
                .execute(request)
                .await
                .map_err(|e| backend_error(&e))?;
            let text = parse_call(&resp).map_err(|e| backend_error(&e))?;
            Ok(text.map(JsValue::from).unwrap_or(JsValue::UNDEFINED))
        })
    }
}

fn prepare(
    config: &ClientConfig,
    method: &str,
    path: &str,
    path_values: &[String],
    query_json: Option<String>,
    body_json: Option<String>,
    parts: Option<Array>,
) -> Result<crate::http::HttpRequest, JsValue> {
    let query: serde_json::Map<String, serde_json::Value> = match query_json {
        Some(q) => serde_json::from_str(&q).map_err(|_| invalid("query must be a JSON object"))?,
        None => Default::default(),
    };
    let body = match (body_json, parts) {
        (Some(json), _) => CallBody::Json(json.into_bytes()),
        (None, Some(parts)) => {
            CallBody::Multipart(parts.iter().map(|p| part(&Array::from(&p))).collect())
        }
        (None, None) => CallBody::None,
    };
    prepare_call(config, method, path, path_values, &query, body)
        .map_err(|e| reason_error(e.reason(), &e.to_string()))
}

fn part(p: &Array) -> (String, CallPart) {
    let name = p.get(0).as_string().unwrap_or_default();
    let value = p.get(1);
    if let Some(text) = value.as_string() {
        return (name, CallPart::Text(text));
    }
    let file = FilePart {
        data: Uint8Array::new(&value).to_vec(),
        filename: p.get(2).as_string().unwrap_or_else(|| "file".into()),
        content_type: p.get(3).as_string().unwrap_or_default(),
    };
    (name, CallPart::File(file))
}

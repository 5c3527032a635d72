//! `verifyWebhook` for the JS package: one call that checks a whole webhook request.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;

use super::{reason_error, to_js_error};
use crate::webhooks::{verify_webhook, MAX_BODY_BYTES};

/// Verifies a webhook (`[name, value]` header pairs, the raw body, the `whsec_…` secret) at the host's
/// current time; returns the parsed event or throws a `ClerkEdgeError` with a `webhook-*` `.reason`.
#[wasm_bindgen(js_name = verifyWebhook)]
pub fn verify_webhook_js(
    headers: Array,
    body: Uint8Array,
    signing_secret: Option<String>,
) -> Result<JsValue, JsValue> {
    let pairs: Vec<(String, String)> = headers
        .iter()
        .filter_map(|pair| {
            let pair = Array::from(&pair);
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect();
    // Copy at most one byte past the cap into wasm memory: the core refuses anything longer anyway.
    let cap = u32::try_from(MAX_BODY_BYTES + 1).unwrap_or(u32::MAX);
    let bytes = body.subarray(0, body.length().min(cap)).to_vec();
    let now_ms = js_sys::Date::now().max(0.0) as u64;
    let secret = signing_secret.unwrap_or_default();
    let event = verify_webhook(&pairs, &bytes, &secret, now_ms).map_err(|e| to_js_error(&e))?;
    // The body is a JSON object with unique member names (checked), so JS's own parse of the same
    // text gives the same event, numbers included.
    let text = std::str::from_utf8(event.raw_body())
        .map_err(|_| reason_error("webhook-body-invalid", "webhook body is not UTF-8"))?;
    js_sys::JSON::parse(text)
        .map_err(|_| reason_error("webhook-body-invalid", "webhook body is not valid JSON"))
}

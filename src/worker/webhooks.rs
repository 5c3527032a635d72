//! Webhook routes in the guard: read the body (bounded), verify it with the sans-IO gate, then
//! forward the very same bytes with `x-clerk-webhook-id` / `-event`, or answer `400` with the reason.

use std::rc::Rc;

use js_sys::{Promise, Uint8Array};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use worker::{console_log, web_sys};

use super::config::GuardConfig;
use super::responses;
use crate::error::Reason;
use crate::guard::incoming::Incoming;
use crate::guard::webhook_gate::verify_for_origin;
use crate::webhooks::{WebhookError, MAX_BODY_BYTES};

/// Verifies the webhook in `req` and forwards it, or answers `400`.
pub fn verify_and_forward(
    req: web_sys::Request,
    incoming: Incoming,
    config: Rc<GuardConfig>,
    fetcher: JsValue,
) -> Promise {
    future_to_promise(async move {
        let refused = |err: &WebhookError| -> Result<JsValue, JsValue> {
            console_log!("clerk-edge: webhook refused ({}): {err}", err.reason());
            Ok(responses::webhook_refused(err.reason())
                .map(JsValue::from)
                .unwrap_or(JsValue::UNDEFINED))
        };
        let body = match req.array_buffer() {
            Ok(promise) => JsFuture::from(promise).await.ok(),
            Err(_) => None,
        };
        let Some(body) = body.map(|b| Uint8Array::new(&b)) else {
            return refused(&WebhookError::BodyInvalid("the body could not be read"));
        };
        if body.length() as usize > MAX_BODY_BYTES {
            return refused(&WebhookError::BodyTooLarge {
                max: MAX_BODY_BYTES,
            });
        }
        let bytes = body.to_vec();
        let secret = config.webhook_secret.as_deref().unwrap_or_default();
        let now_ms = js_sys::Date::now() as u64;
        match verify_for_origin(&incoming, &bytes, secret, now_ms) {
            Ok(headers) => {
                let sent = super::forward(
                    &req,
                    &incoming,
                    &config,
                    &fetcher,
                    &headers,
                    &[],
                    Some(&body),
                );
                JsFuture::from(sent).await
            }
            Err(err) => refused(&err),
        }
    })
}

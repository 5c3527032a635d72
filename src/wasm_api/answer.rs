//! `decideAnswer` for the package's adapters (`withAuth`, `requireAuth`, `clerk-edge/hono`): the
//! guard's answer policy ([`crate::guard::answer_policy`]) over a state `authenticateRequest`
//! decided, so the adapters answer exactly as the guard does and hold no rule of their own.

use js_sys::Array;
use serde::Deserialize;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

use super::reason_error;
use crate::auth::{AuthStatus, RequestView};
use crate::config::PublishableKey;
use crate::guard::answer_policy::{
    decide, default_sign_in_url, AnswerPolicy, Decision, LogLevel, SessionRequirement, StateView,
};

/// The members of a state's JSON (see `state_json` in `request.rs`) the policy reads.
#[derive(Deserialize)]
struct StateJson {
    status: String,
    reason: Option<String>,
    message: Option<String>,
    headers: Vec<(String, String)>,
    claims: Option<Value>,
}

/// Decides the answer to a request `authenticateRequest` decided (its state's JSON text), as the
/// guard does. `signInUrl` defaults to the instance's Account Portal; `requireSession` answers
/// signed-out requests (401 or sign-in redirect) instead of letting them through.
///
/// Returns JSON: `{"action":"continue","headers":[[n,v]…]}` (headers to add to the handler's
/// response) or `{"action":"respond","status","headers","body","log":{"level","text"}|null}`.
#[allow(clippy::too_many_arguments)] // a flat call from JS, one value per argument
#[wasm_bindgen(js_name = decideAnswer)]
pub fn decide_answer(
    state_json: &str,
    method: String,
    url: String,
    headers: Array,
    sign_in_url: Option<String>,
    publishable_key: &str,
    treat_pending_as_signed_out: bool,
    require_session: bool,
) -> Result<String, JsValue> {
    let state: StateJson = serde_json::from_str(state_json)
        .map_err(|_| reason_error("options-invalid", "the request state could not be read"))?;
    let status = match state.status.as_str() {
        "signed-in" => AuthStatus::SignedIn,
        "handshake" => AuthStatus::Handshake,
        _ => AuthStatus::SignedOut,
    };
    let pending = status == AuthStatus::SignedIn
        && state
            .claims
            .as_ref()
            .and_then(|c| c.get("sts"))
            .and_then(Value::as_str)
            == Some("pending");
    let sign_in_url = match sign_in_url.filter(|u| !u.trim().is_empty()) {
        Some(url) if url.bytes().all(|b| (b'!'..=b'~').contains(&b)) => url,
        Some(_) => {
            return Err(reason_error(
                "options-invalid",
                "signInUrl must be a URL (visible ASCII, no spaces)",
            ))
        }
        None => {
            let key = PublishableKey::parse(publishable_key).map_err(|e| super::to_js_error(&e))?;
            default_sign_in_url(&key.frontend_api)
        }
    };
    let pairs: Vec<(String, String)> = headers
        .iter()
        .filter_map(|pair| {
            let pair = Array::from(&pair);
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect();
    let view = StateView {
        status,
        reason: state.reason.as_deref(),
        message: state.message.as_deref().unwrap_or_default(),
        headers: &state.headers,
        pending,
    };
    let request = RequestView {
        method: &method,
        url: &url,
        headers: &pairs,
    };
    let policy = AnswerPolicy {
        sign_in_url: &sign_in_url,
        treat_pending_as_signed_out,
        requirement: if require_session {
            SessionRequirement::Required
        } else {
            SessionRequirement::Optional
        },
    };
    let out = match decide(view, &request, &policy) {
        Decision::Continue { response_headers } => {
            json!({ "action": "continue", "headers": response_headers })
        }
        Decision::Respond(answer) => json!({
            "action": "respond",
            "status": answer.status,
            "headers": answer.headers,
            "body": answer.body,
            "log": answer.log.map(|log| json!({
                "level": match log.level { LogLevel::Warn => "warn", LogLevel::Info => "info" },
                "text": log.text,
            })),
        }),
    };
    Ok(out.to_string())
}

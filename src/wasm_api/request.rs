//! Request-level helpers for the JS `authenticateRequest`: finding the token, the `Auth` view and `has()`.

use js_sys::Array;
use wasm_bindgen::prelude::*;

use super::{reason_error, to_js_error};
use crate::auth::request::{cookie_suffix, find_session_token};
use crate::auth::{Auth, AuthCheck};
use crate::token::claims::SessionClaims;
use crate::token::parse::MAX_TOKEN_BYTES;

/// Finds the session token in `[name, value]` header pairs; `{ token, carrier }`, `null`, or throws (`token-invalid`).
#[wasm_bindgen(js_name = findSessionToken)]
pub fn find_token(headers: Array, publishable_key: Option<String>) -> Result<JsValue, JsValue> {
    let pairs: Vec<(String, String)> = headers
        .iter()
        .filter_map(|pair| {
            let pair = Array::from(&pair);
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect();
    let suffix = publishable_key.as_deref().map(cookie_suffix);
    let found = find_session_token(&pairs, suffix.as_deref()).map_err(|e| to_js_error(&e))?;
    let Some(source) = found else {
        return Ok(JsValue::NULL);
    };
    let out = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&out, &"token".into(), &source.token.into());
    let _ = js_sys::Reflect::set(&out, &"carrier".into(), &source.carrier.as_str().into());
    Ok(out.into())
}

fn claims_from_json(payload: &str) -> Result<SessionClaims, JsValue> {
    if payload.len() > MAX_TOKEN_BYTES {
        return Err(reason_error("token-invalid", "claims are too large"));
    }
    let map = serde_json::from_str(payload)
        .map_err(|_| reason_error("token-invalid", "claims are not a JSON object"))?;
    SessionClaims::from_payload(map).map_err(|e| to_js_error(&e))
}

/// The signed-in auth object (`userId`, `sessionId`, `orgId`, `orgRole`, `orgPermissions`, …) as JSON text.
#[wasm_bindgen(js_name = authObjectJson)]
pub fn auth_object_json(payload_json: &str) -> Result<String, JsValue> {
    let claims = claims_from_json(payload_json)?;
    serde_json::to_string(&Auth::new(&claims)).map_err(|_| {
        reason_error(
            "token-verification-failed",
            "auth object could not be serialised",
        )
    })
}

/// `has({ permission | role | feature | plan })` over verified claims; unknown or malformed checks are `false`.
#[wasm_bindgen(js_name = authHas)]
pub fn auth_has(payload_json: &str, check_json: &str) -> bool {
    let Ok(claims) = claims_from_json(payload_json) else {
        return false;
    };
    let Ok(check) = serde_json::from_str::<AuthCheck>(check_json) else {
        return false;
    };
    Auth::new(&claims).has(&check)
}

/// Clerk's cookie suffix for a publishable key (`__session_<suffix>`).
#[wasm_bindgen(js_name = cookieSuffix)]
pub fn cookie_suffix_js(publishable_key: &str) -> String {
    cookie_suffix(publishable_key)
}

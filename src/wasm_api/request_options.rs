//! Reading `authenticateRequest`'s own options from JS: `acceptsToken`, `machineTokenCache` and the
//! optional stores; each wrong value is an `options-invalid` error naming the option.

use js_sys::Array;
use wasm_bindgen::prelude::*;

use crate::auth::machine::verdicts::{VerdictLifetimes, MAX_VERDICT_MS};
use crate::auth::AcceptsToken;

/// `acceptsToken`: a type name, `'any'`, or an array of type names (default `'session_token'`).
pub(super) fn accepts_token(options: &JsValue) -> Result<AcceptsToken, JsValue> {
    let value = js_sys::Reflect::get(options, &"acceptsToken".into()).unwrap_or(JsValue::UNDEFINED);
    let invalid =
        |e: crate::auth::UnknownTokenType| super::reason_error("options-invalid", &e.to_string());
    if value.is_undefined() || value.is_null() {
        return Ok(AcceptsToken::default());
    }
    if let Some(name) = value.as_string() {
        return AcceptsToken::from_name(&name).map_err(invalid);
    }
    if Array::is_array(&value) {
        let names: Option<Vec<String>> =
            Array::from(&value).iter().map(|v| v.as_string()).collect();
        if let Some(names) = names {
            return AcceptsToken::from_names(&names).map_err(invalid);
        }
    }
    Err(super::reason_error(
        "options-invalid",
        "acceptsToken must be a token type name, 'any', or an array of token type names",
    ))
}

/// `machineTokenCache`: `false` turns the verdict cache off; `{ positiveTtlMs, negativeTtlMs }` sets
/// its lifetimes (defaults 60 000 and 30 000, at most one hour).
pub(super) fn machine_token_cache(options: &JsValue) -> Result<VerdictLifetimes, JsValue> {
    let value =
        js_sys::Reflect::get(options, &"machineTokenCache".into()).unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() || value.is_null() || value == JsValue::TRUE {
        return Ok(VerdictLifetimes::default());
    }
    if value == JsValue::FALSE {
        return Ok(VerdictLifetimes::OFF);
    }
    if !value.is_object() {
        return Err(super::reason_error(
            "options-invalid",
            "machineTokenCache must be false or { positiveTtlMs, negativeTtlMs }",
        ));
    }
    let mut lifetimes = VerdictLifetimes::default();
    for (name, slot) in [
        ("positiveTtlMs", &mut lifetimes.positive_ms),
        ("negativeTtlMs", &mut lifetimes.negative_ms),
    ] {
        let v = js_sys::Reflect::get(&value, &name.into()).unwrap_or(JsValue::UNDEFINED);
        if v.is_undefined() {
            continue;
        }
        match v.as_f64() {
            Some(ms) if ms.is_finite() && ms >= 0.0 => *slot = (ms as u64).min(MAX_VERDICT_MS),
            _ => {
                return Err(super::reason_error(
                    "options-invalid",
                    &format!("machineTokenCache.{name} must be a non-negative number"),
                ))
            }
        }
    }
    Ok(lifetimes)
}

/// An optional `{get, put}` store option.
pub(super) fn optional_store(options: &JsValue, name: &str) -> Result<Option<JsValue>, JsValue> {
    let value = js_sys::Reflect::get(options, &name.into()).unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    if !crate::runtime::is_store(&value) {
        return Err(super::reason_error(
            "options-invalid",
            &format!("{name} must have async get(key) and put(key, value)"),
        ));
    }
    Ok(Some(value))
}

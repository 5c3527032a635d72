//! Reading @clerk/backend-style option objects from JS values, strictly.

use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;

use super::reason_error;
use crate::token::ClaimOptions;

/// Reason code for option objects of the wrong shape.
const OPTIONS_INVALID: &str = "options-invalid";

/// The `verifyToken` options this build understands.
pub(crate) struct VerifyTokenOptions {
    /// `jwtKey`: PEM / bare base64 / JWK of the instance's public key.
    pub jwt_key: Option<String>,
    /// Claim-check options (`authorizedParties`, `audience`, `clockSkewInMs`).
    pub claims: ClaimOptions,
    /// `secretKey`: fetch the JWKS from the Backend API.
    pub secret_key: Option<String>,
    /// `publishableKey`: fetch the JWKS from the Frontend API when no secret key is set.
    pub publishable_key: Option<String>,
    /// `apiUrl` (default `https://api.clerk.com`).
    pub api_url: Option<String>,
    /// `apiVersion` (default `v1`).
    pub api_version: Option<String>,
    /// `skipJwksCache`: fetch the JWKS on every call (no memory or store caching).
    pub skip_jwks_cache: bool,
    /// `jwksStore`: an object with async `get`/`put` of strings, shared across isolates.
    pub jwks_store: Option<JsValue>,
}

/// Parses the options object; `undefined`/`null` means all defaults.
pub(crate) fn verify_token_options(options: &JsValue) -> Result<VerifyTokenOptions, JsValue> {
    let mut out = VerifyTokenOptions {
        jwt_key: None,
        claims: ClaimOptions::default(),
        secret_key: None,
        publishable_key: None,
        api_url: None,
        api_version: None,
        skip_jwks_cache: false,
        jwks_store: None,
    };
    if options.is_undefined() || options.is_null() {
        return Ok(out);
    }
    if !options.is_object() {
        return Err(reason_error(OPTIONS_INVALID, "options must be an object"));
    }
    out.jwt_key = optional_string(options, "jwtKey")?;
    out.secret_key = optional_string(options, "secretKey")?;
    out.publishable_key = optional_string(options, "publishableKey")?;
    out.api_url = optional_string(options, "apiUrl")?;
    out.api_version = optional_string(options, "apiVersion")?;
    out.skip_jwks_cache = get(options, "skipJwksCache")?.as_bool().unwrap_or(false);
    let store = get(options, "jwksStore")?;
    if !store.is_undefined() && !store.is_null() {
        if !crate::runtime::is_store(&store) {
            return Err(reason_error(
                OPTIONS_INVALID,
                "jwksStore must have async get(key) and put(key, value)",
            ));
        }
        out.jwks_store = Some(store);
    }
    if let Some(parties) = string_list(options, "authorizedParties")? {
        out.claims.authorized_parties = parties;
    }
    out.claims.audience = string_list(options, "audience")?;
    let skew = get(options, "clockSkewInMs")?;
    if !skew.is_undefined() {
        match skew.as_f64() {
            Some(ms) if ms.is_finite() && ms >= 0.0 => out.claims.clock_skew_ms = ms as u64,
            _ => {
                return Err(reason_error(
                    OPTIONS_INVALID,
                    "clockSkewInMs must be a non-negative number",
                ))
            }
        }
    }
    Ok(out)
}

fn get(obj: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    Reflect::get(obj, &key.into())
        .map_err(|_| reason_error(OPTIONS_INVALID, "options could not be read"))
}

pub(crate) fn optional_string(obj: &JsValue, key: &str) -> Result<Option<String>, JsValue> {
    let v = get(obj, key)?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_string()
        .map(Some)
        .ok_or_else(|| reason_error(OPTIONS_INVALID, &format!("{key} must be a string")))
}

/// `organizationSyncOptions` (`undefined`/`null` → none): its two pattern lists.
pub(crate) fn organization_sync_options(
    options: &JsValue,
) -> Result<crate::auth::OrganizationSyncOptions, JsValue> {
    let sync = get(options, "organizationSyncOptions")?;
    if sync.is_undefined() || sync.is_null() {
        return Ok(Default::default());
    }
    if !sync.is_object() {
        return Err(reason_error(
            OPTIONS_INVALID,
            "organizationSyncOptions must be an object",
        ));
    }
    Ok(crate::auth::OrganizationSyncOptions {
        organization_patterns: string_list(&sync, "organizationPatterns")?,
        personal_account_patterns: string_list(&sync, "personalAccountPatterns")?,
    })
}

/// A string or an array of strings (`undefined`/`null` → `None`).
fn string_list(obj: &JsValue, key: &str) -> Result<Option<Vec<String>>, JsValue> {
    let v = get(obj, key)?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    if let Some(s) = v.as_string() {
        return Ok(Some(vec![s]));
    }
    if !Array::is_array(&v) {
        return Err(reason_error(
            OPTIONS_INVALID,
            &format!("{key} must be a string or an array of strings"),
        ));
    }
    Array::from(&v)
        .iter()
        .map(|item| {
            item.as_string().ok_or_else(|| {
                reason_error(OPTIONS_INVALID, &format!("{key} must contain only strings"))
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// A boolean option: `true` / `false`, or unset (`undefined` / `null`) for `false`.
pub(crate) fn optional_bool(options: &JsValue, name: &str) -> Result<bool, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(false);
    }
    let value = get(options, name)?;
    if value.is_undefined() || value.is_null() {
        return Ok(false);
    }
    value
        .as_bool()
        .ok_or_else(|| reason_error(OPTIONS_INVALID, &format!("{name} must be a boolean")))
}

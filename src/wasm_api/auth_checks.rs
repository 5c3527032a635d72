//! Small synchronous exports behind the JS auth object: `has()` checks over claims or a machine
//! token's scopes, and the cookie suffix of a publishable key.

use wasm_bindgen::prelude::*;

/// `has({ scope })` for a machine token's scopes (JSON array); other checks are `false`.
#[wasm_bindgen(js_name = scopesHave)]
pub fn scopes_have(scopes_json: &str, check_json: &str) -> bool {
    let Ok(scopes) = serde_json::from_str::<Vec<String>>(scopes_json) else {
        return false;
    };
    crate::auth::machine::scope_check(&scopes, check_json)
}

/// `has({ permission | role | feature | plan })` over a signed-in state's claims (JSON); unknown
/// or malformed checks are `false`.
#[wasm_bindgen(js_name = authHas)]
pub fn auth_has(claims_json: &str, check_json: &str) -> bool {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str(claims_json) else {
        return false;
    };
    let Ok(claims) = crate::token::claims::SessionClaims::from_payload(map) else {
        return false;
    };
    let Ok(check) = serde_json::from_str::<crate::auth::AuthCheck>(check_json) else {
        return false;
    };
    crate::auth::Auth::new(&claims).has(&check)
}

/// Clerk's cookie suffix for a publishable key (`__session_<suffix>`).
#[wasm_bindgen(js_name = cookieSuffix)]
pub fn cookie_suffix_js(publishable_key: &str) -> String {
    crate::auth::cookies::cookie_suffix(publishable_key)
}

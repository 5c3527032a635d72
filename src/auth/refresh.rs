//! Server-side session refresh (browser-session.md §2.4): an expired session token plus the
//! `__refresh_<suffix>` cookie, exchanged at the Backend API for fresh cookies on a `GET`.
//!
//! Every outcome that is not a new verified session is a label, which becomes the tail of the
//! handshake reason `session-token-expired-refresh-<label>`.

use serde_json::{json, Map, Value};

use super::context::AuthContext;
use super::handshake::relay_cookies;
use super::io::AuthIo;
use super::options::Authenticator;
use super::peek::Peek;
use super::state::RequestState;
use super::verify::TokenCheck;
use crate::http::{HttpRequest, USER_AGENT};
use crate::jwks::source::{JwksSource, CLERK_API_VERSION_HEADER};

/// The request is not a `GET`.
pub const NON_ELIGIBLE_NON_GET: &str = "non-eligible-non-get";
/// There is no refresh cookie (the common case: browsers refresh through the handshake).
pub const NON_ELIGIBLE_NO_COOKIE: &str = "non-eligible-no-refresh-cookie";
/// The clock skew of the development handshake retry (24 h).
pub const DEV_CLOCK_SKEW_MS: u64 = 86_400_000;

/// What a refresh attempt gave.
pub enum Refreshed {
    /// New cookies with a verified session.
    SignedIn(Box<RequestState>),
    /// The label naming why there is none.
    Failed(String),
}

/// Refreshes the expired session of `ctx` when it is eligible.
pub async fn attempt<I: AuthIo, N: AsRef<str>, V: AsRef<str>>(
    ctx: &AuthContext,
    auth: &Authenticator,
    check: &TokenCheck<'_, I>,
    headers: &[(N, V)],
) -> Refreshed {
    let fail = |label: &str| Refreshed::Failed(label.to_string());
    if ctx.method != "GET" {
        return fail(NON_ELIGIBLE_NON_GET);
    }
    let Some(refresh_token) = &ctx.refresh_token else {
        return fail(NON_ELIGIBLE_NO_COOKIE);
    };
    let Some(JwksSource::BackendApi {
        api_url,
        api_version,
        secret_key,
    }) = &auth.api
    else {
        return fail("missing-api-client");
    };
    let Some(expired) = ctx.any_session_token() else {
        return fail("missing-session-token");
    };
    let Some(peek) = Peek::decode(expired) else {
        return fail("expired-session-token-decode-failed");
    };
    let Some(sid) = peek.session_id() else {
        return fail("expired-session-token-missing-sid-claim");
    };
    if !sid.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return fail("expired-session-token-decode-failed");
    }
    let request_headers: Map<String, Value> = headers
        .iter()
        .map(|(n, v)| (n.as_ref().to_ascii_lowercase(), json!([v.as_ref()])))
        .collect();
    let body = json!({
        "format": "cookie",
        "expired_token": expired,
        "refresh_token": refresh_token,
        "request_origin": ctx.url.origin(),
        "request_headers": request_headers,
    });
    let request = HttpRequest {
        method: "POST",
        url: format!(
            "{api_url}/{api_version}/sessions/{sid}/refresh?suffixed_cookies={}",
            ctx.suffixed
        ),
        headers: vec![
            ("accept".into(), "application/json".into()),
            ("content-type".into(), "application/json".into()),
            ("authorization".into(), format!("Bearer {secret_key}")),
            ("clerk-api-version".into(), CLERK_API_VERSION_HEADER.into()),
            ("user-agent".into(), USER_AGENT.into()),
        ],
        body: Some(body.to_string().into_bytes()),
    };
    let response = match check.io.send(request).await {
        Ok(response) => response,
        Err(_) => return fail("unexpected-bapi-error"),
    };
    let answer: Value = serde_json::from_slice(&response.body).unwrap_or(Value::Null);
    if !(200..300).contains(&response.status) {
        let code = answer["errors"][0]["code"].as_str().unwrap_or_default();
        return match code {
            "" => fail("unexpected-bapi-error"),
            "unexpected_error" => fail("fetch-error"),
            code if code
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') =>
            {
                fail(code)
            }
            _ => fail("unexpected-bapi-error"),
        };
    }
    let cookies = match answer["cookies"].as_array() {
        Some(list) => list.iter().filter_map(Value::as_str),
        None => [].iter().filter_map(Value::as_str),
    };
    let (set_cookies, token) = relay_cookies(cookies);
    if set_cookies.is_empty() {
        return fail("unexpected-sdk-error");
    }
    // Cookies without a session are what @clerk/backend verifies as an empty token.
    let Some(token) = token else {
        return fail("invalid-session-token");
    };
    match check.session(&token).await {
        Ok(claims) => Refreshed::SignedIn(Box::new(RequestState::signed_in(
            claims,
            token,
            set_cookies,
        ))),
        Err(_) => fail("invalid-session-token"),
    }
}

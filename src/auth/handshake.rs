//! Clerk's handshake: when a browser is sent to the Frontend API (browser-session.md §2.5, §3),
//! and how the answer it brings back is read (§4).
//!
//! One deliberate difference from @clerk/backend: the redirect-loop guard stops at a counter of
//! **3 or more** (@clerk/backend stops only at exactly 3, so a forged counter of 4 loops forever).

use serde_json::Value;

use super::context::{names, AuthContext};
use super::options::Authenticator;
use super::state::RequestState;
use super::url::Url;
use crate::http::{HttpRequest, HttpResponse, USER_AGENT};
use crate::jwks::source::{JwksSource, CLERK_API_VERSION_HEADER};

/// Handshakes a browser may go through in a row before the request is answered signed-out.
pub const MAX_REDIRECTS: u32 = 3;
/// The Backend API version named in handshake URLs (`__clerk_api_version`).
pub const HANDSHAKE_API_VERSION: &str = CLERK_API_VERSION_HEADER;
/// Largest number of Set-Cookie directives relayed from one handshake.
const MAX_DIRECTIVES: usize = 64;
/// Largest directive relayed, in bytes.
const MAX_DIRECTIVE_BYTES: usize = 8 * 1024;

/// `true` for a request a redirect can serve: a `GET` [document request](is_document_request).
pub fn is_eligible(ctx: &AuthContext) -> bool {
    ctx.method == "GET" && is_document_request(ctx.sec_fetch_dest.as_deref(), ctx.accept.as_deref())
}

/// `true` for a page (document or iframe) navigation, whatever its method: `Sec-Fetch-Dest`
/// `document` or `iframe`, or, without that header, an `Accept` that starts with `text/html`.
pub fn is_document_request(sec_fetch_dest: Option<&str>, accept: Option<&str>) -> bool {
    match sec_fetch_dest {
        Some("document") | Some("iframe") => true,
        Some(_) => false,
        None => accept.is_some_and(|a| a.starts_with("text/html")),
    }
}

/// The Frontend API handshake URL for `reason`, parameters in @clerk/backend's order (§3).
pub fn redirect_url(ctx: &AuthContext, auth: &Authenticator, reason: &str) -> String {
    let mut back = ctx.url.clone();
    back.remove_param(names::DEV_BROWSER);
    back.remove_param(names::LEGACY_DEV_BROWSER);
    let fapi = auth.frontend_api(&ctx.url.origin());
    let base = if fapi.starts_with("http") {
        fapi
    } else {
        format!("https://{fapi}")
    };
    let base = base
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .trim_end_matches('/');
    let mut url = Url::parse(&format!("{base}/v1/client/handshake")).unwrap_or_else(|| {
        Url::parse("https://invalid.invalid/v1/client/handshake").expect("static URL")
    });
    url.append_param("redirect_url", &back.href());
    url.append_param("__clerk_api_version", HANDSHAKE_API_VERSION);
    url.append_param(
        "suffixed_cookies",
        if ctx.suffixed { "true" } else { "false" },
    );
    url.append_param("__clerk_hs_reason", reason);
    url.append_param("format", "nonce");
    if let Some(token) = ctx.any_session_token() {
        url.append_param(names::SESSION, token);
    }
    if auth.is_development() {
        if let Some(db) = &ctx.dev_browser {
            url.append_param(names::DEV_BROWSER, db);
        }
    }
    if let Some(target) = auth.org_sync.target(ctx.url.path()) {
        url.append_param("organization_id", target.query_value());
    }
    url.href()
}

/// "Maybe handshake" (§2.5): signed-out for requests a redirect cannot serve and past the loop
/// guard, else a handshake to `location` (the Frontend API's, unless the caller gives another).
pub fn maybe_handshake(
    ctx: &AuthContext,
    auth: &Authenticator,
    reason: &str,
    message: &str,
    location: Option<String>,
) -> RequestState {
    if !is_eligible(ctx) || ctx.redirect_count >= MAX_REDIRECTS {
        return RequestState::signed_out(reason, message, Vec::new());
    }
    let location = location.unwrap_or_else(|| redirect_url(ctx, auth, reason));
    let headers = vec![
        ("location".to_string(), location),
        ("cache-control".to_string(), "no-store".to_string()),
        (
            "set-cookie".to_string(),
            format!(
                "{}={}; SameSite=Lax; HttpOnly; Max-Age=2",
                names::REDIRECT_COUNT,
                ctx.redirect_count + 1
            ),
        ),
    ];
    RequestState::handshake(reason, message, headers)
}

/// What a resolved handshake hands back: the headers of the state and the new session token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    /// `Access-Control-Allow-*`, one `Set-Cookie` per directive, and in development the `Location`
    /// of the clean URL with `Cache-Control: no-store`.
    pub headers: Vec<(String, String)>,
    /// The value of the last `__session*` directive, if any (empty values count as none).
    pub session_token: Option<String>,
}

/// Builds the resolution headers from Set-Cookie `directives` (§4), relayed verbatim.
pub fn resolution(ctx: &AuthContext, auth: &Authenticator, directives: &[String]) -> Resolution {
    let mut headers = vec![
        (
            "access-control-allow-origin".to_string(),
            "null".to_string(),
        ),
        (
            "access-control-allow-credentials".to_string(),
            "true".to_string(),
        ),
    ];
    let (cookies, session_token) = relay_cookies(directives.iter().map(String::as_str));
    headers.extend(cookies);
    if auth.is_development() {
        let mut clean = ctx.url.clone();
        for name in [
            names::HANDSHAKE,
            names::HANDSHAKE_HELP,
            names::DEV_BROWSER,
            names::HANDSHAKE_NONCE,
        ] {
            clean.remove_param(name);
        }
        headers.push(("location".to_string(), clean.href()));
        headers.push(("cache-control".to_string(), "no-store".to_string()));
    }
    Resolution {
        headers,
        session_token,
    }
}

/// The Set-Cookie directives of a verified handshake token's payload (`handshake: [string…]`).
pub fn directives_from_payload(payload: &serde_json::Map<String, Value>) -> Vec<String> {
    match payload.get("handshake") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// `GET {apiUrl}/v1/clients/handshake_payload?nonce=…` with the secret key; `None` without one.
pub fn payload_request(api: Option<&JwksSource>, nonce: &str) -> Option<HttpRequest> {
    let Some(JwksSource::BackendApi {
        api_url,
        api_version,
        secret_key,
    }) = api
    else {
        return None;
    };
    let mut url = Url::parse(&format!(
        "{api_url}/{api_version}/clients/handshake_payload"
    ))?;
    url.append_param("nonce", nonce);
    Some(HttpRequest {
        method: "GET",
        url: url.href(),
        headers: vec![
            ("accept".into(), "application/json".into()),
            ("authorization".into(), format!("Bearer {secret_key}")),
            ("clerk-api-version".into(), CLERK_API_VERSION_HEADER.into()),
            ("user-agent".into(), USER_AGENT.into()),
        ],
        body: None,
    })
}

/// The `directives` of a handshake-payload answer; any failure gives none (as @clerk/backend).
pub fn parse_payload_response(response: &HttpResponse) -> Vec<String> {
    if response.status != 200 {
        return Vec::new();
    }
    match serde_json::from_slice::<Value>(&response.body) {
        Ok(Value::Object(body)) => match body.get("directives") {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// `Set-Cookie` headers for cookie directives from Clerk (handshake payloads, session refresh),
/// relayed verbatim within the caps, and the value of the last non-empty `__session*` cookie.
pub(super) fn relay_cookies<'a>(
    directives: impl Iterator<Item = &'a str>,
) -> (Vec<(String, String)>, Option<String>) {
    let mut headers = Vec::new();
    let mut session_token = None;
    for directive in directives.take(MAX_DIRECTIVES) {
        if directive.len() > MAX_DIRECTIVE_BYTES || !is_header_value(directive) {
            continue;
        }
        headers.push(("set-cookie".to_string(), directive.to_string()));
        let pair = directive.split(';').next().unwrap_or_default();
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        if name.starts_with(names::SESSION) {
            session_token = Some(value.to_string()).filter(|v| !v.is_empty());
        }
    }
    (headers, session_token)
}

/// `true` when `value` can be sent as a header value (visible ASCII, spaces and tabs).
pub(super) fn is_header_value(value: &str) -> bool {
    value
        .bytes()
        .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_answers_are_read_defensively() {
        let ok = HttpResponse {
            status: 200,
            headers: vec![],
            body: br#"{"directives":["__session=a; Path=/", 5, "__client_uat=1"]}"#.to_vec(),
        };
        assert_eq!(
            parse_payload_response(&ok),
            ["__session=a; Path=/", "__client_uat=1"]
        );
        for (status, body) in [
            (500, "{}"),
            (200, "nope"),
            (200, r#"{"directives":"x"}"#),
            (200, "[]"),
        ] {
            let response = HttpResponse {
                status,
                headers: vec![],
                body: body.as_bytes().to_vec(),
            };
            assert!(
                parse_payload_response(&response).is_empty(),
                "{status} {body}"
            );
        }
    }

    #[test]
    fn payload_request_needs_the_backend_api() {
        let api =
            JwksSource::from_settings(Some("sk_test_abc"), None, Some("http://127.0.0.1:9"), None)
                .unwrap();
        let request = payload_request(Some(&api), "n o+nce").unwrap();
        assert_eq!(
            request.url,
            "http://127.0.0.1:9/v1/clients/handshake_payload?nonce=n+o%2Bnce"
        );
        assert!(request
            .headers
            .contains(&("authorization".into(), "Bearer sk_test_abc".into())));
        let fapi =
            JwksSource::from_settings(None, Some("pk_test_Y2xlcmsuZXhhbXBsZS5jb20k"), None, None)
                .unwrap();
        assert!(
            payload_request(Some(&fapi), "n").is_none() && payload_request(None, "n").is_none()
        );
    }
}

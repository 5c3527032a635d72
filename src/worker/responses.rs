//! The responses the guard writes itself: signed-out (401 or sign-in redirect), misconfiguration,
//! unreadable requests (the 502 for an unreachable origin is written next to the `fetch`, in `proxy`).

use worker::{web_sys, Headers, Response, Result};

use crate::guard::incoming::Incoming;

/// Whether the request is a browser page navigation (`Sec-Fetch-Dest: document` or an HTML `Accept`).
pub fn is_browser_navigation(incoming: &Incoming) -> bool {
    let dest = incoming.header("sec-fetch-dest").unwrap_or_default();
    if !dest.is_empty() {
        return dest.eq_ignore_ascii_case("document");
    }
    let accept = incoming.header("accept").unwrap_or_default();
    accept.to_ascii_lowercase().contains("text/html")
}

/// The signed-out answer: a redirect to sign-in for browser navigations, else a 401 JSON body;
/// `state_headers` are the core's (Set-Cookie from a handshake; its `x-clerk-auth-*` are replaced).
pub fn signed_out(
    incoming: &Incoming,
    sign_in_url: &str,
    reason: &str,
    message: &str,
    state_headers: &[(String, String)],
) -> Result<web_sys::Response> {
    let headers = Headers::new();
    for (name, value) in state_headers {
        if !name.starts_with("x-clerk-auth-") {
            headers.append(name, value)?;
        }
    }
    headers.set("x-clerk-auth-status", "signed-out")?;
    headers.set("x-clerk-auth-reason", reason)?;
    headers.set("cache-control", "no-store")?;
    if is_browser_navigation(incoming) {
        let location = with_query_pair(sign_in_url, "redirect_url", &incoming.url)?;
        headers.set("location", &location)?;
        return raw(Response::empty()?.with_status(307).with_headers(headers));
    }
    let body = serde_json::json!({ "status": "signed-out", "reason": reason, "message": message });
    headers.set("content-type", "application/json")?;
    raw(Response::ok(body.to_string())?
        .with_status(401)
        .with_headers(headers))
}

/// A 307 carrying every header of the core's state (`Location`, `Cache-Control`, `Set-Cookie`,
/// `x-clerk-auth-*`), as Clerk's framework adapters answer handshakes.
pub fn redirect_with(state_headers: &[(String, String)]) -> Result<web_sys::Response> {
    let headers = Headers::new();
    for (name, value) in state_headers {
        headers.append(name, value)?;
    }
    raw(Response::empty()?.with_status(307).with_headers(headers))
}

/// A JSON response with `status`.
pub fn json(body: &serde_json::Value, status: u16) -> Result<web_sys::Response> {
    raw(Response::from_json(body)?.with_status(status))
}

/// The runtime's `Response` for a `worker` crate one.
fn raw(res: Response) -> Result<web_sys::Response> {
    Ok(res.into())
}

/// A 400 for requests the guard cannot read (a header holding a line break).
pub fn bad_request() -> Result<web_sys::Response> {
    json(
        &serde_json::json!({ "error": "bad-request", "message": "the request's headers could not be read" }),
        400,
    )
}

/// `url` (already serialized) with `name=value` form-encoded and appended to its query, before
/// any fragment (what `url::Url::query_pairs_mut().append_pair` does).
fn with_query_pair(url: &str, name: &str, value: &str) -> Result<String> {
    let pair = worker::web_sys::UrlSearchParams::new()?;
    pair.append(name, value);
    let (base, fragment) = url.split_at(url.find('#').unwrap_or(url.len()));
    let sep = match base.find('?') {
        None => "?",
        Some(i) if i + 1 == base.len() => "",
        Some(_) => "&",
    };
    Ok(format!(
        "{base}{sep}{}{fragment}",
        String::from(pair.to_string())
    ))
}

/// A 500 naming the misconfigured setting and the problem (never the value).
pub fn config_error(setting: &str, problem: &str) -> Result<web_sys::Response> {
    let body = serde_json::json!({
        "error": "configuration-error",
        "setting": setting,
        "message": format!("{setting}: {problem}"),
    });
    json(&body, 500)
}

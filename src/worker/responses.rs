//! The responses the guard writes itself: signed-out (401 or sign-in redirect), key outages (503),
//! health, misconfiguration, unreadable requests (the 502 for an unreachable origin is written
//! next to the `fetch`, in `proxy`). Every one carries `X-Content-Type-Options: nosniff`, and
//! none echoes request data: messages are fixed per reason (see [`crate::guard::answers`]).

use worker::{console_log, console_warn, web_sys, Headers, Response, Result};

use crate::guard::answers::{
    is_key_outage, is_worth_logging, log_detail, public_message, Early, HEALTH_ALLOW,
    OUTAGE_RETRY_AFTER_SECS, REQUEST_INVALID,
};
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
/// a 503 with `Retry-After` when the signing keys could not be had at all (a key outage).
///
/// `detail` (the error's own text, never the token) goes to the logs only; the body's message
/// is fixed per `reason`. `state_headers` are the core's (Set-Cookie from a resolved handshake);
/// its `x-clerk-auth-*` are replaced by the guard's own.
pub fn signed_out(
    incoming: &Incoming,
    sign_in_url: &str,
    reason: &str,
    detail: &str,
    state_headers: &[(String, String)],
) -> Result<web_sys::Response> {
    let message = public_message(reason);
    let headers = guard_headers()?;
    for (name, value) in state_headers {
        if !name.starts_with("x-clerk-auth-") {
            headers.append(name, value)?;
        }
    }
    headers.set("x-clerk-auth-reason", reason)?;
    headers.set("cache-control", "no-store")?;
    if is_key_outage(reason) {
        console_warn!(
            "clerk-edge: signing keys unavailable ({reason}), answering 503: {}",
            log_detail(detail)
        );
        let body = serde_json::json!({ "error": "service-unavailable", "reason": reason, "message": message });
        headers.set("retry-after", &OUTAGE_RETRY_AFTER_SECS.to_string())?;
        return json_with(headers, &body, 503);
    }
    if is_worth_logging(reason) {
        console_log!("clerk-edge: signed out ({reason}): {}", log_detail(detail));
    }
    headers.set("x-clerk-auth-status", "signed-out")?;
    if is_browser_navigation(incoming) {
        let location = with_query_pair(sign_in_url, "redirect_url", &incoming.url)?;
        headers.set("location", &location)?;
        // 307 keeps the method: a signed-out form POST must not be re-posted to the sign-in page.
        let status = if matches!(incoming.method.as_str(), "GET" | "HEAD") {
            307
        } else {
            303
        };
        return raw(Response::empty()?.with_status(status).with_headers(headers));
    }
    let body = serde_json::json!({ "status": "signed-out", "reason": reason, "message": message });
    json_with(headers, &body, 401)
}

/// A 307 carrying every header of the core's state (`Location`, `Cache-Control`, `Set-Cookie`,
/// `x-clerk-auth-*`), as Clerk's framework adapters answer handshakes.
pub fn redirect_with(state_headers: &[(String, String)]) -> Result<web_sys::Response> {
    let headers = guard_headers()?;
    for (name, value) in state_headers {
        headers.append(name, value)?;
    }
    raw(Response::empty()?.with_status(307).with_headers(headers))
}

/// The headers every response of the guard's own starts with: `X-Content-Type-Options: nosniff`.
fn guard_headers() -> Result<Headers> {
    let headers = Headers::new();
    headers.set("x-content-type-options", "nosniff")?;
    Ok(headers)
}

/// A JSON response with `status` (and `nosniff`).
pub fn json(body: &serde_json::Value, status: u16) -> Result<web_sys::Response> {
    json_with(guard_headers()?, body, status)
}

/// A JSON response with `status` and `headers` (which should come from [`guard_headers`]).
fn json_with(headers: Headers, body: &serde_json::Value, status: u16) -> Result<web_sys::Response> {
    headers.set("content-type", "application/json")?;
    raw(Response::ok(body.to_string())?
        .with_status(status)
        .with_headers(headers))
}

/// The guard's answer before routing: the health document, its 405, or the 400 for a body on GET/HEAD.
pub fn early(answer: Early, health: &serde_json::Value) -> Result<web_sys::Response> {
    match answer {
        Early::Health => json(health, 200),
        Early::HealthMethodNotAllowed => {
            let body = serde_json::json!({ "error": "method-not-allowed", "message": "the health path answers GET and HEAD only" });
            let headers = guard_headers()?;
            headers.set("allow", HEALTH_ALLOW)?;
            json_with(headers, &body, 405)
        }
        Early::BodyNotAllowed => json(
            &serde_json::json!({ "error": REQUEST_INVALID, "message": "a GET or HEAD request must not have a body" }),
            400,
        ),
    }
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

/// A 508 for a request that came back to the guard from its own URL (no origin behind it).
pub fn origin_loop() -> Result<web_sys::Response> {
    let body = serde_json::json!({
        "error": "origin-loop",
        "message": "the request came back to the guard: with neither CLERK_ORIGIN_URL nor \
                    CLERK_ORIGIN_SERVICE set it goes to its own URL, which needs a zone origin behind \
                    the Worker's route; set one of them",
    });
    json(&body, 508)
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

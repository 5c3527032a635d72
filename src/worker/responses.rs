//! The responses the guard writes itself: the decided answers of [`crate::guard::answer_policy`]
//! (handshake and sign-in redirects, 401, 503), health, misconfiguration, unreadable requests (the 502 for an unreachable origin and the 504 for a slow one are written
//! next to the `fetch`, in `proxy`). Every one carries `X-Content-Type-Options: nosniff`, and
//! none echoes request data: messages are fixed per reason (see [`crate::guard::answers`]).

use worker::{console_log, console_warn, web_sys, Headers, Response, Result};

use crate::guard::answer_policy::{Answer, LogLevel};
use crate::guard::answers::{Early, HEALTH_ALLOW, REQUEST_INVALID};

/// Writes a decided [`Answer`] (a handshake redirect, the sign-in redirect, a 401 or a 503) and
/// logs its line, if any.
pub fn answer(answer: &Answer) -> Result<web_sys::Response> {
    if let Some(log) = &answer.log {
        match log.level {
            LogLevel::Warn => console_warn!("clerk-edge: {}", log.text),
            LogLevel::Info => console_log!("clerk-edge: {}", log.text),
        }
    }
    let headers = Headers::new();
    for (name, value) in &answer.headers {
        headers.append(name, value)?;
    }
    let res = match &answer.body {
        Some(body) => Response::ok(body.clone())?,
        None => Response::empty()?,
    };
    raw(res.with_status(answer.status).with_headers(headers))
}

/// The headers every response of the guard's own starts with: `X-Content-Type-Options: nosniff`.
fn guard_headers() -> Result<Headers> {
    let headers = Headers::new();
    headers.set("x-content-type-options", "nosniff")?;
    Ok(headers)
}

/// `400` for a webhook that failed verification: `{error: "webhook-invalid", reason}`.
pub fn webhook_refused(reason: &str) -> Result<web_sys::Response> {
    let body = serde_json::json!({
        "error": "webhook-invalid",
        "reason": reason,
        "message": "the webhook could not be verified",
    });
    json(&body, 400)
}

/// `405` with `Allow: POST` for another method on a webhook route.
pub fn webhook_method_not_allowed() -> Result<web_sys::Response> {
    let headers = guard_headers()?;
    headers.set("allow", "POST")?;
    let body = serde_json::json!({ "error": "method-not-allowed", "message": "webhook routes take POST only" });
    json_with(headers, &body, 405)
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

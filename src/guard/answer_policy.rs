//! What the guard (and the npm package's `withAuth` / `requireAuth` / Hono middleware) answers once
//! a request is decided: the one sans-IO rule the Worker and the JS adapters share.
//!
//! - a handshake, or a development handshake coming back (a state with `Location`): `307` with every
//!   header of the state (`Location`, `Cache-Control`, the loop-counter and handshake `Set-Cookie`s,
//!   `x-clerk-auth-*`);
//! - keys that could not be had at all, or a Backend API that could not verify a machine token
//!   ([`service_status`]): `503` + `Retry-After`; a client over its machine-token verification
//!   limit: `429` + `Retry-After`; in both modes;
//! - signed in (or signed out when the session is [optional](SessionRequirement::Optional)): go on,
//!   adding the state's `Set-Cookie`s (a resolved production handshake) to the response;
//! - signed out where a session is required: a page navigation ([`is_document_request`], the same
//!   rule as handshake eligibility, any method) is sent to the sign-in URL with `redirect_url`
//!   (`307` for GET/HEAD, `303` otherwise, so a form is not re-posted); anything else gets `401`
//!   JSON `{status, reason, message}` whose message is fixed per reason.
//!
//! Every answer carries `X-Content-Type-Options: nosniff` and echoes nothing the client sent.

use serde_json::json;

use super::answers::{is_worth_logging, public_message, service_status};
pub use super::sign_in_url::{default_sign_in_url, with_query_pair};
use crate::auth::handshake::is_document_request;
use crate::auth::state::{AUTH_REASON_HEADER, AUTH_STATUS_HEADER};
use crate::auth::{Auth, AuthStatus, RequestState, RequestView};

/// `x-clerk-auth-reason` for a valid session with pending tasks, when those count as signed out.
pub const SESSION_PENDING: &str = "session-pending";
/// The log detail of [`SESSION_PENDING`].
const PENDING_DETAIL: &str = "the session has pending tasks; finish them to sign in";

/// Whether a signed-out request is answered (guard, `requireAuth`) or let through (`withAuth`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionRequirement {
    /// Signed-out requests get a sign-in redirect or a 401.
    Required,
    /// Signed-out requests go on, with a signed-out auth object.
    Optional,
}

/// The settings the answer depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerPolicy<'a> {
    /// Where signed-out page navigations are sent (absolute, or a path the browser resolves).
    pub sign_in_url: &'a str,
    /// Whether a session with pending tasks counts as signed out (@clerk/backend's default: yes).
    pub treat_pending_as_signed_out: bool,
    /// Whether a session is required.
    pub requirement: SessionRequirement,
}

/// What the answer needs of a decided request: @clerk/backend's RequestState, reduced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateView<'a> {
    /// `signed-in`, `signed-out` or `handshake`.
    pub status: AuthStatus,
    /// Why the request is not signed in.
    pub reason: Option<&'a str>,
    /// The state's message (logs only, never a response).
    pub message: &'a str,
    /// The state's headers.
    pub headers: &'a [(String, String)],
    /// `true` for a valid session with pending tasks (`sts: "pending"`).
    pub pending: bool,
}

impl<'a> From<&'a RequestState> for StateView<'a> {
    fn from(state: &'a RequestState) -> Self {
        Self {
            status: state.status(),
            reason: state.reason(),
            message: state.message(),
            headers: state.headers(),
            pending: state.claims().is_some_and(|c| Auth::new(c).is_pending()),
        }
    }
}

/// How loud a [`LogLine`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogLevel {
    /// A refused token (not an absent one).
    Info,
    /// A key outage.
    Warn,
}

/// A line for the host's log: what the response does not say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    /// How loud it is.
    pub level: LogLevel,
    /// `reason` and the state's detail, one line, bounded (see [`super::answers::log_detail`]).
    pub text: String,
}

/// A response the caller writes as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The headers, in order (repeated names, e.g. `Set-Cookie`, are separate entries).
    pub headers: Vec<(String, String)>,
    /// The JSON body, if any.
    pub body: Option<String>,
    /// A line to log, if any.
    pub log: Option<LogLine>,
}

/// The decision for a decided request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Let the request through; add `response_headers` to whatever answers it.
    Continue {
        /// The state's headers but `x-clerk-auth-*` (e.g. a resolved handshake's `Set-Cookie`s).
        response_headers: Vec<(String, String)>,
    },
    /// Answer with this response instead.
    Respond(Answer),
}

/// The answer to `request`, decided as `state`, under `policy` (see the module docs).
pub fn decide<N: AsRef<str>, V: AsRef<str>>(
    state: StateView<'_>,
    request: &RequestView<'_, N, V>,
    policy: &AnswerPolicy<'_>,
) -> Decision {
    let has_location = state
        .headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("location"));
    if state.status == AuthStatus::Handshake || has_location {
        let mut headers = nosniff();
        headers.extend(state.headers.iter().cloned());
        return respond(307, headers, None, None);
    }
    let required = policy.requirement == SessionRequirement::Required;
    if state.status == AuthStatus::SignedIn {
        if state.pending && policy.treat_pending_as_signed_out && required {
            return signed_out(
                state.headers,
                request,
                policy,
                SESSION_PENDING,
                PENDING_DETAIL,
            );
        }
        return Decision::Continue {
            response_headers: without_auth_headers(state.headers),
        };
    }
    let reason = state.reason.unwrap_or("unexpected-error");
    if let Some((status, retry_after)) = service_status(reason) {
        return unavailable(state.headers, reason, state.message, status, retry_after);
    }
    if !required {
        return Decision::Continue {
            response_headers: without_auth_headers(state.headers),
        };
    }
    signed_out(state.headers, request, policy, reason, state.message)
}

/// The answer when the request cannot be decided now — a key outage or a Backend API that could
/// not verify a machine token (`503`), a client over its verification limit (`429`, its
/// `Retry-After` from the state): JSON `{error, reason, message}`, a warning to log.
fn unavailable(
    state_headers: &[(String, String)],
    reason: &str,
    detail: &str,
    status: u16,
    retry_after: Option<u32>,
) -> Decision {
    let mut headers = answer_headers(state_headers, reason);
    if let Some(seconds) = retry_after {
        set(&mut headers, "retry-after", &seconds.to_string());
    }
    set(&mut headers, "content-type", "application/json");
    let (error, what) = match status {
        429 => ("too-many-requests", "too many verifications"),
        _ if reason.starts_with("jwk-") => ("service-unavailable", "signing keys unavailable"),
        _ => ("service-unavailable", "cannot verify"),
    };
    let body = json!({ "error": error, "reason": reason, "message": public_message(reason) });
    let log = LogLine {
        level: LogLevel::Warn,
        text: log_text(&format!("{what} ({reason}), answering {status}"), detail),
    };
    respond(status, headers, Some(body.to_string()), Some(log))
}

/// A signed-out answer where a session is required: the sign-in redirect or a 401.
fn signed_out<N: AsRef<str>, V: AsRef<str>>(
    state_headers: &[(String, String)],
    request: &RequestView<'_, N, V>,
    policy: &AnswerPolicy<'_>,
    reason: &str,
    detail: &str,
) -> Decision {
    let mut headers = answer_headers(state_headers, reason);
    set(
        &mut headers,
        AUTH_STATUS_HEADER,
        AuthStatus::SignedOut.as_str(),
    );
    let log = is_worth_logging(reason).then(|| LogLine {
        level: LogLevel::Info,
        text: log_text(&format!("signed out ({reason})"), detail),
    });
    let header = |name: &str| {
        request
            .headers
            .iter()
            .find(|(n, _)| crate::http::same_name(n.as_ref(), name))
            .map(|(_, v)| v.as_ref())
    };
    if is_document_request(header("sec-fetch-dest"), header("accept")) {
        let location = with_query_pair(policy.sign_in_url, "redirect_url", request.url);
        set(&mut headers, "location", &location);
        // 307 keeps the method: a signed-out form POST must not be re-posted to the sign-in page.
        let status = if matches!(request.method, "GET" | "HEAD") {
            307
        } else {
            303
        };
        return respond(status, headers, None, log);
    }
    set(&mut headers, "content-type", "application/json");
    let body =
        json!({ "status": "signed-out", "reason": reason, "message": public_message(reason) });
    respond(401, headers, Some(body.to_string()), log)
}

/// `head`, then `: ` and the bounded `detail` when there is one.
fn log_text(head: &str, detail: &str) -> String {
    if detail.is_empty() {
        return head.to_string();
    }
    format!("{head}: {}", super::answers::log_detail(detail))
}

/// `nosniff`, the state's headers but `x-clerk-auth-*`, the guard's `x-clerk-auth-reason` and
/// `Cache-Control: no-store`.
fn answer_headers(state_headers: &[(String, String)], reason: &str) -> Vec<(String, String)> {
    let mut headers = nosniff();
    headers.extend(without_auth_headers(state_headers));
    set(&mut headers, AUTH_REASON_HEADER, reason);
    set(&mut headers, "cache-control", "no-store");
    headers
}

fn respond(
    status: u16,
    headers: Vec<(String, String)>,
    body: Option<String>,
    log: Option<LogLine>,
) -> Decision {
    Decision::Respond(Answer {
        status,
        headers,
        body,
        log,
    })
}

/// The first header of every answer: `X-Content-Type-Options: nosniff`.
fn nosniff() -> Vec<(String, String)> {
    vec![("x-content-type-options".into(), "nosniff".into())]
}

/// `headers` without `x-clerk-auth-*` (the guard writes its own).
fn without_auth_headers(headers: &[(String, String)]) -> Vec<(String, String)> {
    headers
        .iter()
        .filter(|(n, _)| !n.to_ascii_lowercase().starts_with("x-clerk-auth-"))
        .cloned()
        .collect()
}

/// Replaces every header `name` (case-insensitive) with one `name: value`.
fn set(headers: &mut Vec<(String, String)>, name: &str, value: &str) {
    headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    headers.push((name.to_string(), value.to_string()));
}

#[cfg(test)]
#[path = "answer_policy_tests.rs"]
mod tests;

//! The guard's own answers as data: what it answers before routing, which signed-out reasons are
//! outages (503) rather than bad tokens (401), and the fixed text its responses carry.
//!
//! Responses never echo what the client sent: a rejected token's `alg`, claims or kid stay out of
//! the body (its `message` is fixed per reason); the detailed error goes to the logs only
//! ([`log_detail`]), and never the token itself.

use super::incoming::Incoming;

/// Path the guard answers itself, without authentication, to show it is up.
pub const HEALTH_PATH: &str = "/__clerk_edge/health";
/// The methods the health path answers: the `Allow` header of its 405.
pub const HEALTH_ALLOW: &str = "GET, HEAD";
/// Reason (and `error`) of the 400 for a request the guard will not forward.
pub const REQUEST_INVALID: &str = "request-invalid";
/// `Retry-After` seconds of a key-outage 503: the JWKS refetch cooldown, after which the next
/// request tries Clerk again (sooner, it would be answered from the same failure).
pub const OUTAGE_RETRY_AFTER_SECS: u32 = 30;
/// Longest detail written to the logs, in bytes.
pub const MAX_LOG_DETAIL_BYTES: usize = 300;

/// What the guard answers before looking at routes or sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Early {
    /// 200 with the health document.
    Health,
    /// 405 with `Allow: GET, HEAD`: the health path under another method.
    HealthMethodNotAllowed,
    /// 400 `request-invalid`: a GET or HEAD that carries a body, which origins read differently.
    BodyNotAllowed,
}

/// Whether `incoming` carries a body with content: runtimes (workerd) give a request with
/// `Content-Length: 0` a body too, and that empty body is no body.
pub fn has_content(incoming: &Incoming) -> bool {
    incoming.has_body
        && incoming
            .header("content-length")
            .is_none_or(|length| length.trim() != "0")
}

/// Whether the request's body is sent on to the origin: never for GET and HEAD (those with
/// content were refused by [`early_answer`]; an empty one would make the runtime's `fetch` throw).
pub fn forwards_body(incoming: &Incoming) -> bool {
    incoming.has_body && !matches!(incoming.method.as_str(), "GET" | "HEAD")
}

/// The guard's own answer to `incoming` before routing, if it has one.
pub fn early_answer(incoming: &Incoming) -> Option<Early> {
    let get_or_head = matches!(incoming.method.as_str(), "GET" | "HEAD");
    if get_or_head && has_content(incoming) {
        return Some(Early::BodyNotAllowed);
    }
    if incoming.path() != HEALTH_PATH {
        return None;
    }
    Some(if get_or_head {
        Early::Health
    } else {
        Early::HealthMethodNotAllowed
    })
}

/// `true` when a signed-out `reason` means the keys could not be had at all (the JWKS fetch
/// failed or answered garbage, and no fresh or stale keys were left): a service outage,
/// answered 503 + `Retry-After` instead of 401, since the token may well be valid.
pub fn is_key_outage(reason: &str) -> bool {
    matches!(reason, "jwk-remote-failed-to-load" | "jwk-remote-invalid")
}

/// `Retry-After` seconds of the 503 when the Backend API could not verify a machine token.
pub const BACKEND_RETRY_AFTER_SECS: u32 = 5;

/// The status and `Retry-After` of a signed-out `reason` that is not the client's fault: 503 for
/// key outages, a refused secret key and a Backend API that could not verify a machine token, 429 for a client over
/// its machine-token verification limit (its `Retry-After` comes with the state's headers).
pub fn service_status(reason: &str) -> Option<(u16, Option<u32>)> {
    match reason {
        r if is_key_outage(r) => Some((503, Some(OUTAGE_RETRY_AFTER_SECS))),
        // Clerk refused the configured secret key: the deployment's fault, not the token's.
        "secret-key-invalid" => Some((503, Some(OUTAGE_RETRY_AFTER_SECS))),
        "unexpected-error" => Some((503, Some(BACKEND_RETRY_AFTER_SECS))),
        "too-many-requests" => Some((429, None)),
        _ => None,
    }
}

/// The fixed `message` of the guard's answer for a signed-out `reason` (never request data).
pub fn public_message(reason: &str) -> &'static str {
    match reason {
        "session-token-and-uat-missing" => "no session token was provided",
        "session-pending" => "the session has pending tasks; finish them to sign in",
        "token-expired" => "the session token has expired",
        "token-not-active-yet" => "the session token is not active yet",
        "token-iat-in-the-future" => "the session token was issued in the future",
        "token-invalid" => "the session token is malformed",
        "token-invalid-algorithm" => "the session token's algorithm is not allowed",
        "token-invalid-signature" => "the session token's signature is invalid",
        "token-invalid-authorized-parties" => "the session token was issued for another origin",
        "token-type-mismatch" => "the token is not of a type this route accepts",
        "No token in header" => "this route needs a machine token in the Authorization header",
        "unexpected-error" => "the token could not be verified right now; retry later",
        "too-many-requests" => "too many token verifications from this client; retry later",
        "jwk-kid-mismatch" => "no signing key matches the session token",
        "jwk-remote-failed-to-load" | "jwk-remote-invalid" => {
            "the signing keys could not be loaded; retry later"
        }
        "jwk-failed-to-resolve" | "jwk-local-missing" | "secret-key-invalid" => {
            "the guard could not load a usable signing key"
        }
        _ => "the session token could not be verified",
    }
}

/// `true` when a signed-out `reason` deserves a log line: a presented token was refused (not
/// merely absent, nor a valid session with pending tasks).
pub fn is_worth_logging(reason: &str) -> bool {
    !matches!(reason, "session-token-and-uat-missing" | "session-pending")
}

/// `detail` made safe for one log line: control characters escaped, at most
/// [`MAX_LOG_DETAIL_BYTES`] bytes (cut on a character boundary, marked with `…`).
pub fn log_detail(detail: &str) -> String {
    let mut out = String::with_capacity(detail.len().min(MAX_LOG_DETAIL_BYTES) + 3);
    for c in detail.chars() {
        let piece: String = if c.is_control() {
            c.escape_default().collect()
        } else {
            c.to_string()
        };
        if out.len() + piece.len() > MAX_LOG_DETAIL_BYTES {
            out.push('…');
            break;
        }
        out.push_str(&piece);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn incoming(method: &str, path: &str, has_body: bool) -> Incoming {
        let body = if has_body { ":body\n" } else { "" };
        Incoming::parse(&format!(
            "{method}\nhttps://g.test{path}\naccept:*/*\n{body}"
        ))
        .unwrap()
    }

    #[test]
    fn early_answers() {
        for (method, path, body, expected) in [
            ("GET", HEALTH_PATH, false, Some(Early::Health)),
            ("HEAD", HEALTH_PATH, false, Some(Early::Health)),
            (
                "POST",
                HEALTH_PATH,
                false,
                Some(Early::HealthMethodNotAllowed),
            ),
            (
                "DELETE",
                HEALTH_PATH,
                true,
                Some(Early::HealthMethodNotAllowed),
            ),
            (
                "get",
                HEALTH_PATH,
                false,
                Some(Early::HealthMethodNotAllowed),
            ),
            ("GET", HEALTH_PATH, true, Some(Early::BodyNotAllowed)),
            ("GET", "/api", true, Some(Early::BodyNotAllowed)),
            ("HEAD", "/api", true, Some(Early::BodyNotAllowed)),
            ("POST", "/api", true, None),
            ("OPTIONS", "/api", true, None),
            ("GET", "/api", false, None),
            ("GET", "/__clerk_edge/health/", false, None),
        ] {
            assert_eq!(
                early_answer(&incoming(method, path, body)),
                expected,
                "{method} {path} body={body}"
            );
        }
        let text = |length: &str| format!("GET\nhttps://g.test/\ncontent-length:{length}\n:body\n");
        let empty = Incoming::parse(&text("0")).unwrap();
        assert!(!has_content(&empty));
        assert_eq!(early_answer(&empty), None, "Content-Length: 0 is no body");
        assert!(!forwards_body(&empty));
        let five = Incoming::parse(&text("5")).unwrap();
        assert_eq!(early_answer(&five), Some(Early::BodyNotAllowed));
        assert!(forwards_body(&incoming("POST", "/", true)));
        assert!(!forwards_body(&incoming("POST", "/", false)));
    }

    #[test]
    fn only_missing_keys_are_outages() {
        assert!(is_key_outage("jwk-remote-failed-to-load"));
        assert!(is_key_outage("jwk-remote-invalid"));
        for reason in [
            "token-invalid",
            "token-invalid-signature",
            "token-expired",
            "jwk-kid-mismatch",
            "jwk-failed-to-resolve",
            "secret-key-invalid",
            "session-token-and-uat-missing",
            "",
        ] {
            assert!(!is_key_outage(reason), "{reason}");
        }
    }

    #[test]
    fn refused_tokens_are_logged_absent_ones_are_not() {
        assert!(is_worth_logging("token-invalid-signature"));
        assert!(is_worth_logging("jwk-kid-mismatch"));
        assert!(!is_worth_logging("session-token-and-uat-missing"));
        assert!(!is_worth_logging("session-pending"));
    }

    #[test]
    fn messages_are_fixed_per_reason() {
        assert_eq!(
            public_message("token-invalid-algorithm"),
            "the session token's algorithm is not allowed"
        );
        assert_eq!(
            public_message("something-new"),
            "the session token could not be verified"
        );
        assert_ne!(
            public_message("token-expired"),
            public_message("token-invalid")
        );
    }

    #[test]
    fn log_details_are_one_bounded_line() {
        assert_eq!(log_detail("plain"), "plain");
        assert_eq!(log_detail("a\r\nb\u{0}"), "a\\r\\nb\\u{0}");
        let long = "é".repeat(MAX_LOG_DETAIL_BYTES);
        let cut = log_detail(&long);
        assert!(cut.len() <= MAX_LOG_DETAIL_BYTES + '…'.len_utf8());
        assert!(cut.ends_with('…') && cut.starts_with("éé"));
    }
}

//! Header hygiene for the guard: what to strip from a request, and the identity headers to add.
//!
//! The guard forwards requests to an origin that trusts `x-clerk-*` headers,
//! so every incoming `x-clerk-*` header is removed (a client must never be able
//! to assert an identity) — also when spelled with underscores (`X_Clerk_User_Id`), which
//! CGI, WSGI, Rack and PHP servers read exactly like `x-clerk-user-id` (any punctuation in
//! place of a `-` counts, as some servers map every non-alphanumeric character to `_`). Hop-by-hop headers
//! (RFC 9110 §7.6.1), which a proxy must not forward, are removed too, and so is `Expect`:
//! the guard does not relay `100 Continue` (an origin's interim answer would otherwise come
//! back as the final response). Identity headers are added after stripping, from
//! verified claims only; a value that is not plain visible ASCII is dropped,
//! never escaped, so no header can be split or smuggled.

use crate::auth::Auth;
use crate::http::same_name;
use crate::token::VerifiedClaims;

/// Prefix of every header the guard owns; incoming ones are always stripped.
pub const IDENTITY_PREFIX: &str = "x-clerk-";
/// Hop-by-hop headers (RFC 9110 §7.6.1, plus the obsolete `proxy-connection`), lowercase.
pub const HOP_BY_HOP: [&str; 9] = [
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];
/// End-to-end headers the guard still never forwards, lowercase: `expect` (100-continue is not relayed).
pub const NOT_FORWARDED: [&str; 1] = ["expect"];
/// Longest identity header value sent, in bytes; longer values are dropped.
pub const MAX_IDENTITY_VALUE_BYTES: usize = 4096;

/// The signed-in user's id (`sub`).
pub const USER_ID: &str = "x-clerk-user-id";
/// The session id (`sid`).
pub const SESSION_ID: &str = "x-clerk-session-id";
/// The session status (`sts`), e.g. `active` or `pending`.
pub const SESSION_STATUS: &str = "x-clerk-session-status";
/// The active organization's id.
pub const ORG_ID: &str = "x-clerk-org-id";
/// The user's role in the active organization.
pub const ORG_ROLE: &str = "x-clerk-org-role";
/// The active organization's slug.
pub const ORG_SLUG: &str = "x-clerk-org-slug";
/// The user's organization permissions, comma-separated.
pub const ORG_PERMISSIONS: &str = "x-clerk-org-permissions";
/// The impersonator's id (`act.sub`) for actor tokens.
pub const ACTOR_ID: &str = "x-clerk-actor-id";

/// The comma-separated tokens of a `Connection` header value, trimmed, empty ones skipped.
pub fn connection_tokens(connection: &str) -> impl Iterator<Item = &str> {
    connection
        .split(',')
        .map(|t| t.trim_matches(|c| c == ' ' || c == '\t'))
        .filter(|t| !t.is_empty())
}

/// `true` for a hop-by-hop header: a standard one or one named in `Connection` (case-insensitive).
pub fn is_hop_by_hop(name: &str, connection_tokens: &[&str]) -> bool {
    HOP_BY_HOP.iter().any(|h| same_name(name, h))
        || connection_tokens.iter().any(|t| same_name(name, t))
}

/// `true` for a guard-owned `x-clerk-*` header: case-insensitive, with `_` (and any other
/// punctuation, which some servers also map to `_`) read as `-`, as CGI-style servers do.
pub fn is_identity_header(name: &str) -> bool {
    let name = name.as_bytes();
    name.len() >= IDENTITY_PREFIX.len()
        && name
            .iter()
            .zip(IDENTITY_PREFIX.as_bytes())
            .all(|(&got, &want)| match want {
                b'-' => !got.is_ascii_alphanumeric(),
                _ => got.eq_ignore_ascii_case(&want),
            })
}

/// `true` if the guard must remove header `name` before forwarding; `connection` is the
/// request's `Connection` value (several headers joined with `,`), `None` without one.
pub fn must_strip(name: &str, connection: Option<&str>) -> bool {
    is_identity_header(name)
        || HOP_BY_HOP.iter().any(|h| same_name(name, h))
        || NOT_FORWARDED.iter().any(|h| same_name(name, h))
        || connection.is_some_and(|c| connection_tokens(c).any(|t| same_name(name, t)))
}

/// `true` if `value` can be sent as is: 1 to [`MAX_IDENTITY_VALUE_BYTES`] visible ASCII bytes.
pub fn is_safe_header_value(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= MAX_IDENTITY_VALUE_BYTES
        && value.bytes().all(|b| b.is_ascii_graphic())
}

/// `items` comma-joined, or `None` when one of them contains a comma (the list would be ambiguous).
pub(crate) fn comma_list<S: AsRef<str>>(items: &[S]) -> Option<String> {
    let items: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    items
        .iter()
        .all(|item| !item.contains(','))
        .then(|| items.join(","))
}

/// The candidate headers whose value is present and [header-safe](is_safe_header_value), as pairs.
pub(crate) fn safe_headers<'v>(
    candidates: impl IntoIterator<Item = (&'static str, Option<&'v str>)>,
) -> Vec<(&'static str, String)> {
    candidates
        .into_iter()
        .filter_map(|(name, value)| {
            value
                .filter(|v| is_safe_header_value(v))
                .map(|v| (name, v.to_owned()))
        })
        .collect()
}

/// The identity headers for a signed-in request; absent or unsafe values are left out.
///
/// Only [`VerifiedClaims`] are accepted: no identity header can come from an unverified token.
pub fn identity_headers(claims: &VerifiedClaims) -> Vec<(&'static str, String)> {
    let auth = Auth::new(claims);
    let joined = comma_list(auth.org_permissions());
    safe_headers([
        (super::machine_headers::TOKEN_TYPE, Some("session_token")),
        (USER_ID, Some(auth.user_id())),
        (SESSION_ID, auth.session_id()),
        (SESSION_STATUS, auth.session_status()),
        (ORG_ID, auth.org_id()),
        (ORG_ROLE, auth.org_role()),
        (ORG_SLUG, auth.org_slug()),
        (ORG_PERMISSIONS, joined.as_deref()),
        (ACTOR_ID, auth.actor().map(|a| a.sub.as_str())),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guard::machine_headers::TOKEN_TYPE;
    use crate::token::claims::SessionClaims;
    use serde_json::json;

    fn claims(payload: serde_json::Value) -> VerifiedClaims {
        VerifiedClaims::for_tests(
            SessionClaims::from_payload(payload.as_object().unwrap().clone()).unwrap(),
        )
    }

    #[test]
    fn strips_identity_and_hop_by_hop_headers() {
        for name in [
            "X-Clerk-User-Id",
            "x-clerk-anything",
            "X-CLERK-",
            "X_Clerk_User_Id",
            "x_clerk_user_id",
            "X-CLERK-USER-ID",
            "x_clerk-org-id",
            "X-Clerk_Session_Id",
            "x.clerk.user.id",
            "X~CLERK|ORG-ID",
            "x_clerk_",
            "Connection",
            "TE",
            "upgrade",
            "Expect",
            "expect",
        ] {
            assert!(must_strip(name, None), "{name}");
        }
        for name in [
            "x-clerk",
            "x_clerk",
            "x-clerkuser",
            "xx-clerk-user-id",
            "x--clerk-user-id",
            "x-c1erk-user-id",
            "expect-ct",
            "authorization",
            "cookie",
            "x-forwarded-for",
            "é",
        ] {
            assert!(!must_strip(name, None), "{name}");
        }
        let connection = Some(" keep-alive , X-Secret,,\tfoo ");
        assert!(must_strip("x-secret", connection));
        assert!(must_strip("FOO", connection));
        assert!(!must_strip("bar", connection));
        assert!(is_hop_by_hop("X-Secret", &["x-secret"]));
        assert!(!is_hop_by_hop("x-clerk-user-id", &[]));
    }

    #[test]
    fn identity_headers_from_v1_claims() {
        let c = claims(json!({
            "sub": "user_1", "sid": "sess_1", "sts": "active", "org_id": "org_1",
            "org_role": "org:admin", "org_slug": "acme",
            "org_permissions": ["org:a:read", "org:b:manage"], "act": { "sub": "user_admin" }
        }));
        let headers = identity_headers(&c);
        assert_eq!(
            headers,
            [
                (TOKEN_TYPE, "session_token".to_string()),
                (USER_ID, "user_1".into()),
                (SESSION_ID, "sess_1".into()),
                (SESSION_STATUS, "active".into()),
                (ORG_ID, "org_1".into()),
                (ORG_ROLE, "org:admin".into()),
                (ORG_SLUG, "acme".into()),
                (ORG_PERMISSIONS, "org:a:read,org:b:manage".into()),
                (ACTOR_ID, "user_admin".into()),
            ]
        );
    }

    #[test]
    fn unsafe_or_absent_values_are_dropped() {
        let c = claims(json!({
            "sub": "user_1", "sid": "sess\r\nx-clerk-user-id: evil", "org_id": "org 1",
            "org_slug": "é", "org_permissions": ["a,b", "c"]
        }));
        let headers = identity_headers(&c);
        assert_eq!(
            headers,
            [
                (TOKEN_TYPE, "session_token".to_string()),
                (USER_ID, "user_1".into())
            ]
        );
        let long = "u".repeat(MAX_IDENTITY_VALUE_BYTES + 1);
        let c = claims(json!({ "sub": long, "org_id": "org_1", "org_permissions": [] }));
        assert_eq!(
            identity_headers(&c),
            [
                (TOKEN_TYPE, "session_token".to_string()),
                (ORG_ID, "org_1".into())
            ]
        );
    }
}

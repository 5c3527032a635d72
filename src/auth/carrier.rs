//! The `Authorization: Bearer` header, and what makes a request's token ambiguous.
//!
//! Stricter than @clerk/backend, which also takes a bare `Authorization: <token>`: the scheme must
//! be `Bearer` (any case, RFC 7235) followed by one token68; other schemes count as no token.
//! Anything that could make two readers of the same request pick different tokens — different
//! `Authorization` headers, different session cookies of one name, oversized `Cookie` headers —
//! is an [`AmbiguousToken`] (`token-invalid`).

use thiserror::Error;

use crate::error::Reason;

/// Why a request's session token cannot be determined unambiguously; every variant is `token-invalid`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum AmbiguousToken {
    /// Several `Authorization` headers with different values.
    #[error("the request has several different Authorization headers")]
    MultipleAuthorizationHeaders,
    /// `Bearer` with no credentials, several, or characters outside token68 (RFC 7235 §2.1).
    #[error("the Authorization header's Bearer credentials are not a single token")]
    MalformedBearer,
    /// Different non-empty values for the session cookie that was chosen.
    #[error("the request has different session cookies of the same name")]
    ConflictingSessionCookies,
    /// The `Cookie` headers are too large to be read.
    #[error("the request's Cookie headers exceed {max} bytes")]
    CookiesTooLarge {
        /// The limit in bytes.
        max: usize,
    },
}

impl Reason for AmbiguousToken {
    fn reason(&self) -> &'static str {
        "token-invalid"
    }
}

/// Reads one `Authorization` value: `Ok(None)` for another scheme, the token for `Bearer <token68>`.
pub fn parse_bearer(value: &str) -> Result<Option<&str>, AmbiguousToken> {
    let is_ows = |c: char| c == ' ' || c == '\t';
    let value = value.trim_matches(is_ows);
    let (scheme, rest) = value.split_at(value.find(is_ows).unwrap_or(value.len()));
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Ok(None);
    }
    let token = rest.trim_matches(is_ows);
    let body = token.trim_end_matches('=');
    let token68 = |b: u8| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b);
    if body.is_empty() || !body.bytes().all(token68) {
        return Err(AmbiguousToken::MalformedBearer);
    }
    Ok(Some(token))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_scheme_is_case_insensitive_and_tolerates_spaces() {
        for value in [
            "Bearer abc.def.ghi",
            "bearer  abc.def.ghi ",
            "\tBEARER\tabc.def.ghi",
        ] {
            assert_eq!(parse_bearer(value), Ok(Some("abc.def.ghi")), "{value:?}");
        }
        assert_eq!(parse_bearer("Bearer dG9rZW4="), Ok(Some("dG9rZW4=")));
    }

    #[test]
    fn other_schemes_are_ignored() {
        for value in [
            "Basic dXNlcjpwdw==",
            "Bearerabc.def.ghi",
            "abc.def.ghi",
            "",
            "  ",
        ] {
            assert_eq!(parse_bearer(value), Ok(None), "{value:?}");
        }
    }

    #[test]
    fn malformed_bearer_credentials_are_ambiguous() {
        for value in [
            "Bearer",
            "Bearer  ",
            "Bearer a b",
            "Bearer a,Bearer b",
            "Bearer a=b",
            "Bearer ===",
            "Bearer é",
        ] {
            assert_eq!(
                parse_bearer(value),
                Err(AmbiguousToken::MalformedBearer),
                "{value:?}"
            );
        }
        assert_eq!(AmbiguousToken::MalformedBearer.reason(), "token-invalid");
    }
}

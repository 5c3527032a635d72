//! Where a request carries its session token: `Authorization: Bearer` or the session cookie.
//!
//! Re-exported from [`crate::auth::request`]. The header wins, as in
//! @clerk/backend; the cookie is read only when no `Authorization` header
//! holds a `Bearer` token. Anything that could make two readers of the same
//! request pick different tokens is an [`AmbiguousToken`] error instead.

use thiserror::Error;

use super::cookies::{
    suffixed_cookie_name, CookieValue, Cookies, MAX_COOKIE_BYTES, SESSION_COOKIE,
};
use crate::error::Reason;

/// Where the session token came from (Clerk's `tokenCarrier`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenCarrier {
    /// `Authorization: Bearer <token>`.
    Header,
    /// The `__session` (or suffixed `__session_<suffix>`) cookie.
    Cookie,
}

impl TokenCarrier {
    /// `"header"` or `"cookie"`, as @clerk/backend names them.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Header => "header",
            Self::Cookie => "cookie",
        }
    }
}

/// A session token found in a request, still unverified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenSource<'h> {
    /// The token text, borrowed from the request's headers.
    pub token: &'h str,
    /// Which carrier supplied it.
    pub carrier: TokenCarrier,
}

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

/// Finds the session token: the `Bearer` header first, else the (suffixed) session cookie.
///
/// `Ok(None)` means the request carries no token; see the module docs for what is an error.
pub fn find_session_token<'h, N: AsRef<str>, V: AsRef<str>>(
    headers: &'h [(N, V)],
    cookie_suffix: Option<&str>,
) -> Result<Option<TokenSource<'h>>, AmbiguousToken> {
    if let Some(token) = bearer_token(headers)? {
        return Ok(Some(TokenSource {
            token,
            carrier: TokenCarrier::Header,
        }));
    }
    let cookies = Cookies::from_headers(headers);
    if cookies.is_too_large() {
        return Err(AmbiguousToken::CookiesTooLarge {
            max: MAX_COOKIE_BYTES,
        });
    }
    let suffixed = cookie_suffix
        .filter(|s| !s.is_empty())
        .map(|s| suffixed_cookie_name(SESSION_COOKIE, s));
    for name in suffixed.as_deref().into_iter().chain([SESSION_COOKIE]) {
        match cookies.get(name) {
            CookieValue::One(token) => {
                return Ok(Some(TokenSource {
                    token,
                    carrier: TokenCarrier::Cookie,
                }))
            }
            CookieValue::Conflicting => return Err(AmbiguousToken::ConflictingSessionCookies),
            CookieValue::Absent => {}
        }
    }
    Ok(None)
}

/// The token of the request's `Authorization: Bearer` header, if it has one.
fn bearer_token<N: AsRef<str>, V: AsRef<str>>(
    headers: &[(N, V)],
) -> Result<Option<&str>, AmbiguousToken> {
    let mut found: Option<&str> = None;
    for (name, value) in headers {
        if !name.as_ref().eq_ignore_ascii_case("authorization") {
            continue;
        }
        match found {
            Some(prev) if prev != value.as_ref() => {
                return Err(AmbiguousToken::MultipleAuthorizationHeaders)
            }
            _ => found = Some(value.as_ref()),
        }
    }
    found.map_or(Ok(None), parse_bearer)
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

    #[test]
    fn header_beats_cookie_and_suffixed_cookie_beats_plain() {
        let headers = [
            ("cookie", "__session=c1; __session_sfx=c2"),
            ("authorization", "Bearer h"),
        ];
        let found = find_session_token(&headers, Some("sfx")).unwrap().unwrap();
        assert_eq!((found.token, found.carrier), ("h", TokenCarrier::Header));
        let found = find_session_token(&headers[..1], Some("sfx"))
            .unwrap()
            .unwrap();
        assert_eq!((found.token, found.carrier.as_str()), ("c2", "cookie"));
        let found = find_session_token(&headers[..1], None).unwrap().unwrap();
        assert_eq!(found.token, "c1");
        let found = find_session_token(&headers[..1], Some("other"))
            .unwrap()
            .unwrap();
        assert_eq!(found.token, "c1");
    }

    #[test]
    fn duplicates_with_different_values_are_ambiguous() {
        let two = [("Authorization", "Bearer a"), ("authorization", "Bearer b")];
        assert_eq!(
            find_session_token(&two, None),
            Err(AmbiguousToken::MultipleAuthorizationHeaders)
        );
        let same = [("Authorization", "Bearer a"), ("authorization", "Bearer a")];
        assert_eq!(find_session_token(&same, None).unwrap().unwrap().token, "a");
        let cookies = [("cookie", "__session=a"), ("cookie", "__session=b")];
        assert_eq!(
            find_session_token(&cookies, None),
            Err(AmbiguousToken::ConflictingSessionCookies)
        );
        let none: [(&str, &str); 0] = [];
        assert_eq!(find_session_token(&none, Some("sfx")), Ok(None));
    }
}

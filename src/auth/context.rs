//! What request authentication reads from a request: the public URL, headers, cookies and query.
//!
//! Built once per request from a plain [`RequestView`] (browser-session.md §1). Cookies are looked
//! up case-sensitively, the first non-empty value of a name wins — except the session cookie, where
//! different values are ambiguous (`token-invalid`, see [`super::carrier`]) — and values are used as
//! sent (no percent-decoding: every value Clerk sets is already URL-safe).

use super::carrier::{parse_bearer, AmbiguousToken};
use super::cookies::{
    is_suffixed_cookie_name, suffixed_cookie_name, CookieValue, Cookies, MAX_COOKIE_BYTES,
};
use super::options::Authenticator;
use super::suffix::{uses_suffixed_cookies, CookiePair};
use super::url::Url;
use crate::http::same_name;

/// The request as plain data: method, URL (the runtime's serialisation) and header pairs.
#[derive(Debug, Clone, Copy)]
pub struct RequestView<'r, N: AsRef<str>, V: AsRef<str>> {
    /// The request method.
    pub method: &'r str,
    /// The absolute request URL.
    pub url: &'r str,
    /// Header names and values, in order.
    pub headers: &'r [(N, V)],
}

/// Why a request cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RequestError {
    /// The URL is not an absolute `http(s)` URL.
    #[error("the request URL is not an absolute http(s) URL")]
    InvalidUrl,
}

/// Cookie and query names of Clerk's browser protocol.
pub mod names {
    /// Session token cookie.
    pub const SESSION: &str = "__session";
    /// Client "updated at" cookie (seconds; `0` when signed out).
    pub const CLIENT_UAT: &str = "__client_uat";
    /// Refresh token cookie (suffixed only).
    pub const REFRESH: &str = "__refresh";
    /// Development browser token (cookie and query parameter).
    pub const DEV_BROWSER: &str = "__clerk_db_jwt";
    /// Legacy development session query parameter (only ever removed).
    pub const LEGACY_DEV_BROWSER: &str = "__dev_session";
    /// Handshake token (query parameter in development, cookie in production).
    pub const HANDSHAKE: &str = "__clerk_handshake";
    /// Handshake nonce (query parameter or cookie).
    pub const HANDSHAKE_NONCE: &str = "__clerk_handshake_nonce";
    /// Handshake help query parameter (only ever removed).
    pub const HANDSHAKE_HELP: &str = "__clerk_help";
    /// Handshake redirect-loop counter cookie.
    pub const REDIRECT_COUNT: &str = "__clerk_redirect_count";
    /// Multi-domain sync status query parameter (`false` = needs sync, `true` = done).
    pub const SYNCED: &str = "__clerk_synced";
    /// The satellite URL a development primary redirects back to.
    pub const REDIRECT_URL: &str = "__clerk_redirect_url";
}

/// Everything the decision reads from one request.
#[derive(Debug, Clone)]
pub struct AuthContext {
    /// The request method.
    pub method: String,
    /// The public URL (`x-forwarded-host` / `x-forwarded-proto` applied, §1.1).
    pub url: Url,
    /// The token of `Authorization: Bearer …`, or the reason the header is unusable.
    pub header_token: Result<Option<String>, AmbiguousToken>,
    /// The session cookie (suffixed or not, §1.5), or why it is ambiguous.
    pub session_cookie: Result<Option<String>, AmbiguousToken>,
    /// `__refresh_<suffix>` (only ever suffixed).
    pub refresh_token: Option<String>,
    /// `__client_uat` (suffixed or not) as seconds; `0` when missing or not a number.
    pub client_uat: i64,
    /// The development browser token (query first, then cookie).
    pub dev_browser: Option<String>,
    /// `__clerk_handshake` (query first, then the unsuffixed cookie).
    pub handshake_token: Option<String>,
    /// `__clerk_handshake_nonce` (query first, then cookie).
    pub handshake_nonce: Option<String>,
    /// `__clerk_redirect_count`.
    pub redirect_count: u32,
    /// Whether the suffixed cookies were chosen.
    pub suffixed: bool,
    /// `sec-fetch-dest`.
    pub sec_fetch_dest: Option<String>,
    /// `accept`.
    pub accept: Option<String>,
    /// `referer`.
    pub referrer: Option<String>,
}

impl AuthContext {
    /// Reads `request` for `auth` at `now_ms` (the time only feeds the development suffix rule).
    pub fn read<N: AsRef<str>, V: AsRef<str>>(
        request: &RequestView<'_, N, V>,
        auth: &Authenticator,
        now_ms: f64,
    ) -> Result<Self, RequestError> {
        let headers = request.headers;
        let header = |name: &str| first_header(headers, name);
        let url = public_url(
            request.url,
            header("x-forwarded-host"),
            header("x-forwarded-proto"),
        )?;
        let jar = Cookies::from_headers(headers);
        let suffix = auth.suffix.as_str();
        // Cookie lookups borrow from the request; nothing is copied until the context keeps it.
        let first = |name: &str| first_cookie(&jar, name);
        let first_suffixed = |name: &str| first_suffixed_cookie(&jar, name, suffix);
        let pair = |name: &str| CookiePair {
            plain: first(name).map(str::to_string),
            suffixed: first_suffixed(name).map(str::to_string),
        };
        let suffixed = uses_suffixed_cookies(
            &pair(names::SESSION),
            &pair(names::CLIENT_UAT),
            &auth.original_frontend_api(),
            auth.is_development(),
            now_ms,
        );
        let pick = |name: &str| {
            if suffixed {
                first_suffixed(name)
            } else {
                first(name)
            }
        };
        let session_cookie = if jar.is_too_large() {
            Err(AmbiguousToken::CookiesTooLarge {
                max: MAX_COOKIE_BYTES,
            })
        } else {
            let value = if suffixed {
                jar.get(&suffixed_cookie_name(names::SESSION, suffix))
            } else {
                jar.get(names::SESSION)
            };
            match value {
                CookieValue::Absent => Ok(None),
                CookieValue::One(v) => Ok(Some(v.to_string())),
                CookieValue::Conflicting => Err(AmbiguousToken::ConflictingSessionCookies),
            }
        };
        let from_query_or_cookie = |name: &str, cookie: Option<&str>| {
            url.param(name)
                .filter(|v| !v.is_empty())
                .or_else(|| cookie.map(str::to_string))
        };
        Ok(Self {
            method: request.method.to_string(),
            header_token: header_token(headers),
            session_cookie,
            refresh_token: first_suffixed(names::REFRESH).map(str::to_string),
            client_uat: parse_client_uat(pick(names::CLIENT_UAT)),
            dev_browser: from_query_or_cookie(names::DEV_BROWSER, pick(names::DEV_BROWSER)),
            handshake_token: from_query_or_cookie(names::HANDSHAKE, first(names::HANDSHAKE)),
            handshake_nonce: from_query_or_cookie(
                names::HANDSHAKE_NONCE,
                first(names::HANDSHAKE_NONCE),
            ),
            redirect_count: parse_counter(first(names::REDIRECT_COUNT)),
            suffixed,
            sec_fetch_dest: header("sec-fetch-dest").map(str::to_string),
            accept: header("accept").map(str::to_string),
            referrer: header("referer").map(str::to_string),
            url,
        })
    }

    /// The session token the handshake URL carries: the cookie's, else the header's.
    pub fn any_session_token(&self) -> Option<&str> {
        match (&self.session_cookie, &self.header_token) {
            (Ok(Some(t)), _) | (_, Ok(Some(t))) => Some(t),
            _ => None,
        }
    }
}

/// The first non-empty value of header `name` (case-insensitive).
fn first_header<'h, N: AsRef<str>, V: AsRef<str>>(
    headers: &'h [(N, V)],
    name: &str,
) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, v)| same_name(n.as_ref(), name) && !v.as_ref().is_empty())
        .map(|(_, v)| v.as_ref())
}

/// The first non-empty value of cookie `name`.
fn first_cookie<'h>(jar: &Cookies<'h>, name: &str) -> Option<&'h str> {
    jar.iter()
        .find(|(n, v)| *n == name && !v.is_empty())
        .map(|(_, v)| v)
}

/// The first non-empty value of cookie `{name}_{suffix}` (compared in place, no name is built).
fn first_suffixed_cookie<'h>(jar: &Cookies<'h>, name: &str, suffix: &str) -> Option<&'h str> {
    jar.iter()
        .find(|(n, v)| !v.is_empty() && is_suffixed_cookie_name(n, name, suffix))
        .map(|(_, v)| v)
}

/// The Bearer token of the request (several different `Authorization` headers are ambiguous).
fn header_token<N: AsRef<str>, V: AsRef<str>>(
    headers: &[(N, V)],
) -> Result<Option<String>, AmbiguousToken> {
    let mut values = headers
        .iter()
        .filter(|(n, _)| same_name(n.as_ref(), "authorization"))
        .map(|(_, v)| v.as_ref());
    let Some(value) = values.next() else {
        return Ok(None);
    };
    if values.any(|other| other != value) {
        return Err(AmbiguousToken::MultipleAuthorizationHeaders);
    }
    Ok(parse_bearer(value)?.map(str::to_string))
}

/// §1.1: `proto://host` from the first comma-separated forwarded values, path and query kept.
fn public_url(
    url: &str,
    forwarded_host: Option<&str>,
    forwarded_proto: Option<&str>,
) -> Result<Url, RequestError> {
    let url = Url::parse(url).ok_or(RequestError::InvalidUrl)?;
    fn first(v: Option<&str>) -> Option<&str> {
        v.and_then(|v| v.split(',').next())
            .filter(|v| !v.is_empty())
    }
    let Some(host) = first(forwarded_host) else {
        return Ok(url);
    };
    let proto = first(forwarded_proto)
        .map(str::to_string)
        .unwrap_or_else(|| {
            url.origin()
                .split("://")
                .next()
                .unwrap_or("https")
                .to_string()
        });
    Ok(url.with_origin(&proto, host).unwrap_or(url))
}

/// `parseInt(value) || 0`: optional whitespace and sign, then leading decimal digits.
pub fn parse_client_uat(value: Option<&str>) -> i64 {
    let Some(value) = value else { return 0 };
    let value = value.trim_start();
    let (negative, digits) = match value.as_bytes().first() {
        Some(b'-') => (true, &value[1..]),
        Some(b'+') => (false, &value[1..]),
        _ => (false, value),
    };
    let end = digits
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(digits.len());
    // Beyond i64, parseInt still gives a (huge) number: saturate rather than read it as 0.
    let n: i64 = digits[..end]
        .parse()
        .unwrap_or(if end > 0 { i64::MAX } else { 0 });
    if negative {
        -n
    } else {
        n
    }
}

/// `Number(value) || 0` for the loop counter, clamped to `u32`.
fn parse_counter(value: Option<&str>) -> u32 {
    let n: f64 = value
        .map(str::trim)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    if n.is_finite() && n > 0.0 {
        n.min(u32::MAX as f64) as u32
    } else {
        0
    }
}

#[cfg(test)]
#[path = "context_tests.rs"]
mod tests;

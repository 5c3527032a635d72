//! `Cookie` request headers (RFC 6265 §4.2.1, §5.4) and Clerk's suffixed cookie names.
//!
//! Parsing is lenient in what it skips and strict in what it returns: every
//! `Cookie` header is split on `;`, each pair is trimmed of spaces and tabs,
//! pairs without `=` or with an empty name are skipped, and a value wrapped in
//! double quotes is unwrapped. Values are returned as sent — never
//! percent-decoded — since session tokens are base64url and never need it.
//! The headers are split once per request into one list of borrowed pairs; nothing here copies a
//! cookie or can panic, whatever the input.

use base64::engine::general_purpose::URL_SAFE;
use base64::Engine;
use sha1::{Digest, Sha1};

/// Largest total size of all `Cookie` header values accepted, in bytes (browsers send at most ~8 KB
/// per header line; Cloudflare caps all request headers at 128 KB).
pub const MAX_COOKIE_BYTES: usize = 32 * 1024;

/// The name of Clerk's session-token cookie.
pub const SESSION_COOKIE: &str = "__session";

/// What a lookup of one cookie name found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CookieValue<'h> {
    /// No cookie of that name has a non-empty value.
    Absent,
    /// Exactly one non-empty value (possibly sent several times).
    One(&'h str),
    /// Several different non-empty values: the request is ambiguous.
    Conflicting,
}

/// The cookies of one request, borrowed from its headers.
#[derive(Debug, Clone, Default)]
pub struct Cookies<'h> {
    pairs: Vec<(&'h str, &'h str)>,
    too_large: bool,
}

impl<'h> Cookies<'h> {
    /// Collects every `Cookie` header (name matched case-insensitively) of `headers`.
    pub fn from_headers<N: AsRef<str>, V: AsRef<str>>(headers: &'h [(N, V)]) -> Self {
        let cookie_headers = || {
            headers
                .iter()
                .filter(|(name, _)| crate::http::same_name(name.as_ref(), "cookie"))
                .map(|(_, value)| value.as_ref())
        };
        let total = cookie_headers().fold(0usize, |sum, v| sum.saturating_add(v.len()));
        if total > MAX_COOKIE_BYTES {
            return Self {
                pairs: Vec::new(),
                too_large: true,
            };
        }
        Self {
            pairs: cookie_headers().flat_map(parse_cookie_header).collect(),
            too_large: false,
        }
    }

    /// `true` when the `Cookie` headers together exceed [`MAX_COOKIE_BYTES`]; such a jar is empty.
    pub fn is_too_large(&self) -> bool {
        self.too_large
    }

    /// Every `(name, value)` pair, in header order.
    pub fn iter(&self) -> impl Iterator<Item = (&'h str, &'h str)> + '_ {
        self.pairs.iter().copied()
    }

    /// Looks `name` up (case-sensitively, as browsers store names); empty values count as absent.
    pub fn get(&self, name: &str) -> CookieValue<'h> {
        let mut found = CookieValue::Absent;
        for (_, value) in self.iter().filter(|(n, v)| *n == name && !v.is_empty()) {
            match found {
                CookieValue::Absent => found = CookieValue::One(value),
                CookieValue::One(first) if first == value => {}
                _ => return CookieValue::Conflicting,
            }
        }
        found
    }
}

/// Splits one `Cookie` header value into `(name, value)` pairs; see the module docs for the rules.
pub fn parse_cookie_header(header: &str) -> impl Iterator<Item = (&str, &str)> {
    header.split(';').filter_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        let name = trim_ows(name);
        if name.is_empty() {
            return None;
        }
        Some((name, unquote(trim_ows(value))))
    })
}

/// Computes Clerk's cookie suffix for a publishable key, as @clerk/shared's `getCookieSuffix` does.
///
/// That is the first 8 characters of base64url(SHA-1(key)) — standard base64 with
/// `+`→`-` and `/`→`_`. Surrounding whitespace is trimmed first, as
/// [`crate::PublishableKey::parse`] does, so a key pasted with a newline still
/// yields the suffix Clerk's frontend uses for its cookies.
///
/// ```
/// assert_eq!(clerk_edge::auth::cookies::cookie_suffix("pk_test_Y2xlcmsuZXhhbXBsZS5jb20k"), "l2OS3d9k");
/// ```
pub fn cookie_suffix(publishable_key: &str) -> String {
    let digest = Sha1::digest(publishable_key.trim().as_bytes());
    let mut encoded = URL_SAFE.encode(digest);
    encoded.truncate(8);
    encoded
}

/// The suffixed form of a cookie name, `<name>_<suffix>` (@clerk/shared's `getSuffixedCookieName`).
pub fn suffixed_cookie_name(name: &str, suffix: &str) -> String {
    format!("{name}_{suffix}")
}

/// Whether `cookie` is [`suffixed_cookie_name`]`(name, suffix)`, compared in place (nothing is built).
pub fn is_suffixed_cookie_name(cookie: &str, name: &str, suffix: &str) -> bool {
    cookie.len() == name.len() + 1 + suffix.len()
        && cookie.starts_with(name)
        && cookie.as_bytes()[name.len()] == b'_'
        && cookie.ends_with(suffix)
}

/// Trims spaces and horizontal tabs (RFC 7230 OWS) — not other whitespace.
fn trim_ows(s: &str) -> &str {
    s.trim_matches(|c| c == ' ' || c == '\t')
}

/// Removes one pair of surrounding double quotes (RFC 6265 §4.1.1 `cookie-value`).
fn unquote(value: &str) -> &str {
    value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jar(values: &[&str]) -> Vec<(String, String)> {
        values
            .iter()
            .map(|v| ("Cookie".to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn parses_pairs_with_whitespace_quotes_and_garbage() {
        let pairs: Vec<_> =
            parse_cookie_header(" a=1;b = \"two\" ;\tc=;=x;novalue; d=e=f ;;\"\";q=\"").collect();
        assert_eq!(
            pairs,
            [
                ("a", "1"),
                ("b", "two"),
                ("c", ""),
                ("d", "e=f"),
                ("q", "\"")
            ]
        );
    }

    #[test]
    fn looks_up_across_headers_and_detects_conflicts() {
        let headers = jar(&["a=1; __session=t1", "__session=t1; b=2"]);
        let cookies = Cookies::from_headers(&headers);
        assert_eq!(cookies.get(SESSION_COOKIE), CookieValue::One("t1"));
        assert_eq!(cookies.get("b"), CookieValue::One("2"));
        assert_eq!(cookies.get("B"), CookieValue::Absent);

        let headers = jar(&["__session=t1", "__session=; __session=t2"]);
        let cookies = Cookies::from_headers(&headers);
        assert_eq!(cookies.get(SESSION_COOKIE), CookieValue::Conflicting);

        let headers = jar(&["__session=; __session=\"\""]);
        assert_eq!(
            Cookies::from_headers(&headers).get(SESSION_COOKIE),
            CookieValue::Absent
        );
    }

    #[test]
    fn ignores_other_headers_and_caps_size() {
        let headers = [("set-cookie", "__session=x"), ("COOKIE", "__session=y")];
        assert_eq!(
            Cookies::from_headers(&headers).get(SESSION_COOKIE),
            CookieValue::One("y")
        );
        let big = format!("__session=t; pad={}", "x".repeat(MAX_COOKIE_BYTES));
        let headers = jar(&[&big]);
        let cookies = Cookies::from_headers(&headers);
        assert!(cookies.is_too_large());
        assert_eq!(cookies.get(SESSION_COOKIE), CookieValue::Absent);
    }

    #[test]
    fn never_panics_on_arbitrary_bytes() {
        let garbage = [
            "",
            ";",
            "=",
            "==;;==",
            "\"",
            "\u{0}=\u{7f}",
            "é=ü;ñ",
            "a=\"\"\"",
        ];
        for g in garbage {
            let headers = jar(&[g]);
            let cookies = Cookies::from_headers(&headers);
            let _ = cookies.iter().count();
            let _ = cookies.get("a");
        }
    }

    #[test]
    fn suffix_names() {
        assert_eq!(
            suffixed_cookie_name("__session", "l2OS3d9k"),
            "__session_l2OS3d9k"
        );
        let built = suffixed_cookie_name("__session", "l2OS3d9k");
        assert!(is_suffixed_cookie_name(&built, "__session", "l2OS3d9k"));
        for other in [
            "__session",
            "__session_l2OS3d9",
            "__sessionXl2OS3d9k",
            "__client_uat_l2OS3d9k",
        ] {
            assert!(
                !is_suffixed_cookie_name(other, "__session", "l2OS3d9k"),
                "{other}"
            );
        }
        assert_eq!(
            cookie_suffix(" pk_test_Y2xlcmsuZXhhbXBsZS5jb20k\n"),
            cookie_suffix("pk_test_Y2xlcmsuZXhhbXBsZS5jb20k")
        );
    }
}

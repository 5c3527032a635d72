//! Which of Clerk's two cookie sets a request is read from: `__session` / `__client_uat` or their
//! `_<suffix>` forms (browser-session.md §1.5, @clerk/backend's `usesSuffixedCookies`).
//!
//! The choice only uses unverified token contents ([`Peek`]), so a forged cookie can at worst make
//! the request read the other (also unverified) cookie set.

use std::rc::Rc;

use super::peek::Peek;
use super::recent_peeks;

/// The unsuffixed and suffixed values of one cookie (first non-empty value of each).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CookiePair {
    /// `<name>`.
    pub plain: Option<String>,
    /// `<name>_<suffix>`.
    pub suffixed: Option<String>,
}

/// `true` when the suffixed cookies are to be read, in @clerk/backend's rule order.
pub fn uses_suffixed_cookies(
    session: &CookiePair,
    client_uat: &CookiePair,
    original_frontend_api: &str,
    development: bool,
    now_ms: f64,
) -> bool {
    let plain_session = session.plain.as_deref().map(recent_peeks::peek);
    if let Some(peek) = &plain_session {
        // 1. A malformed unsuffixed session token: read it, so the request ends signed-out.
        if !peek.as_ref().is_some_and(|p| p.has_issuer()) {
            return false;
        }
        // 2. An unsuffixed token of another instance: trust the suffixed cookies.
        let issuer = peek.as_ref().and_then(|p| p.issuer()).map(strip_schemes);
        if issuer.as_deref() != Some(original_frontend_api) {
            return true;
        }
    }
    let (uat, uat_sfx) = (client_uat.plain.as_deref(), client_uat.suffixed.as_deref());
    // 3. No suffixed cookies at all.
    if uat_sfx.is_none() && session.suffixed.is_none() {
        return false;
    }
    let suffixed_session = session.suffixed.as_deref().and_then(recent_peeks::peek);
    let iat = |p: Option<&Rc<Peek>>| p.and_then(|p| p.issued_at()).unwrap_or(0.0);
    // 4. Both signed in, the unsuffixed token is newer.
    if uat_sfx != Some("0")
        && uat != Some("0")
        && iat(plain_session.as_ref().and_then(Option::as_ref)) > iat(suffixed_session.as_ref())
    {
        return false;
    }
    // 5. Suffixed says signed out, unsuffixed signed in.
    if uat_sfx == Some("0") && uat != Some("0") {
        return false;
    }
    // 6. Development: suffixed says signed in, unsuffixed signed out, suffixed token expired.
    if development && uat_sfx != Some("0") && uat == Some("0") {
        let now_s = (now_ms / 1000.0).floor();
        if suffixed_session
            .as_ref()
            .is_some_and(|p| p.expires_at().is_some_and(|exp| exp <= now_s))
        {
            return false;
        }
    }
    // 7. A suffixed session without its suffixed client_uat.
    if uat_sfx.is_none() && session.suffixed.is_some() {
        return false;
    }
    true
}

/// The issuer with every `http://` / `https://` removed (any case), as Clerk compares it.
fn strip_schemes(iss: &str) -> String {
    let mut out = String::with_capacity(iss.len());
    let mut rest = iss;
    while !rest.is_empty() {
        let lower = rest
            .get(..8)
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if lower.starts_with("https://") {
            rest = &rest[8..];
        } else if lower.starts_with("http://") {
            rest = &rest[7..];
        } else {
            let c = rest.chars().next().unwrap_or_default();
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAPI: &str = "clerk.example.com";

    fn jwt(payload: &str) -> String {
        use base64::Engine;
        let e = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        format!("{}.{}.sig", e(r#"{"alg":"RS256"}"#), e(payload))
    }

    fn pair(plain: Option<&str>, suffixed: Option<&str>) -> CookiePair {
        CookiePair {
            plain: plain.map(Into::into),
            suffixed: suffixed.map(Into::into),
        }
    }

    fn decide(session: CookiePair, uat: CookiePair, dev: bool) -> bool {
        uses_suffixed_cookies(&session, &uat, FAPI, dev, 1_000_000.0 * 1000.0)
    }

    #[test]
    fn follows_the_rule_order() {
        let ours_old = jwt(r#"{"iss":"https://clerk.example.com","iat":10,"exp":20}"#);
        let ours_new = jwt(r#"{"iss":"https://clerk.example.com","iat":30,"exp":2000000}"#);
        let foreign = jwt(r#"{"iss":"https://clerk.other.com","iat":30}"#);
        // 1: malformed or issuer-less plain session
        assert!(!decide(
            pair(Some("garbage"), Some(&ours_new)),
            pair(Some("1"), Some("1")),
            false
        ));
        assert!(!decide(
            pair(Some(&jwt("{}")), Some(&ours_new)),
            pair(None, Some("1")),
            false
        ));
        // 2: another instance's plain session
        assert!(decide(pair(Some(&foreign), None), pair(None, None), false));
        // 3: no suffixed cookies
        assert!(!decide(
            pair(Some(&ours_new), None),
            pair(Some("1"), None),
            false
        ));
        // 4: plain newer, both signed in
        assert!(!decide(
            pair(Some(&ours_new), Some(&ours_old)),
            pair(Some("1"), Some("1")),
            false
        ));
        assert!(decide(
            pair(Some(&ours_old), Some(&ours_new)),
            pair(Some("1"), Some("1")),
            false
        ));
        // 5: suffixed signed out, plain signed in
        assert!(!decide(
            pair(None, Some(&ours_new)),
            pair(Some("1"), Some("0")),
            false
        ));
        // 6: development, suffixed expired and plain signed out
        assert!(!decide(
            pair(None, Some(&ours_old)),
            pair(Some("0"), Some("1")),
            true
        ));
        assert!(decide(
            pair(None, Some(&ours_old)),
            pair(Some("0"), Some("1")),
            false
        ));
        assert!(decide(
            pair(None, Some(&ours_new)),
            pair(Some("0"), Some("1")),
            true
        ));
        // 7: suffixed session without suffixed client_uat
        assert!(!decide(
            pair(None, Some(&ours_new)),
            pair(Some("1"), None),
            false
        ));
        // 8: otherwise suffixed
        assert!(decide(
            pair(None, Some(&ours_new)),
            pair(None, Some("1")),
            false
        ));
    }

    #[test]
    fn issuer_schemes_are_stripped_anywhere() {
        assert_eq!(
            strip_schemes("HTTPS://clerk.example.com"),
            "clerk.example.com"
        );
        assert_eq!(strip_schemes("http://a/https://b"), "a/b");
        assert_eq!(strip_schemes("é"), "é");
    }
}

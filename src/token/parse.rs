//! Strict parsing of a compact JWS (RFC 7515 §7.1) before any cryptography runs.
//!
//! Rules: size cap checked first; exactly three non-empty segments; strict
//! base64url (no padding, no `+`/`/`, canonical trailing bits); header and
//! payload are JSON objects without duplicate member names; `typ`, when
//! present, denotes a JWT; any `crit` is rejected (we implement no extension);
//! Clerk's `cat` (token category), when present, must be the session-token or
//! "ignore" category, so machine (M2M) JWTs signed with the same instance keys
//! are never taken for sessions (@clerk/backend's `verifyToken` rejects them too);
//! `jku`, `x5u`, `jwk` and `x5c` are ignored — keys never come from the token.
//!
//! Machine JWTs signed with the same keys are parsed with [`parse_token_as`]: an M2M token's `cat`
//! must be the M2M category (or absent); an OAuth access token's `typ` must be `at+jwt` (RFC 9068).

use base64::alphabet::URL_SAFE;
use base64::engine::general_purpose::GeneralPurpose;
use base64::engine::{DecodePaddingMode, GeneralPurposeConfig};
use base64::Engine;
use serde_json::{Map, Value};

use super::strict_json::parse_object;
use crate::error::TokenError;

/// Largest token accepted, in bytes. Clerk session tokens are ~1 KB; cookies cap at 4 KB.
pub const MAX_TOKEN_BYTES: usize = 16 * 1024;

/// base64url without padding, rejecting non-canonical trailing bits.
const B64URL: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone),
);

/// Clerk's `cat` header value for session tokens.
const CATEGORY_SESSION_TOKEN: &str = "cl_B7d4PD111AAA";
/// Clerk's `cat` header value for "no particular category" (@clerk/backend treats it as a session token).
const CATEGORY_IGNORE: &str = "cl_I7d4PD111III";
/// Clerk's `cat` header value for M2M tokens.
pub const CATEGORY_M2M_TOKEN: &str = "cl_B7d4PD333AAA";

/// Which kind of Clerk JWT a token must be: it decides the accepted `typ` and `cat` headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TokenKind {
    /// A session token: `typ` JWT (or absent), `cat` the session or "ignore" category (or absent).
    #[default]
    Session,
    /// An M2M token: `typ` JWT (or absent), `cat` the M2M category (or absent).
    M2m,
    /// An OAuth access token: `typ` `at+jwt` or `application/at+jwt`; no session or M2M `cat`.
    OAuthAccess,
}

/// The JOSE header fields the verifier uses.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// `alg`, exactly as written.
    pub alg: String,
    /// `kid`, if present.
    pub kid: Option<String>,
}

/// A syntactically valid token whose signature has not been checked yet.
///
/// Nothing in it is trusted: only the verifier turns it into claims.
#[derive(Debug, Clone)]
pub struct UnverifiedToken<'t> {
    /// The parsed header.
    pub header: Header,
    /// The parsed payload (untrusted until the signature verifies).
    pub payload: Map<String, Value>,
    /// `BASE64URL(header) "." BASE64URL(payload)` — the bytes that were signed.
    pub signing_input: &'t [u8],
    /// The decoded signature.
    pub signature: Vec<u8>,
    /// The payload's JSON text, exactly as signed (handed to JS hosts instead of re-serialising).
    pub payload_json: String,
}

/// Parses a session token strictly; see the module docs for the rules.
pub fn parse_token(token: &str) -> Result<UnverifiedToken<'_>, TokenError> {
    parse_token_as(token, TokenKind::Session)
}

/// Parses `token` strictly as a JWT of `kind` (its `typ` and `cat` headers must fit).
pub fn parse_token_as(token: &str, kind: TokenKind) -> Result<UnverifiedToken<'_>, TokenError> {
    if token.is_empty() {
        return Err(TokenError::Missing);
    }
    if token.len() > MAX_TOKEN_BYTES {
        return Err(TokenError::TooLarge {
            max: MAX_TOKEN_BYTES,
        });
    }
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenError::Malformed(
            "expected three dot-separated segments",
        ));
    };
    if h.is_empty() || p.is_empty() || s.is_empty() {
        return Err(TokenError::Malformed("a segment is empty"));
    }
    let header_bytes = decode_segment(h, "header is not base64url")?;
    let payload_bytes = decode_segment(p, "payload is not base64url")?;
    let signature = decode_segment(s, "signature is not base64url")?;
    let header =
        parse_object(&header_bytes).ok_or(TokenError::Malformed("header is not a JSON object"))?;
    let payload = parse_object(&payload_bytes)
        .ok_or(TokenError::Malformed("payload is not a JSON object"))?;
    let header = check_header(&header, kind)?;
    // parse_object accepted it, so it is UTF-8 JSON; the check keeps that invariant local.
    let payload_json = String::from_utf8(payload_bytes)
        .map_err(|_| TokenError::Malformed("payload is not UTF-8"))?;
    Ok(UnverifiedToken {
        header,
        payload,
        payload_json,
        signing_input: &token.as_bytes()[..h.len() + 1 + p.len()],
        signature,
    })
}

fn decode_segment(segment: &str, problem: &'static str) -> Result<Vec<u8>, TokenError> {
    B64URL
        .decode(segment)
        .map_err(|_| TokenError::Malformed(problem))
}

/// Validates the header members that affect verification.
fn check_header(header: &Map<String, Value>, kind: TokenKind) -> Result<Header, TokenError> {
    let alg = match header.get("alg") {
        Some(Value::String(alg)) => alg.clone(),
        Some(_) => return Err(TokenError::Malformed("header `alg` is not a string")),
        None => return Err(TokenError::Malformed("header has no `alg`")),
    };
    let kid = match header.get("kid") {
        None => None,
        Some(Value::String(kid)) => Some(kid.clone()),
        Some(_) => return Err(TokenError::Malformed("header `kid` is not a string")),
    };
    let typ_ok = match (header.get("typ"), kind) {
        (None, TokenKind::Session | TokenKind::M2m) => true,
        (Some(Value::String(typ)), TokenKind::Session | TokenKind::M2m) => is_jwt_type(typ),
        (Some(Value::String(typ)), TokenKind::OAuthAccess) => is_access_token_type(typ),
        _ => false,
    };
    if !typ_ok {
        return Err(TokenError::InvalidType);
    }
    if header.contains_key("crit") {
        return Err(TokenError::UnsupportedCritical);
    }
    let cat = match header.get("cat") {
        None => None,
        Some(Value::String(cat)) => Some(cat.as_str()),
        Some(_) => return Err(TokenError::Malformed("header `cat` is not a string")),
    };
    let cat_ok = match (cat, kind) {
        (None, _) => true,
        (Some(cat), TokenKind::Session) => cat == CATEGORY_SESSION_TOKEN || cat == CATEGORY_IGNORE,
        (Some(cat), TokenKind::M2m) => cat == CATEGORY_M2M_TOKEN,
        (Some(cat), TokenKind::OAuthAccess) => {
            ![CATEGORY_SESSION_TOKEN, CATEGORY_IGNORE, CATEGORY_M2M_TOKEN].contains(&cat)
        }
    };
    if !cat_ok {
        return Err(TokenError::Malformed(match kind {
            TokenKind::Session => "header `cat` is not the session-token category",
            TokenKind::M2m => "header `cat` is not the M2M-token category",
            TokenKind::OAuthAccess => "header `cat` is a session or M2M category",
        }));
    }
    Ok(Header { alg, kid })
}

/// `at+jwt` or `application/at+jwt`, case-insensitively (RFC 9068 §2.1).
fn is_access_token_type(typ: &str) -> bool {
    typ.eq_ignore_ascii_case("at+jwt") || typ.eq_ignore_ascii_case("application/at+jwt")
}

/// `JWT` or `application/jwt`, case-insensitively (RFC 7519 §5.1, RFC 7515 §4.1.9).
fn is_jwt_type(typ: &str) -> bool {
    typ.eq_ignore_ascii_case("JWT") || typ.eq_ignore_ascii_case("application/jwt")
}

/// Encodes bytes as unpadded base64url (used by tests and fixtures).
pub fn base64url(bytes: &[u8]) -> String {
    B64URL.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(header: &str, payload: &str, sig: &[u8]) -> String {
        format!(
            "{}.{}.{}",
            base64url(header.as_bytes()),
            base64url(payload.as_bytes()),
            base64url(sig)
        )
    }

    #[test]
    fn parses_a_well_formed_token() {
        let t = token(
            r#"{"alg":"RS256","kid":"k1","typ":"JWT"}"#,
            r#"{"sub":"u"}"#,
            b"sig",
        );
        let parsed = parse_token(&t).unwrap();
        assert_eq!(parsed.header.alg, "RS256");
        assert_eq!(parsed.header.kid.as_deref(), Some("k1"));
        assert_eq!(parsed.payload["sub"], "u");
        assert_eq!(parsed.signature, b"sig");
        assert_eq!(
            parsed.signing_input,
            t.rsplit_once('.').unwrap().0.as_bytes()
        );
    }

    #[test]
    fn rejects_structural_problems() {
        let good = token(r#"{"alg":"RS256"}"#, "{}", b"s");
        let (hp, sig) = good.rsplit_once('.').unwrap();
        let cases = [
            String::new(),
            hp.to_string(),
            format!("{good}.x"),
            format!("{hp}."),
            format!("{hp}.{sig}="),
            format!("{hp}.{}", sig.replace('c', "+")),
            token("[]", "{}", b"s"),
            token(r#"{"alg":"RS256"}"#, "[1]", b"s"),
            token(r#"{"alg":"RS256"}"#, r#"{"a":1,"a":2}"#, b"s"),
            token(r#"{"alg":1}"#, "{}", b"s"),
            token(r#"{"alg":"RS256","typ":"JOSE+JSON"}"#, "{}", b"s"),
            token(r#"{"alg":"RS256","crit":["exp"]}"#, "{}", b"s"),
            token(r#"{"alg":"RS256","cat":"cl_B7d4PD333AAA"}"#, "{}", b"s"),
            token(r#"{"alg":"RS256","cat":1}"#, "{}", b"s"),
            "a".repeat(MAX_TOKEN_BYTES + 1),
        ];
        for case in cases {
            let err = parse_token(&case).unwrap_err();
            assert_eq!(
                crate::error::Reason::reason(&err),
                "token-invalid",
                "{case:.40}: {err}"
            );
        }
    }

    #[test]
    fn rejects_non_canonical_base64() {
        // "e30" is base64url("{}"); "e31" decodes to the same byte with non-zero trailing bits.
        let sig = base64url(b"s");
        let h = base64url(br#"{"alg":"RS256"}"#);
        assert!(parse_token(&format!("{h}.e30.{sig}")).is_ok());
        assert!(parse_token(&format!("{h}.e31.{sig}")).is_err());
    }
}

//! Reading a token's header and payload without verifying it, for the protocol's few unverified
//! decisions: which cookie set to read (§1.5), the token-type check (K) and `iat < client_uat` (L).
//!
//! Nothing read here can sign a request in: a [`Peek`] only ever downgrades a request to signed-out
//! or a handshake. Decoding is as lenient as @clerk/backend's `decodeJwt` (three segments,
//! base64url with or without padding, JSON objects); the strict parser runs before verification.

use std::fmt;

use base64::alphabet::URL_SAFE;
use base64::engine::general_purpose::GeneralPurpose;
use base64::engine::{DecodePaddingMode, GeneralPurposeConfig};
use base64::Engine;
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;

use crate::token::MAX_TOKEN_BYTES;

const LENIENT_B64URL: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Clerk's `cat` values that mark a session token (or "no particular category").
const SESSION_CATEGORIES: [&str; 2] = ["cl_B7d4PD111AAA", "cl_I7d4PD111III"];
/// The `typ` values of OAuth access-token JWTs (RFC 9068).
const ACCESS_TOKEN_TYPES: [&str; 2] = ["at+jwt", "application/at+jwt"];
/// The subject prefix of machine (M2M) tokens.
const MACHINE_SUBJECT_PREFIX: &str = "mch_";

/// The members read unverified, in [`Fields`] order; every other member is skipped unbuilt.
/// ([`MemberName`] matches them by name; the tests hold the two in step.)
#[cfg_attr(not(test), allow(dead_code))]
const READ: [&str; 7] = ["iss", "sid", "sub", "iat", "exp", "typ", "cat"];
const ISS: usize = 0;
const SID: usize = 1;
const SUB: usize = 2;
const IAT: usize = 3;
const EXP: usize = 4;
const TYP: usize = 5;
const CAT: usize = 6;

/// The [`READ`] members of one JSON object (the last of duplicates, as `JSON.parse` keeps).
///
/// Only these values are built; the rest of the object is still parsed (it must be valid JSON), so
/// what decodes is exactly what a full parse accepts, without building a map per request.
#[derive(Debug, Clone, Default, PartialEq)]
struct Fields([Option<Value>; 7]);

impl Fields {
    fn get(&self, member: usize) -> Option<&Value> {
        self.0[member].as_ref()
    }
}

/// A member name: its index in [`READ`], or `None` for a member that is skipped.
struct MemberName(Option<usize>);

impl<'de> Deserialize<'de> for MemberName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NameVisitor;
        impl Visitor<'_> for NameVisitor {
            type Value = MemberName;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<MemberName, E> {
                // A `match` compiles to a length switch; a scan of `READ` compared every name.
                Ok(MemberName(match name {
                    "iss" => Some(ISS),
                    "sid" => Some(SID),
                    "sub" => Some(SUB),
                    "iat" => Some(IAT),
                    "exp" => Some(EXP),
                    "typ" => Some(TYP),
                    "cat" => Some(CAT),
                    _ => None,
                }))
            }
        }
        deserializer.deserialize_str(NameVisitor)
    }
}

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor;
        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = Fields;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
                let mut fields = Fields::default();
                while let Some(MemberName(member)) = map.next_key()? {
                    match member {
                        Some(i) => fields.0[i] = Some(map.next_value()?),
                        None => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(fields)
            }
        }
        deserializer.deserialize_map(ObjectVisitor)
    }
}

/// The unverified header and payload of a token.
#[derive(Debug, Clone, PartialEq)]
pub struct Peek {
    header: Fields,
    payload: Fields,
}

impl Peek {
    /// Decodes `token` without any check; `None` when it is not three segments of base64url JSON objects.
    pub fn decode(token: &str) -> Option<Peek> {
        if token.len() > MAX_TOKEN_BYTES {
            return None;
        }
        let mut parts = token.split('.');
        let (Some(h), Some(p), Some(_), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        let object = |segment: &str| -> Option<Fields> {
            serde_json::from_slice(&LENIENT_B64URL.decode(segment).ok()?).ok()
        };
        Some(Peek {
            header: object(h)?,
            payload: object(p)?,
        })
    }

    fn number(&self, claim: usize) -> Option<f64> {
        self.payload.get(claim).and_then(Value::as_f64)
    }

    /// `iss`, when it is a string.
    pub fn issuer(&self) -> Option<&str> {
        self.payload.get(ISS).and_then(Value::as_str)
    }

    /// `true` when `iss` is present and truthy (a non-empty string, a non-zero number, an object…).
    pub fn has_issuer(&self) -> bool {
        match self.payload.get(ISS) {
            None | Some(Value::Null) | Some(Value::Bool(false)) => false,
            Some(Value::String(s)) => !s.is_empty(),
            Some(Value::Number(n)) => n.as_f64() != Some(0.0),
            Some(_) => true,
        }
    }

    /// `sid`, when it is a string.
    pub fn session_id(&self) -> Option<&str> {
        self.payload.get(SID).and_then(Value::as_str)
    }

    /// `sub`, when it is a string.
    pub fn subject(&self) -> Option<&str> {
        self.payload.get(SUB).and_then(Value::as_str)
    }

    /// A header `typ` of an OAuth access token (`at+jwt` or `application/at+jwt`, RFC 9068).
    pub fn is_access_token_type(&self) -> bool {
        let typ = self.header.get(TYP).and_then(Value::as_str);
        typ.is_some_and(|t| ACCESS_TOKEN_TYPES.contains(&t))
    }

    /// The header's `cat`, when it is a string.
    pub fn category(&self) -> Option<&str> {
        self.header.get(CAT).and_then(Value::as_str)
    }

    /// `iat` in seconds, when it is a number.
    pub fn issued_at(&self) -> Option<f64> {
        self.number(IAT)
    }

    /// `exp` in seconds, when it is a number.
    pub fn expires_at(&self) -> Option<f64> {
        self.number(EXP)
    }

    /// A machine JWT: an OAuth access token (`typ` `at+jwt`) or an M2M token (`sub` `mch_…`).
    pub fn is_machine_token(&self) -> bool {
        self.is_access_token_type()
            || self
                .subject()
                .is_some_and(|s| s.starts_with(MACHINE_SUBJECT_PREFIX))
    }

    /// A header `cat` that names a category other than session tokens.
    pub fn has_non_session_category(&self) -> bool {
        match self.header.get(CAT) {
            None => false,
            Some(Value::String(cat)) => !SESSION_CATEGORIES.contains(&cat.as_str()),
            Some(_) => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(header: &str, payload: &str) -> String {
        let e = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        format!("{}.{}.sig", e(header), e(payload))
    }

    #[test]
    fn reads_claims_without_checks() {
        let peek = Peek::decode(&token(
            r#"{"alg":"RS256"}"#,
            r#"{"iss":"https://x","iat":5,"exp":9}"#,
        ))
        .unwrap();
        assert_eq!(peek.issuer(), Some("https://x"));
        assert!(peek.has_issuer());
        assert_eq!(
            (peek.issued_at(), peek.expires_at()),
            (Some(5.0), Some(9.0))
        );
        assert!(!peek.is_machine_token() && !peek.has_non_session_category());
        for bad in ["", "a.b", "a.b.c.d", "!!.!!.x", &token("[]", "{}")] {
            assert_eq!(Peek::decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn recognises_machine_tokens_and_categories() {
        let m2m = Peek::decode(&token("{}", r#"{"sub":"mch_1"}"#)).unwrap();
        assert!(m2m.is_machine_token());
        let oauth = Peek::decode(&token(r#"{"typ":"at+jwt"}"#, r#"{"sub":"user_1"}"#)).unwrap();
        assert!(oauth.is_machine_token());
        let template = Peek::decode(&token(r#"{"cat":"cl_B7d4PD222AAA"}"#, "{}")).unwrap();
        assert!(template.has_non_session_category());
        let session =
            Peek::decode(&token(r#"{"cat":"cl_B7d4PD111AAA"}"#, r#"{"iss":""}"#)).unwrap();
        assert!(!session.has_non_session_category() && !session.has_issuer());
    }

    #[test]
    fn reads_members_as_a_full_json_parse_does() {
        // Each object decodes as serde_json::Value would: the last duplicate wins, escaped names
        // are names, skipped members must still be valid JSON, and only objects are accepted.
        let cases = [
            r#"{"iss":"a","iss":"b"}"#,
            r#"{"\u0069ss":"escaped","iat":1}"#,
            r#"{"x":{"deep":[1,2,{"iss":"inner"}]},"iss":"outer"}"#,
            r#"{"iat":1.5e3,"exp":-1,"sub":null,"cat":7}"#,
            r#"{"x":[1,}"#,
            r#"{"iss":"a"} trailing"#,
            r#"["iss","a"]"#,
            r#""iss""#,
            r#"{"iss":"a",}"#,
            r#"{}"#,
        ];
        for json in cases {
            let full: Option<serde_json::Map<String, Value>> = match serde_json::from_str(json) {
                Ok(Value::Object(map)) => Some(map),
                _ => None,
            };
            let read: Option<Fields> = serde_json::from_str(json).ok();
            assert_eq!(full.is_some(), read.is_some(), "{json}");
            if let (Some(full), Some(read)) = (full, read) {
                for (i, name) in READ.iter().enumerate() {
                    assert_eq!(full.get(*name), read.get(i), "{json}: {name}");
                }
            }
        }
    }
}

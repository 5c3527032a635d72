//! Typed Clerk session-token claims (v1 and v2 formats), with the raw payload kept.
//!
//! [`SessionClaims::from_payload`] takes the payload of a token whose signature
//! and time claims have already been verified, checks the type of every claim
//! it knows, and decodes the organization claims of both token versions into
//! one [`OrgClaims`]. Unknown claims (custom JWT-template claims) are kept in
//! [`SessionClaims::raw`].

mod entitlements;
mod org;
mod read;

pub use entitlements::Entitlements;
pub use org::OrgClaims;

use serde::{Serialize, Serializer};
use serde_json::{Map, Value};
use thiserror::Error;

use crate::error::Reason;
use read::{actor, factor_verification_age, opt_seconds, opt_string, version};

/// Why a verified payload is not a usable session token. Messages name a claim, never its value.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ClaimsError {
    /// `sub` is absent, `null` or empty.
    #[error("session token has no subject (`sub`)")]
    MissingSubject,
    /// A known claim has the wrong JSON type (e.g. `sid` is a number).
    #[error("claim `{claim}` has the wrong type")]
    InvalidType {
        /// The claim's name, e.g. `sid` or `o.per`.
        claim: &'static str,
    },
    /// A known claim has the right type but an impossible value (e.g. `fva` of length 3).
    #[error("claim `{claim}` has an invalid value")]
    InvalidValue {
        /// The claim's name, e.g. `fva` or `act.sub`.
        claim: &'static str,
    },
    /// `v` is a number other than 1 or 2.
    #[error("unsupported session token version (`v`)")]
    UnsupportedVersion,
}

impl Reason for ClaimsError {
    fn reason(&self) -> &'static str {
        "token-verification-failed"
    }
}

/// Who is acting on behalf of the user in an impersonation session (the `act` claim).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Actor {
    /// The impersonator's id (`act.sub`), never empty.
    pub sub: String,
    /// Issuer of the actor token (`act.iss`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    /// The impersonator's session id (`act.sid`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// Every other field of `act`, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The claims of a verified Clerk session token. Serializes as the original payload.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionClaims {
    sub: String,
    sid: Option<String>,
    azp: Option<String>,
    iss: Option<String>,
    exp: Option<i64>,
    iat: Option<i64>,
    nbf: Option<i64>,
    jti: Option<String>,
    v: u8,
    act: Option<Actor>,
    org: Option<OrgClaims>,
    sts: Option<String>,
    fva: Option<[i64; 2]>,
    features: Option<Entitlements>,
    plans: Option<Entitlements>,
    raw: Map<String, Value>,
}

impl SessionClaims {
    /// Types the claims of a verified payload; `null` counts as absent for every optional claim.
    pub fn from_payload(payload: Map<String, Value>) -> Result<Self, ClaimsError> {
        let sub = match payload.get("sub") {
            Some(Value::String(sub)) if !sub.is_empty() => sub.clone(),
            Some(Value::String(_)) | Some(Value::Null) | None => {
                return Err(ClaimsError::MissingSubject)
            }
            Some(_) => return Err(ClaimsError::InvalidType { claim: "sub" }),
        };
        let v = version(&payload)?;
        let features = opt_string(&payload, "fea", "fea")?.map(|f| Entitlements::parse(&f));
        let plans = opt_string(&payload, "pla", "pla")?.map(|p| Entitlements::parse(&p));
        let org = match v {
            2 => org::from_v2(&payload, features.as_ref())?,
            _ => org::from_v1(&payload)?,
        };
        Ok(Self {
            sub,
            sid: opt_string(&payload, "sid", "sid")?,
            azp: opt_string(&payload, "azp", "azp")?,
            iss: opt_string(&payload, "iss", "iss")?,
            exp: opt_seconds(&payload, "exp")?,
            iat: opt_seconds(&payload, "iat")?,
            nbf: opt_seconds(&payload, "nbf")?,
            jti: opt_string(&payload, "jti", "jti")?,
            v,
            act: actor(&payload)?,
            org,
            sts: opt_string(&payload, "sts", "sts")?,
            fva: factor_verification_age(&payload)?,
            features,
            plans,
            raw: payload,
        })
    }

    /// The user id (`sub`), never empty.
    pub fn sub(&self) -> &str {
        &self.sub
    }
    /// The session id (`sid`).
    pub fn sid(&self) -> Option<&str> {
        self.sid.as_deref()
    }
    /// The authorized party, i.e. the origin the token was minted for (`azp`).
    pub fn azp(&self) -> Option<&str> {
        self.azp.as_deref()
    }
    /// The issuer, i.e. the Frontend API URL (`iss`).
    pub fn iss(&self) -> Option<&str> {
        self.iss.as_deref()
    }
    /// Expiry in Unix seconds (`exp`), fractions truncated.
    pub fn exp(&self) -> Option<i64> {
        self.exp
    }
    /// Issue time in Unix seconds (`iat`), fractions truncated.
    pub fn iat(&self) -> Option<i64> {
        self.iat
    }
    /// Not-before time in Unix seconds (`nbf`), fractions truncated.
    pub fn nbf(&self) -> Option<i64> {
        self.nbf
    }
    /// The token id (`jti`).
    pub fn jti(&self) -> Option<&str> {
        self.jti.as_deref()
    }
    /// The token format version: 1 (no `v` claim) or 2.
    pub fn version(&self) -> u8 {
        self.v
    }
    /// The impersonator, when this is an actor (impersonation) token (`act`).
    pub fn act(&self) -> Option<&Actor> {
        self.act.as_ref()
    }
    /// The active organization, decoded from `org_*` (v1) or `o` + `fea` (v2).
    pub fn org(&self) -> Option<&OrgClaims> {
        self.org.as_ref()
    }
    /// The session status, e.g. `active` or `pending` (`sts`).
    pub fn sts(&self) -> Option<&str> {
        self.sts.as_deref()
    }
    /// Minutes since the first and second factor were verified, `-1` for never (`fva`).
    pub fn fva(&self) -> Option<[i64; 2]> {
        self.fva
    }
    /// Billing features of the user and the organization (`fea`).
    pub fn features(&self) -> Option<&Entitlements> {
        self.features.as_ref()
    }
    /// Billing plans of the user and the organization (`pla`).
    pub fn plans(&self) -> Option<&Entitlements> {
        self.plans.as_ref()
    }
    /// Any claim of the payload by name, including custom JWT-template claims.
    pub fn get(&self, claim: &str) -> Option<&Value> {
        self.raw.get(claim)
    }
    /// The whole payload, as verified.
    pub fn raw(&self) -> &Map<String, Value> {
        &self.raw
    }
    /// Gives back the whole payload.
    pub fn into_raw(self) -> Map<String, Value> {
        self.raw
    }
}

impl Serialize for SessionClaims {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.raw.serialize(serializer)
    }
}

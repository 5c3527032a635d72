//! Error enums, one per phase, each with a stable `reason()` code.
//!
//! Reason codes are part of the public contract: they surface in JS as
//! `err.reason`, in the guard's `x-clerk-auth-reason` header and in logs.
//! Where @clerk/backend has a code for the same failure, the string is
//! identical; codes of our own are kebab-case and never change once shipped.

use thiserror::Error;

/// Something every error of this crate offers: a stable, machine-readable code.
pub trait Reason {
    /// The stable reason code of this error (e.g. `publishable-key-invalid`).
    fn reason(&self) -> &'static str;
}

/// Why a Clerk publishable key (`pk_test_…` / `pk_live_…`) was rejected.
///
/// Messages name what is wrong without echoing the key itself.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum PublishableKeyError {
    /// The key is empty (after trimming whitespace).
    #[error("publishable key is missing")]
    Missing,
    /// The key does not start with `pk_test_` or `pk_live_`.
    #[error("publishable key must start with `pk_test_` or `pk_live_`")]
    InvalidPrefix,
    /// The part after the prefix is not valid base64.
    #[error("publishable key body is not valid base64")]
    InvalidBase64,
    /// The decoded body does not end with the `$` terminator Clerk appends.
    #[error("publishable key body does not end with the `$` terminator")]
    MissingTerminator,
    /// The decoded body is not a valid Frontend API host name.
    #[error("publishable key does not encode a valid Frontend API host: {0}")]
    InvalidHost(&'static str),
}

impl Reason for PublishableKeyError {
    fn reason(&self) -> &'static str {
        match self {
            Self::Missing => "publishable-key-missing",
            Self::InvalidPrefix
            | Self::InvalidBase64
            | Self::MissingTerminator
            | Self::InvalidHost(_) => "publishable-key-invalid",
        }
    }
}

/// Why a session token was rejected. `reason()` gives @clerk/backend's `TokenVerificationErrorReason`.
///
/// Messages describe the failure (claim names, times, limits) and never echo
/// the token, signatures or keys.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum TokenError {
    /// No token was given.
    #[error("no session token was provided")]
    Missing,
    /// The token is larger than the accepted maximum (checked before decoding).
    #[error("token is larger than {max} bytes")]
    TooLarge {
        /// The limit in bytes.
        max: usize,
    },
    /// The token is not a well-formed compact JWS (segments, base64url, JSON).
    #[error("token is malformed: {0}")]
    Malformed(&'static str),
    /// The header's `typ` does not denote a JWT.
    #[error("token header `typ` must be \"JWT\"")]
    InvalidType,
    /// The header lists `crit` extensions, none of which this verifier implements.
    #[error("token header lists critical extensions that are not supported")]
    UnsupportedCritical,
    /// The header's `alg` is not allowed for the verification key (includes `none` and `HS*`).
    #[error("token algorithm {alg:?} is not allowed for this key (allowed: {allowed})")]
    InvalidAlgorithm {
        /// The `alg` from the header, truncated to 16 characters.
        alg: String,
        /// The algorithms the key allows, comma-separated.
        allowed: String,
    },
    /// No key in the key set has the token's `kid`.
    #[error("no verification key matches the token's kid")]
    KidMismatch,
    /// The verification key itself is missing or unusable.
    #[error(transparent)]
    Key(#[from] crate::keys::KeyError),
    /// The signature does not verify with the key.
    #[error("token signature is invalid")]
    InvalidSignature,
    /// `exp` is in the past (beyond the clock skew).
    #[error("token expired at {exp} (now {now}, clock skew {skew_ms} ms)")]
    Expired {
        /// `exp`, seconds since the epoch.
        exp: f64,
        /// The verification time, seconds since the epoch.
        now: f64,
        /// The allowed skew.
        skew_ms: u64,
    },
    /// `nbf` is in the future (beyond the clock skew).
    #[error("token is not active until {nbf} (now {now}, clock skew {skew_ms} ms)")]
    NotActiveYet {
        /// `nbf`, seconds since the epoch.
        nbf: f64,
        /// The verification time, seconds since the epoch.
        now: f64,
        /// The allowed skew.
        skew_ms: u64,
    },
    /// `iat` is in the future (beyond the clock skew).
    #[error("token was issued in the future at {iat} (now {now}, clock skew {skew_ms} ms)")]
    IatInTheFuture {
        /// `iat`, seconds since the epoch.
        iat: f64,
        /// The verification time, seconds since the epoch.
        now: f64,
        /// The allowed skew.
        skew_ms: u64,
    },
    /// `azp` is missing or not one of the authorized parties.
    #[error("token `azp` is missing or not one of the authorized parties")]
    InvalidAuthorizedParty,
    /// `aud` is missing, ill-typed, or does not include an accepted audience.
    #[error("token `aud` does not match the expected audience")]
    InvalidAudience,
    /// A registered claim is missing or has the wrong type or range.
    #[error("token claim `{claim}` {problem}")]
    InvalidClaim {
        /// The claim name.
        claim: &'static str,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// The claims could not be turned into session claims.
    #[error(transparent)]
    Claims(#[from] crate::token::claims::ClaimsError),
}

impl Reason for TokenError {
    fn reason(&self) -> &'static str {
        match self {
            Self::Missing
            | Self::TooLarge { .. }
            | Self::Malformed(_)
            | Self::InvalidType
            | Self::UnsupportedCritical => "token-invalid",
            Self::InvalidAlgorithm { .. } => "token-invalid-algorithm",
            Self::KidMismatch => "jwk-kid-mismatch",
            Self::Key(e) => e.reason(),
            Self::InvalidSignature => "token-invalid-signature",
            Self::Expired { .. } => "token-expired",
            Self::NotActiveYet { .. } => "token-not-active-yet",
            Self::IatInTheFuture { .. } => "token-iat-in-the-future",
            Self::InvalidAuthorizedParty => "token-invalid-authorized-parties",
            Self::InvalidAudience | Self::InvalidClaim { .. } => "token-verification-failed",
            Self::Claims(e) => e.reason(),
        }
    }
}

/// Why the instance's JWKS could not be obtained. `reason()` gives @clerk/backend's codes.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum JwksError {
    /// Neither a secret key nor a publishable key was configured.
    #[error("no JWKS source: set CLERK_SECRET_KEY (or CLERK_PUBLISHABLE_KEY), or CLERK_JWT_KEY")]
    NoSource,
    /// A setting needed to build the JWKS request is malformed (named, never echoed).
    #[error("{0} is invalid")]
    InvalidSetting(&'static str),
    /// The Backend API rejected the secret key (401 `clerk_key_invalid`).
    #[error("the Backend API rejected the secret key")]
    SecretKeyInvalid,
    /// The JWKS endpoint answered with a non-success status.
    #[error("JWKS endpoint answered HTTP {0}")]
    Status(u16),
    /// The JWKS request failed in transit (timeout, network, oversized body).
    #[error("JWKS request failed: {0}")]
    Transport(crate::http::TransportError),
    /// The JWKS document is not valid JSON of the expected shape.
    #[error("JWKS document is invalid: {0}")]
    Invalid(crate::keys::KeyError),
    /// The JWKS contains no usable key.
    #[error("JWKS contains no usable signing key")]
    Empty,
}

impl Reason for JwksError {
    fn reason(&self) -> &'static str {
        match self {
            Self::NoSource | Self::InvalidSetting(_) => "jwk-failed-to-resolve",
            Self::SecretKeyInvalid => "secret-key-invalid",
            Self::Status(_) | Self::Transport(_) | Self::Empty => "jwk-remote-failed-to-load",
            Self::Invalid(_) => "jwk-remote-invalid",
        }
    }
}

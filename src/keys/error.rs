//! [`KeyError`]: why a verification key or a JWKS document was rejected.

use thiserror::Error;

use super::Algorithm;
use crate::error::Reason;

/// Why a verification key (`CLERK_JWT_KEY`, a JWK) or a JWKS document was rejected.
///
/// Messages say what is wrong and never include key material. Only fixed
/// strings, bit counts, size limits and algorithm names are ever shown.
///
/// # Reason codes
/// The codes are @clerk/backend's:
///
/// | variants | [`Reason::reason`] |
/// |----------|--------------------|
/// | [`Missing`](Self::Missing) | `jwk-local-missing` |
/// | [`JwksTooLarge`](Self::JwksTooLarge), [`InvalidJwks`](Self::InvalidJwks), [`DuplicateKid`](Self::DuplicateKid) | `jwk-remote-invalid` |
/// | every other variant (a key is present but unusable) | `jwk-failed-to-resolve` |
///
/// [`KeySet::from_jwks_json`](super::KeySet::from_jwks_json) fails only with
/// the `jwk-remote-invalid` variants; errors of single members are recorded in
/// [`KeySet::skipped`](super::KeySet::skipped) instead.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The key is empty (after trimming whitespace and quotes).
    #[error("jwt key is missing")]
    Missing,
    /// The key text is longer than the accepted maximum.
    #[error("jwt key is larger than {max_bytes} bytes")]
    KeyTooLarge {
        /// The limit, in bytes.
        max_bytes: usize,
    },
    /// A private key was supplied where a public key is expected.
    #[error(
        "this is a private key: configure its public half (`-----BEGIN PUBLIC KEY-----`) instead"
    )]
    PrivateKey,
    /// An X.509 certificate was supplied instead of a bare public key.
    #[error("certificates are not supported: extract the public key as an spki pem (`-----BEGIN PUBLIC KEY-----`)")]
    Certificate,
    /// The PEM armor is malformed; the detail names the problem.
    #[error("jwt key is not valid pem: {0}")]
    InvalidPem(&'static str),
    /// The key body is not valid base64.
    #[error("jwt key body is not valid base64")]
    InvalidBase64,
    /// The decoded bytes are not a valid DER structure of the expected kind.
    #[error("jwt key is not a valid der-encoded {0}")]
    InvalidDer(&'static str),
    /// The DER structure is followed by extra bytes.
    #[error("jwt key has trailing data after its der structure")]
    TrailingData,
    /// The key's algorithm (SPKI OID or JWK `kty`) is not one we verify with.
    #[error("unsupported key algorithm: {0} (supported: rsa, ec p-256, ed25519)")]
    UnsupportedAlgorithm(&'static str),
    /// The key is on an elliptic curve other than P-256 (EC) or Ed25519 (OKP).
    #[error("unsupported curve: {0} (supported: p-256, ed25519)")]
    UnsupportedCurve(&'static str),
    /// The RSA modulus is shorter than 2048 bits.
    #[error("rsa key is {bits} bits; at least 2048 bits are required")]
    RsaKeyTooSmall {
        /// Size of the rejected modulus, in bits.
        bits: usize,
    },
    /// The RSA modulus is longer than 4096 bits.
    #[error("rsa key is {bits} bits; at most 4096 bits are supported")]
    RsaKeyTooLarge {
        /// Size of the rejected modulus, in bits.
        bits: usize,
    },
    /// The RSA modulus is not a plausible modulus (e.g. even).
    #[error("rsa modulus is invalid")]
    InvalidRsaModulus,
    /// The RSA public exponent is even, ≤ 1, or ≥ 2^32.
    #[error("rsa public exponent is invalid (must be odd, greater than 1 and below 2^32)")]
    InvalidRsaExponent,
    /// The elliptic-curve point is not a valid point of the curve.
    #[error("public key is not a valid point on its curve")]
    InvalidPoint,
    /// The Ed25519 key is a small-order point, under which signatures can be forged.
    #[error("ed25519 public key is a weak (small-order) point")]
    WeakKey,
    /// The key text starts like JSON but is not valid JSON.
    #[error("jwt key looks like json but is not valid json")]
    InvalidJson,
    /// The JWK is not a JSON object.
    #[error("jwk is not a json object")]
    JwkNotObject,
    /// A required JWK member is absent.
    #[error("jwk member `{0}` is missing")]
    JwkMissingMember(&'static str),
    /// A JWK member has the wrong type, encoding or length.
    #[error("jwk member `{0}` is invalid")]
    JwkInvalidMember(&'static str),
    /// The JWK's `use` is present and not `sig`.
    #[error("jwk `use` is not `sig`")]
    KeyUseNotSig,
    /// The JWK's `key_ops` is present and does not allow `verify`.
    #[error("jwk `key_ops` does not include `verify`")]
    KeyOpsNoVerify,
    /// The JWK's `alg` names no algorithm this crate verifies (e.g. `HS256`, `none`, `PS256`).
    #[error("jwk `alg` is not a supported signature algorithm (supported: RS256, RS384, RS512, ES256, EdDSA)")]
    UnsupportedAlg,
    /// The JWK's `alg` is a supported algorithm that does not fit the key's type or curve.
    #[error("jwk `alg` {0} does not match the key type")]
    AlgMismatch(Algorithm),
    /// The JWKS document is larger than the accepted maximum.
    #[error("jwks document is larger than {max_bytes} bytes")]
    JwksTooLarge {
        /// The limit, in bytes.
        max_bytes: usize,
    },
    /// The JWKS document is not a JSON object with a `keys` array; the detail says which.
    #[error("jwks document is invalid: {0}")]
    InvalidJwks(&'static str),
    /// Several different keys in one JWKS share a `kid`; all of them were dropped.
    #[error("jwks has several different keys with the same `kid`")]
    DuplicateKid,
}

impl Reason for KeyError {
    fn reason(&self) -> &'static str {
        match self {
            Self::Missing => "jwk-local-missing",
            Self::JwksTooLarge { .. } | Self::InvalidJwks(_) | Self::DuplicateKid => {
                "jwk-remote-invalid"
            }
            Self::KeyTooLarge { .. }
            | Self::PrivateKey
            | Self::Certificate
            | Self::InvalidPem(_)
            | Self::InvalidBase64
            | Self::InvalidDer(_)
            | Self::TrailingData
            | Self::UnsupportedAlgorithm(_)
            | Self::UnsupportedCurve(_)
            | Self::RsaKeyTooSmall { .. }
            | Self::RsaKeyTooLarge { .. }
            | Self::InvalidRsaModulus
            | Self::InvalidRsaExponent
            | Self::InvalidPoint
            | Self::WeakKey
            | Self::InvalidJson
            | Self::JwkNotObject
            | Self::JwkMissingMember(_)
            | Self::JwkInvalidMember(_)
            | Self::KeyUseNotSig
            | Self::KeyOpsNoVerify
            | Self::UnsupportedAlg
            | Self::AlgMismatch(_) => "jwk-failed-to-resolve",
        }
    }
}

//! The verification pipeline, split so any signature backend (sync or async) fits between its halves:
//! [`prepare_verification`] (parse, pick the key, check `alg`) → backend → [`finish_verification`] (claims).

use std::sync::Arc;

use serde_json::{Map, Value};

use crate::crypto;
use crate::error::TokenError;
use crate::keys::{Algorithm, KeySet, PublicKey};
use crate::token::checks::{check_claims, ClaimOptions};
use crate::token::claims::SessionClaims;
use crate::token::parse::{parse_token, UnverifiedToken};

/// Where the verification key comes from.
#[derive(Debug, Clone, Copy)]
pub enum KeySource<'k> {
    /// One fixed key (`CLERK_JWT_KEY`): used whatever the token's `kid`, as @clerk/backend does.
    Single(&'k PublicKey),
    /// A JWKS: the token's `kid` must name one of its keys exactly.
    Set(&'k KeySet),
}

/// A parsed token matched with its key and algorithm, waiting for a signature verdict.
#[derive(Debug, Clone)]
pub struct Prepared<'t, 'k> {
    /// The parsed, still untrusted token.
    pub token: UnverifiedToken<'t>,
    /// The key that must have signed it.
    pub key: &'k PublicKey,
    /// The algorithm, agreed by the header and allowed by the key.
    pub alg: Algorithm,
}

/// Parses `token`, selects its key from `keys` and checks that the header's `alg` is allowed by that key.
pub fn prepare_verification<'t, 'k>(
    token: &'t str,
    keys: KeySource<'k>,
) -> Result<Prepared<'t, 'k>, TokenError> {
    prepare_parsed(parse_token(token)?, keys)
}

/// [`prepare_verification`] for a token already parsed (e.g. to read its `kid` first).
pub fn prepare_parsed<'t, 'k>(
    token: UnverifiedToken<'t>,
    keys: KeySource<'k>,
) -> Result<Prepared<'t, 'k>, TokenError> {
    let key = match keys {
        KeySource::Single(key) => key,
        KeySource::Set(set) => token
            .header
            .kid
            .as_deref()
            .and_then(|kid| set.get(kid))
            .ok_or(TokenError::KidMismatch)?,
    };
    let alg = Algorithm::from_jws_name(&token.header.alg)
        .filter(|alg| key.allows(*alg))
        .ok_or_else(|| invalid_algorithm(&token.header.alg, key))?;
    Ok(Prepared { token, key, alg })
}

/// Session claims of a token whose signature and claims were verified.
///
/// Only this module creates them ([`finish_verification`]), so a value of this type is proof of
/// verification: signed-in states, verified-token caches and identity headers take nothing else.
/// Shared: a clone (a cache hit, a state) copies a pointer, not the claims.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedClaims(Arc<SessionClaims>);

impl VerifiedClaims {
    /// Wraps claims without verification, for this crate's own unit tests only.
    #[cfg(test)]
    pub(crate) fn for_tests(claims: SessionClaims) -> Self {
        Self(Arc::new(claims))
    }

    /// The verified claims.
    pub fn claims(&self) -> &SessionClaims {
        &self.0
    }
}

impl std::ops::Deref for VerifiedClaims {
    type Target = SessionClaims;

    fn deref(&self) -> &SessionClaims {
        &self.0
    }
}

/// Completes verification once a backend has judged the signature: claim checks, then typed claims.
pub fn finish_verification(
    prepared: Prepared<'_, '_>,
    signature_valid: bool,
    options: &ClaimOptions,
    now_ms: f64,
) -> Result<VerifiedClaims, TokenError> {
    if !signature_valid {
        return Err(TokenError::InvalidSignature);
    }
    check_claims(&prepared.token.payload, options, now_ms)?;
    Ok(VerifiedClaims(Arc::new(SessionClaims::from_payload(
        prepared.token.payload,
    )?)))
}

/// The payload of a machine JWT whose signature and registered claims were verified.
///
/// Like [`VerifiedClaims`], only [`finish_payload_verification`] makes one.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedPayload(Map<String, Value>);

impl VerifiedPayload {
    /// The verified payload.
    pub fn payload(&self) -> &Map<String, Value> {
        &self.0
    }
}

/// [`finish_verification`] for machine JWTs: the same signature and claim checks, the payload kept as is.
pub fn finish_payload_verification(
    prepared: Prepared<'_, '_>,
    signature_valid: bool,
    options: &ClaimOptions,
    now_ms: f64,
) -> Result<VerifiedPayload, TokenError> {
    if !signature_valid {
        return Err(TokenError::InvalidSignature);
    }
    check_claims(&prepared.token.payload, options, now_ms)?;
    Ok(VerifiedPayload(prepared.token.payload))
}

/// Verifies `token` end to end with the pure-Rust backend at time `now_ms` (ms since the epoch).
///
/// ```
/// use clerk_edge::keys::PublicKey;
/// use clerk_edge::token::{verify_token, ClaimOptions, KeySource};
/// # let pem = include_str!("../../tests/fixtures/keys/rsa2048.spki.pem");
/// let key = PublicKey::from_jwt_key(pem)?;
/// let err = verify_token("not-a-token", KeySource::Single(&key), &ClaimOptions::default(), 0.0)
///     .unwrap_err();
/// assert_eq!(clerk_edge::Reason::reason(&err), "token-invalid");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn verify_token(
    token: &str,
    keys: KeySource<'_>,
    options: &ClaimOptions,
    now_ms: f64,
) -> Result<VerifiedClaims, TokenError> {
    let prepared = prepare_verification(token, keys)?;
    let valid = crypto::verify_signature(
        prepared.alg,
        prepared.key,
        prepared.token.signing_input,
        &prepared.token.signature,
    );
    finish_verification(prepared, valid, options, now_ms)
}

/// Builds the algorithm error, keeping only a short printable prefix of the attacker-chosen `alg`.
fn invalid_algorithm(alg: &str, key: &PublicKey) -> TokenError {
    let shown: String = alg
        .chars()
        .filter(|c| c.is_ascii_graphic())
        .take(16)
        .collect();
    let allowed: Vec<&str> = key.algorithms().iter().map(|a| a.as_str()).collect();
    TokenError::InvalidAlgorithm {
        alg: shown,
        allowed: allowed.join(", "),
    }
}

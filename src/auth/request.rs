//! The guard's and the npm package's request authentication until both move to
//! [`super::authenticate`] (the shared core with Clerk's browser protocol): the Bearer header or
//! the session cookie, verified, with no handshake. Kept only for those two callers.
//!
//! Like @clerk/backend's `authenticateRequest`, a token in the `Authorization`
//! header wins; only without one is the session cookie read. Differences, all
//! on the strict side, are deliberate:
//! - The scheme must be `Bearer` (any case, RFC 7235) followed by spaces or tabs and one token68;
//!   other schemes (`Basic …`) are ignored. Clerk also takes a bare `Authorization: <token>`.
//! - With a cookie suffix (see [`cookie_suffix`]), `__session_<suffix>` is preferred and
//!   `__session` is the fallback. Clerk picks between them with `client_uat` and `iat`
//!   heuristics that only matter for its handshake, which this crate does not do yet.
//! - Ambiguous requests — different `Authorization` headers, a `Bearer` value that is not a single
//!   token, different non-empty values for the chosen session cookie, or `Cookie` headers over
//!   [`MAX_COOKIE_BYTES`](super::cookies::MAX_COOKIE_BYTES) — are signed out with reason
//!   `token-invalid`, so a guard and its origin can never read different tokens from one request.
//! - A token that is present but fails verification is signed out with its [`TokenError`] reason
//!   (Clerk's `TokenVerificationErrorReason`); no token at all gives `session-token-and-uat-missing`.
//!
//! [`authenticate_request`] runs everything with the pure-Rust backend. An async
//! backend (WebCrypto) calls [`prepare_request`], judges the signature, then [`finish_request`].

pub use super::carrier::{
    find_session_token, parse_bearer, AmbiguousToken, TokenCarrier, TokenSource,
};
pub use super::cookies::cookie_suffix;

use super::Auth;
use crate::crypto;
use crate::error::{Reason, TokenError};
use crate::token::claims::SessionClaims;
use crate::token::{finish_verification, prepare_verification, ClaimOptions, KeySource, Prepared};

/// Clerk's `AuthErrorReason.SessionTokenAndUATMissing`: the request carries no session token.
pub const REASON_TOKEN_MISSING: &str = "session-token-and-uat-missing";
/// Clerk's `AuthErrorReason.TokenTypeMismatch`: a machine (M2M) token was sent as a session token.
pub const REASON_TOKEN_TYPE_MISMATCH: &str = "token-type-mismatch";
/// Clerk's prefix for machine subjects (`mch_…`); tokens with such a `sub` are not session tokens.
const M2M_SUBJECT_PREFIX: &str = "mch_";

pub use super::AuthStatus;

/// The outcome of authenticating a request.
#[derive(Debug, Clone, PartialEq)]
pub enum RequestAuth {
    /// A verified session token (pending sessions included: see [`Auth::is_pending`]).
    SignedIn {
        /// The verified claims.
        claims: Box<SessionClaims>,
        /// Where the token came from.
        carrier: TokenCarrier,
    },
    /// No usable session token.
    SignedOut {
        /// A stable reason code (@clerk/backend's where it has one).
        reason: &'static str,
        /// What went wrong, for logs; never contains the token.
        message: String,
    },
}

impl RequestAuth {
    /// A signed-out outcome.
    pub fn signed_out(reason: &'static str, message: impl Into<String>) -> Self {
        Self::SignedOut {
            reason,
            message: message.into(),
        }
    }

    /// A signed-out outcome for any error of this crate (its reason and message).
    pub fn from_error<E: Reason + std::fmt::Display>(error: &E) -> Self {
        Self::signed_out(error.reason(), error.to_string())
    }

    /// Signed in or signed out.
    pub fn status(&self) -> AuthStatus {
        match self {
            Self::SignedIn { .. } => AuthStatus::SignedIn,
            Self::SignedOut { .. } => AuthStatus::SignedOut,
        }
    }

    /// `true` when a valid session token was presented.
    pub fn is_signed_in(&self) -> bool {
        matches!(self, Self::SignedIn { .. })
    }

    /// The auth view of a signed-in request.
    pub fn auth(&self) -> Option<Auth<'_>> {
        match self {
            Self::SignedIn { claims, .. } => Some(Auth::new(claims)),
            Self::SignedOut { .. } => None,
        }
    }

    /// The reason code of a signed-out request.
    pub fn reason(&self) -> Option<&'static str> {
        match self {
            Self::SignedIn { .. } => None,
            Self::SignedOut { reason, .. } => Some(reason),
        }
    }
}

/// Options for [`authenticate_request`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthenticateOptions {
    /// Claim checks: `authorizedParties`, `audience`, `clockSkewInMs`.
    pub claims: ClaimOptions,
    /// Clerk's cookie suffix (see [`cookie_suffix`]); `None` reads only `__session`.
    pub cookie_suffix: Option<String>,
}

impl AuthenticateOptions {
    /// Default claim checks and the cookie suffix of `publishable_key`.
    pub fn for_publishable_key(publishable_key: &str) -> Self {
        Self {
            claims: ClaimOptions::default(),
            cookie_suffix: Some(cookie_suffix(publishable_key)),
        }
    }
}

/// A request's token, parsed and matched with its key, waiting for a signature verdict.
#[derive(Debug, Clone)]
pub struct PreparedRequest<'h, 'k> {
    /// What the signature backend needs: algorithm, key, signing input, signature.
    pub verification: Prepared<'h, 'k>,
    /// Where the token came from.
    pub carrier: TokenCarrier,
}

/// Step 1: the request's token, or the signed-out outcome when there is none or it is ambiguous.
pub fn select_token<'h, N: AsRef<str>, V: AsRef<str>>(
    headers: &'h [(N, V)],
    options: &AuthenticateOptions,
) -> Result<TokenSource<'h>, RequestAuth> {
    match find_session_token(headers, options.cookie_suffix.as_deref()) {
        Ok(Some(source)) => Ok(source),
        Ok(None) => Err(RequestAuth::signed_out(
            REASON_TOKEN_MISSING,
            "no Bearer token in the Authorization header and no session cookie",
        )),
        Err(ambiguous) => Err(RequestAuth::from_error(&ambiguous)),
    }
}

/// Steps 1–2: selects and parses the token, picks its key and rejects machine tokens.
pub fn prepare_request<'h, 'k, N: AsRef<str>, V: AsRef<str>>(
    headers: &'h [(N, V)],
    keys: KeySource<'k>,
    options: &AuthenticateOptions,
) -> Result<PreparedRequest<'h, 'k>, RequestAuth> {
    let source = select_token(headers, options)?;
    let verification =
        prepare_verification(source.token, keys).map_err(|e| RequestAuth::from_error(&e))?;
    let sub = verification.token.payload.get("sub");
    if sub
        .and_then(|s| s.as_str())
        .is_some_and(|s| s.starts_with(M2M_SUBJECT_PREFIX))
    {
        return Err(RequestAuth::signed_out(
            REASON_TOKEN_TYPE_MISMATCH,
            "a machine token was sent where a session token is expected",
        ));
    }
    Ok(PreparedRequest {
        verification,
        carrier: source.carrier,
    })
}

/// Step 3: turns a backend's signature verdict into the outcome (claim checks at `now_ms`).
pub fn finish_request(
    prepared: PreparedRequest<'_, '_>,
    signature_valid: bool,
    options: &AuthenticateOptions,
    now_ms: f64,
) -> RequestAuth {
    let carrier = prepared.carrier;
    match finish_verification(
        prepared.verification,
        signature_valid,
        &options.claims,
        now_ms,
    ) {
        Ok(claims) => RequestAuth::SignedIn {
            claims: Box::new(claims.claims().clone()),
            carrier,
        },
        Err(err) => RequestAuth::from_error::<TokenError>(&err),
    }
}

/// Authenticates a request end to end with the pure-Rust signature backend at `now_ms`.
///
/// `method` and `url` are taken for parity with @clerk/backend and for the
/// handshake flow to come; today the outcome depends on `headers` only.
pub fn authenticate_request<N: AsRef<str>, V: AsRef<str>>(
    method: &str,
    url: &str,
    headers: &[(N, V)],
    keys: KeySource<'_>,
    options: &AuthenticateOptions,
    now_ms: f64,
) -> RequestAuth {
    let _ = (method, url);
    let prepared = match prepare_request(headers, keys, options) {
        Ok(prepared) => prepared,
        Err(outcome) => return outcome,
    };
    let v = &prepared.verification;
    let valid = crypto::verify_signature(v.alg, v.key, v.token.signing_input, &v.token.signature);
    finish_request(prepared, valid, options, now_ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::PublicKey;

    fn key() -> PublicKey {
        PublicKey::from_jwt_key(include_str!("../../tests/fixtures/keys/rsa2048.spki.pem")).unwrap()
    }

    #[test]
    fn statuses_use_clerk_names() {
        assert_eq!(AuthStatus::SignedIn.as_str(), "signed-in");
        assert_eq!(AuthStatus::SignedOut.as_str(), "signed-out");
        assert_eq!(AuthStatus::Handshake.as_str(), "handshake");
    }

    #[test]
    fn no_token_ambiguous_and_malformed_are_signed_out() {
        let key = key();
        let keys = KeySource::Single(&key);
        let options = AuthenticateOptions::default();
        let run = |headers: &[(&str, &str)]| {
            authenticate_request("GET", "https://a.example/", headers, keys, &options, 0.0)
        };
        let outcome = run(&[("cookie", "theme=dark")]);
        assert_eq!(outcome.status(), AuthStatus::SignedOut);
        assert_eq!(outcome.reason(), Some(REASON_TOKEN_MISSING));
        assert!(outcome.auth().is_none() && !outcome.is_signed_in());
        let outcome = run(&[("authorization", "Bearer a"), ("authorization", "Bearer b")]);
        assert_eq!(outcome.reason(), Some("token-invalid"));
        let outcome = run(&[("authorization", "Bearer not-a-jwt")]);
        assert_eq!(outcome.reason(), Some("token-invalid"));
    }

    #[test]
    fn publishable_key_options_carry_the_suffix() {
        let options = AuthenticateOptions::for_publishable_key("pk_test_Y2xlcmsuZXhhbXBsZS5jb20k");
        assert_eq!(options.cookie_suffix.as_deref(), Some("l2OS3d9k"));
        assert_eq!(options.claims, ClaimOptions::default());
    }
}

//! Verifying the tokens a request carries, with keys and signature verdicts asked of the caller.

use thiserror::Error;

use super::handshake::directives_from_payload;
use super::io::AuthIo;
use super::options::{Authenticator, KeyMode};
use crate::error::{JwksError, Reason, TokenError};
use crate::token::{
    finish_payload_verification, finish_verification, parse_token_as, prepare_parsed, ClaimOptions,
    KeySource, Prepared, TokenKind, VerifiedClaims, VerifiedPayload,
};

/// Why a token did not verify: the token itself, or its keys could not be had.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum VerifyError {
    /// The token was rejected.
    #[error(transparent)]
    Token(#[from] TokenError),
    /// The instance's keys could not be obtained.
    #[error(transparent)]
    Jwks(#[from] JwksError),
}

impl Reason for VerifyError {
    fn reason(&self) -> &'static str {
        match self {
            Self::Token(e) => e.reason(),
            Self::Jwks(e) => e.reason(),
        }
    }
}

impl VerifyError {
    /// `true` for expired, not-yet-valid and issued-in-the-future tokens.
    pub fn is_time_error(&self) -> bool {
        matches!(
            self,
            Self::Token(
                TokenError::Expired { .. }
                    | TokenError::NotActiveYet { .. }
                    | TokenError::IatInTheFuture { .. }
            )
        )
    }

    /// The message with its reason and carrier, shaped like @clerk/backend's `getFullMessage()`.
    pub fn full_message(&self, carrier: &str) -> String {
        format!("{self} (reason={}, token-carrier={carrier})", self.reason())
    }
}

/// Verifies tokens for one authenticator at one instant, through the caller's I/O.
pub struct TokenCheck<'a, I: AuthIo> {
    /// The configuration (keys, claim options).
    pub auth: &'a Authenticator,
    /// The caller's I/O.
    pub io: &'a I,
    /// The verification time.
    pub now_ms: f64,
}

impl<I: AuthIo> TokenCheck<'_, I> {
    /// A session token under the configured claim checks (the caller's verified-token cache first).
    pub async fn session(&self, token: &str) -> Result<VerifiedClaims, VerifyError> {
        if let Some(claims) = self.io.cached_claims(token, self.now_ms) {
            return Ok(claims);
        }
        let claims = self.verify(token, None).await?;
        self.io.remember_claims(token, &claims, self.now_ms);
        Ok(claims)
    }

    /// A session token with another clock skew (never cached).
    pub async fn session_with_skew(
        &self,
        token: &str,
        skew_ms: u64,
    ) -> Result<VerifiedClaims, VerifyError> {
        self.verify(token, Some(skew_ms)).await
    }

    async fn verify(
        &self,
        token: &str,
        skew_ms: Option<u64>,
    ) -> Result<VerifiedClaims, VerifyError> {
        let mut options = self.auth.options.claims.clone();
        if let Some(skew) = skew_ms {
            options.clock_skew_ms = skew;
        }
        self.with_signature(token, TokenKind::Session, |prepared, valid| {
            Ok(finish_verification(prepared, valid, &options, self.now_ms)?)
        })
        .await
    }

    /// A machine JWT of `kind` under `options`: the payload, once signature and claims verified.
    pub async fn machine_payload(
        &self,
        token: &str,
        kind: TokenKind,
        options: &ClaimOptions,
    ) -> Result<VerifiedPayload, VerifyError> {
        self.with_signature(token, kind, |prepared, valid| {
            Ok(finish_payload_verification(
                prepared,
                valid,
                options,
                self.now_ms,
            )?)
        })
        .await
    }

    /// The Set-Cookie directives of a handshake token: signature only, no claim checks (§4).
    pub async fn handshake_directives(&self, token: &str) -> Result<Vec<String>, VerifyError> {
        self.with_signature(token, TokenKind::Session, |prepared, valid| match valid {
            true => Ok(directives_from_payload(&prepared.token.payload)),
            false => Err(TokenError::InvalidSignature.into()),
        })
        .await
    }

    /// Parses `token`, finds its key (asking for the JWKS when needed), asks for the signature
    /// verdict, and hands both to `finish`.
    async fn with_signature<R>(
        &self,
        token: &str,
        kind: TokenKind,
        finish: impl FnOnce(Prepared<'_, '_>, bool) -> Result<R, VerifyError>,
    ) -> Result<R, VerifyError> {
        let parsed = parse_token_as(token, kind)?;
        let set;
        let keys = match &self.auth.keys {
            KeyMode::Fixed(key) => KeySource::Single(key),
            KeyMode::Jwks => {
                let kid = parsed
                    .header
                    .kid
                    .as_deref()
                    .ok_or(TokenError::KidMismatch)?;
                set = self.io.jwks(kid).await?;
                KeySource::Set(&set)
            }
        };
        let prepared = prepare_parsed(parsed, keys)?;
        let valid = self
            .io
            .signature_valid(
                prepared.alg,
                prepared.key,
                prepared.token.signing_input,
                &prepared.token.signature,
            )
            .await;
        finish(prepared, valid)
    }
}

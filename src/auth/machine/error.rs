//! Why a machine token did not verify, with @clerk/backend's machine reason codes.

use thiserror::Error;

use super::kind::MachineKind;
use crate::error::{JwksError, Reason, TokenError};

/// Why a machine token was refused; `reason()` gives the stable code.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum MachineError {
    /// The Backend API does not know the token (404), or a JWT is not a well-formed token of its kind.
    #[error("{0}")]
    TokenInvalid(String),
    /// The token was revoked (the Backend API said `revoked: true`).
    #[error("{} was revoked", .0.label())]
    Revoked(MachineKind),
    /// The token expired (`expired: true`, or `expiration` in the past).
    #[error("{} has expired", .0.label())]
    Expired(MachineKind),
    /// A machine JWT failed a signature or claim check.
    #[error(transparent)]
    Jwt(TokenError),
    /// An OAuth token's audience (`aud`) does not name an accepted audience.
    #[error("{0}")]
    Audience(String),
    /// The keys for a machine JWT could not be had.
    #[error(transparent)]
    Keys(JwksError),
    /// The Backend API refused the secret key (401), or no usable secret key is configured.
    #[error("{0}")]
    SecretKeyInvalid(String),
    /// The Backend API did not answer usefully (429, 5xx, a timeout, an unreadable answer).
    #[error("the Backend API could not verify the token (status={})", .status.map_or("n/a".to_string(), |s| s.to_string()))]
    BackendUnavailable {
        /// The HTTP status, when there was an answer.
        status: Option<u16>,
    },
    /// Too many Backend API verifications for this client; retry after the given seconds.
    #[error("too many machine-token verifications from this client; retry in {retry_after_s} s")]
    RateLimited {
        /// Seconds until the client may try again.
        retry_after_s: u32,
    },
}

impl Reason for MachineError {
    fn reason(&self) -> &'static str {
        match self {
            Self::TokenInvalid(_) | Self::Revoked(_) => "token-invalid",
            Self::Expired(_) => "token-expired",
            Self::Jwt(_) | Self::Audience(_) => "token-verification-failed",
            Self::Keys(e) => e.reason(),
            Self::SecretKeyInvalid(_) => "secret-key-invalid",
            Self::BackendUnavailable { .. } => "unexpected-error",
            Self::RateLimited { .. } => "too-many-requests",
        }
    }
}

impl MachineError {
    /// An answer that is not a verified token (`status` 200 but unreadable, or an unexpected status).
    pub(super) fn unexpected_answer(status: u16) -> Self {
        Self::BackendUnavailable {
            status: Some(status),
        }
    }

    /// Whether this verdict may be remembered as a negative verdict (the token itself is bad).
    pub(super) fn is_cacheable(&self) -> bool {
        matches!(
            self,
            Self::TokenInvalid(_) | Self::Revoked(_) | Self::Expired(_)
        )
    }

    /// The message with its code, shaped like @clerk/backend's machine `getFullMessage()`.
    pub fn full_message(&self) -> String {
        let status = match self {
            Self::TokenInvalid(_) | Self::Revoked(_) | Self::Expired(_) => "404".to_string(),
            Self::SecretKeyInvalid(_) => "401".to_string(),
            Self::BackendUnavailable { status: Some(s) } => s.to_string(),
            Self::RateLimited { .. } => "429".to_string(),
            _ => "n/a".to_string(),
        };
        format!("{self} (code={}, status={status})", self.reason())
    }
}

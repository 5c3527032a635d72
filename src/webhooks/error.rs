//! [`WebhookError`]: why a webhook request was rejected, with stable reason codes.

use thiserror::Error;

use crate::error::Reason;

/// Why a webhook request was rejected.
///
/// Messages name what is wrong (header names, limits, times) and never include
/// the signing secret, the signatures or the body.
///
/// # Reason codes
///
/// | variant | [`Reason::reason`] |
/// |---------|--------------------|
/// | [`SecretInvalid`](Self::SecretInvalid) | `webhook-secret-invalid` |
/// | [`MissingHeaders`](Self::MissingHeaders) | `webhook-missing-headers` |
/// | [`HeadersInvalid`](Self::HeadersInvalid) | `webhook-headers-invalid` |
/// | [`InvalidTimestamp`](Self::InvalidTimestamp) | `webhook-invalid-timestamp` |
/// | [`TimestampTooOld`](Self::TimestampTooOld) | `webhook-timestamp-too-old` |
/// | [`TimestampTooNew`](Self::TimestampTooNew) | `webhook-timestamp-too-new` |
/// | [`BodyTooLarge`](Self::BodyTooLarge) | `webhook-body-too-large` |
/// | [`InvalidSignature`](Self::InvalidSignature) | `webhook-invalid-signature` |
/// | [`BodyInvalid`](Self::BodyInvalid) | `webhook-body-invalid` |
/// | [`EventMismatch`](Self::EventMismatch) | `webhook-event-mismatch` |
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The signing secret is not `whsec_` followed by the base64 of a 24–64 byte key (a configuration error).
    #[error("webhook signing secret is invalid: {0}")]
    SecretInvalid(&'static str),
    /// One or more of the id, timestamp and signature headers is absent or empty.
    #[error("missing required webhook headers: {0}")]
    MissingHeaders(String),
    /// A webhook header is repeated, too long or holds characters it may not.
    #[error("webhook header `{header}` is invalid: {problem}")]
    HeadersInvalid {
        /// The header's name.
        header: &'static str,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// The timestamp header is not a canonical decimal number of seconds.
    #[error("webhook timestamp header is not a decimal number of seconds")]
    InvalidTimestamp,
    /// The timestamp is more than the tolerance before now.
    #[error("webhook timestamp {timestamp} is too old (now {now}, tolerance {tolerance_secs} s)")]
    TimestampTooOld {
        /// The header's timestamp, seconds since the epoch.
        timestamp: i64,
        /// The verification time, seconds since the epoch.
        now: i64,
        /// The allowed distance in seconds.
        tolerance_secs: i64,
    },
    /// The timestamp is more than the tolerance after now.
    #[error(
        "webhook timestamp {timestamp} is in the future (now {now}, tolerance {tolerance_secs} s)"
    )]
    TimestampTooNew {
        /// The header's timestamp, seconds since the epoch.
        timestamp: i64,
        /// The verification time, seconds since the epoch.
        now: i64,
        /// The allowed distance in seconds.
        tolerance_secs: i64,
    },
    /// The body is larger than the accepted maximum (checked before hashing).
    #[error("webhook body is larger than {max} bytes")]
    BodyTooLarge {
        /// The limit in bytes.
        max: usize,
    },
    /// No `v1` signature in the signature header matches the body.
    #[error("no webhook signature matches ({0})")]
    InvalidSignature(&'static str),
    /// The signed body is not a JSON event (an object with a string `type` and an object `data`).
    #[error("webhook body is not a valid event: {0}")]
    BodyInvalid(&'static str),
    /// The event's `data` does not have the shape the spec gives its `type` (typed view only).
    #[error("webhook event `{event_type}` does not match its schema: {detail}")]
    EventMismatch {
        /// The event's `type`, truncated to 64 characters.
        event_type: String,
        /// serde's description of the mismatch (names fields and types, never values).
        detail: String,
    },
}

impl Reason for WebhookError {
    fn reason(&self) -> &'static str {
        match self {
            Self::SecretInvalid(_) => "webhook-secret-invalid",
            Self::MissingHeaders(_) => "webhook-missing-headers",
            Self::HeadersInvalid { .. } => "webhook-headers-invalid",
            Self::InvalidTimestamp => "webhook-invalid-timestamp",
            Self::TimestampTooOld { .. } => "webhook-timestamp-too-old",
            Self::TimestampTooNew { .. } => "webhook-timestamp-too-new",
            Self::BodyTooLarge { .. } => "webhook-body-too-large",
            Self::InvalidSignature(_) => "webhook-invalid-signature",
            Self::BodyInvalid(_) => "webhook-body-invalid",
            Self::EventMismatch { .. } => "webhook-event-mismatch",
        }
    }
}

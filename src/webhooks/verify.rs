//! [`verify_webhook`]: the whole check of one webhook request, and [`VerifiedEvent`], its only product.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{Map, Value};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use super::headers::WebhookHeaders;
use super::secret::SigningSecret;
use super::WebhookError;

/// How far the timestamp may be from now, in either direction (Standard Webhooks: 5 minutes).
pub const TOLERANCE_SECS: i64 = 5 * 60;
/// The largest body accepted, in bytes (checked before anything is hashed).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// The length of an HMAC-SHA256 tag.
const TAG_BYTES: usize = 32;

/// A webhook event whose signature and timestamp have been verified.
///
/// Only [`verify_webhook`] makes one, so holding a `VerifiedEvent` means the body came from the
/// holder of the signing secret within the tolerance.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedEvent<'a> {
    body: &'a [u8],
    id: String,
    timestamp: i64,
    event: Map<String, Value>,
}

impl<'a> VerifiedEvent<'a> {
    /// The body exactly as received and signed.
    pub fn raw_body(&self) -> &'a [u8] {
        self.body
    }

    /// The message id (`svix-id`); the same for every retry of one message, so usable for de-duplication.
    pub fn webhook_id(&self) -> &str {
        &self.id
    }

    /// The signed timestamp (`svix-timestamp`), seconds since the epoch.
    pub fn webhook_timestamp(&self) -> i64 {
        self.timestamp
    }

    /// The event's `type` (e.g. `user.created`).
    pub fn event_type(&self) -> &str {
        self.event
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// The event's `object` (`"event"` for Clerk's events), when present and a string.
    pub fn object(&self) -> Option<&str> {
        self.event.get("object").and_then(Value::as_str)
    }

    /// The event's `data` object.
    pub fn data(&self) -> &Map<String, Value> {
        match self.event.get("data") {
            Some(Value::Object(data)) => data,
            _ => unreachable_data(),
        }
    }

    /// The whole parsed event (`type`, `object`, `data`, `timestamp`, `instance_id`, …).
    pub fn json(&self) -> &Map<String, Value> {
        &self.event
    }

    /// Consumes the event, giving its parsed JSON object.
    pub fn into_json(self) -> Map<String, Value> {
        self.event
    }
}

/// `data` is checked to be an object before a `VerifiedEvent` exists; this keeps `data()` total.
fn unreachable_data() -> &'static Map<String, Value> {
    static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
    EMPTY.get_or_init(Map::new)
}

/// Verifies a webhook request at `now_ms` (ms since the epoch) with the `whsec_…` `secret`.
///
/// In order: the secret, the headers (`svix-id`, `svix-timestamp`, `svix-signature`, or the
/// `webhook-*` names when no `svix-*` header is present), the body size, the timestamp (at most
/// [`TOLERANCE_SECS`] from now either way), the signatures (any `v1` entry matching
/// HMAC-SHA256 of `id.timestamp.body`, compared in constant time; other versions ignored), then
/// the body as a JSON event (an object with a string `type` and an object `data`).
pub fn verify_webhook<'a, N: AsRef<str>, V: AsRef<str>>(
    headers: &[(N, V)],
    body: &'a [u8],
    secret: &str,
    now_ms: u64,
) -> Result<VerifiedEvent<'a>, WebhookError> {
    let secret = SigningSecret::parse(secret)?;
    let found = WebhookHeaders::find(headers)?;
    if body.len() > MAX_BODY_BYTES {
        return Err(WebhookError::BodyTooLarge {
            max: MAX_BODY_BYTES,
        });
    }
    let timestamp = parse_timestamp(found.timestamp)?;
    check_tolerance(timestamp, now_ms)?;
    check_signature(&secret, &found, body)?;
    let event = parse_event(body)?;
    Ok(VerifiedEvent {
        body,
        id: found.id.to_string(),
        timestamp,
        event,
    })
}

/// A canonical decimal number of seconds: digits only, no sign, no leading zero.
fn parse_timestamp(text: &str) -> Result<i64, WebhookError> {
    let canonical = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'))
        && text.len() <= 15;
    if !canonical {
        return Err(WebhookError::InvalidTimestamp);
    }
    text.parse().map_err(|_| WebhookError::InvalidTimestamp)
}

fn check_tolerance(timestamp: i64, now_ms: u64) -> Result<(), WebhookError> {
    let now = i64::try_from(now_ms / 1000).unwrap_or(i64::MAX);
    if now.saturating_sub(timestamp) > TOLERANCE_SECS {
        return Err(WebhookError::TimestampTooOld {
            timestamp,
            now,
            tolerance_secs: TOLERANCE_SECS,
        });
    }
    if timestamp.saturating_sub(now) > TOLERANCE_SECS {
        return Err(WebhookError::TimestampTooNew {
            timestamp,
            now,
            tolerance_secs: TOLERANCE_SECS,
        });
    }
    Ok(())
}

fn check_signature(
    secret: &SigningSecret,
    headers: &WebhookHeaders<'_>,
    body: &[u8],
) -> Result<(), WebhookError> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.key())
        .map_err(|_| WebhookError::SecretInvalid("the key cannot be used for HMAC"))?;
    mac.update(headers.id.as_bytes());
    mac.update(b".");
    mac.update(headers.timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    let expected = mac.finalize().into_bytes();
    let mut saw_v1 = false;
    let mut matched = subtle::Choice::from(0);
    for entry in headers.signature.split(' ') {
        let Some(("v1", encoded)) = entry.split_once(',') else {
            continue;
        };
        saw_v1 = true;
        let mut tag = [0u8; TAG_BYTES];
        if let Ok(TAG_BYTES) = STANDARD.decode_slice(encoded, &mut tag) {
            matched |= tag.ct_eq(&expected[..]);
        }
    }
    if bool::from(matched) {
        Ok(())
    } else if saw_v1 {
        Err(WebhookError::InvalidSignature("no v1 signature matches"))
    } else {
        Err(WebhookError::InvalidSignature("no v1 signature present"))
    }
}

fn parse_event(body: &[u8]) -> Result<Map<String, Value>, WebhookError> {
    let event = crate::token::strict_json::parse_object(body).ok_or(WebhookError::BodyInvalid(
        "not a JSON object with unique member names",
    ))?;
    if !matches!(event.get("type"), Some(Value::String(t)) if !t.is_empty()) {
        return Err(WebhookError::BodyInvalid(
            "`type` is not a non-empty string",
        ));
    }
    if !matches!(event.get("data"), Some(Value::Object(_))) {
        return Err(WebhookError::BodyInvalid("`data` is not an object"));
    }
    if !matches!(event.get("object"), None | Some(Value::String(_))) {
        return Err(WebhookError::BodyInvalid("`object` is not a string"));
    }
    Ok(event)
}

//! Webhook verification (Standard Webhooks / Svix, as Clerk sends them), sans-IO.
//!
//! [`verify_webhook`] takes the request's headers, its raw body bytes, the `whsec_…` signing
//! secret and the current time, and returns a [`VerifiedEvent`] or a [`WebhookError`] with a
//! stable reason code. The signed content is `{svix-id}.{svix-timestamp}.{body}`; the signature
//! header holds space-separated `v1,<base64 HMAC-SHA256>` entries, any of which may match
//! (other versions are ignored); timestamps more than [`TOLERANCE_SECS`] from now are refused.
//!
//! [`VerifiedEvent::typed`] gives the event as [`WebhookEventData`], Rust types generated into
//! [`generated`] from Clerk's webhook spec by `tools/bapi-gen --webhooks` (a `type` the spec does
//! not list parses as [`WebhookEventData::Unknown`]).

mod error;
mod event;
pub mod generated;
mod headers;
mod secret;
mod verify;

#[cfg(test)]
mod tests;

pub use error::WebhookError;
pub use generated::{WebhookEventData, EVENT_TYPES};
pub use headers::{WebhookHeaders, MAX_ID_BYTES, MAX_SIGNATURE_BYTES, MAX_TIMESTAMP_BYTES};
pub use secret::{SigningSecret, MAX_KEY_BYTES, MIN_KEY_BYTES, SECRET_PREFIX};
pub use verify::{verify_webhook, VerifiedEvent, MAX_BODY_BYTES, TOLERANCE_SECS};

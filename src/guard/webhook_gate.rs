//! The guard's webhook routes (`CLERK_WEBHOOK_ROUTES`): POSTs to these paths are verified as
//! Clerk webhooks (Standard Webhooks / Svix signatures, 5-minute tolerance) before they reach the
//! origin, with the body forwarded byte for byte; anything else gets the guard's own answer.

use super::incoming::Incoming;
use super::routes::{RouteError, RouteRules};
use crate::webhooks::{verify_webhook, WebhookError, MAX_BODY_BYTES};

/// The setting naming the webhook routes.
pub const WEBHOOK_ROUTES_VAR: &str = "CLERK_WEBHOOK_ROUTES";
/// The header telling the origin which verified webhook it gets.
pub const WEBHOOK_ID: &str = "x-clerk-webhook-id";
/// The header telling the origin the verified event's type.
pub const WEBHOOK_EVENT: &str = "x-clerk-webhook-event";

/// The webhook routes: `[METHOD ]PATTERN` rules as in the route settings.
#[derive(Debug, Clone, Default)]
pub struct WebhookRoutes {
    rules: Option<RouteRules>,
}

/// What to do with a request on a webhook route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookGate {
    /// Not a webhook route: the usual route rules apply.
    NotWebhook,
    /// A webhook route under another method than POST: `405` with `Allow: POST`.
    MethodNotAllowed,
    /// Declared larger than the verifier reads: `400` `webhook-body-too-large` without reading it.
    TooLarge,
    /// Read the body (at most [`MAX_BODY_BYTES`]) and verify it.
    Verify,
}

impl WebhookRoutes {
    /// Parses `CLERK_WEBHOOK_ROUTES` (empty: none).
    pub fn parse(value: &str) -> Result<Self, RouteError> {
        if value.trim().is_empty() {
            return Ok(Self::default());
        }
        Ok(Self {
            rules: Some(RouteRules::parse(value, "")?),
        })
    }

    /// Whether any webhook route is configured.
    pub fn is_empty(&self) -> bool {
        self.rules.is_none()
    }

    /// The gate for `incoming` (any method matches the path; only POST is let through).
    pub fn gate(&self, incoming: &Incoming) -> WebhookGate {
        let Some(rules) = &self.rules else {
            return WebhookGate::NotWebhook;
        };
        if !rules.protected_match("POST", incoming.path()) {
            return WebhookGate::NotWebhook;
        }
        if incoming.method != "POST" {
            return WebhookGate::MethodNotAllowed;
        }
        let declared = incoming
            .header("content-length")
            .and_then(|v| v.trim().parse::<u64>().ok());
        if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
            return WebhookGate::TooLarge;
        }
        WebhookGate::Verify
    }
}

/// The verdict on a webhook's body: the headers to add for the origin, or the reason of a `400`.
pub fn verify_for_origin(
    incoming: &Incoming,
    body: &[u8],
    secret: &str,
    now_ms: u64,
) -> Result<Vec<(&'static str, String)>, WebhookError> {
    let event = verify_webhook(&incoming.headers, body, secret, now_ms)?;
    let mut headers = Vec::new();
    for (name, value) in [
        (WEBHOOK_ID, event.webhook_id()),
        (WEBHOOK_EVENT, event.event_type()),
    ] {
        if super::headers::is_safe_header_value(value) {
            headers.push((name, value.to_string()));
        }
    }
    Ok(headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn incoming(method: &str, path: &str, extra: &str) -> Incoming {
        Incoming::parse(&format!("{method}\nhttps://g.test{path}\n{extra}")).unwrap()
    }

    #[test]
    fn gates_only_the_configured_paths() {
        let routes = WebhookRoutes::parse("/webhooks/clerk, /hooks/**").unwrap();
        assert_eq!(
            routes.gate(&incoming("POST", "/webhooks/clerk", "")),
            WebhookGate::Verify
        );
        assert_eq!(
            routes.gate(&incoming("POST", "/hooks/a/b", "")),
            WebhookGate::Verify
        );
        assert_eq!(
            routes.gate(&incoming("GET", "/webhooks/clerk", "")),
            WebhookGate::MethodNotAllowed
        );
        assert_eq!(
            routes.gate(&incoming("POST", "/webhooks/other", "")),
            WebhookGate::NotWebhook
        );
        assert_eq!(
            routes.gate(&incoming("POST", "/hooks/x", "content-length:99999999\n")),
            WebhookGate::TooLarge
        );
        assert!(WebhookRoutes::parse("").unwrap().is_empty());
        assert_eq!(
            WebhookRoutes::parse("")
                .unwrap()
                .gate(&incoming("POST", "/x", "")),
            WebhookGate::NotWebhook
        );
        assert!(WebhookRoutes::parse("nope").is_err());
    }
}

//! [`VerifiedEvent::typed`]: a verified event as the generated [`WebhookEventData`].

use super::generated::WebhookEventData;
use super::{VerifiedEvent, WebhookError};

impl VerifiedEvent<'_> {
    /// The event's `data` typed by its `type` (types the spec does not list become
    /// [`WebhookEventData::Unknown`]); `webhook-event-mismatch` when `data` does not fit its schema.
    pub fn typed(&self) -> Result<WebhookEventData, WebhookError> {
        let data = serde_json::Value::Object(self.data().clone());
        WebhookEventData::parse(self.event_type(), data).map_err(|e| WebhookError::EventMismatch {
            event_type: self.event_type().chars().take(64).collect(),
            detail: describe(&e),
        })
    }
}

/// serde's message without any quoted value from the body (it may hold personal data).
fn describe(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.find('"') {
        Some(at) => format!("{}…", text[..at].trim_end()),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::super::generated::EVENT_TYPES;
    use super::*;
    use crate::error::Reason;
    use crate::webhooks::tests::{at, signed, SECRET};

    fn verified(body: &[u8]) -> VerifiedEvent<'_> {
        crate::webhooks::verify_webhook(
            &signed(1_700_000_000, body),
            body,
            SECRET,
            at(1_700_000_000),
        )
        .unwrap()
    }

    #[test]
    fn known_types_parse_into_their_variant() {
        let body = br#"{"type":"user.created","object":"event","data":{"id":"user_1","object":"user","first_name":"Ada","unknown_field":1}}"#;
        match verified(body).typed().unwrap() {
            WebhookEventData::UserCreated(user) => {
                assert_eq!(user.id, "user_1");
                assert_eq!(user.first_name.as_deref(), Some("Ada"));
                assert_eq!(user.extra["unknown_field"], 1);
            }
            other => panic!("expected UserCreated, got {other:?}"),
        }
        let body = br#"{"type":"organization.deleted","data":{"object":"organization","id":"org_1","deleted":true}}"#;
        let typed = verified(body).typed().unwrap();
        assert_eq!(typed.event_type(), "organization.deleted");
        assert!(matches!(typed, WebhookEventData::OrganizationDeleted(d) if d.deleted));
    }

    #[test]
    fn unknown_types_keep_their_data_and_mismatches_do_not_echo_values() {
        let body = br#"{"type":"future.event","data":{"x":1}}"#;
        match verified(body).typed().unwrap() {
            WebhookEventData::Unknown { event_type, data } => {
                assert_eq!(event_type, "future.event");
                assert_eq!(data["x"], 1);
            }
            other => panic!("expected Unknown, got {other:?}"),
        }
        let body =
            br#"{"type":"user.created","data":{"id":"user_1","first_name":["secret-name"]}}"#;
        let err = verified(body).typed().unwrap_err();
        assert_eq!(err.reason(), "webhook-event-mismatch");
        assert!(!err.to_string().contains("secret-name"), "{err}");
        assert!(EVENT_TYPES.contains(&"user.created") && EVENT_TYPES.len() >= 40);
    }
}

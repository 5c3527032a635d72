//! Finding and checking the three webhook headers (id, timestamp, signature).

use super::WebhookError;

/// The longest message id accepted, in bytes (Svix ids are about 30).
pub const MAX_ID_BYTES: usize = 256;
/// The longest timestamp header accepted, in bytes.
pub const MAX_TIMESTAMP_BYTES: usize = 16;
/// The longest signature header accepted, in bytes (room for dozens of `v1,` entries).
pub const MAX_SIGNATURE_BYTES: usize = 4096;

/// The names of one header family.
struct Family {
    id: &'static str,
    timestamp: &'static str,
    signature: &'static str,
}

/// Svix's names, which Clerk sends (primary).
const SVIX: Family = Family {
    id: "svix-id",
    timestamp: "svix-timestamp",
    signature: "svix-signature",
};

/// The Standard Webhooks names (used only when no `svix-*` header is present).
const STANDARD: Family = Family {
    id: "webhook-id",
    timestamp: "webhook-timestamp",
    signature: "webhook-signature",
};

/// The three header values of a webhook request, trimmed and size-checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WebhookHeaders<'a> {
    /// The message id (`svix-id`).
    pub id: &'a str,
    /// The timestamp, still as text (`svix-timestamp`).
    pub timestamp: &'a str,
    /// The space-separated signatures (`svix-signature`).
    pub signature: &'a str,
}

impl<'a> WebhookHeaders<'a> {
    /// Picks the `svix-*` headers, or the `webhook-*` ones when no `svix-*` header is present (names case-insensitive).
    pub fn find<N: AsRef<str>, V: AsRef<str>>(headers: &'a [(N, V)]) -> Result<Self, WebhookError> {
        let has_svix = headers.iter().any(|(n, _)| {
            let n = n.as_ref();
            [SVIX.id, SVIX.timestamp, SVIX.signature]
                .iter()
                .any(|s| n.eq_ignore_ascii_case(s))
        });
        let family = if has_svix { &SVIX } else { &STANDARD };
        let id = one(headers, family.id, MAX_ID_BYTES)?;
        let timestamp = one(headers, family.timestamp, MAX_TIMESTAMP_BYTES)?;
        let signature = one(headers, family.signature, MAX_SIGNATURE_BYTES)?;
        let missing: Vec<&str> = [
            (id, family.id),
            (timestamp, family.timestamp),
            (signature, family.signature),
        ]
        .iter()
        .filter(|(v, _)| v.is_none())
        .map(|(_, n)| *n)
        .collect();
        match (id, timestamp, signature) {
            (Some(id), Some(timestamp), Some(signature)) => {
                if !id.bytes().all(|b| b.is_ascii_graphic()) {
                    return Err(invalid(
                        family.id,
                        "it may only hold visible ASCII characters",
                    ));
                }
                Ok(Self {
                    id,
                    timestamp,
                    signature,
                })
            }
            _ => Err(WebhookError::MissingHeaders(missing.join(", "))),
        }
    }
}

fn invalid(header: &'static str, problem: &'static str) -> WebhookError {
    WebhookError::HeadersInvalid { header, problem }
}

/// The trimmed value of the only header named `name`; `None` when absent or empty.
fn one<'a, N: AsRef<str>, V: AsRef<str>>(
    headers: &'a [(N, V)],
    name: &'static str,
    max: usize,
) -> Result<Option<&'a str>, WebhookError> {
    let mut found = None;
    for (n, v) in headers {
        if !n.as_ref().eq_ignore_ascii_case(name) {
            continue;
        }
        if found.is_some() {
            return Err(invalid(name, "it is repeated"));
        }
        found = Some(v.as_ref().trim_matches([' ', '\t']));
    }
    match found {
        Some(v) if v.len() > max => Err(invalid(name, "it is too long")),
        Some("") => Ok(None),
        other => Ok(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Reason;

    fn reason(headers: &[(&str, &str)]) -> &'static str {
        WebhookHeaders::find(headers).unwrap_err().reason()
    }

    #[test]
    fn finds_svix_headers_case_insensitively_and_trims() {
        let h = [
            ("Svix-Id", " msg_1 "),
            ("SVIX-TIMESTAMP", "17"),
            ("svix-signature", "v1,x"),
        ];
        let found = WebhookHeaders::find(&h).unwrap();
        assert_eq!(
            (found.id, found.timestamp, found.signature),
            ("msg_1", "17", "v1,x")
        );
    }

    #[test]
    fn standard_names_only_without_any_svix_header() {
        let h = [
            ("webhook-id", "a"),
            ("webhook-timestamp", "1"),
            ("webhook-signature", "v1,x"),
        ];
        assert_eq!(WebhookHeaders::find(&h).unwrap().id, "a");
        let mixed = [
            ("svix-id", "a"),
            ("webhook-timestamp", "1"),
            ("webhook-signature", "v1,x"),
        ];
        let err = WebhookHeaders::find(&mixed).unwrap_err();
        assert_eq!(err.reason(), "webhook-missing-headers");
        assert_eq!(
            err.to_string(),
            "missing required webhook headers: svix-timestamp, svix-signature"
        );
    }

    #[test]
    fn rejects_missing_empty_repeated_oversized_and_odd_headers() {
        assert_eq!(reason(&[]), "webhook-missing-headers");
        assert_eq!(
            reason(&[
                ("svix-id", "a"),
                ("svix-timestamp", ""),
                ("svix-signature", "v1,x")
            ]),
            "webhook-missing-headers"
        );
        assert_eq!(
            reason(&[
                ("svix-id", "a"),
                ("svix-id", "b"),
                ("svix-timestamp", "1"),
                ("svix-signature", "v1,x")
            ]),
            "webhook-headers-invalid"
        );
        let long = "v".repeat(MAX_SIGNATURE_BYTES + 1);
        assert_eq!(
            reason(&[
                ("svix-id", "a"),
                ("svix-timestamp", "1"),
                ("svix-signature", &long)
            ]),
            "webhook-headers-invalid"
        );
        let long_id = "i".repeat(MAX_ID_BYTES + 1);
        assert_eq!(
            reason(&[
                ("svix-id", &long_id),
                ("svix-timestamp", "1"),
                ("svix-signature", "v1,x")
            ]),
            "webhook-headers-invalid"
        );
        assert_eq!(
            reason(&[
                ("svix-id", "a b"),
                ("svix-timestamp", "1"),
                ("svix-signature", "v1,x")
            ]),
            "webhook-headers-invalid"
        );
        assert_eq!(
            reason(&[
                ("svix-id", "é"),
                ("svix-timestamp", "1"),
                ("svix-signature", "v1,x")
            ]),
            "webhook-headers-invalid"
        );
    }
}

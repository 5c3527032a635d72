//! [`SigningSecret`]: a parsed `whsec_…` webhook signing secret.

use base64::alphabet::STANDARD;
use base64::engine::general_purpose::GeneralPurpose;
use base64::engine::{DecodePaddingMode, GeneralPurposeConfig};
use base64::Engine;

use super::WebhookError;

/// The prefix of every Svix / Standard Webhooks signing secret.
pub const SECRET_PREFIX: &str = "whsec_";
/// The shortest key accepted, in bytes (the Standard Webhooks spec's minimum; Clerk's keys are 24 bytes).
pub const MIN_KEY_BYTES: usize = 24;
/// The longest key accepted, in bytes (the Standard Webhooks spec's maximum).
pub const MAX_KEY_BYTES: usize = 64;

/// Standard base64; the padding may be present (then canonical) or left out.
const SECRET_BASE64: GeneralPurpose = GeneralPurpose::new(
    &STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// A webhook signing secret: the HMAC-SHA256 key behind `whsec_`.
///
/// `Debug` never prints the key.
#[derive(Clone)]
pub struct SigningSecret {
    key: Vec<u8>,
}

impl std::fmt::Debug for SigningSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningSecret(<redacted>)")
    }
}

impl SigningSecret {
    /// Parses `whsec_<base64 key>` (surrounding whitespace ignored); the key must be 24–64 bytes.
    pub fn parse(secret: &str) -> Result<Self, WebhookError> {
        let secret = secret.trim_matches(|c: char| c.is_ascii_whitespace());
        if secret.is_empty() {
            return Err(WebhookError::SecretInvalid("it is empty"));
        }
        let body = secret
            .strip_prefix(SECRET_PREFIX)
            .ok_or(WebhookError::SecretInvalid("it must start with `whsec_`"))?;
        if body.len() > MAX_KEY_BYTES * 2 {
            return Err(WebhookError::SecretInvalid("it is too long"));
        }
        let key = SECRET_BASE64
            .decode(body)
            .map_err(|_| WebhookError::SecretInvalid("the part after `whsec_` is not base64"))?;
        if key.len() < MIN_KEY_BYTES {
            return Err(WebhookError::SecretInvalid(
                "the key is shorter than 24 bytes",
            ));
        }
        if key.len() > MAX_KEY_BYTES {
            return Err(WebhookError::SecretInvalid(
                "the key is longer than 64 bytes",
            ));
        }
        Ok(Self { key })
    }

    /// The raw HMAC key bytes.
    pub(super) fn key(&self) -> &[u8] {
        &self.key
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Reason;

    fn secret_of(len: usize) -> String {
        format!(
            "whsec_{}",
            base64::engine::general_purpose::STANDARD.encode(vec![7u8; len])
        )
    }

    #[test]
    fn accepts_whsec_keys_of_24_to_64_bytes() {
        for len in [24, 32, 64] {
            assert_eq!(
                SigningSecret::parse(&secret_of(len)).unwrap().key().len(),
                len
            );
        }
        let unpadded = secret_of(32).trim_end_matches('=').to_string();
        assert_eq!(SigningSecret::parse(&unpadded).unwrap().key().len(), 32);
        let spaced = format!("  {}\n", secret_of(24));
        assert!(SigningSecret::parse(&spaced).is_ok());
    }

    #[test]
    fn rejects_malformed_secrets_without_echoing_them() {
        let bare = secret_of(24)["whsec_".len()..].to_string();
        let cases = [
            String::new(),
            "   ".to_string(),
            bare,
            secret_of(23),
            secret_of(65),
            "whsec_not*base64!".to_string(),
            "whsec_".to_string(),
            format!("whsec_{}", "A".repeat(10_000)),
            format!(
                "whsec_{}=",
                base64::engine::general_purpose::STANDARD.encode([1u8; 24])
            ),
        ];
        for case in cases {
            let err = SigningSecret::parse(&case).unwrap_err();
            assert_eq!(err.reason(), "webhook-secret-invalid", "{case:?}");
            let body = case.trim().trim_start_matches("whsec_");
            assert!(body.len() < 4 || !err.to_string().contains(body), "{err}");
        }
        assert_eq!(
            format!("{:?}", SigningSecret::parse(&secret_of(24)).unwrap()),
            "SigningSecret(<redacted>)"
        );
    }
}

//! Configuration from Clerk's official environment names, and publishable-key parsing.
//!
//! A publishable key is `pk_test_` or `pk_live_` followed by the base64 of the
//! instance's Frontend API host and a `$` terminator, e.g.
//! `pk_test_` + base64(`"clerk.example.com$"`).

use base64::alphabet::STANDARD;
use base64::engine::general_purpose::GeneralPurpose;
use base64::engine::{DecodePaddingMode, GeneralPurposeConfig};
use base64::Engine;

pub use crate::error::PublishableKeyError;

/// Longest publishable key accepted; real keys are well under 200 bytes.
const MAX_PUBLISHABLE_KEY_LEN: usize = 512;
/// Longest DNS name (RFC 1035 §2.3.4).
const MAX_HOST_LEN: usize = 253;

/// Standard base64 with optional padding (Clerk's keys are decoded with `atob`), canonical bits.
const KEY_BASE64: GeneralPurpose = GeneralPurpose::new(
    &STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Which kind of Clerk instance a key belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InstanceType {
    /// A development instance (`pk_test_…`).
    Development,
    /// A production instance (`pk_live_…`).
    Production,
}

impl InstanceType {
    /// The name @clerk/backend uses: `"development"` or `"production"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Development => "development",
            Self::Production => "production",
        }
    }
}

/// A parsed Clerk publishable key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PublishableKey {
    /// Development or production.
    pub instance_type: InstanceType,
    /// The Frontend API host, e.g. `clerk.example.com` (no scheme, no path).
    pub frontend_api: String,
}

impl PublishableKey {
    /// Parses `pk_test_…` / `pk_live_…` into its instance type and Frontend API host.
    ///
    /// Surrounding whitespace is ignored (keys pasted into env files often carry a newline).
    ///
    /// ```
    /// use clerk_edge::config::{InstanceType, PublishableKey};
    /// let key = PublishableKey::parse("pk_test_Y2xlcmsuZXhhbXBsZS5jb20k")?;
    /// assert_eq!(key.frontend_api, "clerk.example.com");
    /// assert_eq!(key.instance_type, InstanceType::Development);
    /// # Ok::<(), clerk_edge::config::PublishableKeyError>(())
    /// ```
    pub fn parse(key: &str) -> Result<Self, PublishableKeyError> {
        let key = key.trim();
        if key.is_empty() {
            return Err(PublishableKeyError::Missing);
        }
        if key.len() > MAX_PUBLISHABLE_KEY_LEN {
            return Err(PublishableKeyError::InvalidHost("key is too long"));
        }
        let (instance_type, body) = if let Some(body) = key.strip_prefix("pk_test_") {
            (InstanceType::Development, body)
        } else if let Some(body) = key.strip_prefix("pk_live_") {
            (InstanceType::Production, body)
        } else {
            return Err(PublishableKeyError::InvalidPrefix);
        };
        let decoded = KEY_BASE64
            .decode(body)
            .map_err(|_| PublishableKeyError::InvalidBase64)?;
        let decoded = String::from_utf8(decoded)
            .map_err(|_| PublishableKeyError::InvalidHost("not UTF-8"))?;
        let host = decoded
            .strip_suffix('$')
            .ok_or(PublishableKeyError::MissingTerminator)?;
        validate_host(host)?;
        Ok(Self {
            instance_type,
            frontend_api: host.to_ascii_lowercase(),
        })
    }

    /// The Frontend API origin, `https://<host>`.
    pub fn frontend_api_url(&self) -> String {
        format!("https://{}", self.frontend_api)
    }
}

/// Checks that `host` is a DNS host name with at least two labels (LDH rule, RFC 1123).
fn validate_host(host: &str) -> Result<(), PublishableKeyError> {
    use PublishableKeyError::InvalidHost;
    if host.is_empty() {
        return Err(InvalidHost("host is empty"));
    }
    if host.len() > MAX_HOST_LEN {
        return Err(InvalidHost("host is too long"));
    }
    let mut labels = 0;
    for label in host.split('.') {
        labels += 1;
        if label.is_empty() || label.len() > 63 {
            return Err(InvalidHost("empty or over-long label"));
        }
        if !label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err(InvalidHost("only letters, digits, '-' and '.' are allowed"));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(InvalidHost("a label starts or ends with '-'"));
        }
    }
    if labels < 2 {
        return Err(InvalidHost("host needs a domain"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(prefix: &str, body: &str) -> String {
        format!(
            "{prefix}{}",
            base64::engine::general_purpose::STANDARD.encode(body)
        )
    }

    #[test]
    fn rejects_hosts_that_are_not_dns_names() {
        for host in [
            "",
            "localhost",
            "a..b",
            "-a.com",
            "a-.com",
            "a b.com",
            "a/b.com",
            "a.com:443",
        ] {
            let err = PublishableKey::parse(&key("pk_test_", &format!("{host}$"))).unwrap_err();
            assert!(
                matches!(err, PublishableKeyError::InvalidHost(_)),
                "{host}: {err:?}"
            );
        }
    }

    #[test]
    fn lowercases_the_host() {
        let parsed = PublishableKey::parse(&key("pk_live_", "Clerk.Example.COM$")).unwrap();
        assert_eq!(parsed.frontend_api, "clerk.example.com");
        assert_eq!(parsed.frontend_api_url(), "https://clerk.example.com");
    }
}

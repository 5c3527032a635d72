//! Where an instance's JWKS comes from, the request for it (sans-IO), and parsing the answer.

use sha2::{Digest, Sha256};

use crate::config::PublishableKey;
use crate::error::JwksError;
use crate::http::{HttpRequest, HttpResponse, USER_AGENT};
use crate::keys::{KeySet, MAX_JWKS_BYTES};

/// Default Backend API origin (`CLERK_API_URL`).
pub const DEFAULT_API_URL: &str = "https://api.clerk.com";
/// Default Backend API version path (`CLERK_API_VERSION`).
pub const DEFAULT_API_VERSION: &str = "v1";
/// The Backend API spec version this crate speaks (`Clerk-API-Version` header).
pub const CLERK_API_VERSION_HEADER: &str = "2026-05-12";

fn nonempty(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|v| !v.is_empty())
}

/// Hosts for which `apiUrl` may use plain `http://` (local development and tests).
const LOOPBACK_HOSTS: [&str; 3] = ["127.0.0.1", "localhost", "[::1]"];

/// Whether `url` is a usable Backend API origin (+ optional path prefix), checked without a URL parser.
///
/// `https://host[:port][/path]`, or `http://` for a loopback host only. Rejected: userinfo
/// (`user@`), a query or fragment, an empty or odd host, a non-numeric port, spaces, controls,
/// non-ASCII and `\`, so the request goes exactly where the setting says.
fn is_valid_api_url(url: &str) -> bool {
    let (rest, https) = if let Some(rest) = url.strip_prefix("https://") {
        (rest, true)
    } else if let Some(rest) = url.strip_prefix("http://") {
        (rest, false)
    } else {
        return false;
    };
    if !rest
        .bytes()
        .all(|b| b.is_ascii_graphic() && !matches!(b, b'?' | b'#' | b'\\'))
    {
        return false;
    }
    let authority = rest.split('/').next().unwrap_or_default();
    let (host, port) = match authority.strip_prefix('[') {
        // IPv6 literal: `[…]` then an optional `:port`.
        Some(v6) => match v6.split_once(']') {
            Some((addr, port))
                if !addr.is_empty()
                    && addr
                        .bytes()
                        .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.') =>
            {
                (&authority[..addr.len() + 2], port)
            }
            _ => return false,
        },
        None => match authority.find(':') {
            Some(i) => (&authority[..i], &authority[i..]),
            None => (authority, ""),
        },
    };
    let host_ok = !host.is_empty()
        && (host.starts_with('[')
            || host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_')));
    let port_ok = port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|p| (1..=5).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    host_ok && port_ok && (https || LOOPBACK_HOSTS.iter().any(|h| host.eq_ignore_ascii_case(h)))
}

/// A JWKS endpoint.
#[derive(Clone, PartialEq, Eq)]
pub enum JwksSource {
    /// `GET {api_url}/{api_version}/jwks` with the secret key.
    BackendApi {
        /// API origin, without a trailing slash.
        api_url: String,
        /// Version path segment, e.g. `v1`.
        api_version: String,
        /// `sk_…` (never logged, never in errors or cache keys).
        secret_key: String,
    },
    /// `https://<frontend api>/.well-known/jwks.json`, from the publishable key.
    FrontendApi {
        /// The Frontend API host.
        frontend_api: String,
    },
}

impl std::fmt::Debug for JwksSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::BackendApi {
                api_url,
                api_version,
                ..
            } => {
                write!(
                    f,
                    "BackendApi({api_url}/{api_version}, secret key redacted)"
                )
            }
            Self::FrontendApi { frontend_api } => write!(f, "FrontendApi({frontend_api})"),
        }
    }
}

impl JwksSource {
    /// Picks the source as @clerk/backend does: the secret key when set, else the publishable key.
    pub fn from_settings(
        secret_key: Option<&str>,
        publishable_key: Option<&str>,
        api_url: Option<&str>,
        api_version: Option<&str>,
    ) -> Result<Self, JwksError> {
        if let Some(secret_key) = nonempty(secret_key) {
            if !secret_key.starts_with("sk_") || secret_key.chars().any(|c| !c.is_ascii_graphic()) {
                return Err(JwksError::InvalidSetting("secretKey"));
            }
            let api_url = nonempty(api_url)
                .unwrap_or(DEFAULT_API_URL)
                .trim_end_matches('/');
            if !is_valid_api_url(api_url) {
                return Err(JwksError::InvalidSetting("apiUrl"));
            }
            let api_version = nonempty(api_version)
                .unwrap_or(DEFAULT_API_VERSION)
                .trim_matches('/');
            if api_version.is_empty()
                || !api_version
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
            {
                return Err(JwksError::InvalidSetting("apiVersion"));
            }
            return Ok(Self::BackendApi {
                api_url: api_url.to_string(),
                api_version: api_version.to_string(),
                secret_key: secret_key.to_string(),
            });
        }
        if let Some(pk) = nonempty(publishable_key) {
            let key = PublishableKey::parse(pk)
                .map_err(|_| JwksError::InvalidSetting("publishableKey"))?;
            return Ok(Self::FrontendApi {
                frontend_api: key.frontend_api,
            });
        }
        Err(JwksError::NoSource)
    }

    /// The request that fetches the JWKS.
    pub fn request(&self) -> HttpRequest {
        let mut headers = vec![
            ("accept".to_string(), "application/json".to_string()),
            ("user-agent".to_string(), USER_AGENT.to_string()),
        ];
        let url = match self {
            Self::BackendApi {
                api_url,
                api_version,
                secret_key,
            } => {
                headers.push(("authorization".into(), format!("Bearer {secret_key}")));
                headers.push(("clerk-api-version".into(), CLERK_API_VERSION_HEADER.into()));
                format!("{api_url}/{api_version}/jwks")
            }
            Self::FrontendApi { frontend_api } => {
                format!("https://{frontend_api}/.well-known/jwks.json")
            }
        };
        HttpRequest {
            method: "GET",
            url,
            headers,
            body: None,
        }
    }

    /// A cache key naming this instance: a digest of the endpoint and the key's identity.
    ///
    /// Two instances never share a scope; the secret key is hashed, never stored in clear.
    pub fn cache_scope(&self) -> String {
        let mut h = Sha256::new();
        match self {
            Self::BackendApi {
                api_url,
                api_version,
                secret_key,
            } => {
                for part in [
                    "bapi",
                    api_url.as_str(),
                    api_version.as_str(),
                    secret_key.as_str(),
                ] {
                    h.update((part.len() as u64).to_be_bytes());
                    h.update(part.as_bytes());
                }
            }
            Self::FrontendApi { frontend_api } => {
                for part in ["fapi", frontend_api.as_str()] {
                    h.update((part.len() as u64).to_be_bytes());
                    h.update(part.as_bytes());
                }
            }
        }
        let digest = h.finalize();
        let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
        format!("clerk-edge:jwks:v1:{hex}")
    }

    /// Whether a failed response should be retried (5xx and 429).
    pub fn is_retryable(status: u16) -> bool {
        status >= 500 || status == 429
    }
}

/// Turns the endpoint's answer into a key set; errors carry @clerk/backend's reasons.
pub fn parse_jwks_response(response: &HttpResponse) -> Result<KeySet, JwksError> {
    match response.status {
        200 => {}
        // As @clerk/backend: `clerk_key_invalid` on any non-OK status means the secret key is rejected.
        _ if is_clerk_key_invalid(&response.body) => return Err(JwksError::SecretKeyInvalid),
        status => return Err(JwksError::Status(status)),
    }
    if response.body.len() > MAX_JWKS_BYTES {
        return Err(JwksError::Transport(crate::http::TransportError::TooLarge(
            MAX_JWKS_BYTES,
        )));
    }
    let set = KeySet::from_jwks_json(&response.body).map_err(JwksError::Invalid)?;
    if set.is_empty() {
        return Err(JwksError::Empty);
    }
    Ok(set)
}

/// Whether an error body is Clerk's `{"errors":[{"code":"clerk_key_invalid",…}]}`.
fn is_clerk_key_invalid(body: &[u8]) -> bool {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return false;
    };
    value["errors"]
        .as_array()
        .is_some_and(|errors| errors.iter().any(|e| e["code"] == "clerk_key_invalid"))
}

//! Backend API errors: what the API answered, what the network did, what could not be decoded.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::Reason;
use crate::http::{HttpResponse, TransportError};

/// Longest body excerpt kept in [`BackendError::Decode`], in characters.
pub const BODY_EXCERPT_CHARS: usize = 200;

/// One entry of a Backend API error answer (`errors[]`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClerkApiError {
    /// Stable machine code, e.g. `form_identifier_not_found`.
    pub code: String,
    /// Short human message.
    pub message: String,
    /// Longer human message, when given.
    pub long_message: Option<String>,
    /// Extra details (e.g. `param_name`), when given.
    pub meta: Option<serde_json::Map<String, serde_json::Value>>,
}

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default)]
    errors: Vec<ClerkApiError>,
    #[serde(default)]
    clerk_trace_id: Option<String>,
}

/// Why a Backend API call failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum BackendError {
    /// The API answered with a non-success status.
    #[error("Backend API answered HTTP {status}{}", first_error(errors))]
    Api {
        /// HTTP status.
        status: u16,
        /// The `errors[]` of the answer (empty when the body was not Clerk's error JSON).
        errors: Vec<ClerkApiError>,
        /// `clerk_trace_id` from the body, else the `cf-ray` header.
        clerk_trace_id: Option<String>,
        /// `Retry-After` in seconds, when sent.
        retry_after: Option<u64>,
    },
    /// The request produced no response (network, timeout, oversized body).
    #[error("Backend API request failed: {0}")]
    Transport(TransportError),
    /// A success answer whose body is not the expected JSON.
    #[error("Backend API answer (HTTP {status}) could not be decoded: {body_excerpt}")]
    Decode {
        /// HTTP status.
        status: u16,
        /// The first [`BODY_EXCERPT_CHARS`] characters of the body, secrets redacted.
        body_excerpt: String,
    },
}

fn first_error(errors: &[ClerkApiError]) -> String {
    errors
        .first()
        .map(|e| format!(": {} ({})", e.message, e.code))
        .unwrap_or_default()
}

impl Reason for BackendError {
    fn reason(&self) -> &'static str {
        match self {
            Self::Api { status: 401, .. } => "secret-key-invalid",
            Self::Api { status: 429, .. } => "backend-api-rate-limited",
            Self::Api { .. } => "backend-api-error",
            Self::Transport(_) => "backend-api-unreachable",
            Self::Decode { .. } => "backend-api-invalid-response",
        }
    }
}

impl BackendError {
    /// The HTTP status, when the API answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. } | Self::Decode { status, .. } => Some(*status),
            Self::Transport(_) => None,
        }
    }

    /// Builds [`BackendError::Api`] from a non-success answer.
    pub fn from_response(resp: &HttpResponse) -> Self {
        let parsed: Option<ErrorBody> = serde_json::from_slice(&resp.body).ok();
        let (errors, trace) = parsed
            .map(|b| (b.errors, b.clerk_trace_id))
            .unwrap_or_default();
        let clerk_trace_id = trace
            .filter(|t| !t.is_empty())
            .or_else(|| resp.header("cf-ray").map(str::to_string));
        Self::Api {
            status: resp.status,
            errors,
            clerk_trace_id,
            retry_after: retry_after(resp),
        }
    }

    /// Builds [`BackendError::Decode`] with a redacted excerpt of the body.
    pub fn decode(resp: &HttpResponse) -> Self {
        Self::Decode {
            status: resp.status,
            body_excerpt: excerpt(&resp.body),
        }
    }
}

/// `Retry-After` as seconds (only the delta-seconds form; HTTP dates are ignored).
pub fn retry_after(resp: &HttpResponse) -> Option<u64> {
    resp.header("retry-after")?.trim().parse().ok()
}

/// A body excerpt: lossy UTF-8, at most [`BODY_EXCERPT_CHARS`] characters, secrets redacted.
///
/// Redacts Clerk secret keys (`sk_…`) and anything that looks like a JWT (`eyJ…`).
pub fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out = String::new();
    let mut rest: &str = &text;
    while !rest.is_empty() {
        let start = ["sk_", "eyJ"]
            .iter()
            .filter_map(|p| rest.find(p))
            .min()
            .unwrap_or(rest.len());
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        if rest.is_empty() {
            break;
        }
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
            .unwrap_or(rest.len());
        out.push_str("[redacted]");
        rest = &rest[end..];
    }
    out.chars().take(BODY_EXCERPT_CHARS).collect()
}

/// Parses a success answer as JSON of type `T`, or turns a failure answer into [`BackendError::Api`].
pub fn parse_json<T: DeserializeOwned>(resp: &HttpResponse) -> Result<T, BackendError> {
    if !(200..300).contains(&resp.status) {
        return Err(BackendError::from_response(resp));
    }
    serde_json::from_slice(&resp.body).map_err(|_| BackendError::decode(resp))
}

/// Accepts any success answer (for operations without a response body).
pub fn parse_empty(resp: &HttpResponse) -> Result<(), BackendError> {
    if (200..300).contains(&resp.status) {
        Ok(())
    } else {
        Err(BackendError::from_response(resp))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, body: &str, headers: &[(&str, &str)]) -> HttpResponse {
        HttpResponse {
            status,
            headers: headers
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn api_error_fields() {
        let r = resp(
            422,
            r#"{"errors":[{"code":"c","message":"m","long_message":"l","meta":{"param_name":"x"}}]}"#,
            &[("cf-ray", "ray1"), ("retry-after", "3")],
        );
        let BackendError::Api {
            status,
            errors,
            clerk_trace_id,
            retry_after,
        } = parse_json::<serde_json::Value>(&r).unwrap_err()
        else {
            panic!("expected Api")
        };
        assert_eq!((status, errors[0].code.as_str()), (422, "c"));
        assert_eq!(clerk_trace_id.as_deref(), Some("ray1"));
        assert_eq!(retry_after, Some(3));
    }

    #[test]
    fn excerpt_redacts_and_caps() {
        let e = excerpt(b"key sk_live_abcDEF123 token eyJhbGciOi.x.y end");
        assert_eq!(e, "key [redacted] token [redacted] end");
        assert_eq!(excerpt("é".repeat(500).as_bytes()).chars().count(), 200);
    }
}

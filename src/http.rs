//! Plain request/response data for sans-IO network operations; runtimes do the actual I/O.

/// An HTTP request prepared by the core (its `Debug` redacts `authorization` values).
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// `GET`, `POST`, …
    pub method: &'static str,
    /// Absolute URL.
    pub url: String,
    /// Header name/value pairs.
    pub headers: Vec<(String, String)>,
    /// Request body, if any.
    pub body: Option<Vec<u8>>,
}

impl std::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // `authorization: Bearer sk_…` must never reach a log through `{:?}`.
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let value = if name.eq_ignore_ascii_case("authorization") {
                    "[redacted]"
                } else {
                    value.as_str()
                };
                (name.as_str(), value)
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body_len", &self.body.as_ref().map(Vec::len))
            .finish()
    }
}

/// An HTTP response handed back to the core.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// Header name/value pairs (names lowercase).
    pub headers: Vec<(String, String)>,
    /// Response body (already capped by the runtime).
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first header named `name` (ASCII case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why a request produced no response.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TransportError {
    /// The request did not complete within its time budget (it was aborted).
    #[error("request timed out")]
    Timeout,
    /// The network failed (DNS, connection refused, reset, …).
    #[error("network error: {0}")]
    Network(String),
    /// The response body exceeded the size cap.
    #[error("response body larger than {0} bytes")]
    TooLarge(usize),
}

/// User agent sent with every request this crate makes.
pub const USER_AGENT: &str = concat!("clerk-edge/", env!("CARGO_PKG_VERSION"));

/// Whether header names `a` and `b` are equal, ASCII case-insensitively: the lengths are compared
/// first, inline, so scanning a request's headers for one name rarely compares any bytes.
#[inline(always)]
pub fn same_name(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.eq_ignore_ascii_case(b)
}

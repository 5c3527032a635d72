//! The Frontend API proxy, sans-IO: requests under a path of the app's own domain (`/__clerk` by
//! default) are forwarded to Clerk's Frontend API, so Clerk's cookies are first-party.
//!
//! As @clerk/backend's `clerkFrontendApiProxy` does: the upstream is Clerk's shared Frontend API
//! (`https://frontend-api.clerk.dev`, or its staging / local variant, picked by the publishable
//! key's host; `fapiUrl` / `CLERK_FAPI_URL` overrides it), the path loses the prefix and keeps its
//! query, the instance is named by `Clerk-Proxy-Url` and `Clerk-Secret-Key`, hop-by-hop headers
//! are stripped, and a `Location` pointing at the upstream comes back through the proxy.
//!
//! [`FrontendApiProxy::request`] turns the incoming request into the outgoing one;
//! [`ProxyRequest::response_headers`] rewrites the upstream's response headers. The runtime leaves
//! (the guard Worker, the npm package's `clerkFrontendApiProxy`) only send and stream.

mod request;
mod response;
mod upstream;

use thiserror::Error;

use crate::config::PublishableKey;
use crate::error::{PublishableKeyError, Reason};

pub use request::{client_ip, ProxyRequest};
pub use response::rewrite_location;
pub use upstream::default_upstream;

/// The proxy path when none is configured (@clerk/backend's `DEFAULT_PROXY_PATH`).
pub const DEFAULT_PROXY_PATH: &str = "/__clerk";

/// The proxy's settings, with @clerk/backend's option names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProxyOptions {
    /// `proxyPath` (default `/__clerk`): the path prefix proxied, trailing `/` ignored.
    pub proxy_path: Option<String>,
    /// `publishableKey` (required): picks the default upstream.
    pub publishable_key: String,
    /// `secretKey` (required): sent as `Clerk-Secret-Key`.
    pub secret_key: String,
    /// `fapiUrl`: the upstream, `https://host[:port][/path]` (`http://` for loopback hosts only).
    pub fapi_url: Option<String>,
    /// `proxyUrl`: the public proxy URL (absolute); default: the request's origin + the proxy path.
    pub proxy_url: Option<String>,
    /// `trustForwardedHeaders`: take the public origin from `X-Forwarded-Proto`/`-Host` when both
    /// are present and keep incoming ones (default `false`: the request URL is the public one).
    pub trust_forwarded_headers: bool,
}

/// Why the proxy's options or a request were refused; `reason()` is a stable code.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ProxyError {
    /// `publishableKey` is missing or malformed.
    #[error(transparent)]
    PublishableKey(#[from] PublishableKeyError),
    /// `secretKey` is missing or not a header-safe `sk_…` value.
    #[error("secretKey (CLERK_SECRET_KEY) must be set to the instance's sk_test_… / sk_live_… key to proxy the Frontend API")]
    SecretKey,
    /// `proxyPath` is not a path prefix such as `/__clerk`.
    #[error("proxyPath must be a path such as /__clerk (visible ASCII, no query, fragment or dot segments, not /)")]
    ProxyPath,
    /// `fapiUrl` is not a usable upstream.
    #[error("fapiUrl (CLERK_FAPI_URL) must be https://host[:port][/path] (http:// only for localhost, 127.0.0.1 or [::1]), without credentials, query or fragment")]
    FapiUrl,
    /// `proxyUrl` is not an absolute http(s) URL.
    #[error("proxyUrl must be an absolute http(s) URL without query or fragment")]
    ProxyUrl,
    /// The request's path is not under the proxy path.
    #[error("the request path is not under the proxy path")]
    PathMismatch,
    /// The request URL is not an absolute http(s) URL.
    #[error("the request URL could not be read")]
    RequestUrl,
}

impl Reason for ProxyError {
    fn reason(&self) -> &'static str {
        match self {
            Self::PublishableKey(e) => e.reason(),
            Self::PathMismatch => "proxy-path-mismatch",
            Self::RequestUrl => "request-invalid",
            _ => "options-invalid",
        }
    }
}

/// Checked proxy options, ready for any number of requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontendApiProxy {
    /// The proxy path, without trailing `/`.
    path: String,
    /// The upstream base URL, without trailing `/`.
    upstream: String,
    secret_key: String,
    /// The public proxy URL, when configured.
    public_url: Option<String>,
    trust_forwarded: bool,
}

impl FrontendApiProxy {
    /// Checks `options` (see [`ProxyError`] for what is refused).
    pub fn new(options: ProxyOptions) -> Result<Self, ProxyError> {
        let instance = PublishableKey::parse(&options.publishable_key)?;
        let secret_key = options.secret_key.trim();
        if !(secret_key.starts_with("sk_") && secret_key.bytes().all(|b| b.is_ascii_graphic())) {
            return Err(ProxyError::SecretKey);
        }
        let path = checked_path(options.proxy_path.as_deref().unwrap_or(DEFAULT_PROXY_PATH))?;
        let upstream = match options.fapi_url.as_deref().map(str::trim) {
            Some(url) if !url.is_empty() => upstream::checked(url).ok_or(ProxyError::FapiUrl)?,
            _ => default_upstream(&instance.frontend_api).to_string(),
        };
        let public_url = match options.proxy_url.as_deref().map(str::trim) {
            Some(url) if !url.is_empty() => Some(checked_public_url(url)?),
            _ => None,
        };
        Ok(Self {
            path,
            upstream,
            secret_key: secret_key.to_string(),
            public_url,
            trust_forwarded: options.trust_forwarded_headers,
        })
    }

    /// The proxy path (no trailing `/`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The upstream base URL (no trailing `/`).
    pub fn upstream(&self) -> &str {
        &self.upstream
    }

    /// Whether a request path (as serialised) is the proxy path or below it.
    pub fn matches(&self, path: &str) -> bool {
        path.strip_prefix(self.path.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }
}

/// `/segment[/segment…]` of visible ASCII, trailing `/` dropped; no `/`, query, fragment or dot segment.
fn checked_path(raw: &str) -> Result<String, ProxyError> {
    let path = raw.trim().trim_end_matches('/');
    let ok = path.starts_with('/')
        && path.len() <= 256
        && path
            .bytes()
            .all(|b| b.is_ascii_graphic() && !matches!(b, b'?' | b'#' | b'\\'))
        && path[1..]
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != "..");
    if ok {
        Ok(path.to_string())
    } else {
        Err(ProxyError::ProxyPath)
    }
}

/// An absolute http(s) URL without query or fragment, trailing `/` dropped.
fn checked_public_url(raw: &str) -> Result<String, ProxyError> {
    if raw.contains(['?', '#']) || !raw.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ProxyError::ProxyUrl);
    }
    let url = crate::auth::url::Url::parse(raw).ok_or(ProxyError::ProxyUrl)?;
    Ok(url.href().trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests;

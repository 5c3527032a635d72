//! The outgoing request: the upstream URL and the headers to send.

use super::{FrontendApiProxy, ProxyError};
use crate::auth::url::Url;
use crate::auth::RequestView;
use crate::guard::headers::{connection_tokens, is_hop_by_hop};

/// Headers the proxy always sets itself; incoming ones are dropped.
const SET_BY_PROXY: [&str; 3] = ["clerk-proxy-url", "clerk-secret-key", "accept-encoding"];
/// Request headers never forwarded besides hop-by-hop ones: `host` (the upstream's own is sent)
/// and `expect` (`100 Continue` is not relayed).
const NOT_FORWARDED: [&str; 2] = ["host", "expect"];
/// Longest client IP value sent.
const MAX_IP_BYTES: usize = 64;

/// The request to send upstream, and what its response rewrite needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyRequest {
    /// The upstream URL: the upstream base, the path after the proxy path, the query.
    pub url: String,
    /// The headers to send (lowercase names of the ones the proxy sets), in order.
    pub headers: Vec<(String, String)>,
    /// The public proxy URL (`Clerk-Proxy-Url`), e.g. `https://app.example.com/__clerk`.
    pub proxy_url: String,
    /// The upstream base URL (for the `Location` rewrite).
    pub upstream: String,
}

/// The client's IP as proxies report it: `CF-Connecting-IP`, else `X-Real-IP`, else the first
/// `X-Forwarded-For` entry (as @clerk/backend picks it); `None` when absent or not header-safe.
pub fn client_ip<N: AsRef<str>, V: AsRef<str>>(headers: &[(N, V)]) -> Option<String> {
    let first = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.as_ref().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_ref())
    };
    let raw = first("cf-connecting-ip")
        .or_else(|| first("x-real-ip"))
        .or_else(|| first("x-forwarded-for").map(|v| v.split(',').next().unwrap_or_default()))?;
    let ip = raw.trim();
    (!ip.is_empty() && ip.len() <= MAX_IP_BYTES && ip.bytes().all(|b| b.is_ascii_graphic()))
        .then(|| ip.to_string())
}

impl FrontendApiProxy {
    /// The upstream request for `req` (whose path must be under the proxy path), with
    /// `X-Forwarded-For: client_ip` when given.
    pub fn request<N: AsRef<str>, V: AsRef<str>>(
        &self,
        req: RequestView<'_, N, V>,
        client_ip: Option<&str>,
    ) -> Result<ProxyRequest, ProxyError> {
        let url = Url::parse(req.url).ok_or(ProxyError::RequestUrl)?;
        if !self.matches(url.path()) {
            return Err(ProxyError::PathMismatch);
        }
        let rest = &url.path()[self.path.len()..];
        let mut target = format!(
            "{}{}",
            self.upstream,
            if rest.is_empty() { "/" } else { rest }
        );
        let without_fragment = req.url.split('#').next().unwrap_or_default();
        if let Some((_, query)) = without_fragment
            .split_once('?')
            .filter(|(_, q)| !q.is_empty())
        {
            target.push('?');
            target.push_str(query);
        }
        let header = |name: &str| {
            req.headers
                .iter()
                .find(|(n, _)| n.as_ref().eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_ref().trim())
                .filter(|v| !v.is_empty())
        };
        let connection: Vec<&str> = req
            .headers
            .iter()
            .filter(|(n, _)| n.as_ref().eq_ignore_ascii_case("connection"))
            .flat_map(|(_, v)| connection_tokens(v.as_ref()))
            .collect();
        let client_ip = client_ip.filter(|ip| {
            !ip.is_empty() && ip.len() <= MAX_IP_BYTES && ip.bytes().all(|b| b.is_ascii_graphic())
        });
        let (scheme, authority) = url.origin().split_once("://").map_or_else(
            || (String::new(), String::new()),
            |(s, a)| (s.to_string(), a.to_string()),
        );
        let keep_forwarded = self.trust_forwarded;
        let dropped = |name: &str| {
            is_hop_by_hop(name, &connection)
                || NOT_FORWARDED.iter().any(|h| name.eq_ignore_ascii_case(h))
                || SET_BY_PROXY.iter().any(|h| name.eq_ignore_ascii_case(h))
                || (client_ip.is_some() && name.eq_ignore_ascii_case("x-forwarded-for"))
                || (!keep_forwarded
                    && (name.eq_ignore_ascii_case("x-forwarded-host")
                        || name.eq_ignore_ascii_case("x-forwarded-proto")))
        };
        let mut headers: Vec<(String, String)> = req
            .headers
            .iter()
            .filter(|(n, _)| !dropped(n.as_ref()))
            .map(|(n, v)| (n.as_ref().to_string(), v.as_ref().to_string()))
            .collect();
        let proxy_url = match &self.public_url {
            Some(public) => public.clone(),
            None => {
                let forwarded = keep_forwarded
                    .then(|| {
                        forwarded_origin(header("x-forwarded-proto"), header("x-forwarded-host"))
                    })
                    .flatten();
                format!("{}{}", forwarded.unwrap_or_else(|| url.origin()), self.path)
            }
        };
        let mut set = |name: &str, value: String| headers.push((name.to_string(), value));
        set("clerk-proxy-url", proxy_url.clone());
        set("clerk-secret-key", self.secret_key.clone());
        set("accept-encoding", "identity".to_string());
        if !keep_forwarded || header("x-forwarded-host").is_none() {
            set("x-forwarded-host", authority);
        }
        if !keep_forwarded || header("x-forwarded-proto").is_none() {
            set("x-forwarded-proto", scheme);
        }
        if let Some(ip) = client_ip {
            set("x-forwarded-for", ip.to_string());
        }
        Ok(ProxyRequest {
            url: target,
            headers,
            proxy_url,
            upstream: self.upstream.clone(),
        })
    }
}

/// `proto://host` from the first values of `X-Forwarded-Proto` / `-Host`, when both are present
/// and form an http(s) origin.
fn forwarded_origin(proto: Option<&str>, host: Option<&str>) -> Option<String> {
    let first = |v: &str| v.split(',').next().unwrap_or_default().trim().to_string();
    let (proto, host) = (first(proto?), first(host?));
    if host.contains(['/', '?', '#', '@', '\\']) {
        return None;
    }
    Url::parse(&format!("{proto}://{host}")).map(|u| u.origin())
}

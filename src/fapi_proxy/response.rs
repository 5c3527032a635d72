//! The response rewrite: hop-by-hop and re-encoding headers dropped, a `Location` on the upstream
//! sent back through the public proxy URL.

use super::ProxyRequest;
use crate::auth::url::Url;
use crate::guard::headers::{connection_tokens, is_hop_by_hop};

/// Response headers dropped because the body is re-streamed (the runtime may have decoded it).
const RESTREAMED: [&str; 2] = ["content-encoding", "content-length"];

impl ProxyRequest {
    /// The headers to answer with, from the upstream response's (in order; `set-cookie` kept
    /// one by one): hop-by-hop, `content-encoding` and `content-length` dropped, `location`
    /// rewritten by [`rewrite_location`].
    pub fn response_headers<N: AsRef<str>, V: AsRef<str>>(
        &self,
        headers: &[(N, V)],
    ) -> Vec<(String, String)> {
        let connection: Vec<&str> = headers
            .iter()
            .filter(|(n, _)| n.as_ref().eq_ignore_ascii_case("connection"))
            .flat_map(|(_, v)| connection_tokens(v.as_ref()))
            .collect();
        headers
            .iter()
            .filter(|(n, _)| {
                let name = n.as_ref();
                !is_hop_by_hop(name, &connection)
                    && !RESTREAMED.iter().any(|h| name.eq_ignore_ascii_case(h))
            })
            .map(|(n, v)| {
                let (name, value) = (n.as_ref(), v.as_ref());
                let value = if name.eq_ignore_ascii_case("location") {
                    rewrite_location(value, &self.upstream, &self.proxy_url)
                        .unwrap_or_else(|| value.to_string())
                } else {
                    value.to_string()
                };
                (name.to_string(), value)
            })
            .collect()
    }
}

/// `location` sent through `proxy_url` when it points at the upstream's host (absolute,
/// scheme-relative or path-absolute): `proxy_url` + path (below the upstream's base path) +
/// query + fragment. `None` (keep it) for other hosts, relative paths (they already resolve
/// below the proxy path) and values that are not visible ASCII.
pub fn rewrite_location(location: &str, upstream: &str, proxy_url: &str) -> Option<String> {
    if location.is_empty() || !location.bytes().all(|b| b.is_ascii_graphic()) {
        return None;
    }
    let base = Url::parse(upstream)?;
    let rest = if location.starts_with("//") || location.contains("://") {
        let absolute = match location.strip_prefix("//") {
            Some(rest) => format!("{}://{rest}", scheme_of(&base.origin())),
            None => location.to_string(),
        };
        let url = Url::parse(&absolute)?;
        if host_of(&url.origin()) != host_of(&base.origin()) {
            return None;
        }
        url.href()[url.origin().len()..].to_string()
    } else if location.starts_with('/') {
        location.to_string()
    } else {
        return None;
    };
    let base_path = base.path().trim_end_matches('/');
    let rest = match rest.strip_prefix(base_path) {
        Some(below)
            if !base_path.is_empty()
                && (below.is_empty() || below.starts_with(['/', '?', '#'])) =>
        {
            below.to_string()
        }
        _ => rest,
    };
    Some(format!("{proxy_url}{rest}"))
}

fn scheme_of(origin: &str) -> &str {
    origin.split("://").next().unwrap_or_default()
}

fn host_of(origin: &str) -> &str {
    origin.split("://").nth(1).unwrap_or_default()
}

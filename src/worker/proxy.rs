//! Forwarding an authenticated request to the origin: method, path, query, streamed body,
//! headers minus hop-by-hop and `x-clerk-*`, plus the identity headers the guard vouches for.

use worker::{Fetch, Headers, Request, RequestInit, RequestRedirect, Response, Result};

use crate::guard::headers::must_strip;

/// Builds the origin URL for `req`: the origin (scheme, host, port, base path) with the request's
/// path and query. The request URL is the runtime's WHATWG serialization, so it is split, not parsed.
pub fn origin_url(origin: &str, req: &Request) -> Result<String> {
    let incoming = req.inner().url();
    let before_fragment = incoming.split('#').next().unwrap_or_default();
    let mut target = format!("{origin}{}", req.path());
    if let Some((_, query)) = before_fragment.split_once('?') {
        target.push('?');
        target.push_str(query);
    }
    Ok(target)
}

/// Copies `from` into fresh headers without hop-by-hop or `x-clerk-*` ones, then adds `identity`.
pub fn forwarded_headers(from: &Headers, identity: &[(&'static str, String)]) -> Result<Headers> {
    let connection = from.get("connection")?;
    let out = Headers::new();
    for (name, value) in from.entries() {
        if name.eq_ignore_ascii_case("host") || must_strip(&name, connection.as_deref()) {
            continue;
        }
        out.append(&name, &value)?;
    }
    for (name, value) in identity {
        out.set(name, value)?;
    }
    Ok(out)
}

/// Sends the request to the origin with its body streamed through; `Err` when the origin is unreachable.
pub async fn forward(req: &Request, target: &str, headers: Headers) -> Result<Response> {
    let mut init = RequestInit::new();
    init.with_method(req.method())
        .with_headers(headers)
        .with_redirect(RequestRedirect::Manual)
        .with_body(req.inner().body().map(Into::into));
    let outgoing = Request::new_with_init(target, &init)?;
    Fetch::Request(outgoing).send().await
}

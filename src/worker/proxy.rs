//! Forwarding an authenticated request to the origin: method, path, query, streamed body,
//! headers minus hop-by-hop and `x-clerk-*`, plus the identity headers the guard vouches for.

use worker::{Fetch, Headers, Request, RequestInit, RequestRedirect, Response, Result};

use crate::guard::headers::must_strip;

/// Builds the origin URL for `req`: the origin's scheme/host/port with the request's path and query.
pub fn origin_url(origin: &worker::Url, req: &Request) -> Result<String> {
    let incoming = req.url()?;
    let mut target = origin.clone();
    let base = origin.path().trim_end_matches('/');
    target.set_path(&format!("{base}{}", incoming.path()));
    target.set_query(incoming.query());
    Ok(target.into())
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

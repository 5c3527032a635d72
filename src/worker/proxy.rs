//! Forwarding an authenticated request to the origin: method, path, query, streamed body,
//! headers minus `host`, hop-by-hop, `expect` and `x-clerk-*` (any spelling), plus the identity headers the guard vouches for.
//!
//! The header copy and the `fetch` run in one JS call: the runtime copies the
//! request's headers natively, and Rust only says which names to drop and what to add.
//! The call returns the runtime's own promise, so the origin's response is never touched
//! by wasm; an unreachable origin becomes a JSON 502 there.

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use worker::web_sys;

use crate::guard::answers::forwards_body;
use crate::guard::incoming::Incoming;

#[wasm_bindgen(
    inline_js = "export function forwardRequest(req, url, strip, identity, extra, withBody) {
  const headers = new Headers(req.headers);
  if (strip !== '') for (const name of strip.split('\\n')) headers.delete(name);
  if (identity !== '') {
    const parts = identity.split('\\n');
    for (let i = 0; i + 1 < parts.length; i += 2) headers.set(parts[i], parts[i + 1]);
  }
  const body = withBody === true ? req.body : withBody === false ? null : withBody;
  const sent = fetch(url, { method: req.method, headers, body, redirect: 'manual' });
  const answered = extra === '' ? sent : sent.then((res) => {
    const out = new Response(res.body, res);
    const parts = extra.split('\\n');
    for (let i = 0; i + 1 < parts.length; i += 2) out.headers.append(parts[i], parts[i + 1]);
    return out;
  });
  return answered.catch((err) => {
    console.error('clerk-edge: origin unreachable: ' + String(err && err.name || 'Error') + ': ' + String(err && err.message || ''));
    return Response.json({ error: 'origin-unreachable', message: 'the guard could not reach the origin' }, { status: 502, headers: { 'x-content-type-options': 'nosniff' } });
  });
}"
)]
extern "C" {
    /// `fetch(url)` with `req`'s method, its body (`true`: streamed, `false`: none, bytes: these), and its headers minus `strip`,
    /// plus `identity` pairs; the response gets the `extra` header pairs appended; a network
    /// failure resolves to a JSON 502.
    #[wasm_bindgen(js_name = forwardRequest, catch)]
    fn forward_request(
        req: &web_sys::Request,
        url: &str,
        strip: &str,
        identity: &str,
        extra: &str,
        with_body: &JsValue,
    ) -> Result<Promise, JsValue>;
}

/// The origin URL for the request: the origin (scheme, host, port, base path) with its path and query.
fn origin_url(origin: &str, incoming: &Incoming) -> String {
    let mut target = format!("{origin}{}", incoming.path());
    if let Some(query) = incoming.query() {
        target.push('?');
        target.push_str(query);
    }
    target
}

/// The origin's response to the request (path and query appended to `origin`), with its body
/// streamed through: a promise of the runtime's `Response`, a JSON 502 when the origin is
/// unreachable; `Err` when the request could not even be sent.
pub fn forward(
    req: &web_sys::Request,
    incoming: &Incoming,
    origin: &str,
    identity: &[(&'static str, String)],
    extra: &[(String, String)],
) -> Result<Promise, String> {
    forward_body(
        req,
        incoming,
        origin,
        identity,
        extra,
        &forwards_body(incoming).into(),
    )
}

/// [`forward`] with the body given: `true` streams the request's, `false` sends none, a
/// `Uint8Array` is sent as is (a verified webhook's bytes).
pub fn forward_body(
    req: &web_sys::Request,
    incoming: &Incoming,
    origin: &str,
    identity: &[(&'static str, String)],
    extra: &[(String, String)],
    body: &JsValue,
) -> Result<Promise, String> {
    // Identity values are checked header-safe (printable ASCII, no line breaks) when they are built,
    // and the core's headers (Set-Cookie, Access-Control-Allow-*) when it relays them.
    let pairs = joined(identity.iter().map(|(n, v)| (*n, v.as_str())));
    let extra = joined(extra.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    let target = origin_url(origin, incoming);
    let strip = incoming.headers_to_strip();
    forward_request(req, &target, &strip, &pairs, &extra, body)
        .map_err(|err| format!("forwarding failed: {}", describe(&err)))
}

/// `name \n value \n name \n value …`.
fn joined<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (name, value) in pairs {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(name);
        out.push('\n');
        out.push_str(value);
    }
    out
}

/// A short description of a JS error (its name and message; never headers or bodies).
fn describe(err: &JsValue) -> String {
    match err.dyn_ref::<js_sys::Error>() {
        Some(e) => format!("{}: {}", String::from(e.name()), String::from(e.message())),
        None => "non-Error exception".to_string(),
    }
}

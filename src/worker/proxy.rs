//! Forwarding a request to the origin (a URL, a service binding, or the request's own URL; see
//! [`super::origin`]): method, path, query, streamed body,
//! headers minus `host`, hop-by-hop, `expect` and `x-clerk-*` (any spelling), plus the identity headers the guard vouches for.
//!
//! The header copy and the `fetch` run in one JS call: the runtime copies the
//! request's headers natively, and Rust only says which names to drop and what to add.
//! The call returns a JS promise of the runtime's own `Response`, so the origin's response is
//! never touched by wasm; an unreachable origin becomes a JSON 502 there, and one that sends no
//! response headers within `CLERK_ORIGIN_TIMEOUT_MS` a JSON 504. The wait is the runtime's own
//! `AbortSignal.timeout` on the `fetch`: it bounds the response headers only, since workerd does
//! not tie the signal to the response body, so a body that streams past it arrives whole (both
//! held by tests/worker/faults.test.mjs; service bindings honour the signal too: origin.test.mjs).
//! It replaced an `AbortController` armed by `setTimeout` and cleared when the headers arrived:
//! three more runtime calls per request for the same behaviour (bench/README.md, "Guard Worker,
//! 2026-11-30 (night)"). A second promise racing the fetch made a JS pass-through ~10% slower at
//! one connection, so there is none.

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use worker::web_sys;

use crate::guard::answers::forwards_body;
use crate::guard::incoming::Incoming;

#[wasm_bindgen(
    inline_js = "export function forwardRequest(req, packed, withBody, fetcher, timeoutMs) {
  const [url, strip, identity, extra] = packed.split('\\0');
  const headers = new Headers(req.headers);
  if (strip !== '') for (const name of strip.split('\\n')) headers.delete(name);
  if (identity !== '') {
    const parts = identity.split('\\n');
    for (let i = 0; i + 1 < parts.length; i += 2) headers.set(parts[i], parts[i + 1]);
  }
  const signal = AbortSignal.timeout(timeoutMs);
  const init = { method: req.method, headers, body: withBody === true ? req.body : withBody === false ? null : withBody, redirect: 'manual', signal };
  let sent;
  try {
    sent = fetcher === undefined ? fetch(url, init) : fetcher.fetch(url, init);
  } catch (err) {
    sent = Promise.reject(err);
  }
  return sent.then((res) => {
    if (extra === '') return res;
    const out = new Response(res.body, res);
    const parts = extra.split('\\n');
    for (let i = 0; i + 1 < parts.length; i += 2) out.headers.append(parts[i], parts[i + 1]);
    return out;
  }, (err) => {
    if (signal.aborted) {
      console.error('clerk-edge: origin timeout: no response headers within ' + timeoutMs + ' ms');
      return Response.json({ error: 'origin-timeout', message: 'the origin did not answer in time' }, { status: 504, headers: { 'x-content-type-options': 'nosniff' } });
    }
    console.error('clerk-edge: origin unreachable: ' + String(err && err.name || 'Error') + ': ' + String(err && err.message || ''));
    return Response.json({ error: 'origin-unreachable', message: 'the guard could not reach the origin' }, { status: 502, headers: { 'x-content-type-options': 'nosniff' } });
  });
}"
)]
extern "C" {
    /// `fetch(url)` (on `fetcher`, a service binding, unless it is `undefined`) with `req`'s
    /// method, its body (`true`: streamed, `false`: none, bytes: these), and its headers minus
    /// `strip`, plus `identity` pairs; the response gets the `extra` header pairs appended; a
    /// network failure resolves to a JSON 502, no response headers within `timeout_ms` to a JSON
    /// 504 (the fetch is aborted). `packed` is `url \0 strip \0 identity \0 extra` (see [`pack`]).
    // One JS call, and one string for the four texts: each string crossing is a decode in JS.
    #[wasm_bindgen(js_name = forwardRequest, catch)]
    fn forward_request(
        req: &web_sys::Request,
        packed: &str,
        with_body: &JsValue,
        fetcher: &JsValue,
        timeout_ms: u32,
    ) -> Result<Promise, JsValue>;
}

/// Where a request is forwarded: the URL, what to call `fetch` on, and the wait for an answer.
pub struct Destination<'a> {
    /// The URL the request is sent to.
    pub target: &'a str,
    /// The origin's service binding, else `undefined` (the global `fetch`).
    pub fetcher: &'a JsValue,
    /// Milliseconds to wait for the response headers before answering `504`.
    pub timeout_ms: u32,
}

/// The origin's response to the request (sent to `to.target`, through `to.fetcher` unless it is
/// `undefined`), with its body streamed through — or `body` instead when given (a verified
/// webhook's bytes): a promise of the runtime's `Response`, a JSON 502 when the origin is
/// unreachable, a JSON 504 when it has not answered within `to.timeout_ms`; `Err` when the
/// request could not even be sent.
pub fn forward(
    req: &web_sys::Request,
    incoming: &Incoming,
    to: &Destination,
    identity: &[(&'static str, String)],
    extra: &[(String, String)],
    body: Option<&JsValue>,
) -> Result<Promise, String> {
    // Identity values are checked header-safe (printable ASCII, no line breaks) when they are built,
    // and the core's headers (Set-Cookie, Access-Control-Allow-*) when it relays them.
    let pairs = joined(identity.iter().map(|(n, v)| (*n, v.as_str())));
    let extra = joined(extra.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    let strip = incoming.headers_to_strip();
    let body = body
        .cloned()
        .unwrap_or_else(|| forwards_body(incoming).into());
    let packed = pack([to.target, &strip, &pairs, &extra]);
    forward_request(req, &packed, &body, to.fetcher, to.timeout_ms)
        .map_err(|err| format!("forwarding failed: {}", describe(&err)))
}

/// The texts joined by NUL, which no URL, header name or header value can hold.
fn pack(parts: [&str; 4]) -> String {
    debug_assert!(parts.iter().all(|p| !p.contains('\0')));
    parts.join("\0")
}

/// `name \n value \n name \n value …`: header pairs as one string for a JS call.
pub(super) fn joined<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> String {
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
pub(super) fn describe(err: &JsValue) -> String {
    match err.dyn_ref::<js_sys::Error>() {
        Some(e) => format!("{}: {}", String::from(e.name()), String::from(e.message())),
        None => "non-Error exception".to_string(),
    }
}

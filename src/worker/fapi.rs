//! `CLERK_FRONTEND_API_PROXY`: requests under the proxy path go to Clerk's Frontend API before any
//! authentication. What to send and how to rewrite the answer is decided by
//! [`crate::fapi_proxy`]; this leaf only sends the request and re-streams the response.

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use worker::{console_error, web_sys};

use super::proxy::{describe, joined};
use crate::auth::RequestView;
use crate::fapi_proxy::{client_ip, FrontendApiProxy, ProxyRequest};
use crate::guard::answers::forwards_body;
use crate::guard::incoming::Incoming;

#[wasm_bindgen(
    inline_js = "export function fetchUpstream(req, url, pairs, withBody) {
  const headers = new Headers();
  const parts = pairs === '' ? [] : pairs.split('\\n');
  for (let i = 0; i + 1 < parts.length; i += 2) headers.append(parts[i], parts[i + 1]);
  return fetch(url, { method: req.method, headers, body: withBody ? req.body : null, redirect: 'manual' });
}
export function responseHeaderText(res) {
  let text = '';
  for (const [name, value] of res.headers) text += name + '\\n' + value + '\\n';
  return text;
}
export function restream(res, pairs) {
  const headers = new Headers();
  const parts = pairs === '' ? [] : pairs.split('\\n');
  for (let i = 0; i + 1 < parts.length; i += 2) headers.append(parts[i], parts[i + 1]);
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}
export function proxyError(status, code, message) {
  return Response.json({ errors: [{ code, message }] }, { status, headers: { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } });
}"
)]
extern "C" {
    /// `fetch(url)` with `req`'s method (and body when `with_body`), exactly the `pairs` headers,
    /// redirects not followed.
    #[wasm_bindgen(js_name = fetchUpstream, catch)]
    fn fetch_upstream(
        req: &web_sys::Request,
        url: &str,
        pairs: &str,
        with_body: bool,
    ) -> Result<Promise, JsValue>;
    /// The response's headers as `name \n value \n …` (values from `fetch` hold no line breaks).
    #[wasm_bindgen(js_name = responseHeaderText)]
    fn response_header_text(res: &web_sys::Response) -> String;
    /// A response with `res`'s status and streamed body and exactly the `pairs` headers.
    #[wasm_bindgen(js_name = restream)]
    fn restream(res: &web_sys::Response, pairs: &str) -> web_sys::Response;
    /// @clerk/backend's proxy error answer: `{ errors: [{ code, message }] }`, `no-store`.
    #[wasm_bindgen(js_name = proxyError)]
    fn proxy_error(status: u16, code: &str, message: &str) -> web_sys::Response;
}

/// The Frontend API's answer to `req` (whose path is under the proxy path), re-streamed with its
/// headers rewritten; a 502 `proxy_request_failed` when it cannot be reached.
pub fn forward(req: &web_sys::Request, incoming: &Incoming, proxy: &FrontendApiProxy) -> Promise {
    let ip = client_ip(&incoming.headers);
    let view = RequestView {
        method: &incoming.method,
        url: &incoming.url,
        headers: &incoming.headers,
    };
    let plan = match proxy.request(view, ip.as_deref()) {
        Ok(plan) => plan,
        Err(e) => {
            let answer = proxy_error(400, "proxy_request_failed", &e.to_string());
            return Promise::resolve(&JsValue::from(answer));
        }
    };
    let sent = fetch_upstream(
        req,
        &plan.url,
        &joined(pairs(&plan.headers)),
        forwards_body(incoming),
    );
    wasm_bindgen_futures::future_to_promise(async move {
        let answered = match sent {
            Ok(promise) => JsFuture::from(promise).await,
            Err(e) => Err(e),
        };
        Ok(JsValue::from(match answered {
            Ok(res) => rewritten(&plan, &res.unchecked_into()),
            Err(e) => {
                console_error!("clerk-edge: Frontend API unreachable: {}", describe(&e));
                proxy_error(
                    502,
                    "proxy_request_failed",
                    "the guard could not reach the Frontend API",
                )
            }
        }))
    })
}

/// The upstream response with the proxy's header rewrite applied.
fn rewritten(plan: &ProxyRequest, res: &web_sys::Response) -> web_sys::Response {
    let text = response_header_text(res);
    let mut parts = text.split('\n');
    let mut headers = Vec::new();
    while let (Some(name), Some(value)) = (parts.next(), parts.next()) {
        headers.push((name, value));
    }
    restream(res, &joined(pairs(&plan.response_headers(&headers))))
}

/// Borrowed `(name, value)` pairs of owned ones.
fn pairs(owned: &[(String, String)]) -> impl Iterator<Item = (&str, &str)> {
    owned.iter().map(|(n, v)| (n.as_str(), v.as_str()))
}

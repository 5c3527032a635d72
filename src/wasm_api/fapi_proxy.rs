//! `clerkFrontendApiProxy` for the JS package: the request and response rules of
//! [`crate::fapi_proxy`]; `js/src/proxy.mjs` only sends and re-streams.

use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

use super::options::{optional_bool, optional_string};
use super::{set, to_js_error};
use crate::auth::RequestView;
use crate::fapi_proxy::{client_ip, FrontendApiProxy, ProxyOptions, ProxyRequest};

/// `[name, value]` pairs of a JS array (other entries skipped).
fn pairs(headers: &Array) -> Vec<(String, String)> {
    headers
        .iter()
        .filter_map(|pair| {
            let pair = Array::from(&pair);
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}

/// `[[name, value], …]`.
fn to_array(pairs: &[(String, String)]) -> Array {
    pairs
        .iter()
        .map(|(n, v)| Array::of2(&n.into(), &v.into()))
        .collect()
}

/// The upstream request for a request under the proxy path: `{ url, headers, proxyUrl, upstream }`.
/// Options: `proxyPath`, `publishableKey`, `secretKey`, `fapiUrl`, `proxyUrl`,
/// `trustForwardedHeaders` (env fallbacks are resolved by the caller); `clientIp` defaults to the
/// request's `CF-Connecting-IP` / `X-Real-IP` / first `X-Forwarded-For`. Throws a `ClerkEdgeError`:
/// `options-invalid`, `publishable-key-*`, `proxy-path-mismatch` or `request-invalid`.
#[wasm_bindgen(js_name = frontendApiProxyRequest)]
pub fn frontend_api_proxy_request(
    options: JsValue,
    method: &str,
    url: &str,
    headers: Array,
    client_ip_override: Option<String>,
) -> Result<JsValue, JsValue> {
    let proxy = FrontendApiProxy::new(ProxyOptions {
        proxy_path: optional_string(&options, "proxyPath")?,
        publishable_key: optional_string(&options, "publishableKey")?.unwrap_or_default(),
        secret_key: optional_string(&options, "secretKey")?.unwrap_or_default(),
        fapi_url: optional_string(&options, "fapiUrl")?,
        proxy_url: optional_string(&options, "proxyUrl")?,
        trust_forwarded_headers: optional_bool(&options, "trustForwardedHeaders")?,
    })
    .map_err(|e| to_js_error(&e))?;
    let headers = pairs(&headers);
    let ip = client_ip_override.or_else(|| client_ip(&headers));
    let view = RequestView {
        method,
        url,
        headers: &headers,
    };
    let plan = proxy
        .request(view, ip.as_deref())
        .map_err(|e| to_js_error(&e))?;
    let out = Object::new();
    set(&out, "url", plan.url.as_str().into());
    set(&out, "headers", to_array(&plan.headers).into());
    set(&out, "proxyUrl", plan.proxy_url.as_str().into());
    set(&out, "upstream", plan.upstream.as_str().into());
    Ok(out.into())
}

/// The headers to answer with, from the upstream response's `[name, value]` pairs (see
/// [`ProxyRequest::response_headers`]).
#[wasm_bindgen(js_name = frontendApiProxyResponseHeaders)]
pub fn frontend_api_proxy_response_headers(
    upstream: String,
    proxy_url: String,
    headers: Array,
) -> Array {
    let plan = ProxyRequest {
        url: String::new(),
        headers: Vec::new(),
        proxy_url,
        upstream,
    };
    to_array(&plan.response_headers(&pairs(&headers)))
}

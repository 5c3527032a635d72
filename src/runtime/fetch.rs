//! The host's global `fetch` for one [`HttpRequest`]: a total timeout (the request is aborted), a
//! cap on the body read, no redirects followed. Shared by the JWKS flow and the Backend API client.

use js_sys::{Array, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::http::{HttpRequest, HttpResponse, TransportError};

#[wasm_bindgen(inline_js = r#"
export async function clerkEdgeRequest(url, method, headers, body, timeoutMs, maxBytes) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await globalThis.fetch(url, { method, headers, body, signal: controller.signal, redirect: 'manual' });
    const chunks = [];
    let size = 0;
    if (res.body) {
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > maxBytes) {
          await reader.cancel().catch(() => {});
          return { error: 'too-large' };
        }
        chunks.push(value);
      }
    }
    const out = new Uint8Array(size);
    let offset = 0;
    for (const c of chunks) { out.set(c, offset); offset += c.byteLength; }
    return { status: res.status, headers: [...res.headers], body: out };
  } catch (e) {
    if (controller.signal.aborted) return { error: 'timeout' };
    return { error: 'network', message: String((e && e.name) || 'error') };
  } finally {
    clearTimeout(timer);
  }
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = clerkEdgeRequest)]
    fn host_request(
        url: &str,
        method: &str,
        headers: &Array,
        body: JsValue,
        timeout_ms: u32,
        max_bytes: u32,
    ) -> Promise;
}

fn field(obj: &JsValue, name: &str) -> JsValue {
    Reflect::get(obj, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

/// Sends `request` through the host's `fetch`, aborting after `timeout_ms` and refusing bodies over `max_bytes`.
pub(crate) async fn send(
    request: &HttpRequest,
    timeout_ms: u32,
    max_bytes: usize,
) -> Result<HttpResponse, TransportError> {
    let headers = Array::new();
    for (name, value) in &request.headers {
        headers.push(&Array::of2(&name.into(), &value.into()));
    }
    let body = match &request.body {
        Some(b) => Uint8Array::from(b.as_slice()).into(),
        None => JsValue::UNDEFINED,
    };
    let cap = u32::try_from(max_bytes).unwrap_or(u32::MAX);
    let out = JsFuture::from(host_request(
        &request.url,
        request.method,
        &headers,
        body,
        timeout_ms.max(1),
        cap,
    ))
    .await
    .map_err(|_| TransportError::Network("fetch failed".into()))?;
    match field(&out, "error").as_string().as_deref() {
        Some("timeout") => return Err(TransportError::Timeout),
        Some("too-large") => return Err(TransportError::TooLarge(max_bytes)),
        Some(_) => {
            let name = field(&out, "message").as_string().unwrap_or_default();
            return Err(TransportError::Network(name.chars().take(64).collect()));
        }
        None => {}
    }
    let headers = Array::from(&field(&out, "headers"))
        .iter()
        .filter_map(|pair| {
            let pair = Array::from(&pair);
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect();
    Ok(HttpResponse {
        status: field(&out, "status").as_f64().unwrap_or(0.0) as u16,
        headers,
        body: Uint8Array::new(&field(&out, "body")).to_vec(),
    })
}

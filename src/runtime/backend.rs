//! The Backend API client's host leaves: the runtime's global `fetch` (see `fetch.rs`: timeout,
//! body cap) as its [`HttpClient`], and clock/sleep/randomness for retries. The same leaves serve
//! every JS host, Cloudflare Workers included (features `worker,backend`).

use wasm_bindgen_futures::JsFuture;

use crate::backend::{HttpClient, RetryEnv};
use crate::http::{HttpRequest, HttpResponse, TransportError};

/// Default per-attempt timeout of Backend API requests.
pub const DEFAULT_TIMEOUT_MS: u32 = 10_000;
/// Largest Backend API answer accepted (a page of 500 users is a few MB).
pub const MAX_ANSWER_BYTES: u32 = 16 * 1024 * 1024;

/// The host's global `fetch` (bound to `globalThis`) as the client's [`HttpClient`].
#[derive(Debug, Clone, Copy)]
pub struct HostHttp {
    /// Per-attempt timeout; the request is aborted after it.
    pub timeout_ms: u32,
}

impl Default for HostHttp {
    fn default() -> Self {
        Self {
            timeout_ms: DEFAULT_TIMEOUT_MS,
        }
    }
}

impl HttpClient for HostHttp {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        super::fetch::send(&request, self.timeout_ms, MAX_ANSWER_BYTES as usize).await
    }
}

/// The host's `Date.now`, `Math.random` and `setTimeout` as the client's [`RetryEnv`].
#[derive(Debug, Clone, Copy, Default)]
pub struct HostClock;

impl RetryEnv for HostClock {
    fn now_ms(&self) -> u64 {
        js_sys::Date::now() as u64
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }

    async fn sleep(&self, ms: u64) {
        let ms = u32::try_from(ms).unwrap_or(u32::MAX);
        let _ = JsFuture::from(super::host_sleep(ms)).await;
    }
}

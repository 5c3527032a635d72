//! The Backend API client inside Cloudflare Workers: the `worker` crate's fetch as an
//! [`HttpClient`] and its timers as a [`RetryEnv`] (features `worker` + `backend`).
//!
//! ```ignore
//! let client = ClerkClient::new(ClientConfig::new(secret), WorkerHttp::default())
//!     .with_retries(RetryPolicy::default(), WorkerClock);
//! let user = client.users().get("user_123").await?;
//! ```

use std::future::{poll_fn, Future};
use std::pin::pin;
use std::task::Poll;
use std::time::Duration;

use js_sys::Uint8Array;
use worker::{
    AbortController, AbortSignal, Delay, Fetch, Headers, Method, Request, RequestInit,
    RequestRedirect,
};

use super::backend::{DEFAULT_TIMEOUT_MS, MAX_ANSWER_BYTES};
use crate::backend::{HttpClient, RetryEnv};
use crate::http::{HttpRequest, HttpResponse, TransportError};

/// The `worker` crate's `Fetch` with a per-attempt timeout and a cap on the answer's size.
#[derive(Debug, Clone, Copy)]
pub struct WorkerHttp {
    /// Per-attempt timeout (request and body); the request is aborted after it.
    pub timeout_ms: u32,
    /// Largest answer accepted, in bytes.
    pub max_bytes: usize,
}

impl Default for WorkerHttp {
    fn default() -> Self {
        Self {
            timeout_ms: DEFAULT_TIMEOUT_MS,
            max_bytes: MAX_ANSWER_BYTES as usize,
        }
    }
}

fn network(e: worker::Error) -> TransportError {
    // Only the error's kind: messages may echo the URL or headers.
    let kind = match e {
        worker::Error::JsError(_) | worker::Error::Internal(_) => "fetch failed",
        _ => "request could not be built",
    };
    TransportError::Network(kind.into())
}

impl WorkerHttp {
    async fn attempt(
        &self,
        request: HttpRequest,
        signal: AbortSignal,
    ) -> Result<HttpResponse, TransportError> {
        let headers = Headers::new();
        for (name, value) in &request.headers {
            headers.set(name, value).map_err(network)?;
        }
        let mut init = RequestInit::new();
        init.with_method(Method::from(request.method.to_string()))
            .with_headers(headers)
            .with_redirect(RequestRedirect::Manual);
        if let Some(body) = &request.body {
            init.with_body(Some(Uint8Array::from(body.as_slice()).into()));
        }
        let req = Request::new_with_init(&request.url, &init).map_err(network)?;
        let mut resp = Fetch::Request(req)
            .send_with_signal(&signal)
            .await
            .map_err(network)?;
        let declared = resp.headers().get("content-length").ok().flatten();
        if declared
            .and_then(|l| l.parse::<usize>().ok())
            .is_some_and(|l| l > self.max_bytes)
        {
            return Err(TransportError::TooLarge(self.max_bytes));
        }
        let body = resp.bytes().await.map_err(network)?;
        if body.len() > self.max_bytes {
            return Err(TransportError::TooLarge(self.max_bytes));
        }
        Ok(HttpResponse {
            status: resp.status_code(),
            headers: resp.headers().entries().collect(),
            body,
        })
    }
}

impl HttpClient for WorkerHttp {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let controller = AbortController::default();
        let mut fetch = pin!(self.attempt(request, controller.signal()));
        let mut timer = pin!(Delay::from(Duration::from_millis(self.timeout_ms.into())));
        let outcome = poll_fn(|cx| {
            if let Poll::Ready(r) = fetch.as_mut().poll(cx) {
                return Poll::Ready(Some(r));
            }
            timer.as_mut().poll(cx).map(|()| None)
        })
        .await;
        match outcome {
            Some(result) => result,
            None => {
                controller.abort();
                Err(TransportError::Timeout)
            }
        }
    }
}

/// Workers' `Date.now`, `Math.random` and timers as the client's [`RetryEnv`].
#[derive(Debug, Clone, Copy, Default)]
pub struct WorkerClock;

impl RetryEnv for WorkerClock {
    fn now_ms(&self) -> u64 {
        worker::Date::now().as_millis()
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }

    async fn sleep(&self, ms: u64) {
        Delay::from(Duration::from_millis(ms)).await;
    }
}

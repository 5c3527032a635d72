//! The Backend API client: settings, the `HttpClient` seam, and the retrying call loop.

use super::error::BackendError;
use super::retry::{NoRetry, RetryEnv, RetryPolicy};
use crate::http::{HttpRequest, HttpResponse, TransportError};
use crate::jwks::source::{CLERK_API_VERSION_HEADER, DEFAULT_API_URL, DEFAULT_API_VERSION};

/// Sends one HTTP request; implemented by each runtime (global `fetch`, the `worker` crate, tests).
///
/// No `Send` bound: wasm hosts are single-threaded and their futures are `!Send`.
#[allow(async_fn_in_trait)]
pub trait HttpClient {
    /// Sends `request` and returns the answer, whatever its status.
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError>;
}

impl<T: HttpClient + ?Sized> HttpClient for &T {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        (**self).send(request).await
    }
}

/// Where and how to reach the Backend API.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientConfig {
    /// `sk_…` (sent as `Authorization: Bearer`; never logged, never in errors).
    pub secret_key: String,
    /// API origin without a trailing slash (`CLERK_API_URL`, default `https://api.clerk.com`).
    pub api_url: String,
    /// Version path segment (`CLERK_API_VERSION`, default `v1`).
    pub api_version: String,
    /// `Clerk-API-Version` header: the spec version the generated code was made from.
    pub clerk_api_version: String,
}

impl std::fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientConfig")
            .field("secret_key", &"[redacted]")
            .field("api_url", &self.api_url)
            .field("api_version", &self.api_version)
            .field("clerk_api_version", &self.clerk_api_version)
            .finish()
    }
}

impl ClientConfig {
    /// Settings for `secret_key` with the default URL and versions.
    pub fn new(secret_key: impl Into<String>) -> Self {
        Self {
            secret_key: secret_key.into(),
            api_url: DEFAULT_API_URL.to_string(),
            api_version: DEFAULT_API_VERSION.to_string(),
            clerk_api_version: CLERK_API_VERSION_HEADER.to_string(),
        }
    }

    /// Sets the API origin (a trailing `/` is dropped).
    pub fn with_api_url(mut self, api_url: impl Into<String>) -> Self {
        self.api_url = api_url.into().trim_end_matches('/').to_string();
        self
    }

    /// Sets the version path segment (surrounding `/` are dropped).
    pub fn with_api_version(mut self, api_version: impl Into<String>) -> Self {
        self.api_version = api_version.into().trim_matches('/').to_string();
        self
    }
}

/// A Backend API client over an [`HttpClient`]; resource groups hang off it (`client.users()`).
///
/// `E` supplies clock, sleep and randomness for retries; without [`ClerkClient::with_retries`]
/// the client makes exactly one attempt per call.
#[derive(Debug, Clone)]
pub struct ClerkClient<H, E = NoRetry> {
    config: ClientConfig,
    http: H,
    retry: RetryPolicy,
    env: E,
}

impl<H: HttpClient> ClerkClient<H> {
    /// A client with `config`, sending through `http`, without retries.
    pub fn new(config: ClientConfig, http: H) -> Self {
        Self {
            config,
            http,
            retry: RetryPolicy::disabled(),
            env: NoRetry,
        }
    }
}

impl<H: HttpClient, E: RetryEnv> ClerkClient<H, E> {
    /// The same client, retrying by `policy` with `env`'s clock, sleep and randomness.
    pub fn with_retries<E2: RetryEnv>(self, policy: RetryPolicy, env: E2) -> ClerkClient<H, E2> {
        ClerkClient {
            config: self.config,
            http: self.http,
            retry: policy,
            env,
        }
    }

    /// The settings requests are built from.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The retry policy in force.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The underlying HTTP client.
    pub fn http(&self) -> &H {
        &self.http
    }

    /// Sends `request`, retrying per the policy; returns the final answer of any status.
    pub async fn execute(&self, request: HttpRequest) -> Result<HttpResponse, BackendError> {
        let started = self.env.now_ms();
        let mut attempt = 1;
        loop {
            let outcome = self.http.send(request.clone()).await;
            let elapsed = self.env.now_ms().saturating_sub(started);
            match self.retry.decide(
                request.method,
                attempt,
                &outcome,
                elapsed,
                self.env.random(),
            ) {
                Some(wait) => {
                    self.env.sleep(wait).await;
                    attempt += 1;
                }
                None => return outcome.map_err(BackendError::Transport),
            }
        }
    }

    /// Sends `request` and parses the answer with `parse` (the pure half of an operation).
    pub async fn call<T>(
        &self,
        request: HttpRequest,
        parse: fn(&HttpResponse) -> Result<T, BackendError>,
    ) -> Result<T, BackendError> {
        let resp = self.execute(request).await?;
        parse(&resp)
    }
}

//! What resolving keys asks of its host: the network, a persistent store, a clock, timers,
//! randomness for jitter and a log (the Worker, the JS package and native tests each answer it).

use crate::http::{HttpRequest, HttpResponse, TransportError};

/// What the flow needs from its host. Implementations never panic and swallow store errors.
#[allow(async_fn_in_trait)]
pub trait JwksRuntime {
    /// Sends `request`, aborting after `timeout_ms`; the body must be capped by the implementation.
    async fn fetch(
        &self,
        request: &HttpRequest,
        timeout_ms: u32,
    ) -> Result<HttpResponse, TransportError>;
    /// Reads `key` from the persistent store (`None` when absent, unavailable or failing).
    async fn store_get(&self, key: &str) -> Option<String>;
    /// Writes `key` to the persistent store (best effort).
    async fn store_put(&self, key: &str, value: &str);
    /// Waits `ms` milliseconds.
    async fn sleep(&self, ms: u32);
    /// The current time in ms since the epoch.
    fn now_ms(&self) -> f64;
    /// A uniform random number in [0, 1) for jitter.
    fn random(&self) -> f64;
    /// Logs a warning (never containing secrets).
    fn warn(&self, message: &str);
}

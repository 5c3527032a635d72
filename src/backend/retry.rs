//! Retry policy for Backend API calls (pure decisions) and the clock/sleep/random it needs.
//!
//! What is retried:
//! - **429** for every method, waiting `Retry-After` seconds when sent (else the backoff);
//!   a `Retry-After` longer than [`RetryPolicy::max_retry_after_ms`] is not waited for.
//! - **5xx** answers and **transport errors** (network, timeout) for idempotent methods only
//!   (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`): a `POST`/`PATCH` may have been applied.
//!
//! Backoff is exponential with "equal jitter": attempt *n* waits between half and all of
//! `min(max_delay_ms, base_delay_ms · 2^(n-1))`. Attempts are bounded by
//! [`RetryPolicy::max_attempts`] and the total time by [`RetryPolicy::max_elapsed_ms`]: a retry
//! whose wait would end past that budget is not made, and the last error is returned.

use crate::http::{HttpResponse, TransportError};

/// How many times, and how patiently, failed calls are retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in total, the first included (`1` disables retries).
    pub max_attempts: u32,
    /// Backoff base delay.
    pub base_delay_ms: u64,
    /// Backoff cap per wait.
    pub max_delay_ms: u64,
    /// Budget for the whole call, waits included.
    pub max_elapsed_ms: u64,
    /// Longest `Retry-After` that is honoured; longer ones end the call with the 429.
    pub max_retry_after_ms: u64,
}

impl Default for RetryPolicy {
    /// 4 attempts, 300 ms base, 5 s cap per wait, 30 s in total, `Retry-After` up to 20 s.
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_delay_ms: 300,
            max_delay_ms: 5_000,
            max_elapsed_ms: 30_000,
            max_retry_after_ms: 20_000,
        }
    }
}

impl RetryPolicy {
    /// No retries: one attempt.
    pub const fn disabled() -> Self {
        Self {
            max_attempts: 1,
            base_delay_ms: 0,
            max_delay_ms: 0,
            max_elapsed_ms: u64::MAX,
            max_retry_after_ms: 0,
        }
    }

    /// Whether to retry after `attempt` (1-based) ended with `outcome`, and how long to wait.
    ///
    /// `elapsed_ms` is the time since the call started; `random` is uniform in `[0, 1)`.
    pub fn decide(
        &self,
        method: &str,
        attempt: u32,
        outcome: &Result<HttpResponse, TransportError>,
        elapsed_ms: u64,
        random: f64,
    ) -> Option<u64> {
        if attempt >= self.max_attempts {
            return None;
        }
        let backoff = || {
            let exp = self
                .base_delay_ms
                .saturating_mul(1u64 << (attempt - 1).min(30))
                .min(self.max_delay_ms);
            let half = exp / 2;
            half + ((exp - half) as f64 * random.clamp(0.0, 1.0)) as u64
        };
        let idempotent = matches!(method, "GET" | "HEAD" | "PUT" | "DELETE" | "OPTIONS");
        let wait = match outcome {
            Ok(resp) if resp.status == 429 => match super::error::retry_after(resp) {
                Some(secs) => {
                    let ms = secs.saturating_mul(1000);
                    if ms > self.max_retry_after_ms {
                        return None;
                    }
                    ms
                }
                None => backoff(),
            },
            Ok(resp) if resp.status >= 500 && idempotent => backoff(),
            Ok(_) => return None,
            Err(TransportError::TooLarge(_)) => return None,
            Err(_) if idempotent => backoff(),
            Err(_) => return None,
        };
        (elapsed_ms.saturating_add(wait) < self.max_elapsed_ms).then_some(wait)
    }
}

/// Clock, sleep and randomness for retries; injected so the core stays sans-IO and testable.
#[allow(async_fn_in_trait)]
pub trait RetryEnv {
    /// Milliseconds on a monotonic-enough clock (only differences are used).
    fn now_ms(&self) -> u64;
    /// A uniform random number in `[0, 1)` for jitter.
    fn random(&self) -> f64;
    /// Waits `ms` milliseconds.
    async fn sleep(&self, ms: u64);
}

/// The environment of a client without retries: no clock, no waiting.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoRetry;

impl RetryEnv for NoRetry {
    fn now_ms(&self) -> u64 {
        0
    }
    fn random(&self) -> f64 {
        0.5
    }
    async fn sleep(&self, _ms: u64) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(s: u16, retry_after: Option<&str>) -> Result<HttpResponse, TransportError> {
        Ok(HttpResponse {
            status: s,
            headers: retry_after
                .map(|v| vec![("retry-after".to_string(), v.to_string())])
                .unwrap_or_default(),
            body: vec![],
        })
    }

    #[test]
    fn decisions() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.decide("POST", 1, &status(429, Some("2")), 0, 0.0),
            Some(2000)
        );
        assert_eq!(p.decide("POST", 1, &status(429, Some("99")), 0, 0.0), None);
        assert_eq!(p.decide("POST", 1, &status(500, None), 0, 0.0), None);
        assert_eq!(p.decide("GET", 1, &status(503, None), 0, 0.0), Some(150));
        assert_eq!(p.decide("GET", 2, &status(503, None), 0, 1.0), Some(600));
        assert_eq!(p.decide("GET", 4, &status(503, None), 0, 0.0), None);
        assert_eq!(p.decide("GET", 1, &status(404, None), 0, 0.0), None);
        let net = Err(TransportError::Network("reset".into()));
        assert_eq!(p.decide("DELETE", 1, &net, 0, 0.0), Some(150));
        assert_eq!(p.decide("PATCH", 1, &net, 0, 0.0), None);
        assert_eq!(p.decide("GET", 1, &net, 29_900, 0.0), None);
        assert_eq!(RetryPolicy::disabled().decide("GET", 1, &net, 0, 0.0), None);
    }
}

//! The guard's per-client limit on Backend API verifications of opaque machine tokens, so made-up
//! tokens from one client cannot turn into unbounded billed calls. A fixed window per client
//! address, in isolate memory (each isolate counts for itself; documented).

use std::collections::HashMap;

/// Most clients tracked; the table is cleared when full (a flood of addresses resets the counts).
pub const MAX_CLIENTS: usize = 10_000;
/// Default verifications per client per window.
pub const DEFAULT_LIMIT: u32 = 60;
/// The window, in ms.
pub const WINDOW_MS: f64 = 60_000.0;

/// Counts verifications per client in fixed windows.
#[derive(Debug, Clone)]
pub struct RateLimiter {
    limit: u32,
    clients: HashMap<String, (f64, u32)>,
}

impl RateLimiter {
    /// A limiter allowing `limit` verifications per client per minute (`0`: no limit).
    pub fn new(limit: u32) -> Self {
        Self {
            limit,
            clients: HashMap::new(),
        }
    }

    /// The configured limit per minute (`0`: none).
    pub fn limit(&self) -> u32 {
        self.limit
    }

    /// Counts one verification for `client` at `now_ms`; `Err(seconds)` when over the limit, with
    /// the seconds until its window ends (at least 1).
    pub fn check(&mut self, client: &str, now_ms: f64) -> Result<(), u32> {
        if self.limit == 0 {
            return Ok(());
        }
        if self.clients.len() >= MAX_CLIENTS && !self.clients.contains_key(client) {
            self.clients.clear();
        }
        let entry = self
            .clients
            .entry(client.to_string())
            .or_insert((now_ms, 0));
        if !(now_ms - entry.0 < WINDOW_MS && now_ms >= entry.0) {
            *entry = (now_ms, 0);
        }
        if entry.1 >= self.limit {
            let left = (entry.0 + WINDOW_MS - now_ms) / 1000.0;
            return Err(left.ceil().clamp(1.0, 60.0) as u32);
        }
        entry.1 += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_each_client_per_window() {
        let mut limiter = RateLimiter::new(2);
        assert_eq!(limiter.check("a", 0.0), Ok(()));
        assert_eq!(limiter.check("a", 1_000.0), Ok(()));
        assert_eq!(limiter.check("a", 1_500.0), Err(59));
        assert_eq!(limiter.check("b", 1_500.0), Ok(()));
        assert_eq!(limiter.check("a", 60_000.0), Ok(()));
        assert_eq!(limiter.check("a", f64::NAN), Ok(()));
        let mut off = RateLimiter::new(0);
        assert!((0..1000).all(|i| off.check("a", i as f64).is_ok()));
    }
}

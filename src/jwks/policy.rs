//! JWKS cache policy: pure decisions over ages and attempts, `now` passed in.
//!
//! - Keys are fresh for [`MAX_AGE_MS`] (10 min, as jose) after a successful fetch.
//! - An unknown `kid` triggers a refetch only when the last attempt is older than
//!   [`COOLDOWN_MS`] (30 s, as jose); otherwise it fails fast with no network call,
//!   so forged-`kid` floods cost at most one fetch per cooldown window.
//! - When a fetch fails, keys up to [`MAX_AGE_MS`] + [`STALE_GRACE_MS`] old
//!   (6 h) keep being served, with a warning; after that verification fails.
//! - A failed attempt also starts a cooldown, so an outage with no keys fails
//!   fast instead of hammering the endpoint on every request.
//! - Timestamps up to [`MAX_CLOCK_SKEW_MS`] in the future count as age 0 (clocks
//!   of isolates differ a little); later ones count as unknown, so a planted or
//!   corrupt far-future `fetchedAt` can never make keys fresh forever.

/// How long fetched keys are used without refetching.
pub const MAX_AGE_MS: f64 = 10.0 * 60.0 * 1000.0;
/// Minimum time between two fetch attempts for the same instance.
pub const COOLDOWN_MS: f64 = 30.0 * 1000.0;
/// How long past [`MAX_AGE_MS`] keys are still served while the endpoint is failing.
pub const STALE_GRACE_MS: f64 = 6.0 * 60.0 * 60.0 * 1000.0;

/// Expiry of a snapshot in a store that supports one (Workers KV `expirationTtl`): 24 h.
///
/// At least [`MAX_AGE_MS`] + [`STALE_GRACE_MS`] (6 h 10 min), so a snapshot never expires while
/// it may still be served; every fetch rewrites it (and its expiry), so only entries of retired
/// instances or rotated secret keys expire.
pub const STORE_TTL_SECONDS: u32 = 24 * 60 * 60;
const _: () = assert!(STORE_TTL_SECONDS as f64 * 1000.0 >= MAX_AGE_MS + STALE_GRACE_MS);

/// How far in the future a timestamp may be (clock skew between isolates) and still count as age 0.
pub const MAX_CLOCK_SKEW_MS: f64 = 60.0 * 1000.0;

/// Whether `t` (ms since the epoch) is further in the future than the allowed clock skew.
pub fn is_beyond_skew(t: f64, now_ms: f64) -> bool {
    t > now_ms + MAX_CLOCK_SKEW_MS
}

/// What the cache knows about one instance.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct CacheState {
    /// When the keys in hand were fetched (none in hand: `None`).
    pub fetched_at_ms: Option<f64>,
    /// When a fetch was last attempted (successful or not).
    pub last_attempt_ms: Option<f64>,
    /// Whether the keys in hand include the token's `kid`.
    pub kid_known: bool,
}

/// What to do for a lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// Use the keys in hand (their `kid` lookup decides the verdict).
    UseCached,
    /// Fetch the JWKS now.
    Fetch,
    /// No usable keys and an attempt failed recently: fail without a network call.
    FailNoKeys,
}

fn age(since: Option<f64>, now_ms: f64) -> Option<f64> {
    // Slightly in the future (clock skew between isolates): age 0.
    // Non-finite or beyond the skew: unknown, as if there were no timestamp.
    since
        .filter(|t| t.is_finite() && !is_beyond_skew(*t, now_ms))
        .map(|t| (now_ms - t).max(0.0))
}

/// Decides how to serve a lookup from `state` at `now_ms`.
pub fn plan(state: &CacheState, now_ms: f64) -> Plan {
    let cooling = age(state.last_attempt_ms, now_ms).is_some_and(|a| a < COOLDOWN_MS);
    match age(state.fetched_at_ms, now_ms) {
        None if cooling => Plan::FailNoKeys,
        None => Plan::Fetch,
        Some(a) if a < MAX_AGE_MS && state.kid_known => Plan::UseCached,
        Some(a) if cooling => {
            if a < MAX_AGE_MS + STALE_GRACE_MS {
                // Unknown kid within the cooldown → fail fast via the kid lookup; stale keys still serve.
                Plan::UseCached
            } else {
                Plan::FailNoKeys
            }
        }
        Some(_) => Plan::Fetch,
    }
}

/// After a failed fetch: whether the keys in hand may still be served.
pub fn stale_usable(fetched_at_ms: Option<f64>, now_ms: f64) -> bool {
    age(fetched_at_ms, now_ms).is_some_and(|a| a < MAX_AGE_MS + STALE_GRACE_MS)
}

/// Backoff before retry number `attempt` (1-based): 100 ms × 2^(attempt-1), jittered ×0.5–1.5.
pub fn backoff_ms(attempt: u32, random01: f64) -> f64 {
    let base = 100.0 * f64::from(1u32 << attempt.saturating_sub(1).min(6));
    let jitter = if random01.is_finite() {
        random01.clamp(0.0, 1.0)
    } else {
        0.5
    };
    base * (0.5 + jitter)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(fetched: Option<f64>, attempt: Option<f64>, kid_known: bool) -> CacheState {
        CacheState {
            fetched_at_ms: fetched,
            last_attempt_ms: attempt,
            kid_known,
        }
    }

    #[test]
    fn cold_cache_fetches_unless_an_attempt_just_failed() {
        assert_eq!(plan(&state(None, None, false), 0.0), Plan::Fetch);
        assert_eq!(
            plan(&state(None, Some(1_000.0), false), 20_000.0),
            Plan::FailNoKeys
        );
        assert_eq!(
            plan(&state(None, Some(1_000.0), false), 31_000.0),
            Plan::Fetch
        );
    }

    #[test]
    fn fresh_keys_serve_known_kids_and_unknown_kids_respect_the_cooldown() {
        let t = 1_000_000.0;
        assert_eq!(
            plan(&state(Some(t), Some(t), true), t + 1_000.0),
            Plan::UseCached
        );
        // Unknown kid 10 s after a fetch: no network, the lookup fails (kid mismatch).
        assert_eq!(
            plan(&state(Some(t), Some(t), false), t + 10_000.0),
            Plan::UseCached
        );
        // Unknown kid after the cooldown: one refetch.
        assert_eq!(
            plan(&state(Some(t), Some(t), false), t + COOLDOWN_MS),
            Plan::Fetch
        );
    }

    #[test]
    fn old_keys_are_refetched_and_served_stale_only_within_the_grace() {
        let t = 0.0;
        assert_eq!(
            plan(&state(Some(t), Some(t), true), MAX_AGE_MS),
            Plan::Fetch
        );
        let failed_at = MAX_AGE_MS + 1.0;
        assert_eq!(
            plan(&state(Some(t), Some(failed_at), true), failed_at + 5.0),
            Plan::UseCached
        );
        assert!(stale_usable(Some(t), MAX_AGE_MS + STALE_GRACE_MS - 1.0));
        assert!(!stale_usable(Some(t), MAX_AGE_MS + STALE_GRACE_MS));
        assert!(!stale_usable(None, 0.0));
        let late = MAX_AGE_MS + STALE_GRACE_MS + 10.0;
        assert_eq!(
            plan(&state(Some(t), Some(late - 5.0), true), late),
            Plan::FailNoKeys
        );
    }

    #[test]
    fn future_timestamps_count_as_age_zero_only_within_the_skew() {
        let now = 1_000_000_000.0;
        // A little ahead (another isolate's clock): fresh.
        let ahead = now + MAX_CLOCK_SKEW_MS;
        assert_eq!(
            plan(&state(Some(ahead), Some(ahead), true), now),
            Plan::UseCached
        );
        assert!(stale_usable(Some(ahead), now));
        // Far ahead (planted or corrupt): unknown, so the keys are refetched and never served stale.
        for future in [now + MAX_CLOCK_SKEW_MS + 1.0, 5e12, 1e15] {
            assert_eq!(
                plan(&state(Some(future), Some(future), true), now),
                Plan::Fetch
            );
            assert_eq!(
                plan(&state(Some(future), Some(future), false), now),
                Plan::Fetch
            );
            assert!(!stale_usable(Some(future), now));
        }
        // A far-future attempt time does not start an endless cooldown either.
        assert_eq!(plan(&state(None, Some(1e15), false), now), Plan::Fetch);
    }

    #[test]
    fn nan_and_extreme_values_never_panic_or_loop() {
        assert_eq!(plan(&state(Some(f64::NAN), None, true), 0.0), Plan::Fetch);
        assert!(backoff_ms(1, f64::NAN) > 0.0);
        assert!(backoff_ms(40, 1.0) <= 100.0 * 64.0 * 1.5);
    }
}

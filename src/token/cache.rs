//! A bounded cache of verified tokens, so a token seen again skips parsing and signature checks.
//!
//! Entries are keyed by the token itself together with a SHA-256 over
//! everything else that affects the verdict (key identity, authorized parties,
//! audience, clock skew) — the "context", computed once per configuration — and
//! expire at the token's `exp` + skew: a cached answer is never served for a
//! token that verification would now call expired. Only successes are cached,
//! and only tokens up to [`MAX_CACHED_TOKEN_BYTES`] long.
//!
//! Keeping the token rather than a digest of it makes a lookup cost one hash
//! of the token for the map, instead of a SHA-256 over it (which is most of a
//! cached request's time in wasm); equality is exact, so no collision can
//! serve one token's claims for another.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use crate::token::checks::ClaimOptions;

/// Default number of entries kept.
pub const DEFAULT_CAPACITY: usize = 1024;
/// Longest token cached (Clerk session tokens are about 1 KB; cookies cap at 4 KB).
pub const MAX_CACHED_TOKEN_BYTES: usize = 4096;

/// A digest of the key and the claim options of one configuration (see [`cache_context`]).
pub type CacheContext = [u8; 32];

/// Identifies one (token, key, options) verification.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CacheKey {
    context: CacheContext,
    token: Box<str>,
}

impl CacheKey {
    /// The key of verifying `token` in `context`.
    pub fn new(context: &CacheContext, token: &str) -> Self {
        Self {
            context: *context,
            token: token.into(),
        }
    }
}

/// The digest of verifying with the key whose SPKI digest (or JWKS scope) is `key_id` under `options`.
pub fn cache_context(key_id: &[u8], options: &ClaimOptions) -> CacheContext {
    let mut h = Sha256::new();
    let field = |h: &mut Sha256, bytes: &[u8]| {
        h.update((bytes.len() as u64).to_be_bytes());
        h.update(bytes);
    };
    field(&mut h, key_id);
    field(&mut h, &options.clock_skew_ms.to_be_bytes());
    field(
        &mut h,
        &(options.authorized_parties.len() as u64).to_be_bytes(),
    );
    for party in &options.authorized_parties {
        field(&mut h, party.as_bytes());
    }
    match &options.audience {
        None => field(&mut h, b"no-audience"),
        Some(list) => {
            field(&mut h, &(list.len() as u64).to_be_bytes());
            for aud in list {
                field(&mut h, aud.as_bytes());
            }
        }
    }
    h.finalize().into()
}

/// The cache key of verifying `token` with the key `key_id` under `options` ([`cache_context`] + token).
pub fn cache_key(token: &str, key_id: &[u8], options: &ClaimOptions) -> CacheKey {
    CacheKey::new(&cache_context(key_id, options), token)
}

/// A bounded map from [`CacheKey`] to a verified result, with per-entry expiry.
#[derive(Debug)]
pub struct VerifiedCache<V> {
    entries: HashMap<CacheKey, (V, f64)>,
    capacity: usize,
}

impl<V: Clone> VerifiedCache<V> {
    /// An empty cache holding at most `capacity` entries (0 disables caching).
    pub fn new(capacity: usize) -> Self {
        Self {
            entries: HashMap::new(),
            capacity,
        }
    }

    /// The cached value for `key`, if present and still valid at `now_ms`.
    pub fn get(&mut self, key: &CacheKey, now_ms: f64) -> Option<V> {
        match self.entries.get(key) {
            Some((value, valid_until_ms)) if now_ms < *valid_until_ms => Some(value.clone()),
            Some(_) => {
                self.entries.remove(key);
                None
            }
            None => None,
        }
    }

    /// Stores `value`, valid while `now_ms < exp_s * 1000 + skew_ms`. When full, expired entries
    /// are dropped first, then everything (cheap, bounded, no ordering bookkeeping).
    pub fn insert(&mut self, key: CacheKey, value: V, exp_s: f64, skew_ms: u64, now_ms: f64) {
        if self.capacity == 0 || key.token.len() > MAX_CACHED_TOKEN_BYTES {
            return;
        }
        let valid_until_ms = exp_s * 1000.0 + skew_ms as f64;
        // Also refuses NaN: only a strictly later expiry is worth storing.
        if valid_until_ms.partial_cmp(&now_ms) != Some(std::cmp::Ordering::Greater) {
            return;
        }
        if self.entries.len() >= self.capacity {
            self.entries.retain(|_, (_, until)| now_ms < *until);
            if self.entries.len() >= self.capacity {
                self.entries.clear();
            }
        }
        self.entries.insert(key, (value, valid_until_ms));
    }

    /// Number of entries currently stored (expired ones included until touched).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the cache holds no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_serves_past_exp_plus_skew() {
        let mut cache = VerifiedCache::new(4);
        let key = cache_key("t", b"k", &ClaimOptions::default());
        cache.insert(key.clone(), 1, 100.0, 5_000, 90_000.0);
        assert_eq!(cache.get(&key, 104_999.0), Some(1));
        assert_eq!(cache.get(&key, 105_000.0), None);
        assert!(cache.is_empty());
    }

    #[test]
    fn keys_depend_on_every_verdict_input() {
        let base = ClaimOptions::default();
        let k = cache_key("t", b"k", &base);
        assert_ne!(k, cache_key("t2", b"k", &base));
        assert_ne!(k, cache_key("t", b"k2", &base));
        let skew = ClaimOptions {
            clock_skew_ms: 1,
            ..base.clone()
        };
        assert_ne!(k, cache_key("t", b"k", &skew));
        let azp = ClaimOptions {
            authorized_parties: vec!["a".into()],
            ..base.clone()
        };
        assert_ne!(k, cache_key("t", b"k", &azp));
        let aud = ClaimOptions {
            audience: Some(vec![]),
            ..base.clone()
        };
        assert_ne!(k, cache_key("t", b"k", &aud));
        // Length-prefixing keeps ["ab"] and ["a","b"] apart.
        let ab = ClaimOptions {
            authorized_parties: vec!["ab".into()],
            ..base.clone()
        };
        let a_b = ClaimOptions {
            authorized_parties: vec!["a".into(), "b".into()],
            ..base
        };
        assert_ne!(cache_key("t", b"k", &ab), cache_key("t", b"k", &a_b));
    }

    fn key(i: u8) -> CacheKey {
        CacheKey::new(&[i; 32], "token")
    }

    #[test]
    fn stays_bounded_and_can_be_disabled() {
        let mut cache = VerifiedCache::new(3);
        for i in 0..10u8 {
            cache.insert(key(i), i, 1e9, 0, 0.0);
            assert!(cache.len() <= 3);
        }
        let mut off = VerifiedCache::new(0);
        off.insert(key(0), 0, 1e9, 0, 0.0);
        assert_eq!(off.get(&key(0), 0.0), None);
    }

    #[test]
    fn over_long_tokens_are_not_cached() {
        let mut cache = VerifiedCache::new(3);
        let context = cache_context(b"k", &ClaimOptions::default());
        let longest = "t".repeat(MAX_CACHED_TOKEN_BYTES);
        let too_long = "t".repeat(MAX_CACHED_TOKEN_BYTES + 1);
        cache.insert(CacheKey::new(&context, &longest), 1, 1e9, 0, 0.0);
        cache.insert(CacheKey::new(&context, &too_long), 2, 1e9, 0, 0.0);
        assert_eq!(cache.get(&CacheKey::new(&context, &longest), 0.0), Some(1));
        assert_eq!(cache.get(&CacheKey::new(&context, &too_long), 0.0), None);
    }
}

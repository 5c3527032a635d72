//! Resolving an instance's keys through isolate memory → a persistent store → the network.
//!
//! Generic over [`JwksRuntime`], so the Worker (KV + `fetch`), the JS package
//! (any `{get, put}` store + global `fetch`) and native tests share one flow.
//! No future is shared between calls: each call does at most one fetch (with
//! bounded retries), which is what workerd requires across requests.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::policy::{backoff_ms, is_beyond_skew, plan, stale_usable, CacheState, Plan};
use super::source::{parse_jwks_response, JwksSource};
use crate::error::JwksError;
use crate::http::TransportError;
use crate::keys::{KeyError, KeySet};

pub use super::host::JwksRuntime;

/// Total time budget for one fetch including retries.
pub const FETCH_BUDGET_MS: f64 = 5_000.0;
/// Attempts per fetch (first try + retries).
pub const MAX_ATTEMPTS: u32 = 3;

/// The persisted form of a fetched JWKS.
#[derive(Serialize, Deserialize)]
struct Snapshot {
    v: u8,
    #[serde(rename = "fetchedAt")]
    fetched_at: f64,
    jwks: String,
}

/// One instance's keys in isolate memory.
#[derive(Clone, Default)]
struct Entry {
    keys: Option<Rc<KeySet>>,
    fetched_at_ms: Option<f64>,
    last_attempt_ms: Option<f64>,
    last_error: Option<JwksError>,
    /// While a lookup in this isolate is fetching: until when others wait for it instead of fetching too.
    fetching_until_ms: Option<f64>,
}

/// Most instances whose keys one isolate keeps in memory; beyond that the least recently fetched is dropped.
pub const MAX_ENTRIES: usize = 64;

/// The isolate-memory layer: per-instance keys, keyed by [`JwksSource::cache_scope`].
#[derive(Default)]
pub struct JwksCache {
    entries: HashMap<String, Entry>,
}

impl JwksCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    fn entry(&self, scope: &str) -> Entry {
        self.entries.get(scope).cloned().unwrap_or_default()
    }

    fn save(&mut self, scope: &str, entry: Entry) {
        if self.entries.len() >= MAX_ENTRIES && !self.entries.contains_key(scope) {
            // Full: drop the one entry whose last fetch attempt is oldest (one isolate rarely
            // serves more than a few instances, so this is a short scan and rarely happens).
            let oldest = self
                .entries
                .iter()
                .min_by(|a, b| {
                    let t = |e: &Entry| e.last_attempt_ms.unwrap_or(f64::NEG_INFINITY);
                    t(a.1).total_cmp(&t(b.1))
                })
                .map(|(k, _)| k.clone());
            if let Some(oldest) = oldest {
                self.entries.remove(&oldest);
            }
        }
        self.entries.insert(scope.to_string(), entry);
    }
}

fn state(entry: &Entry, kid: &str) -> CacheState {
    CacheState {
        fetched_at_ms: entry.fetched_at_ms,
        last_attempt_ms: entry.last_attempt_ms,
        kid_known: entry.keys.as_ref().is_some_and(|k| k.get(kid).is_some()),
    }
}

/// The keys already in memory when they answer for `kid` at `now_ms` without any I/O.
///
/// `None` means the lookup needs [`resolve_keys`] (store read, fetch, or a
/// failure to report). `scope` is the source's [`JwksSource::cache_scope`].
/// A synchronous fast path for hosts where every await has a cost.
pub fn cached_keys(
    cache: &RefCell<JwksCache>,
    scope: &str,
    kid: &str,
    now_ms: f64,
) -> Option<Rc<KeySet>> {
    let cache = cache.borrow();
    let entry = cache.entries.get(scope)?;
    match plan(&state(entry, kid), now_ms) {
        Plan::UseCached => entry.keys.clone(),
        Plan::Fetch | Plan::FailNoKeys => None,
    }
}

/// Reads the store's snapshot and adopts it into memory when it is newer than what memory holds.
async fn adopt_stored<R: JwksRuntime>(rt: &R, cache: &RefCell<JwksCache>, scope: &str) {
    let Some(text) = rt.store_get(scope).await else {
        return;
    };
    let Ok(snapshot) = serde_json::from_str::<Snapshot>(&text) else {
        return;
    };
    // A `fetchedAt` beyond the clock skew is corrupt or planted: adopting it would keep the keys
    // "fresh" (and the cooldown running) for ever, so it is ignored and replaced by the next fetch.
    if snapshot.v != 1
        || !snapshot.fetched_at.is_finite()
        || is_beyond_skew(snapshot.fetched_at, rt.now_ms())
    {
        return;
    }
    let Ok(keys) = KeySet::from_jwks_json(snapshot.jwks.as_bytes()) else {
        return;
    };
    if keys.is_empty() {
        return;
    }
    // Re-read memory after the await: a concurrent lookup may have stored newer keys meanwhile.
    let mut entry = cache.borrow().entry(scope);
    if entry
        .fetched_at_ms
        .is_some_and(|t| t >= snapshot.fetched_at)
    {
        return;
    }
    entry.keys = Some(Rc::new(keys));
    entry.fetched_at_ms = Some(snapshot.fetched_at);
    entry.last_attempt_ms = Some(
        entry
            .last_attempt_ms
            .map_or(snapshot.fetched_at, |t| t.max(snapshot.fetched_at)),
    );
    cache.borrow_mut().save(scope, entry);
}

/// How long a lookup waits between checks while another lookup in the isolate is fetching.
const LEASE_POLL_MS: u32 = 20;
/// Most checks a lookup makes while waiting (bounds the wait even if the clock stands still).
const MAX_LEASE_POLLS: u32 = 300;

/// The instance's key set, suitable for looking up `kid` (a missing `kid` is the caller's `jwk-kid-mismatch`).
///
/// Concurrent lookups in one isolate share one fetch: the first takes a lease
/// (synchronously, before any await) and the others poll memory until it is
/// done. No future or promise is shared between them.
pub async fn resolve_keys<R: JwksRuntime>(
    cache: &RefCell<JwksCache>,
    source: &JwksSource,
    kid: &str,
    rt: &R,
) -> Result<Rc<KeySet>, JwksError> {
    let scope = source.cache_scope();
    let mut store_read = false;
    let mut polls = 0;
    let started = rt.now_ms();
    loop {
        let now = rt.now_ms();
        let entry = cache.borrow().entry(&scope);
        let leased = entry.fetching_until_ms.is_some_and(|until| now < until);
        if entry.keys.is_none() && !store_read && !leased {
            store_read = true;
            adopt_stored(rt, cache, &scope).await;
            continue;
        }
        let decision = plan(&state(&entry, kid), now);
        // While another lookup here is fetching, wait for its outcome unless the keys in hand answer.
        let may_wait = polls < MAX_LEASE_POLLS && now - started < FETCH_BUDGET_MS * 2.0;
        if leased && decision != Plan::UseCached && may_wait {
            polls += 1;
            rt.sleep(LEASE_POLL_MS).await;
            continue;
        }
        match decision {
            Plan::UseCached => return entry.keys.ok_or(JwksError::Empty),
            Plan::FailNoKeys => return Err(entry.last_error.unwrap_or(JwksError::Empty)),
            Plan::Fetch if !store_read => {
                // Another isolate may have fetched already: one store read before any network call.
                store_read = true;
                adopt_stored(rt, cache, &scope).await;
            }
            Plan::Fetch => return fetch_under_lease(cache, &scope, source, rt, now).await,
        }
    }
}

/// Takes the isolate's fetch lease, fetches, and records the outcome in memory and the store.
async fn fetch_under_lease<R: JwksRuntime>(
    cache: &RefCell<JwksCache>,
    scope: &str,
    source: &JwksSource,
    rt: &R,
    now: f64,
) -> Result<Rc<KeySet>, JwksError> {
    {
        let mut c = cache.borrow_mut();
        let mut entry = c.entry(scope);
        entry.last_attempt_ms = Some(now);
        entry.fetching_until_ms = Some(now + FETCH_BUDGET_MS);
        c.save(scope, entry);
    }
    let result = fetch_with_retries(source, rt).await;
    let mut entry = cache.borrow().entry(scope);
    entry.fetching_until_ms = None;
    let outcome = match result {
        Ok((keys, text)) => {
            let fetched_at = rt.now_ms();
            entry.keys = Some(Rc::new(keys));
            entry.fetched_at_ms = Some(fetched_at);
            entry.last_error = None;
            cache.borrow_mut().save(scope, entry.clone());
            let snapshot = Snapshot {
                v: 1,
                fetched_at,
                jwks: text,
            };
            if let Ok(json) = serde_json::to_string(&snapshot) {
                rt.store_put(scope, &json).await;
            }
            return entry.keys.ok_or(JwksError::Empty);
        }
        Err(err) if stale_usable(entry.fetched_at_ms, now) && entry.keys.is_some() => {
            rt.warn(&format!(
                "clerk-edge: JWKS refresh failed ({err}); serving cached keys"
            ));
            entry.last_error = Some(err);
            entry.keys.clone().ok_or(JwksError::Empty)
        }
        Err(err) => {
            entry.last_error = Some(err.clone());
            Err(err)
        }
    };
    cache.borrow_mut().save(scope, entry);
    outcome
}

/// One fetch with bounded, jittered retries on 5xx/429 and transport errors, within [`FETCH_BUDGET_MS`].
async fn fetch_with_retries<R: JwksRuntime>(
    source: &JwksSource,
    rt: &R,
) -> Result<(KeySet, String), JwksError> {
    let request = source.request();
    let started = rt.now_ms();
    let mut attempt = 1;
    loop {
        let remaining = FETCH_BUDGET_MS - (rt.now_ms() - started);
        if remaining <= 0.0 {
            return Err(JwksError::Transport(TransportError::Timeout));
        }
        let result = rt.fetch(&request, remaining as u32).await;
        let retryable = match &result {
            Ok(res) => JwksSource::is_retryable(res.status),
            Err(TransportError::TooLarge(_)) => false,
            Err(_) => true,
        };
        let wait = backoff_ms(attempt, rt.random());
        let out_of_budget = rt.now_ms() - started + wait >= FETCH_BUDGET_MS;
        if !retryable || attempt >= MAX_ATTEMPTS || out_of_budget {
            let response = result.map_err(JwksError::Transport)?;
            let keys = parse_jwks_response(&response)?;
            let text = String::from_utf8(response.body)
                .map_err(|_| JwksError::Invalid(KeyError::InvalidJwks("not valid utf-8")))?;
            return Ok((keys, text));
        }
        rt.sleep(wait as u32).await;
        attempt += 1;
    }
}

//! Per-isolate state of the guard: the parsed configuration and the verified-token cache.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Object;
use wasm_bindgen::JsValue;
use worker::{console_error, Env};

use super::config::GuardConfig;
use super::settings::{read_setting, ConfigProblem};
use crate::guard::rate_limit::{RateLimiter, DEFAULT_LIMIT};
use crate::jwks::JwksCache;
use crate::token::cache::{CacheKey, VerifiedCache, DEFAULT_CAPACITY};
use crate::token::VerifiedClaims;

/// Every setting the configuration is built from; a change in any of them rebuilds it.
const SETTINGS: [&str; 30] = [
    "CLERK_PUBLISHABLE_KEY",
    "CLERK_ORIGIN_URL",
    "CLERK_ORIGIN_SERVICE",
    "CLERK_JWT_KEY",
    "CLERK_AUTHORIZED_PARTIES",
    "CLERK_PROTECTED_ROUTES",
    "CLERK_PUBLIC_ROUTES",
    "CLERK_SIGN_IN_URL",
    "CLERK_SECRET_KEY",
    "CLERK_API_URL",
    "CLERK_API_VERSION",
    "CLERK_JWKS_KV_BINDING",
    "CLERK_TREAT_PENDING_AS_SIGNED_OUT",
    "CLERK_PROXY_URL",
    "CLERK_DOMAIN",
    "CLERK_IS_SATELLITE",
    "CLERK_SIGN_UP_URL",
    "CLERK_SATELLITE_AUTO_SYNC",
    "CLERK_ACCEPTS_TOKEN",
    "CLERK_MACHINE_SECRET_KEY",
    "CLERK_MACHINE_TOKEN_CACHE_TTL",
    "CLERK_MACHINE_TOKEN_NEGATIVE_TTL",
    "CLERK_MACHINE_RATE_LIMIT",
    "CLERK_WEBHOOK_ROUTES",
    "CLERK_WEBHOOK_SIGNING_SECRET",
    "CLERK_FRONTEND_API_PROXY",
    "CLERK_FAPI_URL",
    "CLERK_ORIGIN_TIMEOUT_MS",
    "CLERK_ORGANIZATION_PATTERNS",
    "CLERK_PERSONAL_ACCOUNT_PATTERNS",
];

/// The configuration last built, with the `env` object and the setting values it came from.
struct ConfigSlot {
    env: JsValue,
    settings: Vec<Option<String>>,
    result: Result<Rc<GuardConfig>, ConfigProblem>,
}

thread_local! {
    static JWKS: Rc<RefCell<JwksCache>> = Rc::new(RefCell::new(JwksCache::new()));
    static CONFIG: RefCell<Option<ConfigSlot>> = const { RefCell::new(None) };
    static VERIFIED: RefCell<VerifiedCache<VerifiedClaims>> = RefCell::new(VerifiedCache::new(DEFAULT_CAPACITY));
    static MACHINE_CALLS: RefCell<RateLimiter> = RefCell::new(RateLimiter::new(DEFAULT_LIMIT));
}

/// Counts one Backend API verification for `client` under `limit` per minute (see [`RateLimiter`]).
pub fn permit_machine_call(client: &str, limit: u32, now_ms: f64) -> Result<(), u32> {
    MACHINE_CALLS.with(|r| {
        let mut r = r.borrow_mut();
        if r.limit() != limit {
            *r = RateLimiter::new(limit);
        }
        r.check(client, now_ms)
    })
}

/// The parsed configuration, rebuilt only when a setting changed.
///
/// workerd hands every request of an isolate the same `env` object, so the
/// settings are read once per isolate; another `env` object has its settings
/// read and compared. A problem is logged once, when first found, and answered
/// from memory afterwards.
pub fn config(env: &Env) -> Result<Rc<GuardConfig>, ConfigProblem> {
    let env_js: &JsValue = env.as_ref();
    if let Some(found) = CONFIG.with(|c| {
        c.borrow()
            .as_ref()
            .filter(|slot| Object::is(&slot.env, env_js))
            .map(|slot| slot.result.clone())
    }) {
        return found;
    }
    let raw: Vec<Option<String>> = SETTINGS
        .iter()
        .map(|name| read_setting(env, name))
        .collect();
    let same_settings = CONFIG.with(|c| {
        c.borrow()
            .as_ref()
            .filter(|slot| slot.settings == raw)
            .map(|slot| slot.result.clone())
    });
    let result = match same_settings {
        Some(found) => found,
        None => {
            let result = GuardConfig::from_env(env).map(Rc::new);
            if let Err(p) = &result {
                console_error!(
                    "clerk-edge: configuration error: {}: {}",
                    p.setting,
                    p.problem
                );
            }
            result
        }
    };
    CONFIG.with(|c| {
        *c.borrow_mut() = Some(ConfigSlot {
            env: env_js.clone(),
            settings: raw,
            result: result.clone(),
        })
    });
    result
}

/// Claims of a token verified earlier in this isolate, if still within `exp` + skew.
pub fn cached_claims(key: &CacheKey, now_ms: f64) -> Option<VerifiedClaims> {
    VERIFIED.with(|c| c.borrow_mut().get(key, now_ms))
}

/// Remembers verified claims until their `exp` (+ skew).
pub fn remember_claims(key: CacheKey, claims: &VerifiedClaims, skew_ms: u64, now_ms: f64) {
    if let Some(exp) = claims.exp() {
        VERIFIED.with(|c| {
            c.borrow_mut()
                .insert(key, claims.clone(), exp as f64, skew_ms, now_ms)
        });
    }
}

/// The isolate's JWKS memory cache (shared handle; borrowed only between awaits).
pub fn jwks_cache() -> Rc<RefCell<JwksCache>> {
    JWKS.with(Rc::clone)
}

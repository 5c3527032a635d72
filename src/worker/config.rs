//! The guard's configuration, read from the Worker's vars and secrets with Clerk's official names.

use std::rc::Rc;

use worker::web_sys::Url;
use worker::Env;

use super::origin::OriginMode;
use super::settings::{
    flag, jwks_problem, options_problem, organization_sync, origin_timeout_ms, problem, seconds,
    var, ConfigProblem,
};
use crate::auth::machine::verdicts::VerdictLifetimes;
use crate::auth::{AcceptsToken, AuthenticateOptions, Authenticator};
use crate::config::PublishableKey;
use crate::error::Reason;
use crate::fapi_proxy::{FrontendApiProxy, ProxyError, ProxyOptions};
use crate::guard::answer_policy::default_sign_in_url;
use crate::guard::rate_limit::DEFAULT_LIMIT;
use crate::guard::routes::RouteRules;
use crate::guard::webhook_gate::{WebhookRoutes, WEBHOOK_ROUTES_VAR};
use crate::jwks::JwksSource;
use crate::keys::PublicKey;
use crate::token::cache::{cache_context, CacheContext};
use crate::token::ClaimOptions;
use crate::webhooks::SigningSecret;

/// The guard's verification keys: a fixed key, or the instance's JWKS cached in KV.
pub enum GuardKeys {
    /// `CLERK_JWT_KEY` (networkless).
    Fixed(Rc<PublicKey>),
    /// `CLERK_SECRET_KEY` (else the publishable key's Frontend API), cached in the KV binding if bound.
    Jwks {
        /// The JWKS endpoint.
        source: JwksSource,
        /// Name of the KV binding (`CLERK_JWKS_KV_BINDING`, default `CLERK_JWKS_KV`).
        kv_binding: String,
        /// `source.cache_scope()`, computed once.
        scope: String,
    },
}

/// Default name of the KV namespace binding that caches the JWKS.
pub const DEFAULT_JWKS_KV_BINDING: &str = "CLERK_JWKS_KV";

/// Everything the guard needs per request, parsed once per isolate.
pub struct GuardConfig {
    /// The instance's publishable key.
    pub publishable_key: PublishableKey,
    /// Where forwarded requests go (`CLERK_ORIGIN_URL`, `CLERK_ORIGIN_SERVICE` or the request's URL).
    pub origin: OriginMode,
    /// Where verification keys come from.
    pub keys: GuardKeys,
    /// Request authentication: the instance, keys, claim checks, satellite and proxy settings.
    pub authenticator: Authenticator,
    /// Public/protected route rules.
    pub routes: RouteRules,
    /// Where signed-out browsers are sent.
    pub sign_in_url: String,
    /// Whether a session with pending tasks (`sts: "pending"`) counts as signed out
    /// (`CLERK_TREAT_PENDING_AS_SIGNED_OUT`, default `true`, as @clerk/backend's `toAuth()`).
    pub treat_pending_as_signed_out: bool,
    /// The verified-token cache's context for this key and these claim options (see [`cache_context`]).
    pub cache_context: CacheContext,
    /// `CLERK_WEBHOOK_ROUTES`: POSTs verified as Clerk webhooks before they reach the origin.
    pub webhooks: WebhookRoutes,
    /// `CLERK_WEBHOOK_SIGNING_SECRET` (`whsec_…`), required with webhook routes.
    pub webhook_secret: Option<String>,
    /// Backend API verifications of opaque machine tokens allowed per client per minute
    /// (`CLERK_MACHINE_RATE_LIMIT`, default 60; 0: no limit).
    pub machine_rate_limit: u32,
    /// The Frontend API proxy (`CLERK_FRONTEND_API_PROXY`), when on.
    pub fapi_proxy: Option<FrontendApiProxy>,
    /// How long the origin may take to answer (response headers) before the guard answers `504`
    /// (`CLERK_ORIGIN_TIMEOUT_MS`, default 30 000).
    pub origin_timeout_ms: u32,
}

impl GuardConfig {
    /// Reads and validates every setting; the first problem found is returned.
    pub fn from_env(env: &Env) -> Result<Self, ConfigProblem> {
        let pk_raw = var(env, "CLERK_PUBLISHABLE_KEY")
            .ok_or_else(|| problem("CLERK_PUBLISHABLE_KEY", "is not set"))?;
        let publishable_key = PublishableKey::parse(&pk_raw)
            .map_err(|e| problem("CLERK_PUBLISHABLE_KEY", format!("{e} ({})", e.reason())))?;
        let origin = OriginMode::from_settings(
            env,
            var(env, "CLERK_ORIGIN_URL"),
            var(env, "CLERK_ORIGIN_SERVICE"),
        )?;
        let origin_timeout_ms = origin_timeout_ms(env)?;
        let keys = match var(env, "CLERK_JWT_KEY") {
            Some(raw) => {
                GuardKeys::Fixed(Rc::new(PublicKey::from_jwt_key(&raw).map_err(|e| {
                    problem("CLERK_JWT_KEY", format!("{e} ({})", e.reason()))
                })?))
            }
            None => {
                let source = JwksSource::from_settings(
                    var(env, "CLERK_SECRET_KEY").as_deref(),
                    Some(&pk_raw),
                    var(env, "CLERK_API_URL").as_deref(),
                    var(env, "CLERK_API_VERSION").as_deref(),
                )
                .map_err(jwks_problem)?;
                GuardKeys::Jwks {
                    scope: source.cache_scope(),
                    source,
                    kv_binding: var(env, "CLERK_JWKS_KV_BINDING")
                        .unwrap_or_else(|| DEFAULT_JWKS_KV_BINDING.into()),
                }
            }
        };
        let authorized_parties = var(env, "CLERK_AUTHORIZED_PARTIES")
            .map(|v| {
                v.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default();
        let routes = RouteRules::parse(
            &var(env, "CLERK_PROTECTED_ROUTES").unwrap_or_default(),
            &var(env, "CLERK_PUBLIC_ROUTES").unwrap_or_default(),
        )
        .map_err(|e| {
            problem(
                "CLERK_PROTECTED_ROUTES / CLERK_PUBLIC_ROUTES",
                e.to_string(),
            )
        })?;
        let sign_in_url = match var(env, "CLERK_SIGN_IN_URL") {
            Some(url) => Url::new(&url)
                .map_err(|_| problem("CLERK_SIGN_IN_URL", "must be an absolute URL"))?
                .href(),
            None => default_sign_in_url(&publishable_key.frontend_api),
        };
        let treat_pending_as_signed_out = flag(env, "CLERK_TREAT_PENDING_AS_SIGNED_OUT", true)?;
        let claims = ClaimOptions {
            authorized_parties,
            ..ClaimOptions::default()
        };
        // Keyed by the key (fixed) or by the instance (JWKS scope), so a token verified once is
        // answered from memory even while a JWKS refresh is due or failing.
        let cache_context = match &keys {
            GuardKeys::Fixed(key) => cache_context(key.spki_sha256(), &claims),
            GuardKeys::Jwks { scope, .. } => cache_context(scope.as_bytes(), &claims),
        };
        let fapi_proxy = frontend_api_proxy(env, &pk_raw)?;
        // Handshakes go through the proxy: CLERK_PROXY_URL when given, else the proxy path.
        let proxy_url = var(env, "CLERK_PROXY_URL")
            .or_else(|| fapi_proxy.as_ref().map(|p| p.path().to_string()));
        let authenticator = Authenticator::new(AuthenticateOptions {
            publishable_key: pk_raw,
            secret_key: var(env, "CLERK_SECRET_KEY"),
            jwt_key: var(env, "CLERK_JWT_KEY"),
            api_url: var(env, "CLERK_API_URL"),
            api_version: var(env, "CLERK_API_VERSION"),
            claims,
            domain: var(env, "CLERK_DOMAIN"),
            is_satellite: flag(env, "CLERK_IS_SATELLITE", false)?,
            proxy_url,
            sign_in_url: var(env, "CLERK_SIGN_IN_URL"),
            sign_up_url: var(env, "CLERK_SIGN_UP_URL"),
            satellite_auto_sync: flag(env, "CLERK_SATELLITE_AUTO_SYNC", false)?,
            accepts_token: match var(env, "CLERK_ACCEPTS_TOKEN") {
                Some(v) => AcceptsToken::parse_setting(&v)
                    .map_err(|e| problem("CLERK_ACCEPTS_TOKEN", e.to_string()))?,
                None => AcceptsToken::default(),
            },
            machine_secret_key: var(env, "CLERK_MACHINE_SECRET_KEY"),
            machine_verdicts: VerdictLifetimes {
                positive_ms: seconds(env, "CLERK_MACHINE_TOKEN_CACHE_TTL", 60)? * 1000,
                negative_ms: seconds(env, "CLERK_MACHINE_TOKEN_NEGATIVE_TTL", 30)? * 1000,
            },
            organization_sync: organization_sync(env)?,
        })
        .map_err(options_problem)?;
        let webhooks = WebhookRoutes::parse(&var(env, WEBHOOK_ROUTES_VAR).unwrap_or_default())
            .map_err(|e| problem(WEBHOOK_ROUTES_VAR, e.to_string()))?;
        let webhook_secret = var(env, "CLERK_WEBHOOK_SIGNING_SECRET");
        match &webhook_secret {
            Some(secret) => {
                SigningSecret::parse(secret)
                    .map_err(|e| problem("CLERK_WEBHOOK_SIGNING_SECRET", e.to_string()))?;
            }
            None if !webhooks.is_empty() => {
                return Err(problem(
                    "CLERK_WEBHOOK_SIGNING_SECRET",
                    "is not set, but CLERK_WEBHOOK_ROUTES is",
                ))
            }
            None => {}
        }
        let machine_rate_limit = u32::try_from(seconds(
            env,
            "CLERK_MACHINE_RATE_LIMIT",
            DEFAULT_LIMIT.into(),
        )?)
        .unwrap_or(u32::MAX);
        Ok(Self {
            publishable_key,
            origin,
            keys,
            authenticator,
            routes,
            sign_in_url,
            treat_pending_as_signed_out,
            cache_context,
            webhooks,
            webhook_secret,
            machine_rate_limit,
            fapi_proxy,
            origin_timeout_ms,
        })
    }
}

/// `CLERK_FRONTEND_API_PROXY` (a path such as `/__clerk`; unset: off), with `CLERK_SECRET_KEY`,
/// `CLERK_FAPI_URL` and an absolute `CLERK_PROXY_URL` (the public proxy URL).
fn frontend_api_proxy(env: &Env, pk_raw: &str) -> Result<Option<FrontendApiProxy>, ConfigProblem> {
    let Some(path) = var(env, "CLERK_FRONTEND_API_PROXY") else {
        return Ok(None);
    };
    let options = ProxyOptions {
        proxy_path: Some(path),
        publishable_key: pk_raw.to_string(),
        secret_key: var(env, "CLERK_SECRET_KEY").unwrap_or_default(),
        fapi_url: var(env, "CLERK_FAPI_URL"),
        proxy_url: var(env, "CLERK_PROXY_URL").filter(|u| !u.starts_with('/')),
        trust_forwarded_headers: false,
    };
    FrontendApiProxy::new(options).map(Some).map_err(|e| {
        let setting = match e {
            ProxyError::SecretKey => "CLERK_SECRET_KEY",
            ProxyError::FapiUrl => "CLERK_FAPI_URL",
            ProxyError::ProxyUrl => "CLERK_PROXY_URL",
            ProxyError::PublishableKey(_) => "CLERK_PUBLISHABLE_KEY",
            _ => "CLERK_FRONTEND_API_PROXY",
        };
        problem(setting, e.to_string())
    })
}

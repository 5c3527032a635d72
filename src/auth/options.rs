//! `authenticateRequest` options with @clerk/backend's names, checked once into an [`Authenticator`].
//!
//! Differences from @clerk/backend, all documented in the README:
//! - `secretKey` is optional: `jwtKey` verifies networklessly, and with neither the JWKS comes from
//!   the Frontend API named by the publishable key; @clerk/backend always demands `secretKey`.
//!   Without a secret key, handshake nonces cannot be exchanged and resolve to no cookies (as
//!   @clerk/backend does without an API client), and sessions are not refreshed server-side.
//! - A satellite's `signInUrl` must be an absolute `http(s)` URL whenever it is set (checked once,
//!   here), instead of being compared with each request's `Origin` header.

use thiserror::Error;

pub use super::accepts::AcceptsToken;
use super::cookies::cookie_suffix;
use super::machine::verdicts::VerdictLifetimes;
use super::machine::MachineApi;
use super::org_sync::{OrganizationMatcher, OrganizationSyncOptions};
use super::path_pattern::PatternError;
use super::url::Url;
use crate::config::{InstanceType, PublishableKey};
use crate::error::{JwksError, PublishableKeyError, Reason};
use crate::jwks::source::JwksSource;
use crate::keys::{KeyError, PublicKey};
use crate::token::ClaimOptions;

/// The options of one `authenticateRequest` configuration, as @clerk/backend names them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthenticateOptions {
    /// `publishableKey` (required): the instance, its Frontend API and its cookie suffix.
    pub publishable_key: String,
    /// `secretKey`: JWKS from the Backend API and handshake nonces.
    pub secret_key: Option<String>,
    /// `jwtKey`: the instance's public key, for networkless verification.
    pub jwt_key: Option<String>,
    /// `apiUrl` (default `https://api.clerk.com`).
    pub api_url: Option<String>,
    /// `apiVersion` (default `v1`).
    pub api_version: Option<String>,
    /// `authorizedParties`, `audience`, `clockSkewInMs`.
    pub claims: ClaimOptions,
    /// `domain`: a satellite's domain.
    pub domain: Option<String>,
    /// `isSatellite`.
    pub is_satellite: bool,
    /// `proxyUrl`: absolute, or a path such as `/__clerk` resolved against the request's origin.
    pub proxy_url: Option<String>,
    /// `signInUrl`.
    pub sign_in_url: Option<String>,
    /// `signUpUrl`.
    pub sign_up_url: Option<String>,
    /// `satelliteAutoSync`: a satellite without cookies syncs on its first navigation.
    pub satellite_auto_sync: bool,
    /// `acceptsToken`.
    pub accepts_token: AcceptsToken,
    /// `machineSecretKey`: authenticates M2M-token verification instead of `secretKey`.
    pub machine_secret_key: Option<String>,
    /// How long opaque machine-token verdicts are remembered (both zero: not at all).
    pub machine_verdicts: VerdictLifetimes,
    /// `organizationSyncOptions`: URLs that activate an organization or the personal account.
    pub organization_sync: OrganizationSyncOptions,
}

/// Why options were refused: `reason()` is `publishable-key-*`, a key reason, or `options-invalid`.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum OptionsError {
    /// `publishableKey` is missing or malformed.
    #[error(transparent)]
    PublishableKey(#[from] PublishableKeyError),
    /// `jwtKey` is not a usable public key.
    #[error(transparent)]
    JwtKey(#[from] KeyError),
    /// A satellite needs `domain` or `proxyUrl`.
    #[error("a satellite application needs domain (CLERK_DOMAIN) or proxyUrl (CLERK_PROXY_URL)")]
    SatelliteWithoutDomain,
    /// A development satellite needs `signInUrl`.
    #[error("a development satellite application needs signInUrl (CLERK_SIGN_IN_URL)")]
    SatelliteWithoutSignInUrl,
    /// `secretKey`, `apiUrl` or `apiVersion` is malformed.
    #[error(transparent)]
    BackendApi(#[from] JwksError),
    /// An option that must be an absolute `http(s)` URL (or a path, for `proxyUrl`) is not.
    #[error("{0} must be an absolute http(s) URL")]
    InvalidUrl(&'static str),
    /// A pattern of `organizationSyncOptions` is malformed or uses syntax not supported.
    #[error("organizationSyncOptions: {0}")]
    OrganizationSyncPattern(#[from] PatternError),
}

impl Reason for OptionsError {
    fn reason(&self) -> &'static str {
        match self {
            Self::PublishableKey(e) => e.reason(),
            Self::JwtKey(e) => e.reason(),
            Self::BackendApi(e) => e.reason(),
            _ => "options-invalid",
        }
    }
}

/// Where an [`Authenticator`] gets verification keys.
#[derive(Debug)]
pub enum KeyMode {
    /// `jwtKey`: one fixed key, no network.
    Fixed(Box<PublicKey>),
    /// The instance's JWKS, asked of the caller by `kid`.
    Jwks,
}

/// Checked options, ready to authenticate any number of requests.
#[derive(Debug)]
pub struct Authenticator {
    pub(super) options: AuthenticateOptions,
    pub(super) instance: PublishableKey,
    pub(super) suffix: String,
    pub(super) keys: KeyMode,
    /// The Backend API (with the secret key), when `secretKey` is set.
    pub(super) api: Option<JwksSource>,
    /// Where opaque machine tokens are verified, when a secret key or machine secret key is set.
    pub(super) machine_api: Option<MachineApi>,
    /// What machine-token verdicts are remembered under (Backend API, secrets, audience), hashed.
    pub(super) machine_scope: Vec<u8>,
    /// The parsed `organizationSyncOptions`.
    pub(super) org_sync: OrganizationMatcher,
}

impl Authenticator {
    /// Checks `options` the way @clerk/backend does before it reads a request (see the module docs).
    pub fn new(mut options: AuthenticateOptions) -> Result<Self, OptionsError> {
        options.publishable_key = options.publishable_key.trim().to_string();
        let instance = PublishableKey::parse(&options.publishable_key)?;
        let keys = match options.jwt_key.as_deref().filter(|k| !k.trim().is_empty()) {
            Some(pem) => KeyMode::Fixed(Box::new(PublicKey::from_jwt_key(pem)?)),
            None => KeyMode::Jwks,
        };
        for (name, value) in [
            ("signInUrl", &options.sign_in_url),
            ("signUpUrl", &options.sign_up_url),
        ] {
            if value.as_deref().is_some_and(|v| v.is_empty()) {
                return Err(OptionsError::InvalidUrl(name));
            }
        }
        if let Some(proxy) = options.proxy_url.as_deref().filter(|p| !p.is_empty()) {
            if !proxy.starts_with('/') && Url::parse(proxy).is_none() {
                return Err(OptionsError::InvalidUrl("proxyUrl"));
            }
        }
        if options.is_satellite {
            if instance.instance_type == InstanceType::Development && options.sign_in_url.is_none()
            {
                return Err(OptionsError::SatelliteWithoutSignInUrl);
            }
            if let Some(url) = &options.sign_in_url {
                Url::parse(url).ok_or(OptionsError::InvalidUrl("signInUrl"))?;
            }
            let set = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.is_empty());
            if !set(&options.domain) && !set(&options.proxy_url) {
                return Err(OptionsError::SatelliteWithoutDomain);
            }
        }
        let api = match options
            .secret_key
            .as_deref()
            .filter(|k| !k.trim().is_empty())
        {
            Some(secret_key) => Some(JwksSource::from_settings(
                Some(secret_key.trim()),
                None,
                options.api_url.as_deref(),
                options.api_version.as_deref(),
            )?),
            None => None,
        };
        let suffix = cookie_suffix(&options.publishable_key);
        let machine_api = machine_api(&options)?;
        let machine_scope = machine_scope(machine_api.as_ref(), &options);
        let org_sync = OrganizationMatcher::new(&options.organization_sync)?;
        Ok(Self {
            options,
            instance,
            suffix,
            keys,
            api,
            machine_api,
            machine_scope,
            org_sync,
        })
    }

    /// The options this authenticator was built from.
    pub fn options(&self) -> &AuthenticateOptions {
        &self.options
    }

    /// The parsed publishable key (instance type and Frontend API host).
    pub fn instance(&self) -> &PublishableKey {
        &self.instance
    }

    /// The Backend API source of the JWKS and handshake payloads (`None` without `secretKey`).
    pub fn backend_api(&self) -> Option<&JwksSource> {
        self.api.as_ref()
    }

    /// Where verification keys come from.
    pub fn key_mode(&self) -> &KeyMode {
        &self.keys
    }

    /// `true` for a development instance (`pk_test_…`).
    pub fn is_development(&self) -> bool {
        self.instance.instance_type == InstanceType::Development
    }

    /// The Frontend API as the browser reaches it: the proxy URL (a path resolved against
    /// `request_origin`), else `clerk.<domain>` for a production satellite, else the key's host.
    pub fn frontend_api(&self, request_origin: &str) -> String {
        match self.options.proxy_url.as_deref().filter(|p| !p.is_empty()) {
            Some(path) if path.starts_with('/') => format!("{request_origin}{path}"),
            Some(url) => url.to_string(),
            None => self.original_frontend_api(),
        }
    }

    /// The Frontend API that issues tokens (never the proxy): used for the `iss` comparison.
    pub fn original_frontend_api(&self) -> String {
        match self.options.domain.as_deref().filter(|d| !d.is_empty()) {
            Some(domain) if self.options.is_satellite && !self.is_development() => {
                format!("clerk.{domain}")
            }
            _ => self.instance.frontend_api.clone(),
        }
    }
}

/// The machine-token verification endpoint and secrets, checked like the JWKS source's.
fn machine_api(options: &AuthenticateOptions) -> Result<Option<MachineApi>, OptionsError> {
    let nonempty = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let secret_key = nonempty(&options.secret_key);
    let machine_secret_key = nonempty(&options.machine_secret_key);
    if let Some(key) = &machine_secret_key {
        if !key.starts_with("ak_") || key.chars().any(|c| !c.is_ascii_graphic()) {
            return Err(JwksError::InvalidSetting("machineSecretKey").into());
        }
    }
    // The secret key only checks the API URL here: any valid key does.
    let JwksSource::BackendApi { api_url, .. } = JwksSource::from_settings(
        Some(secret_key.as_deref().unwrap_or("sk_check")),
        None,
        options.api_url.as_deref(),
        options.api_version.as_deref(),
    )?
    else {
        return Ok(None);
    };
    if secret_key.is_none() && machine_secret_key.is_none() {
        return Ok(None);
    }
    Ok(Some(MachineApi {
        api_url,
        secret_key,
        machine_secret_key,
    }))
}

/// The hashed scope of machine-token verdicts: a change of API, secret or audience starts afresh.
fn machine_scope(api: Option<&MachineApi>, options: &AuthenticateOptions) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    if let Some(api) = api {
        for part in [
            Some(api.api_url.as_str()),
            api.secret_key.as_deref(),
            api.machine_secret_key.as_deref(),
        ] {
            hash.update(part.unwrap_or("").as_bytes());
            hash.update([0]);
        }
    }
    for aud in options.claims.audience.iter().flatten() {
        hash.update(aud.as_bytes());
        hash.update([0]);
    }
    hash.finalize().to_vec()
}

#[cfg(test)]
#[path = "options_tests.rs"]
mod tests;

//! Reading the guard's settings: Worker vars and secrets by name, their forms (flags, counts,
//! lists, the origin timeout), and problems that name the setting (never its value).

use worker::Env;

use crate::auth::{OptionsError, OrganizationMatcher, OrganizationSyncOptions};
use crate::error::{JwksError, Reason};

/// A misconfigured setting: its name and what is wrong (never its value).
#[derive(Debug, Clone)]
pub struct ConfigProblem {
    /// The setting's name, e.g. `CLERK_ORIGIN_URL`.
    pub setting: &'static str,
    /// What is wrong with it.
    pub problem: String,
}

/// The setting bounding the wait for the origin's response headers.
pub const ORIGIN_TIMEOUT_VAR: &str = "CLERK_ORIGIN_TIMEOUT_MS";
/// `CLERK_ORIGIN_TIMEOUT_MS` when unset.
const DEFAULT_ORIGIN_TIMEOUT_MS: u32 = 30_000;
/// The accepted range of `CLERK_ORIGIN_TIMEOUT_MS`.
const ORIGIN_TIMEOUT_RANGE: std::ops::RangeInclusive<u32> = 100..=300_000;

/// A setting as bound: a `[vars]` entry, else a secret of that name.
pub fn read_setting(env: &Env, name: &str) -> Option<String> {
    env.var(name)
        .ok()
        .map(|v| v.to_string())
        .or_else(|| env.secret(name).ok().map(|v| v.to_string()))
}

/// A setting, trimmed; empty counts as unset.
pub(super) fn var(env: &Env, name: &str) -> Option<String> {
    read_setting(env, name)
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

pub(super) fn problem(setting: &'static str, problem: impl Into<String>) -> ConfigProblem {
    ConfigProblem {
        setting,
        problem: problem.into(),
    }
}

/// Names the setting a JWKS-source problem comes from.
pub(super) fn jwks_problem(e: JwksError) -> ConfigProblem {
    match e {
        JwksError::InvalidSetting("apiUrl") => problem(
            "CLERK_API_URL",
            "must be https://host[:port][/path] (http:// only for localhost, 127.0.0.1 or [::1]), \
             without credentials, query or fragment",
        ),
        JwksError::InvalidSetting("apiVersion") => problem(
            "CLERK_API_VERSION",
            "must be a version path segment such as v1 (letters, digits, '-', '.')",
        ),
        JwksError::InvalidSetting("publishableKey") => {
            problem("CLERK_PUBLISHABLE_KEY", e.to_string())
        }
        e => problem("CLERK_SECRET_KEY", e.to_string()),
    }
}

/// Names the setting an authentication-options problem comes from.
pub(super) fn options_problem(e: OptionsError) -> ConfigProblem {
    match e {
        OptionsError::PublishableKey(e) => problem("CLERK_PUBLISHABLE_KEY", e.to_string()),
        OptionsError::JwtKey(e) => problem("CLERK_JWT_KEY", format!("{e} ({})", e.reason())),
        OptionsError::BackendApi(JwksError::InvalidSetting("machineSecretKey")) => problem(
            "CLERK_MACHINE_SECRET_KEY",
            "must be a machine secret key (ak_…)",
        ),
        OptionsError::BackendApi(e) => jwks_problem(e),
        OptionsError::SatelliteWithoutDomain => problem("CLERK_DOMAIN", e.to_string()),
        OptionsError::SatelliteWithoutSignInUrl => problem("CLERK_SIGN_IN_URL", e.to_string()),
        OptionsError::InvalidUrl("proxyUrl") => problem("CLERK_PROXY_URL", e.to_string()),
        OptionsError::InvalidUrl("signUpUrl") => problem("CLERK_SIGN_UP_URL", e.to_string()),
        e => problem("CLERK_SIGN_IN_URL", e.to_string()),
    }
}

/// `organizationSyncOptions.organizationPatterns` of the guard: comma-separated path patterns.
pub const ORGANIZATION_PATTERNS_VAR: &str = "CLERK_ORGANIZATION_PATTERNS";
/// `organizationSyncOptions.personalAccountPatterns` of the guard: comma-separated path patterns.
pub const PERSONAL_ACCOUNT_PATTERNS_VAR: &str = "CLERK_PERSONAL_ACCOUNT_PATTERNS";

/// A comma-separated list setting (items trimmed, empty ones dropped); unset or empty is `None`.
fn list(env: &Env, name: &str) -> Option<Vec<String>> {
    let items: Vec<String> = var(env, name)?
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_string)
        .collect();
    (!items.is_empty()).then_some(items)
}

/// `organizationSyncOptions` from the two pattern settings, each checked on its own so that a
/// refused pattern names its setting.
pub(super) fn organization_sync(env: &Env) -> Result<OrganizationSyncOptions, ConfigProblem> {
    let organization = OrganizationSyncOptions {
        organization_patterns: list(env, ORGANIZATION_PATTERNS_VAR),
        personal_account_patterns: None,
    };
    let personal = OrganizationSyncOptions {
        organization_patterns: None,
        personal_account_patterns: list(env, PERSONAL_ACCOUNT_PATTERNS_VAR),
    };
    for (options, setting) in [
        (&organization, ORGANIZATION_PATTERNS_VAR),
        (&personal, PERSONAL_ACCOUNT_PATTERNS_VAR),
    ] {
        OrganizationMatcher::new(options).map_err(|e| problem(setting, e.to_string()))?;
    }
    Ok(OrganizationSyncOptions {
        organization_patterns: organization.organization_patterns,
        personal_account_patterns: personal.personal_account_patterns,
    })
}

/// A `true` / `false` setting (any case); unset is `default`.
pub(super) fn flag(env: &Env, name: &'static str, default: bool) -> Result<bool, ConfigProblem> {
    match var(env, name) {
        None => Ok(default),
        Some(v) if v.eq_ignore_ascii_case("true") => Ok(true),
        Some(v) if v.eq_ignore_ascii_case("false") => Ok(false),
        Some(_) => Err(problem(name, "must be `true` or `false`")),
    }
}

/// A whole number setting (seconds, or a count) up to one hour's worth; unset is `default`.
pub(super) fn seconds(env: &Env, name: &'static str, default: u64) -> Result<u64, ConfigProblem> {
    match var(env, name) {
        None => Ok(default),
        Some(v) => v
            .parse::<u64>()
            .ok()
            .filter(|n| *n <= 3600)
            .ok_or_else(|| problem(name, "must be a whole number from 0 to 3600")),
    }
}

/// `CLERK_ORIGIN_TIMEOUT_MS`: a whole number of milliseconds from 100 to 300 000; unset is 30 000.
pub(super) fn origin_timeout_ms(env: &Env) -> Result<u32, ConfigProblem> {
    match var(env, ORIGIN_TIMEOUT_VAR) {
        None => Ok(DEFAULT_ORIGIN_TIMEOUT_MS),
        Some(v) => v
            .parse::<u32>()
            .ok()
            .filter(|n| ORIGIN_TIMEOUT_RANGE.contains(n))
            .ok_or_else(|| {
                problem(
                    ORIGIN_TIMEOUT_VAR,
                    "must be a whole number of milliseconds from 100 to 300000",
                )
            }),
    }
}

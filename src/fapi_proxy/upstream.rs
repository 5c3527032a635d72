//! The proxy's upstream: Clerk's shared Frontend API for the publishable key's environment, or a
//! configured `fapiUrl`.

use crate::auth::url::Url;

/// Clerk's production Frontend API, which serves every instance's proxied requests.
pub const PROD_FAPI_URL: &str = "https://frontend-api.clerk.dev";
/// Clerk's staging Frontend API.
pub const STAGING_FAPI_URL: &str = "https://frontend-api.clerkstage.dev";
/// Clerk's local-development Frontend API.
pub const LOCAL_FAPI_URL: &str = "https://frontend-api.lclclerk.com";

/// Host suffixes of Clerk's own local environments.
const LOCAL_SUFFIXES: [&str; 4] = [
    ".lcl.dev",
    "lclstage.dev",
    ".lclclerk.com",
    ".accounts.lclclerk.com",
];
/// Host suffixes of legacy development instances (`clerk.<x>.lcl.dev`, served by production).
const LEGACY_DEV_SUFFIXES: [&str; 3] = [".lcl.dev", ".lclstage.dev", ".lclclerk.com"];
/// Host suffixes of Clerk's staging environment.
const STAGING_SUFFIXES: [&str; 1] = [".accountsstage.dev"];
/// Hosts for which `fapiUrl` may use plain `http://`.
const LOOPBACK_HOSTS: [&str; 3] = ["127.0.0.1", "localhost", "[::1]"];

/// The Frontend API that serves proxied requests for an instance whose publishable key names
/// `frontend_api` (the same choice as @clerk/backend's `fapiUrlFromPublishableKey`).
pub fn default_upstream(frontend_api: &str) -> &'static str {
    let ends_with_any = |suffixes: &[&str]| suffixes.iter().any(|s| frontend_api.ends_with(s));
    if frontend_api.starts_with("clerk.") && ends_with_any(&LEGACY_DEV_SUFFIXES) {
        PROD_FAPI_URL
    } else if ends_with_any(&LOCAL_SUFFIXES) {
        LOCAL_FAPI_URL
    } else if ends_with_any(&STAGING_SUFFIXES) {
        STAGING_FAPI_URL
    } else {
        PROD_FAPI_URL
    }
}

/// `raw` as an upstream base (trailing `/` dropped) when it is `https://host[:port][/path]`
/// (`http://` for loopback hosts only) of visible ASCII, without credentials, query or fragment.
pub fn checked(raw: &str) -> Option<String> {
    if raw.contains(['?', '#', '@', '\\']) || !raw.bytes().all(|b| b.is_ascii_graphic()) {
        return None;
    }
    let url = Url::parse(raw)?;
    let https = url.origin().starts_with("https://");
    if !https && !LOOPBACK_HOSTS.contains(&url.hostname()) {
        return None;
    }
    let path = url.path();
    if path.split('/').any(|s| s == "." || s == "..") {
        return None;
    }
    Some(url.href().trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_environment_like_clerk() {
        assert_eq!(default_upstream("clerk.example.com"), PROD_FAPI_URL);
        assert_eq!(
            default_upstream("happy-cat-1.clerk.accounts.dev"),
            PROD_FAPI_URL
        );
        assert_eq!(
            default_upstream("foo.accounts.lclclerk.com"),
            LOCAL_FAPI_URL
        );
        assert_eq!(default_upstream("clerk.foo.lcl.dev"), PROD_FAPI_URL);
        assert_eq!(default_upstream("foo.lcl.dev"), LOCAL_FAPI_URL);
        assert_eq!(default_upstream("foo.accountsstage.dev"), STAGING_FAPI_URL);
    }

    #[test]
    fn checks_the_configured_upstream() {
        assert_eq!(
            checked("https://fapi.example.com/").as_deref(),
            Some("https://fapi.example.com")
        );
        assert_eq!(
            checked("http://127.0.0.1:9999").as_deref(),
            Some("http://127.0.0.1:9999")
        );
        assert_eq!(
            checked("HTTPS://Fapi.Example.com:443/base/").as_deref(),
            Some("https://fapi.example.com/base")
        );
        for bad in [
            "http://fapi.example.com",
            "ftp://fapi.example.com",
            "https://user:pw@fapi.example.com",
            "https://fapi.example.com/?q=1",
            "https://fapi.example.com/#f",
            "https://fapi.example.com/a/../b",
            "https://fapi example.com",
            "fapi.example.com",
            "https://",
        ] {
            assert_eq!(checked(bad), None, "{bad}");
        }
    }
}

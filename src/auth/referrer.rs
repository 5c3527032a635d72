//! The `referer` checks of the primary domain's cross-origin rule (browser-session.md §2.2 M).

use super::url::Url;

/// Development account-portal suffixes whose hosts start with `accounts.`.
const LEGACY_DEV_SUFFIXES: [&str; 3] = [".lcl.dev", ".lclstage.dev", ".lclclerk.com"];
/// Current development account-portal suffixes (not under `.clerk<suffix>`).
const CURRENT_DEV_SUFFIXES: [&str; 3] = [
    ".accounts.dev",
    ".accountsstage.dev",
    ".accounts.lclclerk.com",
];

/// `true` when `referrer` is an absolute URL on another origin than `origin`.
pub fn is_cross_origin(referrer: Option<&str>, origin: &str) -> bool {
    referrer
        .and_then(Url::parse)
        .is_some_and(|r| r.origin() != origin)
}

/// `true` when `referrer` is the Frontend API itself, the instance's account portal, or (outside
/// production) a development account-portal host.
pub fn is_known_clerk_referrer(
    referrer: Option<&str>,
    frontend_api: &str,
    production: bool,
) -> bool {
    let Some(referrer) = referrer.and_then(Url::parse) else {
        return false;
    };
    let host = referrer.hostname();
    let fapi_host = if frontend_api.starts_with("http") {
        Url::parse(frontend_api).map(|u| u.hostname().to_string())
    } else {
        Some(frontend_api.to_string())
    };
    if fapi_host.as_deref() == Some(host) {
        return true;
    }
    if !production {
        let legacy =
            host.starts_with("accounts.") && LEGACY_DEV_SUFFIXES.iter().any(|s| host.ends_with(s));
        let current = CURRENT_DEV_SUFFIXES
            .iter()
            .any(|s| host.ends_with(s) && !host.ends_with(&format!(".clerk{s}")));
        if legacy || current {
            return true;
        }
    }
    accounts_origin(frontend_api).is_some_and(|accounts| accounts == referrer.origin())
}

/// `https://` + the Frontend API with its first `clerk.accountsstage.` → `accountsstage.`, then its
/// first `clerk.accounts.` or `clerk.` → `accounts.` (@clerk/shared's `buildAccountsBaseUrl`).
fn accounts_origin(frontend_api: &str) -> Option<String> {
    if frontend_api.is_empty() {
        return None;
    }
    let replace_first = |s: &str, from: &str, to: &str| s.replacen(from, to, 1);
    let step = replace_first(frontend_api, "clerk.accountsstage.", "accountsstage.");
    let step = match (step.find("clerk.accounts."), step.find("clerk.")) {
        (Some(a), Some(c)) if a <= c => replace_first(&step, "clerk.accounts.", "accounts."),
        (_, Some(_)) => replace_first(&step, "clerk.", "accounts."),
        _ => step,
    };
    Url::parse(&format!("https://{step}")).map(|u| u.origin())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cross_origin_needs_a_parsable_other_origin() {
        assert!(is_cross_origin(
            Some("https://sat.example/x"),
            "https://app.example"
        ));
        assert!(!is_cross_origin(
            Some("https://app.example/y"),
            "https://app.example"
        ));
        assert!(!is_cross_origin(Some("not a url"), "https://app.example"));
        assert!(!is_cross_origin(None, "https://app.example"));
    }

    #[test]
    fn known_referrers() {
        let fapi = "clerk.example.com";
        assert!(is_known_clerk_referrer(
            Some("https://clerk.example.com/v1"),
            fapi,
            true
        ));
        assert!(is_known_clerk_referrer(
            Some("https://accounts.example.com/sign-in"),
            fapi,
            true
        ));
        assert!(!is_known_clerk_referrer(
            Some("https://accounts.evil.com/"),
            fapi,
            true
        ));
        assert!(!is_known_clerk_referrer(
            Some("https://foo-13.accounts.dev/"),
            fapi,
            true
        ));
        assert!(is_known_clerk_referrer(
            Some("https://foo-13.accounts.dev/"),
            fapi,
            false
        ));
        assert!(!is_known_clerk_referrer(
            Some("https://foo.clerk.accounts.lclclerk.com/"),
            fapi,
            false
        ));
        assert!(is_known_clerk_referrer(
            Some("https://accounts.foo.lcl.dev/"),
            fapi,
            false
        ));
        assert!(is_known_clerk_referrer(
            Some("https://app.example/__clerk/x"),
            "https://app.example/__clerk",
            true
        ));
        assert_eq!(
            accounts_origin("clerk.accounts.dev.x").as_deref(),
            Some("https://accounts.dev.x")
        );
        assert_eq!(
            accounts_origin("clerk.accountsstage.dev").as_deref(),
            Some("https://accountsstage.dev")
        );
    }
}

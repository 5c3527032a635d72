//! `organizationSyncOptions` natively (browser-session.md §2.2 M "Org sync", §3 parameter 8): which
//! requests get an `active-organization-mismatch` handshake, and the `organization_id` it carries.
//! The same cases run against @clerk/backend in `js/test/request-diff.node.test.mjs`.

#[path = "support/request.rs"]
mod kit;

use clerk_edge::auth::url::Url;
use clerk_edge::auth::{
    AuthStatus, AuthenticateOptions, Authenticator, OrganizationSyncOptions, RequestState,
};
use clerk_edge::error::Reason;
use kit::*;
use serde_json::json;

fn synced() -> AuthenticateOptions {
    AuthenticateOptions {
        organization_sync: OrganizationSyncOptions {
            organization_patterns: Some(vec!["/orgs/:slug".into(), "/orgs/:slug/(.*)".into()]),
            personal_account_patterns: Some(vec!["/me/(.*)".into()]),
        },
        ..options(PK_LIVE)
    }
}

fn navigation(path: &str, claims: serde_json::Value, extra_cookie: &str) -> RequestState {
    let token = session(claims);
    Req::navigation(&format!("https://app.example.com{path}"))
        .cookie(&format!("__session={token}; __client_uat=1{extra_cookie}"))
        .run(synced())
}

fn organization_id(state: &RequestState) -> Option<String> {
    Url::parse(state.header("location")?)?.param("organization_id")
}

#[test]
fn a_url_naming_another_organization_is_a_handshake_carrying_it() {
    let state = navigation("/orgs/acme/settings", json!({}), "");
    assert_eq!(state.status(), AuthStatus::Handshake);
    assert_eq!(state.reason(), Some("active-organization-mismatch"));
    assert_eq!(organization_id(&state).as_deref(), Some("acme"));
    let state = navigation(
        "/me/profile",
        json!({ "org_id": "org_1", "org_slug": "acme" }),
        "",
    );
    assert_eq!(state.reason(), Some("active-organization-mismatch"));
    assert_eq!(organization_id(&state).as_deref(), Some(""));
}

#[test]
fn the_active_organization_fetches_and_the_loop_guard_stay_signed_in() {
    let in_acme = json!({ "org_id": "org_1", "org_slug": "acme" });
    assert_eq!(
        navigation("/orgs/acme", in_acme, "").status(),
        AuthStatus::SignedIn
    );
    assert_eq!(
        navigation("/me/x", json!({}), "").status(),
        AuthStatus::SignedIn
    );
    assert_eq!(
        navigation("/elsewhere", json!({}), "").status(),
        AuthStatus::SignedIn
    );
    let looped = navigation("/orgs/acme", json!({}), "; __clerk_redirect_count=3");
    assert_eq!(looped.status(), AuthStatus::SignedIn);
    let token = session(json!({}));
    let fetch = Req::get("https://app.example.com/orgs/acme")
        .header("sec-fetch-dest", "empty")
        .cookie(&format!("__session={token}; __client_uat=1"))
        .run(synced());
    assert_eq!(fetch.status(), AuthStatus::SignedIn);
    let bearer = Req::navigation("https://app.example.com/orgs/acme")
        .header("authorization", &format!("Bearer {token}"))
        .run(synced());
    assert_eq!(
        bearer.status(),
        AuthStatus::SignedIn,
        "the header path has no org sync"
    );
}

#[test]
fn other_handshakes_of_a_matching_url_carry_organization_id() {
    let expired = json!({ "iat": NOW - 120, "nbf": NOW - 120, "exp": NOW - 60 });
    let state = navigation("/orgs/acme", expired, "");
    assert_eq!(state.status(), AuthStatus::Handshake);
    assert_ne!(state.reason(), Some("active-organization-mismatch"));
    assert_eq!(organization_id(&state).as_deref(), Some("acme"));
}

#[test]
fn unsupported_patterns_are_refused_with_the_pattern_named() {
    let mut options = synced();
    options.organization_sync.organization_patterns = Some(vec!["/orgs/:slug+".into()]);
    let err = Authenticator::new(options).unwrap_err();
    assert_eq!(err.reason(), "options-invalid");
    assert!(err.to_string().contains("/orgs/:slug+"), "{err}");
}

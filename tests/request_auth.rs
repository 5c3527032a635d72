//! The request decision natively, one test per outcome of browser-session.md §2.2–§2.4 (header
//! path, cookie rules E–M, token errors). Handshake resolution, satellites, proxies and refresh
//! are in `tests/handshake_flow.rs`.

#[path = "support/request.rs"]
mod kit;

use clerk_edge::auth::{AuthObject, AuthStatus};
use kit::*;
use serde_json::json;

const DB: &str = "__clerk_db_jwt=dvb_1";

fn uat(at: i64) -> String {
    format!("__client_uat={at}")
}

#[test]
fn bearer_token_signs_in_without_debug_headers() {
    let token = session(json!({}));
    let state = Req::get("https://app.example.com/api")
        .header("authorization", &format!("Bearer {token}"))
        .run(options(PK_LIVE));
    assert_eq!(state.status(), AuthStatus::SignedIn);
    assert_eq!(state.token(), Some(token.as_str()));
    assert_eq!(
        state.token_type().map(|t| t.as_str()),
        Some("session_token")
    );
    assert!(state.headers().is_empty(), "{:?}", state.headers());
    let Some(AuthObject::SignedIn(auth)) = state.to_auth(true) else {
        panic!("signed in")
    };
    assert_eq!(auth.user_id(), "user_1");
}

#[test]
fn header_path_ignores_client_uat_and_dev_browser() {
    let token = session(json!({}));
    let state = Req::navigation("https://app.example.com/")
        .header("authorization", &format!("Bearer {token}"))
        .cookie("__client_uat=0")
        .run(options(PK_TEST));
    assert_eq!(state.status(), AuthStatus::SignedIn);
}

#[test]
fn machine_tokens_and_templates_are_a_type_mismatch() {
    let m2m = session(json!({ "sub": "mch_1" }));
    let template = mint_with(
        7,
        json!({ "alg": "EdDSA", "kid": "ins_1", "cat": "cl_B7d4PD222AAA" }),
        json!({ "sub": "user_1" }),
    );
    for token in [&m2m, &template] {
        let state = Req::get("https://app.example.com/")
            .header("authorization", &format!("Bearer {token}"))
            .run(options(PK_LIVE));
        assert_eq!(state.reason(), Some("token-type-mismatch"));
        let state = Req::get("https://app.example.com/")
            .cookie(&format!("__session={token}; {}", uat(NOW - 100)))
            .run(options(PK_LIVE));
        assert_eq!(
            (state.status(), state.reason()),
            (AuthStatus::SignedOut, Some("token-type-mismatch"))
        );
    }
}

#[test]
fn expired_header_token_handshakes_navigations_and_signs_out_fetches() {
    let token = session(json!({ "exp": NOW - 60, "iat": NOW - 120 }));
    let bearer = format!("Bearer {token}");
    let state = Req::navigation("https://app.example.com/")
        .header("authorization", &bearer)
        .run(options(PK_LIVE));
    assert_eq!(state.status(), AuthStatus::Handshake);
    assert_eq!(
        state.reason(),
        Some("session-token-expired-refresh-non-eligible-no-refresh-cookie")
    );
    assert!(
        state.message().contains("token-carrier=header"),
        "{}",
        state.message()
    );
    let state = Req::get("https://app.example.com/")
        .header("sec-fetch-dest", "empty")
        .header("authorization", &bearer)
        .run(options(PK_LIVE));
    assert_eq!(state.status(), AuthStatus::SignedOut);
    assert_eq!(
        state.reason(),
        Some("session-token-expired-refresh-non-eligible-no-refresh-cookie")
    );
    assert_eq!(state.header("location"), None);
    assert_eq!(state.header("x-clerk-auth-status"), Some("signed-out"));
}

#[test]
fn forged_and_ambiguous_tokens_are_signed_out_with_their_reason() {
    let forged = mint_with(
        9,
        json!({ "alg": "EdDSA", "kid": "ins_1" }),
        json!({ "sub": "user_1", "exp": NOW + 50 }),
    );
    let state = Req::get("https://app.example.com/")
        .header("authorization", &format!("Bearer {forged}"))
        .run(options(PK_LIVE));
    assert_eq!(state.reason(), Some("token-invalid-signature"));
    let state = Req::get("https://app.example.com/")
        .header("authorization", "Bearer a")
        .header("authorization", "Bearer b")
        .run(options(PK_LIVE));
    assert_eq!(state.reason(), Some("token-invalid"));
    let state = Req::get("https://app.example.com/")
        .cookie(&format!("__session=a; __session=b; {}", uat(1)))
        .run(options(PK_LIVE));
    assert_eq!(state.reason(), Some("token-invalid"));
}

#[test]
fn keys_that_cannot_be_had_are_their_own_reason() {
    let io = TestIo {
        jwks_down: true,
        ..Default::default()
    };
    let token = session(json!({}));
    let state = Req::get("https://app.example.com/")
        .header("authorization", &format!("Bearer {token}"))
        .run_with(options(PK_LIVE), &io);
    assert_eq!(state.reason(), Some("jwk-remote-failed-to-load"));
    assert_eq!(io.jwks_asked.borrow().as_slice(), ["ins_1"]);
}

#[test]
fn g_no_cookies_is_signed_out_never_a_handshake() {
    let state = Req::navigation("https://app.example.com/").run(options(PK_LIVE));
    assert_eq!(
        (state.status(), state.reason()),
        (AuthStatus::SignedOut, Some("session-token-and-uat-missing"))
    );
    assert_eq!(
        state.header("x-clerk-auth-reason"),
        Some("session-token-and-uat-missing")
    );
}

#[test]
fn f_development_without_dev_browser_goes_to_the_frontend_api() {
    let state = Req::navigation("https://app.example.com/dashboard?a=b%20c").run(options(PK_TEST));
    assert_eq!(
        (state.status(), state.reason()),
        (AuthStatus::Handshake, Some("dev-browser-missing"))
    );
    assert_eq!(
        state.header("location"),
        Some("https://clerk.example.com/v1/client/handshake?redirect_url=https%3A%2F%2Fapp.example.com%2Fdashboard%3Fa%3Db%2Bc&__clerk_api_version=2026-05-12&suffixed_cookies=false&__clerk_hs_reason=dev-browser-missing&format=nonce")
    );
    assert_eq!(state.header("cache-control"), Some("no-store"));
    assert_eq!(
        state.header("set-cookie"),
        Some("__clerk_redirect_count=1; SameSite=Lax; HttpOnly; Max-Age=2")
    );
    let fetch = Req::get("https://app.example.com/api")
        .header("sec-fetch-dest", "empty")
        .run(options(PK_TEST));
    assert_eq!(
        (fetch.status(), fetch.reason()),
        (AuthStatus::SignedOut, Some("dev-browser-missing"))
    );
}

#[test]
fn e_dev_browser_in_the_query_syncs() {
    let state =
        Req::navigation("https://app.example.com/?__clerk_db_jwt=dvb_2").run(options(PK_TEST));
    assert_eq!(state.reason(), Some("dev-browser-sync"));
    let location = state.header("location").unwrap();
    assert!(
        location.contains("redirect_url=https%3A%2F%2Fapp.example.com%2F&"),
        "{location}"
    );
    assert!(
        location.ends_with("&format=nonce&__clerk_db_jwt=dvb_2"),
        "{location}"
    );
}

#[test]
fn h_i_one_cookie_without_the_other_handshakes() {
    let token = session(json!({}));
    let state = Req::navigation("https://app.example.com/")
        .cookie(&format!("__session={token}"))
        .run(options(PK_LIVE));
    assert_eq!(state.reason(), Some("session-token-but-no-client-uat"));
    assert!(state
        .header("location")
        .unwrap()
        .contains(&format!("&__session={token}")));
    // A user who signed out (`__client_uat=0`) with a still-valid session cookie is not signed in.
    let state = Req::get("https://app.example.com/api")
        .cookie(&format!("__session={token}; __client_uat=0"))
        .run(options(PK_LIVE));
    assert_eq!(
        (state.status(), state.reason()),
        (
            AuthStatus::SignedOut,
            Some("session-token-but-no-client-uat")
        )
    );
    let state = Req::navigation("https://app.example.com/")
        .cookie(&uat(NOW - 100))
        .run(options(PK_LIVE));
    assert_eq!(
        (state.status(), state.reason()),
        (
            AuthStatus::Handshake,
            Some("client-uat-but-no-session-token")
        )
    );
}

#[test]
fn j_k_l_unverified_checks() {
    let state = Req::get("https://app.example.com/")
        .cookie(&format!("__session=garbage; {}", uat(1)))
        .run(options(PK_LIVE));
    assert_eq!(state.reason(), Some("token-invalid"));
    // A session switch: the token predates the client's last update.
    let token = session(json!({ "iat": NOW - 30 }));
    let state = Req::navigation("https://app.example.com/")
        .cookie(&format!("__session={token}; {}", uat(NOW - 5)))
        .run(options(PK_LIVE));
    assert_eq!(
        (state.status(), state.reason()),
        (
            AuthStatus::Handshake,
            Some("session-token-iat-before-client-uat")
        )
    );
    let state = Req::get("https://app.example.com/")
        .cookie(&format!("__session={token}; {}", uat(NOW - 30)))
        .run(options(PK_LIVE));
    assert_eq!(state.status(), AuthStatus::SignedIn);
}

#[test]
fn m_signed_in_with_cookies_in_development() {
    let token = session(json!({}));
    let state = Req::navigation("https://app.example.com/")
        .cookie(&format!("__session={token}; {}; {DB}", uat(NOW - 100)))
        .run(options(PK_TEST));
    assert_eq!(state.status(), AuthStatus::SignedIn);
    assert!(state.headers().is_empty());
    assert!(state.is_authenticated());
}

#[test]
fn m_time_errors_become_handshakes_and_others_signed_out() {
    let cases = [
        (
            json!({ "exp": NOW - 60, "iat": NOW - 120 }),
            "session-token-expired-refresh-non-eligible-no-refresh-cookie",
        ),
        (json!({ "nbf": NOW + 600 }), "session-token-nbf"),
        (
            json!({ "iat": NOW + 600, "exp": NOW + 900 }),
            "session-token-iat-in-the-future",
        ),
    ];
    for (claims, reason) in cases {
        let token = session(claims);
        let cookie = format!("__session={token}; {}", uat(NOW - 1000));
        let state = Req::navigation("https://app.example.com/")
            .cookie(&cookie)
            .run(options(PK_LIVE));
        assert_eq!(
            (state.status(), state.reason()),
            (AuthStatus::Handshake, Some(reason))
        );
        assert!(state.message().contains("token-carrier=cookie"));
        let post = Req::navigation("https://app.example.com/")
            .method("POST")
            .cookie(&cookie)
            .run(options(PK_LIVE));
        assert_eq!(post.status(), AuthStatus::SignedOut);
    }
    let token = session(json!({ "exp": NOW - 60, "iat": NOW - 120 }));
    let post = Req::navigation("https://app.example.com/")
        .method("POST")
        .cookie(&format!("__session={token}; {}", uat(1)))
        .run(options(PK_LIVE));
    assert_eq!(
        post.reason(),
        Some("session-token-expired-refresh-non-eligible-non-get")
    );
    let mut strict = options(PK_LIVE);
    strict.claims.authorized_parties = vec!["https://other.example".into()];
    let state = Req::navigation("https://app.example.com/")
        .cookie(&format!("__session={}; {}", session(json!({})), uat(1)))
        .run(strict);
    assert_eq!(
        (state.status(), state.reason()),
        (
            AuthStatus::SignedOut,
            Some("token-invalid-authorized-parties")
        )
    );
}

#[test]
fn m_cross_origin_navigation_to_the_primary_handshakes_once() {
    let cookie = format!("__session={}; {}", session(json!({})), uat(1));
    let nav = Req::navigation("https://app.example.com/").cookie(&cookie);
    let state = nav
        .clone()
        .header("referer", "https://satellite.example/page")
        .run(options(PK_LIVE));
    assert_eq!(state.reason(), Some("primary-domain-cross-origin-sync"));
    assert_eq!(
        state.message(),
        "Cross-origin request from satellite domain requires handshake"
    );
    for referer in [
        "https://app.example.com/x",
        "https://accounts.example.com/sign-in",
        "https://clerk.example.com/",
    ] {
        assert_eq!(
            nav.clone()
                .header("referer", referer)
                .run(options(PK_LIVE))
                .status(),
            AuthStatus::SignedIn,
            "{referer}"
        );
    }
    let looped = nav
        .clone()
        .header("referer", "https://satellite.example/")
        .cookie("__clerk_redirect_count=1");
    assert_eq!(looped.run(options(PK_LIVE)).status(), AuthStatus::SignedIn);
}

#[test]
fn loop_guard_stops_at_three_or_more() {
    let nav = Req::navigation("https://app.example.com/").cookie(&uat(NOW - 100));
    let state = nav
        .clone()
        .cookie("__clerk_redirect_count=2")
        .run(options(PK_LIVE));
    assert_eq!(
        state.header("set-cookie"),
        Some("__clerk_redirect_count=3; SameSite=Lax; HttpOnly; Max-Age=2")
    );
    for count in ["3", "4", "1000"] {
        let state = nav
            .clone()
            .cookie(&format!("__clerk_redirect_count={count}"))
            .run(options(PK_LIVE));
        assert_eq!(
            (state.status(), state.reason()),
            (
                AuthStatus::SignedOut,
                Some("client-uat-but-no-session-token")
            ),
            "{count}"
        );
        assert_eq!(state.header("location"), None);
    }
}

#[test]
fn suffixed_cookies_are_chosen_and_reported() {
    let suffix = clerk_edge::auth::cookies::cookie_suffix(PK_LIVE);
    let token = session(json!({}));
    let cookie = format!("__session_{suffix}={token}; __client_uat_{suffix}=1; __client_uat=0");
    let state = Req::get("https://app.example.com/")
        .cookie(&cookie)
        .run(options(PK_LIVE));
    assert_eq!(state.status(), AuthStatus::SignedIn);
    let expired = session(json!({ "exp": NOW - 60, "iat": NOW - 120 }));
    let cookie = format!("__session_{suffix}={expired}; __client_uat_{suffix}=1");
    let state = Req::navigation("https://app.example.com/")
        .cookie(&cookie)
        .run(options(PK_LIVE));
    assert!(state
        .header("location")
        .unwrap()
        .contains("&suffixed_cookies=true&"));
}

#[test]
fn pending_sessions_are_signed_out_in_to_auth_by_default() {
    let token = session(json!({ "sts": "pending" }));
    let state = Req::get("https://app.example.com/")
        .header("authorization", &format!("Bearer {token}"))
        .run(options(PK_LIVE));
    assert_eq!(state.status(), AuthStatus::SignedIn);
    assert_eq!(
        state.to_auth(true),
        Some(AuthObject::SignedOut {
            session_status: Some("pending")
        })
    );
    assert!(matches!(
        state.to_auth(false),
        Some(AuthObject::SignedIn(_))
    ));
}

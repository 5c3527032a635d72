//! Handshake resolution (§4), satellites (§2.2 B–D, §5), proxy URLs and server-side refresh (§2.4),
//! natively with scripted Backend API answers.

#[path = "support/request.rs"]
mod kit;

use clerk_edge::auth::AuthStatus;
use clerk_edge::http::TransportError;
use kit::*;
use serde_json::json;

fn handshake_token(seed: u8, directives: &[&str]) -> String {
    mint_with(
        seed,
        json!({ "alg": "EdDSA", "typ": "JWT", "kid": "ins_1" }),
        json!({ "handshake": directives }),
    )
}

fn set_cookies(state: &clerk_edge::auth::RequestState) -> Vec<&str> {
    state
        .headers()
        .iter()
        .filter(|(n, _)| n == "set-cookie")
        .map(|(_, v)| v.as_str())
        .collect()
}

#[test]
fn a_production_nonce_resolves_to_signed_in_with_the_cookies() {
    let token = session(json!({}));
    let directives = [
        format!("__session={token}; Path=/; Secure"),
        "__client_uat=1700000000; Path=/".to_string(),
    ];
    let io = TestIo::with_payload(&[&directives[0], &directives[1]]);
    let state = Req::get("https://app.example.com/dashboard")
        .cookie("__clerk_handshake_nonce=n_1")
        .run_with(options(PK_LIVE), &io);
    assert_eq!(state.status(), AuthStatus::SignedIn);
    assert_eq!(state.token(), Some(token.as_str()));
    assert_eq!(
        set_cookies(&state),
        [directives[0].as_str(), directives[1].as_str()]
    );
    assert_eq!(state.header("access-control-allow-origin"), Some("null"));
    assert_eq!(
        state.header("location"),
        None,
        "production resolution continues to the origin"
    );
    let sent = io.sent.borrow();
    assert_eq!(
        sent[0].url,
        "http://127.0.0.1:9/v1/clients/handshake_payload?nonce=n_1"
    );
    assert!(sent[0]
        .headers
        .contains(&("authorization".into(), format!("Bearer {SECRET}"))));
}

#[test]
fn a_nonce_without_a_session_or_without_an_answer_is_session_token_missing() {
    let io = TestIo::with_payload(&["__client_uat=0; Path=/"]);
    let state = Req::get("https://app.example.com/")
        .cookie("__clerk_handshake_nonce=n_1")
        .run_with(options(PK_LIVE), &io);
    assert_eq!(
        (state.status(), state.reason()),
        (AuthStatus::SignedOut, Some("session-token-missing"))
    );
    assert_eq!(set_cookies(&state), ["__client_uat=0; Path=/"]);
    let io = TestIo {
        answers: vec![("http://127.0.0.1:9/".into(), Err(TransportError::Timeout))],
        ..Default::default()
    };
    let state = Req::get("https://app.example.com/")
        .cookie("__clerk_handshake_nonce=n_1")
        .run_with(options(PK_LIVE), &io);
    assert_eq!(state.reason(), Some("session-token-missing"));
}

#[test]
fn a_development_handshake_token_redirects_to_the_clean_url() {
    let token = session(json!({}));
    let hs = handshake_token(
        7,
        &[
            &format!("__session={token}; Path=/"),
            "__clerk_db_jwt=dvb_9; Path=/",
        ],
    );
    let url = format!("https://app.example.com/page?x=1&__clerk_handshake={hs}&__clerk_help=1");
    let state = Req::navigation(&url).run(options(PK_TEST));
    assert_eq!(state.status(), AuthStatus::SignedIn);
    assert_eq!(
        state.header("location"),
        Some("https://app.example.com/page?x=1")
    );
    assert_eq!(state.header("cache-control"), Some("no-store"));
    assert_eq!(set_cookies(&state).len(), 2);
    // Expired by a clock skew within 24 h: development retries with a day's tolerance.
    let stale = session(json!({ "exp": NOW - 3600, "iat": NOW - 3660 }));
    let hs = handshake_token(7, &[&format!("__session={stale}")]);
    let state = Req::navigation(&format!("https://app.example.com/?__clerk_handshake={hs}"))
        .run(options(PK_TEST));
    assert_eq!(state.status(), AuthStatus::SignedIn);
}

#[test]
fn a_forged_handshake_token_never_sets_cookies() {
    let token = session(json!({}));
    let forged = handshake_token(9, &[&format!("__session={token}")]);
    // Development: signed-out with the verification reason (@clerk/backend throws).
    let state = Req::navigation(&format!(
        "https://app.example.com/?__clerk_handshake={forged}"
    ))
    .run(options(PK_TEST));
    assert_eq!(
        (state.status(), state.reason()),
        (AuthStatus::SignedOut, Some("token-invalid-signature"))
    );
    assert!(set_cookies(&state).is_empty());
    // Production: ignored, the request goes on with its own cookies.
    let state = Req::navigation("https://app.example.com/")
        .cookie(&format!("__clerk_handshake={forged}"))
        .run(options(PK_LIVE));
    assert_eq!(
        (state.status(), state.reason()),
        (AuthStatus::SignedOut, Some("session-token-and-uat-missing"))
    );
    assert!(set_cookies(&state).is_empty());
}

#[test]
fn b_production_satellite_syncs_only_when_asked() {
    let mut sat = options(PK_LIVE);
    sat.is_satellite = true;
    sat.domain = Some("satellite.example".into());
    let state = Req::navigation("https://satellite.example/").run(sat.clone());
    assert_eq!(
        (state.status(), state.reason()),
        (AuthStatus::SignedOut, Some("session-token-and-uat-missing"))
    );
    let state = Req::navigation("https://satellite.example/?__clerk_synced=false").run(sat.clone());
    assert_eq!(state.reason(), Some("satellite-needs-syncing"));
    assert!(state
        .header("location")
        .unwrap()
        .starts_with("https://clerk.satellite.example/v1/client/handshake?redirect_url="));
    sat.satellite_auto_sync = true;
    let state = Req::navigation("https://satellite.example/").run(sat.clone());
    assert_eq!(state.reason(), Some("satellite-needs-syncing"));
    let state = Req::navigation("https://satellite.example/?__clerk_synced=true").run(sat);
    assert_eq!(state.reason(), Some("session-token-and-uat-missing"));
}

#[test]
fn c_d_development_satellite_and_primary_sync() {
    let mut sat = options(PK_TEST);
    sat.is_satellite = true;
    sat.domain = Some("satellite.example".into());
    sat.sign_in_url = Some("https://app.example.com/sign-in".into());
    let state = Req::navigation("https://satellite.example/p?__clerk_synced=false").run(sat);
    assert_eq!(state.reason(), Some("satellite-needs-syncing"));
    assert_eq!(
        state.header("location"),
        Some("https://app.example.com/sign-in?__clerk_redirect_url=https%3A%2F%2Fsatellite.example%2Fp%3F__clerk_synced%3Dfalse")
    );
    let back = "https://app.example.com/sign-in?__clerk_redirect_url=https%3A%2F%2Fsatellite.example%2Fp%3F__clerk_synced%3Dfalse";
    let state = Req::navigation(back)
        .cookie("__clerk_db_jwt=dvb_1")
        .run(options(PK_TEST));
    assert_eq!(state.reason(), Some("primary-responds-to-syncing"));
    assert_eq!(
        state.header("location"),
        Some("https://satellite.example/p?__clerk_synced=true&__clerk_db_jwt=dvb_1")
    );
}

#[test]
fn proxy_urls_carry_the_handshake() {
    let mut proxied = options(PK_LIVE);
    proxied.proxy_url = Some("/__clerk".into());
    let nav = Req::navigation("http://10.0.0.1:8080/a")
        .header("x-forwarded-host", "app.example.com")
        .header("x-forwarded-proto", "https")
        .cookie("__client_uat=5");
    let state = nav.run(proxied.clone());
    let location = state.header("location").unwrap();
    assert!(location.starts_with("https://app.example.com/__clerk/v1/client/handshake?redirect_url=https%3A%2F%2Fapp.example.com%2Fa&"), "{location}");
    proxied.proxy_url = Some("https://example.com/clerk/".into());
    let state = nav.run(proxied);
    assert!(state
        .header("location")
        .unwrap()
        .starts_with("https://example.com/clerk/v1/client/handshake?"));
}

#[test]
fn expired_session_with_a_refresh_cookie_is_refreshed_server_side() {
    let suffix = clerk_edge::auth::cookies::cookie_suffix(PK_LIVE);
    let expired = session(json!({ "exp": NOW - 60, "iat": NOW - 120 }));
    let fresh = session(json!({ "iat": NOW - 1 }));
    let body = json!({ "object": "cookies", "cookies": [format!("__session={fresh}; Path=/")] });
    let io = TestIo {
        answers: vec![(
            "http://127.0.0.1:9/v1/sessions/sess_1/refresh".into(),
            Ok(ok(body.to_string().into_bytes())),
        )],
        ..Default::default()
    };
    let cookie = format!("__session={expired}; __client_uat=1; __refresh_{suffix}=rt_1");
    let state = Req::get("https://app.example.com/")
        .cookie(&cookie)
        .run_with(options(PK_LIVE), &io);
    assert_eq!(state.status(), AuthStatus::SignedIn);
    assert_eq!(state.token(), Some(fresh.as_str()));
    let sent = io.sent.borrow();
    assert_eq!(
        sent[0].url,
        "http://127.0.0.1:9/v1/sessions/sess_1/refresh?suffixed_cookies=false"
    );
    let body: serde_json::Value = serde_json::from_slice(sent[0].body.as_deref().unwrap()).unwrap();
    assert_eq!(
        (body["refresh_token"].as_str(), body["format"].as_str()),
        (Some("rt_1"), Some("cookie"))
    );
    let failing = TestIo::default();
    let state = Req::navigation("https://app.example.com/")
        .cookie(&cookie)
        .run_with(options(PK_LIVE), &failing);
    assert_eq!(
        state.reason(),
        Some("session-token-expired-refresh-unexpected-bapi-error")
    );
}

//! Machine tokens through the request core: `acceptsToken`, local machine JWTs, opaque tokens
//! through a scripted Backend API, and the verdict cache (machine-webhooks-proxy.md).

#[path = "support/request.rs"]
mod kit;

use clerk_edge::auth::{AcceptsToken, AuthenticateOptions, RequestState, TokenType};
use clerk_edge::http::HttpResponse;
use kit::*;
use serde_json::{json, Value};

const API: &str = "http://127.0.0.1:9";

fn accepting(accepts: AcceptsToken) -> AuthenticateOptions {
    AuthenticateOptions {
        accepts_token: accepts,
        ..options(PK_LIVE)
    }
}

fn one(t: TokenType) -> AuthenticateOptions {
    accepting(AcceptsToken::One(t))
}

fn bearer(token: &str) -> Req {
    Req::get(&format!("{APP}/api")).header("authorization", &format!("Bearer {token}"))
}

fn answer(path: &str, status: u16, body: Value) -> TestIo {
    TestIo {
        answers: vec![(
            format!("{API}{path}"),
            Ok(HttpResponse {
                status,
                headers: vec![],
                body: body.to_string().into_bytes(),
            }),
        )],
        ..Default::default()
    }
}

fn auth_json(state: &RequestState) -> Value {
    serde_json::to_value(state.to_auth(true)).unwrap()
}

fn api_key(subject: &str) -> Value {
    json!({
        "object": "api_key", "id": "ak_id_1", "type": "api_key", "name": "ci", "subject": subject,
        "scopes": ["read", "write"], "claims": { "team": "a" }, "revoked": false,
        "revocation_reason": null, "expired": false, "expiration": null,
    })
}

#[test]
fn api_key_is_verified_by_the_backend_api() {
    let io = answer("/api_keys/verify", 200, api_key("user_9"));
    let state = bearer("ak_live_secret").run_with(one(TokenType::ApiKey), &io);
    assert!(state.is_authenticated(), "{:?}", state.reason());
    assert_eq!(state.token_type(), Some(TokenType::ApiKey));
    let auth = auth_json(&state);
    assert_eq!(auth["tokenType"], "api_key");
    assert_eq!(auth["userId"], "user_9");
    assert_eq!(auth["orgId"], Value::Null);
    assert_eq!(auth["scopes"], json!(["read", "write"]));
    assert_eq!(auth["claims"], json!({ "team": "a" }));
    assert_eq!(auth["name"], "ci");
    assert!(state.machine().unwrap().has_scope("write"));
    let sent = io.sent.borrow();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].method, "POST");
    assert_eq!(sent[0].url, format!("{API}/api_keys/verify"));
    let body: Value = serde_json::from_slice(sent[0].body.as_ref().unwrap()).unwrap();
    assert_eq!(body, json!({ "secret": "ak_live_secret" }));
    assert!(sent[0]
        .headers
        .contains(&("authorization".into(), format!("Bearer {SECRET}"))));
    assert!(sent[0]
        .headers
        .contains(&("clerk-api-version".into(), "2026-05-12".into())));
}

#[test]
fn org_api_keys_and_each_endpoint() {
    let io = answer("/api_keys/verify", 200, api_key("org_3"));
    let state = bearer("ak_x").run_with(one(TokenType::ApiKey), &io);
    assert_eq!(auth_json(&state)["orgId"], "org_3");
    assert_eq!(auth_json(&state)["userId"], Value::Null);

    let m2m = json!({ "id": "mt_id", "subject": "mch_7", "scopes": ["mch_8"], "claims": null,
        "revoked": false, "expired": false, "expiration": NOW_MS + 600_000.0 });
    let io = answer("/m2m_tokens/verify", 200, m2m);
    let opts = AuthenticateOptions {
        machine_secret_key: Some("ak_machine".into()),
        ..one(TokenType::M2mToken)
    };
    let state = bearer("mt_secret").run_with(opts, &io);
    let auth = auth_json(&state);
    assert_eq!(
        (auth["tokenType"].as_str(), auth["machineId"].as_str()),
        (Some("m2m_token"), Some("mch_7"))
    );
    let sent = io.sent.borrow();
    assert!(sent[0]
        .headers
        .contains(&("authorization".into(), "Bearer ak_machine".into())));
    let body: Value = serde_json::from_slice(sent[0].body.as_ref().unwrap()).unwrap();
    assert_eq!(body, json!({ "token": "mt_secret" }));

    let oauth = json!({ "id": "oat_id", "client_id": "client_1", "subject": "user_5",
        "scopes": ["profile"], "revoked": false, "expired": false, "expiration": null });
    let io = answer("/oauth_applications/access_tokens/verify", 200, oauth);
    let state = bearer("oat_secret").run_with(one(TokenType::OAuthToken), &io);
    let auth = auth_json(&state);
    assert_eq!(
        (auth["userId"].as_str(), auth["clientId"].as_str()),
        (Some("user_5"), Some("client_1"))
    );
    let body: Value = serde_json::from_slice(io.sent.borrow()[0].body.as_ref().unwrap()).unwrap();
    assert_eq!(body, json!({ "access_token": "oat_secret" }));
}

#[test]
fn revoked_expired_and_failed_answers_sign_out() {
    let with = |patch: Value| {
        let mut body = api_key("user_1");
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        body
    };
    let cases = [
        (200, with(json!({ "revoked": true })), "token-invalid"),
        (200, with(json!({ "expired": true })), "token-expired"),
        (
            200,
            with(json!({ "expiration": NOW_MS - 1.0 })),
            "token-expired",
        ),
        (200, json!({ "id": "ak_1" }), "unexpected-error"),
        (200, json!([1]), "unexpected-error"),
        (404, json!({ "errors": [] }), "token-invalid"),
        (
            401,
            json!({ "errors": [{ "message": "bad key" }] }),
            "secret-key-invalid",
        ),
        (429, json!({}), "unexpected-error"),
        (503, json!({}), "unexpected-error"),
    ];
    for (status, body, reason) in cases {
        let io = answer("/api_keys/verify", status, body.clone());
        let state = bearer("ak_x").run_with(one(TokenType::ApiKey), &io);
        assert!(!state.is_authenticated(), "{status} {body}");
        assert_eq!(state.reason(), Some(reason), "{status} {body}");
        assert_eq!(state.token_type(), Some(TokenType::ApiKey));
        let auth = auth_json(&state);
        assert_eq!(
            (auth["tokenType"].as_str(), &auth["userId"]),
            (Some("api_key"), &Value::Null)
        );
        assert!(!state.message().contains("ak_x"), "{}", state.message());
    }
    let io = TestIo::default();
    let state = bearer("ak_x").run_with(one(TokenType::ApiKey), &io);
    assert_eq!(state.reason(), Some("unexpected-error"));
    assert!(
        state.message().contains("status=n/a"),
        "{}",
        state.message()
    );
}

#[test]
fn verdicts_are_remembered_by_digest_within_their_lifetimes() {
    // A valid key: one call for two requests; the store holds no token.
    let io = answer("/api_keys/verify", 200, api_key("user_1"));
    for _ in 0..2 {
        assert!(bearer("ak_repeat")
            .run_with(one(TokenType::ApiKey), &io)
            .is_authenticated());
    }
    assert_eq!(io.sent.borrow().len(), 1);
    let store = io.verdicts.borrow();
    let (key, (text, ttl)) = store.iter().next().unwrap();
    assert!(key.starts_with("mtv1:") && key.len() == 5 + 64, "{key}");
    assert!(!key.contains("ak_repeat") && !text.contains("ak_repeat"));
    assert_eq!(*ttl, 60_000);
    drop(store);
    // 61 s later the verdict is stale: the API is asked again.
    assert!(bearer("ak_repeat")
        .run_at(one(TokenType::ApiKey), &io, NOW_MS + 61_000.0)
        .is_authenticated());
    assert_eq!(io.sent.borrow().len(), 2);

    // Unknown tokens: remembered 30 s.
    let io = answer("/api_keys/verify", 404, json!({}));
    for _ in 0..3 {
        let state = bearer("ak_forged").run_with(one(TokenType::ApiKey), &io);
        assert_eq!(state.reason(), Some("token-invalid"));
    }
    assert_eq!(io.sent.borrow().len(), 1);
    assert_eq!(io.verdicts.borrow().values().next().unwrap().1, 30_000);
    bearer("ak_forged").run_at(one(TokenType::ApiKey), &io, NOW_MS + 31_000.0);
    assert_eq!(io.sent.borrow().len(), 2);

    // Outages are never remembered.
    let io = answer("/api_keys/verify", 503, json!({}));
    for _ in 0..2 {
        bearer("ak_x").run_with(one(TokenType::ApiKey), &io);
    }
    assert_eq!(io.sent.borrow().len(), 2);
    assert!(io.verdicts.borrow().is_empty());

    // A token expiring in 10 s is remembered 10 s; the cache can be turned off.
    let mut body = api_key("user_1");
    body["expiration"] = json!(NOW_MS + 10_000.0);
    let io = answer("/api_keys/verify", 200, body);
    bearer("ak_short").run_with(one(TokenType::ApiKey), &io);
    assert_eq!(io.verdicts.borrow().values().next().unwrap().1, 10_000);
    let off = AuthenticateOptions {
        machine_verdicts: clerk_edge::auth::machine::verdicts::VerdictLifetimes::OFF,
        ..one(TokenType::ApiKey)
    };
    let io = answer("/api_keys/verify", 200, api_key("user_1"));
    for _ in 0..2 {
        bearer("ak_x").run_with(off.clone(), &io);
    }
    assert_eq!(io.sent.borrow().len(), 2);
    assert!(io.verdicts.borrow().is_empty());
}

#[test]
fn rate_limited_clients_get_a_reason_not_an_api_call() {
    let mut io = answer("/api_keys/verify", 200, api_key("user_1"));
    io.rate_limited = Some(7);
    let state = bearer("ak_x").run_with(one(TokenType::ApiKey), &io);
    assert_eq!(state.reason(), Some("too-many-requests"));
    assert!(io.sent.borrow().is_empty());
}

fn m2m_jwt(header: Value, extra: Value) -> String {
    let mut claims = json!({ "sub": "mch_1", "jti": "mt_jti", "iat": NOW - 5, "exp": NOW + 300,
        "scopes": "mch_2 mch_3", "iss": "https://clerk.example.com", "team": "ops" });
    for (k, v) in extra.as_object().unwrap() {
        claims[k] = v.clone();
    }
    let mut h = json!({ "alg": "EdDSA", "typ": "JWT", "kid": "ins_1" });
    for (k, v) in header.as_object().unwrap() {
        h[k] = v.clone();
    }
    mint_with(7, h, claims)
}

#[test]
fn machine_jwts_verify_locally() {
    let io = TestIo::default();
    let token = m2m_jwt(json!({ "cat": "cl_B7d4PD333AAA" }), json!({}));
    let state = bearer(&token).run_with(one(TokenType::M2mToken), &io);
    assert!(
        state.is_authenticated(),
        "{:?} {}",
        state.reason(),
        state.message()
    );
    let auth = auth_json(&state);
    assert_eq!(auth["machineId"], "mch_1");
    assert_eq!(auth["id"], "mt_jti");
    assert_eq!(auth["scopes"], json!(["mch_2", "mch_3"]));
    assert_eq!(
        auth["claims"],
        json!({ "scopes": "mch_2 mch_3", "team": "ops" })
    );
    assert!(io.sent.borrow().is_empty());

    let wrong_cat = m2m_jwt(json!({ "cat": "cl_B7d4PD111AAA" }), json!({}));
    let state = bearer(&wrong_cat).run_with(one(TokenType::M2mToken), &io);
    assert_eq!(state.reason(), Some("token-invalid"));
    let expired = m2m_jwt(json!({}), json!({ "exp": NOW - 60 }));
    let state = bearer(&expired).run_with(one(TokenType::M2mToken), &io);
    assert_eq!(state.reason(), Some("token-verification-failed"));
    let forged = mint_with(
        9,
        json!({ "alg": "EdDSA", "kid": "ins_1" }),
        json!({ "sub": "mch_1", "exp": NOW + 60 }),
    );
    let state = bearer(&forged).run_with(one(TokenType::M2mToken), &io);
    assert_eq!(state.reason(), Some("token-verification-failed"));
    assert!(
        state.message().contains("code=token-verification-failed"),
        "{}",
        state.message()
    );

    let oauth = mint_with(
        7,
        json!({ "alg": "EdDSA", "typ": "at+jwt", "kid": "ins_1" }),
        json!({ "sub": "user_4", "client_id": "cl_1", "scp": ["email"], "aud": "https://api.example",
            "jti": "oat_j", "iat": NOW - 5, "exp": NOW + 300 }),
    );
    let state = bearer(&oauth).run_with(one(TokenType::OAuthToken), &io);
    let auth = auth_json(&state);
    assert_eq!(
        (auth["userId"].as_str(), auth["clientId"].as_str()),
        (Some("user_4"), Some("cl_1"))
    );
    assert_eq!(auth["scopes"], json!(["email"]));
    let mut opts = one(TokenType::OAuthToken);
    opts.claims.audience = Some(vec!["https://other.example".into()]);
    let state = bearer(&oauth).run_with(opts, &io);
    assert_eq!(state.reason(), Some("token-verification-failed"));
    // Without keys at all (JWKS down): the key reason, so callers can answer an outage.
    let down = TestIo {
        jwks_down: true,
        ..Default::default()
    };
    let state = bearer(&token).run_with(one(TokenType::M2mToken), &down);
    assert!(
        state.reason().unwrap().starts_with("jwk-"),
        "{:?}",
        state.reason()
    );
}

#[test]
fn accepts_token_forms_follow_clerk() {
    let io = TestIo::default();
    let session_token = session(json!({}));
    // One machine type: other tokens are a mismatch of that type; no token is "No token in header".
    let state = bearer(&session_token).run_with(one(TokenType::M2mToken), &io);
    assert_eq!(
        (state.reason(), state.token_type()),
        (Some("token-type-mismatch"), Some(TokenType::M2mToken))
    );
    assert_eq!(auth_json(&state)["machineId"], Value::Null);
    let state = bearer("ak_x").run_with(one(TokenType::M2mToken), &io);
    assert_eq!(state.reason(), Some("token-type-mismatch"));
    let state = Req::get(APP)
        .cookie("__session=x")
        .run_with(one(TokenType::ApiKey), &io);
    assert_eq!(
        (state.reason(), state.token_type()),
        (Some("No token in header"), Some(TokenType::ApiKey))
    );
    // A list without the token's type: the invalid-token object (tokenType null).
    let list = AcceptsToken::from_names(&["session_token", "api_key"]).unwrap();
    let state = bearer("mt_x").run_with(accepting(list), &io);
    assert_eq!(
        (state.reason(), state.token_type()),
        (Some("token-type-mismatch"), None)
    );
    assert_eq!(
        auth_json(&state),
        json!({ "tokenType": null, "isAuthenticated": false })
    );
    // A list or any with a session token in the header: the session is verified.
    let state = bearer(&session_token).run_with(accepting(list), &io);
    assert_eq!(state.token_type(), Some(TokenType::SessionToken));
    assert!(state.is_authenticated(), "{:?}", state.reason());
    let state = bearer(&session_token).run_with(accepting(AcceptsToken::Any), &io);
    assert!(state.is_authenticated());
    assert_eq!(auth_json(&state)["tokenType"], "session_token");
    // Machine tokens never come from cookies: with `any`, a machine JWT cookie is a mismatch.
    let m2m = m2m_jwt(json!({}), json!({}));
    let state = Req::get(APP)
        .cookie(&format!("__session={m2m}; __client_uat={}", NOW - 100))
        .run_with(accepting(AcceptsToken::Any), &io);
    assert_eq!(state.reason(), Some("token-type-mismatch"));
    // Session-only (the default) refuses machine JWTs in the header.
    let state = bearer(&m2m).run_with(options(PK_LIVE), &io);
    assert_eq!(state.reason(), Some("token-type-mismatch"));
    // No secret at all: opaque tokens cannot be verified, with a clear reason.
    let opts = AuthenticateOptions {
        secret_key: None,
        jwt_key: None,
        ..one(TokenType::ApiKey)
    };
    let state = bearer("ak_x").run_with(opts, &io);
    assert_eq!(state.reason(), Some("secret-key-invalid"));
}

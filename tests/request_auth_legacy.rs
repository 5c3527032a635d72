//! The legacy header-or-cookie path (`auth::request`) the guard and the npm package still use.
//!
//! Tokens are minted here with a fixed Ed25519 key (deterministic signatures), so
//! every claim can be varied per test; Clerk's RS256 goes through the same pipeline.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ed25519_dalek::{Signer, SigningKey};
use serde_json::{json, Value};

use clerk_edge::auth::request::{
    authenticate_request, cookie_suffix, finish_request, prepare_request, AuthStatus,
    AuthenticateOptions, RequestAuth, TokenCarrier, REASON_TOKEN_MISSING,
};
use clerk_edge::guard::headers::{identity_headers, USER_ID};
use clerk_edge::keys::{KeySet, PublicKey};
use clerk_edge::token::KeySource;

/// 2023-11-14T22:13:20Z, in ms.
const NOW_MS: f64 = 1_700_000_000_000.0;
const NOW: i64 = 1_700_000_000;
const PK: &str = "pk_test_Y2xlcmsuZXhhbXBsZS5jb20k";

fn signing_key() -> SigningKey {
    SigningKey::from_bytes(&[7; 32])
}

fn jwk(kid: &str) -> Value {
    let x = URL_SAFE_NO_PAD.encode(signing_key().verifying_key().as_bytes());
    json!({ "kty": "OKP", "crv": "Ed25519", "x": x, "kid": kid, "alg": "EdDSA", "use": "sig" })
}

fn public_key() -> PublicKey {
    PublicKey::from_jwk(&jwk("ins_1")).unwrap()
}

fn mint_with(header: Value, payload: Value) -> String {
    let h = URL_SAFE_NO_PAD.encode(header.to_string());
    let p = URL_SAFE_NO_PAD.encode(payload.to_string());
    let signature = signing_key().sign(format!("{h}.{p}").as_bytes());
    format!("{h}.{p}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
}

fn claims(sub: &str) -> Value {
    json!({
        "sub": sub, "sid": "sess_1", "iss": "https://clerk.example.com",
        "azp": "https://app.example.com", "iat": NOW - 10, "nbf": NOW - 10, "exp": NOW + 60,
    })
}

fn mint(payload: Value) -> String {
    mint_with(
        json!({ "alg": "EdDSA", "typ": "JWT", "kid": "ins_1" }),
        payload,
    )
}

fn run(headers: &[(&str, &str)], options: &AuthenticateOptions) -> RequestAuth {
    let key = public_key();
    authenticate_request(
        "GET",
        "https://app.example.com/dashboard",
        headers,
        KeySource::Single(&key),
        options,
        NOW_MS,
    )
}

fn signed_in_sub(outcome: &RequestAuth) -> (&str, TokenCarrier) {
    match outcome {
        RequestAuth::SignedIn { claims, carrier } => (claims.sub(), *carrier),
        other => panic!("expected signed in, got {other:?}"),
    }
}

#[test]
fn cookie_suffix_matches_clerks_get_cookie_suffix() {
    // Printed by `node tests/fixtures/request/cookie_suffix_oracle.mjs` (@clerk/shared's getCookieSuffix).
    for (key, expected) in [
        ("pk_test_Y2xlcmsuZXhhbXBsZS5jb20k", "l2OS3d9k"),
        ("pk_live_Y2xlcmsuYWNtZS5jb20k", "lA0f9hBU"),
        (
            "pk_test_Zm9vLWJhci0xMy5jbGVyay5hY2NvdW50cy5kZXYk",
            "nx2hSE6I",
        ),
        ("pk_live_Y2xlcmsuY2xlcmsuY29tJA", "DvIHvy3E"),
    ] {
        assert_eq!(cookie_suffix(key), expected, "{key}");
    }
}

#[test]
fn bearer_header_signs_in() {
    let token = mint(claims("user_1"));
    let outcome = run(
        &[("Authorization", &format!("Bearer {token}"))],
        &Default::default(),
    );
    assert_eq!(outcome.status(), AuthStatus::SignedIn);
    assert_eq!(signed_in_sub(&outcome), ("user_1", TokenCarrier::Header));
    assert_eq!(outcome.auth().unwrap().session_id(), Some("sess_1"));
    assert_eq!(outcome.reason(), None);
}

#[test]
fn suffixed_cookie_is_preferred_and_plain_cookie_is_the_fallback() {
    let options = AuthenticateOptions::for_publishable_key(PK);
    let (plain, suffixed) = (mint(claims("user_plain")), mint(claims("user_suffixed")));
    let both = format!("__session={plain}; __session_l2OS3d9k={suffixed}");
    let outcome = run(&[("Cookie", &both)], &options);
    assert_eq!(
        signed_in_sub(&outcome),
        ("user_suffixed", TokenCarrier::Cookie)
    );
    let only_plain = format!("theme=dark; __session=\"{plain}\"");
    let outcome = run(&[("cookie", &only_plain)], &options);
    assert_eq!(
        signed_in_sub(&outcome),
        ("user_plain", TokenCarrier::Cookie)
    );
    // Without a configured suffix the suffixed cookie is not read.
    let outcome = run(&[("cookie", &both)], &Default::default());
    assert_eq!(signed_in_sub(&outcome).0, "user_plain");
}

#[test]
fn header_wins_over_cookie_even_when_the_header_token_is_bad() {
    let good = mint(claims("user_cookie"));
    let expired = mint(json!({ "sub": "user_header", "exp": NOW - 3600 }));
    let cookie = format!("__session={good}");
    let bearer = format!("Bearer {expired}");
    let outcome = run(
        &[("cookie", &cookie), ("authorization", &bearer)],
        &Default::default(),
    );
    assert_eq!(outcome.reason(), Some("token-expired"));
    // A non-Bearer Authorization header is ignored: the cookie is used.
    let outcome = run(
        &[("authorization", "Basic dXNlcjpwdw=="), ("cookie", &cookie)],
        &Default::default(),
    );
    assert_eq!(
        signed_in_sub(&outcome),
        ("user_cookie", TokenCarrier::Cookie)
    );
}

#[test]
fn ambiguous_requests_are_signed_out_with_token_invalid() {
    let (a, b) = (mint(claims("user_a")), mint(claims("user_b")));
    let cases: Vec<Vec<(&str, String)>> = vec![
        vec![
            ("authorization", format!("Bearer {a}")),
            ("authorization", format!("Bearer {b}")),
        ],
        vec![("authorization", format!("Bearer {a}, Bearer {b}"))],
        vec![("cookie", format!("__session={a}; __session={b}"))],
        vec![
            ("cookie", format!("__session={a}")),
            ("cookie", format!("__session={b}")),
        ],
        vec![(
            "cookie",
            format!("__session={a}; pad={}", "x".repeat(40_000)),
        )],
    ];
    for headers in cases {
        let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let outcome = run(&headers, &Default::default());
        assert_eq!(outcome.reason(), Some("token-invalid"), "{headers:?}");
        let RequestAuth::SignedOut { message, .. } = &outcome else {
            unreachable!()
        };
        assert!(!message.contains(&a) && !message.contains(&b), "{message}");
    }
    // The same token twice is not ambiguous.
    let twice = format!("__session={a}; __session={a}");
    assert!(run(&[("cookie", &twice)], &Default::default()).is_signed_in());
}

#[test]
fn verification_failures_keep_clerks_reasons() {
    let token = mint(claims("user_1"));
    let mut tampered = token.clone();
    tampered.replace_range(tampered.len() - 4.., "AAAA");
    let mut options = AuthenticateOptions::default();
    let cases = [
        (
            mint(json!({ "sub": "u", "exp": NOW - 3600 })),
            "token-expired",
        ),
        (
            mint(json!({ "sub": "u", "exp": NOW + 60, "nbf": NOW + 600 })),
            "token-not-active-yet",
        ),
        (tampered, "token-invalid-signature"),
        (
            mint(json!({ "sub": "mch_1", "exp": NOW + 60 })),
            "token-type-mismatch",
        ),
        ("a.b".to_string(), "token-invalid"),
    ];
    for (token, reason) in cases {
        let bearer = format!("Bearer {token}");
        assert_eq!(
            run(&[("authorization", &bearer)], &options).reason(),
            Some(reason)
        );
    }
    options.claims.authorized_parties = vec!["https://other.example.com".into()];
    let bearer = format!("Bearer {token}");
    let outcome = run(&[("authorization", &bearer)], &options);
    assert_eq!(outcome.reason(), Some("token-invalid-authorized-parties"));
    let outcome = run(&[("x-other", "1")], &options);
    assert_eq!(outcome.reason(), Some(REASON_TOKEN_MISSING));
    assert_eq!(outcome.status().as_str(), "signed-out");
}

#[test]
fn jwks_kid_must_match() {
    let set =
        KeySet::from_jwks_json(json!({ "keys": [jwk("ins_1")] }).to_string().as_bytes()).unwrap();
    let options = AuthenticateOptions::default();
    let other_kid = mint_with(json!({ "alg": "EdDSA", "kid": "ins_2" }), claims("user_1"));
    for (token, expected) in [
        (mint(claims("user_1")), None),
        (other_kid, Some("jwk-kid-mismatch")),
    ] {
        let headers = [("authorization", format!("Bearer {token}"))];
        let outcome =
            authenticate_request("GET", "/", &headers, KeySource::Set(&set), &options, NOW_MS);
        assert_eq!(outcome.reason(), expected);
    }
}

#[test]
fn split_pipeline_takes_an_external_signature_verdict() {
    let key = public_key();
    let options = AuthenticateOptions::default();
    let headers = [(
        "authorization".to_string(),
        format!("Bearer {}", mint(claims("user_1"))),
    )];
    let prepared = prepare_request(&headers, KeySource::Single(&key), &options).unwrap();
    assert_eq!(prepared.carrier, TokenCarrier::Header);
    assert_eq!(prepared.verification.alg.as_str(), "EdDSA");
    let rejected = finish_request(prepared.clone(), false, &options, NOW_MS);
    assert_eq!(rejected.reason(), Some("token-invalid-signature"));
    let v = &prepared.verification;
    let (message, signature) = (v.token.signing_input, &v.token.signature);
    let valid = clerk_edge::crypto::verify_signature(v.alg, v.key, message, signature);
    let outcome = finish_request(prepared, valid, &options, NOW_MS);
    assert_eq!(signed_in_sub(&outcome).0, "user_1");
    let missing = prepare_request(&[("cookie", "a=b")], KeySource::Single(&key), &options);
    assert_eq!(missing.unwrap_err().reason(), Some(REASON_TOKEN_MISSING));
}

#[test]
fn signed_in_requests_yield_identity_headers() {
    let mut payload = claims("user_1");
    payload["org_id"] = json!("org_1");
    payload["org_permissions"] = json!(["org:a:read"]);
    let bearer = format!("Bearer {}", mint(payload));
    let outcome = run(&[("authorization", &bearer)], &Default::default());
    let headers = identity_headers(&outcome.auth().unwrap());
    assert_eq!(headers[0], (USER_ID, "user_1".to_string()));
    assert!(headers.contains(&("x-clerk-org-permissions", "org:a:read".to_string())));
}

#[test]
fn arbitrary_headers_never_panic() {
    const PIECES: &str = "Bearer| |\t|=|;|,|\"|__session|_l2OS3d9k|é|a.b.c|\0";
    let pieces: Vec<&str> = PIECES.split('|').collect();
    let key = public_key();
    let options = AuthenticateOptions::for_publishable_key(PK);
    let mut state: u64 = 42;
    for _ in 0..2_000 {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        let value: String = (0..(state >> 60) as usize)
            .map(|i| pieces[(state >> (i * 5 % 55)) as usize % pieces.len()])
            .collect();
        let headers = [
            ("authorization", value.as_str()),
            ("cookie", value.as_str()),
        ];
        for headers in [&headers[..], &headers[1..]] {
            let keys = KeySource::Single(&key);
            let outcome = authenticate_request("GET", "/", headers, keys, &options, NOW_MS);
            assert!(!outcome.is_signed_in());
        }
    }
}

//! Session claims and the `Auth` view through the public API; runs natively and under `wasm-pack test --node`.
//!
//! This file covers claim parsing; `claims/auth.rs` covers `Auth` and `has()`,
//! including the cases of `fixtures/clerk_auth_cases.json`, which hold what
//! Clerk's own JavaScript answers for the same payloads (see `fixtures/README.md`).

use clerk_edge::auth::{Auth, AuthCheck};
use clerk_edge::token::claims::{ClaimsError, SessionClaims};
use clerk_edge::Reason;
use serde_json::{json, Map, Value};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[path = "claims/auth.rs"]
mod auth;

fn payload(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("payload must be an object, got {other}"),
    }
}

fn claims(value: Value) -> SessionClaims {
    SessionClaims::from_payload(payload(value)).expect("valid claims")
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn reads_a_v1_token() {
    let c = claims(json!({
        "sub": "user_1", "sid": "sess_1", "azp": "https://example.com", "iss": "https://clerk.example.com",
        "exp": 1700000060, "iat": 1700000000, "nbf": 1699999990.5, "jti": "jti_1", "sts": "active",
        "org_id": "org_1", "org_slug": "acme", "org_role": "org:admin",
        "org_permissions": ["org:sys_memberships:read"],
        // Ignored in v1: only v2 tokens carry `o`.
        "o": {"id": "org_other"},
    }));
    assert_eq!(c.sub(), "user_1");
    assert_eq!(c.sid(), Some("sess_1"));
    assert_eq!(c.azp(), Some("https://example.com"));
    assert_eq!(c.iss(), Some("https://clerk.example.com"));
    assert_eq!(
        (c.exp(), c.iat(), c.nbf()),
        (
            Some(1_700_000_060),
            Some(1_700_000_000),
            Some(1_699_999_990)
        )
    );
    assert_eq!(c.jti(), Some("jti_1"));
    assert_eq!(c.sts(), Some("active"));
    assert_eq!(c.version(), 1);
    assert_eq!(
        (c.act(), c.fva(), c.features(), c.plans()),
        (None, None, None, None)
    );
    let org = c.org().unwrap();
    assert_eq!(org.id, "org_1");
    assert_eq!(org.slug.as_deref(), Some("acme"));
    assert_eq!(org.role.as_deref(), Some("org:admin"));
    assert_eq!(org.permissions, strings(&["org:sys_memberships:read"]));
}

#[test]
fn v1_organization_needs_an_id() {
    let c = claims(
        json!({"sub": "user_1", "org_id": "", "org_role": "org:admin", "org_permissions": ["org:a:b"]}),
    );
    assert_eq!(c.org(), None);
    assert!(!Auth::new(&c).has(&AuthCheck::role("org:admin")));
}

#[test]
fn decodes_v2_organization_permissions_like_clerk() {
    let c = claims(json!({
        "v": 2, "sub": "user_2", "sid": "sess_2", "fva": [3, -1],
        "fea": "o:dashboard,o:impersonation,u:x", "pla": "u:free_user,o:pro",
        "o": {"id": "org_2a", "slg": "acme", "rol": "admin", "per": "read,manage", "fpm": "3,2"},
        // Ignored in v2: only v1 tokens carry `org_*`.
        "org_id": "org_legacy",
    }));
    assert_eq!(c.version(), 2);
    let org = c.org().unwrap();
    assert_eq!(org.id, "org_2a");
    assert_eq!(org.slug.as_deref(), Some("acme"));
    assert_eq!(org.role.as_deref(), Some("org:admin"));
    // 3 = 0b11 grants read and manage on dashboard; 2 = 0b10 grants manage on impersonation.
    let want = [
        "org:dashboard:read",
        "org:dashboard:manage",
        "org:impersonation:manage",
    ];
    assert_eq!(org.permissions, strings(&want));
    let features = c.features().unwrap();
    assert_eq!(features.org(), strings(&["dashboard", "impersonation"]));
    assert_eq!(features.user(), strings(&["x"]));
    let plans = c.plans().unwrap();
    assert_eq!(
        (plans.org(), plans.user()),
        (&strings(&["pro"])[..], &strings(&["free_user"])[..])
    );
    assert_eq!(c.fva(), Some([3, -1]));
}

#[test]
fn v2_garbage_never_panics_and_drops_bad_entries() {
    let org = |fea: &str, per: &str, fpm: &str| {
        let c = claims(
            json!({"v": 2, "sub": "u", "fea": fea, "o": {"id": "org", "per": per, "fpm": fpm}}),
        );
        c.org().unwrap().permissions.clone()
    };
    // A colon-less element is dropped without shifting the masks (Clerk throws here).
    assert_eq!(org("o:a,broken,o:b", "r", "0,1"), strings(&["org:b:r"]));
    // Empty feature or permission names are dropped (Clerk emits `org::r` / `org:a:`).
    assert_eq!(
        org("o:,o:a", "r,,w", "1,7"),
        strings(&["org:a:r", "org:a:w"])
    );
    assert_eq!(org("o:a,o:b", "r", "1e3,0x1"), Vec::<String>::new());
    // 10^5001 + 2: only bit 1 is set among the low three.
    let huge = format!("1{}2", "0".repeat(5000));
    assert_eq!(org("o:a", "r,w,x", &huge), strings(&["org:a:w"]));
    assert_eq!(org("", ",,,", ",,,"), Vec::<String>::new());
    assert_eq!(org("o:a", "r", "\u{feff}1\u{3000}"), strings(&["org:a:r"]));
}

#[test]
fn rejects_malformed_claim_types_without_echoing_values() {
    use ClaimsError::*;
    let cases: Vec<(Value, ClaimsError)> = vec![
        (json!({}), MissingSubject),
        (json!({"sub": null}), MissingSubject),
        (json!({"sub": ""}), MissingSubject),
        (json!({"sub": 42}), InvalidType { claim: "sub" }),
        (json!({"sub": "u", "sid": 1}), InvalidType { claim: "sid" }),
        (
            json!({"sub": "u", "exp": "1700000000"}),
            InvalidType { claim: "exp" },
        ),
        (
            json!({"sub": "u", "iat": true}),
            InvalidType { claim: "iat" },
        ),
        (
            json!({"sub": "u", "nbf": [1]}),
            InvalidType { claim: "nbf" },
        ),
        (json!({"sub": "u", "v": 3}), UnsupportedVersion),
        (json!({"sub": "u", "v": "2"}), InvalidType { claim: "v" }),
        (
            json!({"sub": "u", "act": "user_admin"}),
            InvalidType { claim: "act" },
        ),
        (
            json!({"sub": "u", "act": {"iss": "x"}}),
            InvalidValue { claim: "act.sub" },
        ),
        (
            json!({"sub": "u", "fva": [1, 2, 3]}),
            InvalidValue { claim: "fva" },
        ),
        (
            json!({"sub": "u", "fea": ["o:a"]}),
            InvalidType { claim: "fea" },
        ),
        (json!({"sub": "u", "pla": 1}), InvalidType { claim: "pla" }),
        (
            json!({"sub": "u", "org_id": 7}),
            InvalidType { claim: "org_id" },
        ),
        (
            json!({"sub": "u", "org_permissions": "org:a:b"}),
            InvalidType {
                claim: "org_permissions",
            },
        ),
        (
            json!({"sub": "u", "org_permissions": [1]}),
            InvalidType {
                claim: "org_permissions",
            },
        ),
        (
            json!({"sub": "u", "v": 2, "o": "org_1"}),
            InvalidType { claim: "o" },
        ),
        (
            json!({"sub": "u", "v": 2, "o": {"id": "org", "fpm": 3}}),
            InvalidType { claim: "o.fpm" },
        ),
        (
            json!({"sub": "u", "v": 2, "o": {"id": "org", "per": ["a"]}}),
            InvalidType { claim: "o.per" },
        ),
    ];
    for (input, want) in cases {
        let got = SessionClaims::from_payload(payload(input.clone())).unwrap_err();
        assert_eq!(got, want, "{input}");
        assert_eq!(got.reason(), "token-verification-failed");
        let message = got.to_string();
        assert!(message.chars().all(|c| !c.is_uppercase()), "{message}");
        for secret in ["42", "1700000000", "user_admin", "org:a:b", "org_1"] {
            assert!(!message.contains(secret), "{message} echoes {secret}");
        }
    }
}

#[test]
fn nulls_count_as_absent() {
    let c = claims(
        json!({"sub": "u", "sid": null, "v": null, "act": null, "fva": null, "fea": null, "org_id": null}),
    );
    assert_eq!(
        (c.sid(), c.version(), c.act(), c.fva(), c.org()),
        (None, 1, None, None, None)
    );
    let v2 = claims(json!({"sub": "u", "v": 2, "o": null}));
    assert_eq!(v2.org(), None);
}

#[test]
fn keeps_custom_claims_and_serializes_the_original_payload() {
    let original = json!({
        "sub": "user_1", "email": "ada@example.com", "meta": {"plan": "gold", "seats": [1, 2]}, "v": 2,
        "o": {"id": "org_1", "rol": "admin", "custom": true},
    });
    let c = claims(original.clone());
    assert_eq!(c.get("email"), Some(&json!("ada@example.com")));
    assert_eq!(
        c.get("meta").and_then(|m| m.get("seats")),
        Some(&json!([1, 2]))
    );
    assert_eq!(c.get("nope"), None);
    assert_eq!(serde_json::to_value(&c).unwrap(), original);
    assert_eq!(Value::Object(c.clone().into_raw()), original);
    let auth = serde_json::to_value(Auth::new(&c)).unwrap();
    assert_eq!(auth["sessionClaims"], original);
}

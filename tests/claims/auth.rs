//! `Auth` and `has()` through the public API, checked against Clerk's own answers.

use clerk_edge::auth::{Auth, AuthCheck};
use serde_json::{json, Value};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::claims;

#[test]
fn matches_clerks_javascript_on_every_oracle_case() {
    let oracle: Value =
        serde_json::from_str(include_str!("../fixtures/clerk_auth_cases.json")).unwrap();
    let checks: Vec<AuthCheck> = serde_json::from_value(oracle["checks"].clone()).unwrap();
    let cases = oracle["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 10);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let claims = claims(case["payload"].clone());
        let auth = Auth::new(&claims);
        let mut json = serde_json::to_value(auth).unwrap();
        let session_claims = json.as_object_mut().unwrap().remove("sessionClaims");
        assert_eq!(
            session_claims.as_ref(),
            Some(&case["payload"]),
            "{name}: sessionClaims"
        );
        assert_eq!(json, case["auth"], "{name}: auth object");
        let expected = case["has"].as_array().unwrap();
        assert_eq!(expected.len(), checks.len());
        for (check, want) in checks.iter().zip(expected) {
            assert_eq!(
                Some(auth.has(check)),
                want.as_bool(),
                "{name}: has({check:?})"
            );
        }
    }
}

#[test]
fn has_matrix() {
    let c = claims(json!({
        "v": 2, "sub": "user_2", "fea": "o:dashboard,u:export,uo:beta", "pla": "o:pro",
        "o": {"id": "org_2a", "rol": "admin", "per": "read,manage", "fpm": "1,2"},
    }));
    let auth = Auth::new(&c);
    let has = |check: AuthCheck| auth.has(&check);
    assert!(!has(AuthCheck::default()), "nothing asked");
    assert!(has(AuthCheck::role("org:admin")) && has(AuthCheck::role("admin")));
    assert!(!has(AuthCheck::role("org:member")) && !has(AuthCheck::role("Admin")));
    assert!(has(AuthCheck::permission("org:dashboard:read")));
    assert!(has(AuthCheck::permission("dashboard:read")));
    assert!(has(AuthCheck::permission("org:beta:manage")));
    assert!(!has(AuthCheck::permission("org:dashboard:manage")));
    assert!(has(
        AuthCheck::role("admin").and_permission("org:dashboard:read")
    ));
    assert!(!has(
        AuthCheck::role("admin").and_permission("org:dashboard:manage")
    ));
    assert!(has(AuthCheck::feature("dashboard")) && has(AuthCheck::feature("export")));
    assert!(has(AuthCheck::feature("org:beta")) && has(AuthCheck::feature("user:beta")));
    assert!(!has(AuthCheck::feature("o:export")) && !has(AuthCheck::feature("team:export")));
    assert!(has(AuthCheck::plan("pro")) && !has(AuthCheck::plan("u:pro")));
    assert!(has(AuthCheck::feature("o:dashboard")
        .and_plan("o:pro")
        .and_role("admin")));
    assert!(!has(AuthCheck::feature("o:dashboard").and_plan("u:pro")));
    // Stricter than Clerk: empty names and extra colons never match.
    for check in [
        AuthCheck::role(""),
        AuthCheck::role("org:"),
        AuthCheck::permission("org:"),
        AuthCheck::feature("o:"),
        AuthCheck::feature("o:dashboard:x"),
        AuthCheck::plan(""),
    ] {
        assert!(!has(check.clone()), "{check:?}");
    }
}

#[test]
fn roles_and_permissions_need_an_active_organization() {
    let c = claims(json!({"v": 2, "sub": "user_3", "fea": "u:export,o:teams", "pla": "u:pro"}));
    let auth = Auth::new(&c);
    assert_eq!(
        (auth.org_id(), auth.org_role(), auth.org_permissions()),
        (None, None, &[][..])
    );
    assert!(!auth.has(&AuthCheck::role("org:admin")));
    assert!(!auth.has(&AuthCheck::permission("org:teams:read")));
    // Features and plans do not depend on the active organization, as in Clerk.
    assert!(auth.has(&AuthCheck::feature("export")) && auth.has(&AuthCheck::feature("o:teams")));
    assert!(!auth.has(&AuthCheck::feature("export").and_role("org:admin")));
}

#[test]
fn a_malformed_fea_claim_fails_every_feature_check() {
    let c = claims(json!({"sub": "user_1", "fea": "u:export,oops", "pla": "u:pro"}));
    let auth = Auth::new(&c);
    assert!(!c.features().unwrap().is_well_formed());
    assert!(!auth.has(&AuthCheck::feature("export")));
    assert!(auth.has(&AuthCheck::plan("pro")));
}

#[test]
fn reads_actor_tokens() {
    let c = claims(json!({
        "sub": "user_1", "sid": "sess_1",
        "act": {"sub": "user_admin", "iss": "https://dashboard.clerk.com", "sid": "sess_admin", "reason": "support"},
    }));
    let act = Auth::new(&c).actor().unwrap();
    assert_eq!(act.sub, "user_admin");
    assert_eq!(act.iss.as_deref(), Some("https://dashboard.clerk.com"));
    assert_eq!(act.sid.as_deref(), Some("sess_admin"));
    assert_eq!(act.extra.get("reason"), Some(&json!("support")));
    let json = serde_json::to_value(Auth::new(&c)).unwrap();
    assert_eq!(json["actor"], c.raw()["act"]);
}

#[test]
fn auth_serializes_to_the_backend_shape() {
    let c = claims(json!({
        "sub": "user_1", "sid": "sess_1", "sts": "pending", "fva": [0, -1],
        "org_id": "org_1", "org_slug": "acme", "org_role": "org:admin",
    }));
    let auth = Auth::from(&c);
    assert!(auth.is_pending());
    assert_eq!(auth.session_claims(), &c);
    let json = serde_json::to_value(auth).unwrap();
    let mut keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    let want = [
        "actor",
        "factorVerificationAge",
        "orgId",
        "orgPermissions",
        "orgRole",
        "orgSlug",
        "sessionClaims",
        "sessionId",
        "sessionStatus",
        "userId",
    ];
    assert_eq!(keys, want);
    assert_eq!(json["userId"], "user_1");
    assert_eq!(json["sessionStatus"], "pending");
    assert_eq!(json["orgPermissions"], json!([]));
    assert_eq!(json["factorVerificationAge"], json!([0, -1]));
    assert_eq!(json["actor"], Value::Null);
}

#[test]
fn auth_check_deserializes_like_the_js_argument() {
    let parse = |v: Value| serde_json::from_value::<AuthCheck>(v);
    let check = parse(json!({"role": "org:admin", "permission": "org:a:read"})).unwrap();
    assert_eq!(
        check,
        AuthCheck::role("org:admin").and_permission("org:a:read")
    );
    assert_eq!(parse(json!({})).unwrap(), AuthCheck::default());
    // Unknown dimensions (e.g. reverification) and nulls are refused rather than skipped.
    assert!(parse(json!({"role": "org:admin", "reverification": "strict"})).is_err());
    assert!(parse(json!({"role": null})).is_err());
    assert!(parse(json!({"feature": 1})).is_err());
    assert_eq!(
        serde_json::to_value(AuthCheck::plan("pro")).unwrap(),
        json!({"plan": "pro"})
    );
}

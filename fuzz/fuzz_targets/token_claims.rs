//! A token built around a fuzzed payload: the strict JSON reader, claim typing, claim checks and `has()`.
//!
//! Input: line 1 = `now` (seconds) and line 2 = `authorizedParties` (comma-separated), then the payload
//! JSON. The payload is wrapped in a valid header and signature so the fuzzer works on the JSON itself.
#![no_main]

use clerk_edge::auth::{Auth, AuthCheck};
use clerk_edge::token::claims::SessionClaims;
use clerk_edge::token::parse::base64url;
use clerk_edge::token::{check_claims, parse_token, ClaimOptions};
use clerk_edge::TokenError;
use clerk_edge_fuzz::fields;
use libfuzzer_sys::fuzz_target;

const HEADER: &str = r#"{"alg":"RS256","kid":"ins_fuzz","typ":"JWT"}"#;

fuzz_target!(|data: &[u8]| {
    let [now, parties, payload] = <[String; 3]>::try_from(fields(data, 3)).unwrap();
    let token = format!(
        "{}.{}.{}",
        base64url(HEADER.as_bytes()),
        base64url(payload.as_bytes()),
        base64url(b"signature")
    );
    let Ok(parsed) = parse_token(&token) else {
        return;
    };
    let now_ms = now.trim().parse::<f64>().unwrap_or(1_767_225_600.0) * 1000.0;
    let options = ClaimOptions {
        authorized_parties: parties
            .split(',')
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect(),
        ..ClaimOptions::default()
    };
    let checked = check_claims(&parsed.payload, &options, now_ms);
    if checked.is_ok() {
        // An accepted token has a subject and an `exp` that is a number not yet past (with skew).
        assert!(now_ms.is_finite());
        let exp = parsed.payload["exp"].as_f64().expect("exp is a number");
        assert!(exp * 1000.0 > now_ms - 5000.0, "exp {exp} now {now_ms}");
        if !options.authorized_parties.is_empty() {
            let azp = parsed.payload["azp"].as_str().expect("azp is a string");
            assert!(options.authorized_parties.iter().any(|p| p == azp));
        }
    } else if let Err(TokenError::Expired { exp, .. }) = checked {
        assert!(exp.is_finite());
    }
    let Ok(claims) = SessionClaims::from_payload(parsed.payload.clone()) else {
        return;
    };
    assert!(!claims.sub().is_empty());
    if checked.is_ok() {
        assert!(claims.exp().is_some());
    }
    assert_eq!(
        serde_json::to_value(&claims).unwrap(),
        serde_json::Value::Object(parsed.payload)
    );
    let auth = Auth::new(&claims);
    let json = serde_json::to_value(auth).unwrap();
    assert_eq!(json["userId"], claims.sub());
    // `has()` with names taken from the payload itself, so matches are possible.
    let role = auth.org_role().unwrap_or("org:admin").to_string();
    let permission = auth
        .org_permissions()
        .first()
        .cloned()
        .unwrap_or_else(|| "org:x:read".into());
    for check in [
        AuthCheck::role(role),
        AuthCheck::permission(permission.clone()),
        AuthCheck::feature(permission.clone()),
        AuthCheck::plan(permission.clone()),
        AuthCheck::permission(permission).and_feature("user:x"),
    ] {
        let allowed = auth.has(&check);
        if auth.org_id().is_none() && allowed {
            // Without an active organization only user-level features and plans can match.
            assert!(claims.features().is_some() || claims.plans().is_some());
        }
    }
});

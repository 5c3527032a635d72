//! The compact JWS parser on arbitrary text; accepted tokens must round-trip, then go through claims.
#![no_main]

use clerk_edge::token::claims::SessionClaims;
use clerk_edge::token::parse::base64url;
use clerk_edge::token::{check_claims, parse_token, ClaimOptions, MAX_TOKEN_BYTES};
use clerk_edge::Reason;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(token) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = match parse_token(token) {
        Ok(parsed) => parsed,
        Err(err) => {
            assert!(!err.reason().is_empty());
            return;
        }
    };
    // Round trip: the three segments are exactly the canonical encodings of what was decoded.
    assert!(token.len() <= MAX_TOKEN_BYTES);
    let segments: Vec<&str> = token.split('.').collect();
    assert_eq!(segments.len(), 3);
    assert_eq!(base64url(parsed.payload_json.as_bytes()), segments[1]);
    assert_eq!(base64url(&parsed.signature), segments[2]);
    let signing_input = std::str::from_utf8(parsed.signing_input).unwrap();
    assert_eq!(signing_input, format!("{}.{}", segments[0], segments[1]));
    let reparsed: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&parsed.payload_json).unwrap();
    assert_eq!(reparsed, parsed.payload);

    let _ = check_claims(
        &parsed.payload,
        &ClaimOptions::default(),
        1_767_225_600_000.0,
    );
    if let Ok(claims) = SessionClaims::from_payload(parsed.payload.clone()) {
        assert!(!claims.sub().is_empty());
        // Claims serialize as the original payload.
        let value = serde_json::to_value(&claims).unwrap();
        assert_eq!(value, serde_json::Value::Object(parsed.payload));
    }
});

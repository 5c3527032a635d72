//! Publishable-key parsing through the public API; runs natively and under `wasm-pack test --node`.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use clerk_edge::{InstanceType, PublishableKey, PublishableKeyError, Reason};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn key(prefix: &str, decoded: &str) -> String {
    format!("{prefix}{}", STANDARD.encode(decoded))
}

#[test]
fn parses_development_and_production_keys() {
    let dev = PublishableKey::parse(&key("pk_test_", "clerk.example.com$")).unwrap();
    assert_eq!(dev.frontend_api, "clerk.example.com");
    assert_eq!(dev.instance_type, InstanceType::Development);
    assert_eq!(dev.instance_type.as_str(), "development");

    let live = PublishableKey::parse(&key("pk_live_", "clerk.acme.io$")).unwrap();
    assert_eq!(live.frontend_api, "clerk.acme.io");
    assert_eq!(live.instance_type, InstanceType::Production);
    assert_eq!(live.instance_type.as_str(), "production");
}

#[test]
fn accepts_unpadded_base64_and_surrounding_whitespace() {
    // "a.bc$" is 5 bytes, so its base64 ends in "=": strip it to get the unpadded form.
    let padded = key("pk_test_", "a.bc$");
    assert!(padded.ends_with('='));
    let unpadded = padded.trim_end_matches('=');
    assert_eq!(
        PublishableKey::parse(unpadded).unwrap().frontend_api,
        "a.bc"
    );
    assert_eq!(
        PublishableKey::parse(&format!(" {padded}\n"))
            .unwrap()
            .frontend_api,
        "a.bc"
    );
}

#[test]
fn rejects_malformed_keys_with_stable_reasons() {
    let cases: Vec<(String, PublishableKeyError)> = vec![
        ("".into(), PublishableKeyError::Missing),
        ("   ".into(), PublishableKeyError::Missing),
        (
            key("sk_test_", "clerk.example.com$"),
            PublishableKeyError::InvalidPrefix,
        ),
        (
            key("pk_prod_", "clerk.example.com$"),
            PublishableKeyError::InvalidPrefix,
        ),
        ("pk_test_***".into(), PublishableKeyError::InvalidBase64),
        (
            "pk_test_Y2xlcmsuZXhhbXBsZS5jb20k=".into(),
            PublishableKeyError::InvalidBase64,
        ),
        (
            key("pk_test_", "clerk.example.com"),
            PublishableKeyError::MissingTerminator,
        ),
        (
            key("pk_test_", "clerk.example.com$$"),
            PublishableKeyError::InvalidHost(""),
        ),
        (
            key("pk_test_", "https://clerk.example.com$"),
            PublishableKeyError::InvalidHost(""),
        ),
        (key("pk_test_", "$"), PublishableKeyError::InvalidHost("")),
    ];
    for (input, expected) in cases {
        let err = PublishableKey::parse(&input).unwrap_err();
        assert_eq!(
            std::mem::discriminant(&err),
            std::mem::discriminant(&expected),
            "{input:?} gave {err:?}"
        );
        let reason = err.reason();
        assert!(
            reason == "publishable-key-missing" || reason == "publishable-key-invalid",
            "{reason}"
        );
        let body = input.get(8..).unwrap_or("");
        assert!(
            body.is_empty() || !err.to_string().contains(body),
            "message echoes the key"
        );
    }
}

#[test]
fn rejects_non_canonical_base64_and_oversized_keys() {
    // "YS5iYyQ=" is base64("a.bc$"); "YS5iYyR=" decodes to the same bytes with non-zero trailing bits.
    assert_eq!(
        PublishableKey::parse("pk_test_YS5iYyQ=")
            .unwrap()
            .frontend_api,
        "a.bc"
    );
    assert_eq!(
        PublishableKey::parse("pk_test_YS5iYyR="),
        Err(PublishableKeyError::InvalidBase64)
    );
    let huge = key("pk_test_", &format!("{}.com$", "a".repeat(4000)));
    assert!(PublishableKey::parse(&huge).is_err());
}

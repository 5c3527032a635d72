//! Verification keys through the public API: PEM / bare / PKCS#1 / JWK / JWKS parsing and rejections.
//!
//! Fixtures come from tests/fixtures/keys/generate.mjs (see the README there). They are compiled
//! in with `include_str!`, so these tests also run under `wasm-pack test --node`.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use clerk_edge::keys::{Algorithm, KeyError, KeyMaterial, KeySet, PublicKey};
use clerk_edge::Reason;
use rsa::traits::PublicKeyParts;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// A text fixture from tests/fixtures/keys/, compiled in.
macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/keys/",
            $name
        ))
    };
}

/// A binary fixture from tests/fixtures/keys/, compiled in.
macro_rules! fixture_bytes {
    ($name:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/keys/",
            $name
        ))
        .as_slice()
    };
}

#[path = "keys/forms.rs"]
mod forms;
#[path = "keys/jwk.rs"]
mod jwk;
#[path = "keys/jwks.rs"]
mod jwks;
#[path = "keys/rejections.rs"]
mod rejections;

const RSA_ALGS: &[Algorithm] = &[Algorithm::Rs256, Algorithm::Rs384, Algorithm::Rs512];

fn parse_jwk(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

fn rsa_bits(key: &PublicKey) -> usize {
    match key.material() {
        KeyMaterial::Rsa(rsa) => rsa.n().bits(),
        other => panic!("expected an rsa key, got {}", other.kind()),
    }
}

fn pem_wrap(label: &str, der: &[u8]) -> String {
    let body = STANDARD.encode(der);
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        lines.join("\n")
    )
}

fn err(text: &str) -> KeyError {
    PublicKey::from_jwt_key(text).unwrap_err()
}

fn jwk_err(value: &Value) -> KeyError {
    PublicKey::from_jwk(value).unwrap_err()
}

#[test]
fn algorithm_names_round_trip_and_exclude_none_and_hmac() {
    for alg in Algorithm::ALL {
        assert_eq!(Algorithm::from_jws_name(alg.as_str()), Some(alg));
        assert_eq!(alg.to_string(), alg.as_str());
    }
    let names: Vec<_> = Algorithm::ALL.iter().map(|a| a.as_str()).collect();
    assert_eq!(names, ["RS256", "RS384", "RS512", "ES256", "EdDSA"]);
    for name in [
        "none", "None", "HS256", "HS384", "HS512", "PS256", "ES384", "rs256", "EDDSA", "",
    ] {
        assert_eq!(Algorithm::from_jws_name(name), None, "{name}");
    }
}

#[test]
fn reasons_follow_clerk_backend() {
    assert_eq!(err("   ").reason(), "jwk-local-missing");
    for present_but_unusable in [
        err(fixture!("p256.private.pem")),
        err(fixture!("secp384r1.spki.pem")),
        err("not a key!"),
        err("{"),
        KeyError::KeyTooLarge { max_bytes: 1 },
        KeyError::AlgMismatch(Algorithm::Es256),
    ] {
        assert_eq!(present_but_unusable.reason(), "jwk-failed-to-resolve");
    }
    for remote in [
        KeySet::from_jwks_json(b"null").unwrap_err(),
        KeyError::JwksTooLarge { max_bytes: 1 },
        KeyError::DuplicateKid,
    ] {
        assert_eq!(remote.reason(), "jwk-remote-invalid");
    }
}

#[test]
fn messages_are_lowercase_and_never_contain_key_material() {
    let pem = fixture!("rsa2048.spki.pem");
    let body_fragment = &pem.lines().nth(2).unwrap()[..24];
    let errors = [
        err(fixture!("p256.private.pem")),
        err(&format!("{pem}garbage")),
        err(fixture!("rsa1024.spki.pem")),
        err(&pem.replace("PUBLIC KEY", "WHATEVER")),
        KeyError::InvalidBase64,
        KeyError::JwkInvalidMember("n"),
        KeyError::InvalidJwks("not valid json"),
    ];
    for error in errors {
        let message = error.to_string();
        assert!(
            message.starts_with(|c: char| c.is_ascii_lowercase()),
            "{message}"
        );
        assert!(
            !message.contains(body_fragment) && !message.contains("WHATEVER"),
            "{message}"
        );
    }
    let debug = format!("{:?}", PublicKey::from_jwt_key(pem).unwrap());
    assert!(
        debug.starts_with("PublicKey { kind: \"rsa\", bits: 2048"),
        "{debug}"
    );
    assert!(!debug.contains(body_fragment));
}

//! Single JWKs: `alg` pinning and mismatches, strict members, curve point validation.

use super::*;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[test]
fn jwk_alg_must_be_supported_and_match_the_key() {
    let mut rsa = parse_jwk(fixture!("rsa2048.jwk.json"));
    rsa["alg"] = json!("RS384");
    let pinned = PublicKey::from_jwk(&rsa).unwrap();
    assert_eq!(pinned.algorithms(), [Algorithm::Rs384]);
    assert_eq!(pinned.pinned_alg(), Some(Algorithm::Rs384));
    assert!(pinned.allows(Algorithm::Rs384) && !pinned.allows(Algorithm::Rs256));
    assert_ne!(
        pinned,
        PublicKey::from_jwt_key(fixture!("rsa2048.spki.pem")).unwrap()
    );
    assert_eq!(pinned.spki_der(), fixture_bytes!("rsa2048.spki.der"));

    rsa["alg"] = json!("ES256");
    assert_eq!(jwk_err(&rsa), KeyError::AlgMismatch(Algorithm::Es256));
    for alg in ["HS256", "none", "PS256", "RSA-OAEP", "rs256"] {
        rsa["alg"] = json!(alg);
        assert_eq!(jwk_err(&rsa), KeyError::UnsupportedAlg, "{alg}");
    }
    let mut ec = parse_jwk(fixture!("p256.jwk.json"));
    ec["alg"] = json!("EdDSA");
    assert_eq!(jwk_err(&ec), KeyError::AlgMismatch(Algorithm::EdDsa));
    let mut okp = parse_jwk(fixture!("ed25519.jwk.json"));
    okp["alg"] = json!("RS256");
    assert_eq!(jwk_err(&okp), KeyError::AlgMismatch(Algorithm::Rs256));
    assert_eq!(
        KeyError::AlgMismatch(Algorithm::Rs256).to_string(),
        "jwk `alg` RS256 does not match the key type"
    );
}

#[test]
fn jwk_members_are_strict() {
    let base = parse_jwk(fixture!("rsa2048.jwk.json"));
    let n = base["n"].as_str().unwrap().to_owned();
    let with = |name: &str, value: Value| {
        let mut key = base.clone();
        key[name] = value;
        key
    };
    assert_eq!(
        jwk_err(&with("n", json!(format!("{n}==")))),
        KeyError::JwkInvalidMember("n")
    );
    assert_eq!(
        jwk_err(&with("n", json!(n.replace('-', "+").replace('_', "/")))),
        KeyError::JwkInvalidMember("n")
    );
    assert_eq!(
        jwk_err(&with("n", json!(format!("{} {}", &n[..100], &n[100..])))),
        KeyError::JwkInvalidMember("n")
    );
    assert_eq!(
        jwk_err(&with("n", json!(""))),
        KeyError::JwkInvalidMember("n")
    );
    assert_eq!(
        jwk_err(&with("n", json!(12))),
        KeyError::JwkInvalidMember("n")
    );
    assert_eq!(
        jwk_err(&with("kid", json!(7))),
        KeyError::JwkInvalidMember("kid")
    );
    assert_eq!(jwk_err(&with("use", json!("enc"))), KeyError::KeyUseNotSig);
    assert_eq!(
        jwk_err(&with("key_ops", json!(["encrypt"]))),
        KeyError::KeyOpsNoVerify
    );
    assert!(PublicKey::from_jwk(&with("key_ops", json!(["verify"]))).is_ok());
    assert!(PublicKey::from_jwk(&with("use", json!("sig"))).is_ok());
    assert_eq!(
        jwk_err(&with("kty", json!("oct"))),
        KeyError::UnsupportedAlgorithm("oct (symmetric key)")
    );
    assert_eq!(
        jwk_err(&with("kty", json!("RSA-PSS"))),
        KeyError::UnsupportedAlgorithm("unknown kty")
    );
    assert_eq!(
        jwk_err(&json!({"n": n, "e": "AQAB"})),
        KeyError::JwkMissingMember("kty")
    );
    assert_eq!(
        jwk_err(&json!({"kty": "RSA", "n": n})),
        KeyError::JwkMissingMember("e")
    );
    assert_eq!(jwk_err(&json!([1, 2])), KeyError::JwkNotObject);

    // Exponent: odd, > 1, < 2^32.
    assert_eq!(
        jwk_err(&with("e", json!("AQAA"))),
        KeyError::InvalidRsaExponent
    ); // 65536
    assert_eq!(
        jwk_err(&with("e", json!("AQ"))),
        KeyError::InvalidRsaExponent
    ); // 1
    assert_eq!(
        jwk_err(&with("e", json!("AQAAAAE"))),
        KeyError::InvalidRsaExponent
    ); // 2^32 + 1
    assert!(PublicKey::from_jwk(&with("e", json!("Aw"))).is_ok()); // 3

    // A 0x00-prefixed n is the same key.
    let mut n_bytes = vec![0u8];
    n_bytes.extend(URL_SAFE_NO_PAD.decode(&n).unwrap());
    let zero_padded =
        PublicKey::from_jwk(&with("n", json!(URL_SAFE_NO_PAD.encode(&n_bytes)))).unwrap();
    assert_eq!(zero_padded.spki_der(), fixture_bytes!("rsa2048.spki.der"));
    // An even modulus is not an RSA modulus.
    let last = n_bytes.len() - 1;
    n_bytes[last] &= 0xfe;
    assert_eq!(
        jwk_err(&with("n", json!(URL_SAFE_NO_PAD.encode(&n_bytes)))),
        KeyError::InvalidRsaModulus
    );
}

#[test]
fn curve_points_are_validated() {
    let ec = parse_jwk(fixture!("p256.jwk.json"));
    let y = URL_SAFE_NO_PAD.decode(ec["y"].as_str().unwrap()).unwrap();
    let mut off_curve = ec.clone();
    let mut bad_y = y.clone();
    bad_y[31] ^= 1;
    off_curve["y"] = json!(URL_SAFE_NO_PAD.encode(&bad_y));
    assert_eq!(jwk_err(&off_curve), KeyError::InvalidPoint);
    let mut long_x = ec.clone();
    long_x["x"] = json!(URL_SAFE_NO_PAD.encode([0u8; 33]));
    assert_eq!(jwk_err(&long_x), KeyError::JwkInvalidMember("x"));
    // Non-canonical base64url: the unused low bits of the last character are set.
    let x = ec["x"].as_str().unwrap();
    let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let last = alphabet.find(&x[42..]).unwrap();
    let mut sloppy = ec.clone();
    sloppy["x"] = json!(format!(
        "{}{}",
        &x[..42],
        &alphabet[last | 1..(last | 1) + 1]
    ));
    assert_eq!(jwk_err(&sloppy), KeyError::JwkInvalidMember("x"));
    let mut p384 = ec.clone();
    p384["crv"] = json!("P-384");
    assert_eq!(jwk_err(&p384), KeyError::UnsupportedCurve("p-384"));

    let okp = parse_jwk(fixture!("ed25519.jwk.json"));
    let mut identity = okp.clone();
    let mut one = [0u8; 32];
    one[0] = 1; // the neutral element: a small-order point
    identity["x"] = json!(URL_SAFE_NO_PAD.encode(one));
    assert_eq!(jwk_err(&identity), KeyError::WeakKey);
    // y = 3 is a valid, non-weak point; y = 3 + p encodes the same point non-canonically.
    let mut canonical = okp.clone();
    let mut y3 = [0u8; 32];
    y3[0] = 3;
    canonical["x"] = json!(URL_SAFE_NO_PAD.encode(y3));
    assert!(PublicKey::from_jwk(&canonical).is_ok());
    let mut non_canonical = okp.clone();
    let mut y3_plus_p = [0xffu8; 32];
    y3_plus_p[0] = 0xf0;
    y3_plus_p[31] = 0x7f;
    non_canonical["x"] = json!(URL_SAFE_NO_PAD.encode(y3_plus_p));
    assert_eq!(jwk_err(&non_canonical), KeyError::InvalidPoint);
    let mut x25519 = okp.clone();
    x25519["crv"] = json!("X25519");
    assert_eq!(jwk_err(&x25519), KeyError::UnsupportedCurve("x25519"));
}

#[test]
fn jwt_key_json_forms() {
    assert_eq!(err("{\"kty\": "), KeyError::InvalidJson);
    assert_eq!(
        err(fixture!("jwks-clerk.json")),
        KeyError::JwkMissingMember("kty")
    );
    let mut with_kid = parse_jwk(fixture!("ed25519.jwk.json"));
    with_kid["kid"] = json!("local");
    let key = PublicKey::from_jwt_key(&with_kid.to_string()).unwrap();
    assert_eq!(key.kid(), Some("local"));
}

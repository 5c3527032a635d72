//! JWKS documents: lenient per member, strict per document, exact `kid` lookup.

use super::*;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[test]
fn mixed_jwks_keeps_good_keys_and_counts_the_rest() {
    let set = KeySet::from_jwks_json(fixture_bytes!("jwks-mixed.json")).unwrap();
    let kids: Vec<_> = set.iter().map(|k| k.kid().unwrap()).collect();
    assert_eq!(
        kids,
        ["rsa-2048", "p256", "ed25519", "RSA-2048", "rsa-4096", "same"]
    );
    assert_eq!((set.len(), set.is_empty()), (6, false));
    assert_eq!(
        set.skipped(),
        [
            KeyError::RsaKeyTooSmall { bits: 1024 },
            KeyError::KeyUseNotSig,
            KeyError::UnsupportedCurve("p-384"),
            KeyError::UnsupportedAlgorithm("oct (symmetric key)"),
            KeyError::AlgMismatch(Algorithm::Rs256),
            KeyError::JwkInvalidMember("n"),
            KeyError::JwkNotObject,
            KeyError::JwkInvalidMember("x"),
            KeyError::DuplicateKid,
            KeyError::DuplicateKid,
            KeyError::DuplicateKid,
        ]
    );

    // Exact, case-sensitive kid lookup.
    let rsa = set.get("rsa-2048").unwrap();
    assert_eq!(
        (rsa_bits(rsa), rsa.algorithms()),
        (2048, [Algorithm::Rs256].as_slice())
    );
    assert_eq!(rsa.spki_der(), fixture_bytes!("rsa2048.spki.der"));
    assert_eq!(rsa_bits(set.get("RSA-2048").unwrap()), 3072);
    assert_eq!(rsa_bits(set.get("rsa-4096").unwrap()), 4096);
    assert_eq!(set.get("rsa-4096").unwrap().algorithms(), RSA_ALGS);
    for missing in [
        "Rsa-2048",
        "rsa-2048 ",
        " rsa-2048",
        "rsa",
        "",
        "dup",
        "rsa-1024",
        "enc",
        "hmac",
    ] {
        assert!(set.get(missing).is_none(), "{missing:?}");
    }
    assert_eq!(
        set.get("p256").unwrap().spki_der(),
        fixture_bytes!("p256.spki.der")
    );
    assert_eq!(
        set.get("ed25519").unwrap().spki_der(),
        fixture_bytes!("ed25519.spki.der")
    );
    assert_eq!(
        set.get("same").unwrap().spki_der(),
        fixture_bytes!("p256.spki.der")
    );
    assert_eq!((&set).into_iter().count(), 6);
}

#[test]
fn clerk_style_jwks() {
    let set = KeySet::from_jwks_json(fixture_bytes!("jwks-clerk.json")).unwrap();
    assert_eq!((set.len(), set.skipped().len()), (1, 0));
    let key = set.get("ins_2fixtureKid000000000000000").unwrap();
    assert_eq!(key.kid(), Some("ins_2fixtureKid000000000000000"));
    assert_eq!(key.algorithms(), [Algorithm::Rs256]);
    assert_eq!(key.spki_der(), fixture_bytes!("rsa2048.spki.der"));
}

#[test]
fn invalid_jwks_documents_fail_as_a_whole() {
    let cases: [(&[u8], &str); 5] = [
        (b"{\"keys\": [", "not valid json"),
        (b"[]", "not a json object"),
        (b"{}", "missing `keys`"),
        (b"{\"keys\": {}}", "`keys` is not an array"),
        (b"", "not valid json"),
    ];
    for (doc, detail) in cases {
        let error = KeySet::from_jwks_json(doc).unwrap_err();
        assert_eq!(error, KeyError::InvalidJwks(detail));
        assert_eq!(error.reason(), "jwk-remote-invalid");
    }
    let huge = vec![b' '; 256 * 1024 + 1];
    assert_eq!(
        KeySet::from_jwks_json(&huge).unwrap_err(),
        KeyError::JwksTooLarge {
            max_bytes: 256 * 1024
        }
    );
    let empty = KeySet::from_jwks_json(b"{\"keys\": []}").unwrap();
    assert!(empty.is_empty() && empty.skipped().is_empty() && empty.get("x").is_none());
}

//! Rejected `CLERK_JWT_KEY` text: weak, private, unsupported, malformed; and no panics.

use super::*;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[test]
fn rsa_1024_is_rejected_in_every_form() {
    let expected = KeyError::RsaKeyTooSmall { bits: 1024 };
    assert_eq!(err(fixture!("rsa1024.spki.pem")), expected);
    assert_eq!(jwk_err(&parse_jwk(fixture!("rsa1024.jwk.json"))), expected);
    assert_eq!(expected.reason(), "jwk-failed-to-resolve");
    assert_eq!(
        expected.to_string(),
        "rsa key is 1024 bits; at least 2048 bits are required"
    );
}

#[test]
fn private_keys_are_refused_without_echoing_them() {
    let pem = fixture!("p256.private.pem");
    assert_eq!(err(pem), KeyError::PrivateKey);
    // The bare body of a PKCS#8 private key is recognised too.
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    assert_eq!(err(&body), KeyError::PrivateKey);
    for label in [
        "RSA PRIVATE KEY",
        "EC PRIVATE KEY",
        "ENCRYPTED PRIVATE KEY",
        "OPENSSH PRIVATE KEY",
    ] {
        let text = format!("-----BEGIN {label}-----\nAAAA\n-----END {label}-----\n");
        assert_eq!(err(&text), KeyError::PrivateKey, "{label}");
    }
    let mut private_jwk = parse_jwk(fixture!("p256.jwk.json"));
    private_jwk["d"] = json!("c2VjcmV0LXNjYWxhcg");
    assert_eq!(jwk_err(&private_jwk), KeyError::PrivateKey);

    let message = KeyError::PrivateKey.to_string();
    assert!(message.starts_with("this is a private key"));
    assert!(!message.contains(&body[..16]));
}

#[test]
fn certificates_and_unsupported_algorithms_are_named() {
    assert_eq!(err(fixture!("p256.cert.pem")), KeyError::Certificate);
    assert_eq!(
        err(fixture!("secp384r1.spki.pem")),
        KeyError::UnsupportedCurve("p-384")
    );
    assert_eq!(
        jwk_err(&parse_jwk(fixture!("secp384r1.jwk.json"))),
        KeyError::UnsupportedCurve("p-384")
    );
    assert_eq!(
        err(fixture!("x25519.spki.pem")),
        KeyError::UnsupportedAlgorithm("x25519")
    );
    assert_eq!(
        err(fixture!("ed448.spki.pem")),
        KeyError::UnsupportedAlgorithm("ed448")
    );
    assert_eq!(
        err(fixture!("rsa-pss.spki.pem")),
        KeyError::UnsupportedAlgorithm("rsassa-pss")
    );
    assert_eq!(
        err(fixture!("x25519.spki.pem")).to_string(),
        "unsupported key algorithm: x25519 (supported: rsa, ec p-256, ed25519)"
    );
}

#[test]
fn malformed_text_is_rejected_precisely() {
    let pem = fixture!("rsa2048.spki.pem");
    let der = fixture_bytes!("rsa2048.spki.der");
    assert_eq!(err(""), KeyError::Missing);
    assert_eq!(err(" \n\t "), KeyError::Missing);
    assert_eq!(err("\"\""), KeyError::Missing);
    assert_eq!(KeyError::Missing.reason(), "jwk-local-missing");
    assert_eq!(
        err(&"A".repeat(16 * 1024 + 1)),
        KeyError::KeyTooLarge {
            max_bytes: 16 * 1024
        }
    );

    assert_eq!(err("not a key!"), KeyError::InvalidBase64);
    assert_eq!(
        err("aGVsbG8gd29ybGQ="),
        KeyError::InvalidDer("spki public key")
    );
    let no_end = pem.replace("-----END PUBLIC KEY-----", "");
    assert_eq!(
        err(&no_end),
        KeyError::InvalidPem("missing `-----END` line")
    );
    let wrong_end = pem.replace("END PUBLIC KEY", "END RSA PUBLIC KEY");
    assert_eq!(
        err(&wrong_end),
        KeyError::InvalidPem("`-----END` label does not match `-----BEGIN`")
    );
    assert_eq!(
        err(&format!("{pem}garbage")),
        KeyError::InvalidPem("data after the `-----END` line")
    );
    assert_eq!(
        err(&format!("{pem}{pem}")),
        KeyError::InvalidPem("data after the `-----END` line")
    );
    assert_eq!(
        err(&format!("key: {pem}")),
        KeyError::InvalidPem("text before the `-----BEGIN` line")
    );
    let unknown = pem.replace("PUBLIC KEY", "SSH2 PUBLIC KEY");
    assert_eq!(
        err(&unknown),
        KeyError::InvalidPem("unsupported label (expected `PUBLIC KEY`)")
    );

    // Truncated: whole lines dropped (valid base64, short DER) and a line cut mid-way.
    let lines: Vec<&str> = pem.lines().collect();
    let short = [&lines[..3], &lines[lines.len() - 1..]].concat().join("\n");
    assert_eq!(err(&short), KeyError::InvalidDer("spki public key"));
    let cut = pem.replacen(&lines[1][..30], &lines[1][..29], 1);
    assert_eq!(err(&cut), KeyError::InvalidBase64);

    // DER followed by extra bytes inside otherwise valid armor.
    let mut padded = der.to_vec();
    padded.extend_from_slice(&[0, 0]);
    assert_eq!(
        err(&pem_wrap("PUBLIC KEY", &padded)),
        KeyError::TrailingData
    );
    assert_eq!(
        PublicKey::from_spki_der(&padded).unwrap_err(),
        KeyError::TrailingData
    );
    assert_eq!(
        PublicKey::from_spki_der(&vec![0x30; 16 * 1024 + 1]).unwrap_err(),
        KeyError::KeyTooLarge {
            max_bytes: 16 * 1024
        }
    );
    // A PKCS#1 body under an SPKI label (and vice versa) is refused.
    let pkcs1 = fixture!("rsa2048.pkcs1.pem");
    assert!(matches!(
        err(&pkcs1.replace("RSA PUBLIC KEY", "PUBLIC KEY")),
        KeyError::InvalidDer(_)
    ));
    assert!(matches!(
        err(&pem.replace("PUBLIC KEY", "RSA PUBLIC KEY")),
        KeyError::InvalidDer(_)
    ));
}

#[test]
fn no_input_prefix_or_corruption_panics() {
    let der = fixture_bytes!("p256.spki.der");
    for end in 0..der.len() {
        assert!(
            PublicKey::from_spki_der(&der[..end]).is_err(),
            "prefix {end}"
        );
    }
    let rsa = fixture_bytes!("rsa2048.spki.der");
    for index in 0..rsa.len() {
        let mut corrupted = rsa.to_vec();
        corrupted[index] ^= 0x41;
        let _ = PublicKey::from_spki_der(&corrupted);
        let _ = PublicKey::from_jwt_key(&pem_wrap("PUBLIC KEY", &corrupted));
    }
    let text = fixture!("ed25519.jwk.json");
    for end in 0..text.len() {
        let _ = PublicKey::from_jwt_key(&text[..end]);
    }
}

#[test]
fn one_line_pems_are_judged_like_wrapped_ones() {
    let err = |text: &str| PublicKey::from_jwt_key(text).unwrap_err();
    let one_line: String = fixture!("rsa2048.spki.pem").lines().collect();
    // Damaged bodies and armor are refused with a key error, never accepted.
    let cut = one_line.replacen("MII", "MI", 1);
    assert_eq!(err(&cut), KeyError::InvalidBase64);
    assert_eq!(err(&cut).reason(), "jwk-failed-to-resolve");
    let bad_char = one_line.replacen("MII", "M!I", 1);
    assert_eq!(err(&bad_char), KeyError::InvalidBase64);
    assert_eq!(
        err(&one_line.replace("-----END PUBLIC KEY-----", "")),
        KeyError::InvalidPem("missing `-----END` line")
    );
    assert_eq!(
        err(&one_line.replacen(
            "-----BEGIN PUBLIC KEY-----",
            "-----BEGIN PUBLIC KEY------",
            1
        )),
        KeyError::InvalidPem("malformed `-----BEGIN` line")
    );
    assert_eq!(
        err("-----BEGIN PUBLIC KEY----------END PUBLIC KEY-----"),
        KeyError::InvalidPem("empty body")
    );
    assert_eq!(
        err("-----BEGIN PUBLIC KEY----- \\n -----END PUBLIC KEY-----"),
        KeyError::InvalidPem("empty body")
    );
    assert_eq!(
        err(&format!("{one_line}{one_line}")),
        KeyError::InvalidPem("data after the `-----END` line")
    );
    assert_eq!(
        err(&format!("key={one_line}")),
        KeyError::InvalidPem("text before the `-----BEGIN` line")
    );
    // Mismatched or doubled quotes are not stripped.
    assert_eq!(
        err(&format!("\"{one_line}'")),
        KeyError::InvalidPem("text before the `-----BEGIN` line")
    );
    // One-line private keys and certificates keep their own errors.
    let private: String = fixture!("p256.private.pem").lines().collect();
    assert_eq!(err(&private), KeyError::PrivateKey);
    let cert: String = fixture!("p256.cert.pem").lines().collect();
    assert_eq!(err(&cert), KeyError::Certificate);
}

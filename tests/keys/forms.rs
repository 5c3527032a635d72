//! Accepted forms: SPKI PEM, PKCS#1 PEM, bare body, DER and JWK all give the same canonical key.

use super::*;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[test]
fn rsa_spki_pem_pkcs1_and_jwk_agree_for_every_size() {
    let cases = [
        (
            fixture!("rsa2048.spki.pem"),
            fixture!("rsa2048.pkcs1.pem"),
            fixture!("rsa2048.jwk.json"),
            fixture_bytes!("rsa2048.spki.der"),
            2048,
        ),
        (
            fixture!("rsa3072.spki.pem"),
            fixture!("rsa3072.pkcs1.pem"),
            fixture!("rsa3072.jwk.json"),
            fixture_bytes!("rsa3072.spki.der"),
            3072,
        ),
        (
            fixture!("rsa4096.spki.pem"),
            fixture!("rsa4096.pkcs1.pem"),
            fixture!("rsa4096.jwk.json"),
            fixture_bytes!("rsa4096.spki.der"),
            4096,
        ),
    ];
    for (spki_pem, pkcs1_pem, jwk_json, der, bits) in cases {
        let from_spki = PublicKey::from_jwt_key(spki_pem).unwrap();
        assert_eq!(rsa_bits(&from_spki), bits);
        assert_eq!(
            from_spki.spki_der(),
            der,
            "{bits}: re-encoded spki differs from node's"
        );
        let digest: [u8; 32] = Sha256::digest(der).into();
        assert_eq!(from_spki.spki_sha256(), &digest);
        assert_eq!(from_spki.algorithms(), RSA_ALGS);
        assert_eq!((from_spki.kid(), from_spki.pinned_alg()), (None, None));
        assert_eq!(from_spki.material().kind(), "rsa");

        let from_pkcs1 = PublicKey::from_jwt_key(pkcs1_pem).unwrap();
        let from_jwk = PublicKey::from_jwk(&parse_jwk(jwk_json)).unwrap();
        let from_der = PublicKey::from_spki_der(der).unwrap();
        assert_eq!(from_pkcs1.spki_der(), der);
        assert_eq!(from_jwk.spki_der(), der);
        assert_eq!(from_pkcs1, from_spki);
        assert_eq!(from_jwk, from_spki);
        assert_eq!(from_der, from_spki);
        if let KeyMaterial::Rsa(rsa) = from_jwk.material() {
            assert_eq!(rsa.e().to_bytes_be(), [1, 0, 1]);
        }
    }
}

#[test]
fn bare_body_in_every_pasted_shape() {
    let der = fixture_bytes!("rsa2048.spki.der");
    let bare = fixture!("rsa2048.bare.txt").trim();
    assert!(!bare.contains('-') && bare.len() == 392);
    let wrapped: Vec<&str> = bare
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    let shapes = [
        bare.to_owned(),
        format!("  {bare}\n"),
        wrapped.join("\n"),
        wrapped.join("\r\n"),
        wrapped.join("\\n"),
        format!("\"{bare}\""),
        format!("'{}'", wrapped.join("\n  ")),
    ];
    for shape in &shapes {
        let key = PublicKey::from_jwt_key(shape).unwrap_or_else(|e| panic!("{shape:?}: {e}"));
        assert_eq!(key.spki_der(), der);
    }
    // A bare PKCS#1 body (someone stripped the `RSA PUBLIC KEY` armor) is recognised too.
    let pkcs1_body: String = fixture!("rsa2048.pkcs1.pem")
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect();
    assert_eq!(
        PublicKey::from_jwt_key(&pkcs1_body).unwrap().spki_der(),
        der
    );
}

#[test]
fn pem_with_escapes_quotes_and_crlf() {
    let pem = fixture!("rsa2048.spki.pem");
    let der = fixture_bytes!("rsa2048.spki.der");
    let shapes = [
        pem.replace('\n', "\\n"),
        format!("\"{}\"", pem.trim().replace('\n', "\\n")),
        pem.replace('\n', "\r\n"),
        format!("\n\n   {pem}   \n"),
        fixture!("rsa2048.pkcs1.pem").replace('\n', "\\r\\n"),
    ];
    for shape in &shapes {
        assert_eq!(
            PublicKey::from_jwt_key(shape).unwrap().spki_der(),
            der,
            "{shape:?}"
        );
    }
}

#[test]
fn p256_pem_compressed_pem_and_jwk_are_the_same_key() {
    let der = fixture_bytes!("p256.spki.der");
    let pem = PublicKey::from_jwt_key(fixture!("p256.spki.pem")).unwrap();
    let compressed = PublicKey::from_jwt_key(fixture!("p256.compressed.spki.pem")).unwrap();
    let from_jwk = PublicKey::from_jwk(&parse_jwk(fixture!("p256.jwk.json"))).unwrap();
    let from_text = PublicKey::from_jwt_key(fixture!("p256.jwk.json")).unwrap();
    assert!(matches!(pem.material(), KeyMaterial::P256(_)));
    assert_eq!(pem.material().kind(), "p-256");
    assert_eq!(pem.spki_der(), der);
    assert_eq!(der.len(), 91, "uncompressed P-256 SPKI");
    assert_eq!(
        compressed.spki_der(),
        der,
        "compressed point must be re-encoded uncompressed"
    );
    assert_eq!(from_jwk.spki_der(), der);
    assert_eq!(from_jwk, pem);
    assert_eq!(from_text, pem);
    assert_eq!(pem.algorithms(), [Algorithm::Es256]);
}

#[test]
fn ed25519_pem_and_jwk_are_the_same_key() {
    let der = fixture_bytes!("ed25519.spki.der");
    let pem = PublicKey::from_jwt_key(fixture!("ed25519.spki.pem")).unwrap();
    let from_jwk = PublicKey::from_jwk(&parse_jwk(fixture!("ed25519.jwk.json"))).unwrap();
    assert!(matches!(pem.material(), KeyMaterial::Ed25519(_)));
    assert_eq!(pem.spki_der(), der);
    assert_eq!(der.len(), 44);
    assert_eq!(from_jwk, pem);
    assert_eq!(pem.algorithms(), [Algorithm::EdDsa]);
    // Different keys have different identities.
    let rsa = PublicKey::from_jwt_key(fixture!("rsa2048.spki.pem")).unwrap();
    assert_ne!(rsa.spki_sha256(), pem.spki_sha256());
}

/// Every way an env-var UI or `.env` file mangles a PEM: one line (breaks lost or turned into
/// spaces), literal `\n` / `\r\n` sequences, surrounding quotes and whitespace, and their mixes.
fn pasted_shapes(pem: &str) -> Vec<String> {
    let pem = pem.trim();
    let lines: Vec<&str> = pem.lines().collect();
    let one_line = lines.concat();
    let spaced = lines.join(" ");
    vec![
        one_line.clone(),
        spaced.clone(),
        format!("  {one_line}\t\n"),
        format!("\"{one_line}\""),
        format!("'{spaced}'"),
        format!(" \" {one_line} \" "),
        lines.join("\\n"),
        format!("{}\\n", lines.join("\\n")),
        lines.join("\\r\\n"),
        format!("\"{}\\n\"", lines.join("\\n")),
        format!("'{}'", lines.join("\\r\\n")),
        format!("\n{}\n", lines.join("\r\n")),
    ]
}

#[test]
fn pem_that_lost_its_line_breaks_or_carries_escapes_or_quotes() {
    let cases = [
        (
            fixture!("rsa2048.spki.pem"),
            fixture_bytes!("rsa2048.spki.der"),
        ),
        (
            fixture!("rsa2048.pkcs1.pem"),
            fixture_bytes!("rsa2048.spki.der"),
        ),
        (
            fixture!("rsa4096.spki.pem"),
            fixture_bytes!("rsa4096.spki.der"),
        ),
        (fixture!("p256.spki.pem"), fixture_bytes!("p256.spki.der")),
        (
            fixture!("p256.compressed.spki.pem"),
            fixture_bytes!("p256.spki.der"),
        ),
        (
            fixture!("ed25519.spki.pem"),
            fixture_bytes!("ed25519.spki.der"),
        ),
    ];
    for (pem, der) in cases {
        let reference = PublicKey::from_jwt_key(pem).unwrap();
        assert_eq!(reference.spki_der(), der);
        for shape in pasted_shapes(pem) {
            let key = PublicKey::from_jwt_key(&shape).unwrap_or_else(|e| panic!("{shape:?}: {e}"));
            assert_eq!(key, reference, "{shape:?}");
        }
    }
}

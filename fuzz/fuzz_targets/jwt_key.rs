//! `CLERK_JWT_KEY` parsing (SPKI / PKCS#1 PEM, bare base64, JWK): accepted keys re-encode canonically.
#![no_main]

use clerk_edge::keys::{Algorithm, PublicKey, MAX_JWT_KEY_BYTES};
use clerk_edge::Reason;
use libfuzzer_sys::fuzz_target;

/// The outcome in a comparable form: the key's SPKI DER, or the error's reason.
fn outcome(text: &str) -> Result<Vec<u8>, &'static str> {
    PublicKey::from_jwt_key(text)
        .map(|key| key.spki_der().to_vec())
        .map_err(|err| err.reason())
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Pasted forms: surrounding whitespace, and line breaks written as literal `\n` (env files,
    // JSON configs), read as the same key (or the same refusal) — for PEM / bare bodies whose text
    // has no backslash or quote of its own.
    let plain = !text.contains(['\\', '"', '\'']) && !text.trim_start().starts_with('{');
    let escaped = text.replace('\n', "\\n");
    if plain && escaped.len() + 3 <= MAX_JWT_KEY_BYTES {
        let expected = outcome(&text);
        assert_eq!(outcome(&format!(" \t{text}\n")), expected);
        assert_eq!(outcome(&escaped), expected, "{escaped:?}");
    }
    let key = match PublicKey::from_jwt_key(&text) {
        Ok(key) => key,
        Err(err) => {
            assert!(!err.reason().is_empty());
            let _ = err.to_string();
            return;
        }
    };
    assert!(!key.algorithms().is_empty());
    for alg in Algorithm::ALL {
        assert_eq!(key.allows(alg), key.algorithms().contains(&alg));
    }
    // The canonical SPKI DER parses back to the same key material and the same DER.
    let again = PublicKey::from_spki_der(key.spki_der()).expect("canonical SPKI re-parses");
    assert_eq!(again.material(), key.material());
    assert_eq!(again.spki_der(), key.spki_der());
    assert_eq!(again.spki_sha256(), key.spki_sha256());
    let _ = format!("{key:?}");
});

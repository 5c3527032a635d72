//! `CLERK_JWT_KEY` parsing (SPKI / PKCS#1 PEM, bare base64, JWK): accepted keys re-encode canonically.
#![no_main]

use clerk_edge::keys::{Algorithm, PublicKey};
use clerk_edge::Reason;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
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

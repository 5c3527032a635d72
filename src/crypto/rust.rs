//! Pure-Rust signature verification through jwt-compact's algorithm implementations.

use jwt_compact::alg::{Ed25519, Es256, Rsa};
use jwt_compact::{Algorithm as JwtAlgorithm, AlgorithmSignature};

use crate::keys::{Algorithm, KeyMaterial, PublicKey};

/// Verifies `signature` over `message` with `key` under `alg`; `false` on any mismatch or malformed signature.
pub fn verify_signature(alg: Algorithm, key: &PublicKey, message: &[u8], signature: &[u8]) -> bool {
    if !key.allows(alg) {
        return false;
    }
    match (alg, key.material()) {
        (Algorithm::Rs256, KeyMaterial::Rsa(k)) => {
            verify_with(&Rsa::rs256(), k, message, signature)
        }
        (Algorithm::Rs384, KeyMaterial::Rsa(k)) => {
            verify_with(&Rsa::rs384(), k, message, signature)
        }
        (Algorithm::Rs512, KeyMaterial::Rsa(k)) => {
            verify_with(&Rsa::rs512(), k, message, signature)
        }
        (Algorithm::Es256, KeyMaterial::P256(k)) => verify_with(&Es256, k, message, signature),
        (Algorithm::EdDsa, KeyMaterial::Ed25519(k)) => verify_with(&Ed25519, k, message, signature),
        _ => false,
    }
}

fn verify_with<A: JwtAlgorithm>(
    alg: &A,
    key: &A::VerifyingKey,
    message: &[u8],
    signature: &[u8],
) -> bool {
    match A::Signature::try_from_slice(signature) {
        Ok(sig) => alg.verify_signature(&sig, key, message),
        Err(_) => false,
    }
}

//! DER layer: SubjectPublicKeyInfo (RFC 5280) and PKCS#1 decoding, key validation, and
//! canonical SPKI re-encoding.
//!
//! Parsing uses the `spki`/`pkcs1`/`pkcs8` decoders (via `rsa`'s re-exports, so
//! versions always match) — strict DER, trailing bytes rejected — and the key
//! crates' own point decoders, which check that points lie on their curve.

use rsa::pkcs1::{self, der};
use rsa::pkcs8::spki::{AlgorithmIdentifierRef, SubjectPublicKeyInfoRef};
use rsa::pkcs8::{self, EncodePublicKey};
use rsa::{BigUint, RsaPublicKey};

use der::asn1::{AnyRef, BitStringRef, ObjectIdentifier};
use der::{Decode, Encode};

use super::{KeyError, KeyMaterial, MAX_RSA_BITS, MIN_RSA_BITS};

/// `rsaEncryption` (RFC 8017).
const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
/// `id-ecPublicKey` (RFC 5480).
const ID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
/// `secp256r1` / `prime256v1` named curve (RFC 5480).
const SECP256R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
/// `id-Ed25519` (RFC 8410).
const ID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");

/// Key algorithms we recognise only to name them in errors.
const OTHER_ALGORITHMS: [(&str, &str); 7] = [
    ("1.2.840.113549.1.1.10", "rsassa-pss"),
    ("1.3.101.110", "x25519"),
    ("1.3.101.111", "x448"),
    ("1.3.101.113", "ed448"),
    ("1.2.840.10040.4.1", "dsa"),
    ("1.2.840.10046.2.1", "diffie-hellman"),
    ("1.2.840.113549.1.3.1", "diffie-hellman"),
];

/// Named curves we recognise only to name them in errors.
const OTHER_CURVES: [(&str, &str); 4] = [
    ("1.3.132.0.34", "p-384"),
    ("1.3.132.0.35", "p-521"),
    ("1.3.132.0.10", "secp256k1"),
    ("1.3.36.3.3.2.8.1.1.7", "brainpoolp256r1"),
];

/// Looks `oid` up in a name table, falling back to `unknown`.
fn name_of(
    oid: ObjectIdentifier,
    table: &[(&str, &'static str)],
    unknown: &'static str,
) -> &'static str {
    table
        .iter()
        .find(|(dotted, _)| ObjectIdentifier::new(dotted).is_ok_and(|known| known == oid))
        .map_or(unknown, |(_, name)| name)
}

/// Maps a DER error, singling out trailing data.
fn der_error(what: &'static str) -> impl Fn(der::Error) -> KeyError {
    move |err| match err.kind() {
        der::ErrorKind::TrailingData { .. } => KeyError::TrailingData,
        _ => KeyError::InvalidDer(what),
    }
}

/// Decodes a SubjectPublicKeyInfo into validated key material.
pub(super) fn decode_spki(bytes: &[u8]) -> Result<KeyMaterial, KeyError> {
    let spki = SubjectPublicKeyInfoRef::from_der(bytes).map_err(der_error("spki public key"))?;
    let key = spki
        .subject_public_key
        .as_bytes()
        .ok_or(KeyError::InvalidDer("spki public key"))?;
    let AlgorithmIdentifierRef { oid, parameters } = spki.algorithm;
    if oid == RSA_ENCRYPTION {
        // RFC 3279 says NULL; some encoders omit it. Re-encoding always writes NULL.
        if parameters.is_some_and(|params| !params.is_null()) {
            return Err(KeyError::InvalidDer("spki public key"));
        }
        decode_pkcs1(key).map(KeyMaterial::Rsa)
    } else if oid == ID_EC_PUBLIC_KEY {
        let curve = parameters
            .ok_or(KeyError::UnsupportedCurve("implicit curve"))?
            .decode_as::<ObjectIdentifier>()
            .map_err(|_| KeyError::UnsupportedCurve("explicit curve parameters"))?;
        if curve != SECP256R1 {
            return Err(KeyError::UnsupportedCurve(name_of(
                curve,
                &OTHER_CURVES,
                "unknown",
            )));
        }
        p256_from_sec1(key).map(KeyMaterial::P256)
    } else if oid == ID_ED25519 {
        // RFC 8410: the parameters MUST be absent.
        if parameters.is_some() {
            return Err(KeyError::InvalidDer("spki public key"));
        }
        let key =
            <&[u8; 32]>::try_from(key).map_err(|_| KeyError::InvalidDer("spki public key"))?;
        ed25519_from_bytes(key).map(KeyMaterial::Ed25519)
    } else {
        Err(KeyError::UnsupportedAlgorithm(name_of(
            oid,
            &OTHER_ALGORITHMS,
            "unknown",
        )))
    }
}

/// Decodes a PKCS#1 RSAPublicKey into a validated RSA key.
pub(super) fn decode_pkcs1(bytes: &[u8]) -> Result<RsaPublicKey, KeyError> {
    let key = pkcs1::RsaPublicKey::from_der(bytes).map_err(der_error("pkcs#1 rsa public key"))?;
    rsa_from_be(key.modulus.as_bytes(), key.public_exponent.as_bytes())
}

/// Decodes DER of unknown kind (a bare base64 body): SPKI, else PKCS#1; flags private keys.
pub(super) fn decode_unlabelled(bytes: &[u8]) -> Result<KeyMaterial, KeyError> {
    let spki_error = match decode_spki(bytes) {
        Err(KeyError::InvalidDer(_)) => KeyError::InvalidDer("spki public key"),
        other => return other,
    };
    if pkcs1::RsaPublicKey::from_der(bytes).is_ok() {
        return decode_pkcs1(bytes).map(KeyMaterial::Rsa);
    }
    if pkcs8::PrivateKeyInfo::from_der(bytes).is_ok()
        || pkcs1::RsaPrivateKey::from_der(bytes).is_ok()
    {
        return Err(KeyError::PrivateKey);
    }
    Err(spki_error)
}

/// Builds a validated RSA key from big-endian `n` and `e` (leading zero octets ignored).
pub(super) fn rsa_from_be(n: &[u8], e: &[u8]) -> Result<RsaPublicKey, KeyError> {
    let n = strip_leading_zeros(n);
    let e = strip_leading_zeros(e);
    let Some(&top) = n.first() else {
        return Err(KeyError::InvalidRsaModulus);
    };
    let bits = n.len() * 8 - top.leading_zeros() as usize;
    if bits < MIN_RSA_BITS {
        return Err(KeyError::RsaKeyTooSmall { bits });
    }
    if bits > MAX_RSA_BITS {
        return Err(KeyError::RsaKeyTooLarge { bits });
    }
    if n.last().is_none_or(|low| low % 2 == 0) {
        return Err(KeyError::InvalidRsaModulus);
    }
    // 1 < e < 2^32 and odd: at most four octets once leading zeros are gone.
    if e.len() > 4 {
        return Err(KeyError::InvalidRsaExponent);
    }
    let exponent = e
        .iter()
        .fold(0u32, |acc, &byte| (acc << 8) | u32::from(byte));
    if exponent <= 1 || exponent % 2 == 0 {
        return Err(KeyError::InvalidRsaExponent);
    }
    RsaPublicKey::new(BigUint::from_bytes_be(n), BigUint::from(exponent))
        .map_err(|_| KeyError::InvalidRsaModulus)
}

/// `bytes` without its leading zero octets.
fn strip_leading_zeros(bytes: &[u8]) -> &[u8] {
    let zeros = bytes.iter().take_while(|&&byte| byte == 0).count();
    bytes.get(zeros..).unwrap_or_default()
}

/// Decodes a SEC1 point (compressed or uncompressed) on P-256; rejects identity and off-curve points.
pub(super) fn p256_from_sec1(bytes: &[u8]) -> Result<p256::ecdsa::VerifyingKey, KeyError> {
    p256::ecdsa::VerifyingKey::from_sec1_bytes(bytes).map_err(|_| KeyError::InvalidPoint)
}

/// Decodes a compressed Edwards point; rejects non-points, non-canonical encodings and weak points.
pub(super) fn ed25519_from_bytes(
    bytes: &[u8; 32],
) -> Result<ed25519_dalek::VerifyingKey, KeyError> {
    let key = ed25519_dalek::VerifyingKey::from_bytes(bytes).map_err(|_| KeyError::InvalidPoint)?;
    // Decompression tolerates a few non-canonical encodings; accept only the canonical one.
    if key.to_edwards().compress().as_bytes() != bytes {
        return Err(KeyError::InvalidPoint);
    }
    if key.is_weak() {
        return Err(KeyError::WeakKey);
    }
    Ok(key)
}

/// Encodes `material` as canonical SPKI DER (RSA with NULL parameters, uncompressed EC points).
pub(super) fn encode_spki(material: &KeyMaterial) -> Result<Vec<u8>, KeyError> {
    let encoding_failed = |_| KeyError::InvalidDer("spki public key");
    match material {
        KeyMaterial::Rsa(key) => key
            .to_public_key_der()
            .map(|doc| doc.into_vec())
            .map_err(encoding_failed),
        KeyMaterial::P256(key) => {
            let point = key.to_encoded_point(false);
            let curve = AnyRef::from(&SECP256R1);
            spki_der(ID_EC_PUBLIC_KEY, Some(curve), point.as_bytes())
        }
        KeyMaterial::Ed25519(key) => spki_der(ID_ED25519, None, key.as_bytes()),
    }
}

/// DER of a SubjectPublicKeyInfo with the given algorithm and key bits.
fn spki_der(
    oid: ObjectIdentifier,
    parameters: Option<AnyRef<'_>>,
    key: &[u8],
) -> Result<Vec<u8>, KeyError> {
    let failed = |_| KeyError::InvalidDer("spki public key");
    let spki = SubjectPublicKeyInfoRef {
        algorithm: AlgorithmIdentifierRef { oid, parameters },
        subject_public_key: BitStringRef::from_bytes(key).map_err(failed)?,
    };
    spki.to_der().map_err(failed)
}

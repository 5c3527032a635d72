//! JWK (RFC 7517/7518/8037) → [`PublicKey`].
//!
//! Rules, beyond the RFCs' required members:
//! - `use`, if present, must be `sig`; `key_ops`, if present, must include `verify`.
//! - `alg`, if present, must be a supported algorithm that fits `kty`/`crv`; it pins the key to it.
//! - Private members (`d`, `p`, `q`, `dp`, `dq`, `qi`, `oth`) → [`KeyError::PrivateKey`].
//! - `n`, `e`, `x`, `y` are strict base64url: no padding, no whitespace, canonical trailing bits.
//! - RSA `n`/`e` with leading zero octets are accepted and normalised (see [`rsa_material`]).
//! - EC `x`/`y` and OKP `x` must be exactly 32 octets, and the point valid.
//!
//! JSON with duplicate member names keeps the last value (serde_json's behaviour).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{Map, Value};

use super::{asn1, Algorithm, KeyError, KeyMaterial, PublicKey};

/// Longest accepted `kid`, in bytes; Clerk's are ~30.
const MAX_KID_BYTES: usize = 1024;

/// Members that only a private JWK has.
const PRIVATE_MEMBERS: [&str; 7] = ["d", "p", "q", "dp", "dq", "qi", "oth"];

/// Parses one JWK object into a validated key.
pub(super) fn parse(jwk: &Value) -> Result<PublicKey, KeyError> {
    let obj = jwk.as_object().ok_or(KeyError::JwkNotObject)?;
    let kty = required_str(obj, "kty")?;
    if kty == "oct" {
        // Symmetric: the `k` member is a shared secret. Refuse before looking further.
        return Err(KeyError::UnsupportedAlgorithm("oct (symmetric key)"));
    }
    if PRIVATE_MEMBERS.iter().any(|name| obj.contains_key(*name)) {
        return Err(KeyError::PrivateKey);
    }
    if optional_str(obj, "use")?.is_some_and(|key_use| key_use != "sig") {
        return Err(KeyError::KeyUseNotSig);
    }
    if let Some(ops) = obj.get("key_ops") {
        let ops = ops
            .as_array()
            .ok_or(KeyError::JwkInvalidMember("key_ops"))?;
        if !ops.iter().any(|op| op.as_str() == Some("verify")) {
            return Err(KeyError::KeyOpsNoVerify);
        }
    }
    let kid = optional_str(obj, "kid")?;
    if kid.is_some_and(|kid| kid.len() > MAX_KID_BYTES) {
        return Err(KeyError::JwkInvalidMember("kid"));
    }
    let alg = match optional_str(obj, "alg")? {
        Some(name) => Some(Algorithm::from_jws_name(name).ok_or(KeyError::UnsupportedAlg)?),
        None => None,
    };
    let material = match kty {
        "RSA" => rsa_material(obj)?,
        "EC" => ec_material(obj)?,
        "OKP" => okp_material(obj)?,
        _ => return Err(KeyError::UnsupportedAlgorithm("unknown kty")),
    };
    if let Some(alg) = alg {
        if !material.algorithms().contains(&alg) {
            return Err(KeyError::AlgMismatch(alg));
        }
    }
    PublicKey::new(material, kid.map(str::to_owned), alg)
}

/// `kty` `RSA`: `n` and `e`.
///
/// RFC 7518 §6.3.1 asks for the minimal octet count, but some producers prefix
/// `n` with a 0x00 sign octet. The value stays unambiguous and the key is
/// re-encoded canonically (same SPKI, same digest), so leading zero octets are
/// accepted and stripped rather than rejected. Size limits apply to the value.
fn rsa_material(obj: &Map<String, Value>) -> Result<KeyMaterial, KeyError> {
    let n = base64url(obj, "n")?;
    let e = base64url(obj, "e")?;
    asn1::rsa_from_be(&n, &e).map(KeyMaterial::Rsa)
}

/// `kty` `EC`: `crv` `P-256` with 32-octet `x` and `y` forming a point on the curve.
fn ec_material(obj: &Map<String, Value>) -> Result<KeyMaterial, KeyError> {
    match required_str(obj, "crv")? {
        "P-256" => {}
        "P-384" => return Err(KeyError::UnsupportedCurve("p-384")),
        "P-521" => return Err(KeyError::UnsupportedCurve("p-521")),
        "secp256k1" => return Err(KeyError::UnsupportedCurve("secp256k1")),
        _ => return Err(KeyError::UnsupportedCurve("unknown")),
    }
    let x = coordinate(obj, "x")?;
    let y = coordinate(obj, "y")?;
    let point = p256::EncodedPoint::from_affine_coordinates(&x.into(), &y.into(), false);
    p256::ecdsa::VerifyingKey::from_encoded_point(&point)
        .map(KeyMaterial::P256)
        .map_err(|_| KeyError::InvalidPoint)
}

/// `kty` `OKP`: `crv` `Ed25519` with a 32-octet `x`.
fn okp_material(obj: &Map<String, Value>) -> Result<KeyMaterial, KeyError> {
    match required_str(obj, "crv")? {
        "Ed25519" => {}
        "Ed448" => return Err(KeyError::UnsupportedCurve("ed448")),
        "X25519" => return Err(KeyError::UnsupportedCurve("x25519")),
        "X448" => return Err(KeyError::UnsupportedCurve("x448")),
        _ => return Err(KeyError::UnsupportedCurve("unknown")),
    }
    let x = coordinate(obj, "x")?;
    asn1::ed25519_from_bytes(&x).map(KeyMaterial::Ed25519)
}

/// A string member that must be present.
fn required_str<'a>(obj: &'a Map<String, Value>, name: &'static str) -> Result<&'a str, KeyError> {
    optional_str(obj, name)?.ok_or(KeyError::JwkMissingMember(name))
}

/// A string member that may be absent (but not of another type).
fn optional_str<'a>(
    obj: &'a Map<String, Value>,
    name: &'static str,
) -> Result<Option<&'a str>, KeyError> {
    match obj.get(name) {
        None => Ok(None),
        Some(value) => value
            .as_str()
            .map(Some)
            .ok_or(KeyError::JwkInvalidMember(name)),
    }
}

/// A required, non-empty, strict base64url (no padding) member, decoded.
fn base64url(obj: &Map<String, Value>, name: &'static str) -> Result<Vec<u8>, KeyError> {
    let text = required_str(obj, name)?;
    if text.is_empty() {
        return Err(KeyError::JwkInvalidMember(name));
    }
    URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| KeyError::JwkInvalidMember(name))
}

/// A required base64url member that must decode to exactly 32 octets.
fn coordinate(obj: &Map<String, Value>, name: &'static str) -> Result<[u8; 32], KeyError> {
    let bytes = base64url(obj, name)?;
    <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| KeyError::JwkInvalidMember(name))
}

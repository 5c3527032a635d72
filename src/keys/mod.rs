//! Verification keys: `CLERK_JWT_KEY` (PEM, bare base64, JWK) and JWKS documents.
//!
//! Everything here is pure: bytes and strings in, a [`PublicKey`] or a
//! [`KeySet`] out. Keys are parsed with real DER decoders (`spki`, `pkcs1`,
//! SEC1 point decoding), validated (RSA ≥ 2048 bits, points on the curve, no
//! weak Ed25519 points) and re-encoded as canonical SPKI DER, which the
//! WebCrypto backend imports and whose SHA-256 identifies the key in caches.
//!
//! Supported keys and the JWS algorithms each may verify:
//!
//! | key | [`PublicKey::algorithms`] |
//! |-----|---------------------------|
//! | RSA, 2048–4096 bits | `RS256`, `RS384`, `RS512` |
//! | EC P-256 | `ES256` |
//! | Ed25519 | `EdDSA` |
//!
//! A JWK's `alg`, when present, narrows this to that one algorithm.
//! There is no `none` and no `HS*`: symmetric keys are never accepted.

use core::fmt;

use sha2::{Digest, Sha256};

mod asn1;
mod error;
mod jwk;
mod jwks;
mod pem;

pub use error::KeyError;
pub use jwks::KeySet;

/// Largest accepted `CLERK_JWT_KEY` text, in bytes (a 4096-bit RSA PEM is ~800).
pub const MAX_JWT_KEY_BYTES: usize = 16 * 1024;
/// Largest accepted JWKS document, in bytes.
pub const MAX_JWKS_BYTES: usize = 256 * 1024;
/// Smallest accepted RSA modulus, in bits.
pub const MIN_RSA_BITS: usize = 2048;
/// Largest accepted RSA modulus, in bits (the `rsa` crate's own limit).
pub const MAX_RSA_BITS: usize = 4096;

/// A JWS signature algorithm this crate can verify (asymmetric only: no `none`, no `HS*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Algorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    Rs256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    Rs384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    Rs512,
    /// ECDSA on P-256 with SHA-256.
    Es256,
    /// EdDSA; this crate supports the Ed25519 curve only.
    EdDsa,
}

impl Algorithm {
    /// Every supported algorithm, in declaration order.
    pub const ALL: [Algorithm; 5] = [
        Self::Rs256,
        Self::Rs384,
        Self::Rs512,
        Self::Es256,
        Self::EdDsa,
    ];

    /// Parses a JWS `alg` name (case-sensitive, as RFC 7515 requires); `None` if unsupported.
    pub fn from_jws_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|alg| alg.as_str() == name)
    }

    /// The JWS `alg` name (`"RS256"`, …, `"EdDSA"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Rs256 => "RS256",
            Self::Rs384 => "RS384",
            Self::Rs512 => "RS512",
            Self::Es256 => "ES256",
            Self::EdDsa => "EdDSA",
        }
    }

    /// This algorithm alone, as a `'static` slice.
    const fn as_slice(self) -> &'static [Algorithm] {
        match self {
            Self::Rs256 => &[Self::Rs256],
            Self::Rs384 => &[Self::Rs384],
            Self::Rs512 => &[Self::Rs512],
            Self::Es256 => &[Self::Es256],
            Self::EdDsa => &[Self::EdDsa],
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The parsed key, in the types jwt-compact's verifiers take.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyMaterial {
    /// An RSA key of 2048–4096 bits (for `jwt_compact::alg::Rsa`).
    Rsa(rsa::RsaPublicKey),
    /// A P-256 point (for `jwt_compact::alg::Es256`).
    P256(p256::ecdsa::VerifyingKey),
    /// An Ed25519 point that is not of small order (for `jwt_compact::alg::Ed25519`).
    Ed25519(ed25519_dalek::VerifyingKey),
}

impl KeyMaterial {
    /// Every algorithm a key of this type may verify.
    pub fn algorithms(&self) -> &'static [Algorithm] {
        match self {
            Self::Rsa(_) => &[Algorithm::Rs256, Algorithm::Rs384, Algorithm::Rs512],
            Self::P256(_) => &[Algorithm::Es256],
            Self::Ed25519(_) => &[Algorithm::EdDsa],
        }
    }

    /// A short name of the key type: `"rsa"`, `"p-256"` or `"ed25519"`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Rsa(_) => "rsa",
            Self::P256(_) => "p-256",
            Self::Ed25519(_) => "ed25519",
        }
    }
}

/// A validated verification key with its canonical SPKI DER and optional JWK `kid`/`alg`.
///
/// Two keys are equal when their material, `kid` and pinned `alg` are equal;
/// compare [`spki_der`](Self::spki_der) to compare the key alone.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey {
    material: KeyMaterial,
    spki_der: Vec<u8>,
    spki_sha256: [u8; 32],
    kid: Option<String>,
    alg: Option<Algorithm>,
}

impl PublicKey {
    /// Parses `CLERK_JWT_KEY` in any form users paste: SPKI PEM, PKCS#1 RSA PEM,
    /// the bare base64 body, or a JWK JSON object. A PEM or body may be wrapped, on one line
    /// (its line breaks lost or turned into spaces), written with literal `\n` / `\r\n`
    /// sequences, and surrounded by whitespace and one pair of `"` or `'` quotes.
    pub fn from_jwt_key(text: &str) -> Result<Self, KeyError> {
        if text.len() > MAX_JWT_KEY_BYTES {
            return Err(KeyError::KeyTooLarge {
                max_bytes: MAX_JWT_KEY_BYTES,
            });
        }
        let text = pem::unquote(text);
        if text.is_empty() {
            return Err(KeyError::Missing);
        }
        if text.starts_with('{') {
            let value: serde_json::Value =
                serde_json::from_str(text).map_err(|_| KeyError::InvalidJson)?;
            return Self::from_jwk(&value);
        }
        let material = match pem::decode(text)? {
            pem::Der::Spki(der) => asn1::decode_spki(&der)?,
            pem::Der::Pkcs1(der) => KeyMaterial::Rsa(asn1::decode_pkcs1(&der)?),
            pem::Der::Unlabelled(der) => asn1::decode_unlabelled(&der)?,
        };
        Self::new(material, None, None)
    }

    /// Parses a DER-encoded SubjectPublicKeyInfo (at most [`MAX_JWT_KEY_BYTES`]).
    pub fn from_spki_der(der: &[u8]) -> Result<Self, KeyError> {
        if der.len() > MAX_JWT_KEY_BYTES {
            return Err(KeyError::KeyTooLarge {
                max_bytes: MAX_JWT_KEY_BYTES,
            });
        }
        Self::new(asn1::decode_spki(der)?, None, None)
    }

    /// Parses one JWK (RFC 7517): `kty` `RSA`, `EC` with `crv` `P-256`, or `OKP` with `crv` `Ed25519`.
    pub fn from_jwk(jwk: &serde_json::Value) -> Result<Self, KeyError> {
        jwk::parse(jwk)
    }

    /// Wraps validated material, computing its canonical SPKI DER and digest.
    fn new(
        material: KeyMaterial,
        kid: Option<String>,
        alg: Option<Algorithm>,
    ) -> Result<Self, KeyError> {
        let spki_der = asn1::encode_spki(&material)?;
        let spki_sha256 = Sha256::digest(&spki_der).into();
        Ok(Self {
            material,
            spki_der,
            spki_sha256,
            kid,
            alg,
        })
    }

    /// The parsed key, ready for jwt-compact's verifiers.
    pub fn material(&self) -> &KeyMaterial {
        &self.material
    }

    /// The canonical SPKI DER encoding (for WebCrypto's `importKey("spki", …)`).
    pub fn spki_der(&self) -> &[u8] {
        &self.spki_der
    }

    /// SHA-256 of [`spki_der`](Self::spki_der): a stable identity for caches.
    pub fn spki_sha256(&self) -> &[u8; 32] {
        &self.spki_sha256
    }

    /// The JWK `kid`, if the key came from a JWK that had one.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// The algorithm pinned by the JWK's `alg`, if any.
    pub fn pinned_alg(&self) -> Option<Algorithm> {
        self.alg
    }

    /// The JWS algorithms this key may verify: the pinned `alg` alone, or all its type allows.
    pub fn algorithms(&self) -> &'static [Algorithm] {
        match self.alg {
            Some(alg) => alg.as_slice(),
            None => self.material.algorithms(),
        }
    }

    /// Whether this key may verify a token signed with `alg`.
    pub fn allows(&self, alg: Algorithm) -> bool {
        self.algorithms().contains(&alg)
    }
}

impl fmt::Debug for PublicKey {
    /// Shows the key type, size, `kid`, `alg` and a digest prefix; never the key itself.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut digest = String::with_capacity(16);
        for byte in self.spki_sha256.iter().take(8) {
            digest.push_str(&format!("{byte:02x}"));
        }
        let mut s = f.debug_struct("PublicKey");
        s.field("kind", &self.material.kind());
        if let KeyMaterial::Rsa(key) = &self.material {
            s.field("bits", &rsa::traits::PublicKeyParts::n(key).bits());
        }
        s.field("kid", &self.kid)
            .field("alg", &self.alg)
            .field("spki_sha256", &format_args!("{digest}…"))
            .finish()
    }
}

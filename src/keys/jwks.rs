//! JWKS documents (RFC 7517 §5) → [`KeySet`].

use std::collections::BTreeMap;

use serde_json::Value;

use super::{KeyError, PublicKey, MAX_JWKS_BYTES};

/// The usable verification keys of a JWKS document, looked up by exact `kid`.
///
/// Building a set is lenient per member and strict per document: members that
/// are not usable for signature verification are skipped (and recorded in
/// [`skipped`](Self::skipped)), so one odd key never hides the good ones;
/// a document that is not a JSON object with a `keys` array is an error.
///
/// A member is skipped when its `use` is present and not `sig`, its `kty`/`crv`
/// is unsupported, an RSA modulus is under 2048 bits, or it is malformed in
/// any way [`PublicKey::from_jwk`] rejects.
///
/// **Duplicate `kid`s.** If several members share a `kid` and are all the same
/// key (same SPKI and pinned `alg`), the first is kept and the copies skipped.
/// If they differ, the `kid` is ambiguous and *all* of them are dropped
/// ([`KeyError::DuplicateKid`]): a lookup then finds nothing and fails closed,
/// rather than silently verifying with whichever key happened to come first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeySet {
    keys: Vec<PublicKey>,
    skipped: Vec<KeyError>,
}

impl KeySet {
    /// Parses a JWKS document (at most [`MAX_JWKS_BYTES`]), skipping unusable members.
    pub fn from_jwks_json(bytes: &[u8]) -> Result<Self, KeyError> {
        if bytes.len() > MAX_JWKS_BYTES {
            return Err(KeyError::JwksTooLarge {
                max_bytes: MAX_JWKS_BYTES,
            });
        }
        let doc: Value =
            serde_json::from_slice(bytes).map_err(|_| KeyError::InvalidJwks("not valid json"))?;
        let members = doc
            .as_object()
            .ok_or(KeyError::InvalidJwks("not a json object"))?
            .get("keys")
            .ok_or(KeyError::InvalidJwks("missing `keys`"))?
            .as_array()
            .ok_or(KeyError::InvalidJwks("`keys` is not an array"))?;
        Ok(Self::from_members(members))
    }

    /// Parses every member, then resolves duplicate `kid`s.
    fn from_members(members: &[Value]) -> Self {
        let mut parsed = Vec::with_capacity(members.len());
        let mut skipped = Vec::new();
        for member in members {
            match PublicKey::from_jwk(member) {
                Ok(key) => parsed.push(key),
                Err(err) => skipped.push(err),
            }
        }

        // For each kid: the index of its first key, and whether any later key differs from it.
        let mut first_by_kid: BTreeMap<&str, (usize, bool)> = BTreeMap::new();
        for (index, key) in parsed.iter().enumerate() {
            let Some(kid) = key.kid() else { continue };
            let entry = first_by_kid.entry(kid).or_insert((index, false));
            let first = parsed.get(entry.0);
            if first.is_some_and(|first| first != key) {
                entry.1 = true;
            }
        }
        let keep: Vec<bool> = parsed
            .iter()
            .enumerate()
            .map(
                |(index, key)| match key.kid().and_then(|kid| first_by_kid.get(kid)) {
                    None => true,
                    Some(&(first, conflicting)) => !conflicting && first == index,
                },
            )
            .collect();

        let mut keys = Vec::with_capacity(parsed.len());
        for (key, keep) in parsed.into_iter().zip(keep) {
            if keep {
                keys.push(key);
            } else {
                skipped.push(KeyError::DuplicateKid);
            }
        }
        Self { keys, skipped }
    }

    /// The key whose `kid` is exactly `kid` (byte-for-byte; keys without a `kid` never match).
    pub fn get(&self, kid: &str) -> Option<&PublicKey> {
        self.keys.iter().find(|key| key.kid() == Some(kid))
    }

    /// Number of usable keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the set has no usable key.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The usable keys, in document order.
    pub fn iter(&self) -> std::slice::Iter<'_, PublicKey> {
        self.keys.iter()
    }

    /// Why each skipped member was skipped: parse failures in document order, then dropped duplicates.
    pub fn skipped(&self) -> &[KeyError] {
        &self.skipped
    }
}

impl<'a> IntoIterator for &'a KeySet {
    type Item = &'a PublicKey;
    type IntoIter = std::slice::Iter<'a, PublicKey>;

    fn into_iter(self) -> Self::IntoIter {
        self.keys.iter()
    }
}

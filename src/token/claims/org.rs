//! Active-organization claims, decoded from v1 (`org_*`) or v2 (`o`) tokens.
//!
//! v2 tokens compress permissions: `o.per` lists permission names, `fea` lists
//! features, and `o.fpm` holds one decimal bitmask per organization feature
//! (bit `i` set = permission `i` granted). This module expands them into the
//! `org:<feature>:<permission>` strings of v1 tokens, as Clerk's
//! `jwtPayloadParser` does.

use serde_json::{Map, Value};

use super::entitlements::{js_trim, Entitlements};
use super::read::{opt_string, opt_string_array};
use super::ClaimsError;

/// The active organization of a session, with the role and permissions the user holds in it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct OrgClaims {
    /// Organization id, e.g. `org_2abc…` (`org_id` / `o.id`); never empty.
    pub id: String,
    /// Organization slug (`org_slug` / `o.slg`).
    pub slug: Option<String>,
    /// The user's role, e.g. `org:admin` (`org_role` / `org:` + `o.rol`).
    pub role: Option<String>,
    /// The user's permissions, e.g. `org:dashboard:read` (`org_permissions` / decoded from `o`).
    pub permissions: Vec<String>,
}

/// Reads a v1 token's `org_id`, `org_slug`, `org_role` and `org_permissions`.
///
/// Without a non-empty `org_id` there is no active organization, whatever the other claims say.
pub(super) fn from_v1(payload: &Map<String, Value>) -> Result<Option<OrgClaims>, ClaimsError> {
    let id = opt_string(payload, "org_id", "org_id")?;
    let slug = opt_string(payload, "org_slug", "org_slug")?;
    let role = opt_string(payload, "org_role", "org_role")?;
    let permissions = opt_string_array(payload, "org_permissions")?.unwrap_or_default();
    Ok(id.filter(|id| !id.is_empty()).map(|id| OrgClaims {
        id,
        slug,
        role,
        permissions,
    }))
}

/// Reads a v2 token's `o` claim, expanding permissions with the organization features of `fea`.
pub(super) fn from_v2(
    payload: &Map<String, Value>,
    features: Option<&Entitlements>,
) -> Result<Option<OrgClaims>, ClaimsError> {
    let o = match payload.get("o") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Object(o)) => o,
        Some(_) => return Err(ClaimsError::InvalidType { claim: "o" }),
    };
    let id = opt_string(o, "id", "o.id")?;
    let slug = opt_string(o, "slg", "o.slg")?;
    let role = opt_string(o, "rol", "o.rol")?;
    let per = opt_string(o, "per", "o.per")?;
    let fpm = opt_string(o, "fpm", "o.fpm")?;
    let org_features = features.map_or(&[][..], Entitlements::org);
    let permissions = expand_permissions(org_features, per.as_deref(), fpm.as_deref());
    Ok(id.filter(|id| !id.is_empty()).map(|id| OrgClaims {
        id,
        slug,
        role: role.filter(|r| !r.is_empty()).map(|r| format!("org:{r}")),
        permissions,
    }))
}

/// Builds `org:<feature>:<permission>` strings from org features, `per` and `fpm`.
///
/// Like Clerk: nothing without both `per` and `fpm`; features beyond `fpm`'s
/// length and non-numeric masks grant nothing; bits beyond `per` are ignored.
/// Unlike Clerk, entries with an empty feature or permission name are dropped
/// (Clerk would emit `org::read` or `org:dashboard:`).
fn expand_permissions(features: &[String], per: Option<&str>, fpm: Option<&str>) -> Vec<String> {
    let (Some(per), Some(fpm)) = (per, fpm) else {
        return Vec::new();
    };
    if per.is_empty() || fpm.is_empty() {
        return Vec::new();
    }
    let names: Vec<&str> = per.split(',').map(js_trim).collect();
    let mut permissions = Vec::new();
    for (feature, mask) in features.iter().zip(fpm.split(',').map(js_trim)) {
        let Some(bits) = low_bits(mask, names.len()) else {
            continue;
        };
        if feature.is_empty() {
            continue;
        }
        for (name, granted) in names.iter().zip(bits) {
            if granted && !name.is_empty() {
                permissions.push(format!("org:{feature}:{name}"));
            }
        }
    }
    permissions
}

/// The lowest `count` bits (least significant first) of an unsigned decimal of any length.
///
/// `None` unless `decimal` is one or more ASCII digits (Clerk's `/^\d+$/`).
fn low_bits(decimal: &str, count: usize) -> Option<Vec<bool>> {
    if decimal.is_empty() || !decimal.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Little-endian 32-bit limbs, computing the value modulo 2^(32 * limbs).
    let mut limbs = vec![0u32; count.div_ceil(32)];
    for chunk in decimal.as_bytes().chunks(9) {
        let (mut scale, mut carry) = (1u64, 0u64);
        for &digit in chunk {
            scale *= 10;
            carry = carry * 10 + u64::from(digit - b'0');
        }
        for limb in &mut limbs {
            let value = u64::from(*limb) * scale + carry;
            *limb = value as u32;
            carry = value >> 32;
        }
    }
    let bits = limbs
        .iter()
        .flat_map(|limb| (0..32).map(move |bit| (limb >> bit) & 1 == 1))
        .take(count)
        .collect();
    Some(bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn low_bits_reads_least_significant_first() {
        assert_eq!(low_bits("3", 2), Some(vec![true, true]));
        assert_eq!(low_bits("2", 3), Some(vec![false, true, false]));
        assert_eq!(low_bits("007", 4), Some(vec![true, true, true, false]));
        assert_eq!(low_bits("0", 1), Some(vec![false]));
        assert_eq!(low_bits("5", 0), Some(vec![]));
    }

    #[test]
    fn low_bits_handles_numbers_wider_than_u64() {
        // 2^64 + 1 and 2^70 + 2: bits past 64 survive, higher ones are cut off.
        let bits = low_bits("18446744073709551617", 65).unwrap();
        let set: Vec<usize> = (0..65).filter(|&i| bits[i]).collect();
        assert_eq!(set, vec![0, 64]);
        let bits = low_bits("1180591620717411303426", 71).unwrap();
        let set: Vec<usize> = (0..71).filter(|&i| bits[i]).collect();
        assert_eq!(set, vec![1, 70]);
        assert_eq!(
            low_bits("1180591620717411303426", 3),
            Some(vec![false, true, false])
        );
    }

    #[test]
    fn low_bits_rejects_non_digits() {
        for bad in ["", "x", "-1", "+1", "1.0", "1e3", " 1", "١"] {
            assert_eq!(low_bits(bad, 4), None, "{bad:?}");
        }
    }

    #[test]
    fn expands_one_mask_per_feature() {
        let features = strings(&["dashboard", "impersonation"]);
        let got = expand_permissions(&features, Some("read,manage"), Some("3,2"));
        let want = [
            "org:dashboard:read",
            "org:dashboard:manage",
            "org:impersonation:manage",
        ];
        assert_eq!(got, strings(&want));
    }

    #[test]
    fn expansion_skips_garbage_without_shifting_positions() {
        let features = strings(&["a", "", "c", "d"]);
        // "x" is not a mask, the empty feature is dropped, "d" has no mask at all.
        let got = expand_permissions(&features, Some("read, ,write"), Some("x,1, 7 "));
        assert_eq!(got, strings(&["org:c:read", "org:c:write"]));
        assert!(expand_permissions(&features, Some("read"), Some("")).is_empty());
        assert!(expand_permissions(&features, None, Some("1")).is_empty());
        assert!(expand_permissions(&features, Some(""), Some("1")).is_empty());
    }
}

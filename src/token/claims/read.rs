//! Typed readers for individual claims; `null` always counts as absent.

use serde_json::{Map, Number, Value};

use super::{Actor, ClaimsError};

/// An optional string member of `map`, reported as `claim` when mistyped.
pub(super) fn opt_string(
    map: &Map<String, Value>,
    key: &str,
    claim: &'static str,
) -> Result<Option<String>, ClaimsError> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ClaimsError::InvalidType { claim }),
    }
}

/// An optional array-of-strings claim.
pub(super) fn opt_string_array(
    map: &Map<String, Value>,
    claim: &'static str,
) -> Result<Option<Vec<String>>, ClaimsError> {
    match map.get(claim) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::String(s) => Ok(s.clone()),
                _ => Err(ClaimsError::InvalidType { claim }),
            })
            .collect::<Result<_, _>>()
            .map(Some),
        Some(_) => Err(ClaimsError::InvalidType { claim }),
    }
}

/// An optional NumericDate claim as whole seconds (range checks happen before this module).
pub(super) fn opt_seconds(
    map: &Map<String, Value>,
    claim: &'static str,
) -> Result<Option<i64>, ClaimsError> {
    match map.get(claim) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Ok(Some(i)),
            // Saturating cast: the caller has already rejected out-of-range times.
            (None, Some(f)) if f.is_finite() => Ok(Some(f.trunc() as i64)),
            _ => Err(ClaimsError::InvalidValue { claim }),
        },
        Some(_) => Err(ClaimsError::InvalidType { claim }),
    }
}

/// A number with an integral value that fits an `i64` exactly (`2` and `2.0` alike).
fn integral(n: &Number) -> Option<i64> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    n.as_i64().or_else(|| {
        n.as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() <= EXACT)
            .map(|f| f as i64)
    })
}

/// The `v` claim: absent (or `null`) means 1; only 1 and 2 exist.
pub(super) fn version(map: &Map<String, Value>) -> Result<u8, ClaimsError> {
    match map.get("v") {
        None | Some(Value::Null) => Ok(1),
        Some(Value::Number(n)) => match integral(n) {
            Some(1) => Ok(1),
            Some(2) => Ok(2),
            _ => Err(ClaimsError::UnsupportedVersion),
        },
        Some(_) => Err(ClaimsError::InvalidType { claim: "v" }),
    }
}

/// The `act` claim: an object with a non-empty string `sub`.
pub(super) fn actor(map: &Map<String, Value>) -> Result<Option<Actor>, ClaimsError> {
    let mut extra = match map.get("act") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Object(act)) => act.clone(),
        Some(_) => return Err(ClaimsError::InvalidType { claim: "act" }),
    };
    let sub = match opt_string(&extra, "sub", "act.sub")? {
        Some(sub) if !sub.is_empty() => sub,
        _ => return Err(ClaimsError::InvalidValue { claim: "act.sub" }),
    };
    let iss = opt_string(&extra, "iss", "act.iss")?;
    let sid = opt_string(&extra, "sid", "act.sid")?;
    for known in ["sub", "iss", "sid"] {
        extra.remove(known);
    }
    Ok(Some(Actor {
        sub,
        iss,
        sid,
        extra,
    }))
}

/// The `fva` claim: two factor ages in minutes, each `-1` (never) or `>= 0`.
pub(super) fn factor_verification_age(
    map: &Map<String, Value>,
) -> Result<Option<[i64; 2]>, ClaimsError> {
    const CLAIM: &str = "fva";
    let age = |value: &Value| match value {
        Value::Number(n) => integral(n)
            .filter(|&minutes| minutes >= -1)
            .ok_or(ClaimsError::InvalidValue { claim: CLAIM }),
        _ => Err(ClaimsError::InvalidType { claim: CLAIM }),
    };
    match map.get(CLAIM) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => match items.as_slice() {
            [first, second] => Ok(Some([age(first)?, age(second)?])),
            _ => Err(ClaimsError::InvalidValue { claim: CLAIM }),
        },
        Some(_) => Err(ClaimsError::InvalidType { claim: CLAIM }),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn map(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => panic!("test payload must be an object"),
        }
    }

    #[test]
    fn seconds_accept_integers_and_truncate_fractions() {
        let m = map(
            json!({"a": 1700000000, "b": 1700000000.9, "c": null, "d": 18446744073709551615u64}),
        );
        assert_eq!(opt_seconds(&m, "a"), Ok(Some(1_700_000_000)));
        assert_eq!(opt_seconds(&m, "b"), Ok(Some(1_700_000_000)));
        assert_eq!(opt_seconds(&m, "c"), Ok(None));
        assert_eq!(opt_seconds(&m, "missing"), Ok(None));
        // Saturates rather than wrapping or panicking.
        assert_eq!(opt_seconds(&m, "d"), Ok(Some(i64::MAX)));
    }

    #[test]
    fn seconds_reject_non_numbers() {
        let m = map(json!({"s": "1700000000", "b": true, "a": [1]}));
        for claim in ["s", "b", "a"] {
            assert_eq!(
                opt_seconds(&m, claim),
                Err(ClaimsError::InvalidType { claim })
            );
        }
    }

    #[test]
    fn integral_accepts_whole_floats_only() {
        let n = |v: Value| match v {
            Value::Number(n) => n,
            _ => panic!("not a number"),
        };
        assert_eq!(integral(&n(json!(2))), Some(2));
        assert_eq!(integral(&n(json!(2.0))), Some(2));
        assert_eq!(integral(&n(json!(-1))), Some(-1));
        assert_eq!(integral(&n(json!(2.5))), None);
        assert_eq!(integral(&n(json!(1e300))), None);
    }

    #[test]
    fn version_defaults_to_one_and_knows_only_two() {
        assert_eq!(version(&map(json!({}))), Ok(1));
        assert_eq!(version(&map(json!({"v": null}))), Ok(1));
        assert_eq!(version(&map(json!({"v": 1}))), Ok(1));
        assert_eq!(version(&map(json!({"v": 2}))), Ok(2));
        assert_eq!(version(&map(json!({"v": 2.0}))), Ok(2));
        for bad in [json!(0), json!(3), json!(2.5), json!(-2), json!(256)] {
            assert_eq!(
                version(&map(json!({"v": bad}))),
                Err(ClaimsError::UnsupportedVersion)
            );
        }
        let stringly = map(json!({"v": "2"}));
        assert_eq!(
            version(&stringly),
            Err(ClaimsError::InvalidType { claim: "v" })
        );
    }

    #[test]
    fn actor_keeps_unknown_fields_apart() {
        let m = map(
            json!({"act": {"sub": "user_admin", "iss": "https://dashboard.clerk.com", "extra": 1}}),
        );
        let act = actor(&m).unwrap().unwrap();
        assert_eq!(act.sub, "user_admin");
        assert_eq!(act.iss.as_deref(), Some("https://dashboard.clerk.com"));
        assert_eq!(act.sid, None);
        assert_eq!(act.extra, map(json!({"extra": 1})));
    }

    #[test]
    fn actor_needs_an_object_with_a_subject() {
        let err = |v: Value| actor(&map(json!({ "act": v }))).unwrap_err();
        assert_eq!(
            err(json!("user_1")),
            ClaimsError::InvalidType { claim: "act" }
        );
        assert_eq!(
            err(json!({})),
            ClaimsError::InvalidValue { claim: "act.sub" }
        );
        assert_eq!(
            err(json!({"sub": ""})),
            ClaimsError::InvalidValue { claim: "act.sub" }
        );
        assert_eq!(
            err(json!({"sub": 7})),
            ClaimsError::InvalidType { claim: "act.sub" }
        );
        let sid = json!({"sub": "u", "sid": 1});
        assert_eq!(err(sid), ClaimsError::InvalidType { claim: "act.sid" });
    }

    #[test]
    fn factor_verification_age_is_a_pair_of_ages() {
        let fva = |v: Value| factor_verification_age(&map(json!({ "fva": v })));
        assert_eq!(fva(json!([5, -1])), Ok(Some([5, -1])));
        assert_eq!(fva(json!([0, 1440.0])), Ok(Some([0, 1440])));
        assert_eq!(fva(json!(null)), Ok(None));
        let invalid = Err(ClaimsError::InvalidValue { claim: "fva" });
        assert_eq!(fva(json!([1])), invalid);
        assert_eq!(fva(json!([1, 2, 3])), invalid);
        assert_eq!(fva(json!([-2, 0])), invalid);
        assert_eq!(fva(json!([0.5, 0])), invalid);
        let mistyped = Err(ClaimsError::InvalidType { claim: "fva" });
        assert_eq!(fva(json!(["1", 0])), mistyped);
        assert_eq!(fva(json!(5)), mistyped);
    }
}

//! JSON objects parsed strictly: a top-level object, no duplicate member names (RFC 7515 §4, RFC 8725 §3.12).

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

/// Parses `bytes` as a JSON object, rejecting duplicate member names; `None` on any problem.
pub fn parse_object(bytes: &[u8]) -> Option<Map<String, Value>> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let map = de.deserialize_map(UniqueKeys).ok()?;
    de.end().ok()?;
    Some(map)
}

/// Visits a JSON object, failing on the second occurrence of a member name.
struct UniqueKeys;

impl<'de> Visitor<'de> for UniqueKeys {
    type Value = Map<String, Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object with unique member names")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            let value: Value = access.next_value()?;
            if map.insert(key, value).is_some() {
                return Err(de::Error::custom("duplicate member name"));
            }
        }
        Ok(map)
    }
}

#[cfg(test)]
mod tests {
    use super::parse_object;

    #[test]
    fn accepts_objects_and_rejects_everything_else() {
        assert_eq!(parse_object(br#"{"a":1,"b":{"a":2}}"#).unwrap().len(), 2);
        for bad in [
            &b"[]"[..],
            b"1",
            b"\"s\"",
            b"null",
            br#"{"a":1,"a":1}"#,
            b"{} x",
            b"{",
            b"\xff",
        ] {
            assert!(
                parse_object(bad).is_none(),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }
}

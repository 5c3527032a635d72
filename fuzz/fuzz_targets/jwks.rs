//! JWKS documents: members are kept or skipped (never both, never lost) and `kid` lookups are exact.
#![no_main]

use clerk_edge::keys::KeySet;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(set) = KeySet::from_jwks_json(data) else {
        return;
    };
    let doc: serde_json::Value = serde_json::from_slice(data).expect("accepted JWKS is JSON");
    let members = doc["keys"]
        .as_array()
        .expect("accepted JWKS has a keys array");
    // Every member is either a usable key or one skipped entry.
    assert_eq!(set.len() + set.skipped().len(), members.len());
    assert_eq!(set.is_empty(), set.iter().next().is_none());
    let mut kids = std::collections::BTreeSet::new();
    for key in &set {
        if let Some(kid) = key.kid() {
            // No two usable keys share a kid, and lookups find exactly that key.
            assert!(kids.insert(kid.to_string()), "duplicate kid kept");
            assert_eq!(set.get(kid), Some(key));
        }
        assert!(!key.algorithms().is_empty());
    }
    let probe = members
        .iter()
        .filter_map(|m| m["kid"].as_str())
        .find(|kid| !kids.contains(*kid));
    if let Some(kid) = probe {
        assert!(set.get(kid).is_none());
    }
});

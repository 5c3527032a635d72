//! Described calls (the npm package's path) build the same requests as the generated functions,
//! for every operation; and the JS operation table lists every operation exactly once.
#![cfg(all(feature = "backend", not(target_arch = "wasm32")))] // native only: reads js/generated

use std::collections::BTreeSet;

use clerk_edge::backend::generated::{self, OPERATIONS};
use clerk_edge::backend::{prepare_call, CallBody, ClientConfig};

/// `{name}` segments of a path template.
fn params(template: &str) -> Vec<String> {
    template
        .split('{')
        .skip(1)
        .map(|s| s.split('}').next().unwrap().to_string())
        .collect()
}

#[test]
fn described_calls_match_generated_requests() {
    let config = ClientConfig::new("sk_test_x");
    let none = serde_json::Map::new();
    for (id, method, template) in OPERATIONS {
        let typed = generated::prepare_default(id, &config).unwrap();
        let described = prepare_call(
            &config,
            method,
            template,
            &params(template),
            &none,
            CallBody::None,
        )
        .unwrap();
        let path = |url: &str| url.split('?').next().unwrap().to_string();
        assert_eq!(
            (described.method, path(&described.url)),
            (typed.method, path(&typed.url)),
            "{id}"
        );
    }
}

#[test]
fn js_table_lists_every_operation_once() {
    let table = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/js/generated/backend-ops.mjs"
    ))
    .unwrap();
    let mut seen = BTreeSet::new();
    for (id, method, template) in OPERATIONS {
        let entry = format!("[{id:?}, {method:?}, {template:?}");
        assert_eq!(table.matches(&entry).count(), 1, "{entry}");
        seen.insert(*id);
    }
    assert_eq!(seen.len(), 249);
    assert!(table.contains("export const OPERATION_COUNT = 249;"));
}

//! Every operation of Clerk's Backend API spec (as listed in the committed fixture, which
//! `scripts/check-generated.sh` keeps in step with the spec) has a generated method.
#![cfg(all(feature = "backend", not(target_arch = "wasm32")))] // native only: reads the fixture

#[path = "support/bapi_spec.rs"]
mod bapi_spec;

use std::collections::BTreeSet;

use clerk_edge::backend::generated::{self, METHODS, OPERATIONS, SPEC_VERSION};
use clerk_edge::backend::ClientConfig;

#[test]
fn every_spec_operation_is_generated() {
    let spec = bapi_spec::load();
    assert_eq!(
        spec.ops.len(),
        249,
        "the 2026-05-12 spec has 249 operations"
    );
    assert_eq!(spec.version, SPEC_VERSION);
    assert_eq!(
        SPEC_VERSION,
        clerk_edge::jwks::source::CLERK_API_VERSION_HEADER
    );
    let generated: BTreeSet<(&str, &str, &str)> = OPERATIONS.iter().copied().collect();
    let mut missing = Vec::new();
    for op in &spec.ops {
        if !generated.contains(&(op.id.as_str(), op.method.as_str(), op.path.as_str())) {
            missing.push(format!("{} {} {}", op.id, op.method, op.path));
        }
    }
    assert!(missing.is_empty(), "not generated: {missing:#?}");
    assert_eq!(
        OPERATIONS.len(),
        spec.ops.len(),
        "generated operations not in the spec"
    );
}

#[test]
fn every_generated_operation_has_a_method_and_pure_halves() {
    let config = ClientConfig::new("sk_test_x").with_api_url("https://api.example.test");
    let ids: BTreeSet<&str> = OPERATIONS.iter().map(|o| o.0).collect();
    assert_eq!(ids.len(), OPERATIONS.len(), "operation ids are unique");
    let methods: BTreeSet<&str> = METHODS.iter().map(|m| m.1).collect();
    assert_eq!(methods.len(), METHODS.len(), "method names are unique");
    for ((id, method, path), (mid, name)) in OPERATIONS.iter().zip(METHODS) {
        assert_eq!(id, mid);
        assert!(name.contains("()."), "{name}");
        let req = generated::prepare_default(id, &config).expect("prepare");
        assert_eq!(req.method, *method, "{id}");
        let want = path
            .split('/')
            .map(|s| {
                if s.starts_with('{') {
                    &s[1..s.len() - 1]
                } else {
                    s
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        let got = req.url.split('?').next().unwrap();
        assert_eq!(got, format!("https://api.example.test/v1{want}"), "{id}");
        let empty = clerk_edge::http::HttpResponse {
            status: 404,
            ..Default::default()
        };
        assert!(generated::parse_value(id, &empty).expect("parse").is_err());
    }
    assert!(generated::prepare_default("NoSuchOperation", &config).is_none());
}

#[test]
fn readable_names_for_common_calls() {
    let find = |id: &str| METHODS.iter().find(|m| m.0 == id).map(|m| m.1);
    assert_eq!(find("BanUser"), Some("users().ban"));
    assert_eq!(find("GetUserList"), Some("users().list"));
    assert_eq!(find("LockUser"), Some("users().lock"));
    assert_eq!(find("CreateSessionToken"), Some("sessions().create_token"));
    assert_eq!(find("ListOrganizations"), Some("organizations().list"));
    assert_eq!(find("CreateJWTTemplate"), Some("jwt_templates().create"));
    assert_eq!(find("CreateSignInToken"), Some("sign_in_tokens().create"));
}

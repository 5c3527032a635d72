//! Unit tests of [`super::Authenticator::new`] and the option checks (split out of options.rs).

use super::*;

const PK_LIVE: &str = "pk_live_Y2xlcmsuZXhhbXBsZS5jb20k";
const PK_TEST: &str = "pk_test_Y2xlcmsuZXhhbXBsZS5jb20k";

fn options(pk: &str) -> AuthenticateOptions {
    AuthenticateOptions {
        publishable_key: pk.into(),
        secret_key: Some("sk_test_x".into()),
        ..Default::default()
    }
}

#[test]
fn refuses_what_clerk_refuses() {
    let reason = |o| Authenticator::new(o).unwrap_err().reason();
    assert_eq!(reason(options("")), "publishable-key-missing");
    assert_eq!(reason(options("pk_nope")), "publishable-key-invalid");
    let mut o = options(PK_LIVE);
    o.secret_key = Some("not-a-secret-key".into());
    assert_eq!(reason(o.clone()), "jwk-failed-to-resolve");
    o.secret_key = None;
    assert!(Authenticator::new(o).unwrap().backend_api().is_none());
    let mut o = options(PK_LIVE);
    o.is_satellite = true;
    assert_eq!(
        Authenticator::new(o.clone()).unwrap_err(),
        OptionsError::SatelliteWithoutDomain
    );
    o.domain = Some("sat.example".into());
    assert!(Authenticator::new(o).is_ok());
    let mut o = options(PK_TEST);
    o.is_satellite = true;
    o.domain = Some("sat.example".into());
    assert_eq!(
        Authenticator::new(o.clone()).unwrap_err(),
        OptionsError::SatelliteWithoutSignInUrl
    );
    o.sign_in_url = Some("/sign-in".into());
    assert_eq!(
        Authenticator::new(o).unwrap_err(),
        OptionsError::InvalidUrl("signInUrl")
    );
    let mut o = options(PK_LIVE);
    o.proxy_url = Some("not a url".into());
    assert_eq!(
        Authenticator::new(o).unwrap_err(),
        OptionsError::InvalidUrl("proxyUrl")
    );
}

#[test]
fn frontend_api_follows_proxy_and_satellite_domain() {
    let a = Authenticator::new(options(PK_LIVE)).unwrap();
    assert_eq!(a.frontend_api("https://app.example"), "clerk.example.com");
    let mut o = options(PK_LIVE);
    o.is_satellite = true;
    o.domain = Some("sat.example".into());
    let a = Authenticator::new(o.clone()).unwrap();
    assert_eq!(a.frontend_api("https://sat.example"), "clerk.sat.example");
    o.proxy_url = Some("/__clerk".into());
    let a = Authenticator::new(o).unwrap();
    assert_eq!(
        a.frontend_api("https://sat.example"),
        "https://sat.example/__clerk"
    );
    assert_eq!(a.original_frontend_api(), "clerk.sat.example");
    let mut o = options(PK_TEST);
    o.domain = Some("sat.example".into());
    o.is_satellite = true;
    o.sign_in_url = Some("https://primary.example/sign-in".into());
    let a = Authenticator::new(o).unwrap();
    assert_eq!(a.original_frontend_api(), "clerk.example.com");
}

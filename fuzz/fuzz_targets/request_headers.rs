//! `Cookie` and `Authorization` parsing and the choice of the session token among a request's headers.
//!
//! Input: line 1 is ignored (it was the cookie suffix; the suffix now comes from a fixed publishable
//! key), every further line one `name: value` header.
#![no_main]

use clerk_edge::auth::cookies::{parse_cookie_header, Cookies};
use clerk_edge::auth::context::{AuthContext, RequestView};
use clerk_edge::auth::cookies::cookie_suffix;
use clerk_edge::auth::{parse_bearer, AuthenticateOptions, Authenticator};
use clerk_edge_fuzz::{fields, header_lines};
use libfuzzer_sys::fuzz_target;

fn is_ows(c: char) -> bool {
    c == ' ' || c == '\t'
}

fuzz_target!(|data: &[u8]| {
    let [_, rest] = <[String; 2]>::try_from(fields(data, 2)).unwrap();
    let headers = header_lines(&rest);

    for (name, value) in &headers {
        if let Ok(Some(token)) = parse_bearer(value) {
            assert!(!token.is_empty() && value.contains(token));
            assert!(!token.starts_with(is_ows) && !token.ends_with(is_ows));
            let body = token.trim_end_matches('=');
            assert!(body
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b)));
            assert_eq!(parse_bearer(&format!("Bearer {token}")), Ok(Some(token)));
        }
        if name.eq_ignore_ascii_case("cookie") {
            for (cookie, cookie_value) in parse_cookie_header(value) {
                assert!(!cookie.is_empty() && !cookie.contains([';', '=']));
                assert!(!cookie.starts_with(is_ows) && !cookie.ends_with(is_ows));
                assert!(!cookie_value.contains(';'));
            }
        }
    }

    let auth = Authenticator::new(AuthenticateOptions {
        publishable_key: PK.into(),
        ..AuthenticateOptions::default()
    })
    .expect("valid options");
    let read = |headers: &[(String, String)]| {
        let view = RequestView { method: "GET", url: "https://app.example.com/", headers };
        AuthContext::read(&view, &auth, 0.0).expect("an absolute URL is always readable")
    };
    let ctx = read(&headers);
    // Header order never changes the Bearer outcome: duplicates either agree or are ambiguous.
    let reversed: Vec<_> = headers.iter().rev().cloned().collect();
    assert_eq!(read(&reversed).header_token, ctx.header_token);
    if let Ok(Some(token)) = &ctx.header_token {
        assert!(headers.iter().any(|(n, v)| {
            n.eq_ignore_ascii_case("authorization") && parse_bearer(v) == Ok(Some(token.as_str()))
        }));
    }
    if let Ok(Some(session)) = &ctx.session_cookie {
        // The token is one `__session` or `__session_<suffix>` cookie's value.
        let suffixed = format!("__session_{}", cookie_suffix(PK));
        let jar = Cookies::from_headers(&headers);
        assert!(!session.is_empty());
        assert!(jar.iter().any(|(n, v)| v == session && (n == "__session" || n == suffixed)));
    }
});

const PK: &str = "pk_test_Y2xlcmsuZXhhbXBsZS5jb20k";

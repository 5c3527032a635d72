//! `Cookie` and `Authorization` parsing and the choice of the session token among a request's headers.
//!
//! Input: line 1 = the cookie suffix, every further line one `name: value` header.
#![no_main]

use clerk_edge::auth::cookies::{parse_cookie_header, Cookies};
use clerk_edge::auth::request::{find_session_token, parse_bearer, TokenCarrier};
use clerk_edge_fuzz::{fields, header_lines};
use libfuzzer_sys::fuzz_target;

fn is_ows(c: char) -> bool {
    c == ' ' || c == '\t'
}

fuzz_target!(|data: &[u8]| {
    let [suffix, rest] = <[String; 2]>::try_from(fields(data, 2)).unwrap();
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

    let found = find_session_token(&headers, Some(&suffix));
    // Header order never changes the outcome: duplicates either agree or make the request ambiguous.
    let reversed: Vec<_> = headers.iter().rev().cloned().collect();
    assert_eq!(find_session_token(&reversed, Some(&suffix)), found);

    let Ok(Some(source)) = found else {
        return;
    };
    assert!(!source.token.is_empty());
    match source.carrier {
        TokenCarrier::Header => {
            assert!(headers.iter().any(|(n, v)| {
                n.eq_ignore_ascii_case("authorization") && parse_bearer(v) == Ok(Some(source.token))
            }));
        }
        TokenCarrier::Cookie => {
            // No bearer credentials were sent, and the token is one `__session[_suffix]` cookie's value.
            assert!(!headers.iter().any(|(n, v)| {
                n.eq_ignore_ascii_case("authorization") && matches!(parse_bearer(v), Ok(Some(_)))
            }));
            let jar = Cookies::from_headers(&headers);
            // An empty suffix means no suffixed cookie.
            let suffixed = (!suffix.is_empty()).then(|| format!("__session_{suffix}"));
            assert!(jar.iter().any(|(n, v)| {
                v == source.token && (n == "__session" || Some(n) == suffixed.as_deref())
            }));
        }
    }
});

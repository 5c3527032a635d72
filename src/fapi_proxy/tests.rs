use super::*;
use crate::auth::RequestView;

const PK: &str = "pk_live_Y2xlcmsuZXhhbXBsZS5jb20k"; // clerk.example.com
const SK: &str = "sk_live_secret_value";

fn proxy(edit: impl FnOnce(&mut ProxyOptions)) -> FrontendApiProxy {
    let mut options = ProxyOptions {
        publishable_key: PK.into(),
        secret_key: SK.into(),
        ..ProxyOptions::default()
    };
    edit(&mut options);
    FrontendApiProxy::new(options).unwrap()
}

fn send(
    proxy: &FrontendApiProxy,
    url: &str,
    headers: &[(&str, &str)],
) -> Result<ProxyRequest, ProxyError> {
    let ip = client_ip(headers);
    proxy.request(
        RequestView {
            method: "GET",
            url,
            headers,
        },
        ip.as_deref(),
    )
}

fn header<'a>(req: &'a ProxyRequest, name: &str) -> Vec<&'a str> {
    req.headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .collect()
}

#[test]
fn strips_the_prefix_keeps_the_query_and_targets_the_shared_frontend_api() {
    let p = proxy(|_| {});
    assert_eq!(p.path(), "/__clerk");
    let req = send(
        &p,
        "https://app.example.com/__clerk/v1/client?_clerk_js_version=5&a=b%20c#frag",
        &[],
    )
    .unwrap();
    assert_eq!(
        req.url,
        "https://frontend-api.clerk.dev/v1/client?_clerk_js_version=5&a=b%20c"
    );
    assert_eq!(req.proxy_url, "https://app.example.com/__clerk");
    let root = send(&p, "https://app.example.com/__clerk?x=1", &[]).unwrap();
    assert_eq!(root.url, "https://frontend-api.clerk.dev/?x=1");
    // The host cannot be changed through the path.
    let odd = send(&p, "https://app.example.com/__clerk//evil.example/x?", &[]).unwrap();
    assert_eq!(odd.url, "https://frontend-api.clerk.dev//evil.example/x");
}

#[test]
fn only_the_proxy_path_and_below_match() {
    let p = proxy(|o| o.proxy_path = Some("/auth/clerk/".into()));
    assert_eq!(p.path(), "/auth/clerk");
    for path in ["/auth/clerk", "/auth/clerk/", "/auth/clerk/v1/x"] {
        assert!(p.matches(path), "{path}");
    }
    for path in [
        "/auth/clerkx",
        "/auth/Clerk/v1",
        "/auth",
        "/",
        "/auth/%63lerk/v1",
    ] {
        assert!(!p.matches(path), "{path}");
    }
    let err = send(&p, "https://app.example.com/other", &[]).unwrap_err();
    assert_eq!(err.reason(), "proxy-path-mismatch");
    assert_eq!(
        send(&p, "not a url", &[]).unwrap_err().reason(),
        "request-invalid"
    );
}

#[test]
fn adds_the_proxy_headers_and_strips_hop_by_hop_ones() {
    let p = proxy(|_| {});
    let incoming = [
        ("host", "app.example.com"),
        ("cookie", "__client=abc"),
        ("connection", "keep-alive, x-private"),
        ("x-private", "1"),
        ("keep-alive", "timeout=5"),
        ("transfer-encoding", "chunked"),
        ("upgrade", "h2c"),
        ("te", "trailers"),
        ("proxy-authorization", "Basic x"),
        ("accept-encoding", "gzip, br"),
        ("clerk-secret-key", "sk_forged"),
        ("clerk-proxy-url", "https://evil.example/__clerk"),
        ("x-forwarded-host", "evil.example"),
        ("x-forwarded-proto", "http"),
        ("cf-connecting-ip", "203.0.113.7"),
        ("x-forwarded-for", "198.51.100.1, 10.0.0.1"),
        ("user-agent", "test"),
    ];
    let req = send(&p, "https://app.example.com/__clerk/v1/client", &incoming).unwrap();
    let names: Vec<&str> = req.headers.iter().map(|(n, _)| n.as_str()).collect();
    for gone in [
        "host",
        "connection",
        "x-private",
        "keep-alive",
        "transfer-encoding",
        "upgrade",
        "te",
        "proxy-authorization",
    ] {
        assert!(!names.contains(&gone), "{gone} must be stripped");
    }
    assert_eq!(header(&req, "cookie"), ["__client=abc"]);
    assert_eq!(header(&req, "user-agent"), ["test"]);
    assert_eq!(header(&req, "clerk-secret-key"), [SK]);
    assert_eq!(
        header(&req, "clerk-proxy-url"),
        ["https://app.example.com/__clerk"]
    );
    assert_eq!(header(&req, "accept-encoding"), ["identity"]);
    assert_eq!(header(&req, "x-forwarded-host"), ["app.example.com"]);
    assert_eq!(header(&req, "x-forwarded-proto"), ["https"]);
    assert_eq!(header(&req, "x-forwarded-for"), ["203.0.113.7"]);
}

#[test]
fn forwarded_headers_are_used_only_when_trusted() {
    let headers = [
        ("x-forwarded-proto", "https, http"),
        ("x-forwarded-host", "public.example.com"),
        ("x-real-ip", " 192.0.2.4 "),
    ];
    let trusted = proxy(|o| o.trust_forwarded_headers = true);
    let req = send(&trusted, "http://10.0.0.5:3000/__clerk/v1/env", &headers).unwrap();
    assert_eq!(req.proxy_url, "https://public.example.com/__clerk");
    assert_eq!(header(&req, "x-forwarded-host"), ["public.example.com"]);
    assert_eq!(header(&req, "x-forwarded-proto"), ["https, http"]);
    assert_eq!(header(&req, "x-forwarded-for"), ["192.0.2.4"]);
    let untrusted = send(
        &proxy(|_| {}),
        "http://10.0.0.5:3000/__clerk/v1/env",
        &headers,
    )
    .unwrap();
    assert_eq!(untrusted.proxy_url, "http://10.0.0.5:3000/__clerk");
    assert_eq!(header(&untrusted, "x-forwarded-host"), ["10.0.0.5:3000"]);
    assert_eq!(header(&untrusted, "x-forwarded-proto"), ["http"]);
    // A malformed forwarded host falls back to the request's origin.
    let bad = [
        ("x-forwarded-proto", "https"),
        ("x-forwarded-host", "evil.example/path"),
    ];
    let req = send(&trusted, "https://app.example.com/__clerk", &bad).unwrap();
    assert_eq!(req.proxy_url, "https://app.example.com/__clerk");
    // A configured public proxy URL wins over both.
    let fixed = proxy(|o| o.proxy_url = Some("https://www.example.com/__clerk/".into()));
    assert_eq!(
        send(&fixed, "http://10.0.0.5/__clerk/v1", &headers)
            .unwrap()
            .proxy_url,
        "https://www.example.com/__clerk"
    );
}

#[test]
fn picks_the_client_ip_like_clerk() {
    assert_eq!(
        client_ip(&[("X-Forwarded-For", "198.51.100.1, 10.0.0.1")]).as_deref(),
        Some("198.51.100.1")
    );
    assert_eq!(
        client_ip(&[("x-forwarded-for", "1.1.1.1"), ("x-real-ip", "2.2.2.2")]).as_deref(),
        Some("2.2.2.2")
    );
    assert_eq!(
        client_ip(&[("x-real-ip", "2.2.2.2"), ("cf-connecting-ip", "3.3.3.3")]).as_deref(),
        Some("3.3.3.3")
    );
    assert_eq!(client_ip::<&str, &str>(&[]), None);
    assert_eq!(client_ip(&[("x-real-ip", "a b")]), None);
    let req = send(
        &proxy(|_| {}),
        "https://a.example/__clerk",
        &[("x-forwarded-for", "9.9.9.9")],
    )
    .unwrap();
    assert_eq!(header(&req, "x-forwarded-for"), ["9.9.9.9"]);
}

#[test]
fn rewrites_the_response_headers() {
    let p = proxy(|o| o.fapi_url = Some("http://127.0.0.1:4000/".into()));
    let req = send(
        &p,
        "https://app.example.com/__clerk/v1/client/handshake",
        &[],
    )
    .unwrap();
    assert_eq!(req.url, "http://127.0.0.1:4000/v1/client/handshake");
    let upstream = [
        ("content-type", "text/html"),
        ("content-encoding", "gzip"),
        ("Content-Length", "42"),
        ("connection", "close, x-hop"),
        ("x-hop", "1"),
        ("transfer-encoding", "chunked"),
        ("set-cookie", "__client=1; Path=/"),
        ("set-cookie", "__client_uat=2; Path=/"),
        ("location", "http://127.0.0.1:4000/v1/verify?token=t#f"),
    ];
    let got = req.response_headers(&upstream);
    assert_eq!(
        got,
        [
            ("content-type", "text/html"),
            ("set-cookie", "__client=1; Path=/"),
            ("set-cookie", "__client_uat=2; Path=/"),
            (
                "location",
                "https://app.example.com/__clerk/v1/verify?token=t#f"
            ),
        ]
        .map(|(n, v)| (n.to_string(), v.to_string()))
    );
}

#[test]
fn rewrites_only_locations_on_the_upstream() {
    let up = "https://frontend-api.clerk.dev";
    let px = "https://app.example.com/__clerk";
    let cases = [
        (
            "https://frontend-api.clerk.dev/v1/x?a=1",
            Some("https://app.example.com/__clerk/v1/x?a=1"),
        ),
        (
            "HTTPS://Frontend-API.clerk.dev:443/v1/x",
            Some("https://app.example.com/__clerk/v1/x"),
        ),
        (
            "//frontend-api.clerk.dev/v1/y",
            Some("https://app.example.com/__clerk/v1/y"),
        ),
        ("/v1/z#h", Some("https://app.example.com/__clerk/v1/z#h")),
        ("https://accounts.example.com/sign-in", None),
        ("https://frontend-api.clerk.dev.evil.example/v1", None),
        ("http://frontend-api.clerk.dev:8080/v1", None),
        ("relative/path", None),
        ("javascript:alert(1)", None),
        ("/v1/\u{7f}", None),
    ];
    for (location, want) in cases {
        assert_eq!(
            rewrite_location(location, up, px).as_deref(),
            want,
            "{location}"
        );
    }
    // An upstream with a base path: the rewrite keeps only what is below it.
    let based = "http://127.0.0.1:4000/fapi";
    assert_eq!(
        rewrite_location("http://127.0.0.1:4000/fapi/v1/a", based, px).as_deref(),
        Some("https://app.example.com/__clerk/v1/a")
    );
    assert_eq!(
        rewrite_location("/other", based, px).as_deref(),
        Some("https://app.example.com/__clerk/other")
    );
}

#[test]
fn refuses_bad_options() {
    let base = ProxyOptions {
        publishable_key: PK.into(),
        secret_key: SK.into(),
        ..ProxyOptions::default()
    };
    let with = |edit: &dyn Fn(&mut ProxyOptions)| {
        let mut o = base.clone();
        edit(&mut o);
        FrontendApiProxy::new(o)
            .map(|_| ())
            .map_err(|e| (e.reason(), e.to_string()))
    };
    assert!(with(&|_| {}).is_ok());
    assert!(with(&|o| o.publishable_key = "pk_nope".into())
        .unwrap_err()
        .0
        .starts_with("publishable-key"));
    for edit in [
        &(|o: &mut ProxyOptions| o.secret_key = String::new()) as &dyn Fn(&mut ProxyOptions),
        &|o| o.secret_key = "sk_live with space".into(),
        &|o| o.secret_key = "not-a-secret".into(),
        &|o| o.proxy_path = Some("/".into()),
        &|o| o.proxy_path = Some("__clerk".into()),
        &|o| o.proxy_path = Some("/a/../b".into()),
        &|o| o.proxy_path = Some("/a?b".into()),
        &|o| o.proxy_path = Some("/a//b".into()),
        &|o| o.fapi_url = Some("http://frontend-api.example.com".into()),
        &|o| o.fapi_url = Some("https://u:p@frontend-api.clerk.dev".into()),
        &|o| o.proxy_url = Some("/__clerk".into()),
        &|o| o.proxy_url = Some("https://app.example.com/__clerk?x".into()),
    ] {
        let (reason, message) = with(edit).unwrap_err();
        assert_eq!(reason, "options-invalid");
        assert!(
            !message.contains("secret_value") && !message.contains("with space"),
            "{message}"
        );
    }
}

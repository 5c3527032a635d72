//! Guard route rules: configuration, decisions, and attempts to reach a protected path
//! through a public rule, plus header stripping.

use clerk_edge::guard::headers::must_strip;
use clerk_edge::guard::routes::{normalize_path, RouteDecision, RouteError, RouteRules};
use clerk_edge::Reason;

use RouteDecision::{Protected, Public};

/// A typical configuration: a few public areas, one protected island inside them, and
/// everything else protected (unmatched routes are).
fn rules() -> RouteRules {
    RouteRules::parse(
        "/public/private/**",
        "/, /public/**, GET /health, /assets/*.css, /blog/*/comments, POST /webhooks/clerk",
    )
    .unwrap()
}

#[test]
fn public_rules_open_exactly_what_they_name() {
    let rules = rules();
    for (method, path) in [
        ("GET", "/"),
        ("GET", "/public"),
        ("GET", "/public/"),
        ("PUT", "/public/a/b/c.txt"),
        ("GET", "/health"),
        ("GET", "/health?verbose=1"),
        ("GET", "/assets/site.css"),
        ("GET", "/blog/hello-world/comments"),
        ("POST", "/webhooks/clerk"),
        ("GET", "/public/x/../y"),
    ] {
        assert_eq!(rules.decide(method, path), Public, "{method} {path}");
    }
}

#[test]
fn everything_else_is_protected() {
    let rules = rules();
    for (method, path) in [
        ("GET", "/admin"),
        ("GET", "/publicity"),
        ("GET", "/healthz"),
        ("GET", "/health/"),
        ("HEAD", "/health"),
        ("POST", "/health"),
        ("get", "/health"),
        ("GET", "/webhooks/clerk"),
        ("GET", "/assets/.css"),
        ("GET", "/assets/a/b.css"),
        ("GET", "/blog/comments"),
        ("GET", "/blog//comments"),
    ] {
        assert_eq!(rules.decide(method, path), Protected, "{method} {path}");
    }
}

#[test]
fn bypass_attempts_stay_protected() {
    let rules = rules();
    for path in [
        "/public/../admin",
        "/public/./../admin",
        "/public/x/../../admin",
        "/public/%2e%2e/admin",
        "/public/%2E%2E/admin",
        "/public/.%2e/admin",
        "/public/%2e./admin",
        "/public/..%2fadmin",
        "/public%2F..%2Fadmin",
        "/public/%252e%252e/admin",
        "/public/..;/admin",
        "/public;/../admin",
        "/public/..\\admin",
        "/public\\..\\admin",
        "//admin",
        "//public/../admin",
        "/public//../admin",
        "/ADMIN",
        "/Public/x",
        "/PUBLIC",
        "/admin%2F..",
        "/admin;x",
        "/admin?/public",
        "/admin#/public",
        "/admin/..%00/public",
        "/public/\u{0}/../../admin",
        "/public/\r\n/admin",
        "/publ%69c/x",
        "public/x",
        "https://evil.example/public/x",
        "*",
        "",
    ] {
        // `/public/../admin`-style paths normalize to `/admin`; the rest are ambiguous.
        assert_eq!(rules.decide("GET", path), Protected, "{path:?}");
    }
}

#[test]
fn dot_segments_resolve_like_a_url_parser() {
    assert_eq!(
        normalize_path("/public/../admin").as_deref(),
        Some("/admin")
    );
    assert_eq!(
        normalize_path("/admin/../public/x").as_deref(),
        Some("/public/x")
    );
    assert_eq!(rules().decide("GET", "/admin/../public/x"), Public);
    assert_eq!(normalize_path("/public/%2e%2e/admin"), None);
}

#[test]
fn no_rules_means_everything_is_protected() {
    for (protected, public) in [("", ""), ("/admin/**", ""), ("  ,  ", " , ")] {
        let rules = RouteRules::parse(protected, public).unwrap();
        assert_eq!(rules.decide("GET", "/"), Protected);
        assert_eq!(rules.decide("GET", "/anything"), Protected);
    }
    let all_public = RouteRules::parse("", "/**").unwrap();
    assert_eq!(all_public.decide("DELETE", "/x/y"), Public);
    // Ambiguous paths stay protected even when every path is public.
    assert_eq!(all_public.decide("GET", "/x;y"), Protected);
}

#[test]
fn protected_rules_win_over_public_ones() {
    let docs = RouteRules::parse("/docs/internal/**", "/docs/**").unwrap();
    assert_eq!(docs.decide("GET", "/docs/internal/payroll"), Protected);
    assert_eq!(docs.decide("GET", "/docs/internal"), Protected);
    assert_eq!(docs.decide("GET", "/docs/intro"), Public);
    let rules = rules();
    for path in [
        "/public/private",
        "/public/private/",
        "/public/private/x",
        "/public/x/../private/y",
    ] {
        assert_eq!(rules.decide("GET", path), Protected, "{path}");
    }
    assert_eq!(rules.decide("GET", "/public/privately"), Public);
    // `/**` protected next to public rules would shadow them all: a configuration error.
    assert!(matches!(
        RouteRules::parse("/**", "/public/**"),
        Err(RouteError::PublicRulesShadowed { position: 1, .. })
    ));
}

#[test]
fn invalid_configuration_names_position_not_text() {
    for (protected, public, var, position) in [
        ("/ok,admin", "", "CLERK_PROTECTED_ROUTES", 2),
        ("", "/a/**/b", "CLERK_PUBLIC_ROUTES", 1),
        ("", "/a,,/b/../c", "CLERK_PUBLIC_ROUTES", 3),
        ("", "GET POST /a", "CLERK_PUBLIC_ROUTES", 1),
        ("", "/%2e", "CLERK_PUBLIC_ROUTES", 1),
        ("", "/a/", "CLERK_PUBLIC_ROUTES", 1),
    ] {
        let err = RouteRules::parse(protected, public).unwrap_err();
        assert_eq!(err.reason(), "config-invalid");
        match &err {
            RouteError::InvalidRule {
                var: v,
                position: p,
                ..
            } => assert_eq!((*v, *p), (var, position), "{protected:?} {public:?}"),
            other => panic!("unexpected {other:?}"),
        }
        assert!(err
            .to_string()
            .starts_with(&format!("{var} rule {position}: ")));
    }
}

#[test]
fn strips_client_supplied_identity_and_hop_by_hop_headers() {
    let connection = Some("close, X-Internal-Token");
    let incoming = [
        "X-Clerk-User-Id",
        "x-clerk-org-role",
        "Connection",
        "Keep-Alive",
        "Transfer-Encoding",
        "x-internal-token",
        "Accept",
        "Cookie",
        "Authorization",
    ];
    let kept: Vec<&str> = incoming
        .into_iter()
        .filter(|name| !must_strip(name, connection))
        .collect();
    assert_eq!(kept, ["Accept", "Cookie", "Authorization"]);
}

/// Deterministic pseudo-random strings over characters that matter to paths and patterns.
fn fuzz_strings(count: usize) -> Vec<String> {
    const ALPHABET: [&str; 18] = [
        "/", ".", "..", "*", "**", "%", "%2e", "%2F", ";", "\\", "?", "#", ",", " ", "a", "é",
        "\0", "GET ",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..count)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let len = (state >> 59) as usize;
            (0..len)
                .map(|i| {
                    let pick = (state >> (i * 4 % 56)) as usize % ALPHABET.len();
                    ALPHABET[pick]
                })
                .collect()
        })
        .collect()
}

#[test]
fn arbitrary_inputs_never_panic() {
    let rules = rules();
    for s in fuzz_strings(5_000) {
        let _ = rules.decide("GET", &s);
        let _ = normalize_path(&s);
        let _ = RouteRules::parse(&s, &s);
        let _ = must_strip(&s, Some(&s));
        if let Some(normalized) = normalize_path(&s) {
            assert!(normalized.starts_with('/'), "{s:?}");
            assert_eq!(
                normalize_path(&normalized).as_deref(),
                Some(normalized.as_str())
            );
        }
    }
}

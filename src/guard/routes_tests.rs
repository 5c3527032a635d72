//! Unit tests of [`super`]: rule parsing, the decision, and errors.

use super::*;

#[test]
fn public_only_when_no_protected_rule_matches_and_everything_else_is_protected() {
    let rules = RouteRules::parse("", " /health , GET /docs/**,,").unwrap();
    assert_eq!(rules.counts(), (2, 0));
    assert_eq!(rules.decide("GET", "/health"), RouteDecision::Public);
    assert_eq!(rules.decide("GET", "/docs/a"), RouteDecision::Public);
    assert_eq!(rules.decide("POST", "/docs/a"), RouteDecision::Protected);
    assert_eq!(rules.decide("GET", "/other"), RouteDecision::Protected);
    let none = RouteRules::parse("", "").unwrap();
    assert_eq!(none.decide("GET", "/").as_str(), "protected");
}

#[test]
fn protected_wins_over_public() {
    let rules = RouteRules::parse("/docs/internal/**, POST /api/**", "/docs/**, /api/**").unwrap();
    assert_eq!(rules.counts(), (2, 2));
    for (method, path, expected) in [
        ("GET", "/docs/intro", RouteDecision::Public),
        ("GET", "/docs", RouteDecision::Public),
        ("GET", "/docs/internal", RouteDecision::Protected),
        ("GET", "/docs/internal/payroll", RouteDecision::Protected),
        (
            "GET",
            "/docs/x/../internal/payroll",
            RouteDecision::Protected,
        ),
        ("GET", "/docs/internalx", RouteDecision::Public),
        ("GET", "/api/items", RouteDecision::Public),
        ("POST", "/api/items", RouteDecision::Protected),
    ] {
        assert_eq!(rules.decide(method, path), expected, "{method} {path}");
    }
    // A protected catch-all would leave no public route at all: refused, naming its position.
    let err = RouteRules::parse(" , GET /a, /** ", "/health").unwrap_err();
    assert_eq!(
        err,
        RouteError::PublicRulesShadowed {
            var: PROTECTED_ROUTES_VAR,
            position: 3
        }
    );
    assert_eq!(err.reason(), "config-invalid");
    assert!(err
        .to_string()
        .starts_with("CLERK_PROTECTED_ROUTES rule 3 is `/**`"));
    // Alone, or limited to one method, it is allowed.
    assert_eq!(
        RouteRules::parse("/**", "").unwrap().decide("GET", "/"),
        RouteDecision::Protected
    );
    let get_only = RouteRules::parse("GET /**", "/hooks/**").unwrap();
    assert_eq!(get_only.decide("GET", "/hooks/a"), RouteDecision::Protected);
    assert_eq!(get_only.decide("POST", "/hooks/a"), RouteDecision::Public);
}

#[test]
fn errors_name_the_variable_and_position_only() {
    let err = RouteRules::parse("", "/ok, ,/secret-token-abc/").unwrap_err();
    assert_eq!(err.reason(), "config-invalid");
    let message = err.to_string();
    assert!(
        message.starts_with("CLERK_PUBLIC_ROUTES rule 3:"),
        "{message}"
    );
    assert!(!message.contains("secret"), "{message}");
    let many = vec!["/a"; MAX_RULES + 1].join(",");
    assert!(matches!(
        RouteRules::parse(&many, ""),
        Err(RouteError::TooMany {
            var: PROTECTED_ROUTES_VAR,
            ..
        })
    ));
    let long = "/a".repeat(MAX_ROUTES_BYTES);
    assert!(matches!(
        RouteRules::parse("", &long),
        Err(RouteError::TooLong { .. })
    ));
}

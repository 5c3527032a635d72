//! Route rules and path normalisation: a path an origin could read differently is never Public,
//! and deciding on the raw path is the same as deciding on its normalised form.
//!
//! Input: line 1 = `CLERK_PROTECTED_ROUTES`, line 2 = `CLERK_PUBLIC_ROUTES`, line 3 = method, rest = path.
#![no_main]

use clerk_edge::guard::routes::normalize_path;
use clerk_edge::guard::{RouteDecision, RouteRules};
use clerk_edge_fuzz::fields;
use libfuzzer_sys::fuzz_target;

/// Percent-escapes an origin may decode into a dot, slash, backslash, semicolon, percent or NUL.
const AMBIGUOUS: [&str; 6] = ["%2e", "%2f", "%5c", "%3b", "%25", "%00"];

fuzz_target!(|data: &[u8]| {
    let [protected, public, method, path] = <[String; 4]>::try_from(fields(data, 4)).unwrap();

    let normalized = normalize_path(&path);
    let raw = &path[..path.find(['?', '#']).unwrap_or(path.len())];
    let lower = raw.to_ascii_lowercase();
    let ambiguous = !raw.starts_with('/')
        || raw.contains("//")
        || raw.contains(['\\', ';'])
        || raw.bytes().any(|b| !b.is_ascii_graphic())
        || AMBIGUOUS.iter().any(|e| lower.contains(e));
    assert_eq!(normalized.is_none(), ambiguous, "{path:?}");
    if let Some(n) = &normalized {
        // Normalised: rooted, no dot segments, no empty segment but a trailing one, idempotent.
        assert!(n.starts_with('/') && !n.contains("//"));
        let segments: Vec<&str> = n[1..].split('/').collect();
        assert!(segments.iter().all(|s| *s != "." && *s != ".."), "{n}");
        assert_eq!(normalize_path(n).as_deref(), Some(n.as_str()));
        assert!(n.len() <= raw.len() + 1);
    }

    // A fixed rule set: only paths under /public may be Public, whatever dot segments they carry
    // (no protected rule: whatever no public rule matches is protected).
    let fixed = RouteRules::parse("", "/public/**, GET /health").unwrap();
    if fixed.decide(&method, &path) == RouteDecision::Public {
        let n = normalized.as_deref().expect("a Public path normalises");
        assert!(n == "/public" || n.starts_with("/public/") || (n == "/health" && method == "GET"));
    }

    let Ok(rules) = RouteRules::parse(&protected, &public) else {
        return;
    };
    let decision = rules.decide(&method, &path);
    // The guard's one-normalisation call agrees with the two separate ones.
    assert_eq!(
        rules.route(&method, &path),
        (decision, rules.accepts(&method, &path)),
        "{path:?}"
    );
    match &normalized {
        None => assert_eq!(decision, RouteDecision::Protected, "{path:?}"),
        Some(n) => assert_eq!(rules.decide(&method, n), decision, "{path:?} vs {n:?}"),
    }
    if decision == RouteDecision::Public {
        assert!(!public.trim().is_empty());
    }
});

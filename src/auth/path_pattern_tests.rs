use super::*;

fn params(patterns: &[&str], path: &str) -> Option<Vec<(String, String)>> {
    PathPatterns::parse(patterns).unwrap().matches(path)
}

fn one(name: &str, value: &str) -> Option<Vec<(String, String)>> {
    Some(vec![(name.to_string(), value.to_string())])
}

#[test]
fn matches_clerk_documented_patterns() {
    let orgs = ["/orgs/:slug", "/orgs/:slug/(.*)"];
    assert_eq!(params(&orgs, "/orgs/acme"), one("slug", "acme"));
    assert_eq!(params(&orgs, "/orgs/acme/"), one("slug", "acme"));
    assert_eq!(params(&orgs, "/ORGS/Acme/settings/x"), one("slug", "Acme"));
    assert_eq!(params(&orgs, "/orgs/acme/"), one("slug", "acme"));
    assert_eq!(params(&orgs, "/orgs"), None);
    assert_eq!(params(&orgs, "/orgs/"), None);
    assert_eq!(params(&orgs, "/x/orgs/acme"), None);
    assert_eq!(params(&orgs, "/orgs/a%20b"), one("slug", "a%20b"));
    let me = ["/me", "/me/(.*)"];
    assert_eq!(params(&me, "/me"), Some(vec![]));
    assert_eq!(params(&me, "/me/"), Some(vec![]));
    assert_eq!(params(&me, "/me/profile"), Some(vec![]));
    assert_eq!(params(&me, "/meet"), None);
}

#[test]
fn optional_parameters_wildcards_and_the_first_pattern_win() {
    assert_eq!(params(&["/o/:id?"], "/o"), Some(vec![]));
    assert_eq!(params(&["/o/:id?"], "/o/org_1"), one("id", "org_1"));
    assert_eq!(params(&["/o/:rest(.*)"], "/o/a/b"), one("rest", "a/b"));
    assert_eq!(params(&["/o/:id/x"], "/o/org_1/x/"), one("id", "org_1"));
    assert_eq!(params(&["/o/:id/x"], "/o/org_1/x//"), None);
    assert_eq!(
        params(&["/a/:id", "/a/:slug"], "/a/acme"),
        one("id", "acme")
    );
    assert_eq!(
        params(&["/b/:id", "/a/:slug"], "/a/acme"),
        one("slug", "acme")
    );
    assert_eq!(params(&["/a\\:b"], "/a:b"), Some(vec![]));
}

#[test]
fn hostile_paths_end_and_long_ones_never_match() {
    let patterns = ["/(.*)/(.*)/(.*)/(.*)/x", "/:a?/:b?/:c?/:d?/:e?/y"];
    let path = "/a".repeat(MAX_PATH_BYTES / 2);
    // Without the failed-state memo this is 2000^4 steps; with it, it ends at once.
    assert_eq!(params(&patterns, &path), None);
    let long = format!("/{}", "a".repeat(MAX_PATH_BYTES));
    assert_eq!(params(&["/(.*)"], &long), None);
    assert_eq!(params(&["/(.*)"], &long[..MAX_PATH_BYTES]), Some(vec![]));
}

#[test]
fn unsupported_syntax_is_refused_not_guessed() {
    for bad in [
        "/a/{b}",
        "/a/:id+",
        "/a/:id*",
        "/a/(\\d+)",
        "/a-:id",
        ":id",
        "/a/:",
        "/a/(.*",
        "/a)",
        "/a?",
        "\\",
    ] {
        assert!(PathPatterns::parse(&[bad]).is_err(), "{bad}");
    }
    let err = PathPatterns::parse(&["/ok", "/a/{b}"]).unwrap_err();
    assert_eq!(err.pattern, "/a/{b}");
}

//! `organizationSyncOptions` path patterns: parsing any pattern list and matching any path never
//! panics; a target's value is a non-empty piece of the path; matching ignores ASCII case.
//!
//! Input: line 1 = organization patterns, line 2 = personal-account patterns (comma-separated),
//! rest = the URL path.
#![no_main]

use clerk_edge::auth::{OrganizationMatcher, OrganizationSyncOptions, SyncTarget};
use clerk_edge_fuzz::fields;
use libfuzzer_sys::fuzz_target;

fn list(line: &str) -> Option<Vec<String>> {
    (!line.is_empty()).then(|| line.split(',').map(str::to_string).collect())
}

fuzz_target!(|data: &[u8]| {
    let [organizations, personal, path] = <[String; 3]>::try_from(fields(data, 3)).unwrap();
    let options = OrganizationSyncOptions {
        organization_patterns: list(&organizations),
        personal_account_patterns: list(&personal),
    };
    let Ok(matcher) = OrganizationMatcher::new(&options) else {
        return;
    };
    let target = matcher.target(&path);
    assert_eq!(matcher.target(&path), target, "deterministic");
    if let Some(SyncTarget::OrganizationId(v) | SyncTarget::OrganizationSlug(v)) = &target {
        assert!(!v.is_empty() && path.contains(v.as_str()), "{v:?} from {path:?}");
    }
    // ASCII case does not change what matches, only the case of the values.
    let upper = path.to_ascii_uppercase();
    let upper_target = matcher.target(&upper);
    let kind = |t: &Option<SyncTarget>| t.as_ref().map(std::mem::discriminant);
    assert_eq!(kind(&upper_target), kind(&target), "{path:?}");
    if let (Some(a), Some(b)) = (&target, &upper_target) {
        assert_eq!(a.query_value().to_ascii_uppercase(), b.query_value());
    }
});

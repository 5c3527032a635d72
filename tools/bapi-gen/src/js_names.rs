//! JS names for the npm package's `createClerkClient`: @clerk/backend's group and method names
//! where it has the call, else the tag's group and the operation id in lowerCamelCase.

use std::collections::BTreeMap;

use crate::names::tag_module;
use crate::ops::TagOps;

/// `operationId group method` lines as @clerk/backend 3.x names them (mapped by method and path
/// from its endpoint classes). Two operations may share a name when their path parameter counts
/// differ: the JS client picks by the number of leading string arguments
/// (`sessions.getToken(sessionId)` vs `sessions.getToken(sessionId, template)`).
const CLERK_BACKEND: &str = include_str!("clerk_backend_names.txt");

/// The rows of [`CLERK_BACKEND`]: `(operationId, group, method)`.
fn clerk_backend() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    CLERK_BACKEND
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut w = l.split_whitespace();
            let mut next = || w.next().expect("three words per line");
            (next(), next(), next())
        })
}

/// Group names of tags whose @clerk/backend group is not the tag in lowerCamelCase.
const GROUPS: &[(&str, &str)] = &[
    ("instance_settings", "instance"),
    ("m2m_tokens", "m2m"),
    ("oauth_access_tokens", "idPOAuthAccessToken"),
    ("organization_domains", "organizations"),
    ("organization_invitations", "organizations"),
    ("organization_memberships", "organizations"),
];

/// `sign_in_tokens` -> `signInTokens`; `CreateJWTTemplate` -> `createJWTTemplate`.
pub fn lower_camel(s: &str) -> String {
    if s.contains('_') || s.chars().all(|c| !c.is_ascii_uppercase()) {
        let mut out = String::new();
        for (i, w) in s.split('_').filter(|w| !w.is_empty()).enumerate() {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                out.push(if i == 0 { f } else { f.to_ascii_uppercase() });
                out.push_str(c.as_str());
            }
        }
        return out;
    }
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_ascii_lowercase().to_string() + c.as_str())
        .unwrap_or_default()
}

/// The JS group of a tag.
pub fn js_group(tag: &str) -> String {
    let module = tag_module(tag);
    GROUPS
        .iter()
        .find(|(m, _)| *m == module)
        .map(|(_, g)| g.to_string())
        .unwrap_or_else(|| lower_camel(&module))
}

/// `(group, method)` for every operation id; panics on a name two operations would share
/// unless their path parameter counts differ (then the JS client tells them apart).
pub fn js_names(tags: &[TagOps]) -> BTreeMap<String, (String, String)> {
    let mut out = BTreeMap::new();
    let mut taken: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for t in tags {
        for op in &t.ops {
            let id = &op.raw.id;
            let (group, method) = match clerk_backend().find(|(i, _, _)| i == id) {
                Some((_, g, m)) => (g.to_string(), m.to_string()),
                None => (js_group(&t.tag), lower_camel(id)),
            };
            let counts = taken.entry((group.clone(), method.clone())).or_default();
            let n = op.path_params.len();
            assert!(
                !counts.contains(&n),
                "JS name {group}.{method} is taken twice with {n} path parameters ({id})"
            );
            counts.push(n);
            out.insert(id.clone(), (group, method));
        }
    }
    for (id, _, _) in clerk_backend() {
        assert!(
            out.contains_key(id),
            "unknown operation {id} in CLERK_BACKEND"
        );
    }
    out
}

/// `user_id` -> `userId`, `apiKeyID` -> `apiKeyID` (the camelCase spelling JS callers may use).
pub fn camel_param(wire: &str) -> String {
    if wire.contains('_') {
        lower_camel(wire)
    } else {
        wire.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::snake;

    #[test]
    fn camel() {
        assert_eq!(lower_camel("sign_in_tokens"), "signInTokens");
        assert_eq!(lower_camel("CreateJWTTemplate"), "createJWTTemplate");
        assert_eq!(lower_camel("createSession"), "createSession");
        assert_eq!(camel_param("role_set_key_or_id"), "roleSetKeyOrId");
        assert_eq!(snake("userId"), "user_id");
    }
}

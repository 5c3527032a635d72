//! [`Auth::has`]: Clerk's role, permission, feature and plan checks.
//!
//! Mirrors `createCheckAuthorization` of @clerk/shared: every dimension that
//! is asked must pass and at least one must be asked. Role and permission
//! checks need an active organization and ignore any number of leading `org:`
//! on the question; feature and plan checks read `fea` and `pla` and accept an
//! optional `o:`/`org:`/`organization:` or `u:`/`user:` scope.

use serde::{Deserialize, Deserializer, Serialize};

use super::Auth;
use crate::token::claims::{Entitlements, OrgClaims};

/// What [`Auth::has`] checks: every field set must pass (AND); with none set, `has` is `false`.
///
/// Deserializes from the object JS code passes to `has()`, e.g.
/// `{"permission": "org:invoices:read"}`; unknown keys (such as
/// `reverification`, which this crate does not check) and `null` values are
/// errors, so a caller can never be granted more than asked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AuthCheck {
    /// An organization permission, e.g. `org:invoices:read` (the `org:` prefix is optional).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub permission: Option<String>,
    /// An organization role, e.g. `org:admin` (the `org:` prefix is optional).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub role: Option<String>,
    /// A billing feature, e.g. `export`, `o:export` or `user:export`.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub feature: Option<String>,
    /// A billing plan, e.g. `pro`, `org:pro` or `u:pro`.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub plan: Option<String>,
}

/// A field that, when present, must be a string (`null` is rejected, not read as absent).
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    String::deserialize(deserializer).map(Some)
}

impl AuthCheck {
    /// Checks an organization permission.
    pub fn permission(permission: impl Into<String>) -> Self {
        Self::default().and_permission(permission)
    }
    /// Checks an organization role.
    pub fn role(role: impl Into<String>) -> Self {
        Self::default().and_role(role)
    }
    /// Checks a billing feature.
    pub fn feature(feature: impl Into<String>) -> Self {
        Self::default().and_feature(feature)
    }
    /// Checks a billing plan.
    pub fn plan(plan: impl Into<String>) -> Self {
        Self::default().and_plan(plan)
    }
    /// Also requires an organization permission.
    pub fn and_permission(mut self, permission: impl Into<String>) -> Self {
        self.permission = Some(permission.into());
        self
    }
    /// Also requires an organization role.
    pub fn and_role(mut self, role: impl Into<String>) -> Self {
        self.role = Some(role.into());
        self
    }
    /// Also requires a billing feature.
    pub fn and_feature(mut self, feature: impl Into<String>) -> Self {
        self.feature = Some(feature.into());
        self
    }
    /// Also requires a billing plan.
    pub fn and_plan(mut self, plan: impl Into<String>) -> Self {
        self.plan = Some(plan.into());
        self
    }
}

/// The result of one dimension of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Nothing of this dimension was asked.
    Skip,
    Pass,
    Fail,
}

impl Outcome {
    fn from_bool(pass: bool) -> Self {
        if pass {
            Self::Pass
        } else {
            Self::Fail
        }
    }
}

impl Auth<'_> {
    /// Whether the session satisfies `check`, following @clerk/backend's `has()`.
    pub fn has(&self, check: &AuthCheck) -> bool {
        let claims = self.session_claims();
        let outcomes = [
            check_org(
                claims.org(),
                check.role.as_deref(),
                check.permission.as_deref(),
            ),
            check_entitlement(claims.features(), check.feature.as_deref()),
            check_entitlement(claims.plans(), check.plan.as_deref()),
        ];
        outcomes.contains(&Outcome::Pass) && !outcomes.contains(&Outcome::Fail)
    }
}

/// Role and permission in the active organization.
fn check_org(org: Option<&OrgClaims>, role: Option<&str>, permission: Option<&str>) -> Outcome {
    if role.is_none() && permission.is_none() {
        return Outcome::Skip;
    }
    let Some(org) = org else {
        return Outcome::Fail;
    };
    let role_ok = role.is_none_or(|asked| {
        let held = org.role.as_deref().filter(|held| !held.is_empty());
        match (org_scoped(asked), held) {
            (Some(asked), Some(held)) => asked == org_scoped_or_bare(held),
            _ => false,
        }
    });
    let permission_ok = permission.is_none_or(|asked| {
        org_scoped(asked).is_some_and(|asked| org.permissions.contains(&asked))
    });
    Outcome::from_bool(role_ok && permission_ok)
}

/// `value` with its leading `org:` prefixes collapsed into one; `None` when nothing follows them.
fn org_scoped(value: &str) -> Option<String> {
    let mut bare = value;
    while let Some(rest) = bare.strip_prefix("org:") {
        bare = rest;
    }
    (!bare.is_empty()).then(|| format!("org:{bare}"))
}

/// Like [`org_scoped`], for the held role: `org:` alone stays `org:` (it matches no question).
fn org_scoped_or_bare(value: &str) -> String {
    org_scoped(value).unwrap_or_else(|| value.to_owned())
}

/// A feature (`fea`) or plan (`pla`) question against its claim.
fn check_entitlement(claim: Option<&Entitlements>, asked: Option<&str>) -> Outcome {
    match asked {
        None => Outcome::Skip,
        Some(asked) => Outcome::from_bool(claim.is_some_and(|claim| entitled(claim, asked))),
    }
}

/// Clerk's `checkForFeatureOrPlan`, failing closed on malformed claims and questions.
fn entitled(claim: &Entitlements, asked: &str) -> bool {
    if !claim.is_well_formed() {
        return false;
    }
    let (scope, id) = match asked.split_once(':') {
        Some((scope, id)) => (Some(scope), id),
        None => (None, asked),
    };
    if id.is_empty() || id.contains(':') {
        return false;
    }
    let holds = |ids: &[String]| ids.iter().any(|held| held == id);
    match scope {
        None => holds(claim.org()) || holds(claim.user()),
        Some("o" | "org" | "organization") => holds(claim.org()),
        Some("u" | "user") => holds(claim.user()),
        Some(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_scoped_collapses_prefixes() {
        assert_eq!(org_scoped("admin").as_deref(), Some("org:admin"));
        assert_eq!(org_scoped("org:admin").as_deref(), Some("org:admin"));
        assert_eq!(
            org_scoped("org:org:org:admin").as_deref(),
            Some("org:admin")
        );
        assert_eq!(org_scoped("Org:admin").as_deref(), Some("org:Org:admin"));
        assert_eq!(org_scoped("org:"), None);
        assert_eq!(org_scoped(""), None);
        assert_eq!(org_scoped_or_bare("org:"), "org:");
    }

    #[test]
    fn entitled_follows_scopes() {
        let claim = Entitlements::parse("o:teams,u:export,uo:beta");
        assert!(entitled(&claim, "teams") && entitled(&claim, "export"));
        assert!(entitled(&claim, "o:teams") && entitled(&claim, "organization:teams"));
        assert!(!entitled(&claim, "u:teams") && !entitled(&claim, "org:export"));
        assert!(entitled(&claim, "user:export") && entitled(&claim, "u:beta"));
        assert!(entitled(&claim, "o:beta"));
        assert!(!entitled(&claim, "x:teams") && !entitled(&claim, "missing"));
    }

    #[test]
    fn entitled_fails_closed_on_odd_questions_and_claims() {
        let claim = Entitlements::parse("o:teams,o:,u:a:b");
        for asked in ["", "o:", ":teams", "u:a:b", "o:teams:x"] {
            assert!(!entitled(&claim, asked), "{asked:?}");
        }
        assert!(!entitled(&Entitlements::parse("o:teams,broken"), "teams"));
    }

    #[test]
    fn org_check_skips_when_not_asked() {
        assert_eq!(check_org(None, None, None), Outcome::Skip);
        assert_eq!(check_org(None, Some("admin"), None), Outcome::Fail);
        assert_eq!(check_entitlement(None, None), Outcome::Skip);
        assert_eq!(check_entitlement(None, Some("x")), Outcome::Fail);
    }
}

//! `organizationSyncOptions`: URLs that name an organization (or the personal account) make the
//! session's active organization follow them through a handshake (browser-session.md §2.2 M, §3).
//!
//! As @clerk/backend: organization patterns are tried before personal-account patterns; a match
//! with an `:id` parameter names the organization by id, else one with `:slug` by slug; a signed-in
//! session whose active organization differs gets a handshake with reason
//! `active-organization-mismatch` (not past the redirect-loop guard), and every handshake URL of a
//! matching path carries `organization_id` (the id or slug; empty for the personal account).

use super::path_pattern::{PathPatterns, PatternError};
use super::Auth;

/// @clerk/backend's `organizationSyncOptions`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganizationSyncOptions {
    /// `organizationPatterns`: paths with an `:id` or `:slug` parameter, e.g. `/orgs/:slug/(.*)`.
    pub organization_patterns: Option<Vec<String>>,
    /// `personalAccountPatterns`: paths of the personal account, e.g. `/me/(.*)`.
    pub personal_account_patterns: Option<Vec<String>>,
}

/// What a URL asks to be active.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncTarget {
    /// The organization with this id (`:id`).
    OrganizationId(String),
    /// The organization with this slug (`:slug`).
    OrganizationSlug(String),
    /// No organization: the personal account.
    PersonalAccount,
}

impl SyncTarget {
    /// The `organization_id` value of a handshake URL.
    pub fn query_value(&self) -> &str {
        match self {
            Self::OrganizationId(v) | Self::OrganizationSlug(v) => v,
            Self::PersonalAccount => "",
        }
    }

    /// `true` when a session with `auth` must switch its active organization for this target.
    pub fn must_activate(&self, auth: &Auth<'_>) -> bool {
        match self {
            Self::OrganizationId(id) => auth.org_id() != Some(id.as_str()),
            Self::OrganizationSlug(slug) => auth.org_slug() != Some(slug.as_str()),
            Self::PersonalAccount => auth.org_id().is_some_and(|id| !id.is_empty()),
        }
    }
}

/// The parsed patterns of [`OrganizationSyncOptions`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganizationMatcher {
    organization: Option<PathPatterns>,
    personal_account: Option<PathPatterns>,
}

impl OrganizationMatcher {
    /// Parses the options' patterns (see [`super::path_pattern`] for the syntax accepted).
    pub fn new(options: &OrganizationSyncOptions) -> Result<Self, PatternError> {
        let parse = |patterns: &Option<Vec<String>>| {
            patterns.as_deref().map(PathPatterns::parse).transpose()
        };
        Ok(Self {
            organization: parse(&options.organization_patterns)?,
            personal_account: parse(&options.personal_account_patterns)?,
        })
    }

    /// What the URL path `path` asks to be active, if anything.
    pub fn target(&self, path: &str) -> Option<SyncTarget> {
        if let Some(params) = self.organization.as_ref().and_then(|p| p.matches(path)) {
            let param = |name: &str| {
                params
                    .iter()
                    .find(|(n, v)| n == name && !v.is_empty())
                    .map(|(_, v)| v.clone())
            };
            if let Some(id) = param("id") {
                return Some(SyncTarget::OrganizationId(id));
            }
            if let Some(slug) = param("slug") {
                return Some(SyncTarget::OrganizationSlug(slug));
            }
        }
        self.personal_account
            .as_ref()
            .and_then(|p| p.matches(path))
            .map(|_| SyncTarget::PersonalAccount)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(orgs: &[&str], personal: &[&str]) -> OrganizationMatcher {
        let list = |l: &[&str]| (!l.is_empty()).then(|| l.iter().map(|s| s.to_string()).collect());
        OrganizationMatcher::new(&OrganizationSyncOptions {
            organization_patterns: list(orgs),
            personal_account_patterns: list(personal),
        })
        .unwrap()
    }

    #[test]
    fn organizations_first_then_the_personal_account() {
        let m = matcher(
            &["/orgs/:slug", "/orgs/:slug/(.*)", "/id/:id"],
            &["/me", "/(.*)"],
        );
        let slug = SyncTarget::OrganizationSlug("acme".into());
        assert_eq!(m.target("/orgs/acme/settings"), Some(slug.clone()));
        assert_eq!(slug.query_value(), "acme");
        assert_eq!(
            m.target("/id/org_1"),
            Some(SyncTarget::OrganizationId("org_1".into()))
        );
        assert_eq!(m.target("/me"), Some(SyncTarget::PersonalAccount));
        assert_eq!(m.target("/orgs"), Some(SyncTarget::PersonalAccount));
        assert_eq!(SyncTarget::PersonalAccount.query_value(), "");
        assert_eq!(matcher(&["/orgs/(.*)"], &[]).target("/orgs/x"), None);
        assert_eq!(matcher(&[], &[]).target("/orgs/x"), None);
    }
}

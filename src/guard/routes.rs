//! Route rules for the guard Worker: which requests need a signed-in session.
//!
//! # Syntax
//! `CLERK_PUBLIC_ROUTES` and `CLERK_PROTECTED_ROUTES` are comma-separated rules
//! (blank entries are skipped), each `[METHOD ]PATTERN`:
//! - `METHOD` (optional): letters only, uppercased when parsed (`GET /health`). The request's
//!   method must then equal it exactly; `HEAD` is not `GET`. Without it, any method matches.
//! - `PATTERN` starts with `/` and is made of `/`-separated segments:
//!   - literal characters — letters, digits, `-._~!$&'()+=:@` and `%XX` escapes — match
//!     themselves byte for byte, **case-sensitively** (`/admin` does not match `/ADMIN`);
//!   - `*` matches one or more characters within one segment: `/users/*`, `/img/*.png`;
//!   - a final `/**` matches the path before it and everything below it: `/docs/**` matches
//!     `/docs`, `/docs/` and `/docs/a/b`, but not `/docsx`; `/**` alone matches every path;
//!   - without `/**` a pattern matches exactly: `/admin` is not `/admin/`, `/admin/x` or
//!     `/administrator`; `/` matches only the root.
//!
//!   Empty segments (`//`, a trailing `/`), `.`/`..` segments, `**` anywhere but last and
//!   escapes of `.`, `/`, `\`, `;`, `%` or NUL are configuration errors.
//!
//! # Decision
//! A request is [`RouteDecision::Public`] only when a public rule matches it and no protected
//! rule does; otherwise it is [`RouteDecision::Protected`] — also when no rule is configured
//! (fail closed). **Protected wins**: with `CLERK_PUBLIC_ROUTES=/docs/**` and
//! `CLERK_PROTECTED_ROUTES=/docs/internal/**`, `/docs/intro` is public and
//! `/docs/internal/payroll` needs a session. So a protected rule carves exceptions out of
//! public ones, never the other way round: `CLERK_PROTECTED_ROUTES=/**` makes every route
//! protected, whatever the public rules say. As that leaves the public rules without effect,
//! a method-less `/**` in `CLERK_PROTECTED_ROUTES` next to public rules is a configuration
//! error ([`RouteError::PublicRulesShadowed`]): unmatched routes are protected anyway.
//!
//! # Paths
//! Requests are matched by their normalised path: see [`super::route_path`].

use thiserror::Error;

use super::pattern::{parse_rule, Rule};
pub use super::route_path::normalize_path;
use super::route_tokens::split_accepts;
use crate::auth::AcceptsToken;
use crate::error::Reason;

/// Environment variable holding the public rules.
pub const PUBLIC_ROUTES_VAR: &str = "CLERK_PUBLIC_ROUTES";
/// Environment variable holding the protected rules.
pub const PROTECTED_ROUTES_VAR: &str = "CLERK_PROTECTED_ROUTES";
/// Largest accepted value of either variable, in bytes.
pub const MAX_ROUTES_BYTES: usize = 16 * 1024;
/// Most rules accepted in either variable.
pub const MAX_RULES: usize = 256;

/// What the guard must do with a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RouteDecision {
    /// Pass through without requiring a session.
    Public,
    /// Require a signed-in session.
    Protected,
}

impl RouteDecision {
    /// `"public"` or `"protected"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Protected => "protected",
        }
    }
}

/// Why a route configuration was rejected; messages name the variable and rule position, never its text.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum RouteError {
    /// The variable is longer than [`MAX_ROUTES_BYTES`].
    #[error("{var} is longer than {max} bytes")]
    TooLong {
        /// The variable's name.
        var: &'static str,
        /// The limit in bytes.
        max: usize,
    },
    /// The variable has more than [`MAX_RULES`] rules.
    #[error("{var} has more than {max} rules")]
    TooMany {
        /// The variable's name.
        var: &'static str,
        /// The limit.
        max: usize,
    },
    /// One rule is invalid.
    #[error("{var} rule {position}: {problem}")]
    InvalidRule {
        /// The variable's name.
        var: &'static str,
        /// The rule's 1-based position among the comma-separated entries.
        position: usize,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// A protected `/**` sits next to public rules, which it would silently override.
    #[error("{var} rule {position} is `/**`, which protects every path, so no public rule could ever apply; remove it (routes matching no public rule are protected anyway)")]
    PublicRulesShadowed {
        /// The variable's name ([`PROTECTED_ROUTES_VAR`]).
        var: &'static str,
        /// The `/**` rule's 1-based position among the comma-separated entries.
        position: usize,
    },
}

impl Reason for RouteError {
    fn reason(&self) -> &'static str {
        "config-invalid"
    }
}

/// The parsed public and protected rules.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RouteRules {
    protected: Vec<Rule>,
    public: Vec<Rule>,
    /// Each protected rule's accepted token types (` accepts=…`), if it overrides them.
    protected_accepts: Vec<Option<AcceptsToken>>,
}

impl RouteRules {
    /// Parses the values of `CLERK_PROTECTED_ROUTES` and `CLERK_PUBLIC_ROUTES` (empty for unset).
    pub fn parse(protected: &str, public: &str) -> Result<Self, RouteError> {
        let (protected_rules, protected_accepts) = parse_list(PROTECTED_ROUTES_VAR, protected)?;
        let (public_rules, public_accepts) = parse_list(PUBLIC_ROUTES_VAR, public)?;
        if let Some(i) = public_accepts.iter().position(Option::is_some) {
            return Err(RouteError::InvalidRule {
                var: PUBLIC_ROUTES_VAR,
                position: i + 1,
                problem: "`accepts=` belongs on protected rules (public routes take no token)",
            });
        }
        let rules = Self {
            protected: protected_rules,
            public: public_rules,
            protected_accepts,
        };
        if !rules.public.is_empty() {
            if let Some(i) = rules.protected.iter().position(Rule::matches_everything) {
                // Positions count blank entries too, as in `InvalidRule`.
                let position = protected
                    .split(',')
                    .enumerate()
                    .filter(|(_, entry)| !entry.trim().is_empty())
                    .nth(i)
                    .map_or(i + 1, |(n, _)| n + 1);
                return Err(RouteError::PublicRulesShadowed {
                    var: PROTECTED_ROUTES_VAR,
                    position,
                });
            }
        }
        Ok(rules)
    }

    /// Decides whether a request needs a session; see the module docs.
    pub fn decide(&self, method: &str, path: &str) -> RouteDecision {
        self.route(method, path).0
    }

    /// The token types accepted on a protected request: the first matching protected rule's
    /// ` accepts=` override, if any (see [`super::route_tokens`]).
    pub fn accepts(&self, method: &str, path: &str) -> Option<AcceptsToken> {
        let path = normalize_path(path)?;
        self.accepts_segments(method, &segments(&path))
    }

    /// [`Self::decide`] and, for a protected request, [`Self::accepts`], from one normalisation of
    /// the path (the guard needs both for every protected request).
    pub fn route(&self, method: &str, path: &str) -> (RouteDecision, Option<AcceptsToken>) {
        let Some(path) = normalize_path(path) else {
            return (RouteDecision::Protected, None);
        };
        let segments = segments(&path);
        let matches = |rules: &[Rule]| rules.iter().any(|rule| rule.matches(method, &segments));
        if matches(&self.public) && !matches(&self.protected) {
            (RouteDecision::Public, None)
        } else {
            (
                RouteDecision::Protected,
                self.accepts_segments(method, &segments),
            )
        }
    }

    /// The first matching protected rule's ` accepts=` override, for a normalised path's segments.
    fn accepts_segments(&self, method: &str, segments: &[&str]) -> Option<AcceptsToken> {
        self.protected
            .iter()
            .zip(&self.protected_accepts)
            .find(|(rule, accepts)| accepts.is_some() && rule.matches(method, segments))
            .and_then(|(_, accepts)| *accepts)
    }

    /// Whether a protected rule matches (whatever the public rules say).
    pub fn protected_match(&self, method: &str, path: &str) -> bool {
        let Some(path) = normalize_path(path) else {
            return false;
        };
        let segments = segments(&path);
        self.protected
            .iter()
            .any(|rule| rule.matches(method, &segments))
    }

    /// How many rules were parsed: `(public, protected)`.
    pub fn counts(&self) -> (usize, usize) {
        (self.public.len(), self.protected.len())
    }
}

/// The segments of a normalised path (`/a/b` → `["a", "b"]`).
fn segments(path: &str) -> Vec<&str> {
    path[1..].split('/').collect()
}

/// Parses one variable's comma-separated rules, each with its ` accepts=` override.
type ParsedRules = (Vec<Rule>, Vec<Option<AcceptsToken>>);

fn parse_list(var: &'static str, list: &str) -> Result<ParsedRules, RouteError> {
    if list.len() > MAX_ROUTES_BYTES {
        return Err(RouteError::TooLong {
            var,
            max: MAX_ROUTES_BYTES,
        });
    }
    let mut rules = Vec::new();
    let mut accepts = Vec::new();
    for (i, entry) in list.split(',').enumerate() {
        if entry.trim().is_empty() {
            continue;
        }
        if rules.len() == MAX_RULES {
            return Err(RouteError::TooMany {
                var,
                max: MAX_RULES,
            });
        }
        let invalid = |problem| RouteError::InvalidRule {
            var,
            position: i + 1,
            problem,
        };
        let (entry, override_) = split_accepts(entry).map_err(invalid)?;
        rules.push(parse_rule(entry).map_err(invalid)?);
        accepts.push(override_);
    }
    Ok((rules, accepts))
}

#[cfg(test)]
#[path = "routes_tests.rs"]
mod tests;

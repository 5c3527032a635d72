//! Per-route accepted token types: a protected rule may end with ` accepts=TYPES`, where `TYPES` is
//! `any` or token types joined with `|` — e.g. `CLERK_PROTECTED_ROUTES=/app/**, /api/** accepts=api_key|m2m_token`.
//! A request on a protected route takes the override of the **first** matching rule that has one,
//! else `CLERK_ACCEPTS_TOKEN` (default `session_token`).

use crate::auth::AcceptsToken;

/// The marker that starts a rule's override.
const MARKER: &str = " accepts=";

/// Splits `entry` into the rule and its override, if it has one.
pub fn split_accepts(entry: &str) -> Result<(&str, Option<AcceptsToken>), &'static str> {
    let Some(at) = entry.find(MARKER) else {
        if entry.contains("accepts=") {
            return Err("`accepts=` must follow the pattern after a space");
        }
        return Ok((entry, None));
    };
    let (rule, types) = (&entry[..at], entry[at + MARKER.len()..].trim());
    if types.is_empty() {
        return Err("`accepts=` names no token type");
    }
    let accepts = if types.contains('|') {
        let names: Vec<&str> = types.split('|').collect();
        AcceptsToken::from_names(&names)
    } else {
        AcceptsToken::from_name(types)
    };
    let accepts = accepts.map_err(|_| {
        "`accepts=` takes any, or session_token, m2m_token, oauth_token and api_key joined with |"
    })?;
    Ok((rule, Some(accepts)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::TokenType;

    #[test]
    fn reads_overrides() {
        assert_eq!(split_accepts("/a/**"), Ok(("/a/**", None)));
        let (rule, accepts) = split_accepts("POST /api/** accepts=api_key|m2m_token").unwrap();
        assert_eq!(rule, "POST /api/**");
        let accepts = accepts.unwrap();
        assert!(accepts.accepts(TokenType::ApiKey) && !accepts.accepts_sessions());
        assert_eq!(
            split_accepts("/x accepts=any").unwrap().1,
            Some(AcceptsToken::Any)
        );
        assert_eq!(
            split_accepts("/x accepts=oauth_token").unwrap().1,
            Some(AcceptsToken::One(TokenType::OAuthToken))
        );
        for bad in [
            "/x accepts=",
            "/x accepts=jwt",
            "/xaccepts=any",
            "/x accepts=any|api_key",
        ] {
            assert!(split_accepts(bad).is_err(), "{bad}");
        }
    }
}

#[cfg(test)]
mod rule_tests {
    use crate::auth::{AcceptsToken, TokenType};
    use crate::guard::routes::RouteRules;

    #[test]
    fn the_first_matching_override_wins() {
        let rules = RouteRules::parse(
            "/app/**, POST /api/admin/** accepts=m2m_token, /api/** accepts=api_key|session_token",
            "/docs/**",
        )
        .unwrap();
        assert_eq!(rules.accepts("GET", "/app/x"), None);
        assert_eq!(
            rules.accepts("POST", "/api/admin/users"),
            Some(AcceptsToken::One(TokenType::M2mToken))
        );
        let get = rules.accepts("GET", "/api/admin/users").unwrap();
        assert!(get.accepts(TokenType::ApiKey) && get.accepts_sessions());
        assert!(RouteRules::parse("", "/docs/** accepts=any").is_err());
    }

    #[test]
    fn route_gives_decide_and_accepts_in_one_call() {
        use crate::guard::RouteDecision;
        let rules = RouteRules::parse(
            "/app/**, /api/** accepts=api_key",
            "/docs/**, /api/public/**",
        )
        .unwrap();
        for (method, path) in [
            ("GET", "/docs/x"),
            ("GET", "/app/x"),
            ("GET", "/api/keys"),
            ("GET", "/api/public/x"),
            ("GET", "/docs/../api/keys"),
            ("GET", "/a%2Fb"),
        ] {
            let decision = rules.decide(method, path);
            let accepts = match decision {
                RouteDecision::Public => None,
                RouteDecision::Protected => rules.accepts(method, path),
            };
            assert_eq!(rules.route(method, path), (decision, accepts), "{path}");
        }
        assert_eq!(
            rules.route("GET", "/api/keys").1,
            Some(AcceptsToken::One(TokenType::ApiKey))
        );
    }
}

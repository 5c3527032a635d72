//! Scoped entitlement lists: the `fea` (features) and `pla` (plans) claims.
//!
//! Both are comma-separated `scope:id` lists, e.g. `o:dashboard,u:export,uo:beta`.
//! Scope `o` grants to the active organization, `u` to the user, and `ou`/`uo`
//! to both; elements with any other scope are ignored, as in Clerk's
//! `splitByScope`.

/// A parsed `fea` or `pla` claim, split into organization and user scopes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entitlements {
    org: Vec<String>,
    user: Vec<String>,
    well_formed: bool,
}

impl Entitlements {
    /// Splits a `scope:id,scope:id` list the way Clerk's `splitByScope` does.
    ///
    /// Each element is trimmed (JavaScript `trim` rules) and split at its first
    /// colon; the id is kept verbatim, even when empty, so positions line up
    /// with the `fpm` claim. Clerk throws on an element without a colon; here
    /// that element is dropped and [`is_well_formed`](Self::is_well_formed)
    /// turns `false`.
    pub fn parse(list: &str) -> Self {
        let mut parsed = Self {
            well_formed: true,
            ..Self::default()
        };
        if list.is_empty() {
            return parsed;
        }
        for element in list.split(',').map(js_trim) {
            let Some((scope, id)) = element.split_once(':') else {
                parsed.well_formed = false;
                continue;
            };
            let (to_org, to_user) = match scope {
                "o" => (true, false),
                "u" => (false, true),
                "ou" | "uo" => (true, true),
                _ => (false, false),
            };
            if to_org {
                parsed.org.push(id.to_owned());
            }
            if to_user {
                parsed.user.push(id.to_owned());
            }
        }
        parsed
    }

    /// Ids granted to the active organization, in claim order.
    pub fn org(&self) -> &[String] {
        &self.org
    }

    /// Ids granted to the user, in claim order.
    pub fn user(&self) -> &[String] {
        &self.user
    }

    /// `false` when some element had no `scope:` prefix (Clerk rejects the whole claim then).
    pub fn is_well_formed(&self) -> bool {
        self.well_formed
    }
}

/// Trims like JavaScript's `String.prototype.trim` (Unicode `White_Space`
/// minus U+0085, plus U+FEFF).
pub(crate) fn js_trim(s: &str) -> &str {
    s.trim_matches(|c: char| (c.is_whitespace() && c != '\u{85}') || c == '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn splits_by_scope_in_order() {
        let e = Entitlements::parse("o:dashboard, u:export ,uo:beta,ou:gamma,x:ignored");
        assert_eq!(e.org(), strings(&["dashboard", "beta", "gamma"]));
        assert_eq!(e.user(), strings(&["export", "beta", "gamma"]));
        assert!(e.is_well_formed());
    }

    #[test]
    fn splits_at_the_first_colon_and_keeps_empty_ids() {
        let e = Entitlements::parse("o:a:b,o:,u: spaced");
        assert_eq!(e.org(), strings(&["a:b", ""]));
        assert_eq!(e.user(), strings(&[" spaced"]));
    }

    #[test]
    fn drops_elements_without_a_colon_and_flags_them() {
        let e = Entitlements::parse("o:a,bogus,,o:b");
        assert_eq!(e.org(), strings(&["a", "b"]));
        assert!(!e.is_well_formed());
    }

    #[test]
    fn empty_list_is_empty_and_well_formed() {
        let e = Entitlements::parse("");
        assert!(e.org().is_empty() && e.user().is_empty());
        assert!(e.is_well_formed());
        assert!(!Entitlements::parse(" ").is_well_formed());
    }

    #[test]
    fn js_trim_matches_javascript() {
        assert_eq!(js_trim("\u{feff}\t a \u{3000}\n"), "a");
        // NEL is Unicode White_Space but not JavaScript whitespace.
        assert_eq!(js_trim("\u{85}a\u{85}"), "\u{85}a\u{85}");
    }
}

//! `acceptsToken`: which token types a request may authenticate with, and how the choice was written
//! (one type, a list, or `any`) — @clerk/backend answers a few cases differently for each form.

use super::machine::MachineKind;
use super::state::TokenType;

/// Which token types a request may authenticate with (@clerk/backend's `acceptsToken`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptsToken {
    /// One type, e.g. `'session_token'` (the default) or `'api_key'`.
    One(TokenType),
    /// A list, e.g. `['session_token', 'm2m_token']` (may be empty: nothing is accepted).
    List(TokenSet),
    /// `'any'`.
    Any,
}

impl Default for AcceptsToken {
    fn default() -> Self {
        Self::One(TokenType::SessionToken)
    }
}

/// A set of token types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TokenSet(u8);

impl TokenSet {
    fn bit(t: TokenType) -> u8 {
        match t {
            TokenType::SessionToken => 1,
            TokenType::M2mToken => 2,
            TokenType::OAuthToken => 4,
            TokenType::ApiKey => 8,
        }
    }

    /// The set with `t` added.
    pub fn with(self, t: TokenType) -> Self {
        Self(self.0 | Self::bit(t))
    }

    /// Whether `t` is in the set.
    pub fn contains(self, t: TokenType) -> bool {
        self.0 & Self::bit(t) != 0
    }
}

/// Why an `acceptsToken` value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("acceptsToken: unknown token type {0:?} (expected session_token, m2m_token, oauth_token, api_key or any)")]
pub struct UnknownTokenType(pub String);

impl AcceptsToken {
    /// One name: `session_token`, `m2m_token`, `oauth_token`, `api_key` or `any`.
    pub fn from_name(name: &str) -> Result<Self, UnknownTokenType> {
        match name.trim() {
            "any" => Ok(Self::Any),
            other => TokenType::from_name(other)
                .map(Self::One)
                .ok_or_else(|| UnknownTokenType(other.to_string())),
        }
    }

    /// A list of names (`any` is not allowed inside a list).
    pub fn from_names<S: AsRef<str>>(names: &[S]) -> Result<Self, UnknownTokenType> {
        let mut set = TokenSet::default();
        for name in names {
            let name = name.as_ref().trim();
            let t = TokenType::from_name(name).ok_or_else(|| UnknownTokenType(name.to_string()))?;
            set = set.with(t);
        }
        Ok(Self::List(set))
    }

    /// A setting: one name, or several separated by commas (read as a list).
    pub fn parse_setting(value: &str) -> Result<Self, UnknownTokenType> {
        if value.contains(',') {
            let names: Vec<&str> = value.split(',').filter(|n| !n.trim().is_empty()).collect();
            Self::from_names(&names)
        } else {
            Self::from_name(value)
        }
    }

    /// Whether a token of type `t` is accepted.
    pub fn accepts(self, t: TokenType) -> bool {
        match self {
            Self::One(one) => one == t,
            Self::List(set) => set.contains(t),
            Self::Any => true,
        }
    }

    /// Whether session tokens may come from cookies (the browser protocol runs).
    pub fn accepts_sessions(self) -> bool {
        self.accepts(TokenType::SessionToken)
    }

    /// The single machine type asked for (`'m2m_token'`, …), if that is the form.
    pub fn single_machine(self) -> Option<MachineKind> {
        match self {
            Self::One(t) => t.machine_kind(),
            _ => None,
        }
    }

    /// The accepted names, for documentation and settings echoes.
    pub fn names(self) -> Vec<&'static str> {
        match self {
            Self::Any => vec!["any"],
            Self::One(t) => vec![t.as_str()],
            Self::List(set) => TokenType::ALL
                .into_iter()
                .filter(|t| set.contains(*t))
                .map(TokenType::as_str)
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_lists_and_settings() {
        assert_eq!(
            AcceptsToken::default(),
            AcceptsToken::One(TokenType::SessionToken)
        );
        assert_eq!(AcceptsToken::from_name("any"), Ok(AcceptsToken::Any));
        assert!(AcceptsToken::from_name("jwt").is_err());
        let list = AcceptsToken::parse_setting("session_token, api_key").unwrap();
        assert!(list.accepts(TokenType::ApiKey) && list.accepts_sessions());
        assert!(!list.accepts(TokenType::M2mToken));
        assert_eq!(list.names(), ["session_token", "api_key"]);
        assert!(AcceptsToken::parse_setting("api_key,any").is_err());
        assert_eq!(
            AcceptsToken::parse_setting("m2m_token")
                .unwrap()
                .single_machine(),
            Some(MachineKind::M2mToken)
        );
        let empty = AcceptsToken::from_names::<&str>(&[]).unwrap();
        assert!(!empty.accepts_sessions());
    }
}

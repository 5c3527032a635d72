//! Recognising machine tokens: by prefix for opaque ones, by header and subject for JWTs.

use super::super::peek::Peek;

/// The prefix of opaque M2M tokens.
const M2M_TOKEN_PREFIX: &str = "mt_";
/// The prefix of opaque OAuth access tokens.
const OAUTH_TOKEN_PREFIX: &str = "oat_";
/// The prefix of API keys.
const API_KEY_PREFIX: &str = "ak_";

/// A kind of machine token (@clerk/backend's machine `TokenType`s).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MachineKind {
    /// `m2m_token`: a machine's token (`mt_…`, or a JWT whose `sub` is `mch_…`).
    M2mToken,
    /// `oauth_token`: an OAuth access token (`oat_…`, or a JWT with `typ` `at+jwt`).
    OAuthToken,
    /// `api_key`: an API key (`ak_…`).
    ApiKey,
}

impl MachineKind {
    /// `"m2m_token"`, `"oauth_token"` or `"api_key"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::M2mToken => "m2m_token",
            Self::OAuthToken => "oauth_token",
            Self::ApiKey => "api_key",
        }
    }

    /// What the Backend API calls this kind in messages.
    pub(super) fn label(self) -> &'static str {
        match self {
            Self::M2mToken => "Machine token",
            Self::OAuthToken => "OAuth token",
            Self::ApiKey => "API key",
        }
    }
}

/// How a machine token is verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MachineFormat {
    /// A JWT signed with the instance keys: verified locally.
    Jwt,
    /// An opaque secret: verified by the Backend API.
    Opaque,
}

/// The kind and format of `token` when it is a machine token, else `None` (a session token, or garbage).
pub fn classify(token: &str) -> Option<(MachineKind, MachineFormat)> {
    if is_jwt_shape(token) {
        let peek = Peek::decode(token)?;
        if peek.subject().is_some_and(|s| s.starts_with("mch_")) {
            return Some((MachineKind::M2mToken, MachineFormat::Jwt));
        }
        if peek.is_access_token_type() {
            return Some((MachineKind::OAuthToken, MachineFormat::Jwt));
        }
        return None;
    }
    let kind = if token.starts_with(M2M_TOKEN_PREFIX) {
        MachineKind::M2mToken
    } else if token.starts_with(OAUTH_TOKEN_PREFIX) {
        MachineKind::OAuthToken
    } else if token.starts_with(API_KEY_PREFIX) {
        MachineKind::ApiKey
    } else {
        return None;
    };
    Some((kind, MachineFormat::Opaque))
}

/// Three non-empty dot-separated segments of base64url characters (@clerk/backend's `isJwtFormat`).
fn is_jwt_shape(token: &str) -> bool {
    let segment = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    let mut parts = token.split('.');
    matches!(
        (parts.next(), parts.next(), parts.next(), parts.next()),
        (Some(a), Some(b), Some(c), None) if segment(a) && segment(b) && segment(c)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn jwt(header: &str, payload: &str) -> String {
        let e = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        format!("{}.{}.c2ln", e(header), e(payload))
    }

    #[test]
    fn recognises_each_kind_and_format() {
        use MachineFormat::*;
        use MachineKind::*;
        assert_eq!(classify("mt_abc"), Some((M2mToken, Opaque)));
        assert_eq!(classify("oat_abc"), Some((OAuthToken, Opaque)));
        assert_eq!(classify("ak_abc"), Some((ApiKey, Opaque)));
        let m2m = jwt(r#"{"alg":"RS256"}"#, r#"{"sub":"mch_1"}"#);
        assert_eq!(classify(&m2m), Some((M2mToken, Jwt)));
        let oauth = jwt(r#"{"alg":"RS256","typ":"at+jwt"}"#, r#"{"sub":"user_1"}"#);
        assert_eq!(classify(&oauth), Some((OAuthToken, Jwt)));
        let session = jwt(r#"{"alg":"RS256"}"#, r#"{"sub":"user_1"}"#);
        assert_eq!(classify(&session), None);
        for other in ["", "sk_test_x", "mt_a.b.c", "xmt_abc", "a.b"] {
            assert_eq!(classify(other), None, "{other}");
        }
    }
}

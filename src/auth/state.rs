//! The result of authenticating a request: @clerk/backend's `RequestState`.
//!
//! A [`RequestState`] is signed-in only with [`VerifiedClaims`], which only the verifier makes.
//! Signed-out and handshake states carry `x-clerk-auth-status`, `-reason` and `-message` (when
//! the message is not empty) among their headers, as @clerk/backend's do (browser-session.md §6);
//! a value a header cannot hold is left out.

use serde::Serialize;

use super::handshake::is_header_value;
use super::{Auth, AuthStatus};
use crate::token::VerifiedClaims;

/// `x-clerk-auth-status`.
pub const AUTH_STATUS_HEADER: &str = "x-clerk-auth-status";
/// `x-clerk-auth-reason`.
pub const AUTH_REASON_HEADER: &str = "x-clerk-auth-reason";
/// `x-clerk-auth-message`.
pub const AUTH_MESSAGE_HEADER: &str = "x-clerk-auth-message";

/// The kind of token a request was authenticated with (@clerk/backend's `tokenType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TokenType {
    /// A Clerk session token.
    #[default]
    SessionToken,
}

impl TokenType {
    /// `"session_token"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SessionToken => "session_token",
        }
    }
}

/// The outcome of authenticating one request.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestState {
    status: AuthStatus,
    reason: Option<String>,
    message: String,
    headers: Vec<(String, String)>,
    token: Option<String>,
    token_type: TokenType,
    claims: Option<VerifiedClaims>,
}

impl RequestState {
    /// Signed in with verified claims; `headers` are those the path added (handshake cookies…).
    pub fn signed_in(
        claims: VerifiedClaims,
        token: String,
        headers: Vec<(String, String)>,
    ) -> Self {
        Self {
            status: AuthStatus::SignedIn,
            reason: None,
            message: String::new(),
            headers,
            token: Some(token),
            token_type: TokenType::SessionToken,
            claims: Some(claims),
        }
    }

    /// Signed out for `reason`.
    pub fn signed_out(
        reason: impl Into<String>,
        message: impl Into<String>,
        headers: Vec<(String, String)>,
    ) -> Self {
        Self::unauthenticated(
            AuthStatus::SignedOut,
            reason.into(),
            message.into(),
            headers,
        )
    }

    /// A handshake is needed; `headers` hold its `Location`.
    pub fn handshake(
        reason: impl Into<String>,
        message: impl Into<String>,
        headers: Vec<(String, String)>,
    ) -> Self {
        Self::unauthenticated(
            AuthStatus::Handshake,
            reason.into(),
            message.into(),
            headers,
        )
    }

    fn unauthenticated(
        status: AuthStatus,
        reason: String,
        message: String,
        mut headers: Vec<(String, String)>,
    ) -> Self {
        let mut set = |name: &str, value: &str| {
            if value.is_empty() || !is_header_value(value) {
                return;
            }
            headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
            headers.push((name.to_string(), value.to_string()));
        };
        set(AUTH_MESSAGE_HEADER, &message);
        set(AUTH_REASON_HEADER, &reason);
        set(AUTH_STATUS_HEADER, status.as_str());
        Self {
            status,
            reason: Some(reason),
            message,
            headers,
            token: None,
            token_type: TokenType::SessionToken,
            claims: None,
        }
    }

    /// `signed-in`, `signed-out` or `handshake`.
    pub fn status(&self) -> AuthStatus {
        self.status
    }

    /// Why the request is not signed in (`None` when it is).
    pub fn reason(&self) -> Option<&str> {
        self.reason.as_deref()
    }

    /// A human-readable explanation (empty when there is none); never contains a token.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Headers to put on the response, in order (`Location`, `Set-Cookie`, `Cache-Control`, `x-clerk-auth-*`).
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The verified session token of a signed-in request.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// The token type (`session_token`).
    pub fn token_type(&self) -> TokenType {
        self.token_type
    }

    /// `true` for signed-in states.
    pub fn is_authenticated(&self) -> bool {
        self.status == AuthStatus::SignedIn
    }

    /// The verified claims of a signed-in request.
    pub fn claims(&self) -> Option<&VerifiedClaims> {
        self.claims.as_ref()
    }

    /// The auth object (@clerk/backend's `toAuth()`): a session with pending tasks (`sts: pending`)
    /// is signed out unless `treat_pending_as_signed_out` is `false`; a handshake has none.
    pub fn to_auth(&self, treat_pending_as_signed_out: bool) -> Option<AuthObject<'_>> {
        match (&self.claims, self.status) {
            (_, AuthStatus::Handshake) => None,
            (Some(claims), _) => {
                let auth = Auth::new(claims);
                if treat_pending_as_signed_out && auth.is_pending() {
                    return Some(AuthObject::SignedOut {
                        session_status: auth.session_status(),
                    });
                }
                Some(AuthObject::SignedIn(auth))
            }
            (None, _) => Some(AuthObject::SignedOut {
                session_status: None,
            }),
        }
    }
}

/// @clerk/backend's auth object for a session token.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AuthObject<'a> {
    /// A signed-in session.
    SignedIn(Auth<'a>),
    /// No usable session (`session_status` is `pending` for a pending session).
    SignedOut {
        /// The session status of a pending session, else `None`.
        session_status: Option<&'a str>,
    },
}

/// The JSON of a signed-out auth object (data members only; `null` for every identity field).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SignedOutJson<'a> {
    user_id: (),
    session_id: (),
    session_status: Option<&'a str>,
    actor: (),
    org_id: (),
    org_slug: (),
    org_role: (),
    org_permissions: (),
    factor_verification_age: (),
    session_claims: (),
}

impl Serialize for AuthObject<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::SignedIn(auth) => auth.serialize(serializer),
            Self::SignedOut { session_status } => SignedOutJson {
                user_id: (),
                session_id: (),
                session_status: *session_status,
                actor: (),
                org_id: (),
                org_slug: (),
                org_role: (),
                org_permissions: (),
                factor_verification_age: (),
                session_claims: (),
            }
            .serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unauthenticated_states_carry_debug_headers() {
        let state = RequestState::handshake(
            "dev-browser-missing",
            "",
            vec![
                ("location".into(), "https://x/".into()),
                ("x-clerk-auth-status".into(), "spoof".into()),
            ],
        );
        assert_eq!(state.header("location"), Some("https://x/"));
        assert_eq!(state.header("x-clerk-auth-status"), Some("handshake"));
        assert_eq!(
            state.header("x-clerk-auth-reason"),
            Some("dev-browser-missing")
        );
        assert_eq!(state.header("x-clerk-auth-message"), None);
        assert!(!state.is_authenticated() && state.to_auth(true).is_none());
        let state = RequestState::signed_out("token-expired", "bad\nvalue", vec![]);
        assert_eq!(state.header("x-clerk-auth-message"), None);
        assert_eq!(state.message(), "bad\nvalue");
        let json = serde_json::to_value(state.to_auth(true).unwrap()).unwrap();
        assert_eq!(json["userId"], serde_json::Value::Null);
        assert_eq!(json["sessionStatus"], serde_json::Value::Null);
    }
}

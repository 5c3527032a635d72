//! The result of authenticating a request: @clerk/backend's `RequestState`.
//!
//! A [`RequestState`] is signed-in only with [`VerifiedClaims`], which only the verifier makes.
//! Signed-out and handshake states carry `x-clerk-auth-status`, `-reason` and `-message` (when
//! the message is not empty) among their headers, as @clerk/backend's do (browser-session.md §6);
//! a value a header cannot hold is left out.

use super::auth_object::AuthObject;
use super::handshake::is_header_value;
use super::machine::{MachineKind, VerifiedMachine};
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
    /// An M2M token.
    M2mToken,
    /// An OAuth access token.
    OAuthToken,
    /// An API key.
    ApiKey,
}

impl TokenType {
    /// Every token type, in @clerk/backend's order.
    pub const ALL: [TokenType; 4] = [
        Self::SessionToken,
        Self::M2mToken,
        Self::OAuthToken,
        Self::ApiKey,
    ];

    /// `"session_token"`, `"m2m_token"`, `"oauth_token"` or `"api_key"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SessionToken => "session_token",
            Self::M2mToken => "m2m_token",
            Self::OAuthToken => "oauth_token",
            Self::ApiKey => "api_key",
        }
    }

    /// The type named `name` (`session_token`, `m2m_token`, `oauth_token`, `api_key`).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// The machine kind of a machine type; `None` for session tokens.
    pub fn machine_kind(self) -> Option<MachineKind> {
        match self {
            Self::SessionToken => None,
            Self::M2mToken => Some(MachineKind::M2mToken),
            Self::OAuthToken => Some(MachineKind::OAuthToken),
            Self::ApiKey => Some(MachineKind::ApiKey),
        }
    }
}

impl From<MachineKind> for TokenType {
    fn from(kind: MachineKind) -> Self {
        match kind {
            MachineKind::M2mToken => Self::M2mToken,
            MachineKind::OAuthToken => Self::OAuthToken,
            MachineKind::ApiKey => Self::ApiKey,
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
    token_type: Option<TokenType>,
    claims: Option<VerifiedClaims>,
    machine: Option<VerifiedMachine>,
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
            token_type: Some(TokenType::SessionToken),
            claims: Some(claims),
            machine: None,
        }
    }

    /// Signed in with a verified machine token.
    pub fn signed_in_machine(machine: VerifiedMachine, token: String) -> Self {
        Self {
            status: AuthStatus::SignedIn,
            reason: None,
            message: String::new(),
            headers: Vec::new(),
            token: Some(token),
            token_type: Some(machine.kind().into()),
            claims: None,
            machine: Some(machine),
        }
    }

    /// Signed out for `reason`, as a request for `token_type` (`None`: a token type that was not
    /// accepted at all, whose auth object is @clerk/backend's invalid-token object).
    pub fn signed_out_as(
        token_type: Option<TokenType>,
        reason: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        let mut state = Self::signed_out(reason, message, Vec::new());
        state.token_type = token_type;
        state
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
            token_type: Some(TokenType::SessionToken),
            claims: None,
            machine: None,
        }
    }

    /// Adds a response header (e.g. `Retry-After` of a rate-limited machine token).
    pub fn add_header(&mut self, name: &str, value: String) {
        self.headers.push((name.to_string(), value));
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

    /// The token type; `None` when the request's token type was not accepted at all.
    pub fn token_type(&self) -> Option<TokenType> {
        self.token_type
    }

    /// The verified machine token of a signed-in machine request.
    pub fn machine(&self) -> Option<&VerifiedMachine> {
        self.machine.as_ref()
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
        if let Some(machine) = &self.machine {
            return Some(AuthObject::Machine(machine));
        }
        match self.token_type {
            None => return Some(AuthObject::InvalidToken),
            Some(t) => {
                if let Some(kind) = t.machine_kind() {
                    return Some(AuthObject::MachineSignedOut(kind));
                }
            }
        }
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

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;

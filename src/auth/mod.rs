//! Request authentication: Clerk's browser session protocol and the signed-in auth object.
//!
//! [`authenticate`] decides one request the way @clerk/backend's `authenticateRequest` does
//! (browser-session.md): Bearer header or cookies, `__client_uat`, development browsers,
//! handshakes and their resolution, satellites and proxy URLs. It is sans-IO: keys, signature
//! verdicts and Backend API answers are asked of the caller through [`AuthIo`].
//!
//! [`Auth`] borrows verified [`SessionClaims`] and exposes what
//! @clerk/backend's `signedInAuthObject` does — user, session, actor, active
//! organization, factor verification age — plus [`Auth::has`] for role,
//! permission, feature and plan checks. It serializes to the same camelCase
//! JSON (`userId`, `orgPermissions`, …) so the JS layer can hand it out as is;
//! absent values serialize as `null`.

mod accepts;
mod auth_object;
mod carrier;
pub mod context;
pub mod cookies;
mod decide;
pub mod handshake;
mod has;
mod io;
pub mod machine;
pub mod options;
mod org_sync;
mod path_pattern;
mod peek;
pub mod reasons;
mod recent_peeks;
mod referrer;
mod refresh;
pub mod state;
mod suffix;
pub mod url;
mod verify;

pub use accepts::{AcceptsToken, TokenSet, UnknownTokenType};
pub use auth_object::AuthObject;
pub use carrier::{parse_bearer, AmbiguousToken};
pub use context::{RequestError, RequestView};
pub use decide::{authenticate, authenticate_accepting};
pub use has::AuthCheck;
pub use io::AuthIo;
pub use machine::{MachineError, MachineKind, VerifiedMachine};
pub use options::{AuthenticateOptions, Authenticator, KeyMode, OptionsError};
pub use org_sync::{OrganizationMatcher, OrganizationSyncOptions, SyncTarget};
pub use path_pattern::PatternError;
pub use state::{RequestState, TokenType};
pub use verify::VerifyError;

/// The state of a request: @clerk/backend's `AuthStatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuthStatus {
    /// A valid session token was presented.
    SignedIn,
    /// No valid session token.
    SignedOut,
    /// The browser must go through Clerk's handshake (a redirect to the Frontend API).
    Handshake,
}

impl AuthStatus {
    /// `"signed-in"`, `"signed-out"` or `"handshake"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignedIn => "signed-in",
            Self::SignedOut => "signed-out",
            Self::Handshake => "handshake",
        }
    }
}

use serde::{Serialize, Serializer};

use crate::token::claims::{Actor, SessionClaims};

/// A signed-in session's auth state, borrowed from its verified claims.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Auth<'a> {
    claims: &'a SessionClaims,
}

impl<'a> Auth<'a> {
    /// The auth view of verified session claims.
    pub fn new(claims: &'a SessionClaims) -> Self {
        Self { claims }
    }

    /// The signed-in user's id (`sub`).
    pub fn user_id(&self) -> &'a str {
        self.claims.sub()
    }

    /// The session id (`sid`).
    pub fn session_id(&self) -> Option<&'a str> {
        self.claims.sid()
    }

    /// The session status (`sts`), e.g. `active` or `pending`.
    pub fn session_status(&self) -> Option<&'a str> {
        self.claims.sts()
    }

    /// `true` for a session with pending tasks (`sts: "pending"`).
    ///
    /// @clerk/backend treats such sessions as signed out unless
    /// `treatPendingAsSignedOut: false` is passed; that choice belongs to the caller.
    pub fn is_pending(&self) -> bool {
        self.session_status() == Some("pending")
    }

    /// The impersonator, for actor (impersonation) tokens.
    pub fn actor(&self) -> Option<&'a Actor> {
        self.claims.act()
    }

    /// The active organization's id.
    pub fn org_id(&self) -> Option<&'a str> {
        self.claims.org().map(|org| org.id.as_str())
    }

    /// The active organization's slug.
    pub fn org_slug(&self) -> Option<&'a str> {
        self.claims.org().and_then(|org| org.slug.as_deref())
    }

    /// The user's role in the active organization, e.g. `org:admin`.
    pub fn org_role(&self) -> Option<&'a str> {
        self.claims.org().and_then(|org| org.role.as_deref())
    }

    /// The user's permissions in the active organization; empty without one.
    pub fn org_permissions(&self) -> &'a [String] {
        self.claims
            .org()
            .map_or(&[], |org| org.permissions.as_slice())
    }

    /// Minutes since the first and second factor were verified, `-1` for never.
    pub fn factor_verification_age(&self) -> Option<[i64; 2]> {
        self.claims.fva()
    }

    /// The verified claims this view reads.
    pub fn session_claims(&self) -> &'a SessionClaims {
        self.claims
    }
}

impl<'a> From<&'a SessionClaims> for Auth<'a> {
    fn from(claims: &'a SessionClaims) -> Self {
        Self::new(claims)
    }
}

/// The JSON shape of @clerk/backend's signed-in auth object (data members only).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AuthJson<'a> {
    user_id: &'a str,
    session_id: Option<&'a str>,
    session_status: Option<&'a str>,
    actor: Option<&'a Actor>,
    org_id: Option<&'a str>,
    org_slug: Option<&'a str>,
    org_role: Option<&'a str>,
    /// `null` without an active organization, like a signed-out object.
    org_permissions: Option<&'a [String]>,
    factor_verification_age: Option<[i64; 2]>,
    session_claims: &'a SessionClaims,
}

impl Serialize for Auth<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        AuthJson {
            user_id: self.user_id(),
            session_id: self.session_id(),
            session_status: self.session_status(),
            actor: self.actor(),
            org_id: self.org_id(),
            org_slug: self.org_slug(),
            org_role: self.org_role(),
            org_permissions: self.claims.org().map(|org| org.permissions.as_slice()),
            factor_verification_age: self.factor_verification_age(),
            session_claims: self.claims,
        }
        .serialize(serializer)
    }
}

//! @clerk/backend's auth object (`toAuth()`) and its JSON: one shape per kind of state, with
//! `tokenType` and `isAuthenticated` decided here rather than by each host.

use serde::Serialize;

use super::machine::{MachineKind, VerifiedMachine};
use super::Auth;

/// @clerk/backend's auth object.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AuthObject<'a> {
    /// A signed-in session.
    SignedIn(Auth<'a>),
    /// No usable session (`session_status` is `pending` for a pending session).
    SignedOut {
        /// The session status of a pending session, else `None`.
        session_status: Option<&'a str>,
    },
    /// A verified machine token.
    Machine(&'a VerifiedMachine),
    /// No verified machine token of this kind.
    MachineSignedOut(MachineKind),
    /// A token of a type that was not accepted (`tokenType: null`).
    InvalidToken,
}

/// The JSON of a signed-out auth object (data members only; `null` for every identity field).
#[derive(Serialize, Default)]
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

/// A signed-in session's JSON with its `tokenType` and `isAuthenticated`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SessionJson<'a, T: Serialize> {
    token_type: &'static str,
    is_authenticated: bool,
    #[serde(flatten)]
    fields: &'a T,
}

impl Serialize for AuthObject<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::SignedIn(auth) => SessionJson {
                token_type: "session_token",
                is_authenticated: true,
                fields: auth,
            }
            .serialize(serializer),
            Self::Machine(machine) => {
                super::machine::auth_json(Some(machine), machine.kind()).serialize(serializer)
            }
            Self::MachineSignedOut(kind) => {
                super::machine::auth_json(None, *kind).serialize(serializer)
            }
            Self::InvalidToken => serde_json::json!({
                "tokenType": null,
                "isAuthenticated": false,
            })
            .serialize(serializer),
            Self::SignedOut { session_status } => SessionJson {
                token_type: "session_token",
                is_authenticated: false,
                fields: &SignedOutJson {
                    session_status: *session_status,
                    ..Default::default()
                },
            }
            .serialize(serializer),
        }
    }
}

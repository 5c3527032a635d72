//! A verified machine token: what the Backend API answered for an opaque token, or the claims of a
//! machine JWT whose signature verified. Only this module's constructors make one.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::error::MachineError;
use super::kind::MachineKind;
use crate::token::VerifiedPayload;

/// JWT claims that are not custom claims of an M2M token.
const RESERVED_CLAIMS: [&str; 6] = ["iss", "sub", "exp", "nbf", "iat", "jti"];

/// A machine token that verified: its kind, id, subject, scopes and claims.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerifiedMachine {
    kind: MachineKindTag,
    id: String,
    subject: String,
    scopes: Vec<String>,
    claims: Option<Map<String, Value>>,
    name: Option<String>,
    client_id: Option<String>,
    expiration_ms: Option<f64>,
}

/// [`MachineKind`] as stored in a cached verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum MachineKindTag {
    M2mToken,
    OauthToken,
    ApiKey,
}

impl From<MachineKind> for MachineKindTag {
    fn from(kind: MachineKind) -> Self {
        match kind {
            MachineKind::M2mToken => Self::M2mToken,
            MachineKind::OAuthToken => Self::OauthToken,
            MachineKind::ApiKey => Self::ApiKey,
        }
    }
}

impl VerifiedMachine {
    /// The identity in a machine JWT whose signature and registered claims verified.
    pub(super) fn from_jwt(kind: MachineKind, payload: &VerifiedPayload) -> Self {
        let payload = payload.payload();
        let string = |name: &str| {
            payload
                .get(name)
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        let (scopes, claims, client_id) = match kind {
            MachineKind::OAuthToken => {
                let scopes = string_list(payload.get("scp"))
                    .or_else(|| string("scope").map(|s| split_scopes(&s)))
                    .unwrap_or_default();
                (scopes, None, Some(string("client_id").unwrap_or_default()))
            }
            _ => {
                let scopes = string("scopes")
                    .map(|s| split_scopes(&s))
                    .or_else(|| string_list(payload.get("aud")))
                    .unwrap_or_default();
                let custom: Map<String, Value> = payload
                    .iter()
                    .filter(|(k, _)| !RESERVED_CLAIMS.contains(&k.as_str()))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                (scopes, (!custom.is_empty()).then_some(custom), None)
            }
        };
        Self {
            kind: kind.into(),
            id: string("jti").unwrap_or_default(),
            subject: string("sub").unwrap_or_default(),
            scopes,
            claims,
            name: None,
            client_id,
            expiration_ms: payload
                .get("exp")
                .and_then(Value::as_f64)
                .map(|s| s * 1000.0),
        }
    }

    /// The identity in the Backend API's answer to a verify call; refuses revoked and expired tokens
    /// (which @clerk/backend signs in) and answers without an id or subject.
    pub(super) fn from_answer(
        kind: MachineKind,
        answer: &Map<String, Value>,
        now_ms: f64,
    ) -> Result<Self, MachineError> {
        let string = |name: &str| answer.get(name).and_then(Value::as_str).map(str::to_string);
        if answer.get("revoked").and_then(Value::as_bool) == Some(true) {
            return Err(MachineError::Revoked(kind));
        }
        let expiration_ms = answer.get("expiration").and_then(Value::as_f64);
        if answer.get("expired").and_then(Value::as_bool) == Some(true)
            || expiration_ms.is_some_and(|exp| exp <= now_ms)
        {
            return Err(MachineError::Expired(kind));
        }
        let (Some(id), Some(subject)) = (string("id"), string("subject")) else {
            return Err(MachineError::unexpected_answer(200));
        };
        if id.is_empty() || subject.is_empty() {
            return Err(MachineError::unexpected_answer(200));
        }
        let claims = match kind {
            MachineKind::OAuthToken => None,
            _ => answer.get("claims").and_then(Value::as_object).cloned(),
        };
        Ok(Self {
            kind: kind.into(),
            id,
            subject,
            scopes: string_list(answer.get("scopes")).unwrap_or_default(),
            claims,
            name: (kind == MachineKind::ApiKey)
                .then(|| string("name"))
                .flatten(),
            client_id: (kind == MachineKind::OAuthToken)
                .then(|| string("client_id").unwrap_or_default()),
            expiration_ms,
        })
    }

    /// A verified machine without verification, for this crate's own unit tests only.
    #[cfg(test)]
    pub(crate) fn for_tests(kind: MachineKind, id: &str, subject: &str, scopes: &[&str]) -> Self {
        Self {
            kind: kind.into(),
            id: id.into(),
            subject: subject.into(),
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
            claims: None,
            name: None,
            client_id: None,
            expiration_ms: None,
        }
    }

    /// The token's kind.
    pub fn kind(&self) -> MachineKind {
        match self.kind {
            MachineKindTag::M2mToken => MachineKind::M2mToken,
            MachineKindTag::OauthToken => MachineKind::OAuthToken,
            MachineKindTag::ApiKey => MachineKind::ApiKey,
        }
    }

    /// The token's id (`mt_…`, `oat_…`, `ak_…` ids; a JWT's `jti`).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Who the token stands for: a machine (`mch_…`), a user (`user_…`) or an organization (`org_…`).
    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// The granted scopes.
    pub fn scopes(&self) -> &[String] {
        &self.scopes
    }

    /// Custom claims (M2M tokens and API keys), if any.
    pub fn claims(&self) -> Option<&Map<String, Value>> {
        self.claims.as_ref()
    }

    /// An API key's name.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// An OAuth access token's client id.
    pub fn client_id(&self) -> Option<&str> {
        self.client_id.as_deref()
    }

    /// When the token expires (ms since the epoch), if it does.
    pub fn expiration_ms(&self) -> Option<f64> {
        self.expiration_ms
    }

    /// The machine's id: the subject of an M2M token.
    pub fn machine_id(&self) -> Option<&str> {
        (self.kind() == MachineKind::M2mToken).then_some(self.subject.as_str())
    }

    /// The user's id: the subject of an OAuth token, or of an API key issued to a user.
    pub fn user_id(&self) -> Option<&str> {
        match self.kind() {
            MachineKind::OAuthToken => Some(&self.subject),
            MachineKind::ApiKey if self.subject.starts_with("user_") => Some(&self.subject),
            _ => None,
        }
    }

    /// The organization's id: the subject of an API key issued to an organization.
    pub fn org_id(&self) -> Option<&str> {
        (self.kind() == MachineKind::ApiKey && self.subject.starts_with("org_"))
            .then_some(self.subject.as_str())
    }

    /// `has({ scope })`: whether the token was granted `scope`.
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }
}

/// A JSON string array (or one string) as a list; `None` for anything else.
fn string_list(value: Option<&Value>) -> Option<Vec<String>> {
    match value? {
        Value::String(s) => Some(vec![s.clone()]),
        Value::Array(items) => items
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => None,
    }
}

/// A space-separated scope string (RFC 6749 §3.3) as a list.
fn split_scopes(scopes: &str) -> Vec<String> {
    scopes
        .split(' ')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

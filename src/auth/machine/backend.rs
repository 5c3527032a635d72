//! Verifying opaque machine tokens with the Backend API: the request, and reading its answer.
//!
//! `POST {apiUrl}/m2m_tokens/verify` `{"token"}`, `POST {apiUrl}/oauth_applications/access_tokens/verify`
//! `{"access_token"}`, `POST {apiUrl}/api_keys/verify` `{"secret"}` — without the `/v1` prefix; the
//! version travels in `Clerk-API-Version`. Bearer: the machine secret key for M2M tokens when set,
//! else the secret key.

use serde_json::{json, Map, Value};

use super::error::MachineError;
use super::identity::VerifiedMachine;
use super::kind::MachineKind;
use crate::http::{HttpRequest, HttpResponse, USER_AGENT};
use crate::jwks::source::CLERK_API_VERSION_HEADER;

/// Where and with which secrets opaque machine tokens are verified.
#[derive(Clone, PartialEq, Eq)]
pub struct MachineApi {
    /// The Backend API origin, without a trailing slash.
    pub api_url: String,
    /// `secretKey` (`sk_…`).
    pub secret_key: Option<String>,
    /// `machineSecretKey` (`ak_…`), used for M2M tokens instead of the secret key.
    pub machine_secret_key: Option<String>,
}

impl std::fmt::Debug for MachineApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MachineApi({}, secrets redacted)", self.api_url)
    }
}

impl MachineApi {
    /// The Bearer secret for verifying a token of `kind`.
    fn bearer(&self, kind: MachineKind) -> Option<&str> {
        match kind {
            MachineKind::M2mToken => self
                .machine_secret_key
                .as_deref()
                .or(self.secret_key.as_deref()),
            _ => self.secret_key.as_deref(),
        }
    }

    /// The verify call for `token`; an error when no secret can authenticate it.
    pub fn verify_request(
        &self,
        kind: MachineKind,
        token: &str,
    ) -> Result<HttpRequest, MachineError> {
        let bearer = self.bearer(kind).ok_or_else(|| {
            MachineError::SecretKeyInvalid(match kind {
                MachineKind::M2mToken => {
                    "verifying M2M tokens needs machineSecretKey (CLERK_MACHINE_SECRET_KEY) or secretKey (CLERK_SECRET_KEY)"
                }
                _ => "verifying opaque machine tokens needs secretKey (CLERK_SECRET_KEY)",
            }
            .to_string())
        })?;
        let (path, body) = match kind {
            MachineKind::M2mToken => ("m2m_tokens/verify", json!({ "token": token })),
            MachineKind::OAuthToken => (
                "oauth_applications/access_tokens/verify",
                json!({ "access_token": token }),
            ),
            MachineKind::ApiKey => ("api_keys/verify", json!({ "secret": token })),
        };
        Ok(HttpRequest {
            method: "POST",
            url: format!("{}/{path}", self.api_url),
            headers: vec![
                ("accept".into(), "application/json".into()),
                ("authorization".into(), format!("Bearer {bearer}")),
                ("clerk-api-version".into(), CLERK_API_VERSION_HEADER.into()),
                ("content-type".into(), "application/json".into()),
                ("user-agent".into(), USER_AGENT.into()),
            ],
            body: Some(body.to_string().into_bytes()),
        })
    }
}

/// The verdict in the Backend API's answer (@clerk/backend's `handleClerkAPIError` codes, plus the
/// `revoked`/`expired`/`expiration` checks it leaves out).
pub fn read_answer(
    kind: MachineKind,
    response: &HttpResponse,
    audience: Option<&[String]>,
    now_ms: f64,
) -> Result<VerifiedMachine, MachineError> {
    match response.status {
        200 => {
            let answer: Map<String, Value> = serde_json::from_slice(&response.body)
                .map_err(|_| MachineError::unexpected_answer(200))?;
            if kind == MachineKind::OAuthToken {
                if let Some(audience) = audience.filter(|a| !a.is_empty()) {
                    check_oauth_audience(answer.get("aud"), audience)?;
                }
            }
            VerifiedMachine::from_answer(kind, &answer, now_ms)
        }
        401 => Err(MachineError::SecretKeyInvalid(
            first_error_message(&response.body).unwrap_or_else(|| "Invalid secret key".into()),
        )),
        404 => Err(MachineError::TokenInvalid(format!(
            "{} not found",
            kind.label()
        ))),
        status => Err(MachineError::unexpected_answer(status)),
    }
}

/// An OAuth token's `aud` must name one of `audience` (@clerk/backend's `assertOAuthAudienceClaim`).
pub fn check_oauth_audience(aud: Option<&Value>, audience: &[String]) -> Result<(), MachineError> {
    let list: Option<Vec<&str>> = match aud {
        Some(Value::String(s)) => Some(vec![s.as_str()]),
        Some(Value::Array(items)) => items.iter().map(Value::as_str).collect(),
        _ => None,
    };
    let Some(list) = list.filter(|l| !l.is_empty() && l.iter().all(|a| !a.is_empty())) else {
        return Err(MachineError::Audience(
            "Invalid OAuth audience claim (aud): expected a non-empty string or array of non-empty strings".into(),
        ));
    };
    if list.iter().any(|a| audience.iter().any(|want| want == a)) {
        Ok(())
    } else {
        Err(MachineError::Audience("OAuth audience mismatch".into()))
    }
}

/// `errors[0].message` of a Backend API error body, when short and printable.
fn first_error_message(body: &[u8]) -> Option<String> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let message = value.get("errors")?.get(0)?.get("message")?.as_str()?;
    (message.len() <= 200 && message.chars().all(|c| !c.is_control())).then(|| message.to_string())
}

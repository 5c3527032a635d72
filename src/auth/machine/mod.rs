//! Machine tokens — M2M tokens, OAuth access tokens and API keys (machine-webhooks-proxy.md).
//!
//! JWT-format machine tokens are verified locally with the instance keys, like session tokens.
//! Opaque ones (`mt_…`, `oat_…`, `ak_…`) are verified by the Backend API; unlike @clerk/backend,
//! an answer saying `revoked`, `expired`, or an `expiration` in the past is refused, and verdicts
//! are remembered (see [`verdicts`]) so repeated and made-up tokens do not each cost an API call.

mod backend;
mod error;
mod identity;
mod kind;
pub mod verdicts;

pub use backend::MachineApi;
pub use error::MachineError;
pub use identity::VerifiedMachine;
pub use kind::{classify, MachineFormat, MachineKind};

use serde_json::{json, Value};

use super::io::AuthIo;
use super::peek::Peek;
use super::verify::{TokenCheck, VerifyError};
use crate::token::{TokenKind, CATEGORY_M2M_TOKEN};

impl<I: AuthIo> TokenCheck<'_, I> {
    /// Verifies a machine token of `kind` in `format`, locally or through the Backend API.
    pub async fn machine(
        &self,
        token: &str,
        kind: MachineKind,
        format: MachineFormat,
    ) -> Result<VerifiedMachine, MachineError> {
        match format {
            MachineFormat::Jwt => self.machine_jwt(token, kind).await,
            MachineFormat::Opaque => self.machine_opaque(token, kind).await,
        }
    }

    async fn machine_jwt(
        &self,
        token: &str,
        kind: MachineKind,
    ) -> Result<VerifiedMachine, MachineError> {
        let token_kind = match kind {
            MachineKind::M2mToken => {
                let cat = Peek::decode(token).and_then(|p| p.category().map(str::to_string));
                if cat.is_some_and(|c| c != CATEGORY_M2M_TOKEN) {
                    return Err(MachineError::TokenInvalid(
                        "Invalid M2M JWT category.".into(),
                    ));
                }
                TokenKind::M2m
            }
            MachineKind::OAuthToken => TokenKind::OAuthAccess,
            MachineKind::ApiKey => {
                return Err(MachineError::TokenInvalid("API keys are never JWTs".into()))
            }
        };
        let mut options = self.auth.options.claims.clone();
        options.authorized_parties.clear();
        let audience = options.audience.take();
        if kind == MachineKind::M2mToken {
            options.audience = audience.clone();
        }
        let payload = self
            .machine_payload(token, token_kind, &options)
            .await
            .map_err(|err| match err {
                VerifyError::Token(e) => MachineError::Jwt(e),
                VerifyError::Jwks(e) => MachineError::Keys(e),
            })?;
        if kind == MachineKind::OAuthToken {
            if let Some(audience) = audience.as_deref().filter(|a| !a.is_empty()) {
                backend::check_oauth_audience(payload.payload().get("aud"), audience)?;
            }
        }
        Ok(VerifiedMachine::from_jwt(kind, &payload))
    }

    async fn machine_opaque(
        &self,
        token: &str,
        kind: MachineKind,
    ) -> Result<VerifiedMachine, MachineError> {
        let Some(api) = self.auth.machine_api.as_ref() else {
            return Err(MachineError::SecretKeyInvalid(
                "verifying opaque machine tokens needs secretKey (CLERK_SECRET_KEY) or machineSecretKey (CLERK_MACHINE_SECRET_KEY)".into(),
            ));
        };
        let request = api.verify_request(kind, token)?;
        let lifetimes = self.auth.options.machine_verdicts;
        let key = verdicts::verdict_key(&self.auth.machine_scope, kind, token);
        if lifetimes.is_on() {
            if let Some(text) = self.io.load_verdict(&key).await {
                if let Some(verdict) = verdicts::decode(&text, kind, self.now_ms) {
                    return verdict;
                }
            }
        }
        self.io
            .permit_backend_verification()
            .map_err(|retry_after_s| MachineError::RateLimited { retry_after_s })?;
        let verdict = match self.io.send_shared(&key, request).await {
            Ok(response) => {
                let audience = self.auth.options.claims.audience.as_deref();
                backend::read_answer(kind, &response, audience, self.now_ms)
            }
            Err(_) => Err(MachineError::BackendUnavailable { status: None }),
        };
        if lifetimes.is_on() {
            if let Some((text, ttl_ms)) = verdicts::encode(&verdict, lifetimes, self.now_ms) {
                self.io.store_verdict(&key, text, ttl_ms).await;
            }
        }
        verdict
    }
}

/// `has({ scope })` over a machine token's `scopes` (the check as JSON); any other check is `false`.
pub fn scope_check(scopes: &[String], check_json: &str) -> bool {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct ScopeCheck {
        scope: String,
    }
    serde_json::from_str::<ScopeCheck>(check_json).is_ok_and(|check| scopes.contains(&check.scope))
}

/// @clerk/backend's machine auth object as JSON (data members only); every field `null` without a token.
pub(super) fn auth_json(machine: Option<&VerifiedMachine>, kind: MachineKind) -> Value {
    let m = machine;
    let mut object = json!({
        "tokenType": kind.as_str(),
        "id": m.map(VerifiedMachine::id),
        "subject": m.map(VerifiedMachine::subject),
        "scopes": m.map(VerifiedMachine::scopes),
        "isAuthenticated": m.is_some(),
    });
    let extra = match kind {
        MachineKind::ApiKey => json!({
            "name": m.and_then(VerifiedMachine::name),
            "claims": m.and_then(VerifiedMachine::claims),
            "userId": m.and_then(VerifiedMachine::user_id),
            "orgId": m.and_then(VerifiedMachine::org_id),
        }),
        MachineKind::M2mToken => json!({
            "claims": m.and_then(VerifiedMachine::claims),
            "machineId": m.and_then(VerifiedMachine::machine_id),
        }),
        MachineKind::OAuthToken => json!({
            "userId": m.and_then(VerifiedMachine::user_id),
            "clientId": m.and_then(VerifiedMachine::client_id),
        }),
    };
    if let (Value::Object(object), Value::Object(extra)) = (&mut object, extra) {
        object.extend(extra);
    }
    object
}

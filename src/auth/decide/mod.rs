//! The decision: one request in, one [`RequestState`] out (browser-session.md §2).
//!
//! The header path (§2.3) and the cookie path (§2.2, rules A–M) in @clerk/backend's order. I/O is
//! awaited through [`AuthIo`]; nothing else here touches the outside world.

mod cookie_path;

use super::accepts::AcceptsToken;
use super::context::{AuthContext, RequestError, RequestView};
use super::handshake::{self, maybe_handshake};
use super::io::AuthIo;
use super::machine::{classify, MachineError, MachineFormat, MachineKind};
use super::options::Authenticator;
use super::reasons as r;
use super::recent_peeks;
use super::refresh::{self, Refreshed};
use super::state::{RequestState, TokenType};
use super::verify::{TokenCheck, VerifyError};
use crate::error::Reason;

/// Authenticates `request` at `now_ms`: @clerk/backend's `authenticateRequest`, accepting the
/// token types of the options' `acceptsToken`.
///
/// Fails only when the request URL is not absolute; every other problem is a signed-out state.
pub async fn authenticate<I: AuthIo, N: AsRef<str>, V: AsRef<str>>(
    auth: &Authenticator,
    request: RequestView<'_, N, V>,
    io: &I,
    now_ms: f64,
) -> Result<RequestState, RequestError> {
    authenticate_accepting(auth, auth.options.accepts_token, request, io, now_ms).await
}

/// [`authenticate`] with another `acceptsToken` than the options' (e.g. a route's own choice).
pub async fn authenticate_accepting<I: AuthIo, N: AsRef<str>, V: AsRef<str>>(
    auth: &Authenticator,
    accepts: AcceptsToken,
    request: RequestView<'_, N, V>,
    io: &I,
    now_ms: f64,
) -> Result<RequestState, RequestError> {
    let ctx = AuthContext::read(&request, auth, now_ms)?;
    let check = TokenCheck { auth, io, now_ms };
    let run = Run {
        auth,
        ctx: &ctx,
        check: &check,
        headers: request.headers,
    };
    let header = match &ctx.header_token {
        Err(ambiguous) => {
            let state =
                RequestState::signed_out(ambiguous.reason(), ambiguous.to_string(), Vec::new());
            return Ok(state);
        }
        Ok(header) => header.as_deref(),
    };
    let state = match (accepts, header) {
        // A list must contain the type of the token (no token: a session's), or nothing is accepted.
        (AcceptsToken::List(_), _) if !accepts.accepts(token_type_of(header)) => {
            RequestState::signed_out_as(None, r::TOKEN_TYPE_MISMATCH, "")
        }
        (AcceptsToken::One(TokenType::SessionToken), Some(token)) => run.header_path(token).await,
        (AcceptsToken::One(one), Some(token)) => run.machine_header_path(token, one).await,
        (AcceptsToken::Any | AcceptsToken::List(_), Some(token)) => {
            run.any_header_path(token).await
        }
        (AcceptsToken::One(one), None) if one != TokenType::SessionToken => {
            RequestState::signed_out_as(Some(one), r::NO_TOKEN_IN_HEADER, "")
        }
        (_, None) => run.cookie_path().await,
    };
    Ok(state)
}

/// The token type of a header token by its form (no token: a session's, from cookies).
fn token_type_of(header: Option<&str>) -> TokenType {
    header
        .and_then(classify)
        .map_or(TokenType::SessionToken, |(kind, _)| kind.into())
}

struct Run<'a, I: AuthIo, N, V> {
    auth: &'a Authenticator,
    ctx: &'a AuthContext,
    check: &'a TokenCheck<'a, I>,
    /// The request's headers, sent along with a session refresh.
    headers: &'a [(N, V)],
}

impl<I: AuthIo, N: AsRef<str>, V: AsRef<str>> Run<'_, I, N, V> {
    /// §2.3: a Bearer token; client_uat, dev browsers, handshakes and satellites do not apply.
    async fn header_path(&self, token: &str) -> RequestState {
        if recent_peeks::peek(token)
            .is_some_and(|p| p.is_machine_token() || p.has_non_session_category())
        {
            return RequestState::signed_out(r::TOKEN_TYPE_MISMATCH, "", Vec::new());
        }
        match self.check.session(token).await {
            Ok(claims) => RequestState::signed_in(claims, token.to_string(), Vec::new()),
            Err(err) => self.token_error(err, "header").await,
        }
    }

    /// `acceptsToken` of one machine type: only a token of that type, verified as such.
    async fn machine_header_path(&self, token: &str, wanted: TokenType) -> RequestState {
        match classify(token) {
            Some((kind, format)) if TokenType::from(kind) == wanted => {
                self.machine_token(token, kind, format).await
            }
            _ => RequestState::signed_out_as(Some(wanted), r::TOKEN_TYPE_MISMATCH, ""),
        }
    }

    /// `acceptsToken` `any` or a list (already known to accept this token's type).
    async fn any_header_path(&self, token: &str) -> RequestState {
        if let Some((kind, format)) = classify(token) {
            return self.machine_token(token, kind, format).await;
        }
        self.header_path(token).await
    }

    async fn machine_token(
        &self,
        token: &str,
        kind: MachineKind,
        format: MachineFormat,
    ) -> RequestState {
        match self.check.machine(token, kind, format).await {
            Ok(machine) => RequestState::signed_in_machine(machine, token.to_string()),
            Err(err) => {
                let mut state = RequestState::signed_out_as(
                    Some(kind.into()),
                    err.reason(),
                    err.full_message(),
                );
                if let MachineError::RateLimited { retry_after_s } = err {
                    state.add_header("retry-after", retry_after_s.to_string());
                }
                state
            }
        }
    }

    /// §4: the cookies a handshake brought, and the state they give.
    async fn resolve_handshake(&self) -> Result<RequestState, Failure> {
        let (ctx, auth) = (self.ctx, self.auth);
        let directives = if let Some(nonce) = &ctx.handshake_nonce {
            match handshake::payload_request(auth.api.as_ref(), nonce) {
                Some(request) => match self.check.io.send(request).await {
                    Ok(response) => handshake::parse_payload_response(&response),
                    Err(_) => Vec::new(),
                },
                None => Vec::new(),
            }
        } else {
            let token = ctx.handshake_token.as_deref().unwrap_or_default();
            self.check
                .handshake_directives(token)
                .await
                .map_err(Failure::HandshakeToken)?
        };
        let resolved = handshake::resolution(ctx, auth, &directives);
        let Some(token) = resolved.session_token else {
            return Ok(RequestState::signed_out(
                r::SESSION_TOKEN_MISSING,
                "",
                resolved.headers,
            ));
        };
        match self.check.session(&token).await {
            Ok(claims) => Ok(RequestState::signed_in(claims, token, resolved.headers)),
            Err(err) if auth.is_development() && err.is_time_error() => {
                // Development clock-skew retry with a 24 h tolerance, as @clerk/backend.
                match self
                    .check
                    .session_with_skew(&token, refresh::DEV_CLOCK_SKEW_MS)
                    .await
                {
                    Ok(claims) => Ok(RequestState::signed_in(claims, token, resolved.headers)),
                    Err(_) => Err(Failure::Session),
                }
            }
            Err(_) => Err(Failure::Session),
        }
    }

    /// §2.4: refresh when possible, a handshake for time errors, else signed-out with the reason.
    async fn token_error(&self, err: VerifyError, carrier: &str) -> RequestState {
        let message = err.full_message(carrier);
        let reason = match err.reason() {
            "token-expired" => {
                let label =
                    match refresh::attempt(self.ctx, self.auth, self.check, self.headers).await {
                        Refreshed::SignedIn(state) => return *state,
                        Refreshed::Failed(label) => label,
                    };
                format!("{}-refresh-{label}", r::SESSION_TOKEN_EXPIRED)
            }
            "token-not-active-yet" => r::SESSION_TOKEN_NBF.to_string(),
            "token-iat-in-the-future" => r::SESSION_TOKEN_IAT_IN_THE_FUTURE.to_string(),
            other => return RequestState::signed_out(other, message, Vec::new()),
        };
        maybe_handshake(self.ctx, self.auth, &reason, &message, None)
    }
}

/// Why a handshake could not be resolved (the cookie path then goes on without it).
enum Failure {
    /// The handshake token itself did not verify.
    HandshakeToken(VerifyError),
    /// The session token it carried did not verify.
    Session,
}

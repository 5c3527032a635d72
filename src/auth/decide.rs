//! The decision: one request in, one [`RequestState`] out (browser-session.md §2).
//!
//! The header path (§2.3) and the cookie path (§2.2, rules A–M) in @clerk/backend's order. I/O is
//! awaited through [`AuthIo`]; nothing else here touches the outside world.

use super::accepts::AcceptsToken;
use super::context::{names, AuthContext, RequestError, RequestView};
use super::handshake::{self, maybe_handshake, MAX_REDIRECTS};
use super::io::AuthIo;
use super::machine::{classify, MachineError, MachineFormat, MachineKind};
use super::options::Authenticator;
use super::peek::Peek;
use super::reasons as r;
use super::referrer::{is_cross_origin, is_known_clerk_referrer};
use super::refresh::{self, Refreshed};
use super::state::{RequestState, TokenType};
use super::verify::{TokenCheck, VerifyError};
use super::{Auth, AuthStatus};
use crate::error::Reason;
use crate::token::VerifiedClaims;

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
        if Peek::decode(token).is_some_and(|p| p.is_machine_token() || p.has_non_session_category())
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

    /// §2.2 rules A–M.
    async fn cookie_path(&self) -> RequestState {
        let (ctx, auth) = (self.ctx, self.auth);
        let dev = auth.is_development();
        // A: a handshake coming back.
        if ctx.handshake_nonce.is_some() || ctx.handshake_token.is_some() {
            match self.resolve_handshake().await {
                Ok(state) => return state,
                // Development handshake tokens arrive in the URL: a bad one means mismatched keys,
                // and answering it signed-out (instead of throwing, as @clerk/backend does) stops the flow.
                Err(Failure::HandshakeToken(err)) if dev => {
                    let message = format!(
                        "handshake token verification failed: {}",
                        err.full_message("cookie")
                    );
                    return RequestState::signed_out(err.reason(), message, Vec::new());
                }
                Err(_) => {}
            }
        }
        let session = match &ctx.session_cookie {
            Ok(session) => session.as_deref(),
            Err(ambiguous) => {
                return RequestState::signed_out(
                    ambiguous.reason(),
                    ambiguous.to_string(),
                    Vec::new(),
                )
            }
        };
        let has_uat = ctx.client_uat != 0;
        let synced = ctx.url.param(names::SYNCED);
        let needs_sync = synced.as_deref() == Some("false");
        let sync_done = synced.as_deref() == Some("true");
        let has_cookies = session.is_some() || has_uat;
        let sync_eligible = auth.options.is_satellite
            && ctx.sec_fetch_dest.as_deref() == Some("document")
            && ctx.method == "GET"
            && !sync_done;
        // B, C: a satellite's first navigation.
        if sync_eligible {
            if !auth.options.satellite_auto_sync && !has_cookies && !needs_sync {
                return RequestState::signed_out(r::SESSION_TOKEN_AND_UAT_MISSING, "", Vec::new());
            }
            if !has_cookies || needs_sync {
                let location = dev.then(|| self.satellite_sync_location());
                return maybe_handshake(
                    ctx,
                    auth,
                    r::SATELLITE_NEEDS_SYNCING,
                    "",
                    location.flatten(),
                );
            }
        }
        // D: a development primary sends a syncing satellite back with its dev browser.
        if dev && !auth.options.is_satellite {
            if let Some(back) = ctx
                .url
                .param(names::REDIRECT_URL)
                .and_then(|u| super::url::Url::parse(&u))
            {
                let mut back = back;
                if let Some(db) = &ctx.dev_browser {
                    back.append_param(names::DEV_BROWSER, db);
                }
                back.set_param(names::SYNCED, "true");
                return maybe_handshake(
                    ctx,
                    auth,
                    r::PRIMARY_RESPONDS_TO_SYNCING,
                    "",
                    Some(back.href()),
                );
            }
        }
        // E, F: development browsers.
        if dev && ctx.url.has_param(names::DEV_BROWSER) {
            return maybe_handshake(ctx, auth, r::DEV_BROWSER_SYNC, "", None);
        }
        if dev && ctx.dev_browser.is_none() {
            return maybe_handshake(ctx, auth, r::DEV_BROWSER_MISSING, "", None);
        }
        // G, H, I: which cookies are there.
        let token = match (has_uat, session) {
            (false, None) => {
                return RequestState::signed_out(r::SESSION_TOKEN_AND_UAT_MISSING, "", Vec::new())
            }
            (false, Some(_)) => {
                return maybe_handshake(ctx, auth, r::SESSION_TOKEN_BUT_NO_CLIENT_UAT, "", None)
            }
            (true, None) => {
                return maybe_handshake(ctx, auth, r::CLIENT_UAT_BUT_NO_SESSION_TOKEN, "", None)
            }
            (true, Some(token)) => token,
        };
        // J, K, L: the unverified token.
        let Some(peek) = Peek::decode(token) else {
            let err = VerifyError::Token(crate::error::TokenError::Malformed(
                "the session cookie is not a JWT",
            ));
            return self.token_error(err, "cookie").await;
        };
        if peek.is_machine_token() || peek.has_non_session_category() {
            return RequestState::signed_out(r::TOKEN_TYPE_MISMATCH, "", Vec::new());
        }
        if peek
            .issued_at()
            .is_some_and(|iat| iat < ctx.client_uat as f64)
        {
            return maybe_handshake(ctx, auth, r::SESSION_TOKEN_IAT_BEFORE_CLIENT_UAT, "", None);
        }
        // M: verify.
        let claims = match self.check.session(token).await {
            Ok(claims) => claims,
            Err(err) => return self.token_error(err, "cookie").await,
        };
        let origin = ctx.url.origin();
        let cross_origin_navigation = !auth.options.is_satellite
            && ctx.method == "GET"
            && ctx.sec_fetch_dest.as_deref() == Some("document")
            && is_cross_origin(ctx.referrer.as_deref(), &origin)
            && !is_known_clerk_referrer(ctx.referrer.as_deref(), &auth.frontend_api(&origin), !dev)
            && ctx.redirect_count == 0;
        if cross_origin_navigation {
            let message = "Cross-origin request from satellite domain requires handshake";
            return maybe_handshake(
                ctx,
                auth,
                r::PRIMARY_DOMAIN_CROSS_ORIGIN_SYNC,
                message,
                None,
            );
        }
        if let Some(handshake) = self.organization_sync(&claims) {
            return handshake;
        }
        RequestState::signed_in(claims, token.to_string(), Vec::new())
    }

    /// M, org sync: a handshake when the URL names another active organization than the session's
    /// (none past the loop guard, and none for a request a redirect cannot serve: it stays signed in).
    fn organization_sync(&self, claims: &VerifiedClaims) -> Option<RequestState> {
        let target = self.auth.org_sync.target(self.ctx.url.path())?;
        if !target.must_activate(&Auth::new(claims)) || self.ctx.redirect_count >= MAX_REDIRECTS {
            return None;
        }
        let state = maybe_handshake(
            self.ctx,
            self.auth,
            r::ACTIVE_ORGANIZATION_MISMATCH,
            "",
            None,
        );
        (state.status() == AuthStatus::Handshake).then_some(state)
    }

    /// C: `signInUrl` with `__clerk_redirect_url` = this URL (validated when the options were).
    fn satellite_sync_location(&self) -> Option<String> {
        let mut sign_in = super::url::Url::parse(self.auth.options.sign_in_url.as_deref()?)?;
        sign_in.append_param(names::REDIRECT_URL, &self.ctx.url.href());
        Some(sign_in.href())
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

//! The cookie path of the request decision: Clerk's browser rules A–M (browser-session.md §2.2),
//! with organization sync and the satellite sign-in location.

use super::{Failure, Run};
use crate::auth::context::names;
use crate::auth::handshake::{maybe_handshake, MAX_REDIRECTS};
use crate::auth::io::AuthIo;
use crate::auth::reasons as r;
use crate::auth::recent_peeks;
use crate::auth::referrer::{is_cross_origin, is_known_clerk_referrer};
use crate::auth::state::RequestState;
use crate::auth::verify::VerifyError;
use crate::auth::{Auth, AuthStatus};
use crate::error::Reason;
use crate::token::VerifiedClaims;

impl<I: AuthIo, N: AsRef<str>, V: AsRef<str>> Run<'_, I, N, V> {
    /// §2.2 rules A–M.
    pub(super) async fn cookie_path(&self) -> RequestState {
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
                .and_then(|u| crate::auth::url::Url::parse(&u))
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
        let Some(peek) = recent_peeks::peek(token) else {
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
        let mut sign_in = crate::auth::url::Url::parse(self.auth.options.sign_in_url.as_deref()?)?;
        sign_in.append_param(names::REDIRECT_URL, &self.ctx.url.href());
        Some(sign_in.href())
    }
}

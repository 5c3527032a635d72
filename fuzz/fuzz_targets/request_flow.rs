//! The whole request decision with hostile input: cookies, headers and the Backend API's answer
//! (handshake payloads and their Set-Cookie directives, session refresh, machine-token verify calls).
//!
//! Input: line 1 = `acceptsToken` setting, line 2 = request URL query, line 3 = the answer's status,
//! line 4 = the answer's body, the rest = `name: value` request headers.
#![no_main]

use std::rc::Rc;

use clerk_edge::auth::state::TokenType;
use clerk_edge::auth::{
    authenticate, AcceptsToken, AuthIo, AuthStatus, AuthenticateOptions, Authenticator,
    RequestView,
};
use clerk_edge::error::JwksError;
use clerk_edge::http::{HttpRequest, HttpResponse, TransportError};
use clerk_edge::keys::{Algorithm, KeySet, PublicKey};
use clerk_edge_fuzz::{fields, header_lines};
use libfuzzer_sys::fuzz_target;
use std::cell::RefCell;
use std::future::Future;
use std::task::{Context, Poll, Waker};

/// Scripted I/O: an empty key set, signatures never valid, every Backend API call answered alike.
struct FuzzIo {
    answer: HttpResponse,
    store: RefCell<Vec<(String, String)>>,
}

impl AuthIo for FuzzIo {
    async fn jwks(&self, _kid: &str) -> Result<Rc<KeySet>, JwksError> {
        Err(JwksError::Status(503))
    }
    async fn signature_valid(&self, _: Algorithm, _: &PublicKey, _: &[u8], _: &[u8]) -> bool {
        false
    }
    async fn send(&self, _request: HttpRequest) -> Result<HttpResponse, TransportError> {
        Ok(self.answer.clone())
    }
    async fn load_verdict(&self, key: &str) -> Option<String> {
        let store = self.store.borrow();
        store.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    }
    async fn store_verdict(&self, key: &str, verdict: String, _ttl_ms: u64) {
        assert!(key.starts_with("mtv1:") && key.len() == 69, "{key}");
        self.store.borrow_mut().push((key.to_string(), verdict));
    }
}

fn block_on<F: Future>(f: F) -> F::Output {
    let mut f = std::pin::pin!(f);
    match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("the fuzz I/O never waits"),
    }
}

fuzz_target!(|data: &[u8]| {
    let [accepts, query, status, body, rest] = <[String; 5]>::try_from(fields(data, 5)).unwrap();
    let accepts = AcceptsToken::parse_setting(&accepts).unwrap_or_default();
    let headers = header_lines(&rest);
    let url = format!("https://app.example.com/p?{query}");
    let io = FuzzIo {
        answer: HttpResponse {
            status: status.trim().parse().unwrap_or(200),
            headers: Vec::new(),
            body: body.into_bytes(),
        },
        store: RefCell::new(Vec::new()),
    };
    for pk in ["pk_test_Y2xlcmsuZXhhbXBsZS5jb20k", "pk_live_Y2xlcmsuZXhhbXBsZS5jb20k"] {
        let auth = Authenticator::new(AuthenticateOptions {
            publishable_key: pk.into(),
            secret_key: Some("sk_test_fuzz".into()),
            api_url: Some("http://127.0.0.1:9".into()),
            accepts_token: accepts,
            ..Default::default()
        })
        .unwrap();
        // Twice: the second run meets the verdicts the first one stored.
        for _ in 0..2 {
            let view = RequestView { method: "GET", url: &url, headers: &headers };
            let Ok(state) = block_on(authenticate(&auth, view, &io, 1_700_000_000_000.0)) else {
                continue;
            };
            // No signature is ever valid: only an opaque machine token (answered by the "API")
            // can sign a request in, and then it carries a verified machine.
            if state.status() == AuthStatus::SignedIn {
                assert!(state.machine().is_some() && state.claims().is_none());
                assert!(!matches!(state.token_type(), Some(TokenType::SessionToken) | None));
            }
            for (name, value) in state.headers() {
                assert!(!name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic()), "{name:?}");
                assert!(value.bytes().all(|b| b == b'\t' || (b' '..=b'~').contains(&b) || b >= 0x80), "{value:?}");
                assert!(!value.contains('\r') && !value.contains('\n'));
            }
            let _ = serde_json::to_string(&state.to_auth(true));
        }
    }
});

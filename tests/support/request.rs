//! Request-authentication test kit: Ed25519 tokens minted here, an [`AuthIo`] that verifies with the
//! pure-Rust backend and answers Backend API calls from a script, and a request builder.
#![allow(dead_code)]

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ed25519_dalek::{Signer, SigningKey};
use serde_json::{json, Value};

use clerk_edge::auth::{
    authenticate, AuthIo, AuthenticateOptions, Authenticator, RequestState, RequestView,
};
use clerk_edge::error::JwksError;
use clerk_edge::http::{HttpRequest, HttpResponse, TransportError};
use clerk_edge::keys::{Algorithm, KeySet, PublicKey};

/// 2023-11-14T22:13:20Z, in ms and s.
pub const NOW_MS: f64 = 1_700_000_000_000.0;
pub const NOW: i64 = 1_700_000_000;
/// Development and production keys of `clerk.example.com`.
pub const PK_TEST: &str = "pk_test_Y2xlcmsuZXhhbXBsZS5jb20k";
pub const PK_LIVE: &str = "pk_live_Y2xlcmsuZXhhbXBsZS5jb20k";
pub const SECRET: &str = "sk_test_secret";
pub const APP: &str = "https://app.example.com";

pub fn signing_key(seed: u8) -> SigningKey {
    SigningKey::from_bytes(&[seed; 32])
}

pub fn jwk(seed: u8, kid: &str) -> Value {
    let x = URL_SAFE_NO_PAD.encode(signing_key(seed).verifying_key().as_bytes());
    json!({ "kty": "OKP", "crv": "Ed25519", "x": x, "kid": kid, "alg": "EdDSA", "use": "sig" })
}

/// A token signed with key `seed`.
pub fn mint_with(seed: u8, header: Value, payload: Value) -> String {
    let h = URL_SAFE_NO_PAD.encode(header.to_string());
    let p = URL_SAFE_NO_PAD.encode(payload.to_string());
    let signature = signing_key(seed).sign(format!("{h}.{p}").as_bytes());
    format!("{h}.{p}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
}

/// A session token of the instance key, with `claims` merged over valid defaults.
pub fn session(extra: Value) -> String {
    let mut claims = json!({
        "sub": "user_1", "sid": "sess_1", "iss": "https://clerk.example.com",
        "azp": APP, "iat": NOW - 10, "nbf": NOW - 10, "exp": NOW + 50,
    });
    for (k, v) in extra.as_object().unwrap() {
        claims[k] = v.clone();
    }
    mint_with(
        7,
        json!({ "alg": "EdDSA", "typ": "JWT", "kid": "ins_1" }),
        claims,
    )
}

/// Options with the instance's JWKS (served by [`TestIo`]) and a secret key.
pub fn options(pk: &str) -> AuthenticateOptions {
    AuthenticateOptions {
        publishable_key: pk.into(),
        secret_key: Some(SECRET.into()),
        api_url: Some("http://127.0.0.1:9".into()),
        ..Default::default()
    }
}

/// Scripted I/O: the JWKS of key 7, the pure-Rust verifier, canned Backend API answers.
#[derive(Default)]
pub struct TestIo {
    /// Answers to `send`, by URL prefix (path and query included).
    pub answers: Vec<(String, Result<HttpResponse, TransportError>)>,
    /// Every request sent.
    pub sent: RefCell<Vec<HttpRequest>>,
    /// Every kid the JWKS was asked for.
    pub jwks_asked: RefCell<Vec<String>>,
    /// Makes the JWKS unavailable.
    pub jwks_down: bool,
    /// The machine-token verdict store (key → (text, ttl ms)).
    pub verdicts: RefCell<std::collections::HashMap<String, (String, u64)>>,
    /// Refuses Backend API verifications with this retry-after (the guard's rate limit).
    pub rate_limited: Option<u32>,
}

impl TestIo {
    /// Answers `GET …/v1/clients/handshake_payload` with `directives`.
    pub fn with_payload(directives: &[&str]) -> Self {
        let body = json!({ "directives": directives }).to_string().into_bytes();
        Self {
            answers: vec![(
                "http://127.0.0.1:9/v1/clients/handshake_payload".into(),
                Ok(ok(body)),
            )],
            ..Default::default()
        }
    }
}

pub fn ok(body: Vec<u8>) -> HttpResponse {
    HttpResponse {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body,
    }
}

impl AuthIo for TestIo {
    async fn jwks(&self, kid: &str) -> Result<Rc<KeySet>, JwksError> {
        self.jwks_asked.borrow_mut().push(kid.to_string());
        if self.jwks_down {
            return Err(JwksError::Status(503));
        }
        let doc = json!({ "keys": [jwk(7, "ins_1")] }).to_string();
        Ok(Rc::new(KeySet::from_jwks_json(doc.as_bytes()).unwrap()))
    }

    async fn signature_valid(
        &self,
        alg: Algorithm,
        key: &PublicKey,
        input: &[u8],
        signature: &[u8],
    ) -> bool {
        clerk_edge::crypto::verify_signature(alg, key, input, signature)
    }

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let url = request.url.clone();
        self.sent.borrow_mut().push(request);
        self.answers
            .iter()
            .find(|(prefix, _)| url.starts_with(prefix.as_str()))
            .map(|(_, answer)| answer.clone())
            .unwrap_or(Err(TransportError::Network("no answer scripted".into())))
    }

    async fn load_verdict(&self, key: &str) -> Option<String> {
        self.verdicts
            .borrow()
            .get(key)
            .map(|(text, _)| text.clone())
    }

    async fn store_verdict(&self, key: &str, verdict: String, ttl_ms: u64) {
        self.verdicts
            .borrow_mut()
            .insert(key.to_string(), (verdict, ttl_ms));
    }

    fn permit_backend_verification(&self) -> Result<(), u32> {
        self.rate_limited.map_or(Ok(()), Err)
    }
}

/// Runs a future that never waits (all [`TestIo`] answers are immediate).
pub fn block_on<F: Future>(f: F) -> F::Output {
    let mut f = std::pin::pin!(f);
    match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("the test I/O never waits"),
    }
}

/// A request under construction.
#[derive(Clone)]
pub struct Req {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
}

impl Req {
    pub fn get(url: &str) -> Self {
        Req {
            method: "GET",
            url: url.into(),
            headers: Vec::new(),
        }
    }

    /// A browser document navigation.
    pub fn navigation(url: &str) -> Self {
        Self::get(url)
            .header("sec-fetch-dest", "document")
            .header("accept", "text/html")
    }

    pub fn method(mut self, method: &'static str) -> Self {
        self.method = method;
        self
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn cookie(self, pair: &str) -> Self {
        self.header("cookie", pair)
    }

    /// Authenticates with `options` through `io`.
    pub fn run_with(&self, options: AuthenticateOptions, io: &TestIo) -> RequestState {
        let auth = Authenticator::new(options).expect("valid options");
        let view = RequestView {
            method: self.method,
            url: &self.url,
            headers: &self.headers,
        };
        block_on(authenticate(&auth, view, io, NOW_MS)).expect("readable request")
    }

    /// Authenticates with `options` through `io` at `now_ms`.
    pub fn run_at(&self, options: AuthenticateOptions, io: &TestIo, now_ms: f64) -> RequestState {
        let auth = Authenticator::new(options).expect("valid options");
        let view = RequestView {
            method: self.method,
            url: &self.url,
            headers: &self.headers,
        };
        block_on(authenticate(&auth, view, io, now_ms)).expect("readable request")
    }

    /// Authenticates with `options` and no scripted Backend API answers.
    pub fn run(&self, options: AuthenticateOptions) -> RequestState {
        self.run_with(options, &TestIo::default())
    }
}

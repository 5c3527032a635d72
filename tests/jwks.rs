//! The JWKS flow end to end, natively: `JwksSource` (which request, which cache scope) and
//! `resolve_keys` (isolate memory → shared store → network) driven by a scripted [`Host`].
//!
//! The host is synchronous inside: an in-memory store shared by any number of `JwksCache`s
//! (isolates sharing KV), a scripted endpoint with a fetch counter, a clock that only moves when
//! `sleep`, a slow or timed-out fetch, or the test moves it, a deterministic `random`, and
//! captured warnings. Its futures are ready at once (unless a test asks fetches to yield), so a
//! `block_on` with a no-op waker drives them.
//!
//! Every lookup goes through [`lookup`], which also checks the invariants that hold for every
//! call: at most [`MAX_ATTEMPTS`] fetches and at most [`FETCH_BUDGET_MS`] of simulated time per
//! resolve, and no error or warning that contains the secret key.
//!
//! Fixtures: `fixtures/keys/jwks-clerk.json` is the instance's JWKS; the rotated JWKS adds
//! `fixtures/keys/rsa3072.jwk.json` under a new `kid`; `fixtures/tokens/vectors.json` supplies a
//! jose-signed token for the end-to-end check.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::pin::{pin, Pin};
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use clerk_edge::error::TokenError;
use clerk_edge::http::{HttpRequest, HttpResponse, TransportError, USER_AGENT};
use clerk_edge::jwks::policy::{backoff_ms, COOLDOWN_MS, MAX_AGE_MS, STALE_GRACE_MS};
use clerk_edge::jwks::resolve::MAX_ENTRIES;
use clerk_edge::jwks::resolve::{FETCH_BUDGET_MS, MAX_ATTEMPTS};
use clerk_edge::jwks::source::{CLERK_API_VERSION_HEADER, DEFAULT_API_URL};
use clerk_edge::jwks::{parse_jwks_response, resolve_keys, JwksCache, JwksRuntime, JwksSource};
use clerk_edge::keys::KeySet;
use clerk_edge::token::{verify_token, ClaimOptions, KeySource};
use clerk_edge::{JwksError, Reason};
use serde_json::{json, Value};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const JWKS_CLERK: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/keys/jwks-clerk.json"
));
const RSA3072_JWK: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/keys/rsa3072.jwk.json"
));
const VECTORS_JSON: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/tokens/vectors.json"
));

/// A throwaway secret key; it must never show up in errors, warnings, `Debug`, scopes or the store.
const SECRET: &str = "sk_test_jwksFixtureSecretKey0123456789abcdefXYZ";
/// The part of [`SECRET`] after its prefix, which must not leak either.
const SECRET_BODY: &str = "jwksFixtureSecretKey0123456789abcdefXYZ";
const OTHER_SECRET: &str = "sk_live_anotherInstanceSecretKey9876543210zyx";
/// `pk_test_` + base64("clerk.example.com$").
const PK_EXAMPLE: &str = "pk_test_Y2xlcmsuZXhhbXBsZS5jb20k";
/// The `kid` of `jwks-clerk.json`.
const KID: &str = "ins_2fixtureKid000000000000000";
/// The `kid` the rotated JWKS adds.
const NEW_KID: &str = "ins_2rotatedKid00000000000000";
/// 2026-01-01T00:00:00Z.
const T0: f64 = 1_767_225_600_000.0;

fn pk(host: &str) -> String {
    format!("pk_test_{}", STANDARD.encode(format!("{host}$")))
}

fn secret_source() -> JwksSource {
    JwksSource::from_settings(Some(SECRET), None, None, None).unwrap()
}

/// `jwks-clerk.json` after a rotation: the new key first, the old one still published.
fn rotated_jwks() -> String {
    let mut new_key: Value = serde_json::from_str(RSA3072_JWK).unwrap();
    new_key["kid"] = json!(NEW_KID);
    new_key["use"] = json!("sig");
    new_key["alg"] = json!("RS256");
    let old: Value = serde_json::from_str(JWKS_CLERK).unwrap();
    let old_key = old["keys"][0].clone();
    json!({ "keys": [new_key, old_key] }).to_string()
}

// ---------------------------------------------------------------------------------------------
// The scripted host
// ---------------------------------------------------------------------------------------------

/// What the JWKS endpoint does for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reply {
    /// 200 with `jwks-clerk.json`.
    Jwks,
    /// 200 with the rotated JWKS (new kid + old kid).
    Rotated,
    /// 500.
    ServerError,
    /// 429 with `retry-after`.
    TooManyRequests,
    /// The connection fails.
    NetworkError,
    /// The request hangs until its timeout (the clock moves by the whole timeout).
    Timeout,
    /// 200 with a body that is not JSON.
    Garbage,
    /// 200 with `{"keys":[]}`.
    EmptyKeys,
    /// 401 with Clerk's `clerk_key_invalid` error.
    KeyInvalid,
    /// 401 with some other body.
    Unauthorized,
}

/// A future that is pending once, to let a test interleave concurrent lookups.
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            Poll::Pending
        }
    }
}

/// The outside world of one or more isolates: shared store, the endpoint, the clock.
struct Host {
    clock: Cell<f64>,
    store: RefCell<HashMap<String, String>>,
    /// When false the store behaves as absent (gets miss, puts are dropped).
    store_available: Cell<bool>,
    store_gets: Cell<u32>,
    /// The endpoint's behaviour once `script` is exhausted.
    mode: Cell<Reply>,
    /// Replies for the next requests, in order.
    script: RefCell<VecDeque<Reply>>,
    /// Simulated time each request takes (capped by its timeout).
    latency_ms: Cell<f64>,
    /// Whether each fetch is pending once before it completes.
    yield_in_fetch: Cell<bool>,
    fetches: Cell<u32>,
    requests: RefCell<Vec<(HttpRequest, u32)>>,
    sleeps: RefCell<Vec<u32>>,
    rng: Cell<u64>,
    warnings: RefCell<Vec<String>>,
}

impl Host {
    fn new(mode: Reply) -> Self {
        Self {
            clock: Cell::new(T0),
            store: RefCell::new(HashMap::new()),
            store_available: Cell::new(true),
            store_gets: Cell::new(0),
            mode: Cell::new(mode),
            script: RefCell::new(VecDeque::new()),
            latency_ms: Cell::new(0.0),
            yield_in_fetch: Cell::new(false),
            fetches: Cell::new(0),
            requests: RefCell::new(Vec::new()),
            sleeps: RefCell::new(Vec::new()),
            rng: Cell::new(0x9E37_79B9_7F4A_7C15),
            warnings: RefCell::new(Vec::new()),
        }
    }

    fn now(&self) -> f64 {
        self.clock.get()
    }

    fn advance(&self, ms: f64) {
        self.clock.set(self.clock.get() + ms);
    }

    fn set_mode(&self, mode: Reply) {
        self.mode.set(mode);
    }

    fn script(&self, replies: &[Reply]) {
        self.script.borrow_mut().extend(replies.iter().copied());
    }

    fn fetches(&self) -> u32 {
        self.fetches.get()
    }

    fn warnings(&self) -> Vec<String> {
        self.warnings.borrow().clone()
    }

    fn respond(&self, reply: Reply) -> Result<HttpResponse, TransportError> {
        let json = |status: u16, body: String| HttpResponse {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.into_bytes(),
        };
        match reply {
            Reply::Jwks => Ok(json(200, JWKS_CLERK.to_string())),
            Reply::Rotated => Ok(json(200, rotated_jwks())),
            Reply::ServerError => Ok(json(500, r#"{"errors":[{"code":"internal"}]}"#.into())),
            Reply::TooManyRequests => {
                let mut res = json(429, r#"{"errors":[{"code":"too_many_requests"}]}"#.into());
                res.headers.push(("retry-after".into(), "1".into()));
                Ok(res)
            }
            Reply::NetworkError => Err(TransportError::Network("connection reset by peer".into())),
            Reply::Timeout => Err(TransportError::Timeout),
            Reply::Garbage => Ok(json(200, "<html>502 Bad Gateway</html>".into())),
            Reply::EmptyKeys => Ok(json(200, r#"{"keys":[]}"#.into())),
            Reply::KeyInvalid => Ok(json(
                401,
                r#"{"errors":[{"code":"clerk_key_invalid","message":"Secret key invalid","long_message":"The provided secret key is invalid. Make sure it is copied from the API Keys page."}]}"#
                    .into(),
            )),
            Reply::Unauthorized => Ok(json(
                401,
                r#"{"errors":[{"code":"authentication_invalid"}]}"#.into(),
            )),
        }
    }
}

impl JwksRuntime for Host {
    async fn fetch(
        &self,
        request: &HttpRequest,
        timeout_ms: u32,
    ) -> Result<HttpResponse, TransportError> {
        self.fetches.set(self.fetches.get() + 1);
        self.requests
            .borrow_mut()
            .push((request.clone(), timeout_ms));
        let reply = self
            .script
            .borrow_mut()
            .pop_front()
            .unwrap_or(self.mode.get());
        if self.yield_in_fetch.get() {
            YieldOnce(false).await;
        }
        let timeout = f64::from(timeout_ms);
        if reply == Reply::Timeout || self.latency_ms.get() > timeout {
            self.advance(timeout);
            return Err(TransportError::Timeout);
        }
        self.advance(self.latency_ms.get());
        self.respond(reply)
    }

    async fn store_get(&self, key: &str) -> Option<String> {
        self.store_gets.set(self.store_gets.get() + 1);
        if !self.store_available.get() {
            return None;
        }
        self.store.borrow().get(key).cloned()
    }

    async fn store_put(&self, key: &str, value: &str) {
        if self.store_available.get() {
            self.store
                .borrow_mut()
                .insert(key.to_string(), value.to_string());
        }
    }

    async fn sleep(&self, ms: u32) {
        self.sleeps.borrow_mut().push(ms);
        self.advance(f64::from(ms));
        if self.yield_in_fetch.get() {
            // A real timer gives other lookups in the isolate a turn.
            YieldOnce(false).await;
        }
    }

    fn now_ms(&self) -> f64 {
        self.clock.get()
    }

    fn random(&self) -> f64 {
        // xorshift64*: deterministic, uniform enough for jitter.
        let mut x = self.rng.get();
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.rng.set(x);
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }

    fn warn(&self, message: &str) {
        self.warnings.borrow_mut().push(message.to_string());
    }
}

/// Runs a future whose host is synchronous (it may be pending a few times when fetches yield).
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..1_000 {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
    panic!("future never completed");
}

/// Polls all futures in turn until every one is done (concurrent requests in one isolate).
fn join_all<F: Future>(futures: Vec<F>) -> Vec<F::Output> {
    let mut futures: Vec<Pin<Box<F>>> = futures.into_iter().map(Box::pin).collect();
    let mut out: Vec<Option<F::Output>> = futures.iter().map(|_| None).collect();
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..1_000 {
        for (future, slot) in futures.iter_mut().zip(out.iter_mut()) {
            if slot.is_none() {
                if let Poll::Ready(v) = future.as_mut().poll(&mut cx) {
                    *slot = Some(v);
                }
            }
        }
        if out.iter().all(Option::is_some) {
            return out.into_iter().map(Option::unwrap).collect();
        }
    }
    panic!("futures never completed");
}

fn assert_no_secret(text: &str) {
    assert!(
        !text.contains(SECRET) && !text.contains(SECRET_BODY),
        "secret key leaked into {text:?}"
    );
}

/// One `resolve_keys` call, checking the per-call invariants.
fn lookup(
    cache: &RefCell<JwksCache>,
    source: &JwksSource,
    kid: &str,
    host: &Host,
) -> Result<Rc<KeySet>, JwksError> {
    let fetches = host.fetches();
    let started = host.now();
    let warned = host.warnings.borrow().len();
    let out = block_on(resolve_keys(cache, source, kid, host));
    let fetched = host.fetches() - fetches;
    assert!(
        fetched <= MAX_ATTEMPTS,
        "{fetched} fetches in one resolve (max {MAX_ATTEMPTS})"
    );
    let spent = host.now() - started;
    assert!(
        spent <= FETCH_BUDGET_MS,
        "one resolve took {spent} ms of simulated time (budget {FETCH_BUDGET_MS} ms)"
    );
    if let Err(err) = &out {
        assert_no_secret(&err.to_string());
        assert_no_secret(&format!("{err:?}"));
    }
    for warning in &host.warnings.borrow()[warned..] {
        assert_no_secret(warning);
    }
    out
}

fn kids(set: &KeySet) -> Vec<String> {
    set.iter()
        .map(|k| k.kid().unwrap_or_default().to_string())
        .collect()
}

fn header<'r>(request: &'r HttpRequest, name: &str) -> Option<&'r str> {
    request
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn reason_of(result: Result<Rc<KeySet>, JwksError>) -> &'static str {
    match result {
        Ok(set) => panic!("expected an error, got keys {:?}", kids(&set)),
        Err(err) => err.reason(),
    }
}

/// A cache warmed with `jwks-clerk.json` at the current time (one fetch).
fn warm(host: &Host, source: &JwksSource) -> RefCell<JwksCache> {
    let cache = RefCell::new(JwksCache::new());
    host.script(&[Reply::Jwks]);
    let before = host.fetches();
    let set = lookup(&cache, source, KID, host).unwrap();
    assert!(set.get(KID).is_some());
    assert_eq!(host.fetches() - before, 1);
    cache
}

// ---------------------------------------------------------------------------------------------
// 1. JwksSource
// ---------------------------------------------------------------------------------------------

#[test]
fn secret_key_source_requests_the_backend_api_jwks() {
    let source = JwksSource::from_settings(Some(SECRET), Some(PK_EXAMPLE), None, None).unwrap();
    assert!(matches!(source, JwksSource::BackendApi { .. }));
    let request = source.request();
    assert_eq!(request.method, "GET");
    assert_eq!(request.url, format!("{DEFAULT_API_URL}/v1/jwks"));
    assert_eq!(request.url, "https://api.clerk.com/v1/jwks");
    assert_eq!(request.body, None);
    let bearer = format!("Bearer {SECRET}");
    assert_eq!(header(&request, "authorization"), Some(bearer.as_str()));
    assert_eq!(
        header(&request, "clerk-api-version"),
        Some(CLERK_API_VERSION_HEADER)
    );
    let agent = header(&request, "user-agent").unwrap();
    assert!(agent.starts_with("clerk-edge/"), "{agent}");
    assert_eq!(agent, USER_AGENT);
    assert_eq!(header(&request, "accept"), Some("application/json"));
    // Header names are lowercase and unique.
    for (i, (name, _)) in request.headers.iter().enumerate() {
        assert_eq!(name, &name.to_ascii_lowercase());
        assert!(request.headers[i + 1..].iter().all(|(n, _)| n != name));
    }
}

#[test]
fn publishable_key_source_requests_the_frontend_api_jwks_without_credentials() {
    for secret in [None, Some(""), Some("   \n")] {
        let source = JwksSource::from_settings(secret, Some(PK_EXAMPLE), None, None).unwrap();
        assert_eq!(
            source,
            JwksSource::FrontendApi {
                frontend_api: "clerk.example.com".into()
            }
        );
        let request = source.request();
        assert_eq!(request.method, "GET");
        assert_eq!(
            request.url,
            "https://clerk.example.com/.well-known/jwks.json"
        );
        assert_eq!(header(&request, "authorization"), None);
        assert_eq!(header(&request, "clerk-api-version"), None);
        assert_eq!(header(&request, "user-agent"), Some(USER_AGENT));
    }
    // apiUrl / apiVersion only matter for the Backend API.
    let custom = JwksSource::from_settings(
        None,
        Some(&pk("clerk.acme.io")),
        Some("https://proxy.acme.io"),
        Some("v2"),
    )
    .unwrap();
    assert_eq!(
        custom.request().url,
        "https://clerk.acme.io/.well-known/jwks.json"
    );
}

#[test]
fn custom_api_url_and_version_shape_the_backend_api_url() {
    let cases: &[(Option<&str>, Option<&str>, &str)] = &[
        (None, None, "https://api.clerk.com/v1/jwks"),
        (Some(""), Some(""), "https://api.clerk.com/v1/jwks"),
        (
            Some("https://api.clerk.com/"),
            None,
            "https://api.clerk.com/v1/jwks",
        ),
        (
            Some("  https://api.clerk.dev  "),
            Some(" v1 "),
            "https://api.clerk.dev/v1/jwks",
        ),
        (
            Some("https://proxy.example.com/clerk/"),
            Some("/v2/"),
            "https://proxy.example.com/clerk/v2/jwks",
        ),
        (
            Some("http://localhost:8787"),
            Some("2025-04-10"),
            "http://localhost:8787/2025-04-10/jwks",
        ),
        (
            Some("http://127.0.0.1:9/"),
            None,
            "http://127.0.0.1:9/v1/jwks",
        ),
        (Some("http://[::1]:3000"), None, "http://[::1]:3000/v1/jwks"),
        (
            Some("https://[2001:db8::1]:8443/clerk"),
            None,
            "https://[2001:db8::1]:8443/clerk/v1/jwks",
        ),
        (
            Some("https://clerk-proxy_1.example.com:443/a/%40b"),
            None,
            "https://clerk-proxy_1.example.com:443/a/%40b/v1/jwks",
        ),
    ];
    for &(api_url, api_version, url) in cases {
        let source = JwksSource::from_settings(Some(SECRET), None, api_url, api_version).unwrap();
        let request = source.request();
        assert_eq!(request.url, url, "{api_url:?} {api_version:?}");
        let bearer = format!("Bearer {SECRET}");
        assert_eq!(header(&request, "authorization"), Some(bearer.as_str()));
    }
    // The secret key is trimmed like the other settings.
    let padded = format!("  {SECRET}\n");
    let source = JwksSource::from_settings(Some(&padded), None, None, None).unwrap();
    assert_eq!(source, secret_source());
}

#[test]
fn invalid_settings_are_named_and_never_echoed() {
    let bad_pk = "pk_test_bm90IGEgaG9zdA"; // base64("not a host"), no terminator
    let mut cases: Vec<(JwksError, Result<JwksSource, JwksError>)> = vec![
        (
            JwksError::NoSource,
            JwksSource::from_settings(None, None, None, None),
        ),
        (
            JwksError::NoSource,
            JwksSource::from_settings(Some(" "), Some("\t"), Some(DEFAULT_API_URL), None),
        ),
        (
            JwksError::InvalidSetting("secretKey"),
            JwksSource::from_settings(Some(PK_EXAMPLE), None, None, None),
        ),
        (
            JwksError::InvalidSetting("secretKey"),
            JwksSource::from_settings(Some("sk_test_has space"), None, None, None),
        ),
        (
            JwksError::InvalidSetting("secretKey"),
            JwksSource::from_settings(Some("sk_test_line\nbreak"), None, None, None),
        ),
        (
            JwksError::InvalidSetting("secretKey"),
            JwksSource::from_settings(Some("sk_test_é"), None, None, None),
        ),
        (
            JwksError::InvalidSetting("apiUrl"),
            JwksSource::from_settings(Some(SECRET), None, Some("api.clerk.com"), None),
        ),
        (
            JwksError::InvalidSetting("apiUrl"),
            JwksSource::from_settings(Some(SECRET), None, Some("ftp://api.clerk.com"), None),
        ),
    ];
    // apiUrl: only the shape `https://host[:port][/path]` (http for loopback hosts) is accepted.
    for bad in [
        "https://",
        "https:///v1",
        "https://user:pass@api.clerk.com",
        "https://user@api.clerk.com",
        "https://api.clerk.com@evil.example",
        "https://api.clerk.com?x=1",
        "https://api.clerk.com/clerk?x=1",
        "https://api.clerk.com/#frag",
        "https://api.clerk.com:",
        "https://api.clerk.com:https",
        "https://api.clerk.com:123456",
        "https://api clerk.com",
        "https://api.clerk.com/a b",
        "https://api.clerk.com\\@evil.example",
        "https://api.clerk.cöm",
        "https://[::1",
        "https://[]",
        "https://[::1]x",
        "http://api.clerk.com",
        "http://127.0.0.1.evil.example",
        "http://localhost.evil.example:80",
        "http://10.0.0.1",
        "HTTPS://api.clerk.com",
    ] {
        let err = JwksSource::from_settings(Some(SECRET), None, Some(bad), None).unwrap_err();
        assert_eq!(err, JwksError::InvalidSetting("apiUrl"), "{bad}");
        assert!(!err.to_string().contains(bad), "{bad}");
    }
    cases.extend([
        (
            JwksError::InvalidSetting("apiVersion"),
            JwksSource::from_settings(Some(SECRET), None, None, Some("v1/../admin")),
        ),
        (
            JwksError::InvalidSetting("apiVersion"),
            JwksSource::from_settings(Some(SECRET), None, None, Some("///")),
        ),
        (
            JwksError::InvalidSetting("apiVersion"),
            JwksSource::from_settings(Some(SECRET), None, None, Some("v1?x=1")),
        ),
        (
            JwksError::InvalidSetting("publishableKey"),
            JwksSource::from_settings(None, Some(bad_pk), None, None),
        ),
        (
            JwksError::InvalidSetting("publishableKey"),
            JwksSource::from_settings(None, Some(SECRET), None, None),
        ),
    ]);
    for (expected, got) in cases {
        let err = got.unwrap_err();
        assert_eq!(err, expected);
        assert_eq!(err.reason(), "jwk-failed-to-resolve");
        let text = format!("{err} {err:?}");
        assert_no_secret(&text);
        assert!(!text.contains("has space") && !text.contains("bm90IGEgaG9zdA"));
    }
}

#[test]
fn debug_of_a_source_never_contains_the_secret() {
    let source = JwksSource::from_settings(
        Some(SECRET),
        None,
        Some("https://proxy.example.com"),
        Some("v1"),
    )
    .unwrap();
    for text in [format!("{source:?}"), format!("{source:#?}")] {
        assert_no_secret(&text);
        assert!(text.contains("proxy.example.com"), "{text}");
        assert!(text.contains("redacted"), "{text}");
    }
    let fapi = JwksSource::from_settings(None, Some(PK_EXAMPLE), None, None).unwrap();
    assert!(format!("{fapi:?}").contains("clerk.example.com"));
}

#[test]
fn debug_of_a_request_redacts_the_authorization_header() {
    let mut request = source_with_url("https://proxy.example.com").request();
    request
        .headers
        .push(("Authorization".into(), format!("Basic {SECRET}")));
    request.body = Some(format!("{{\"password\":\"{SECRET}\"}}").into_bytes());
    for text in [format!("{request:?}"), format!("{request:#?}")] {
        assert_no_secret(&text);
        assert!(!text.contains("Bearer"), "{text}");
        assert!(text.contains("[redacted]"), "{text}");
        assert!(text.contains("https://proxy.example.com/v1/jwks"), "{text}");
        assert!(
            text.contains(USER_AGENT),
            "other headers stay visible: {text}"
        );
    }
}

fn source_with_url(api_url: &str) -> JwksSource {
    JwksSource::from_settings(Some(SECRET), None, Some(api_url), None).unwrap()
}

#[test]
fn cache_scopes_separate_instances_and_never_contain_the_secret() {
    let bapi = |secret: &str, url: Option<&str>, version: Option<&str>| {
        JwksSource::from_settings(Some(secret), None, url, version)
            .unwrap()
            .cache_scope()
    };
    let fapi = |host: &str| {
        JwksSource::from_settings(None, Some(&pk(host)), None, None)
            .unwrap()
            .cache_scope()
    };
    let scopes = [
        bapi(SECRET, None, None),
        bapi(OTHER_SECRET, None, None),
        bapi(SECRET, Some("https://api.clerk.dev"), None),
        bapi(SECRET, Some("https://proxy.example.com"), None),
        bapi(SECRET, None, Some("v2")),
        fapi("clerk.example.com"),
        fapi("clerk.acme.io"),
    ];
    for (i, a) in scopes.iter().enumerate() {
        assert!(a.starts_with("clerk-edge:jwks:v1:"), "{a}");
        assert!(a.len() <= 64, "{a}");
        assert_no_secret(a);
        assert!(!a.contains(&OTHER_SECRET[8..]));
        assert!(!a.contains("clerk.example.com") && !a.contains("api.clerk"));
        for b in &scopes[i + 1..] {
            assert_ne!(a, b);
        }
    }
    // Stable: the same settings spelled differently name the same scope.
    assert_eq!(
        bapi(SECRET, None, None),
        bapi(SECRET, Some("https://api.clerk.com/"), Some("/v1"))
    );
    assert_eq!(
        fapi("clerk.example.com"),
        JwksSource::from_settings(None, Some(&pk("CLERK.Example.com")), None, None)
            .unwrap()
            .cache_scope()
    );
}

#[test]
fn retryable_statuses_are_5xx_and_429() {
    for status in [500, 502, 503, 504, 429] {
        assert!(JwksSource::is_retryable(status), "{status}");
    }
    for status in [200, 301, 400, 401, 403, 404, 422] {
        assert!(!JwksSource::is_retryable(status), "{status}");
    }
}

// ---------------------------------------------------------------------------------------------
// 2–4. Memory, shared store, rotation
// ---------------------------------------------------------------------------------------------

#[test]
fn cold_cache_fetches_once_then_serves_a_thousand_lookups_from_memory() {
    let host = Host::new(Reply::Jwks);
    let source = secret_source();
    let cache = RefCell::new(JwksCache::new());
    let set = lookup(&cache, &source, KID, &host).unwrap();
    assert_eq!(host.fetches(), 1);
    assert_eq!(kids(&set), [KID]);
    let (request, timeout) = host.requests.borrow()[0].clone();
    assert_eq!(request, source.request());
    assert!(timeout > 0 && f64::from(timeout) <= FETCH_BUDGET_MS);

    // The fetched JWKS is persisted under the scope, without the secret.
    let stored = host.store.borrow().clone();
    assert_eq!(stored.len(), 1);
    let (key, value) = stored.iter().next().unwrap();
    assert_eq!(key, &source.cache_scope());
    assert_no_secret(key);
    assert_no_secret(value);
    let snapshot: Value = serde_json::from_str(value).unwrap();
    assert_eq!(snapshot["fetchedAt"], json!(T0));

    let gets = host.store_gets.get();
    for _ in 0..1_000 {
        host.advance(MAX_AGE_MS / 1_001.0);
        let again = lookup(&cache, &source, KID, &host).unwrap();
        assert!(
            Rc::ptr_eq(&set, &again),
            "the same keys are shared, not re-parsed"
        );
    }
    assert_eq!(host.fetches(), 1);
    assert_eq!(host.store_gets.get(), gets, "warm memory reads no store");
    assert!(host.warnings().is_empty());

    // Past the max age: exactly one refresh, then memory again.
    host.advance(MAX_AGE_MS / 1_001.0 + 1.0);
    lookup(&cache, &source, KID, &host).unwrap();
    assert_eq!(host.fetches(), 2);
    for _ in 0..100 {
        host.advance(1_000.0);
        lookup(&cache, &source, KID, &host).unwrap();
    }
    assert_eq!(host.fetches(), 2);
}

#[test]
fn a_second_isolate_is_served_from_the_shared_store() {
    let host = Host::new(Reply::Jwks);
    let source = secret_source();
    let first = warm(&host, &source);
    assert_eq!(host.fetches(), 1);

    host.advance(5_000.0);
    let second = RefCell::new(JwksCache::new());
    let gets = host.store_gets.get();
    for _ in 0..1_000 {
        let set = lookup(&second, &source, KID, &host).unwrap();
        assert_eq!(kids(&set), [KID]);
        host.advance(100.0);
    }
    assert_eq!(host.fetches(), 1, "the second isolate made no network call");
    // Memory is used after the first store read.
    assert_eq!(host.store_gets.get(), gets + 1);

    // The store's age counts: once the snapshot is past its max age, one of them refreshes.
    host.advance(MAX_AGE_MS);
    lookup(&second, &source, KID, &host).unwrap();
    assert_eq!(host.fetches(), 2);
    // …and the first isolate adopts that refresh from the store instead of fetching.
    lookup(&first, &source, KID, &host).unwrap();
    assert_eq!(host.fetches(), 2);

    // Another instance never sees this one's keys.
    let other = JwksSource::from_settings(Some(OTHER_SECRET), None, None, None).unwrap();
    host.set_mode(Reply::Rotated);
    let set = lookup(&second, &other, NEW_KID, &host).unwrap();
    assert!(set.get(NEW_KID).is_some());
    assert_eq!(host.fetches(), 3);
    assert_eq!(host.store.borrow().len(), 2);
}

#[test]
fn rotation_is_picked_up_by_one_fetch_after_the_cooldown_and_shared_with_the_old_isolate() {
    let host = Host::new(Reply::Jwks);
    let source = secret_source();
    let a = warm(&host, &source);
    let b = RefCell::new(JwksCache::new());
    assert!(lookup(&b, &source, KID, &host).is_ok());
    assert_eq!(host.fetches(), 1);

    // Clerk rotates. Within the cooldown the new kid is unknown and nobody fetches.
    host.set_mode(Reply::Rotated);
    host.advance(COOLDOWN_MS / 2.0);
    let set = lookup(&a, &source, NEW_KID, &host).unwrap();
    assert!(set.get(NEW_KID).is_none());
    assert_eq!(host.fetches(), 1);

    // After the cooldown (still within the max age): exactly one more fetch picks it up.
    host.advance(COOLDOWN_MS);
    let set = lookup(&a, &source, NEW_KID, &host).unwrap();
    assert!(set.get(NEW_KID).is_some());
    assert!(set.get(KID).is_some(), "the old key is still published");
    assert_eq!(host.fetches(), 2);
    for _ in 0..100 {
        host.advance(100.0);
        assert!(lookup(&a, &source, NEW_KID, &host)
            .unwrap()
            .get(NEW_KID)
            .is_some());
        assert!(lookup(&a, &source, KID, &host).unwrap().get(KID).is_some());
    }
    assert_eq!(host.fetches(), 2);

    // The other isolate still holds the old set; it adopts the rotation from the store.
    let set = lookup(&b, &source, NEW_KID, &host).unwrap();
    assert!(set.get(NEW_KID).is_some());
    assert_eq!(
        host.fetches(),
        2,
        "the old isolate saw the new kid without fetching"
    );
    // And a fresh isolate gets the rotated set straight from the store.
    let c = RefCell::new(JwksCache::new());
    assert!(lookup(&c, &source, NEW_KID, &host)
        .unwrap()
        .get(NEW_KID)
        .is_some());
    assert_eq!(host.fetches(), 2);
}

#[test]
fn a_removed_kid_disappears_after_the_next_refresh() {
    let host = Host::new(Reply::Rotated);
    let source = secret_source();
    let cache = RefCell::new(JwksCache::new());
    assert!(lookup(&cache, &source, KID, &host)
        .unwrap()
        .get(KID)
        .is_some());
    // Clerk drops the old key from the rotated set after a while.
    let only_new = {
        let mut doc: Value = serde_json::from_str(&rotated_jwks()).unwrap();
        doc["keys"].as_array_mut().unwrap().truncate(1);
        doc.to_string()
    };
    host.advance(MAX_AGE_MS);
    // Serve `only_new` by writing it into the store as if another isolate had just fetched it.
    let snapshot = json!({ "v": 1, "fetchedAt": host.now(), "jwks": only_new }).to_string();
    host.store
        .borrow_mut()
        .insert(source.cache_scope(), snapshot);
    let set = lookup(&cache, &source, KID, &host).unwrap();
    assert!(set.get(KID).is_none());
    assert_eq!(kids(&set), [NEW_KID]);
    assert_eq!(
        host.fetches(),
        1,
        "the newer snapshot replaced the expired keys"
    );
}

// ---------------------------------------------------------------------------------------------
// 5. Forged kids
// ---------------------------------------------------------------------------------------------

fn forged_kid(host: &Host) -> String {
    format!("ins_forged{:016x}", (host.random() * 1e16) as u64)
}

#[test]
fn forged_kid_floods_cost_at_most_one_fetch_per_cooldown() {
    let host = Host::new(Reply::Jwks);
    let source = secret_source();
    let cache = warm(&host, &source);
    // Start the flood once the first fetch's cooldown is over: the worst case.
    host.advance(COOLDOWN_MS);
    for window in 1..=3 {
        let before = host.fetches();
        let started = host.now();
        for _ in 0..1_000 {
            let kid = forged_kid(&host);
            let set = lookup(&cache, &source, &kid, &host).unwrap();
            assert!(set.get(&kid).is_none(), "a forged kid is never in the set");
            assert!(set.get(KID).is_some());
            host.advance((COOLDOWN_MS - 1.0) / 1_000.0);
        }
        assert!(host.now() - started < COOLDOWN_MS);
        assert!(
            host.fetches() - before <= 1,
            "window {window}: {} fetches",
            host.fetches() - before
        );
        host.advance(1.0);
    }
    assert!(host.fetches() <= 4);
    // Genuine lookups never stopped working.
    assert!(lookup(&cache, &source, KID, &host).is_ok());
}

#[test]
fn forged_kids_on_a_cold_isolate_cost_one_fetch() {
    let host = Host::new(Reply::Jwks);
    let source = secret_source();
    let cache = RefCell::new(JwksCache::new());
    for _ in 0..1_000 {
        let kid = forged_kid(&host);
        let set = lookup(&cache, &source, &kid, &host).unwrap();
        assert!(set.get(&kid).is_none());
        host.advance(25.0);
    }
    assert_eq!(host.fetches(), 1);
    // The set's kid lookup is what becomes `jwk-kid-mismatch`.
    assert_eq!(TokenError::KidMismatch.reason(), "jwk-kid-mismatch");
}

#[test]
fn concurrent_forged_kids_during_a_refresh_share_one_fetch() {
    let host = Host::new(Reply::Jwks);
    let source = secret_source();
    let cache = warm(&host, &source);
    host.advance(COOLDOWN_MS + 1.0);
    host.yield_in_fetch.set(true);
    let kids: Vec<String> = (0..50).map(|_| forged_kid(&host)).collect();
    let before = host.fetches();
    let results = join_all(
        kids.iter()
            .map(|kid| resolve_keys(&cache, &source, kid, &host))
            .collect(),
    );
    for (kid, result) in kids.iter().zip(results) {
        let set = result.unwrap();
        assert!(set.get(kid).is_none());
        assert!(set.get(KID).is_some());
    }
    assert_eq!(
        host.fetches() - before,
        1,
        "requests in flight together must not each refetch"
    );
}

#[test]
fn a_cold_burst_in_one_isolate_shares_one_fetch() {
    let host = Host::new(Reply::Jwks);
    let source = secret_source();
    let cache = RefCell::new(JwksCache::new());
    host.yield_in_fetch.set(true);
    let results = join_all(
        (0..10)
            .map(|_| resolve_keys(&cache, &source, KID, &host))
            .collect(),
    );
    for result in results {
        assert!(
            result.unwrap().get(KID).is_some(),
            "every lookup gets the keys"
        );
    }
    assert_eq!(
        host.fetches(),
        1,
        "concurrent cold lookups wait for one fetch"
    );
}

#[test]
fn concurrent_lookups_during_an_outage_do_not_multiply_retries() {
    let host = Host::new(Reply::Jwks);
    let source = secret_source();
    let cache = warm(&host, &source);
    host.advance(MAX_AGE_MS + 1.0);
    host.set_mode(Reply::ServerError);
    host.yield_in_fetch.set(true);
    let before = host.fetches();
    let results = join_all(
        (0..20)
            .map(|_| resolve_keys(&cache, &source, KID, &host))
            .collect(),
    );
    for result in results {
        assert!(result.unwrap().get(KID).is_some(), "stale keys served");
    }
    assert_eq!(host.fetches() - before, MAX_ATTEMPTS);
}

#[test]
fn a_failed_concurrent_fetch_does_not_discard_keys_another_one_just_fetched() {
    let host = Host::new(Reply::NetworkError);
    host.store_available.set(false); // e.g. the JS package with no store configured
    let source = secret_source();
    let cache = RefCell::new(JwksCache::new());
    host.yield_in_fetch.set(true);
    host.script(&[Reply::Jwks]);
    let results = join_all(vec![
        resolve_keys(&cache, &source, KID, &host),
        resolve_keys(&cache, &source, KID, &host),
    ]);
    // The second lookup waits for the first one's fetch instead of making its own (failing) one.
    assert!(results[0].is_ok());
    assert!(results[1].is_ok());
    assert_eq!(host.fetches(), 1);
    host.yield_in_fetch.set(false);
    host.advance(1_000.0);
    let fetches = host.fetches();
    let set = lookup(&cache, &source, KID, &host).expect("keys fetched 1 s ago are kept");
    assert!(set.get(KID).is_some());
    assert_eq!(host.fetches(), fetches);
}

// ---------------------------------------------------------------------------------------------
// 6. Outages
// ---------------------------------------------------------------------------------------------

fn outage_serves_stale_keys_then_fails(mode: Reply) {
    let host = Host::new(Reply::Jwks);
    let source = secret_source();
    let cache = warm(&host, &source);
    let fetched_at = host.now();
    host.advance(MAX_AGE_MS + 1.0);
    host.set_mode(mode);

    // Within the grace: every lookup succeeds with the stale keys; each refresh is bounded.
    let mut refreshes = 0;
    let mut lookups = 0;
    while host.now() - fetched_at < MAX_AGE_MS + STALE_GRACE_MS - 2.0 * FETCH_BUDGET_MS {
        let before = host.fetches();
        let set = lookup(&cache, &source, KID, &host).unwrap();
        assert!(set.get(KID).is_some());
        let fetched = host.fetches() - before;
        assert!(fetched <= MAX_ATTEMPTS);
        if fetched > 0 {
            refreshes += 1;
        }
        lookups += 1;
        host.advance(7_919.0);
    }
    // 6 h of 8 s steps: one refresh attempt per cooldown window at most.
    assert!(lookups > 2_000, "{lookups}");
    assert!(refreshes > 100, "{refreshes}");
    assert!(
        refreshes as f64 <= STALE_GRACE_MS / COOLDOWN_MS + 1.0,
        "{refreshes}"
    );
    let warnings = host.warnings();
    assert_eq!(warnings.len(), refreshes, "one warning per failed refresh");
    assert!(warnings
        .iter()
        .all(|w| w.contains("serving cached keys") && w.starts_with("clerk-edge:")));
    let expected = match mode {
        Reply::ServerError => "HTTP 500",
        Reply::TooManyRequests => "HTTP 429",
        Reply::NetworkError => "connection reset",
        Reply::Timeout => "timed out",
        _ => unreachable!(),
    };
    assert!(warnings[0].contains(expected), "{}", warnings[0]);

    // Past max age + grace: the keys are no longer served.
    host.advance(MAX_AGE_MS + STALE_GRACE_MS - (host.now() - fetched_at) + COOLDOWN_MS);
    let err = lookup(&cache, &source, KID, &host).unwrap_err();
    assert_eq!(err.reason(), "jwk-remote-failed-to-load", "{err}");
    // Within the cooldown: the same verdict, no network call.
    let before = host.fetches();
    host.advance(COOLDOWN_MS / 2.0);
    assert_eq!(lookup(&cache, &source, KID, &host), Err(err));
    assert_eq!(host.fetches(), before);

    // The endpoint recovers: the next attempt after the cooldown succeeds.
    host.set_mode(Reply::Jwks);
    host.advance(COOLDOWN_MS);
    assert!(lookup(&cache, &source, KID, &host).is_ok());
    assert_eq!(host.fetches(), before + 1);
    let warned = host.warnings().len();
    host.advance(1_000.0);
    assert!(lookup(&cache, &source, KID, &host).is_ok());
    assert_eq!(host.warnings().len(), warned);
}

#[test]
fn outage_with_server_errors_serves_stale_keys_within_the_grace() {
    outage_serves_stale_keys_then_fails(Reply::ServerError);
}

#[test]
fn outage_with_rate_limiting_serves_stale_keys_within_the_grace() {
    outage_serves_stale_keys_then_fails(Reply::TooManyRequests);
}

#[test]
fn outage_with_network_errors_serves_stale_keys_within_the_grace() {
    outage_serves_stale_keys_then_fails(Reply::NetworkError);
}

#[test]
fn outage_with_timeouts_serves_stale_keys_within_the_grace() {
    outage_serves_stale_keys_then_fails(Reply::Timeout);
}

#[test]
fn retries_are_jittered_backoffs_within_the_budget() {
    let host = Host::new(Reply::ServerError);
    let source = secret_source();
    let cache = RefCell::new(JwksCache::new());
    let err = lookup(&cache, &source, KID, &host).unwrap_err();
    assert_eq!(err, JwksError::Status(500));
    assert_eq!(host.fetches(), MAX_ATTEMPTS);
    let sleeps = host.sleeps.borrow().clone();
    assert_eq!(sleeps.len() as u32, MAX_ATTEMPTS - 1);
    for (i, &ms) in sleeps.iter().enumerate() {
        let attempt = i as u32 + 1;
        let lo = backoff_ms(attempt, 0.0).floor() as u32;
        let hi = backoff_ms(attempt, 1.0).ceil() as u32;
        assert!((lo..=hi).contains(&ms), "retry {attempt} slept {ms} ms");
    }
    // Each attempt's timeout is what is left of the budget.
    for (_, timeout) in host.requests.borrow().iter() {
        assert!(f64::from(*timeout) <= FETCH_BUDGET_MS);
    }
}

#[test]
fn transient_failures_are_retried_within_one_resolve() {
    let host = Host::new(Reply::Jwks);
    let source = secret_source();
    let cache = RefCell::new(JwksCache::new());
    host.script(&[Reply::ServerError, Reply::TooManyRequests]);
    assert!(lookup(&cache, &source, KID, &host).is_ok());
    assert_eq!(host.fetches(), 3);
    host.script(&[Reply::NetworkError]);
    host.advance(MAX_AGE_MS);
    assert!(lookup(&cache, &source, KID, &host).is_ok());
    assert_eq!(host.fetches(), 5);
    assert!(
        host.warnings().is_empty(),
        "a retried success warns nothing"
    );
}

#[test]
fn slow_endpoints_and_timeouts_stay_within_the_fetch_budget() {
    // One hanging request uses the whole budget; no retry starts after it.
    let host = Host::new(Reply::Timeout);
    let source = secret_source();
    let cache = RefCell::new(JwksCache::new());
    let started = host.now();
    let err = lookup(&cache, &source, KID, &host).unwrap_err();
    assert_eq!(err, JwksError::Transport(TransportError::Timeout));
    assert_eq!(err.reason(), "jwk-remote-failed-to-load");
    assert_eq!(host.fetches(), 1);
    assert_eq!(host.now() - started, FETCH_BUDGET_MS);

    // Slow 500s: retries stop when the budget would run out.
    for latency in [900.0, 1_900.0, 2_600.0, 4_999.0] {
        let host = Host::new(Reply::ServerError);
        host.latency_ms.set(latency);
        let cache = RefCell::new(JwksCache::new());
        let err = lookup(&cache, &source, KID, &host).unwrap_err();
        assert_eq!(err.reason(), "jwk-remote-failed-to-load");
        assert!(host.fetches() >= 1);
    }
    // A slow success is still a success.
    let host = Host::new(Reply::Jwks);
    host.latency_ms.set(4_000.0);
    let cache = RefCell::new(JwksCache::new());
    assert!(lookup(&cache, &source, KID, &host).is_ok());
}

#[test]
fn a_full_memory_cache_drops_one_instance_not_all() {
    let host = Host::new(Reply::Jwks);
    host.store_available.set(false); // memory only, so an eviction shows up as a fetch
    let sources: Vec<JwksSource> = (0..=MAX_ENTRIES)
        .map(|i| {
            JwksSource::from_settings(Some(&format!("sk_test_instance{i:03}")), None, None, None)
                .unwrap()
        })
        .collect();
    let cache = RefCell::new(JwksCache::new());
    for source in &sources {
        host.advance(10.0);
        assert!(lookup(&cache, source, KID, &host).is_ok());
    }
    assert_eq!(host.fetches() as usize, MAX_ENTRIES + 1);
    // The 65th instance displaced only the least recently fetched one (the first).
    for source in &sources[1..] {
        assert!(lookup(&cache, source, KID, &host).is_ok());
    }
    assert_eq!(
        host.fetches() as usize,
        MAX_ENTRIES + 1,
        "no other instance was dropped"
    );
    host.advance(COOLDOWN_MS);
    assert!(lookup(&cache, &sources[0], KID, &host).is_ok());
    assert_eq!(
        host.fetches() as usize,
        MAX_ENTRIES + 2,
        "the dropped one refetches"
    );
}

// ---------------------------------------------------------------------------------------------
// 7. Errors and reasons
// ---------------------------------------------------------------------------------------------

#[test]
fn an_invalid_secret_key_is_reported_and_not_retried() {
    let host = Host::new(Reply::KeyInvalid);
    let source = secret_source();
    let cache = RefCell::new(JwksCache::new());
    let err = lookup(&cache, &source, KID, &host).unwrap_err();
    assert_eq!(err, JwksError::SecretKeyInvalid);
    assert_eq!(err.reason(), "secret-key-invalid");
    assert_eq!(host.fetches(), 1);
    assert!(host.sleeps.borrow().is_empty());
    // Within the cooldown the verdict is repeated without a call.
    host.advance(1_000.0);
    assert_eq!(
        reason_of(lookup(&cache, &source, KID, &host)),
        "secret-key-invalid"
    );
    assert_eq!(host.fetches(), 1);
    assert!(host.store.borrow().is_empty());

    // Another 401 is a failed load, not an invalid key.
    let host = Host::new(Reply::Unauthorized);
    let cache = RefCell::new(JwksCache::new());
    let err = lookup(&cache, &source, KID, &host).unwrap_err();
    assert_eq!(err, JwksError::Status(401));
    assert_eq!(err.reason(), "jwk-remote-failed-to-load");
    assert_eq!(host.fetches(), 1);
}

#[test]
fn clerk_key_invalid_on_any_error_status_is_an_invalid_secret_key() {
    let body = br#"{"errors":[{"code":"form_param_missing"},{"code":"clerk_key_invalid"}]}"#;
    for status in [400, 401, 403, 404, 422, 500] {
        let response = HttpResponse {
            status,
            headers: Vec::new(),
            body: body.to_vec(),
        };
        assert_eq!(
            parse_jwks_response(&response).unwrap_err(),
            JwksError::SecretKeyInvalid,
            "{status}"
        );
    }
    // Other error bodies keep the status; a 200 is never read as an error body.
    let other = HttpResponse {
        status: 403,
        headers: Vec::new(),
        body: br#"{"errors":[{"code":"authorization_invalid"}]}"#.to_vec(),
    };
    assert_eq!(parse_jwks_response(&other), Err(JwksError::Status(403)));
    let ok = HttpResponse {
        status: 200,
        headers: Vec::new(),
        body: body.to_vec(),
    };
    assert!(matches!(
        parse_jwks_response(&ok),
        Err(JwksError::Invalid(_))
    ));
}

#[test]
fn an_empty_jwks_fails_to_load() {
    let host = Host::new(Reply::EmptyKeys);
    let source = secret_source();
    let cache = RefCell::new(JwksCache::new());
    let err = lookup(&cache, &source, KID, &host).unwrap_err();
    assert_eq!(err, JwksError::Empty);
    assert_eq!(err.reason(), "jwk-remote-failed-to-load");
    assert_eq!(host.fetches(), 1);
    assert!(host.store.borrow().is_empty(), "nothing to persist");
}

#[test]
fn a_garbage_jwks_is_invalid() {
    let host = Host::new(Reply::Garbage);
    let source = secret_source();
    let cache = RefCell::new(JwksCache::new());
    let err = lookup(&cache, &source, KID, &host).unwrap_err();
    assert!(matches!(err, JwksError::Invalid(_)), "{err:?}");
    assert_eq!(err.reason(), "jwk-remote-invalid");
    assert_eq!(host.fetches(), 1);
    assert!(host.store.borrow().is_empty());

    // Garbage on refresh: the fresh-enough keys in hand keep serving, with a warning.
    let host = Host::new(Reply::Jwks);
    let cache = warm(&host, &source);
    host.set_mode(Reply::Garbage);
    host.advance(MAX_AGE_MS);
    assert!(lookup(&cache, &source, KID, &host).is_ok());
    assert_eq!(host.fetches(), 2);
    assert_eq!(host.warnings().len(), 1);
}

#[test]
fn a_cold_outage_fails_fast_within_the_cooldown() {
    let host = Host::new(Reply::ServerError);
    let source = secret_source();
    let cache = RefCell::new(JwksCache::new());
    let err = lookup(&cache, &source, KID, &host).unwrap_err();
    assert_eq!(err.reason(), "jwk-remote-failed-to-load");
    let after_first = host.fetches();
    assert_eq!(after_first, MAX_ATTEMPTS);

    for _ in 0..100 {
        host.advance(250.0);
        assert_eq!(lookup(&cache, &source, KID, &host), Err(err.clone()));
    }
    assert_eq!(
        host.fetches(),
        after_first,
        "no network call within the cooldown"
    );
    assert!(
        host.warnings().is_empty(),
        "no keys, nothing stale to warn about"
    );

    // A network failure after the cooldown reports itself.
    host.advance(COOLDOWN_MS);
    host.set_mode(Reply::NetworkError);
    let err = lookup(&cache, &source, KID, &host).unwrap_err();
    assert_eq!(
        err,
        JwksError::Transport(TransportError::Network("connection reset by peer".into()))
    );
    assert_eq!(err.reason(), "jwk-remote-failed-to-load");

    // Recovery after the next cooldown.
    host.set_mode(Reply::Jwks);
    host.advance(COOLDOWN_MS);
    assert!(lookup(&cache, &source, KID, &host).is_ok());

    // Another isolate that fetched meanwhile rescues a failing one through the store.
    let host = Host::new(Reply::ServerError);
    let failing = RefCell::new(JwksCache::new());
    assert!(lookup(&failing, &source, KID, &host).is_err());
    let fetches = host.fetches();
    host.set_mode(Reply::Jwks);
    let other = RefCell::new(JwksCache::new());
    assert!(lookup(&other, &source, KID, &host).is_ok());
    host.advance(1_000.0);
    assert!(lookup(&failing, &source, KID, &host).is_ok());
    assert_eq!(host.fetches(), fetches + 1);
}

#[test]
fn unreadable_store_entries_are_ignored_and_replaced() {
    let source = secret_source();
    let stale_future = json!({ "v": 1, "fetchedAt": T0 + 1e9, "jwks": r#"{"keys":[]}"# });
    for junk in [
        "not json".to_string(),
        "{}".to_string(),
        json!({ "v": 2, "fetchedAt": T0, "jwks": JWKS_CLERK }).to_string(),
        json!({ "v": 1, "fetchedAt": "yesterday", "jwks": JWKS_CLERK }).to_string(),
        json!({ "v": 1, "fetchedAt": T0, "jwks": "{\"keys\":" }).to_string(),
        stale_future.to_string(),
    ] {
        let host = Host::new(Reply::Jwks);
        host.store
            .borrow_mut()
            .insert(source.cache_scope(), junk.clone());
        let cache = RefCell::new(JwksCache::new());
        assert!(lookup(&cache, &source, KID, &host).is_ok(), "{junk}");
        assert_eq!(host.fetches(), 1, "{junk}");
        let stored: Value =
            serde_json::from_str(&host.store.borrow()[&source.cache_scope()]).unwrap();
        assert_eq!(stored["v"], json!(1));
        assert_eq!(stored["fetchedAt"], json!(T0));
    }
}

#[test]
fn a_far_future_fetched_at_in_the_store_is_ignored_and_replaced_by_one_fetch() {
    let source = secret_source();
    let scope = source.cache_scope();
    // Valid keys, but a `fetchedAt` far in the future (corrupt or planted): adopting it would keep
    // them fresh and the cooldown running for ever, so an unknown kid would never refetch.
    for future in [1e15, T0 + MAX_AGE_MS, T0 + 61_000.0] {
        let host = Host::new(Reply::Rotated);
        let planted = json!({ "v": 1, "fetchedAt": future, "jwks": JWKS_CLERK }).to_string();
        host.store.borrow_mut().insert(scope.clone(), planted);
        let cache = RefCell::new(JwksCache::new());
        let set = lookup(&cache, &source, NEW_KID, &host).unwrap();
        assert!(
            set.get(NEW_KID).is_some(),
            "{future}: the fetched (rotated) keys are used"
        );
        assert_eq!(host.fetches(), 1, "{future}: exactly one fetch");
        let stored: Value = serde_json::from_str(&host.store.borrow()[&scope]).unwrap();
        assert_eq!(
            stored["fetchedAt"],
            json!(T0),
            "{future}: the entry was replaced"
        );
        // Memory and the store now hold sane times: the usual policy applies again.
        assert!(lookup(&cache, &source, KID, &host).is_ok());
        let other = RefCell::new(JwksCache::new());
        assert!(lookup(&other, &source, NEW_KID, &host).is_ok());
        assert_eq!(
            host.fetches(),
            1,
            "{future}: later lookups are served without fetching"
        );
        host.advance(COOLDOWN_MS);
        assert!(lookup(&cache, &source, "ins_unknownKid", &host).is_ok());
        assert_eq!(
            host.fetches(),
            2,
            "{future}: the cooldown ends and an unknown kid refetches"
        );
    }
    // Within the allowed clock skew a snapshot from slightly ahead is adopted as fresh.
    let host = Host::new(Reply::Jwks);
    let ahead = json!({ "v": 1, "fetchedAt": T0 + 30_000.0, "jwks": JWKS_CLERK }).to_string();
    host.store.borrow_mut().insert(scope.clone(), ahead);
    let cache = RefCell::new(JwksCache::new());
    assert!(lookup(&cache, &source, KID, &host).is_ok());
    assert_eq!(host.fetches(), 0);
}

#[test]
fn frontend_api_sources_flow_the_same_way() {
    let host = Host::new(Reply::Jwks);
    let source = JwksSource::from_settings(None, Some(PK_EXAMPLE), None, None).unwrap();
    let cache = RefCell::new(JwksCache::new());
    assert!(lookup(&cache, &source, KID, &host).is_ok());
    let (request, _) = host.requests.borrow()[0].clone();
    assert_eq!(
        request.url,
        "https://clerk.example.com/.well-known/jwks.json"
    );
    assert_eq!(header(&request, "authorization"), None);
    assert!(host.store.borrow().contains_key(&source.cache_scope()));
    let second = RefCell::new(JwksCache::new());
    assert!(lookup(&second, &source, KID, &host).is_ok());
    assert_eq!(host.fetches(), 1);
}

// ---------------------------------------------------------------------------------------------
// 8. Secrets, and the keys in use
// ---------------------------------------------------------------------------------------------

#[test]
fn no_error_warning_or_stored_value_contains_the_secret() {
    let source =
        JwksSource::from_settings(Some(SECRET), None, Some("https://proxy.example.com"), None)
            .unwrap();
    let modes = [
        Reply::ServerError,
        Reply::TooManyRequests,
        Reply::NetworkError,
        Reply::Timeout,
        Reply::Garbage,
        Reply::EmptyKeys,
        Reply::KeyInvalid,
        Reply::Unauthorized,
    ];
    let mut seen = Vec::new();
    for mode in modes {
        // Cold failures.
        let host = Host::new(mode);
        let cache = RefCell::new(JwksCache::new());
        let err = lookup(&cache, &source, KID, &host).unwrap_err();
        seen.push(format!("{err} | {err:?} | {}", err.reason()));
        // Stale-serving failures.
        let host = Host::new(Reply::Jwks);
        let cache = warm(&host, &source);
        host.set_mode(mode);
        host.advance(MAX_AGE_MS + 1.0);
        assert!(lookup(&cache, &source, KID, &host).is_ok(), "{mode:?}");
        seen.extend(host.warnings());
        seen.extend(host.store.borrow().iter().map(|(k, v)| format!("{k}={v}")));
    }
    assert!(seen.len() >= modes.len() * 2);
    for text in &seen {
        assert_no_secret(text);
    }
}

#[test]
fn resolved_keys_verify_a_clerk_token_and_forged_kids_are_kid_mismatches() {
    let vectors: Vec<Value> = serde_json::from_str(VECTORS_JSON).unwrap();
    let vector = |name: &str| {
        vectors
            .iter()
            .find(|v| v["name"] == name)
            .unwrap_or_else(|| panic!("vector {name}"))
            .clone()
    };
    let good = vector("jwks-kid-match-rs256");
    let forged = vector("jwks-unknown-kid");
    assert_eq!(good["key"], forged["key"]);
    let jwks = good["key"].as_str().unwrap().to_string();
    let now = good["nowMs"].as_f64().unwrap();

    // The endpoint serves the vectors' JWKS.
    struct VectorHost {
        inner: Host,
        jwks: String,
    }
    impl JwksRuntime for VectorHost {
        async fn fetch(
            &self,
            request: &HttpRequest,
            timeout_ms: u32,
        ) -> Result<HttpResponse, TransportError> {
            let mut res = self.inner.fetch(request, timeout_ms).await?;
            res.body = self.jwks.clone().into_bytes();
            Ok(res)
        }
        async fn store_get(&self, key: &str) -> Option<String> {
            self.inner.store_get(key).await
        }
        async fn store_put(&self, key: &str, value: &str) {
            self.inner.store_put(key, value).await
        }
        async fn sleep(&self, ms: u32) {
            self.inner.sleep(ms).await
        }
        fn now_ms(&self) -> f64 {
            self.inner.now_ms()
        }
        fn random(&self) -> f64 {
            self.inner.random()
        }
        fn warn(&self, message: &str) {
            self.inner.warn(message)
        }
    }
    let host = VectorHost {
        inner: Host::new(Reply::Jwks),
        jwks,
    };
    host.inner.clock.set(now);
    let source = secret_source();
    let cache = RefCell::new(JwksCache::new());
    let header_kid = |token: &str| {
        let header = token.split('.').next().unwrap();
        let header: Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).unwrap()).unwrap();
        header["kid"].as_str().unwrap().to_string()
    };

    let token = good["token"].as_str().unwrap();
    let set = block_on(resolve_keys(&cache, &source, &header_kid(token), &host)).unwrap();
    let claims = verify_token(token, KeySource::Set(&set), &ClaimOptions::default(), now).unwrap();
    assert_eq!(claims.sub(), good["expect"]["sub"].as_str().unwrap());

    let token = forged["token"].as_str().unwrap();
    let set = block_on(resolve_keys(&cache, &source, &header_kid(token), &host)).unwrap();
    let err = verify_token(token, KeySource::Set(&set), &ClaimOptions::default(), now).unwrap_err();
    assert_eq!(err, TokenError::KidMismatch);
    assert_eq!(err.reason(), "jwk-kid-mismatch");
    assert_eq!(host.inner.fetches(), 1);
}

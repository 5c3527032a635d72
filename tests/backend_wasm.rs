//! The Backend API client compiled to wasm, through the host's `fetch` ([`HostHttp`]) and timers
//! ([`HostClock`]) in Node, against the JS loopback Backend API (`js/test/backend/server.mjs`,
//! which checks each request against the facts of Clerk's spec in the committed fixture): the
//! operations named in issue #6 and the fault modes. `wasm-pack test --node -- --features js,backend`.
#![cfg(all(target_arch = "wasm32", feature = "js", feature = "backend"))]
#![allow(deprecated)]

use clerk_edge::backend::generated::{organizations, sessions, users};
use clerk_edge::backend::{
    parse_call, prepare_call, BackendError, CallBody, ClerkClient, ClientConfig, HttpClient,
    RetryEnv, RetryPolicy,
};
use clerk_edge::http::{HttpRequest, TransportError};
use clerk_edge::runtime::{HostClock, HostHttp};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test as test;

const SECRET: &str = "sk_test_loopback";

#[wasm_bindgen(inline_js = r#"
export async function startLoopback(path) {
  const { pathToFileURL } = process.getBuiltinModule('node:url');
  const mod = await import(pathToFileURL(path).href);
  const server = await mod.startBackendServer();
  return server.base;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = startLoopback)]
    fn start_loopback(path: &str) -> js_sys::Promise;
}

type Client = ClerkClient<HostHttp, HostClock>;

/// A loopback server and a client for it.
async fn setup(timeout_ms: u32) -> (String, Client) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/js/test/backend/server.mjs");
    let base = JsFuture::from(start_loopback(path))
        .await
        .expect("the loopback Backend API starts")
        .as_string()
        .expect("its base URL");
    let policy = RetryPolicy {
        base_delay_ms: 20,
        ..RetryPolicy::default()
    };
    let config = ClientConfig::new(SECRET).with_api_url(&base);
    let client = ClerkClient::new(config, HostHttp { timeout_ms }).with_retries(policy, HostClock);
    (base, client)
}

async fn control(base: &str, method: &'static str, what: &str, body: Option<Value>) -> Value {
    let req = HttpRequest {
        method,
        url: format!("{base}/__control/{what}"),
        headers: vec![],
        body: body.map(|b| b.to_string().into_bytes()),
    };
    let resp = HostHttp::default()
        .send(req)
        .await
        .expect("control request");
    serde_json::from_slice(&resp.body).expect("control JSON")
}

async fn seen(base: &str) -> Vec<Value> {
    let v = control(base, "GET", "seen", None).await;
    v.as_array().cloned().unwrap_or_default()
}

async fn fault(base: &str, faults: Value) {
    control(base, "POST", "faults", Some(faults)).await;
}

#[test]
async fn named_operations_through_the_host_fetch() {
    let (base, c) = setup(5_000).await;
    let params = users::GetUserListParams {
        email_address: vec!["a@example.com".into(), "b+x@example.com".into()],
        limit: Some(20),
        ..Default::default()
    };
    let list = c.users().list(&params).await.unwrap();
    assert_eq!(list[0].extra["x_not_in_spec"], "kept");
    let body = users::CreateUserBody {
        first_name: Some("Ada".into()),
        ..Default::default()
    };
    assert!(!c.users().create(&body).await.unwrap().id.is_empty());
    c.users()
        .update("user_1", &Default::default())
        .await
        .unwrap();
    c.users().ban("user_1").await.unwrap();
    c.users().lock("user_1").await.unwrap();
    c.sessions().list(&Default::default()).await.unwrap();
    let token_body = sessions::CreateSessionTokenBody {
        expires_in_seconds: Some(60),
        ..Default::default()
    };
    let token = c
        .sessions()
        .create_token("sess_1", &token_body)
        .await
        .unwrap();
    assert!(token.jwt.is_some());
    c.sessions()
        .create_token_from_template("sess_1", "tmpl", &Default::default())
        .await
        .unwrap();
    c.jwt_templates().create(&Default::default()).await.unwrap();
    let orgs = c.organizations().list(&Default::default()).await.unwrap();
    assert_eq!(orgs.total_count, 7);
    let org = organizations::CreateOrganizationBody {
        name: "Acme".into(),
        ..Default::default()
    };
    c.organizations().create(&org).await.unwrap();
    c.invitations().create(&Default::default()).await.unwrap();
    c.allow_block_list()
        .create_allowlist_identifier(&Default::default())
        .await
        .unwrap();
    c.allow_block_list()
        .list_blocklist_identifiers()
        .await
        .unwrap();
    c.domains().list().await.unwrap();
    c.redirect_urls().create(&Default::default()).await.unwrap();
    c.oauth_applications()
        .create(&Default::default())
        .await
        .unwrap();
    c.saml_connections()
        .list(&Default::default())
        .await
        .unwrap();
    c.sign_in_tokens()
        .create(&Default::default())
        .await
        .unwrap();
    c.actor_tokens().create(&Default::default()).await.unwrap();
    c.webhooks().create_svix_app().await.unwrap();
    c.instance_settings()
        .update(&Default::default())
        .await
        .unwrap();
    let seen = seen(&base).await;
    let ids: Vec<&str> = seen
        .iter()
        .map(|s| s["operationId"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "GetUserList",
            "CreateUser",
            "UpdateUser",
            "BanUser",
            "LockUser",
            "GetSessionList",
            "CreateSessionToken",
            "CreateSessionTokenFromTemplate",
            "CreateJWTTemplate",
            "ListOrganizations",
            "CreateOrganization",
            "CreateInvitation",
            "CreateAllowlistIdentifier",
            "ListBlocklistIdentifiers",
            "ListDomains",
            "CreateRedirectURL",
            "CreateOAuthApplication",
            "ListSAMLConnections",
            "CreateSignInToken",
            "CreateActorToken",
            "CreateSvixApp",
            "UpdateInstance"
        ]
    );
    for s in &seen {
        assert_eq!(s["problems"], json!([]), "{}", s["operationId"]);
    }
    assert_eq!(
        seen[0]["query"],
        json!([
            ["email_address", "a@example.com"],
            ["email_address", "b+x@example.com"],
            ["limit", "20"]
        ])
    );
    let sent: Value = serde_json::from_str(seen[1]["body"].as_str().unwrap()).unwrap();
    assert_eq!(sent, json!({"first_name": "Ada"}));
    assert_eq!(
        seen[0]["headers"]["authorization"],
        format!("Bearer {SECRET}")
    );
}

#[test]
async fn described_calls_return_the_api_json() {
    let (base, c) = setup(5_000).await;
    let body = CallBody::Json(br#"{"name":"Acme","created_by":"user_1"}"#.to_vec());
    let req = prepare_call(
        c.config(),
        "POST",
        "/organizations",
        &[],
        &Default::default(),
        body,
    );
    let resp = c.execute(req.unwrap()).await.unwrap();
    let text = parse_call(&resp).unwrap().unwrap();
    let answer: Value = serde_json::from_str(&text).unwrap();
    let seen = seen(&base).await;
    assert_eq!(seen[0]["operationId"], "CreateOrganization");
    assert_eq!(answer, seen[0]["answer"], "the answer, unchanged");
}

#[test]
async fn faults_429_500_malformed_slow() {
    let (base, c) = setup(300).await;
    fault(&base, json!([{"kind": "too-many", "retryAfter": 1}])).await;
    let started = js_sys::Date::now();
    c.users().ban("user_1").await.unwrap();
    assert!(js_sys::Date::now() - started >= 900.0, "waited Retry-After");
    fault(&base, json!([{"kind": "server-error"}])).await;
    let e = c.users().ban("user_1").await.unwrap_err();
    assert!(
        matches!(&e, BackendError::Api { status: 500, clerk_trace_id: Some(t), .. } if t == "trace_500")
    );
    fault(&base, json!([{"kind": "server-error"}])).await;
    c.users().get("user_1").await.unwrap();
    fault(&base, json!([{"kind": "malformed"}])).await;
    let e = c.users().get("user_1").await.unwrap_err();
    assert!(
        matches!(&e, BackendError::Decode { status: 200, body_excerpt } if !body_excerpt.contains("SECRET"))
    );
    fault(&base, json!([{"kind": "slow", "ms": 1000}])).await;
    let e = c.users().lock("user_1").await.unwrap_err();
    assert_eq!(e, BackendError::Transport(TransportError::Timeout));
    HostClock.sleep(900).await; // the slow answer is logged once it is sent
    let ids: Vec<String> = seen(&base)
        .await
        .iter()
        .map(|s| s["operationId"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(ids, ["", "BanUser", "", "", "GetUser", "", "LockUser"]);
}

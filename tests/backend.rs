//! The Backend API client against a loopback server that checks requests against the facts of
//! Clerk's spec (the committed fixture, `tests/fixtures/bapi/`) and answers schema-shaped JSON.
#![cfg(all(feature = "backend", not(target_arch = "wasm32")))] // native only: loopback sockets
#![allow(deprecated)]

#[path = "support/bapi_spec.rs"]
mod bapi_spec;
#[path = "support/loopback.rs"]
mod loopback;

use std::sync::Arc;
use std::time::Duration;

use clerk_edge::backend::generated::{self, models, organizations, sessions, users, OPERATIONS};
use clerk_edge::backend::{
    collect_all, BackendError, ClerkClient, ClientConfig, FilePart, RetryPolicy,
};
use clerk_edge::error::Reason;
use clerk_edge::http::TransportError;

use bapi_spec::{without_nulls, UNKNOWN_FIELD};
use loopback::{block_on, Fault, Server, StdHttp, VirtualTime, SECRET};

fn setup() -> (Server, ClerkClient<StdHttp>) {
    let spec = Arc::new(bapi_spec::load());
    let server = Server::start(spec);
    let config = ClientConfig::new(SECRET).with_api_url(&server.base);
    let http = StdHttp {
        timeout: Duration::from_millis(300),
    };
    (server, ClerkClient::new(config, http))
}

#[test]
fn all_operations_round_trip_through_the_loopback_api() {
    let (server, client) = setup();
    let mut failures = Vec::new();
    for (id, _, _) in OPERATIONS {
        let req = generated::prepare_default(id, client.config()).unwrap();
        let resp = block_on(client.execute(req)).expect("transport");
        let seen = server.take().pop().expect("server saw the request");
        if !seen.problems.is_empty() || seen.operation_id != *id {
            failures.push(format!(
                "{id}: routed to {:?}, {:?}",
                seen.operation_id, seen.problems
            ));
            continue;
        }
        match generated::parse_value(id, &resp).unwrap() {
            Ok(parsed) => {
                let sent = seen.answer.clone().unwrap_or(serde_json::Value::Null);
                if without_nulls(&parsed) != without_nulls(&sent) {
                    failures.push(format!("{id}: typed round trip changed the answer"));
                }
            }
            Err(e) => failures.push(format!("{id}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures: {failures:#?}",
        failures.len()
    );
}

#[test]
fn users_list_create_update_ban_lock() {
    let (server, client) = setup();
    let params = users::GetUserListParams {
        email_address: vec!["a@example.com".into(), "b+x@example.com".into()],
        limit: Some(20),
        offset: Some(40),
        ..Default::default()
    };
    let list = block_on(client.users().list(&params)).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].extra.get(UNKNOWN_FIELD).unwrap(), "kept");
    let seen = server.take().pop().unwrap();
    assert_eq!(
        (seen.method.as_str(), seen.path.as_str()),
        ("GET", "/users")
    );
    assert_eq!(
        seen.header("authorization"),
        Some("Bearer sk_test_loopback")
    );
    let emails: Vec<&str> = seen
        .query
        .iter()
        .filter(|(k, _)| k == "email_address")
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(
        emails,
        ["a@example.com", "b+x@example.com"],
        "arrays repeat the key"
    );

    let body = users::CreateUserBody {
        email_address: Some(vec!["new@example.com".into()]),
        first_name: Some("Ada".into()),
        public_metadata: Some(
            serde_json::json!({"plan": "pro"})
                .as_object()
                .unwrap()
                .clone(),
        ),
        ..Default::default()
    };
    let user = block_on(client.users().create(&body)).unwrap();
    assert!(!user.id.is_empty());
    let seen = server.take().pop().unwrap();
    let sent: serde_json::Value = serde_json::from_slice(&seen.body).unwrap();
    assert_eq!(sent["first_name"], "Ada");
    assert!(sent.get("last_name").is_none(), "None fields are left out");

    let update = users::UpdateUserBody {
        last_name: Some("Lovelace".into()),
        ..Default::default()
    };
    block_on(client.users().update("user_1/..", &update)).unwrap();
    let seen = server.take().pop().unwrap();
    assert_eq!(seen.operation_id, "UpdateUser");
    assert!(seen.problems.is_empty());
    block_on(client.users().ban("user_1")).unwrap();
    block_on(client.users().lock("user_1")).unwrap();
    let ids: Vec<String> = server.take().into_iter().map(|s| s.operation_id).collect();
    assert_eq!(ids, ["BanUser", "LockUser"]);
}

#[test]
fn path_parameters_are_percent_encoded() {
    let config = ClientConfig::new(SECRET);
    let req = users::prepare_update_user(&config, "user_1/../x y", &Default::default());
    assert_eq!(
        req.url,
        "https://api.clerk.com/v1/users/user_1%2F..%2Fx%20y"
    );
}

#[test]
fn sessions_templates_orgs_invitations_and_more() {
    let (server, client) = setup();
    block_on(client.sessions().list(&Default::default())).unwrap();
    let token = block_on(client.sessions().create_token(
        "sess_1",
        &sessions::CreateSessionTokenBody {
            expires_in_seconds: Some(60),
            ..Default::default()
        },
    ))
    .unwrap();
    assert!(token.jwt.is_some());
    block_on(
        client
            .sessions()
            .create_token_from_template("sess_1", "tmpl", &Default::default()),
    )
    .unwrap();
    block_on(client.jwt_templates().list(&Default::default())).unwrap();
    block_on(client.jwt_templates().create(&Default::default())).unwrap();
    let orgs = block_on(client.organizations().list(&Default::default())).unwrap();
    assert_eq!(orgs.total_count, 7);
    block_on(
        client
            .organizations()
            .create(&organizations::CreateOrganizationBody {
                name: "Acme".into(),
                ..Default::default()
            }),
    )
    .unwrap();
    block_on(client.invitations().create(&Default::default())).unwrap();
    block_on(
        client
            .organization_invitations()
            .create("org_1", &Default::default()),
    )
    .unwrap();
    block_on(
        client
            .allow_block_list()
            .create_allowlist_identifier(&Default::default()),
    )
    .unwrap();
    block_on(client.allow_block_list().list_blocklist_identifiers()).unwrap();
    block_on(client.domains().list()).unwrap();
    block_on(client.redirect_urls().create(&Default::default())).unwrap();
    block_on(client.oauth_applications().create(&Default::default())).unwrap();
    block_on(client.saml_connections().list(&Default::default())).unwrap();
    block_on(client.sign_in_tokens().create(&Default::default())).unwrap();
    block_on(client.actor_tokens().create(&Default::default())).unwrap();
    block_on(client.webhooks().create_svix_app()).unwrap();
    block_on(client.instance_settings().update(&Default::default())).unwrap();
    let seen = server.take();
    assert_eq!(seen.len(), 19);
    for s in &seen {
        assert!(
            s.problems.is_empty(),
            "{}: {:?}",
            s.operation_id,
            s.problems
        );
    }
}

#[test]
fn uploads_are_multipart() {
    let (server, client) = setup();
    let body = organizations::UploadOrganizationLogoBody {
        file: FilePart {
            filename: "logo.png".into(),
            content_type: "image/png".into(),
            data: vec![0x89, b'P', b'N', b'G'],
        },
        uploader_user_id: Some("user_1".into()),
    };
    block_on(client.organizations().upload_logo("org_1", &body)).unwrap();
    let profile = users::SetUserProfileImageBody {
        file: Some(body.file.clone()),
    };
    block_on(client.users().set_profile_image("user_1", &profile)).unwrap();
    for s in server.take() {
        assert!(s.problems.is_empty(), "{:?}", s.problems);
        assert!(s
            .header("content-type")
            .unwrap()
            .starts_with("multipart/form-data; boundary="));
        let text = String::from_utf8_lossy(&s.body);
        assert!(text.contains("filename=\"logo.png\"\r\nContent-Type: image/png"));
    }
}

#[test]
fn pagination_walks_all_pages() {
    let (server, client) = setup();
    // The loopback answers one organization per page with total_count 7.
    let all = block_on(collect_all(1, None, |offset, limit| {
        let params = organizations::ListOrganizationsParams {
            offset: Some(offset),
            limit: Some(limit),
            ..Default::default()
        };
        let api = client.organizations();
        async move { api.list(&params).await }
    }))
    .unwrap();
    let all: Vec<models::Organization> = all;
    assert_eq!(all.len(), 7);
    let offsets: Vec<String> = server
        .take()
        .iter()
        .map(|s| s.query.iter().find(|q| q.0 == "offset").unwrap().1.clone())
        .collect();
    assert_eq!(offsets, ["0", "1", "2", "3", "4", "5", "6"]);
}

#[test]
fn api_errors_carry_status_errors_trace_and_retry_after() {
    let (server, client) = setup();
    server.fault(&[
        Fault::Error(422, Some("trace_body"), Some("ray_header")),
        Fault::Error(404, None, Some("ray_header")),
        Fault::TooMany(Some(3)),
    ]);
    let e = block_on(client.users().get("user_1")).unwrap_err();
    let BackendError::Api {
        status,
        errors,
        clerk_trace_id,
        ..
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!(
        (*status, errors[0].code.as_str()),
        (422, "form_param_invalid")
    );
    assert_eq!(errors[0].long_message.as_deref(), Some("That is invalid"));
    assert_eq!(errors[0].meta.as_ref().unwrap()["param_name"], "x");
    assert_eq!(clerk_trace_id.as_deref(), Some("trace_body"));
    assert_eq!(e.reason(), "backend-api-error");
    let e = block_on(client.users().get("user_1")).unwrap_err();
    assert!(matches!(&e, BackendError::Api { clerk_trace_id: Some(t), .. } if t == "ray_header"));
    let e = block_on(client.users().get("user_1")).unwrap_err();
    assert!(matches!(
        e,
        BackendError::Api {
            status: 429,
            retry_after: Some(3),
            ..
        }
    ));
    assert_eq!(e.reason(), "backend-api-rate-limited");
}

#[test]
fn malformed_json_is_a_decode_error_without_secrets() {
    let (server, client) = setup();
    server.fault(&[Fault::Malformed]);
    let e = block_on(client.users().get("user_1")).unwrap_err();
    let BackendError::Decode {
        status,
        body_excerpt,
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!(*status, 200);
    assert!(body_excerpt.starts_with("{\"id\": \"user_1\""));
    assert!(!body_excerpt.contains("SECRET") && !format!("{e}").contains("sk_live"));
    assert!(!format!("{:?}", client.config()).contains(SECRET));
}

#[test]
fn retries_honor_retry_after_and_only_retry_idempotent_failures() {
    let (server, client) = setup();
    let time = VirtualTime::default();
    let client = client.with_retries(RetryPolicy::default(), &time);
    // 429 then success: waits Retry-After exactly, for any method.
    server.fault(&[Fault::TooMany(Some(2))]);
    block_on(client.users().ban("user_1")).unwrap();
    assert_eq!(*time.sleeps.borrow(), [2000]);
    // 500 on GET: retried with backoff; 500 on POST: returned at once.
    server.fault(&[Fault::ServerError, Fault::ServerError]);
    block_on(client.users().get("user_1")).unwrap();
    assert_eq!(time.sleeps.borrow().len(), 3);
    server.fault(&[Fault::ServerError]);
    let e = block_on(client.users().ban("user_1")).unwrap_err();
    assert!(
        matches!(&e, BackendError::Api { status: 500, clerk_trace_id: Some(t), .. } if t == "trace_500")
    );
    // Retry-After beyond the policy's limit is not waited for.
    server.fault(&[Fault::TooMany(Some(120))]);
    assert!(block_on(client.users().ban("user_1")).is_err());
    // Bounded attempts: four 500s on GET give up with the last one.
    server.fault(&[const { Fault::ServerError }; 4]);
    let e = block_on(client.users().get("user_1")).unwrap_err();
    assert_eq!(e.status(), Some(500));
    assert_eq!(server.take().len(), 1 + 1 + 3 + 1 + 1 + 4);
}

#[test]
fn slow_answers_time_out_and_idempotent_calls_retry() {
    let (server, client) = setup();
    server.fault(&[Fault::Slow(900)]);
    let e = block_on(client.users().lock("user_1")).unwrap_err();
    assert_eq!(e, BackendError::Transport(TransportError::Timeout));
    assert_eq!(e.reason(), "backend-api-unreachable");
    let time = VirtualTime::default();
    let client = client.with_retries(RetryPolicy::default(), &time);
    server.fault(&[Fault::Slow(900)]);
    block_on(client.users().get("user_1")).unwrap();
    assert_eq!(time.sleeps.borrow().len(), 1);
}

use super::*;

const SIGN_IN: &str = "https://accounts.example.com/sign-in";
const URL: &str = "https://app.example.com/dash?tab=1&x=a b";

fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

fn policy(requirement: SessionRequirement) -> AnswerPolicy<'static> {
    AnswerPolicy {
        sign_in_url: SIGN_IN,
        treat_pending_as_signed_out: true,
        requirement,
    }
}

fn view(
    status: AuthStatus,
    reason: Option<&'static str>,
    headers: &'static [(String, String)],
) -> StateView<'static> {
    StateView {
        status,
        reason,
        message: "detail\nwith a break",
        headers,
        pending: false,
    }
}

fn leak(headers: Vec<(String, String)>) -> &'static [(String, String)] {
    Box::leak(headers.into_boxed_slice())
}

fn decide_for(
    state: StateView<'_>,
    method: &str,
    headers: &[(&str, &str)],
    requirement: SessionRequirement,
) -> Decision {
    let headers = h(headers);
    let request = RequestView {
        method,
        url: URL,
        headers: &headers,
    };
    decide(state, &request, &policy(requirement))
}

fn answer(decision: Decision) -> Answer {
    match decision {
        Decision::Respond(answer) => answer,
        other => panic!("expected an answer, got {other:?}"),
    }
}

fn header<'a>(answer: &'a Answer, name: &str) -> Vec<&'a str> {
    answer
        .headers
        .iter()
        .filter(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

#[test]
fn handshakes_are_307_with_every_state_header() {
    let headers = leak(h(&[
        (
            "location",
            "https://clerk.example.com/v1/client/handshake?x=1",
        ),
        ("cache-control", "no-store"),
        ("set-cookie", "__clerk_redirect_count=1; Max-Age=2"),
        ("x-clerk-auth-status", "handshake"),
        ("x-clerk-auth-reason", "dev-browser-missing"),
    ]));
    for requirement in [SessionRequirement::Required, SessionRequirement::Optional] {
        let state = view(AuthStatus::Handshake, Some("dev-browser-missing"), headers);
        let a = answer(decide_for(state, "GET", &[], requirement));
        assert_eq!(a.status, 307);
        assert_eq!(a.body, None);
        assert_eq!(
            a.headers[0],
            ("x-content-type-options".into(), "nosniff".into())
        );
        assert_eq!(&a.headers[1..], headers);
        assert!(a.log.is_none());
    }
}

#[test]
fn a_development_resolution_goes_back_to_the_clean_url_with_its_cookies() {
    let headers = leak(h(&[
        ("set-cookie", "__session=t; Path=/"),
        ("set-cookie", "__client_uat=1; Path=/"),
        ("location", "https://app.example.com/dash"),
        ("cache-control", "no-store"),
    ]));
    let a = answer(decide_for(
        view(AuthStatus::SignedIn, None, headers),
        "GET",
        &[],
        SessionRequirement::Optional,
    ));
    assert_eq!(a.status, 307);
    assert_eq!(header(&a, "set-cookie").len(), 2);
    assert_eq!(header(&a, "location"), ["https://app.example.com/dash"]);
}

#[test]
fn signed_in_goes_on_with_the_resolution_cookies() {
    let headers = leak(h(&[
        ("set-cookie", "__session=t"),
        ("access-control-allow-credentials", "true"),
    ]));
    for requirement in [SessionRequirement::Required, SessionRequirement::Optional] {
        let decision = decide_for(
            view(AuthStatus::SignedIn, None, headers),
            "POST",
            &[],
            requirement,
        );
        assert_eq!(
            decision,
            Decision::Continue {
                response_headers: headers.to_vec()
            }
        );
    }
}

#[test]
fn signed_out_api_requests_get_401_json_without_echo() {
    let headers = leak(h(&[
        ("x-clerk-auth-status", "signed-out"),
        ("x-clerk-auth-reason", "token-invalid-signature"),
        ("x-clerk-auth-message", "kid ins_evil<script>"),
        ("set-cookie", "__session=; Max-Age=0"),
    ]));
    let state = view(
        AuthStatus::SignedOut,
        Some("token-invalid-signature"),
        headers,
    );
    for dest in [
        &[("sec-fetch-dest", "empty")][..],
        &[("accept", "application/json, text/html")][..],
        &[][..],
    ] {
        let a = answer(decide_for(state, "GET", dest, SessionRequirement::Required));
        assert_eq!(a.status, 401, "{dest:?}");
        let body: serde_json::Value = serde_json::from_str(a.body.as_deref().unwrap()).unwrap();
        assert_eq!(body["status"], "signed-out");
        assert_eq!(body["reason"], "token-invalid-signature");
        assert_eq!(body["message"], public_message("token-invalid-signature"));
        assert_eq!(header(&a, "x-clerk-auth-status"), ["signed-out"]);
        assert_eq!(
            header(&a, "x-clerk-auth-reason"),
            ["token-invalid-signature"]
        );
        assert!(
            header(&a, "x-clerk-auth-message").is_empty(),
            "the core's message is not relayed"
        );
        assert_eq!(header(&a, "set-cookie"), ["__session=; Max-Age=0"]);
        assert_eq!(header(&a, "content-type"), ["application/json"]);
        assert_eq!(header(&a, "cache-control"), ["no-store"]);
        let log = a.log.unwrap();
        assert_eq!(log.level, LogLevel::Info);
        assert_eq!(
            log.text,
            "signed out (token-invalid-signature): detail\\nwith a break"
        );
    }
}

#[test]
fn signed_out_navigations_go_to_sign_in_with_303_for_forms() {
    let state = view(
        AuthStatus::SignedOut,
        Some("session-token-and-uat-missing"),
        leak(vec![]),
    );
    let expected = "https://accounts.example.com/sign-in?redirect_url=https%3A%2F%2Fapp.example.com%2Fdash%3Ftab%3D1%26x%3Da+b";
    for (method, headers, status) in [
        ("GET", &[("sec-fetch-dest", "document")][..], 307),
        ("HEAD", &[("sec-fetch-dest", "iframe")][..], 307),
        (
            "GET",
            &[("accept", "text/html,application/xhtml+xml")][..],
            307,
        ),
        ("POST", &[("sec-fetch-dest", "document")][..], 303),
        ("PUT", &[("Sec-Fetch-Dest", "document")][..], 303),
    ] {
        let a = answer(decide_for(
            state,
            method,
            headers,
            SessionRequirement::Required,
        ));
        assert_eq!(a.status, status, "{method} {headers:?}");
        assert_eq!(header(&a, "location"), [expected]);
        assert_eq!(a.body, None);
        assert!(a.log.is_none(), "an absent session is not logged");
    }
}

#[test]
fn signed_out_passes_when_the_session_is_optional() {
    let headers = leak(h(&[
        ("x-clerk-auth-status", "signed-out"),
        ("set-cookie", "a=b"),
    ]));
    let state = view(AuthStatus::SignedOut, Some("token-expired"), headers);
    let decision = decide_for(
        state,
        "GET",
        &[("sec-fetch-dest", "document")],
        SessionRequirement::Optional,
    );
    assert_eq!(
        decision,
        Decision::Continue {
            response_headers: h(&[("set-cookie", "a=b")])
        }
    );
}

#[test]
fn key_outages_are_503_in_both_modes() {
    for reason in ["jwk-remote-failed-to-load", "jwk-remote-invalid"] {
        for requirement in [SessionRequirement::Required, SessionRequirement::Optional] {
            let state = view(AuthStatus::SignedOut, Some(reason), leak(vec![]));
            let a = answer(decide_for(
                state,
                "GET",
                &[("sec-fetch-dest", "document")],
                requirement,
            ));
            assert_eq!(a.status, 503);
            assert_eq!(header(&a, "retry-after"), ["30"]);
            let body: serde_json::Value = serde_json::from_str(a.body.as_deref().unwrap()).unwrap();
            assert_eq!(body["error"], "service-unavailable");
            assert_eq!(body["reason"], reason);
            assert_eq!(a.log.unwrap().level, LogLevel::Warn);
        }
    }
}

#[test]
fn pending_sessions_are_signed_out_only_where_required_and_treated_so() {
    let mut state = view(AuthStatus::SignedIn, None, leak(vec![]));
    state.pending = true;
    let a = answer(decide_for(state, "GET", &[], SessionRequirement::Required));
    assert_eq!(a.status, 401);
    assert_eq!(header(&a, "x-clerk-auth-reason"), [SESSION_PENDING]);
    assert!(a.log.is_none());
    assert!(matches!(
        decide_for(state, "GET", &[], SessionRequirement::Optional),
        Decision::Continue { .. }
    ));
    let headers = h(&[]);
    let request = RequestView {
        method: "GET",
        url: URL,
        headers: &headers,
    };
    let lenient = AnswerPolicy {
        treat_pending_as_signed_out: false,
        ..policy(SessionRequirement::Required)
    };
    assert!(matches!(
        decide(state, &request, &lenient),
        Decision::Continue { .. }
    ));
}

#[test]
fn a_state_without_reason_is_an_unexpected_error() {
    let a = answer(decide_for(
        view(AuthStatus::SignedOut, None, leak(vec![])),
        "GET",
        &[],
        SessionRequirement::Required,
    ));
    assert_eq!(header(&a, "x-clerk-auth-reason"), ["unexpected-error"]);
}

use super::*;

#[test]
fn unauthenticated_states_carry_debug_headers() {
    let state = RequestState::handshake(
        "dev-browser-missing",
        "",
        vec![
            ("location".into(), "https://x/".into()),
            ("x-clerk-auth-status".into(), "spoof".into()),
        ],
    );
    assert_eq!(state.header("location"), Some("https://x/"));
    assert_eq!(state.header("x-clerk-auth-status"), Some("handshake"));
    assert_eq!(
        state.header("x-clerk-auth-reason"),
        Some("dev-browser-missing")
    );
    assert_eq!(state.header("x-clerk-auth-message"), None);
    assert!(!state.is_authenticated() && state.to_auth(true).is_none());
    let state = RequestState::signed_out("token-expired", "bad\nvalue", vec![]);
    assert_eq!(state.header("x-clerk-auth-message"), None);
    assert_eq!(state.message(), "bad\nvalue");
    let json = serde_json::to_value(state.to_auth(true).unwrap()).unwrap();
    assert_eq!(json["userId"], serde_json::Value::Null);
    assert_eq!(json["sessionStatus"], serde_json::Value::Null);
}

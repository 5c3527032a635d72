//! Vectors for [`verify_webhook`]: the Standard Webhooks known answer, signatures made here with
//! HMAC-SHA256, the edges of the tolerance and hostile input.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::*;
use crate::error::Reason;

pub(super) const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const OTHER_SECRET: &str = "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
const NOW: i64 = 1_716_883_200;
const BODY: &[u8] = br#"{"data":{"id":"user_1","object":"user"},"object":"event","type":"user.created","timestamp":1716883200,"instance_id":"ins_1"}"#;

fn sign(secret: &str, id: &str, ts: &str, body: &[u8]) -> String {
    let key = STANDARD.decode(&secret["whsec_".len()..]).unwrap();
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key).unwrap();
    mac.update(format!("{id}.{ts}.").as_bytes());
    mac.update(body);
    STANDARD.encode(mac.finalize().into_bytes())
}

fn headers(id: &str, ts: &str, sig: &str) -> Vec<(String, String)> {
    vec![
        ("svix-id".into(), id.into()),
        ("svix-timestamp".into(), ts.into()),
        ("svix-signature".into(), sig.into()),
    ]
}

pub(super) fn signed(ts: i64, body: &[u8]) -> Vec<(String, String)> {
    let ts = ts.to_string();
    headers(
        "msg_1",
        &ts,
        &format!("v1,{}", sign(SECRET, "msg_1", &ts, body)),
    )
}

pub(super) fn at(secs: i64) -> u64 {
    u64::try_from(secs).unwrap() * 1000
}

fn reason_of(h: &[(String, String)], body: &[u8], secret: &str, now_ms: u64) -> &'static str {
    verify_webhook(h, body, secret, now_ms)
        .unwrap_err()
        .reason()
}

#[test]
fn standard_webhooks_known_answer() {
    // The example of the Standard Webhooks spec (also what the standardwebhooks npm package computes).
    let body = br#"{"test": 2432232314}"#;
    let sig = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    assert_eq!(
        sign(SECRET, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", body),
        &sig[3..]
    );
    let h = headers("msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", sig);
    let err = verify_webhook(&h, body, SECRET, at(1_614_265_330)).unwrap_err();
    assert_eq!(
        err.reason(),
        "webhook-body-invalid",
        "signature passes; the body is no event"
    );
}

#[test]
fn valid_event_gives_body_and_parsed_event() {
    let h = signed(NOW, BODY);
    let event = verify_webhook(&h, BODY, SECRET, at(NOW) + 999).unwrap();
    assert_eq!(event.raw_body(), BODY);
    assert_eq!(event.event_type(), "user.created");
    assert_eq!(event.object(), Some("event"));
    assert_eq!(event.data()["id"], "user_1");
    assert_eq!(event.webhook_id(), "msg_1");
    assert_eq!(event.webhook_timestamp(), NOW);
    assert_eq!(event.json()["instance_id"], "ins_1");
}

#[test]
fn any_matching_v1_entry_is_enough_and_other_versions_are_ignored() {
    let ts = NOW.to_string();
    let good = sign(SECRET, "msg_1", &ts, BODY);
    let bad = sign(OTHER_SECRET, "msg_1", &ts, BODY);
    for sig in [
        format!("v1,{bad} v1,{good}"),
        format!("v1,{good} v1,{bad}"),
        format!("v2,{bad} v1a,{good} v1,{good}"),
        format!("v1,garbage v1,{good}"),
        format!("v1,{bad}  v1,{good}"),
    ] {
        assert!(
            verify_webhook(&headers("msg_1", &ts, &sig), BODY, SECRET, at(NOW)).is_ok(),
            "{sig}"
        );
    }
    for sig in [
        format!("v2,{good}"),
        format!("v1a,{good}"),
        good.clone(),
        format!("V1,{good}"),
    ] {
        let h = headers("msg_1", &ts, &sig);
        assert_eq!(
            reason_of(&h, BODY, SECRET, at(NOW)),
            "webhook-invalid-signature",
            "{sig}"
        );
    }
}

#[test]
fn wrong_secret_tampered_body_id_or_timestamp_fail() {
    let h = signed(NOW, BODY);
    assert_eq!(
        reason_of(&h, BODY, OTHER_SECRET, at(NOW)),
        "webhook-invalid-signature"
    );
    let mut tampered = BODY.to_vec();
    tampered[10] ^= 1;
    assert_eq!(
        reason_of(&h, &tampered, SECRET, at(NOW)),
        "webhook-invalid-signature"
    );
    let mut other_id = h.clone();
    other_id[0].1 = "msg_2".into();
    assert_eq!(
        reason_of(&other_id, BODY, SECRET, at(NOW)),
        "webhook-invalid-signature"
    );
    let mut other_ts = h.clone();
    other_ts[1].1 = (NOW + 1).to_string();
    assert_eq!(
        reason_of(&other_ts, BODY, SECRET, at(NOW)),
        "webhook-invalid-signature"
    );
    let mut truncated = h;
    truncated[2].1.truncate(20);
    assert_eq!(
        reason_of(&truncated, BODY, SECRET, at(NOW)),
        "webhook-invalid-signature"
    );
}

#[test]
fn tolerance_is_five_minutes_either_way() {
    let h = signed(NOW, BODY);
    for now in [at(NOW - 300), at(NOW + 300) + 999] {
        assert!(verify_webhook(&h, BODY, SECRET, now).is_ok(), "now {now}");
    }
    assert_eq!(
        reason_of(&h, BODY, SECRET, at(NOW + 301)),
        "webhook-timestamp-too-old"
    );
    assert_eq!(
        reason_of(&h, BODY, SECRET, at(NOW - 301) + 999),
        "webhook-timestamp-too-new"
    );
    assert_eq!(reason_of(&h, BODY, SECRET, 0), "webhook-timestamp-too-new");
    assert_eq!(
        reason_of(&h, BODY, SECRET, u64::MAX),
        "webhook-timestamp-too-old"
    );
}

#[test]
fn timestamps_must_be_canonical_decimal_seconds() {
    for ts in [
        "",
        "-1",
        "+1716883200",
        "01716883200",
        "1716883200.0",
        "1716883200abc",
        "1e9",
        "9999999999999999",
        " 1 2",
    ] {
        let h = headers(
            "msg_1",
            ts,
            &format!("v1,{}", sign(SECRET, "msg_1", ts, BODY)),
        );
        let reason = reason_of(&h, BODY, SECRET, at(NOW));
        assert!(
            matches!(
                reason,
                "webhook-invalid-timestamp" | "webhook-missing-headers" | "webhook-headers-invalid"
            ),
            "{ts:?}: {reason}"
        );
    }
    let h = signed(NOW, BODY);
    let mut padded = h.clone();
    padded[1].1 = format!("0{NOW}");
    assert_eq!(
        reason_of(&padded, BODY, SECRET, at(NOW)),
        "webhook-invalid-timestamp"
    );
}

#[test]
fn missing_and_hostile_headers() {
    let h = signed(NOW, BODY);
    for drop in 0..3 {
        let mut partial = h.clone();
        partial.remove(drop);
        assert_eq!(
            reason_of(&partial, BODY, SECRET, at(NOW)),
            "webhook-missing-headers"
        );
    }
    let mut huge = h.clone();
    huge[2].1 = format!("{} {}", h[2].1, "v1,AAAA".repeat(100_000));
    assert_eq!(
        reason_of(&huge, BODY, SECRET, at(NOW)),
        "webhook-headers-invalid"
    );
    let mut huge_id = h.clone();
    huge_id[0].1 = "m".repeat(1 << 20);
    assert_eq!(
        reason_of(&huge_id, BODY, SECRET, at(NOW)),
        "webhook-headers-invalid"
    );
    let mut many = h.clone();
    many.extend((0..10_000).map(|i| (format!("x-{i}"), "y".to_string())));
    assert!(
        verify_webhook(&many, BODY, SECRET, at(NOW)).is_ok(),
        "unrelated headers are ignored"
    );
}

#[test]
fn standard_webhooks_header_names_are_accepted() {
    let ts = NOW.to_string();
    let sig = format!("v1,{}", sign(SECRET, "msg_1", &ts, BODY));
    let h = [
        ("webhook-id", "msg_1"),
        ("webhook-timestamp", ts.as_str()),
        ("webhook-signature", sig.as_str()),
    ];
    assert_eq!(
        verify_webhook(&h, BODY, SECRET, at(NOW))
            .unwrap()
            .webhook_id(),
        "msg_1"
    );
}

#[test]
fn malformed_secrets_fail_first_and_are_never_echoed() {
    let h = signed(NOW, BODY);
    let bare = &SECRET["whsec_".len()..];
    for secret in [
        "",
        bare,
        "whsec_",
        "whsec_!!!!",
        "whsec_AAAA",
        "sk_test_abc",
    ] {
        let err = verify_webhook(&h, BODY, secret, at(NOW)).unwrap_err();
        assert_eq!(err.reason(), "webhook-secret-invalid", "{secret:?}");
        assert!(!err.to_string().contains(bare));
    }
    // A bad secret is reported even when the request is junk, so a misconfiguration shows at once.
    let junk: [(&str, &str); 0] = [];
    assert_eq!(
        verify_webhook(&junk, b"", "nope", 0).unwrap_err().reason(),
        "webhook-secret-invalid"
    );
}

#[test]
fn body_size_is_capped_before_hashing_and_must_be_an_event() {
    let big = vec![b' '; MAX_BODY_BYTES + 1];
    assert_eq!(
        reason_of(&signed(NOW, &big), &big, SECRET, at(NOW)),
        "webhook-body-too-large"
    );
    for body in [
        &b""[..],
        b"[]",
        b"not json",
        br#"{"type":"user.created"}"#,
        br#"{"type":"","data":{}}"#,
        br#"{"type":1,"data":{}}"#,
        br#"{"type":"a","data":[]}"#,
        br#"{"type":"a","data":{},"object":5}"#,
        br#"{"type":"a","type":"b","data":{}}"#,
        b"{\"type\":\"a\",\"data\":{}} trailing",
        b"{\"type\":\"\xff\",\"data\":{}}",
    ] {
        let err = verify_webhook(&signed(NOW, body), body, SECRET, at(NOW)).unwrap_err();
        assert_eq!(
            err.reason(),
            "webhook-body-invalid",
            "{}",
            String::from_utf8_lossy(body)
        );
    }
}

#[test]
fn the_order_of_checks_is_secret_headers_size_time_signature_body() {
    let stale_and_forged = headers("msg_1", &(NOW - 1000).to_string(), "v1,AAAA");
    assert_eq!(
        reason_of(&stale_and_forged, b"x", SECRET, at(NOW)),
        "webhook-timestamp-too-old"
    );
    let forged = headers("msg_1", &NOW.to_string(), "v1,AAAA");
    assert_eq!(
        reason_of(&forged, b"x", SECRET, at(NOW)),
        "webhook-invalid-signature"
    );
}

//! Backend API answers: error bodies, `Retry-After`, body excerpts (secrets redacted) and call results.
//!
//! Input: line 1 = status, line 2 = `retry-after`, line 3 = `cf-ray`, rest = body bytes.
#![no_main]

use clerk_edge::backend::dynamic::parse_call;
use clerk_edge::backend::error::{excerpt, parse_json, BackendError, BODY_EXCERPT_CHARS};
use clerk_edge::http::HttpResponse;
use clerk_edge::Reason;
use libfuzzer_sys::fuzz_target;
use serde::de::IgnoredAny;

fn split_line(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[]),
    }
}

fuzz_target!(|data: &[u8]| {
    let (status, data) = split_line(data);
    let (retry, data) = split_line(data);
    let (ray, body) = split_line(data);
    let status = String::from_utf8_lossy(status)
        .trim()
        .parse::<u16>()
        .unwrap_or(500);
    let retry = String::from_utf8_lossy(retry).into_owned();
    let mut headers = vec![("retry-after".to_string(), retry.clone())];
    if !ray.is_empty() {
        headers.push((
            "cf-ray".to_string(),
            String::from_utf8_lossy(ray).into_owned(),
        ));
    }
    let resp = HttpResponse {
        status,
        headers,
        body: body.to_vec(),
    };

    // Excerpts are capped and never carry anything shaped like a secret key or a JWT.
    let text = excerpt(body);
    assert!(text.chars().count() <= BODY_EXCERPT_CHARS);
    assert!(!text.contains("sk_") && !text.contains("eyJ"), "{text:?}");

    let err = BackendError::from_response(&resp);
    let BackendError::Api {
        status: got,
        retry_after,
        ref clerk_trace_id,
        ..
    } = err
    else {
        panic!("from_response is always Api");
    };
    assert_eq!(got, status);
    assert_eq!(retry_after, retry.trim().parse::<u64>().ok());
    if let Some(id) = clerk_trace_id {
        assert!(!id.is_empty() || !ray.is_empty());
    }
    assert!(!err.reason().is_empty());
    let _ = err.to_string();

    let ok = (200..300).contains(&status);
    match parse_call(&resp) {
        Ok(Some(json)) => {
            assert!(ok);
            // JSON by the grammar (as the host's JSON.parse reads it: `1e999` is Infinity there,
            // so no range check as serde_json::Value would make).
            serde_json::from_str::<IgnoredAny>(&json).expect("returned text is JSON");
        }
        Ok(None) => assert!(ok && body.iter().all(u8::is_ascii_whitespace)),
        Err(BackendError::Api { .. }) => assert!(!ok),
        Err(BackendError::Decode { body_excerpt, .. }) => {
            assert!(ok);
            assert_eq!(body_excerpt, text);
        }
        Err(other) => panic!("unexpected {other:?}"),
    }
    let typed = parse_json::<serde_json::Value>(&resp);
    assert_eq!(
        typed.is_ok(),
        ok && serde_json::from_slice::<serde_json::Value>(body).is_ok()
    );
});

//! Webhook verification with hostile headers and bodies, and with a correct signature over a
//! hostile body (which must then never fail on the signature).
//!
//! Input: line 1 = `svix-id`, line 2 = `svix-timestamp` offset from now (seconds), line 3 =
//! `svix-signature` (used as is for the first check), the rest = the body.
#![no_main]

use base64::Engine;
use clerk_edge::webhooks::{verify_webhook, WebhookError};
use clerk_edge_fuzz::fields;
use hmac::{Hmac, Mac};
use libfuzzer_sys::fuzz_target;
use sha2::Sha256;

const KEY: [u8; 32] = [7; 32];
const NOW_MS: u64 = 1_700_000_000_000;

fuzz_target!(|data: &[u8]| {
    let secret = format!("whsec_{}", base64::engine::general_purpose::STANDARD.encode(KEY));
    let [id, offset, signature, body] = <[String; 4]>::try_from(fields(data, 4)).unwrap();
    let timestamp = match offset.trim().parse::<i64>() {
        Ok(offset) => (NOW_MS as i64 / 1000).saturating_add(offset).to_string(),
        Err(_) => offset.clone(),
    };
    let headers = [
        ("svix-id", id.as_str()),
        ("svix-timestamp", timestamp.as_str()),
        ("svix-signature", signature.as_str()),
    ];
    if let Ok(event) = verify_webhook(&headers, body.as_bytes(), &secret, NOW_MS) {
        // Only a real signature verifies: the fuzzer cannot forge HMAC-SHA256.
        panic!("a fuzzed signature verified: {}", event.webhook_id());
    }

    let mut mac = Hmac::<Sha256>::new_from_slice(&KEY).unwrap();
    // Header values reach the verifier without surrounding whitespace, as HTTP parsers hand them on.
    let (id, timestamp) = (id.trim_matches([' ', '\t']), timestamp.trim_matches([' ', '\t']));
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body.as_bytes());
    let good = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    let signed = format!("v1,{good}");
    let headers = [
        ("svix-id", id),
        ("svix-timestamp", timestamp),
        ("svix-signature", signed.as_str()),
    ];
    match verify_webhook(&headers, body.as_bytes(), &secret, NOW_MS) {
        Ok(event) => {
            assert_eq!(event.raw_body(), body.as_bytes());
            assert_eq!(event.webhook_id(), id);
        }
        Err(WebhookError::InvalidSignature(_)) => panic!("a correct signature was refused"),
        Err(_) => {}
    }
});

//! Publishable keys: an accepted key names a valid host, and re-encoding it parses back identically.
#![no_main]

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use clerk_edge::auth::cookies::cookie_suffix;
use clerk_edge::{InstanceType, PublishableKey};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    assert_eq!(cookie_suffix(&text).len(), 8);
    let Ok(key) = PublishableKey::parse(&text) else {
        return;
    };
    let host = &key.frontend_api;
    assert!(host.len() <= 253 && host.contains('.'));
    assert!(host
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.'));
    assert!(host
        .split('.')
        .all(|label| !label.is_empty() && label.len() <= 63));
    assert_eq!(key.frontend_api_url(), format!("https://{host}"));
    let prefix = match key.instance_type {
        InstanceType::Development => "pk_test_",
        InstanceType::Production => "pk_live_",
    };
    assert!(text.trim().starts_with(prefix));
    let rebuilt = format!("{prefix}{}", STANDARD.encode(format!("{host}$")));
    assert_eq!(PublishableKey::parse(&rebuilt).as_ref(), Ok(&key));
});

//! End-to-end token verification against `fixtures/tokens/vectors.json`: tokens signed by jose
//! (an independent JWS implementation) with the verdict each must get. See the README there.
//!
//! The vectors are compiled in with `include_str!`, so these tests also run under
//! `wasm-pack test --node`.

use std::collections::BTreeSet;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use clerk_edge::keys::{KeySet, PublicKey};
use clerk_edge::token::claims::SessionClaims;
use clerk_edge::token::{verify_token, ClaimOptions, KeySource};
use clerk_edge::Reason;
use serde::Deserialize;
use serde_json::Value;

const VECTORS_JSON: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/tokens/vectors.json"
));

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Vector {
    name: String,
    /// Why the expectation is what it is, for the less obvious vectors (documentation only).
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
    token: String,
    key_format: KeyFormat,
    key: String,
    options: Options,
    now_ms: f64,
    expect: Expect,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
enum KeyFormat {
    Pem,
    Jwk,
    Jwks,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Options {
    authorized_parties: Option<Vec<String>>,
    audience: Option<Vec<String>>,
    clock_skew_in_ms: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    ok: bool,
    sub: Option<String>,
    reason: Option<String>,
}

/// Every reason code a token can get from `verify_token` with a usable key.
const REASONS: [&str; 9] = [
    "token-invalid",
    "token-invalid-algorithm",
    "jwk-kid-mismatch",
    "token-invalid-signature",
    "token-expired",
    "token-not-active-yet",
    "token-iat-in-the-future",
    "token-invalid-authorized-parties",
    "token-verification-failed",
];

fn vectors() -> Vec<Vector> {
    serde_json::from_str(VECTORS_JSON).expect("vectors.json parses")
}

/// The configured key of a vector: one public key or a key set.
enum Keys {
    Single(Box<PublicKey>),
    Set(KeySet),
}

impl Keys {
    fn of(v: &Vector) -> Keys {
        match v.key_format {
            KeyFormat::Pem | KeyFormat::Jwk => Keys::Single(Box::new(
                PublicKey::from_jwt_key(&v.key)
                    .unwrap_or_else(|e| panic!("{}: the vector's key is rejected: {e}", v.name)),
            )),
            KeyFormat::Jwks => {
                let set = KeySet::from_jwks_json(v.key.as_bytes())
                    .unwrap_or_else(|e| panic!("{}: the vector's JWKS is rejected: {e}", v.name));
                assert!(
                    set.skipped().is_empty(),
                    "{}: JWKS members skipped: {:?}",
                    v.name,
                    set.skipped()
                );
                Keys::Set(set)
            }
        }
    }

    fn source(&self) -> KeySource<'_> {
        match self {
            Keys::Single(key) => KeySource::Single(key),
            Keys::Set(set) => KeySource::Set(set),
        }
    }
}

fn claim_options(options: &Options) -> ClaimOptions {
    let mut out = ClaimOptions::default();
    if let Some(parties) = &options.authorized_parties {
        out.authorized_parties = parties.clone();
    }
    out.audience = options.audience.clone();
    if let Some(skew) = options.clock_skew_in_ms {
        out.clock_skew_ms = skew;
    }
    out
}

fn run(v: &Vector) -> Result<SessionClaims, clerk_edge::error::TokenError> {
    let keys = Keys::of(v);
    verify_token(
        &v.token,
        keys.source(),
        &claim_options(&v.options),
        v.now_ms,
    )
    .map(|verified| verified.claims().clone())
}

fn find<'a>(vectors: &'a [Vector], name: &str) -> &'a Vector {
    vectors
        .iter()
        .find(|v| v.name == name)
        .unwrap_or_else(|| panic!("no vector named {name}"))
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn every_vector_gets_its_expected_verdict() {
    let vectors = vectors();
    let mut failures = Vec::new();
    for v in &vectors {
        let got = run(v);
        let problem = match (&v.expect, &got) {
            (Expect { ok: true, sub, .. }, Ok(claims)) => {
                let want = sub.as_deref().expect("ok vectors name their sub");
                (claims.sub() != want).then(|| format!("sub {:?}, want {want:?}", claims.sub()))
            }
            (Expect { ok: true, .. }, Err(err)) => {
                Some(format!("rejected with {} ({err}), want ok", err.reason()))
            }
            (
                Expect {
                    ok: false, reason, ..
                },
                Ok(claims),
            ) => Some(format!(
                "accepted (sub {:?}), want {}",
                claims.sub(),
                reason.as_deref().unwrap_or("?")
            )),
            (
                Expect {
                    ok: false, reason, ..
                },
                Err(err),
            ) => {
                let want = reason
                    .as_deref()
                    .expect("failing vectors name their reason");
                (err.reason() != want).then(|| format!("{} ({err}), want {want}", err.reason()))
            }
        };
        if let Some(problem) = problem {
            failures.push(format!("{}: {problem}", v.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} vectors failed:\n  {}",
        failures.len(),
        vectors.len(),
        failures.join("\n  ")
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn error_messages_never_echo_the_token() {
    let vectors = vectors();
    let mut checked = 0;
    for v in &vectors {
        let Err(err) = run(v) else { continue };
        let shown = [err.to_string(), format!("{err:?}")];
        let segments: Vec<&str> = v.token.split('.').collect();
        // The payload (index 1) and the signature (last), when long enough to be recognisable.
        let secrets = [segments.get(1), segments.last()]
            .into_iter()
            .flatten()
            .filter(|s| s.len() >= 8);
        for secret in secrets {
            for text in &shown {
                assert!(
                    !text.contains(secret),
                    "{}: error message echoes a token segment: {text}",
                    v.name
                );
            }
            checked += 1;
        }
        if v.token.len() >= 8 {
            assert!(!shown.iter().any(|t| t.contains(&v.token)), "{}", v.name);
        }
    }
    assert!(checked > 300, "only {checked} segments were checked");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn vectors_cover_every_reason_and_algorithm() {
    let vectors = vectors();
    assert!(vectors.len() >= 250, "{} vectors", vectors.len());

    let names: BTreeSet<&str> = vectors.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names.len(), vectors.len(), "vector names must be unique");

    let reasons: BTreeSet<&str> = vectors
        .iter()
        .filter_map(|v| v.expect.reason.as_deref())
        .collect();
    assert_eq!(reasons, REASONS.into_iter().collect::<BTreeSet<_>>());
    for v in &vectors {
        assert_eq!(
            v.expect.ok,
            v.expect.sub.is_some() && v.expect.reason.is_none(),
            "{}: ok vectors have a sub and no reason, failing ones the reverse",
            v.name
        );
    }

    // Accepted tokens of every algorithm, with single keys and through a JWKS.
    let accepted_algs: BTreeSet<(String, KeyFormat)> = vectors
        .iter()
        .filter(|v| v.expect.ok)
        .map(|v| {
            let header = v.token.split('.').next().unwrap();
            let header: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", v.name));
            let alg = header["alg"].as_str().unwrap().to_owned();
            let format = if v.key_format == KeyFormat::Jwks {
                KeyFormat::Jwks
            } else {
                KeyFormat::Pem
            };
            (alg, format)
        })
        .collect();
    for alg in ["RS256", "RS384", "RS512", "ES256", "EdDSA"] {
        assert!(
            accepted_algs.contains(&(alg.to_owned(), KeyFormat::Pem)),
            "no accepted {alg} token with a single key"
        );
    }
    for alg in ["RS256", "RS512", "ES256", "EdDSA"] {
        assert!(
            accepted_algs.contains(&(alg.to_owned(), KeyFormat::Jwks)),
            "no accepted {alg} token through a JWKS"
        );
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_verified_v2_session_has_its_clerk_claims() {
    let vectors = vectors();
    let claims = run(find(&vectors, "rs256-v2-session")).expect("valid");
    assert_eq!(claims.sub(), "user_2vYVvectorUser0000000000001");
    assert_eq!(claims.sid(), Some("sess_2vYVvectorSess0000000000001"));
    assert_eq!(claims.azp(), Some("https://app.example.com"));
    assert_eq!(
        claims.iss(),
        Some("https://included-hare-42.clerk.accounts.dev")
    );
    assert_eq!(claims.version(), 2);
    assert_eq!(claims.exp(), Some(1_767_225_660));
    assert_eq!(claims.iat(), Some(1_767_225_595));
    assert_eq!(claims.nbf(), Some(1_767_225_585));
    assert_eq!(claims.sts(), Some("active"));
    assert_eq!(claims.fva(), Some([3, -1]));
    let org = claims.org().expect("active organization");
    assert_eq!(org.id, "org_2vYVvectorOrg00000000000001");
    assert_eq!(org.slug.as_deref(), Some("acme"));
    assert_eq!(org.role.as_deref(), Some("org:admin"));
    // fea "o:reports,o:billing", per "read,manage", fpm "3,1": reports gets both, billing only read.
    assert_eq!(
        org.permissions,
        ["org:reports:read", "org:reports:manage", "org:billing:read"]
    );

    let v1 = run(find(&vectors, "rs256-v1-session")).expect("valid");
    assert_eq!(v1.version(), 1);
    let org = v1.org().expect("active organization");
    assert_eq!(org.role.as_deref(), Some("org:admin"));
    assert_eq!(org.permissions, ["org:reports:read"]);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_non_finite_clock_fails_closed() {
    let vectors = vectors();
    let v = find(&vectors, "rs256-v2-session");
    let keys = Keys::of(v);
    let options = ClaimOptions::default();
    assert!(verify_token(&v.token, keys.source(), &options, v.now_ms).is_ok());
    for now in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let err = verify_token(&v.token, keys.source(), &options, now)
            .expect_err("a token cannot be judged without a clock");
        assert_eq!(err.reason(), "token-verification-failed", "now = {now}");
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_same_token_fails_differently_only_by_clock_and_key() {
    // One token, three verdicts: the pipeline's answers depend on the inputs, not on hidden state.
    let vectors = vectors();
    let v = find(&vectors, "rs256-v2-session");
    let keys = Keys::of(v);
    let options = ClaimOptions::default();
    let at = |now: f64| {
        verify_token(&v.token, keys.source(), &options, now).map_err(|e| e.reason().to_owned())
    };
    assert_eq!(
        at(v.now_ms).unwrap().sub(),
        v.expect.sub.as_deref().unwrap()
    );
    assert_eq!(at(v.now_ms + 65_000.0).unwrap_err(), "token-expired");
    assert_eq!(at(v.now_ms - 21_000.0).unwrap_err(), "token-not-active-yet");

    let other = find(&vectors, "eddsa-v2-session");
    let ed = Keys::of(other);
    let err = verify_token(&v.token, ed.source(), &options, v.now_ms).unwrap_err();
    assert_eq!(err.reason(), "token-invalid-algorithm");
}

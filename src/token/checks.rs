//! Registered-claim checks with `now` passed in (no ambient clock).
//!
//! Time claims must be JSON numbers; anything else fails. Comparisons run in
//! `f64` milliseconds on values bounded to year 9999, so no input can overflow,
//! wrap or compare as NaN: `-1e20` is long expired, `1e400` never parses.

use serde_json::{Map, Value};

use crate::error::TokenError;

/// Default allowed clock skew, as in @clerk/backend.
pub const DEFAULT_CLOCK_SKEW_MS: u64 = 5_000;
/// Largest NumericDate accepted (9999-12-31T23:59:59Z); larger values are rejected, not clamped.
const MAX_NUMERIC_DATE: f64 = 253_402_300_799.0;
/// Largest accepted clock skew (one day); larger settings are clamped.
const MAX_CLOCK_SKEW_MS: u64 = 86_400_000;

/// The claim checks a caller configures; names follow @clerk/backend's `verifyToken` options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimOptions {
    /// `authorizedParties`: when non-empty, `azp` must be present and equal one of them exactly.
    pub authorized_parties: Vec<String>,
    /// `audience`: when set, `aud` (string or array) must contain one of these.
    pub audience: Option<Vec<String>>,
    /// `clockSkewInMs`: tolerance for `exp`, `nbf` and `iat` (default 5000).
    pub clock_skew_ms: u64,
}

impl Default for ClaimOptions {
    fn default() -> Self {
        Self {
            authorized_parties: Vec::new(),
            audience: None,
            clock_skew_ms: DEFAULT_CLOCK_SKEW_MS,
        }
    }
}

/// Checks `sub`, `aud`, `azp`, `exp`, `nbf` and `iat` of a payload at time `now_ms` (ms since the epoch).
///
/// A non-finite `now_ms` fails every token (`token-verification-failed`).
pub fn check_claims(
    payload: &Map<String, Value>,
    options: &ClaimOptions,
    now_ms: f64,
) -> Result<(), TokenError> {
    if !matches!(payload.get("sub"), Some(Value::String(s)) if !s.is_empty()) {
        return Err(TokenError::InvalidClaim {
            claim: "sub",
            problem: "is required and must be a non-empty string",
        });
    }
    // Same order as @clerk/backend (`sub`, `aud`, `azp`, then times), so a token failing
    // several checks gets the same reason code.
    if let Some(audience) = &options.audience {
        check_audience(payload, audience)?;
    }
    check_authorized_party(payload, &options.authorized_parties)?;
    if !now_ms.is_finite() {
        // A NaN clock would make every time comparison false, i.e. accept any `exp`.
        return Err(TokenError::InvalidClaim {
            claim: "exp",
            problem: "cannot be checked: the verification time is not a finite number",
        });
    }
    let skew = options.clock_skew_ms.min(MAX_CLOCK_SKEW_MS);
    let skew_f = skew as f64;
    let now = now_ms / 1000.0;

    let exp = numeric_date(payload, "exp")?.ok_or(TokenError::InvalidClaim {
        claim: "exp",
        problem: "is required",
    })?;
    if exp * 1000.0 <= now_ms - skew_f {
        return Err(TokenError::Expired {
            exp,
            now,
            skew_ms: skew,
        });
    }
    if let Some(nbf) = numeric_date(payload, "nbf")? {
        if nbf * 1000.0 > now_ms + skew_f {
            return Err(TokenError::NotActiveYet {
                nbf,
                now,
                skew_ms: skew,
            });
        }
    }
    if let Some(iat) = numeric_date(payload, "iat")? {
        if iat * 1000.0 > now_ms + skew_f {
            return Err(TokenError::IatInTheFuture {
                iat,
                now,
                skew_ms: skew,
            });
        }
    }
    Ok(())
}

/// Reads a NumericDate claim: absent → `None`; a finite number ≤ year 9999 → its value; else an error.
fn numeric_date(
    payload: &Map<String, Value>,
    claim: &'static str,
) -> Result<Option<f64>, TokenError> {
    match payload.get(claim) {
        None => Ok(None),
        Some(Value::Number(n)) => match n.as_f64() {
            Some(v) if v.is_finite() && v <= MAX_NUMERIC_DATE => Ok(Some(v)),
            _ => Err(TokenError::InvalidClaim {
                claim,
                problem: "is out of range",
            }),
        },
        Some(_) => Err(TokenError::InvalidClaim {
            claim,
            problem: "must be a number (seconds since the epoch)",
        }),
    }
}

fn check_authorized_party(
    payload: &Map<String, Value>,
    parties: &[String],
) -> Result<(), TokenError> {
    if parties.is_empty() {
        return match payload.get("azp") {
            None | Some(Value::String(_)) => Ok(()),
            Some(_) => Err(TokenError::InvalidAuthorizedParty),
        };
    }
    match payload.get("azp") {
        Some(Value::String(azp)) if parties.iter().any(|p| p == azp) => Ok(()),
        _ => Err(TokenError::InvalidAuthorizedParty),
    }
}

fn check_audience(payload: &Map<String, Value>, accepted: &[String]) -> Result<(), TokenError> {
    let matches = |aud: &str| accepted.iter().any(|a| a == aud);
    match payload.get("aud") {
        Some(Value::String(aud)) if matches(aud) => Ok(()),
        Some(Value::Array(list))
            if list.iter().all(Value::is_string)
                && list.iter().filter_map(Value::as_str).any(matches) =>
        {
            Ok(())
        }
        _ => Err(TokenError::InvalidAudience),
    }
}

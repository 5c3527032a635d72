//! The verdict cache for opaque machine tokens: keys, lifetimes and the stored form.
//!
//! A verdict is stored under `mtv1:<hex SHA-256>` of the configuration scope and the token — never
//! the token itself. The caller keeps the strings (isolate memory, KV, a `jwksStore`-like store);
//! only this module turns them back into verdicts, and it checks their age itself.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::error::MachineError;
use super::identity::VerifiedMachine;
use super::kind::MachineKind;

/// How long verdicts are remembered; `positive_ms == 0 && negative_ms == 0` turns the cache off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerdictLifetimes {
    /// Valid tokens: at most this long (never past the token's expiration). Default 60 s.
    pub positive_ms: u64,
    /// Unknown, revoked or expired tokens. Default 30 s.
    pub negative_ms: u64,
}

impl VerdictLifetimes {
    /// No verdict is remembered.
    pub const OFF: Self = Self {
        positive_ms: 0,
        negative_ms: 0,
    };

    /// Whether verdicts are remembered at all.
    pub fn is_on(self) -> bool {
        self != Self::OFF
    }
}

impl Default for VerdictLifetimes {
    fn default() -> Self {
        Self {
            positive_ms: 60_000,
            negative_ms: 30_000,
        }
    }
}

/// Longest lifetime accepted for either kind of verdict (one hour); longer settings are clamped.
pub const MAX_VERDICT_MS: u64 = 3_600_000;

/// The stored form of one verdict.
#[derive(Serialize, Deserialize)]
struct Stored {
    /// Remembered until (ms since the epoch).
    until: f64,
    #[serde(flatten)]
    verdict: StoredVerdict,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum StoredVerdict {
    Valid(VerifiedMachine),
    Unknown(String),
    Revoked,
    Expired,
}

/// The cache key of `token` under a configuration `scope` (Backend API, secrets, audience).
pub fn verdict_key(scope: &[u8], kind: MachineKind, token: &str) -> String {
    let mut hash = Sha256::new();
    hash.update((scope.len() as u64).to_be_bytes());
    hash.update(scope);
    hash.update(kind.as_str().as_bytes());
    hash.update([0]);
    hash.update(token.as_bytes());
    let digest = hash.finalize();
    let mut key = String::with_capacity(5 + 64);
    key.push_str("mtv1:");
    for byte in digest {
        key.push_str(&format!("{byte:02x}"));
    }
    key
}

/// The stored text and lifetime (ms) of a verdict, or `None` when it must not be remembered.
pub fn encode(
    verdict: &Result<VerifiedMachine, MachineError>,
    lifetimes: VerdictLifetimes,
    now_ms: f64,
) -> Option<(String, u64)> {
    let (stored, ttl) = match verdict {
        Ok(machine) => {
            let mut ttl = lifetimes.positive_ms.min(MAX_VERDICT_MS) as f64;
            if let Some(exp) = machine.expiration_ms() {
                ttl = ttl.min(exp - now_ms);
            }
            (StoredVerdict::Valid(machine.clone()), ttl)
        }
        Err(err) if err.is_cacheable() => {
            let verdict = match err {
                MachineError::Revoked(_) => StoredVerdict::Revoked,
                MachineError::Expired(_) => StoredVerdict::Expired,
                other => StoredVerdict::Unknown(other.to_string()),
            };
            (verdict, lifetimes.negative_ms.min(MAX_VERDICT_MS) as f64)
        }
        Err(_) => return None,
    };
    if ttl.is_nan() || ttl < 1.0 {
        return None;
    }
    let text = serde_json::to_string(&Stored {
        until: now_ms + ttl,
        verdict: stored,
    })
    .ok()?;
    Some((text, ttl as u64))
}

/// The verdict in `text` if it is still fresh at `now_ms` and is of `kind`; `None` otherwise.
pub fn decode(
    text: &str,
    kind: MachineKind,
    now_ms: f64,
) -> Option<Result<VerifiedMachine, MachineError>> {
    let stored: Stored = serde_json::from_str(text).ok()?;
    if stored.until.is_nan() || stored.until <= now_ms {
        return None;
    }
    Some(match stored.verdict {
        StoredVerdict::Valid(machine) if machine.kind() == kind => Ok(machine),
        StoredVerdict::Valid(_) => return None,
        StoredVerdict::Unknown(message) => Err(MachineError::TokenInvalid(message)),
        StoredVerdict::Revoked => Err(MachineError::Revoked(kind)),
        StoredVerdict::Expired => Err(MachineError::Expired(kind)),
    })
}

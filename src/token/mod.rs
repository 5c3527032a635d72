//! Session tokens: finding, parsing, claims and claim checks.

pub mod cache;
pub mod checks;
pub mod claims;
pub mod parse;
pub(crate) mod strict_json;
pub mod verify;

pub use checks::{check_claims, ClaimOptions, DEFAULT_CLOCK_SKEW_MS};
pub use parse::{
    parse_token, parse_token_as, Header, TokenKind, UnverifiedToken, CATEGORY_M2M_TOKEN,
    MAX_TOKEN_BYTES,
};
pub use verify::{
    finish_payload_verification, finish_verification, prepare_parsed, prepare_verification,
    verify_token, KeySource, Prepared, VerifiedClaims, VerifiedPayload,
};

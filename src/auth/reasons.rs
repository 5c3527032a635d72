//! @clerk/backend's `AuthErrorReason` strings (the token errors' reasons come from [`crate::error`]).

/// The URL names another organization (or the personal account) than the session's active one.
pub const ACTIVE_ORGANIZATION_MISMATCH: &str = "active-organization-mismatch";
/// A client_uat cookie without a session cookie.
pub const CLIENT_UAT_BUT_NO_SESSION_TOKEN: &str = "client-uat-but-no-session-token";
/// A development instance without a development browser.
pub const DEV_BROWSER_MISSING: &str = "dev-browser-missing";
/// A development browser token arrived in the URL.
pub const DEV_BROWSER_SYNC: &str = "dev-browser-sync";
/// A development primary sends a syncing satellite back.
pub const PRIMARY_RESPONDS_TO_SYNCING: &str = "primary-responds-to-syncing";
/// A navigation to the primary domain from another origin.
pub const PRIMARY_DOMAIN_CROSS_ORIGIN_SYNC: &str = "primary-domain-cross-origin-sync";
/// A satellite must sync its session from the primary domain.
pub const SATELLITE_NEEDS_SYNCING: &str = "satellite-needs-syncing";
/// Neither a session cookie nor a client_uat cookie.
pub const SESSION_TOKEN_AND_UAT_MISSING: &str = "session-token-and-uat-missing";
/// A resolved handshake carried no session cookie.
pub const SESSION_TOKEN_MISSING: &str = "session-token-missing";
/// Prefix of the expired-token reasons (`session-token-expired-refresh-<label>`).
pub const SESSION_TOKEN_EXPIRED: &str = "session-token-expired";
/// The session token was issued before the client was last updated (a sign-out or switch since).
pub const SESSION_TOKEN_IAT_BEFORE_CLIENT_UAT: &str = "session-token-iat-before-client-uat";
/// The session token is not valid yet (`nbf`).
pub const SESSION_TOKEN_NBF: &str = "session-token-nbf";
/// The session token was issued in the future (`iat`).
pub const SESSION_TOKEN_IAT_IN_THE_FUTURE: &str = "session-token-iat-in-the-future";
/// A session cookie without a client_uat cookie.
pub const SESSION_TOKEN_BUT_NO_CLIENT_UAT: &str = "session-token-but-no-client-uat";
/// A token of another type (machine token, JWT template) where a session token is expected.
pub const TOKEN_TYPE_MISMATCH: &str = "token-type-mismatch";
/// Something failed that is not a token verification error.
pub const UNEXPECTED_ERROR: &str = "unexpected-error";
/// A machine token type is required and the request has no `Authorization: Bearer` token
/// (@clerk/backend's exact wording).
pub const NO_TOKEN_IN_HEADER: &str = "No token in header";

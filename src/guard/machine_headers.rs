//! Identity headers for requests authenticated with a machine token (M2M token, OAuth access
//! token, API key), from a [`VerifiedMachine`] only; the same hygiene as the session headers.

use super::headers::{comma_list, safe_headers, ORG_ID, USER_ID};
use crate::auth::VerifiedMachine;

/// The token type the request was authenticated with: `session_token`, `m2m_token`, `oauth_token`, `api_key`.
pub const TOKEN_TYPE: &str = "x-clerk-token-type";
/// The machine (`mch_…`) of an M2M token.
pub const MACHINE_ID: &str = "x-clerk-machine-id";
/// The machine token's id (`mt_…`, `oat_…`, `ak_…` ids, or a JWT's `jti`).
pub const TOKEN_ID: &str = "x-clerk-token-id";
/// The token's scopes, comma-separated (left out if a scope contains a comma).
pub const SCOPES: &str = "x-clerk-scopes";

/// The identity headers of a verified machine token; absent or unsafe values are left out.
pub fn machine_identity_headers(machine: &VerifiedMachine) -> Vec<(&'static str, String)> {
    let joined = comma_list(machine.scopes());
    safe_headers([
        (TOKEN_TYPE, Some(machine.kind().as_str())),
        (MACHINE_ID, machine.machine_id()),
        (USER_ID, machine.user_id()),
        (ORG_ID, machine.org_id()),
        (TOKEN_ID, Some(machine.id())),
        (SCOPES, joined.as_deref()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::MachineKind;

    fn names(headers: &[(&str, String)]) -> Vec<String> {
        headers.iter().map(|(n, v)| format!("{n}={v}")).collect()
    }

    #[test]
    fn each_kind_names_its_subject() {
        let m2m = VerifiedMachine::for_tests(MachineKind::M2mToken, "mt_1", "mch_1", &["a", "b"]);
        assert_eq!(
            names(&machine_identity_headers(&m2m)),
            [
                "x-clerk-token-type=m2m_token",
                "x-clerk-machine-id=mch_1",
                "x-clerk-token-id=mt_1",
                "x-clerk-scopes=a,b"
            ]
        );
        let key = VerifiedMachine::for_tests(MachineKind::ApiKey, "ak_1", "org_1", &["x,y"]);
        assert_eq!(
            names(&machine_identity_headers(&key)),
            [
                "x-clerk-token-type=api_key",
                "x-clerk-org-id=org_1",
                "x-clerk-token-id=ak_1"
            ]
        );
        let oauth = VerifiedMachine::for_tests(MachineKind::OAuthToken, "oat_1", "user\n1", &[]);
        assert_eq!(
            names(&machine_identity_headers(&oauth)),
            ["x-clerk-token-type=oauth_token", "x-clerk-token-id=oat_1"]
        );
    }
}

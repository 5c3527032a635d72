//! Identifier naming: snake/Pascal case, keywords, tag modules and readable method names.

use std::collections::BTreeMap;

/// Acronyms written as one word (`OAuth` -> `oauth`, `JWTTemplate` -> `jwt_template`).
const WORDS: &[(&str, &str)] = &[
    ("OAuth", "Oauth"),
    ("M2M", "M2m"),
    ("JWKS", "Jwks"),
    ("JWT", "Jwt"),
    ("SAML", "Saml"),
    ("SCIM", "Scim"),
    ("TOTP", "Totp"),
    ("MFA", "Mfa"),
    ("URLs", "Urls"),
    ("URL", "Url"),
    ("API", "Api"),
    ("ID", "Id"),
    ("SMS", "Sms"),
];

/// `CreateJWTTemplate` -> `create_jwt_template`; `sign-in tokens` -> `sign_in_tokens`.
pub fn snake(s: &str) -> String {
    let mut s = s.to_string();
    for (from, to) in WORDS {
        s = s.replace(from, to);
    }
    let mut out = String::new();
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() {
                let prev = if i > 0 { chars[i - 1] } else { '_' };
                let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
                if i > 0
                    && (prev.is_ascii_lowercase()
                        || prev.is_ascii_digit()
                        || (prev.is_ascii_uppercase() && next_lower))
                    && !out.ends_with('_')
                {
                    out.push('_');
                }
                out.push(c.to_ascii_lowercase());
            } else {
                out.push(c);
            }
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

/// `JWKS.ed25519.PublicKey` -> `JwksEd25519PublicKey`; `verification_otp` -> `VerificationOtp`.
pub fn pascal(s: &str) -> String {
    snake(s)
        .split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use",
    "where", "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv",
    "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// A field or argument identifier for a wire name (`type` -> `r#type`, `apiKeyID` -> `api_key_id`).
pub fn ident(wire: &str) -> String {
    let mut s = snake(wire);
    if s.is_empty() {
        s = "value".into();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("n{s}");
    }
    if KEYWORDS.contains(&s.as_str()) {
        if matches!(s.as_str(), "self" | "super" | "crate") {
            s.push('_');
        } else {
            s = format!("r#{s}");
        }
    }
    s
}

/// The module (and accessor) name of a tag.
pub fn tag_module(tag: &str) -> String {
    match tag {
        "Allow-list / Block-list" => "allow_block_list".into(),
        "Email & SMS Templates" => "email_sms_templates".into(),
        _ => snake(tag),
    }
}

/// Method names chosen by hand: @clerk/backend's where it has the call, or to break ties.
const OVERRIDES: &[(&str, &str)] = &[
    ("UsersBan", "ban_many"),
    ("UsersUnban", "unban_many"),
    ("UserPasskeyDelete", "delete_passkey"),
    ("UserWeb3WalletDelete", "delete_web3_wallet"),
    ("DisableMFA", "disable_mfa"),
    ("DeleteTOTP", "delete_totp"),
    ("GetOAuthAccessToken", "get_oauth_access_token"),
    (
        "UsersGetOrganizationMemberships",
        "get_organization_membership_list",
    ),
    (
        "UsersGetOrganizationInvitations",
        "get_organization_invitation_list",
    ),
    (
        "CreateSessionTokenFromTemplate",
        "create_token_from_template",
    ),
    ("createSession", "create"),
    ("GetSessionList", "list"),
    ("CreateAllowlistIdentifier", "create_allowlist_identifier"),
    ("CreateBlocklistIdentifier", "create_blocklist_identifier"),
    ("DeleteAllowlistIdentifier", "delete_allowlist_identifier"),
    ("DeleteBlocklistIdentifier", "delete_blocklist_identifier"),
    ("ListAllowlistIdentifiers", "list_allowlist_identifiers"),
    ("ListBlocklistIdentifiers", "list_blocklist_identifiers"),
    ("ListAllOrganizationDomains", "list_all"),
    ("ListInstanceOrganizationInvitations", "list_instance"),
    ("ListPendingOrganizationInvitations", "list_pending"),
    ("CreateOrganizationInvitationBulk", "create_bulk"),
    ("InstanceGetOrganizationMemberships", "list_instance"),
    ("UpdateOrganizationMembershipMetadata", "update_metadata"),
    ("GetInstance", "get"),
    ("UpdateInstance", "update"),
    ("GetJWKS", "get"),
    ("getApiKeys", "list"),
    ("getM2MTokens", "list"),
    ("verifyOAuthAccessToken", "verify"),
    ("GetPublicInterstitial", "get_public_interstitial"),
    ("VerifyDomainProxy", "verify"),
    ("CreateSvixApp", "create_svix_app"),
    ("DeleteSvixApp", "delete_svix_app"),
    ("GenerateSvixAuthURL", "generate_svix_auth_url"),
    ("CreateBulkInvitations", "create_bulk"),
    ("CreateBulkWaitlistEntries", "create_bulk"),
    ("ReplaceUserEmailAddress", "replace_user_email_address"),
    ("ReplaceUserPhoneNumber", "replace_user_phone_number"),
    (
        "ChangeProductionInstanceDomain",
        "change_production_instance_domain",
    ),
    (
        "UpdateProductionInstanceDomain",
        "update_production_instance_domain",
    ),
    ("UpdateInstanceAuthConfig", "update_instance_auth_config"),
];

fn singular(w: &str) -> String {
    if let Some(s) = w.strip_suffix("ies") {
        format!("{s}y")
    } else if let Some(s) = w.strip_suffix("sses") {
        format!("{s}ss")
    } else if w.ends_with("ss") {
        w.to_string()
    } else {
        w.strip_suffix('s').unwrap_or(w).to_string()
    }
}

fn strip_noun(words: &[String], noun: &[String]) -> Option<Vec<String>> {
    if noun.is_empty() || noun.len() > words.len() {
        return None;
    }
    for i in 0..=words.len() - noun.len() {
        let hit = words[i..i + noun.len()]
            .iter()
            .zip(noun)
            .all(|(w, n)| singular(w) == *n);
        if hit {
            let mut out = words[..i].to_vec();
            out.extend_from_slice(&words[i + noun.len()..]);
            return Some(out);
        }
    }
    None
}

/// A readable method name within its tag: `BanUser` in `Users` -> `ban`.
fn method_name(op_id: &str, tag_module: &str) -> String {
    if let Some((_, n)) = OVERRIDES.iter().find(|(id, _)| *id == op_id) {
        return n.to_string();
    }
    let words: Vec<String> = snake(op_id).split('_').map(str::to_string).collect();
    let noun: Vec<String> = tag_module.split('_').map(singular).collect();
    let mut stripped = strip_noun(&words, &noun)
        .or_else(|| strip_noun(&words, &noun[..1]))
        .or_else(|| strip_noun(&words, &noun[noun.len() - 1..]))
        .unwrap_or_else(|| words.clone());
    // `AssignPermissionToOrganizationRole` -> `assign_permission`, not `assign_permission_to`.
    if stripped.len() > 1
        && matches!(
            stripped.last().map(String::as_str),
            Some("to" | "from" | "in")
        )
    {
        stripped.pop();
    }
    let joined = stripped.join("_");
    match joined.as_str() {
        "get_list" | "list" | "" => "list".into(),
        _ => joined,
    }
}

/// Method names for every operation, keyed by operation id; ties fall back to the full name.
pub fn method_names(ops: &[(String, String)]) -> BTreeMap<String, String> {
    let mut by_tag: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (id, tag) in ops {
        by_tag.entry(tag).or_default().push(id);
    }
    let mut out = BTreeMap::new();
    for (tag, ids) in by_tag {
        let names: Vec<(String, String)> = ids
            .iter()
            .map(|id| (id.to_string(), method_name(id, tag)))
            .collect();
        for (id, name) in &names {
            let clash = names.iter().filter(|(_, n)| n == name).count() > 1;
            let name = if clash { snake(id) } else { name.clone() };
            out.insert(id.clone(), ident(&name));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        assert_eq!(snake("CreateJWTTemplate"), "create_jwt_template");
        assert_eq!(snake("apiKeyID"), "api_key_id");
        assert_eq!(snake("verifyOAuthAccessToken"), "verify_oauth_access_token");
        assert_eq!(snake("Allow-list / Block-list"), "allow_list_block_list");
        assert_eq!(pascal("JWKS.ed25519.PublicKey"), "JwksEd25519PublicKey");
        assert_eq!(
            pascal("CommerceTotalsResponse-2"),
            "CommerceTotalsResponse2"
        );
        assert_eq!(method_name("BanUser", "users"), "ban");
        assert_eq!(method_name("GetUserList", "users"), "list");
        assert_eq!(
            method_name("CreateSessionToken", "sessions"),
            "create_token"
        );
        assert_eq!(method_name("ListOrganizations", "organizations"), "list");
        assert_eq!(ident("type"), "r#type");
        assert_eq!(
            method_name("CreateEmailAddress", "email_addresses"),
            "create"
        );
        assert_eq!(
            method_name("GetInstanceOAuthApplicationSettings", "instance_settings"),
            "get_oauth_application_settings"
        );
        assert_eq!(method_name("AddRolesToRoleSet", "role_sets"), "add_roles");
    }
}

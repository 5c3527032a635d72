//! JS names for the npm package's `createClerkClient`: @clerk/backend's group and method names
//! where it has the call, else the tag's group and the operation id in lowerCamelCase.

use std::collections::BTreeMap;

use crate::names::tag_module;
use crate::ops::TagOps;

/// `(operationId, group, method)` as @clerk/backend 3.x names them (mapped by method and path
/// from its endpoint classes). Two operations may share a name when their path parameter counts
/// differ: the JS client picks by the number of leading string arguments
/// (`sessions.getToken(sessionId)` vs `sessions.getToken(sessionId, template)`).
const CLERK_BACKEND: &[(&str, &str, &str)] = &[
    ("AddDomain", "domains", "add"),
    ("AddRolesToRoleSet", "roleSets", "addRolesToRoleSet"),
    (
        "AssignPermissionToOrganizationRole",
        "organizationRoles",
        "assignPermissionToOrganizationRole",
    ),
    ("BanUser", "users", "banUser"),
    (
        "CancelCommerceSubscriptionItem",
        "billing",
        "cancelSubscriptionItem",
    ),
    ("CreateActorToken", "actorTokens", "create"),
    ("CreateAgentTask", "agentTasks", "create"),
    (
        "CreateAllowlistIdentifier",
        "allowlistIdentifiers",
        "createAllowlistIdentifier",
    ),
    (
        "CreateBlocklistIdentifier",
        "blocklistIdentifiers",
        "createBlocklistIdentifier",
    ),
    (
        "CreateBulkInvitations",
        "invitations",
        "createInvitationBulk",
    ),
    ("CreateBulkWaitlistEntries", "waitlistEntries", "createBulk"),
    ("CreateEmailAddress", "emailAddresses", "createEmailAddress"),
    (
        "CreateEnterpriseConnection",
        "enterpriseConnections",
        "createEnterpriseConnection",
    ),
    ("CreateInvitation", "invitations", "createInvitation"),
    ("CreateJWTTemplate", "jwtTemplates", "create"),
    ("CreateMachine", "machines", "create"),
    ("CreateMachineScope", "machines", "createScope"),
    ("CreateOAuthApplication", "oauthApplications", "create"),
    ("CreateOrganization", "organizations", "createOrganization"),
    (
        "CreateOrganizationDomain",
        "organizations",
        "createOrganizationDomain",
    ),
    (
        "CreateOrganizationInvitation",
        "organizations",
        "createOrganizationInvitation",
    ),
    (
        "CreateOrganizationInvitationBulk",
        "organizations",
        "createOrganizationInvitationBulk",
    ),
    (
        "CreateOrganizationMembership",
        "organizations",
        "createOrganizationMembership",
    ),
    (
        "CreateOrganizationPermission",
        "organizationPermissions",
        "createOrganizationPermission",
    ),
    (
        "CreateOrganizationRole",
        "organizationRoles",
        "createOrganizationRole",
    ),
    ("CreatePhoneNumber", "phoneNumbers", "createPhoneNumber"),
    ("CreateRedirectURL", "redirectUrls", "createRedirectUrl"),
    ("CreateRoleSet", "roleSets", "createRoleSet"),
    (
        "CreateSAMLConnection",
        "samlConnections",
        "createSamlConnection",
    ),
    ("CreateSessionToken", "sessions", "getToken"),
    ("CreateSessionTokenFromTemplate", "sessions", "getToken"),
    ("CreateSignInToken", "signInTokens", "createSignInToken"),
    ("CreateSvixApp", "webhooks", "createSvixApp"),
    ("CreateTestingToken", "testingTokens", "createTestingToken"),
    ("CreateUser", "users", "createUser"),
    ("CreateWaitlistEntry", "waitlistEntries", "create"),
    (
        "DeleteAllowlistIdentifier",
        "allowlistIdentifiers",
        "deleteAllowlistIdentifier",
    ),
    ("DeleteBackupCode", "users", "deleteUserBackupCodes"),
    (
        "DeleteBlocklistIdentifier",
        "blocklistIdentifiers",
        "deleteBlocklistIdentifier",
    ),
    ("DeleteDomain", "domains", "deleteDomain"),
    ("DeleteEmailAddress", "emailAddresses", "deleteEmailAddress"),
    (
        "DeleteEnterpriseConnection",
        "enterpriseConnections",
        "deleteEnterpriseConnection",
    ),
    (
        "DeleteExternalAccount",
        "users",
        "deleteUserExternalAccount",
    ),
    ("DeleteJWTTemplate", "jwtTemplates", "delete"),
    ("DeleteMachine", "machines", "delete"),
    ("DeleteMachineScope", "machines", "deleteScope"),
    ("DeleteOAuthApplication", "oauthApplications", "delete"),
    ("DeleteOrganization", "organizations", "deleteOrganization"),
    (
        "DeleteOrganizationDomain",
        "organizations",
        "deleteOrganizationDomain",
    ),
    (
        "DeleteOrganizationLogo",
        "organizations",
        "deleteOrganizationLogo",
    ),
    (
        "DeleteOrganizationMembership",
        "organizations",
        "deleteOrganizationMembership",
    ),
    (
        "DeleteOrganizationPermission",
        "organizationPermissions",
        "deleteOrganizationPermission",
    ),
    (
        "DeleteOrganizationRole",
        "organizationRoles",
        "deleteOrganizationRole",
    ),
    ("DeletePhoneNumber", "phoneNumbers", "deletePhoneNumber"),
    ("DeleteRedirectURL", "redirectUrls", "deleteRedirectUrl"),
    (
        "DeleteSAMLConnection",
        "samlConnections",
        "deleteSamlConnection",
    ),
    ("DeleteSvixApp", "webhooks", "deleteSvixApp"),
    ("DeleteTOTP", "users", "deleteUserTOTP"),
    ("DeleteUser", "users", "deleteUser"),
    ("DeleteUserProfileImage", "users", "deleteUserProfileImage"),
    ("DeleteWaitlistEntry", "waitlistEntries", "delete"),
    ("DisableMFA", "users", "disableUserMFA"),
    (
        "ExtendBillingSubscriptionItemFreeTrial",
        "billing",
        "extendSubscriptionItemFreeTrial",
    ),
    ("GenerateSvixAuthURL", "webhooks", "generateSvixAuthURL"),
    ("GetClient", "clients", "getClient"),
    ("GetClientList", "clients", "getClientList"),
    ("GetCommercePlanList", "billing", "getPlanList"),
    ("GetEmailAddress", "emailAddresses", "getEmailAddress"),
    (
        "GetEnterpriseConnection",
        "enterpriseConnections",
        "getEnterpriseConnection",
    ),
    ("GetInstance", "instance", "get"),
    (
        "GetInstanceOrganizationSettings",
        "instance",
        "getOrganizationSettings",
    ),
    ("GetJWKS", "jwks", "getJwks"),
    ("GetJWTTemplate", "jwtTemplates", "get"),
    ("GetMachine", "machines", "get"),
    ("GetMachineSecretKey", "machines", "getSecretKey"),
    ("GetOAuthAccessToken", "users", "getUserOauthAccessToken"),
    ("GetOAuthApplication", "oauthApplications", "get"),
    ("GetOrganization", "organizations", "getOrganization"),
    (
        "GetOrganizationBillingSubscription",
        "billing",
        "getOrganizationBillingSubscription",
    ),
    (
        "GetOrganizationInvitation",
        "organizations",
        "getOrganizationInvitation",
    ),
    (
        "GetOrganizationPermission",
        "organizationPermissions",
        "getOrganizationPermission",
    ),
    (
        "GetOrganizationRole",
        "organizationRoles",
        "getOrganizationRole",
    ),
    ("GetPhoneNumber", "phoneNumbers", "getPhoneNumber"),
    ("GetRedirectURL", "redirectUrls", "getRedirectUrl"),
    ("GetRoleSet", "roleSets", "getRoleSet"),
    ("GetSAMLConnection", "samlConnections", "getSamlConnection"),
    ("GetSession", "sessions", "getSession"),
    ("GetSessionList", "sessions", "getSessionList"),
    ("GetSignUp", "signUps", "get"),
    ("GetUser", "users", "getUser"),
    (
        "GetUserBillingSubscription",
        "billing",
        "getUserBillingSubscription",
    ),
    ("GetUserList", "users", "getUserList"),
    ("GetUsersCount", "users", "getCount"),
    (
        "InstanceGetOrganizationMemberships",
        "organizations",
        "getInstanceOrganizationMembershipList",
    ),
    ("InviteWaitlistEntry", "waitlistEntries", "invite"),
    (
        "ListAllowlistIdentifiers",
        "allowlistIdentifiers",
        "getAllowlistIdentifierList",
    ),
    (
        "ListBlocklistIdentifiers",
        "blocklistIdentifiers",
        "getBlocklistIdentifierList",
    ),
    ("ListDomains", "domains", "list"),
    (
        "ListEnterpriseConnections",
        "enterpriseConnections",
        "getEnterpriseConnectionList",
    ),
    ("ListInvitations", "invitations", "getInvitationList"),
    ("ListJWTTemplates", "jwtTemplates", "list"),
    ("ListMachines", "machines", "list"),
    ("ListOAuthApplications", "oauthApplications", "list"),
    (
        "ListOrganizationDomains",
        "organizations",
        "getOrganizationDomainList",
    ),
    (
        "ListOrganizationInvitations",
        "organizations",
        "getOrganizationInvitationList",
    ),
    (
        "ListOrganizationMemberships",
        "organizations",
        "getOrganizationMembershipList",
    ),
    (
        "ListOrganizationPermissions",
        "organizationPermissions",
        "getOrganizationPermissionList",
    ),
    (
        "ListOrganizationRoles",
        "organizationRoles",
        "getOrganizationRoleList",
    ),
    ("ListOrganizations", "organizations", "getOrganizationList"),
    ("ListRedirectURLs", "redirectUrls", "getRedirectUrlList"),
    ("ListRoleSets", "roleSets", "getRoleSetList"),
    (
        "ListSAMLConnections",
        "samlConnections",
        "getSamlConnectionList",
    ),
    ("ListWaitlistEntries", "waitlistEntries", "list"),
    ("LockUser", "users", "lockUser"),
    (
        "MergeOrganizationMetadata",
        "organizations",
        "updateOrganizationMetadata",
    ),
    ("RefreshSession", "sessions", "refreshSession"),
    ("RejectWaitlistEntry", "waitlistEntries", "reject"),
    (
        "RemovePermissionFromOrganizationRole",
        "organizationRoles",
        "removePermissionFromOrganizationRole",
    ),
    ("RemoveUserPassword", "users", "removePassword"),
    (
        "ReplaceOrganizationMetadata",
        "organizations",
        "replaceOrganizationMetadata",
    ),
    ("ReplaceRoleInRoleSet", "roleSets", "replaceRoleInRoleSet"),
    ("ReplaceRoleSet", "roleSets", "replaceRoleSet"),
    (
        "ReplaceUserEmailAddress",
        "users",
        "replaceUserEmailAddress",
    ),
    ("ReplaceUserMetadata", "users", "replaceUserMetadata"),
    ("ReplaceUserPhoneNumber", "users", "replaceUserPhoneNumber"),
    ("RevokeActorToken", "actorTokens", "revoke"),
    ("RevokeAgentTask", "agentTasks", "revoke"),
    ("RevokeInvitation", "invitations", "revokeInvitation"),
    (
        "RevokeOAuthApplicationToken",
        "oauthApplications",
        "revokeToken",
    ),
    (
        "RevokeOrganizationInvitation",
        "organizations",
        "revokeOrganizationInvitation",
    ),
    ("RevokeSession", "sessions", "revokeSession"),
    ("RevokeSignInToken", "signInTokens", "revokeSignInToken"),
    ("RotateMachineSecretKey", "machines", "rotateSecretKey"),
    (
        "RotateOAuthApplicationSecret",
        "oauthApplications",
        "rotateSecret",
    ),
    (
        "SetUserPasswordCompromised",
        "users",
        "setPasswordCompromised",
    ),
    ("SetUserProfileImage", "users", "updateUserProfileImage"),
    ("UnbanUser", "users", "unbanUser"),
    ("UnlockUser", "users", "unlockUser"),
    (
        "UnsetUserPasswordCompromised",
        "users",
        "unsetPasswordCompromised",
    ),
    ("UpdateDomain", "domains", "update"),
    ("UpdateEmailAddress", "emailAddresses", "updateEmailAddress"),
    (
        "UpdateEnterpriseConnection",
        "enterpriseConnections",
        "updateEnterpriseConnection",
    ),
    ("UpdateInstance", "instance", "update"),
    (
        "UpdateInstanceOrganizationSettings",
        "instance",
        "updateOrganizationSettings",
    ),
    (
        "UpdateInstanceRestrictions",
        "instance",
        "updateRestrictions",
    ),
    ("UpdateJWTTemplate", "jwtTemplates", "update"),
    ("UpdateMachine", "machines", "update"),
    ("UpdateOAuthApplication", "oauthApplications", "update"),
    ("UpdateOrganization", "organizations", "updateOrganization"),
    (
        "UpdateOrganizationDomain",
        "organizations",
        "updateOrganizationDomain",
    ),
    (
        "UpdateOrganizationMembership",
        "organizations",
        "updateOrganizationMembership",
    ),
    (
        "UpdateOrganizationMembershipMetadata",
        "organizations",
        "updateOrganizationMembershipMetadata",
    ),
    (
        "UpdateOrganizationPermission",
        "organizationPermissions",
        "updateOrganizationPermission",
    ),
    (
        "UpdateOrganizationRole",
        "organizationRoles",
        "updateOrganizationRole",
    ),
    ("UpdatePhoneNumber", "phoneNumbers", "updatePhoneNumber"),
    ("UpdateRoleSet", "roleSets", "updateRoleSet"),
    (
        "UpdateSAMLConnection",
        "samlConnections",
        "updateSamlConnection",
    ),
    ("UpdateSignUp", "signUps", "update"),
    ("UpdateUser", "users", "updateUser"),
    ("UpdateUserMetadata", "users", "updateUserMetadata"),
    (
        "UploadOrganizationLogo",
        "organizations",
        "updateOrganizationLogo",
    ),
    ("UserPasskeyDelete", "users", "deleteUserPasskey"),
    ("UserWeb3WalletDelete", "users", "deleteUserWeb3Wallet"),
    (
        "UsersGetOrganizationInvitations",
        "users",
        "getOrganizationInvitationList",
    ),
    (
        "UsersGetOrganizationMemberships",
        "users",
        "getOrganizationMembershipList",
    ),
    ("VerifyClient", "clients", "verifyClient"),
    ("VerifyDomainProxy", "proxyChecks", "verify"),
    ("VerifyPassword", "users", "verifyPassword"),
    ("VerifyTOTP", "users", "verifyTOTP"),
    ("createApiKey", "apiKeys", "create"),
    ("createM2MToken", "m2m", "createToken"),
    ("createSession", "sessions", "createSession"),
    ("deleteApiKey", "apiKeys", "delete"),
    ("getApiKey", "apiKeys", "get"),
    ("getApiKeySecret", "apiKeys", "getSecret"),
    ("getApiKeys", "apiKeys", "list"),
    ("getM2MTokens", "m2m", "list"),
    ("revokeApiKey", "apiKeys", "revoke"),
    ("revokeM2MToken", "m2m", "revokeToken"),
    ("updateApiKey", "apiKeys", "update"),
    ("verifyApiKey", "apiKeys", "verify"),
    ("verifyM2MToken", "m2m", "verify"),
    ("verifyOAuthAccessToken", "idPOAuthAccessToken", "verify"),
];

/// Group names of tags whose @clerk/backend group is not the tag in lowerCamelCase.
const GROUPS: &[(&str, &str)] = &[
    ("instance_settings", "instance"),
    ("m2m_tokens", "m2m"),
    ("oauth_access_tokens", "idPOAuthAccessToken"),
    ("organization_domains", "organizations"),
    ("organization_invitations", "organizations"),
    ("organization_memberships", "organizations"),
];

/// `sign_in_tokens` -> `signInTokens`; `CreateJWTTemplate` -> `createJWTTemplate`.
pub fn lower_camel(s: &str) -> String {
    if s.contains('_') || s.chars().all(|c| !c.is_ascii_uppercase()) {
        let mut out = String::new();
        for (i, w) in s.split('_').filter(|w| !w.is_empty()).enumerate() {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                out.push(if i == 0 { f } else { f.to_ascii_uppercase() });
                out.push_str(c.as_str());
            }
        }
        return out;
    }
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_ascii_lowercase().to_string() + c.as_str())
        .unwrap_or_default()
}

/// The JS group of a tag.
pub fn js_group(tag: &str) -> String {
    let module = tag_module(tag);
    GROUPS
        .iter()
        .find(|(m, _)| *m == module)
        .map(|(_, g)| g.to_string())
        .unwrap_or_else(|| lower_camel(&module))
}

/// `(group, method)` for every operation id; panics on a name two operations would share
/// unless their path parameter counts differ (then the JS client tells them apart).
pub fn js_names(tags: &[TagOps]) -> BTreeMap<String, (String, String)> {
    let mut out = BTreeMap::new();
    let mut taken: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for t in tags {
        for op in &t.ops {
            let id = &op.raw.id;
            let (group, method) = match CLERK_BACKEND.iter().find(|(i, _, _)| i == id) {
                Some((_, g, m)) => (g.to_string(), m.to_string()),
                None => (js_group(&t.tag), lower_camel(id)),
            };
            let counts = taken.entry((group.clone(), method.clone())).or_default();
            let n = op.path_params.len();
            assert!(
                !counts.contains(&n),
                "JS name {group}.{method} is taken twice with {n} path parameters ({id})"
            );
            counts.push(n);
            out.insert(id.clone(), (group, method));
        }
    }
    for (id, _, _) in CLERK_BACKEND {
        assert!(
            out.contains_key(*id),
            "unknown operation {id} in CLERK_BACKEND"
        );
    }
    out
}

/// `user_id` -> `userId`, `apiKeyID` -> `apiKeyID` (the camelCase spelling JS callers may use).
pub fn camel_param(wire: &str) -> String {
    if wire.contains('_') {
        lower_camel(wire)
    } else {
        wire.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::snake;

    #[test]
    fn camel() {
        assert_eq!(lower_camel("sign_in_tokens"), "signInTokens");
        assert_eq!(lower_camel("CreateJWTTemplate"), "createJWTTemplate");
        assert_eq!(lower_camel("createSession"), "createSession");
        assert_eq!(camel_param("role_set_key_or_id"), "roleSetKeyOrId");
        assert_eq!(snake("userId"), "user_id");
    }
}

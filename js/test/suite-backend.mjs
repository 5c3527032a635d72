// createClerkClient against the loopback Backend API (js/test/backend/server.mjs), unchanged in
// Node and workerd: the operations named in issue #6, then the error and retry paths.
// Each case gets the package's API and `ctx` = control(base) plus `ctx.secret`.
import { deepEqual, equal, ok } from './assert.mjs';
import { bodyOf, queryOf } from './backend/control.mjs';
import { faultCases } from './suite-backend-faults.mjs';

const KEPT = 'x_not_in_spec';

/** A client for the loopback server (retries on, short waits). */
export const clientFor = (api, ctx, extra = {}) =>
  api.createClerkClient({ secretKey: ctx.secret, apiUrl: ctx.base, retry: { baseDelayInMs: 20 }, ...extra });

/** Fails unless the server saw exactly these operations, each without spec problems. */
async function expectOps(ctx, ids) {
  const seen = await ctx.seen();
  deepEqual(seen.map((s) => s.operationId), ids, 'operations the server saw');
  for (const s of seen) deepEqual(s.problems, [], `${s.operationId}: spec problems`);
  return seen;
}

export const backendCases = [
  {
    name: 'paginate: walks bare-array and { data, total_count } lists page by page',
    async run(api, ctx) {
      const c = clientFor(api, ctx);
      const user = (id) => ({ object: 'user', id });
      await ctx.fault(
        { kind: 'answer', body: [user('u1'), user('u2')] },
        { kind: 'answer', body: [user('u3'), user('u4')] },
        { kind: 'answer', body: [user('u5')] },
      );
      const ids = [];
      for await (const u of api.paginate(c.users.getUserList, { orderBy: '-created_at' }, { pageSize: 2 })) ids.push(u.id);
      deepEqual(ids, ['u1', 'u2', 'u3', 'u4', 'u5'], 'every user, in order');
      const seen = await ctx.seen();
      deepEqual(seen.map((s) => s.path), ['/users', '/users', '/users'], 'three pages');
      deepEqual(seen.map((s) => queryOf(s, 'offset')[0]), ['0', '2', '4'], 'offsets');
      deepEqual(seen.map((s) => queryOf(s, 'limit')[0]), ['2', '2', '2'], 'limits');
      equal(queryOf(seen[0], 'order_by')[0], '-created_at', 'other params kept');
      await ctx.fault(
        { kind: 'answer', body: { data: [{ id: 'o1' }, { id: 'o2' }], total_count: 3 } },
        { kind: 'answer', body: { data: [{ id: 'o3' }], total_count: 3 } },
      );
      const orgs = [];
      for await (const o of api.paginate(c.organizations.getOrganizationList, {}, { pageSize: 2 })) orgs.push(o.id);
      deepEqual(orgs, ['o1', 'o2', 'o3'], 'every organization');
      equal((await ctx.seen()).length, 2, 'stops at total_count');
    },
  },
  {
    name: 'users: list (repeated query keys), create, update (encoded path), ban, lock',
    async run(api, ctx) {
      const c = clientFor(api, ctx);
      const list = await c.users.getUserList({ emailAddress: ['a@example.com', 'b+x@example.com'], limit: 20, offset: 40 });
      ok(Array.isArray(list) && list.length === 1, 'a page of users (bare array, as the API answers)');
      equal(list[0][KEPT], 'kept', 'unknown fields kept');
      equal(list[0].object, 'user', 'snake_case JSON as on the wire');
      const user = await c.users.createUser({ emailAddress: ['new@example.com'], firstName: 'Ada', publicMetadata: { planName: 'pro' } });
      equal(typeof user.id, 'string', 'created user id');
      await c.users.updateUser('user_1/..', { lastName: 'Lovelace' });
      await c.users.banUser('user_1');
      await c.users.lockUser({ userId: 'user_2' });
      const seen = await expectOps(ctx, ['GetUserList', 'CreateUser', 'UpdateUser', 'BanUser', 'LockUser']);
      equal(seen[0].method, 'GET');
      deepEqual(queryOf(seen[0], 'email_address'), ['a@example.com', 'b+x@example.com'], 'arrays repeat the key');
      deepEqual([queryOf(seen[0], 'limit'), queryOf(seen[0], 'offset')], [['20'], ['40']]);
      equal(seen[0].headers.authorization, `Bearer ${ctx.secret}`);
      equal(seen[0].headers['clerk-api-version'], '2026-05-12');
      ok(seen[0].headers['user-agent'].startsWith('clerk-edge/'), 'user agent');
      deepEqual(bodyOf(seen[1]), { email_address: ['new@example.com'], first_name: 'Ada', public_metadata: { planName: 'pro' } },
        'top-level keys snake_cased, metadata contents untouched');
      equal(seen[2].rawPath, '/v1/users/user_1%2F..', 'path parameters percent-encoded');
      deepEqual(bodyOf(seen[2]), { last_name: 'Lovelace' });
      equal(seen[4].path, '/users/user_2/lock', 'path parameter taken from the params object');
    },
  },
  {
    name: 'sessions: list, get, revoke, session tokens (with and without a template)',
    async run(api, ctx) {
      const c = clientFor(api, ctx);
      await c.sessions.getSessionList({ userId: 'user_1', status: 'active' });
      const session = await c.sessions.getSession('sess_1');
      equal(session.object, 'session');
      const token = await c.sessions.getToken('sess_1', { expiresInSeconds: 60 });
      equal(typeof token.jwt, 'string', 'token.jwt');
      await c.sessions.getToken('sess_1', 'my-template');
      await c.sessions.revokeSession('sess_1');
      const seen = await expectOps(ctx, ['GetSessionList', 'GetSession', 'CreateSessionToken', 'CreateSessionTokenFromTemplate', 'RevokeSession']);
      deepEqual([queryOf(seen[0], 'user_id'), queryOf(seen[0], 'status')], [['user_1'], ['active']]);
      deepEqual(bodyOf(seen[2]), { expires_in_seconds: 60 });
      equal(seen[3].path, '/sessions/sess_1/tokens/my-template');
    },
  },
  {
    name: 'JWT templates and organizations (list with total_count, create, memberships, invitations, logo upload)',
    async run(api, ctx) {
      const c = clientFor(api, ctx);
      await c.jwtTemplates.list();
      await c.jwtTemplates.create({ name: 'hasura', claims: { role: 'x' } });
      await c.jwtTemplates.delete('jtmp_1');
      const orgs = await c.organizations.getOrganizationList({ limit: 10, query: 'acme' });
      deepEqual([orgs.total_count, orgs.data.length], [7, 1], 'the API\'s { data, total_count }');
      await c.organizations.createOrganization({ name: 'Acme', createdBy: 'user_1' });
      await c.organizations.getOrganizationMembershipList({ organizationId: 'org_1', limit: 5 });
      await c.organizations.createOrganizationInvitation('org_1', { emailAddress: 'x@example.com', role: 'org:member' });
      const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
      await c.organizations.updateOrganizationLogo('org_1', { file: new Blob([png], { type: 'image/png' }), uploaderUserId: 'user_1' });
      const seen = await expectOps(ctx, ['ListJWTTemplates', 'CreateJWTTemplate', 'DeleteJWTTemplate', 'ListOrganizations', 'CreateOrganization',
        'ListOrganizationMemberships', 'CreateOrganizationInvitation', 'UploadOrganizationLogo']);
      deepEqual(bodyOf(seen[1]).claims, { role: 'x' });
      deepEqual(bodyOf(seen[4]), { name: 'Acme', created_by: 'user_1' });
      deepEqual([seen[5].path, queryOf(seen[5], 'limit')], ['/organizations/org_1/memberships', ['5']]);
      deepEqual(bodyOf(seen[6]), { email_address: 'x@example.com', role: 'org:member' });
      ok(seen[7].contentType.startsWith('multipart/form-data; boundary='), 'multipart upload');
      ok(seen[7].body.includes('Content-Type: image/png\r\n\r\n\x89PNG\r\n'), 'file part with its type and bytes');
      ok(seen[7].body.includes('name="uploader_user_id"\r\n\r\nuser_1\r\n'), 'text part');
    },
  },
  {
    name: 'invitations (incl. bulk), allow/block lists, domains, redirect URLs',
    async run(api, ctx) {
      const c = clientFor(api, ctx);
      await c.invitations.createInvitation({ emailAddress: 'i@example.com', notify: false });
      await c.invitations.getInvitationList({ status: 'pending' });
      await c.invitations.createInvitationBulk([{ emailAddress: 'a@example.com' }, { emailAddress: 'b@example.com' }]);
      await c.invitations.revokeInvitation('inv_1');
      await c.allowlistIdentifiers.createAllowlistIdentifier({ identifier: '*@example.com', notify: false });
      await c.allowlistIdentifiers.getAllowlistIdentifierList();
      await c.blocklistIdentifiers.createBlocklistIdentifier({ identifier: 'bad@example.com' });
      await c.blocklistIdentifiers.deleteBlocklistIdentifier('blid_1');
      await c.domains.list();
      await c.domains.add({ name: 'sat.example.com', isSatellite: true });
      await c.redirectUrls.createRedirectUrl({ url: 'https://app.example.com/cb' });
      const urls = await c.redirectUrls.getRedirectUrlList();
      equal(urls[0].object, 'redirect_url');
      const seen = await expectOps(ctx, ['CreateInvitation', 'ListInvitations', 'CreateBulkInvitations', 'RevokeInvitation',
        'CreateAllowlistIdentifier', 'ListAllowlistIdentifiers', 'CreateBlocklistIdentifier', 'DeleteBlocklistIdentifier',
        'ListDomains', 'AddDomain', 'CreateRedirectURL', 'ListRedirectURLs']);
      deepEqual(bodyOf(seen[0]), { email_address: 'i@example.com', notify: false });
      deepEqual(bodyOf(seen[2]), [{ email_address: 'a@example.com' }, { email_address: 'b@example.com' }], 'bulk body is an array');
      deepEqual(bodyOf(seen[9]), { name: 'sat.example.com', is_satellite: true });
    },
  },
  {
    name: 'OAuth apps, SAML connections, sign-in and actor tokens, webhooks, instance settings',
    async run(api, ctx) {
      const c = clientFor(api, ctx);
      await c.oauthApplications.create({ name: 'app', callbackUrl: 'https://app.example.com/cb', scopes: 'profile email' });
      await c.oauthApplications.list({ limit: 3 });
      await c.samlConnections.getSamlConnectionList();
      await c.samlConnections.createSamlConnection({ name: 'okta', domain: 'example.com', provider: 'saml_okta' });
      const signIn = await c.signInTokens.createSignInToken({ userId: 'user_1', expiresInSeconds: 600 });
      equal(signIn.object, 'sign_in_token');
      await c.actorTokens.create({ userId: 'user_1', actor: { sub: 'user_admin' } });
      await c.webhooks.createSvixApp();
      await c.webhooks.generateSvixAuthURL();
      await c.instance.update({ testMode: true });
      await c.instance.updateOrganizationSettings({ maxAllowedMemberships: 5 });
      const seen = await expectOps(ctx, ['CreateOAuthApplication', 'ListOAuthApplications', 'ListSAMLConnections', 'CreateSAMLConnection',
        'CreateSignInToken', 'CreateActorToken', 'CreateSvixApp', 'GenerateSvixAuthURL', 'UpdateInstance', 'UpdateInstanceOrganizationSettings']);
      deepEqual(bodyOf(seen[0]), { name: 'app', callback_url: 'https://app.example.com/cb', scopes: 'profile email' });
      deepEqual(bodyOf(seen[4]), { user_id: 'user_1', expires_in_seconds: 600 });
      deepEqual(bodyOf(seen[5]), { user_id: 'user_1', actor: { sub: 'user_admin' } });
      deepEqual(bodyOf(seen[8]), { test_mode: true });
    },
  },
  ...faultCases,
];

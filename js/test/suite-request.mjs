// authenticateRequest cases for the shared suite (all four runtimes): the wasm core's decision,
// seen through the package (RequestState shape, Headers, toAuth()).
import { deepEqual, equal, ok } from './assert.mjs';
import { keyPair, sessionClaims, signToken } from './tokens.mjs';

const APP = 'https://app.example.com';
const PK = 'pk_test_' + btoa('clerk.example.com$');
const PK_LIVE = 'pk_live_' + btoa('clerk.example.com$');
/** Development instances give every browser a dev-browser cookie before anything else. */
const DB = '__clerk_db_jwt=dvb_1';
const now = () => Math.floor(Date.now() / 1000);

async function options(extra = {}) {
  const { pem } = await keyPair('RS256');
  return { jwtKey: pem, publishableKey: PK, ...extra };
}

export const requestCases = [
  {
    name: 'authenticateRequest: acceptsToken m2m_token takes an M2M JWT (verified locally) and refuses a session token',
    async run(api) {
      const m2m = await signToken({ sub: 'mch_7', jti: 'mt_1', iat: now() - 5, exp: now() + 300, scopes: 'mch_1 mch_2' }, { header: { cat: 'cl_B7d4PD333AAA' } });
      const opts = await options({ acceptsToken: 'm2m_token' });
      const state = await api.authenticateRequest(new Request('https://x.test/a', { headers: { authorization: `Bearer ${m2m}` } }), opts);
      equal(state.status, 'signed-in', 'status');
      equal(state.tokenType, 'm2m_token', 'tokenType');
      const auth = state.toAuth();
      equal(auth.machineId, 'mch_7', 'machineId');
      deepEqual(auth.scopes, ['mch_1', 'mch_2'], 'scopes');
      ok(auth.has({ scope: 'mch_2' }) && !auth.has({ scope: 'mch_3' }), 'has({ scope })');
      const session = await signToken(sessionClaims());
      const refused = await api.authenticateRequest(new Request('https://x.test/a', { headers: { authorization: `Bearer ${session}` } }), opts);
      equal(refused.reason, 'token-type-mismatch', 'reason');
      equal(refused.tokenType, 'm2m_token', 'tokenType of the refusal');
      equal(refused.toAuth().machineId, null, 'no machine');
    },
  },
  {
    name: 'authenticateRequest: a pending session is signed-in, but toAuth() is signed out unless treatPendingAsSignedOut is false',
    async run(api) {
      const token = await signToken(sessionClaims({ sts: 'pending' }));
      const state = await api.authenticateRequest(new Request('https://x.test/a', { headers: { authorization: `Bearer ${token}` } }), await options());
      equal(state.status, 'signed-in', 'status');
      equal(state.tokenType, 'session_token', 'tokenType');
      const auth = state.toAuth();
      equal(auth.userId, null, 'userId hidden');
      equal(auth.sessionStatus, 'pending', 'sessionStatus');
      equal(auth.isAuthenticated, false, 'not authenticated');
      ok(!auth.has({ role: 'org:admin' }), 'has() is false');
      const opted = state.toAuth({ treatPendingAsSignedOut: false });
      equal(opted.userId, 'user_2fTqBWk7u9wG5sNq', 'userId with opt-in');
      equal(opted.sessionStatus, 'pending', 'sessionStatus with opt-in');
      equal(opted.isAuthenticated, true, 'authenticated with opt-in');
      equal(state.toAuth(), auth, 'toAuth() is computed once');
    },
  },
  {
    name: 'authenticateRequest: Bearer header → signed-in with an auth object and has()',
    async run(api) {
      const token = await signToken(sessionClaims({ v: 2, o: { id: 'org_1', slg: 'acme', rol: 'admin', per: 'read,manage', fpm: '3' }, fea: 'o:dashboard' }));
      const state = await api.authenticateRequest(new Request('https://x.test/a', { headers: { authorization: `Bearer ${token}` } }), await options({ authorizedParties: [APP] }));
      equal(state.status, 'signed-in', 'status');
      equal(state.isAuthenticated, true, 'isAuthenticated');
      equal(state.token, token, 'token');
      equal(state.headers.get('x-clerk-auth-status'), null, 'no debug headers when signed in');
      const auth = state.toAuth();
      equal(auth.userId, 'user_2fTqBWk7u9wG5sNq', 'userId');
      equal(auth.orgId, 'org_1', 'orgId');
      equal(auth.orgRole, 'org:admin', 'orgRole');
      deepEqual(auth.orgPermissions, ['org:dashboard:read', 'org:dashboard:manage'], 'orgPermissions');
      ok(auth.has({ permission: 'org:dashboard:manage' }), 'has permission');
      ok(auth.has({ role: 'org:admin' }), 'has role');
      ok(!auth.has({ role: 'org:member' }), 'lacks role');
      ok(!auth.has({ bogus: 1 }), 'unknown check is false');
      equal(await auth.getToken(), token, 'getToken');
    },
  },
  {
    name: 'authenticateRequest: browser cookies (client_uat, dev browser, suffixes) and signed-out reasons',
    async run(api) {
      const opts = await options();
      const good = await signToken(sessionClaims());
      const suffix = api.cookieSuffix(PK);
      const viaCookie = await api.authenticateRequest(new Request('https://x.test/', { headers: { cookie: `a=1; __session=${good}; __client_uat=1; ${DB}` } }), opts);
      equal(viaCookie.status, 'signed-in', 'plain cookie');
      const older = await signToken(sessionClaims({ sub: 'user_plain', iat: now() - 100 }));
      const both = await api.authenticateRequest(
        new Request('https://x.test/', { headers: { cookie: `__session=${older}; __client_uat=1; __session_${suffix}=${good}; __client_uat_${suffix}=1; __clerk_db_jwt_${suffix}=dvb_1` } }),
        opts,
      );
      equal(both.toAuth().userId, 'user_2fTqBWk7u9wG5sNq', 'the newer suffixed cookie wins');
      const live = await options({ publishableKey: PK_LIVE });
      const none = await api.authenticateRequest(new Request('https://x.test/'), live);
      equal(none.status, 'signed-out', 'no token');
      equal(none.reason, 'session-token-and-uat-missing', 'no-token reason');
      equal(none.headers.get('x-clerk-auth-status'), 'signed-out', 'status header');
      equal(none.toAuth().userId, null, 'signed-out auth');
      equal(none.toAuth().has({ role: 'org:admin' }), false, 'signed-out has()');
      const signedOutClient = await api.authenticateRequest(new Request('https://x.test/', { headers: { cookie: `__session=${good}; __client_uat=0` } }), live);
      equal(signedOutClient.status, 'signed-out', 'client_uat=0 is signed out');
      equal(signedOutClient.reason, 'session-token-but-no-client-uat', 'client_uat=0 reason');
      const two = await api.authenticateRequest(new Request('https://x.test/', { headers: { authorization: 'Bearer a b' } }), opts);
      equal(two.reason, 'token-invalid', 'malformed bearer');
    },
  },
  {
    name: 'authenticateRequest: an expired cookie session → handshake for navigations, signed-out for fetches',
    async run(api) {
      const opts = await options({ publishableKey: PK_LIVE });
      const expired = await signToken(sessionClaims({ iat: now() - 120, exp: now() - 60 }));
      const cookie = `__session=${expired}; __client_uat=1`;
      const nav = await api.authenticateRequest(new Request('https://app.example.com/dashboard?a=1', { headers: { cookie, 'sec-fetch-dest': 'document' } }), opts);
      equal(nav.status, 'handshake', 'navigation status');
      equal(nav.reason, 'session-token-expired-refresh-non-eligible-no-refresh-cookie', 'navigation reason');
      const location = new URL(nav.headers.get('location'));
      equal(`${location.origin}${location.pathname}`, 'https://clerk.example.com/v1/client/handshake', 'handshake URL');
      equal(location.searchParams.get('redirect_url'), 'https://app.example.com/dashboard?a=1', 'redirect_url');
      equal(nav.headers.get('cache-control'), 'no-store', 'no-store');
      equal(nav.toAuth(), null, 'handshake has no auth object');
      const fetched = await api.authenticateRequest(new Request('https://app.example.com/api', { headers: { cookie, 'sec-fetch-dest': 'empty' } }), opts);
      equal(fetched.status, 'signed-out', 'fetch status');
      equal(fetched.reason, nav.reason, 'same reason');
      equal(fetched.headers.get('location'), null, 'no location');
    },
  },
  {
    name: 'authenticateRequest: a development handshake token resolves to signed-in with its Set-Cookie directives',
    async run(api) {
      const opts = await options();
      const session = await signToken(sessionClaims());
      const hs = await signToken({ handshake: [`__session=${session}; Path=/`, '__client_uat=1; Path=/'] });
      const state = await api.authenticateRequest(new Request(`https://app.example.com/p?x=1&__clerk_handshake=${hs}`, { headers: { 'sec-fetch-dest': 'document' } }), opts);
      equal(state.status, 'signed-in', 'status');
      equal(state.token, session, 'the new session');
      equal(state.headers.get('location'), 'https://app.example.com/p?x=1', 'back to the clean URL');
      deepEqual(state.headers.getSetCookie(), [`__session=${session}; Path=/`, '__client_uat=1; Path=/'], 'cookies');
    },
  },
];

// authenticateRequest cases for the shared suite (all four runtimes).
import { deepEqual, equal, ok } from './assert.mjs';
import { keyPair, sessionClaims, signToken } from './tokens.mjs';

const APP = 'https://app.example.com';
const PK = 'pk_test_' + btoa('clerk.example.com$');

export const requestCases = [
  {
    name: 'authenticateRequest: a pending session is signed-in, but toAuth() is signed out unless treatPendingAsSignedOut is false',
    async run(api) {
      const { pem } = await keyPair('RS256');
      const token = await signToken(sessionClaims({ sts: 'pending' }));
      const state = await api.authenticateRequest(new Request('https://x.test/a', { headers: { authorization: `Bearer ${token}` } }), { jwtKey: pem });
      equal(state.status, 'signed-in', 'status');
      const auth = state.toAuth();
      equal(auth.userId, null, 'userId hidden');
      equal(auth.sessionStatus, 'pending', 'sessionStatus');
      equal(auth.isAuthenticated, false, 'not authenticated');
      ok(!auth.has({ role: 'org:admin' }), 'has() is false');
      const opted = state.toAuth({ treatPendingAsSignedOut: false });
      equal(opted.userId, 'user_2fTqBWk7u9wG5sNq', 'userId with opt-in');
      equal(opted.sessionStatus, 'pending', 'sessionStatus with opt-in');
      equal(opted.isAuthenticated, true, 'authenticated with opt-in');
    },
  },
  {
    name: 'authenticateRequest: Bearer header → signed-in with an auth object and has()',
    async run(api) {
      const { pem } = await keyPair('RS256');
      const token = await signToken(sessionClaims({ v: 2, o: { id: 'org_1', slg: 'acme', rol: 'admin', per: 'read,manage', fpm: '3' }, fea: 'o:dashboard' }));
      const state = await api.authenticateRequest(new Request('https://x.test/a', { headers: { authorization: `Bearer ${token}` } }), { jwtKey: pem, authorizedParties: [APP] });
      equal(state.status, 'signed-in', 'status');
      equal(state.tokenCarrier, 'header', 'carrier');
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
    name: 'authenticateRequest: cookies (suffixed preferred), missing and bad tokens → signed-out reasons',
    async run(api) {
      const { pem } = await keyPair('RS256');
      const good = await signToken(sessionClaims());
      const suffix = api.cookieSuffix ? api.cookieSuffix(PK) : null;
      const opts = { jwtKey: pem, publishableKey: PK };
      const viaCookie = await api.authenticateRequest(new Request('https://x.test/', { headers: { cookie: `a=1; __session=${good}` } }), opts);
      equal(viaCookie.status, 'signed-in', 'plain cookie');
      equal(viaCookie.tokenCarrier, 'cookie', 'carrier');
      if (suffix) {
        const both = await api.authenticateRequest(new Request('https://x.test/', { headers: { cookie: `__session=garbage; __session_${suffix}=${good}` } }), opts);
        equal(both.status, 'signed-in', 'suffixed cookie wins');
      }
      const none = await api.authenticateRequest(new Request('https://x.test/'), opts);
      equal(none.status, 'signed-out', 'no token');
      equal(none.reason, 'session-token-and-uat-missing', 'no-token reason');
      equal(none.toAuth().userId, null, 'signed-out auth');
      equal(none.toAuth().has({ role: 'org:admin' }), false, 'signed-out has()');
      const expired = await signToken(sessionClaims({ exp: Math.floor(Date.now() / 1000) - 60 }));
      const exp = await api.authenticateRequest(new Request('https://x.test/', { headers: { authorization: `Bearer ${expired}` } }), opts);
      equal(exp.reason, 'token-expired', 'expired reason');
      equal(exp.headers.get('x-clerk-auth-reason'), 'token-expired', 'reason header');
      const two = await api.authenticateRequest(new Request('https://x.test/', { headers: { authorization: 'Bearer a b' } }), opts);
      equal(two.reason, 'token-invalid', 'malformed bearer');
    },
  },
];

// Differential: the same requests through @clerk/backend's authenticateRequest (the oracle) and
// ours, with the same key and the same loopback Backend API (handshake payloads). Status, reason,
// Location (host, path, parameters), Set-Cookie names, tokenType and the auth object's userId must
// agree, except where a case names a documented difference (README, "The npm package").
import { after, before, test } from 'node:test';
import { createServer } from 'node:http';
import { createClerkClient } from '@clerk/backend';
import * as api from '../entry/node.mjs';
import { deepEqual, equal } from './assert.mjs';
import { keyPair, sessionClaims, signToken } from './tokens.mjs';

const SECRET = 'sk_test_differential';
const PK_TEST = 'pk_test_' + btoa('clerk.example.com$');
const PK_LIVE = 'pk_live_' + btoa('clerk.example.com$');
const now = () => Math.floor(Date.now() / 1000);
let server;
let apiUrl;
let directives = [];

before(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === '/v1/clients/handshake_payload' && req.headers.authorization === `Bearer ${SECRET}`) {
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify({ object: 'handshake_payload', directives }));
    }
    res.statusCode = 404;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ errors: [{ code: 'resource_not_found', message: 'not found' }] }));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  apiUrl = `http://127.0.0.1:${server.address().port}`;
});
after(() => server?.close());

/** Both answers for one request description, reduced to the compared fields. */
async function both({ url, headers = {}, method = 'GET', pk = PK_LIVE, extra = {} }) {
  const { pem } = await keyPair('RS256');
  const options = { publishableKey: pk, secretKey: SECRET, jwtKey: pem, apiUrl, ...extra };
  const request = () => new Request(url, { method, headers });
  const clerk = createClerkClient({ secretKey: SECRET, publishableKey: pk, apiUrl, jwtKey: pem });
  const oracle = await clerk.authenticateRequest(request(), options);
  const ours = await api.authenticateRequest(request(), options);
  return { oracle: reduce(oracle), ours: reduce(ours) };
}

function reduce(state) {
  const location = state.headers.get('location');
  let where = null;
  if (location) {
    const u = new URL(location);
    where = { origin: u.origin, path: u.pathname, params: [...u.searchParams] };
  }
  const auth = state.toAuth();
  return {
    status: state.status,
    reason: state.reason,
    location: where,
    cookies: state.headers.getSetCookie().map((c) => c.split('=')[0]).sort(),
    tokenType: state.tokenType,
    userId: auth?.userId ?? null,
  };
}

const expiredCookie = async () => `__session=${await signToken(sessionClaims({ iat: now() - 120, exp: now() - 60 }))}; __client_uat=1`;

const cases = [
  { name: 'no cookies (production)', req: async () => ({ url: 'https://app.example.com/' }) },
  { name: 'bearer token', req: async () => ({ url: 'https://app.example.com/api', headers: { authorization: `Bearer ${await signToken(sessionClaims())}` } }) },
  { name: 'valid cookie session', req: async () => ({ url: 'https://app.example.com/', headers: { cookie: `__session=${await signToken(sessionClaims())}; __client_uat=1` } }) },
  { name: 'client_uat=0 with a valid session, fetch', req: async () => ({ url: 'https://app.example.com/api', headers: { cookie: `__session=${await signToken(sessionClaims())}; __client_uat=0`, 'sec-fetch-dest': 'empty' } }) },
  { name: 'session older than client_uat, navigation', req: async () => ({ url: 'https://app.example.com/', headers: { cookie: `__session=${await signToken(sessionClaims({ iat: now() - 30 }))}; __client_uat=${now() - 5}`, 'sec-fetch-dest': 'document' } }) },
  { name: 'expired cookie, document navigation', req: async () => ({ url: 'https://app.example.com/dash?x=a%20b', headers: { cookie: await expiredCookie(), 'sec-fetch-dest': 'document' } }) },
  { name: 'expired cookie, fetch', req: async () => ({ url: 'https://app.example.com/api', headers: { cookie: await expiredCookie(), 'sec-fetch-dest': 'empty' } }) },
  { name: 'expired cookie, POST navigation', req: async () => ({ url: 'https://app.example.com/form', method: 'POST', headers: { cookie: await expiredCookie(), 'sec-fetch-dest': 'document' } }) },
  { name: 'client_uat without session, Accept text/html', req: async () => ({ url: 'https://app.example.com/', headers: { cookie: '__client_uat=5', accept: 'text/html,application/xhtml+xml' } }) },
  { name: 'development without a dev browser', req: async () => ({ url: 'https://app.example.com/p', pk: PK_TEST, headers: { 'sec-fetch-dest': 'document' } }) },
  { name: 'development dev browser in the query', req: async () => ({ url: 'https://app.example.com/p?__clerk_db_jwt=dvb_1', pk: PK_TEST, headers: { 'sec-fetch-dest': 'document' } }) },
  { name: 'development signed in', req: async () => ({ url: 'https://app.example.com/', pk: PK_TEST, headers: { cookie: `__session=${await signToken(sessionClaims())}; __client_uat=1; __clerk_db_jwt=dvb_1` } }) },
  { name: 'machine token in a cookie', req: async () => ({ url: 'https://app.example.com/', headers: { cookie: `__session=${await signToken(sessionClaims({ sub: 'mch_1' }))}; __client_uat=1` } }) },
  { name: 'forged signature', req: async () => ({ url: 'https://app.example.com/', headers: { authorization: `Bearer ${(await signToken(sessionClaims())).slice(0, -4)}AAAA` } }) },
  { name: 'cross-origin navigation to the primary', req: async () => ({ url: 'https://app.example.com/', headers: { cookie: `__session=${await signToken(sessionClaims())}; __client_uat=1`, 'sec-fetch-dest': 'document', referer: 'https://satellite.example/x' } }) },
  { name: 'loop counter at 3', req: async () => ({ url: 'https://app.example.com/', headers: { cookie: '__client_uat=5; __clerk_redirect_count=3', 'sec-fetch-dest': 'document' } }) },
  {
    name: 'loop counter at 4 (we stop; @clerk/backend only stops at exactly 3)',
    req: async () => ({ url: 'https://app.example.com/', headers: { cookie: '__client_uat=5; __clerk_redirect_count=4', 'sec-fetch-dest': 'document' } }),
    difference: ({ oracle, ours }) => {
      equal(oracle.status, 'handshake', 'oracle loops on');
      equal(ours.status, 'signed-out', 'we stop');
      equal(ours.reason, oracle.reason, 'same reason');
    },
  },
  {
    name: 'production nonce',
    req: async () => {
      directives = [`__session=${await signToken(sessionClaims())}; Path=/`, '__client_uat=1; Path=/'];
      return { url: 'https://app.example.com/', headers: { cookie: '__clerk_handshake_nonce=n_1' } };
    },
  },
  {
    name: 'development handshake token',
    req: async () => {
      const hs = await signToken({ handshake: [`__session=${await signToken(sessionClaims())}; Path=/`, '__client_uat=1; Path=/'] });
      return { url: `https://app.example.com/p?y=2&__clerk_handshake=${hs}`, pk: PK_TEST, headers: { 'sec-fetch-dest': 'document' } };
    },
  },
  {
    name: 'satellite (production) asked to sync',
    req: async () => ({ url: 'https://sat.example/?__clerk_synced=false', headers: { 'sec-fetch-dest': 'document' }, extra: { isSatellite: true, domain: 'sat.example', signInUrl: 'https://app.example.com/sign-in' } }),
  },
  {
    name: 'relative proxyUrl',
    req: async () => ({ url: 'https://app.example.com/', headers: { cookie: '__client_uat=5', 'sec-fetch-dest': 'document' }, extra: { proxyUrl: '/__clerk' } }),
  },
  ...orgSyncCases(),
];

/** organizationSyncOptions: handshakes that switch the active organization, and `organization_id` on every handshake. */
function orgSyncCases() {
  const organizationSyncOptions = { organizationPatterns: ['/orgs/:slug', '/orgs/:slug/(.*)', '/id/:id'], personalAccountPatterns: ['/me', '/me/(.*)'] };
  const extra = { organizationSyncOptions };
  const inOrg = { o: { id: 'org_1', slg: 'acme', rol: 'admin', per: 'read', fpm: '1' } };
  const cookie = async (claims = {}) => `__session=${await signToken(sessionClaims(claims))}; __client_uat=1`;
  const nav = (path, c, more = {}) => ({ url: `https://app.example.com${path}`, headers: { cookie: c, 'sec-fetch-dest': 'document', ...more }, extra });
  return [
    {
      name: 'org sync: no active organization, navigation to /orgs/acme',
      req: async () => nav('/orgs/acme', await cookie()),
      difference: ({ oracle, ours }) => {
        deepEqual(ours, oracle, 'same answer');
        equal(ours.status, 'handshake', 'a handshake');
        equal(ours.reason, 'active-organization-mismatch', 'its reason');
        deepEqual(ours.location.params.find(([k]) => k === 'organization_id'), ['organization_id', 'acme'], 'the slug to activate');
      },
    },
    { name: 'org sync: active organization acme, /orgs/ACME/settings (another slug case)', req: async () => nav('/orgs/ACME/settings', await cookie(inOrg)) },
    { name: 'org sync: active organization acme, /orgs/acme/settings', req: async () => nav('/orgs/acme/settings', await cookie(inOrg)) },
    { name: 'org sync: by id, another organization', req: async () => nav('/id/org_2', await cookie(inOrg)) },
    { name: 'org sync: personal account while in an organization', req: async () => nav('/me/profile', await cookie(inOrg)) },
    { name: 'org sync: personal account without an organization', req: async () => nav('/me', await cookie()) },
    { name: 'org sync: a fetch is not redirected', req: async () => ({ ...nav('/orgs/acme', await cookie()), headers: { cookie: await cookie(), 'sec-fetch-dest': 'empty' } }) },
    { name: 'org sync: loop counter at 3', req: async () => nav('/orgs/acme', `${await cookie()}; __clerk_redirect_count=3`) },
    { name: 'org sync: an expired session handshake carries organization_id', req: async () => nav('/orgs/acme/x', await expiredCookie()) },
    { name: 'org sync: unmatched path', req: async () => nav('/elsewhere', await cookie()) },
  ];
}

test('organizationSyncOptions: a pattern we do not support is refused with options-invalid (@clerk/backend accepts it)', async () => {
  const { pem } = await keyPair('RS256');
  const options = { publishableKey: PK_LIVE, secretKey: SECRET, apiUrl, jwtKey: pem, organizationSyncOptions: { organizationPatterns: ['/orgs/{:slug}'] } };
  const request = new Request('https://app.example.com/orgs/acme', { headers: { 'sec-fetch-dest': 'document' } });
  const clerk = createClerkClient({ secretKey: SECRET, publishableKey: PK_LIVE, apiUrl, jwtKey: pem });
  equal((await clerk.authenticateRequest(request.clone(), options)).status, 'signed-out', 'oracle reads the request');
  let error;
  try {
    await api.authenticateRequest(request, options);
  } catch (e) {
    error = e;
  }
  equal(error?.reason, 'options-invalid', 'refused as invalid options');
  equal(/\/orgs\/\{:slug\}/.test(error?.message ?? ''), true, 'the message names the pattern');
});

for (const c of cases) {
  test(`authenticateRequest differential: ${c.name}`, async () => {
    const got = await both(await c.req());
    if (c.difference) return c.difference(got);
    deepEqual(got.ours, got.oracle, c.name);
  });
}

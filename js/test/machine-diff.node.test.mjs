// Machine tokens: the same requests through @clerk/backend's authenticateRequest (the oracle) and
// ours, against one loopback Backend API that counts its verify calls. Status, reason, tokenType and
// the auth object must agree, except the documented differences (README, "Machine tokens"): we refuse
// what the API calls revoked or expired, and we remember verdicts, so repeated tokens cost one call.
import { after, before, beforeEach, test } from 'node:test';
import { createServer } from 'node:http';
import { createClerkClient } from '@clerk/backend';
import * as api from '../entry/node.mjs';
import { deepEqual, equal, ok } from './assert.mjs';
import { keyPair, sessionClaims, signToken } from './tokens.mjs';

const SECRET = 'sk_test_machines';
const MACHINE_SECRET = 'ak_machine_secret';
const PK = 'pk_live_' + btoa('clerk.example.com$');
const now = () => Math.floor(Date.now() / 1000);
let server;
let apiUrl;
let calls = [];
let delayMs = 0;

const KNOWN = {
  ak_valid_user: { id: 'ak_1', type: 'api_key', name: 'ci', subject: 'user_2', scopes: ['read'], claims: { team: 'a' } },
  ak_valid_org: { id: 'ak_2', type: 'api_key', name: 'bot', subject: 'org_3', scopes: [], claims: null },
  ak_revoked: { id: 'ak_3', type: 'api_key', name: 'old', subject: 'user_2', scopes: [], claims: null, revoked: true, revocation_reason: 'leaked' },
  ak_expired: { id: 'ak_4', type: 'api_key', name: 'old', subject: 'user_2', scopes: [], claims: null, expired: true, expiration: Date.now() - 1000 },
  mt_valid: { object: 'machine_to_machine_token', id: 'mt_1', subject: 'mch_1', scopes: ['mch_2'], claims: { region: 'eu' } },
  oat_valid: { object: 'clerk_idp_oauth_access_token', id: 'oat_1', client_id: 'client_1', type: 'oauth_token', subject: 'user_5', scopes: ['email'] },
};

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      calls.push({ path: req.url, auth: req.headers.authorization, version: req.headers['clerk-api-version'], body });
      const parsed = JSON.parse(body || '{}');
      const token = parsed.secret ?? parsed.token ?? parsed.access_token;
      const bearerOk = req.url === '/m2m_tokens/verify' ? req.headers.authorization === `Bearer ${MACHINE_SECRET}` : req.headers.authorization === `Bearer ${SECRET}`;
      const known = KNOWN[String(token).replace(/__\d+$/, '')]; // `__N`: the same token under a fresh name
      const answer = () => {
        res.setHeader('content-type', 'application/json');
        if (!bearerOk) {
          res.statusCode = 401;
          return res.end(JSON.stringify({ errors: [{ code: 'authentication_invalid', message: 'bad secret' }] }));
        }
        if (!known) {
          res.statusCode = 404;
          return res.end(JSON.stringify({ errors: [{ code: 'resource_not_found', message: 'not found' }] }));
        }
        res.end(JSON.stringify({ revoked: false, expired: false, expiration: null, revocation_reason: null, created_at: 1, updated_at: 1, ...known }));
      };
      setTimeout(answer, delayMs);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  apiUrl = `http://127.0.0.1:${server.address().port}`;
});
after(() => server?.close());
beforeEach(() => {
  calls = [];
  delayMs = 0;
});

let optionsSerial = 0;
/** Fresh options (a new verdict cache scope per test) with the instance key. */
async function options(extra = {}) {
  const { pem } = await keyPair('RS256');
  optionsSerial += 1;
  return { publishableKey: PK, secretKey: SECRET, machineSecretKey: MACHINE_SECRET, jwtKey: pem, apiUrl, audience: undefined, ...extra, authorizedParties: [`https://app${optionsSerial}.example`] };
}

function bearer(token, headers = {}) {
  return () => new Request('https://app.example.com/api', { headers: { authorization: `Bearer ${token}`, ...headers } });
}

/** The compared fields; auth members sorted, with absent and `null` members alike (we always set them). */
function reduce(state) {
  const auth = state.toAuth();
  const data = auth
    ? Object.fromEntries(
        Object.entries(auth)
          .filter(([k, v]) => typeof v !== 'function' && v !== undefined && v !== null && k !== 'debug')
          .sort(([a], [b]) => (a < b ? -1 : 1)),
      )
    : null;
  if (data?.sessionClaims) data.sessionClaims = Object.fromEntries(Object.entries(data.sessionClaims).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { status: state.status, reason: state.reason, tokenType: state.tokenType, auth: data };
}

async function both(request, opts) {
  const clerk = createClerkClient({ secretKey: SECRET, publishableKey: PK, apiUrl, jwtKey: opts.jwtKey, machineSecretKey: MACHINE_SECRET });
  const oracle = reduce(await clerk.authenticateRequest(request(), opts));
  const oracleCalls = calls.length;
  const ours = reduce(await api.authenticateRequest(request(), opts));
  return { oracle, ours, oracleCalls, ourCalls: calls.length - oracleCalls };
}

const m2mJwt = (extra = {}, header = { cat: 'cl_B7d4PD333AAA' }) =>
  signToken({ sub: 'mch_9', jti: 'mt_jwt', iat: now() - 5, exp: now() + 300, scopes: 'mch_1 mch_2', team: 'ops', ...extra }, { header });
const oauthJwt = (extra = {}) =>
  signToken({ sub: 'user_7', client_id: 'client_9', jti: 'oat_jwt', scp: ['profile'], aud: 'https://api.example', iat: now() - 5, exp: now() + 300, ...extra }, { header: { typ: 'at+jwt' } });

const agree = [
  { name: 'API key of a user', accepts: 'api_key', token: async () => 'ak_valid_user' },
  { name: 'API key of an organization', accepts: 'api_key', token: async () => 'ak_valid_org' },
  { name: 'unknown API key (404)', accepts: 'api_key', token: async () => 'ak_forged' },
  { name: 'opaque M2M token with the machine secret key', accepts: 'm2m_token', token: async () => 'mt_valid' },
  { name: 'opaque OAuth token', accepts: 'oauth_token', token: async () => 'oat_valid' },
  { name: 'M2M JWT verified locally', accepts: 'm2m_token', token: () => m2mJwt() },
  { name: 'M2M JWT of the session category', accepts: 'm2m_token', token: () => m2mJwt({}, { cat: 'cl_B7d4PD111AAA' }) },
  { name: 'expired M2M JWT', accepts: 'm2m_token', token: () => m2mJwt({ exp: now() - 60, iat: now() - 120 }) },
  { name: 'OAuth JWT verified locally', accepts: 'oauth_token', token: () => oauthJwt() },
  { name: 'session token where an API key is wanted', accepts: 'api_key', token: () => signToken(sessionClaims()) },
  { name: 'M2M token where an API key is wanted', accepts: 'api_key', token: async () => 'mt_valid' },
  { name: 'any: an API key', accepts: 'any', token: async () => 'ak_valid_user' },
  { name: 'any: a session token', accepts: 'any', token: () => signToken(sessionClaims()) },
  { name: 'list without the type', accepts: ['session_token', 'm2m_token'], token: async () => 'ak_valid_user' },
  { name: 'list with the type', accepts: ['session_token', 'api_key'], token: async () => 'ak_valid_user' },
  { name: 'session token by default', accepts: undefined, token: () => signToken(sessionClaims()) },
  { name: 'machine JWT by default', accepts: undefined, token: () => m2mJwt() },
];

for (const c of agree) {
  test(`machine differential: ${c.name}`, async () => {
    const opts = await options({ acceptsToken: c.accepts });
    delete opts.authorizedParties; // session tokens of tokens.mjs carry no azp restriction here
    const { oracle, ours } = await both(bearer(await c.token()), opts);
    deepEqual(ours, oracle, c.name);
  });
}

test('machine differential: no token in the header', async () => {
  const opts = await options({ acceptsToken: 'api_key' });
  const request = () => new Request('https://app.example.com/api');
  const { oracle, ours } = await both(request, opts);
  deepEqual(ours, oracle, 'no token');
  equal(ours.reason, 'No token in header', 'reason');
});

test('documented difference: revoked and expired API keys are refused (@clerk/backend signs them in)', async () => {
  for (const [token, reason] of [['ak_revoked', 'token-invalid'], ['ak_expired', 'token-expired']]) {
    const { oracle, ours } = await both(bearer(token), await options({ acceptsToken: 'api_key' }));
    equal(oracle.status, 'signed-in', `oracle ${token}`);
    equal(ours.status, 'signed-out', `ours ${token}`);
    equal(ours.reason, reason, `reason ${token}`);
    equal(ours.auth.isAuthenticated, false, `auth ${token}`);
    equal(ours.auth.userId ?? null, null, `userId ${token}`);
  }
});

test('the verify calls: paths without /v1, bodies, Bearer and API version', async () => {
  const opts = await options({ acceptsToken: 'any' });
  for (const token of ['ak_valid_user__20', 'mt_valid__20', 'oat_valid__20']) {
    equal((await api.authenticateRequest(bearer(token)(), opts)).status, 'signed-in', token);
  }
  deepEqual(
    calls.map((c) => [c.path, c.auth, c.version, JSON.parse(c.body)]),
    [
      ['/api_keys/verify', `Bearer ${SECRET}`, '2026-05-12', { secret: 'ak_valid_user__20' }],
      ['/m2m_tokens/verify', `Bearer ${MACHINE_SECRET}`, '2026-05-12', { token: 'mt_valid__20' }],
      ['/oauth_applications/access_tokens/verify', `Bearer ${SECRET}`, '2026-05-12', { access_token: 'oat_valid__20' }],
    ],
    'calls',
  );
});

test('has({ scope }) and getToken() on machine auth objects', async () => {
  const state = await api.authenticateRequest(bearer('ak_valid_user')(), await options({ acceptsToken: 'api_key' }));
  const auth = state.toAuth();
  equal(auth.has({ scope: 'read' }), true, 'granted scope');
  equal(auth.has({ scope: 'write' }), false, 'other scope');
  equal(auth.has({ permission: 'org:x' }), false, 'not a scope check');
  equal(await auth.getToken(), 'ak_valid_user', 'token');
});

test('verdict cache: Backend API calls for 1000 requests, ours next to @clerk/backend', async () => {
  const opts = await options({ acceptsToken: 'api_key' });
  const clerk = createClerkClient({ secretKey: SECRET, publishableKey: PK, apiUrl, jwtKey: opts.jwtKey });
  const count = async (run, make) => {
    calls = [];
    for (let i = 0; i < 1000; i += 1) await run(make(i));
    return calls.length;
  };
  const oursRun = (r) => api.authenticateRequest(r, opts);
  const oracleRun = (r) => clerk.authenticateRequest(r, opts);
  const workloads = {
    'distinct forged keys': (i) => bearer(`ak_forged_${i}`)(),
    'one forged key repeated': () => bearer('ak_forged_once')(),
    'one valid key repeated': () => bearer('ak_valid_user__22')(),
  };
  const report = {};
  for (const [name, make] of Object.entries(workloads)) {
    report[name] = { ours: await count(oursRun, make), clerk: await count(oracleRun, make) };
  }
  console.log('# Backend API calls per 1000 requests:', JSON.stringify(report));
  deepEqual(report['distinct forged keys'], { ours: 1000, clerk: 1000 }, 'distinct (the guard rate-limits these per client)');
  deepEqual(report['one forged key repeated'], { ours: 1, clerk: 1000 }, 'repeated forged');
  deepEqual(report['one valid key repeated'], { ours: 1, clerk: 1000 }, 'repeated valid');
});

test('concurrent lookups of one token share one Backend API call; the cache can be turned off', async () => {
  delayMs = 50;
  const opts = await options({ acceptsToken: 'api_key' });
  const states = await Promise.all(Array.from({ length: 10 }, () => api.authenticateRequest(bearer('ak_valid_org__23')(), opts)));
  ok(states.every((s) => s.status === 'signed-in'), 'all signed in');
  equal(calls.length, 1, 'one call for ten concurrent requests');
  calls = [];
  const off = await options({ acceptsToken: 'api_key', machineTokenCache: false });
  for (let i = 0; i < 3; i += 1) await api.authenticateRequest(bearer('ak_forged_off')(), off);
  equal(calls.length, 3, 'no cache: every request asks');
});

test('machineTokenStore shares verdicts across isolates (keys are digests, never tokens)', async () => {
  const map = new Map();
  const store = { get: async (k) => map.get(k) ?? null, put: async (k, v, o) => void map.set(k, v, o) };
  const opts = await options({ acceptsToken: 'api_key', machineTokenStore: store });
  await api.authenticateRequest(bearer('ak_valid_user__24')(), opts);
  equal(map.size, 1, 'one stored verdict');
  const [[key, value]] = [...map];
  ok(/^mtv1:[0-9a-f]{64}$/.test(key), `digest key ${key}`);
  ok(!value.includes('ak_valid_user'), 'the token is not stored');
  calls = [];
  equal((await api.authenticateRequest(bearer('ak_valid_user__24')(), opts)).status, 'signed-in', 'cached');
  equal(calls.length, 0, 'no second call');
});

// Machine tokens in the guard, end to end in workerd: per-route accepted token types, machine
// identity headers, the verdict cache (a loopback Backend API counts its verify calls), the per-client
// limit on verifications (429 + Retry-After), and 503 when the Backend API cannot answer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { startGuard } from './harness.mjs';
import { DEMO_PUBLISHABLE_KEY, ensureDemoKey, mintDemoToken, signDemoJwt } from '../../scripts/lib/demo-keys.mjs';

const SECRET = 'sk_test_machine_guard';
const KEYS = {
  ak_valid: { id: 'ak_1', name: 'ci', subject: 'user_2', scopes: ['read', 'write'], claims: null },
  ak_org: { id: 'ak_2', name: 'bot', subject: 'org_9', scopes: [], claims: null },
  ak_revoked: { id: 'ak_3', name: 'old', subject: 'user_2', scopes: [], claims: null, revoked: true },
};
const verifyCalls = [];
let seen = [];
let api, origin, mf;

before(async () => {
  api = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      verifyCalls.push({ path: req.url, body });
      const secret = JSON.parse(body || '{}').secret ?? '';
      if (secret.startsWith('ak_down')) return res.writeHead(502).end('bad gateway');
      const known = KEYS[secret];
      if (req.url !== '/api_keys/verify' || req.headers.authorization !== `Bearer ${SECRET}` || !known) {
        return res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[]}');
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'api_key', type: 'api_key', revoked: false, expired: false, expiration: null, ...known }));
    });
  });
  origin = createServer((req, res) => {
    seen.push(req.headers);
    res.end('origin');
  });
  await Promise.all([api, origin].map((s) => new Promise((r) => s.listen(0, '127.0.0.1', r))));
  mf = await startGuard(
    {
      CLERK_PUBLISHABLE_KEY: DEMO_PUBLISHABLE_KEY,
      CLERK_SECRET_KEY: SECRET,
      CLERK_JWT_KEY: ensureDemoKey().spkiPem,
      CLERK_API_URL: `http://127.0.0.1:${api.address().port}`,
      CLERK_ORIGIN_URL: `http://127.0.0.1:${origin.address().port}`,
      CLERK_PROTECTED_ROUTES: '/app/**, /api/** accepts=api_key|m2m_token',
      CLERK_MACHINE_RATE_LIMIT: '3',
    },
    { kvNamespaces: ['CLERK_JWKS_KV'] },
  );
});
after(async () => {
  await mf?.dispose();
  api.close();
  origin.close();
});

const call = (path, token, headers = {}) =>
  mf.dispatchFetch(`http://guard.test${path}`, { headers: { authorization: `Bearer ${token}`, 'cf-connecting-ip': '198.51.100.7', ...headers } });

test('an API key on a route that accepts it reaches the origin with machine identity headers only', async () => {
  seen = [];
  const res = await call('/api/items', 'ak_valid', { 'x-clerk-machine-id': 'mch_spoofed', X_Clerk_Session_Id: 'sess_spoofed' });
  assert.equal(res.status, 200, await res.text());
  const h = seen[0];
  assert.equal(h['x-clerk-token-type'], 'api_key');
  assert.equal(h['x-clerk-user-id'], 'user_2');
  assert.equal(h['x-clerk-scopes'], 'read,write');
  assert.equal(h['x-clerk-token-id'], 'ak_1');
  assert.equal(h['x-clerk-machine-id'], undefined, 'a spoofed header is stripped');
  assert.equal(h['x-clerk-session-id'], undefined);
  assert.equal(h['x_clerk_session_id'], undefined);
  const org = await call('/api/items', 'ak_org');
  assert.equal(org.status, 200);
  assert.equal(seen[1]['x-clerk-org-id'], 'org_9');
});

test('an M2M JWT is verified locally, with no Backend API call', async () => {
  seen = [];
  const before = verifyCalls.length;
  const now = Math.floor(Date.now() / 1000);
  const token = signDemoJwt({ sub: 'mch_42', jti: 'mt_9', iat: now - 5, exp: now + 300, scopes: 'mch_1' });
  const res = await call('/api/jobs', token);
  assert.equal(res.status, 200, await res.text());
  assert.equal(seen[0]['x-clerk-machine-id'], 'mch_42');
  assert.equal(seen[0]['x-clerk-token-type'], 'm2m_token');
  assert.equal(verifyCalls.length, before);
});

test('route choices: sessions are refused where only machines are accepted, and the reverse', async () => {
  const session = await call('/api/items', mintDemoToken({ azp: 'http://127.0.0.1:8787' }));
  assert.equal(session.status, 401);
  assert.equal(session.headers.get('x-clerk-auth-reason'), 'token-type-mismatch');
  const key = await call('/app/home', 'ak_valid');
  assert.equal(key.status, 401, 'the default (session_token) does not take API keys');
  const revoked = await call('/api/items', 'ak_revoked');
  assert.equal(revoked.status, 401);
  assert.equal(revoked.headers.get('x-clerk-auth-reason'), 'token-invalid');
});

test('verdicts are remembered: a repeated forged key costs one Backend API call', async () => {
  const before = verifyCalls.length;
  for (let i = 0; i < 5; i += 1) {
    const res = await call('/api/items', 'ak_forged_repeat', { 'cf-connecting-ip': '203.0.113.1' });
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('x-clerk-auth-reason'), 'token-invalid');
  }
  assert.equal(verifyCalls.length - before, 1);
});

test('made-up keys from one client are limited per minute: 429 with Retry-After, other clients unaffected', async () => {
  const before = verifyCalls.length;
  const statuses = [];
  for (let i = 0; i < 5; i += 1) {
    const res = await call('/api/items', `ak_made_up_${i}`, { 'cf-connecting-ip': '192.0.2.77' });
    statuses.push(res.status);
    if (res.status === 429) {
      const retry = Number(res.headers.get('retry-after'));
      assert.ok(retry >= 1 && retry <= 60, `retry-after ${retry}`);
      assert.equal(JSON.parse(await res.text()).reason, 'too-many-requests');
    } else await res.text();
  }
  assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
  assert.equal(verifyCalls.length - before, 3, 'only three reached the Backend API');
  const other = await call('/api/items', 'ak_made_up_x', { 'cf-connecting-ip': '192.0.2.78' });
  assert.equal(other.status, 401);
});

test('a Backend API that cannot answer gives 503 with Retry-After, not 401', async () => {
  const res = await call('/api/items', 'ak_down_1', { 'cf-connecting-ip': '198.51.100.99' });
  const text = await res.text();
  assert.equal(res.status, 503, text);
  assert.equal(res.headers.get('retry-after'), '5');
  assert.equal(JSON.parse(text).reason, 'unexpected-error');
  assert.ok(!text.includes('ak_down_1'));
});

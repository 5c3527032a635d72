// The guard in JWKS mode, end to end in workerd: keys from a loopback Backend API, cached in real KV
// (miniflare's, persisted to disk and shared by separate Miniflare instances = separate isolates).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGuard } from './harness.mjs';
import { DEMO_PUBLISHABLE_KEY, ensureDemoKey, mintDemoToken } from '../../scripts/lib/demo-keys.mjs';

const APP = 'https://app.example.com';
const SECRET = 'sk_test_guard_jwks_secret_value';
let api, origin, kvDir, mode = 'normal';
const jwksHits = [];
const running = [];

before(async () => {
  const key = ensureDemoKey();
  const jwk = createPublicKey(key.spkiPem).export({ format: 'jwk' });
  const body = JSON.stringify({ keys: [{ ...jwk, kid: key.kid, use: 'sig', alg: 'RS256' }] });
  api = createServer((req, res) => {
    jwksHits.push({ url: req.url, auth: req.headers.authorization });
    if (mode === 'down') return res.writeHead(503).end('down');
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  origin = createServer((req, res) => res.end(JSON.stringify({ user: req.headers['x-clerk-user-id'] ?? null })));
  await Promise.all([api, origin].map((s) => new Promise((r) => s.listen(0, '127.0.0.1', r))));
  kvDir = mkdtempSync(join(tmpdir(), 'clerk-edge-kv-'));
});
after(async () => {
  await Promise.all(running.map((mf) => mf.dispose()));
  api.close();
  origin.close();
  rmSync(kvDir, { recursive: true, force: true });
});

async function isolate() {
  const mf = await startGuard(
    {
      CLERK_PUBLISHABLE_KEY: DEMO_PUBLISHABLE_KEY,
      CLERK_SECRET_KEY: SECRET,
      CLERK_API_URL: `http://127.0.0.1:${api.address().port}`,
      CLERK_ORIGIN_URL: `http://127.0.0.1:${origin.address().port}`,
      CLERK_AUTHORIZED_PARTIES: APP,
    },
    { kvNamespaces: ['CLERK_JWKS_KV'], kvPersist: kvDir },
  );
  running.push(mf);
  return mf;
}

const get = (mf, token) => mf.dispatchFetch('http://guard.test/api/me', { headers: { authorization: `Bearer ${token}` } });

test('one JWKS fetch serves many requests and a second isolate via KV', async () => {
  const first = await isolate();
  for (let i = 0; i < 10; i++) {
    const res = await get(first, mintDemoToken({ azp: APP, overrides: { n: i } }));
    assert.equal(res.status, 200);
    assert.equal((await res.json()).user, 'user_demo2fTqBWk7u9wG5sNq');
  }
  assert.equal(jwksHits.length, 1);
  assert.equal(jwksHits[0].url, '/v1/jwks');
  assert.equal(jwksHits[0].auth, `Bearer ${SECRET}`);
  const second = await isolate();
  const res = await get(second, mintDemoToken({ azp: APP, overrides: { n: 99 } }));
  assert.equal(res.status, 200);
  assert.equal(jwksHits.length, 1, 'the second isolate read the keys from KV');
});

test('forged kids: 200 requests cause no fetch within the cooldown, each answered jwk-kid-mismatch', async () => {
  const mf = await isolate();
  const before = jwksHits.length;
  for (let i = 0; i < 200; i++) {
    const token = mintDemoToken({ azp: APP });
    const [h, p, s] = token.split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: `forged_${i}`, typ: 'JWT' })).toString('base64url');
    const res = await get(mf, `${header}.${p}.${s}`);
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('x-clerk-auth-reason'), 'jwk-kid-mismatch');
    assert.ok(!(await res.text()).includes(SECRET));
  }
  assert.ok(jwksHits.length - before <= 1, `fetches: ${jwksHits.length - before}`);
});

test('an outage with warm KV keeps verifying in a fresh isolate', async () => {
  mode = 'down';
  try {
    const mf = await isolate();
    const res = await get(mf, mintDemoToken({ azp: APP, overrides: { n: 7 } }));
    assert.equal(res.status, 200);
  } finally {
    mode = 'normal';
  }
});
